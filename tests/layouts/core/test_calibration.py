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
