"""layouts.core.calibration: template geometry measured from volume-layout SEI."""

from __future__ import annotations

import pytest

from layouts.core import calibration


def test_floating_puts_the_biggest_picture_first():
    small = {"uid": "ann", "x": 10, "y": 500, "w": 200, "h": 150, "zorder": 1}
    big = {"uid": "bob", "x": 0, "y": 0, "w": 1280, "h": 720, "zorder": 0}
    found = calibration.measurement(
        1, {"canvas": {"w": 1280, "h": 720}, "regions": [small, big]}, ["ann", "bob"]
    )

    assert found == ((1, 2, 1280, 720), ((0, 0, 1280, 720, 0), (10, 500, 200, 150, 1)))


def payload(regions: list[dict], width: int = 1280, height: int = 720) -> dict:
    return {"canvas": {"w": width, "h": height}, "regions": regions}


GRID = [
    {"uid": "ann", "x": 0, "y": 0, "w": 640, "h": 720},
    {"uid": "bob", "x": 640, "y": 0, "w": 640, "h": 720, "zorder": 1},
]


@pytest.mark.parametrize(
    "bad",
    [
        {"canvas": {"w": 0, "h": 720}, "regions": GRID},
        {"canvas": {"w": 1280, "h": 720}, "regions": []},
        {"canvas": {"w": 1280, "h": 720}, "regions": [{**GRID[0], "x": 1.5}]},
        {"canvas": {"w": 1280, "h": 720}, "regions": [{**GRID[0], "uid": 7}]},
        {"canvas": {"w": True, "h": 720}, "regions": GRID},
        {"regions": GRID},
        # Crafted SEI: pictures off the canvas, of no size, or a canvas no task can have.
        {"canvas": {"w": 1280, "h": 720}, "regions": [{**GRID[0], "x": 1000}]},
        {"canvas": {"w": 1280, "h": 720}, "regions": [{**GRID[0], "y": -1}]},
        {"canvas": {"w": 1280, "h": 720}, "regions": [{**GRID[0], "w": 0}]},
        {"canvas": {"w": 10**400, "h": 720}, "regions": GRID},
        {"canvas": {"w": 1921, "h": 720}, "regions": GRID},
    ],
)
def test_a_payload_that_is_not_a_volume_layout_sei_measures_nothing(bad):
    assert calibration.measurement(3, bad, ["ann", "bob"]) is None


def test_pictures_follow_join_order_and_users_not_listed_come_last():
    found = calibration.measurement(3, payload(GRID[::-1]), ["bob"])
    assert found == ((3, 2, 1280, 720), ((640, 0, 640, 720, 1), (0, 0, 640, 720, 0)))


def test_each_capture_votes_once_and_the_most_agreed_rectangles_win():
    other = [{**GRID[0], "w": 600}, GRID[1]]
    captures = [
        calibration.Capture(3, ("ann", "bob"), (payload(GRID),) * 5),
        calibration.Capture(3, ("ann", "bob"), (payload(other),)),
        calibration.Capture(3, ("ann", "bob"), (payload(other),)),
        calibration.Capture(4, ("ann", "bob"), (payload(GRID),)),  # custom: nothing to calibrate
    ]
    table = calibration.calibration_table(captures)
    assert list(table) == [(3, 2, 1280, 720)]
    measured = table[(3, 2, 1280, 720)]
    assert measured.rects == ((0, 0, 600, 720, 0), (640, 0, 640, 720, 1))
    assert measured.captures == 3


def test_a_capture_is_read_from_its_json_form_participants_as_ids_or_objects():
    capture = calibration.read_capture(
        {"mode": 3, "participants": ["ann", {"UserId": "bob"}], "payloads": [payload(GRID)]}
    )
    assert (capture.mode, capture.participants) == (3, ("ann", "bob"))
    assert calibration.canvas_of(capture) == (1280, 720)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([payload(GRID)], ""),
        ({"mode": 4, "payloads": [payload(GRID)]}, "mode"),
        ({"mode": 1, "payloads": []}, "payloads"),
        ({"mode": 1, "payloads": [payload(GRID), {"regions": []}]}, "payloads[1]"),
        ({"mode": 1, "payloads": [payload(GRID)], "participants": "ann"}, "participants"),
        ({"mode": 1, "payloads": [payload(GRID)], "participants": ["ann", {}]}, "participants[1]"),
    ],
)
def test_a_capture_that_calibrates_nothing_is_refused_naming_the_field(data, field):
    with pytest.raises(calibration.CaptureInvalid) as refused:
        calibration.read_capture(data)
    assert refused.value.field == field


def test_the_mode_error_lists_the_dynamic_modes_of_the_contract():
    with pytest.raises(calibration.CaptureInvalid) as refused:
        calibration.read_capture({"mode": 4, "payloads": [payload(GRID)]})
    assert refused.value.message == "must be 1 (floating), 2 (screen share) or 3 (grid)"


def test_the_rules_rectangles_stand_beside_the_measured_ones_in_picture_order():
    measured = [
        {"uid": "bob", "x": 10, "y": 10, "w": 620, "h": 700},
        {"uid": "ann", "x": 650, "y": 10, "w": 620, "h": 700},
    ]
    capture = calibration.Capture(3, ("bob", "ann"), (payload(measured),))

    (comparison,) = calibration.rule_comparisons(capture)

    assert comparison.key == (3, 2, 1280, 720)
    assert comparison.canvas == (1280, 720)
    assert comparison.measured == ((10, 10, 620, 700, 0), (650, 10, 620, 700, 0))
    assert comparison.rule == ((0, 0, 640, 720), (640, 0, 640, 720))  # D.4: 2x1 cells


def test_in_floating_the_rules_big_picture_comes_first_as_the_measured_one_does():
    small = {"uid": "ann", "x": 10, "y": 500, "w": 200, "h": 150, "zorder": 1}
    big = {"uid": "bob", "x": 0, "y": 0, "w": 1280, "h": 720, "zorder": 0}
    capture = calibration.Capture(1, ("ann", "bob"), (payload([small, big]),))

    (comparison,) = calibration.rule_comparisons(capture)

    assert comparison.measured[0][:4] == (0, 0, 1280, 720)
    assert comparison.rule[0] == (0, 0, 1280, 720)
    assert comparison.rule[1][2:] == (306, 166)  # a D.4 tile: a quarter, less its margins
