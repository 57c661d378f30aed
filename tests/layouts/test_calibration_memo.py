"""The template calibration is read from the database once per change, not once per preview.

Every process keeps its table with the stamp it was built under; the stamp lives
in the shared cache and moves when a capture is saved, deleted or reviewed, in
any process. A call that finds the stamp where it was runs no query.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from layouts import captures, selectors
from layouts.core import geometry
from layouts.models import TemplateCapture

pytestmark = pytest.mark.django_db

APP = 1400012345
PEOPLE = ["ann", "bob", "cy", "dee"]
RULE = [(0, 0, 640, 360), (640, 0, 640, 360), (0, 360, 640, 360), (640, 360, 640, 360)]
MEASURED = [(600, 0, 40, 40), (0, 0, 40, 40), (0, 600, 40, 40), (1200, 600, 40, 40)]


def grid_document() -> dict:
    return {
        "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 15, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 3},
    }


def capture_data() -> dict:
    regions = [
        {"uid": uid, "zorder": 1, "volume": 50, "x": x, "y": y, "w": w, "h": h}
        for uid, (x, y, w, h) in zip(PEOPLE, MEASURED, strict=True)
    ]
    payload = {"app_data": "", "canvas": {"w": 1280, "h": 720}, "regions": regions, "ver": "1.0"}
    return {"mode": 3, "participants": PEOPLE, "payloads": [payload]}


def regions(sdk_app_id: int | None = None) -> list[tuple[int, int, int, int]]:
    people = [geometry.Participant(name, "8001", 0) for name in PEOPLE]
    layout = selectors.template_calibration(sdk_app_id).regions(
        grid_document(), people, main_room=("8001", 0)
    )
    return [(r.x, r.y, r.w, r.h) for r in layout.regions]


def test_the_second_call_runs_no_query(django_assert_num_queries):
    captures.save_capture(capture_data(), source="grid.json")
    first = selectors.template_calibration()
    first_of_app = selectors.template_calibration(APP)
    with django_assert_num_queries(0):
        again = selectors.template_calibration()
        again_of_app = selectors.template_calibration(APP)
    assert again is first
    assert again_of_app is first_of_app


def test_accepting_a_capture_changes_the_next_answer(django_assert_num_queries):
    proposal = captures.propose_capture(capture_data(), source="http://cdn/x.m3u8", sdk_app_id=APP)
    assert regions(APP) == RULE  # a proposal calibrates nothing
    before = selectors.template_calibration(APP).fingerprint
    with django_assert_num_queries(0):
        assert regions(APP) == RULE
    captures.review_captures([proposal], TemplateCapture.Status.ACCEPTED, user=None)
    assert regions(APP) == MEASURED
    assert selectors.template_calibration(APP).fingerprint != before
    assert regions(None) == RULE  # another app's acceptance leaves the editor's previews alone
    with django_assert_num_queries(0):
        assert regions(APP) == MEASURED


def test_an_imported_capture_and_its_deletion_change_the_editors_answer():
    assert regions() == RULE
    capture = captures.save_capture(capture_data(), source="grid.json")
    assert regions() == MEASURED
    capture.delete()
    assert regions() == RULE


def test_a_change_another_process_made_arrives_through_the_stamp():
    capture = captures.save_capture(capture_data(), source="grid.json")
    assert regions() == MEASURED
    # A write that sends no signal here (as if made by another process): the memo holds...
    TemplateCapture.objects.filter(pk=capture.pk).update(status=TemplateCapture.Status.REJECTED)
    assert regions() == MEASURED
    # ...until that process moves the stamp in the shared cache.
    cache.set(selectors.CALIBRATION_STAMP, "moved by another process", timeout=None)
    assert regions() == RULE


def test_the_stamp_moves_again_when_the_change_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        captures.save_capture(capture_data(), source="grid.json")
        # Read before the commit, by a process that saw the rows as they were then.
        stamp_before_commit = cache.get(selectors.CALIBRATION_STAMP)
    assert callbacks
    assert cache.get(selectors.CALIBRATION_STAMP) != stamp_before_commit
    assert regions() == MEASURED


def test_a_lost_stamp_rebuilds(django_assert_num_queries):
    captures.save_capture(capture_data(), source="grid.json")
    assert regions() == MEASURED
    cache.delete(selectors.CALIBRATION_STAMP)  # evicted
    with django_assert_num_queries(1):  # the summary: the same rows, the same table kept
        assert regions() == MEASURED
