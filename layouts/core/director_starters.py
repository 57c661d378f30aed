"""The rule sets Mix Studio ships with, for the common shows (the auto-director's rules).

Names are stored keys; titles, and the text a slate shows, are English marked
for translation (served in the page's language). Each set is a list of rules
as layouts/core/director_rules.py reads them. Pure data.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from layouts.core.text import gettext_noop


def _timing(sensitivity: float, hold: float, cooldown: float = 0) -> dict[str, float]:
    return {"sensitivity": sensitivity, "hold": hold, "cooldown": cooldown}


STARTERS: list[dict[str, Any]] = [
    {
        "name": "screen-share-takes-over",
        "title": gettext_noop("A screen share takes over the picture"),
        "rules": [
            {
                "name": "share-takes-over",
                "trigger": {"on": "screen-start"},
                "action": {"do": "sharer-big", "small": "loudest"},
                "timing": _timing(1, 3),
            },
            {
                # Another share still running when one stops takes over in its turn...
                "name": "next-share-takes-over",
                "trigger": {"on": "screen-stop"},
                "condition": {"on_air_preset": "sharer-big"},
                "action": {"do": "sharer-big", "small": "loudest"},
                "timing": _timing(1, 3),
            },
            {
                # ...else the show's own picture comes back.
                "name": "back-after-share",
                "trigger": {"on": "screen-stop"},
                "condition": {"on_air_preset": "sharer-big"},
                "action": {"do": "take-preset", "preset": "show"},
                "timing": _timing(1, 3),
            },
        ],
    },
    {
        "name": "active-speaker",
        "title": gettext_noop("The active speaker big, everyone else in a strip"),
        "rules": [
            {
                "name": "loudest-takes-the-picture",
                "trigger": {"on": "loudest-changes"},
                "action": {"do": "loudest-big", "strip": 4},
                "timing": _timing(1.5, 4),
            },
        ],
    },
    {
        "name": "reflow-by-count",
        "title": gettext_noop("The layout follows how many people are in the room"),
        "rules": [
            {
                "name": f"reflow-on-{on}",
                "trigger": {"on": on},
                "action": {
                    "do": "take-table-entry",
                    "entries": [{"count": 1, "shot": "grid"}, {"count": 10, "shot": "loudest-big"}],
                },
                "timing": _timing(2, 3),
            }
            for on in ("enter", "exit")
        ],
    },
    {
        "name": "slate-when-empty",
        "title": gettext_noop("A slate while the room is empty"),
        "rules": [
            {
                "name": "slate-when-empty",
                "trigger": {"on": "count-below", "n": 1},
                "action": {"do": "slate", "text": gettext_noop("Back in a moment")},
                "timing": _timing(3, 2),
            },
            {
                "name": "back-from-slate",
                "trigger": {"on": "count-above", "n": 0},
                "condition": {"on_air_preset": "slate"},
                "action": {"do": "take-preset", "preset": "show"},
                "timing": _timing(1, 2),
            },
        ],
    },
]


# Layout tables by head count: one shot per number of people, built from the show's
# own canvas, so each works in 16:9 and in 9:16 alike (layouts/core/director_shots.py).
COUNT_TRIGGERS = ("enter", "exit")


def _table(name: str, title: str, entries: list[dict[str, Any]], seats: str) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "rules": [
            {
                "name": f"{name}-on-{on}",
                "trigger": {"on": on},
                "action": {"do": "take-table-entry", "entries": entries, "seats": seats},
                "timing": _timing(2, 3),
            }
            for on in COUNT_TRIGGERS
        ],
    }


STARTERS += [
    _table(
        "grid-by-count",
        gettext_noop("A grid of everyone, each keeping their seat (1 to 9 people)"),
        [{"count": 1, "shot": "grid"}],
        "fixed",
    ),
    _table(
        "one-plus-n-by-count",
        gettext_noop("One big and a strip of the others (1+N, up to 9 people)"),
        [{"count": 1, "shot": "grid"}, {"count": 2, "shot": "loudest-big"}],
        "dynamic",
    ),
    _table(
        "pip-by-count",
        gettext_noop("The loudest big, the others small in a corner (up to 9 people)"),
        [{"count": 1, "shot": "grid"}, {"count": 2, "shot": "pip"}],
        "dynamic",
    ),
]


def starter(name: str) -> dict[str, Any] | None:
    return next((item for item in STARTERS if item["name"] == name), None)


def starter_sets(translate: Callable[[str], str]) -> list[dict[str, Any]]:
    """Every set as served: {"name", "title", "rules"}, the title and slate texts
    translated with `translate`."""
    served = []
    for item in STARTERS:
        rules = copy.deepcopy(item["rules"])
        for rule in rules:
            action = rule["action"]
            if action["do"] == "slate" and "text" in action:
                action["text"] = translate(action["text"])
        served.append({"name": item["name"], "title": translate(item["title"]), "rules": rules})
    return served
