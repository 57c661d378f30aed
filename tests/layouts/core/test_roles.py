"""Roles: a document, its roles and the room give the VideoParams the cloud receives."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts.core import geometry
from layouts.core.contract import video
from layouts.core.roles import (
    Exclusion,
    Recent,
    Roles,
    RoleSpec,
    SlotRole,
    WatermarkRole,
    check_roles,
    is_vacant,
    read_roles,
    resolve,
    roles_of,
    vacant_user,
)
from layouts.core.room import Person, Room
from layouts.core.rules import document as document_rules
from tests.factories import document

MAIN = ("8001", 0)
PLACEHOLDER = "https://img.example.com/away.png"


def person(user, *, camera=True, audio=True, screen=False, level=None, room=MAIN, since=0):
    return Person(user, room[0], room[1], since, camera, audio, screen, level)


def room_of(*people):
    return Room(tuple(people))


def key(user, room=MAIN):
    return (user, *room)


def slot_roles(*pairs, **extra):
    return Roles(slots=tuple(SlotRole(slot, RoleSpec(*spec)) for slot, spec in pairs), **extra)


def streams(resolved):
    """(UserId, StreamType) of each slot, None for an auto-fill slot."""
    out = []
    for slot in resolved["LayoutParams"]["MixLayoutList"]:
        stream = slot.get("UserMediaStream")
        out.append(
            None if stream is None else (stream["UserInfo"]["UserId"], stream.get("StreamType", 0))
        )
    return out


def lay_out(resolved, people):
    participants = [
        geometry.Participant(p.user_id, p.room_id, p.room_id_type, p.camera, p.audio, p.screen)
        for p in people
    ]
    return geometry.regions(resolved, participants, main_room=MAIN)


# ---- who fills each role ------------------------------------------------------------


def test_a_sharer_slot_shows_the_screen_share_fitted_and_unmasked():
    doc = document(slots=2)
    doc["LayoutParams"]["MixLayoutList"][0]["TransparentUrl"] = "https://img.example.com/m.png"
    room = room_of(person("teacher", screen=True), person("student"))

    resolved = resolve(doc, slot_roles((0, ("sharer",))), room, main_room=MAIN)

    big = resolved["LayoutParams"]["MixLayoutList"][0]
    assert big["UserMediaStream"] == {"UserInfo": {"UserId": "teacher"}, "StreamType": 1}
    assert big["RenderMode"] == video.RENDER_FIT
    assert "TransparentUrl" not in big
    region = next(r for r in lay_out(resolved, room.people).regions if r.slot_index == 0)
    assert (region.kind, region.user_id, region.stream_type) == ("video", "teacher", 1)


def test_the_sharer_is_whoever_started_sharing_last():
    room = room_of(person("a", screen=True), person("b", screen=True))
    roles = slot_roles((0, ("sharer",)))

    latest_b = resolve(document(), roles, room, recent=Recent(sharers=(key("a"), key("b"))))
    latest_a = resolve(document(), roles, room, recent=Recent(sharers=(key("b"), key("a"))))
    no_history = resolve(document(), roles, room)

    assert streams(latest_b)[0][0] == "b"
    assert streams(latest_a)[0][0] == "a"
    assert streams(no_history)[0][0] == "a"  # join order decides


@pytest.mark.parametrize(
    ("levels", "last_loudest", "expected"),
    [
        ({"a": 20, "b": 70, "c": 40}, None, "b"),
        ({"a": 70, "b": 70}, None, "a"),  # a tie with no history: join order
        ({"a": 70, "b": 70}, "b", "b"),  # a tie keeps whoever was loudest last
        ({"a": 0, "b": None}, None, "mixstudio-vacant-0"),  # nobody speaks
    ],
)
def test_loudest_is_the_highest_level_now(levels, last_loudest, expected):
    room = room_of(*(person(user, level=level) for user, level in levels.items()))
    recent = Recent(speakers=(key(last_loudest),) if last_loudest else ())

    resolved = resolve(document(), slot_roles((0, ("loudest",))), room, recent=recent)

    assert streams(resolved)[0] == (expected, 0)


def test_previous_speaker_is_who_was_loudest_before_the_current_loudest():
    room = room_of(person("a", level=10), person("b", level=80), person("c", level=30))
    recent = Recent(speakers=(key("c"), key("a"), key("b")))  # b is loudest now

    resolved = resolve(document(), slot_roles((1, ("previous-speaker",))), room, recent=recent)

    assert streams(resolved)[1] == ("a", 0)


def test_a_previous_speaker_who_left_gives_way_to_the_one_before():
    room = room_of(person("b", level=80), person("c", level=30))
    recent = Recent(speakers=(key("c"), key("a"), key("b")))

    resolved = resolve(document(), slot_roles((0, ("previous-speaker",))), room, recent=recent)

    assert streams(resolved)[0] == ("c", 0)


@pytest.mark.parametrize(
    ("spec", "assign", "expected"),
    [
        (("host", "bob"), {}, "bob"),  # the slot names the host
        (("host",), {"carol": "host"}, "carol"),  # assign makes carol host
        (("host",), {}, "alice"),  # else the first in
        (("host", "dave"), {}, "mixstudio-vacant-0"),  # the named host is not in
        (("nth", None, 2), {}, "bob"),
        (("nth", None, 4), {}, "mixstudio-vacant-0"),  # only three are in
        (("guest",), {"carol": "guest"}, "carol"),  # a role of one's own
        (("guest",), {}, "mixstudio-vacant-0"),  # given to nobody
    ],
)
def test_host_nth_and_named_roles(spec, assign, expected):
    room = room_of(person("alice"), person("bob"), person("carol"))

    resolved = resolve(document(), slot_roles((0, spec), assign=assign), room)

    assert streams(resolved)[0] == (expected, 0)


def test_a_stream_shown_already_goes_to_the_next_who_fits_or_leaves_host_and_nth_unfilled():
    doc = document(slots=3)
    doc["LayoutParams"]["MixLayoutList"][2]["UserMediaStream"] = {"UserInfo": {"UserId": "alice"}}
    room = room_of(person("alice", level=90), person("bob", level=50))
    roles = slot_roles((0, ("loudest",)), (1, ("host",)))

    resolved = resolve(doc, roles, room, main_room=MAIN)

    # alice is pinned by the document: the loudest slot takes the next loudest, and the
    # host (alice, the first in) is shown already.
    assert streams(resolved) == [("bob", 0), ("mixstudio-vacant-1", 0), ("alice", 0)]
    assert not document_rules.has_errors(document_rules.validate(resolved))


def test_one_person_may_fill_roles_of_different_streams():
    room = room_of(person("teacher", screen=True, level=70))
    roles = slot_roles((0, ("sharer",)), (1, ("loudest",)))

    resolved = resolve(document(), roles, room)

    assert streams(resolved) == [("teacher", 1), ("teacher", 0)]


def test_unfilled_roles_each_get_their_own_vacant_user_and_show_the_placeholder():
    doc = document(slots=2)
    doc["LayoutParams"]["MixLayoutList"][0]["BackgroundImageUrl"] = PLACEHOLDER
    roles = slot_roles((0, ("sharer",)), (1, ("loudest",)))

    resolved = resolve(doc, roles, Room())

    assert streams(resolved) == [(vacant_user(0), 1), (vacant_user(1), 0)]
    assert is_vacant(streams(resolved)[0][0]) and not is_vacant("alice")
    assert not document_rules.has_errors(document_rules.validate(resolved))
    regions = {r.slot_index: r for r in lay_out(resolved, []).regions}
    assert (regions[0].kind, regions[0].placeholder_url) == ("placeholder", PLACEHOLDER)
    assert regions[1].kind == "empty"  # no placeholder: nothing drawn


def test_people_of_another_room_are_written_with_their_room():
    room = room_of(person("away", room=("9002", 0), level=90), person("home", level=10))

    resolved = resolve(document(), slot_roles((0, ("loudest",))), room, main_room=MAIN)

    assert resolved["LayoutParams"]["MixLayoutList"][0]["UserMediaStream"]["UserInfo"] == {
        "UserId": "away",
        "RoomId": "9002",
        "RoomIdType": 0,
    }


# ---- exclusion ----------------------------------------------------------------------


def test_an_excluded_person_fills_no_role():
    room = room_of(person("robot", level=100), person("alice", level=40))
    roles = slot_roles((0, ("loudest",)), (1, ("nth", None, 1)), exclude=(Exclusion("robot"),))

    resolved = resolve(document(), roles, room)

    assert streams(resolved) == [("alice", 0), ("mixstudio-vacant-1", 0)]


def test_people_are_excluded_by_the_role_assign_gives_them():
    room = room_of(person("crew_1"), person("alice"))
    roles = slot_roles((0, ("host",)), exclude=(Exclusion(role="crew"),), assign={"crew_1": "crew"})

    assert streams(resolve(document(), roles, room))[0] == ("alice", 0)


def test_auto_fill_is_left_to_the_cloud_while_it_would_pick_nobody_excluded():
    doc = document(slots=2)
    room = room_of(person("alice"), person("bob"), person("robot"))
    roles = Roles(exclude=(Exclusion("robot"),))

    assert resolve(doc, roles, room, main_room=MAIN) == doc  # robot would come third


def test_auto_fill_slots_are_pinned_when_the_cloud_would_pick_someone_excluded():
    doc = document(slots=2)
    room = room_of(person("robot"), person("alice"), person("bob", camera=False))
    roles = Roles(exclude=(Exclusion("robot"),))

    resolved = resolve(doc, roles, room, main_room=MAIN)

    # The cloud fills from people with their camera on: alice, then nobody.
    assert streams(resolved) == [("alice", 0), ("mixstudio-vacant-1", 0)]
    shown = [r.user_id for r in lay_out(resolved, room.people).regions if r.kind == "video"]
    assert "robot" not in shown


def test_the_include_list_lifts_an_exclusion():
    room = room_of(person("robot", level=100))
    roles = slot_roles(
        (0, ("loudest",)), exclude=(Exclusion("robot"),), included=frozenset({"robot"})
    )

    assert streams(resolve(document(), roles, room))[0] == ("robot", 0)


# ---- watermarks and dynamic layouts -------------------------------------------------


def badge(text):
    return {
        "WaterMarkType": 1,
        "WaterMarkText": {
            "Text": text,
            "WaterMarkWidth": 200,
            "WaterMarkHeight": 40,
            "LocationX": 10,
            "LocationY": 10,
            "FontSize": 20,
        },
    }


def test_a_watermark_shows_only_while_its_role_is_filled():
    doc = document()
    doc["WaterMarkList"] = [badge("LIVE"), badge("SCREEN")]
    roles = Roles(watermarks=(WatermarkRole(1, RoleSpec("sharer")),))

    sharing = resolve(doc, roles, room_of(person("a", screen=True)))
    not_sharing = resolve(doc, roles, room_of(person("a")))

    assert [m["WaterMarkText"]["Text"] for m in sharing["WaterMarkList"]] == ["LIVE", "SCREEN"]
    assert [m["WaterMarkText"]["Text"] for m in not_sharing["WaterMarkList"]] == ["LIVE"]


def test_in_a_dynamic_layout_slots_take_no_roles():
    doc = document()
    doc["LayoutParams"]["MixLayoutMode"] = video.MODE_FLOATING

    resolved = resolve(doc, slot_roles((0, ("sharer",))), room_of(person("a", screen=True)))

    assert resolved == doc


def test_resolving_never_changes_the_document_given():
    doc = document()
    kept = copy.deepcopy(doc)

    resolve(doc, slot_roles((0, ("loudest",))), room_of(person("a", level=9)))

    assert doc == kept


# ---- the JSON -----------------------------------------------------------------------

ROLES_JSON = {
    "slots": [
        {"slot": 0, "role": "sharer"},
        {"slot": 1, "role": "host", "user": "anna"},
        {"slot": 2, "role": "nth", "n": 3},
    ],
    "watermarks": [{"watermark": 0, "visible_when": "guest"}],
    "exclude": [{"UserId": "robot_1"}, {"role": "crew"}],
    "assign": {"gary": "guest", "carl": "crew"},
    "note": "extra keys are kept and ignored",
}


def test_roles_json_reads_into_roles():
    roles = read_roles(ROLES_JSON)

    assert roles.slots == (
        SlotRole(0, RoleSpec("sharer")),
        SlotRole(1, RoleSpec("host", user="anna")),
        SlotRole(2, RoleSpec("nth", n=3)),
    )
    assert roles.watermarks == (WatermarkRole(0, RoleSpec("guest")),)
    assert roles.exclude == (Exclusion("robot_1"), Exclusion(role="crew"))
    assert dict(roles.assign) == {"gary": "guest", "carl": "crew"}


def test_roles_are_kept_in_our_own_part_of_a_request():
    assert roles_of({"MixStudio": {"Roles": ROLES_JSON}}) == ROLES_JSON
    assert roles_of({"RoomId": "8001"}) is None


def test_good_roles_have_no_problem():
    doc = document(slots=3)
    doc["WaterMarkList"] = [badge("GUEST")]

    assert check_roles(ROLES_JSON, "roles", doc) == []


def found(problems):
    return [(p.path, p.rule, p.severity) for p in problems]


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([], [("roles", "type", "error")]),
        ({"slots": {}}, [("roles.slots", "type", "error")]),
        ({"slots": [{"role": "sharer"}]}, [("roles.slots[0].slot", "roles", "error")]),
        ({"slots": [{"slot": 0}]}, [("roles.slots[0].role", "roles", "error")]),
        ({"slots": [{"slot": 16, "role": "sharer"}]}, [("roles.slots[0].slot", "roles", "error")]),
        ({"slots": [{"slot": "0", "role": "sharer"}]}, [("roles.slots[0].slot", "type", "error")]),
        (
            {"slots": [{"slot": 0, "role": "sharer"}, {"slot": 0, "role": "loudest"}]},
            [("roles.slots[1].slot", "roles", "error")],
        ),
        ({"slots": [{"slot": 0, "role": "the boss"}]}, [("roles.slots[0].role", "roles", "error")]),
        ({"slots": [{"slot": 0, "role": "nth"}]}, [("roles.slots[0].n", "roles", "error")]),
        ({"slots": [{"slot": 0, "role": "nth", "n": 0}]}, [("roles.slots[0].n", "roles", "error")]),
        (
            {"slots": [{"slot": 0, "role": "loudest", "n": 2}]},
            [("roles.slots[0].n", "roles", "error")],
        ),
        (
            {"slots": [{"slot": 0, "role": "sharer", "user": "a"}]},
            [("roles.slots[0].user", "roles", "error")],
        ),
        (
            {"slots": [{"slot": 0, "role": "host", "user": "no spaces"}]},
            [("roles.slots[0].user", "roles", "error")],
        ),
        (
            {"watermarks": [{"watermark": 0}]},
            [("roles.watermarks[0].visible_when", "roles", "error")],
        ),
        ({"exclude": [{}]}, [("roles.exclude[0].UserId", "roles", "error")]),
        ({"exclude": [{"role": "loudest"}]}, [("roles.exclude[0].role", "roles", "error")]),
        ({"exclude": "robot"}, [("roles.exclude", "type", "error")]),
        ({"assign": {"gary": "sharer"}}, [("roles.assign.gary", "roles", "error")]),
        ({"assign": {"no way": "guest"}}, [("roles.assign.no way", "roles", "error")]),
        ({"assign": []}, [("roles.assign", "type", "error")]),
    ],
)
def test_each_problem_of_the_roles_names_its_field(roles, expected):
    assert found(check_roles(roles, "roles")) == expected


def test_with_the_document_slots_and_watermarks_past_its_lists_are_named():
    roles = {
        "slots": [{"slot": 2, "role": "sharer"}],
        "watermarks": [{"watermark": 0, "visible_when": "sharer"}],
    }

    assert found(check_roles(roles, "roles", document(slots=2))) == [
        ("roles.slots[0].slot", "roles", "error"),
        ("roles.watermarks[0].watermark", "roles", "error"),
    ]
    assert check_roles(roles, "roles") == []  # without the document, nothing to compare


def test_slot_roles_in_a_dynamic_layout_are_a_warning():
    doc = document()
    doc["LayoutParams"]["MixLayoutMode"] = video.MODE_GRID

    problems = check_roles({"slots": [{"slot": 0, "role": "sharer"}]}, "roles", doc)

    assert found(problems) == [("roles.slots", "roles", "warning")]
    assert "grid" in problems[0].message


# ---- properties ---------------------------------------------------------------------

USERS = ("anna", "ben", "cleo", "dev", "robot")
ROLE_SPECS = st.sampled_from(
    [
        RoleSpec("sharer"),
        RoleSpec("loudest"),
        RoleSpec("previous-speaker"),
        RoleSpec("host"),
        RoleSpec("host", user="ben"),
        RoleSpec("nth", n=1),
        RoleSpec("nth", n=3),
        RoleSpec("guest"),
    ]
)


@st.composite
def rooms(draw):
    users = draw(st.lists(st.sampled_from(USERS), unique=True, max_size=5))
    return Room(
        tuple(
            person(
                user,
                camera=draw(st.booleans()),
                screen=draw(st.booleans()),
                level=draw(st.one_of(st.none(), st.integers(0, 100))),
            )
            for user in users
        )
    )


@st.composite
def role_sets(draw):
    slots = draw(st.lists(st.integers(0, 3), unique=True, max_size=4))
    return Roles(
        slots=tuple(SlotRole(slot, draw(ROLE_SPECS)) for slot in slots),
        exclude=tuple(Exclusion(user) for user in draw(st.sets(st.sampled_from(USERS)))),
        assign={user: "guest" for user in draw(st.sets(st.sampled_from(USERS)))},
    )


@settings(max_examples=200, deadline=None)
@given(room=rooms(), roles=role_sets(), speakers=st.permutations(USERS))
def test_a_resolved_document_is_valid_and_shows_nobody_excluded(room, roles, speakers):
    doc = document(slots=4)
    doc["LayoutParams"]["MixLayoutList"][3]["UserMediaStream"] = {"UserInfo": {"UserId": "dev"}}
    excluded = {item.user_id for item in roles.exclude}

    resolved = resolve(
        doc, roles, room, main_room=MAIN, recent=Recent(speakers=tuple(map(key, speakers)))
    )

    assert not document_rules.has_errors(document_rules.validate(resolved))
    pinned_by_document = {"dev"}
    shown = {r.user_id for r in lay_out(resolved, room.people).regions if r.kind == "video"}
    assert not (shown & excluded) - pinned_by_document
