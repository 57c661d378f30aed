"""The scenarios Mix Studio ships with, to rehearse the common shows.

Names are stored keys; titles are English marked for translation (pages show
them in the page's language). People without a RoomId are in the task's own
room. Pure data.
"""

from __future__ import annotations

from typing import Any

from layouts.core.text import gettext_noop


def _enter(at: float, user: str, **room: Any) -> dict[str, Any]:
    return {"at": at, "type": "enter", "UserId": user, **room}


def _exit(at: float, user: str, **room: Any) -> dict[str, Any]:
    return {"at": at, "type": "exit", "UserId": user, **room}


def _switch(at: float, kind: str, user: str, on: bool, **room: Any) -> dict[str, Any]:
    return {"at": at, "type": kind, "UserId": user, "on": on, **room}


def _speak(at: float, user: str, level: int, **room: Any) -> dict[str, Any]:
    return {"at": at, "type": "speaking", "UserId": user, "level": level, **room}


PK_ROOM = {"RoomId": "9002", "RoomIdType": 0}

STARTERS: list[dict[str, Any]] = [
    {
        "name": "talk-show-late-guest",
        "title": gettext_noop("Talk show with a late guest"),
        "description": gettext_noop(
            "A host and a co-host talk; a guest joins after 20 seconds and speaks."
        ),
        "scenario": {
            "duration": 60,
            "events": [
                _enter(0, "host"),
                _enter(0, "cohost"),
                _speak(1, "host", 70),
                _speak(10, "cohost", 65),
                _speak(10, "host", 5),
                _enter(20, "guest"),
                _speak(24, "guest", 80),
                _speak(24, "cohost", 5),
                _speak(45, "host", 60),
                _speak(45, "guest", 10),
            ],
        },
    },
    {
        "name": "lecture-screen-share",
        "title": gettext_noop("Lecture: the teacher shares a screen halfway"),
        "description": gettext_noop(
            "A teacher and two students; the teacher shares a screen from 30 to 50 seconds."
        ),
        "scenario": {
            "duration": 60,
            "events": [
                _enter(0, "teacher"),
                _enter(2, "student_a"),
                _enter(4, "student_b"),
                _speak(5, "teacher", 75),
                _switch(30, "screen", "teacher", True),
                _switch(50, "screen", "teacher", False),
                _speak(52, "student_a", 60),
            ],
        },
    },
    {
        "name": "pk-two-rooms",
        "title": gettext_noop("PK between two rooms"),
        "description": gettext_noop(
            "Two anchors, each in their own room, take turns; the other room's anchor "
            "joins at 5 seconds."
        ),
        "scenario": {
            "duration": 60,
            "events": [
                _enter(0, "anchor_home"),
                _enter(5, "anchor_away", **PK_ROOM),
                _speak(6, "anchor_home", 80),
                _speak(20, "anchor_away", 85, **PK_ROOM),
                _speak(20, "anchor_home", 10),
                _speak(40, "anchor_home", 70),
                _speak(40, "anchor_away", 15, **PK_ROOM),
            ],
        },
    },
    {
        "name": "panel-of-six",
        "title": gettext_noop("A panel of six where people come and go"),
        "description": gettext_noop(
            "Six panellists; two leave and one comes back, one turns the camera off."
        ),
        "scenario": {
            "duration": 90,
            "events": [
                *[_enter(index * 2, f"panel_{index + 1}") for index in range(6)],
                _speak(12, "panel_1", 70),
                _speak(25, "panel_3", 65),
                _exit(30, "panel_5"),
                _switch(40, "camera", "panel_2", False),
                _exit(50, "panel_6"),
                _enter(65, "panel_5"),
                _switch(70, "camera", "panel_2", True),
                _speak(75, "panel_5", 80),
            ],
        },
    },
]


def starter(name: str) -> dict[str, Any] | None:
    return next((item for item in STARTERS if item["name"] == name), None)
