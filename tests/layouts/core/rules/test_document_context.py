"""layouts.core.rules.document_context: what the document rules read, read once."""

from __future__ import annotations

import pytest

from layouts.core.contract.document import read_document
from layouts.core.contract.problems import WARNING
from layouts.core.rules.document_context import SIDE_NAMES, DocumentContext, ImageHosts
from tests.layouts.core.rules.documents import base_document, slot


def context(document: dict, **kwargs) -> DocumentContext:
    options = {"with_transcoding": None, "main_room": None, "image_hosts": ImageHosts()}
    return DocumentContext(read_document(document), **{**options, **kwargs})


def test_it_holds_the_document_and_the_request_around_it():
    document = base_document()
    ctx = context(document, with_transcoding=1, main_room=("8888", 0))
    assert ctx.document is document
    assert (ctx.with_transcoding, ctx.main_room) == (1, ("8888", 0))
    assert (ctx.canvas_w, ctx.canvas_h, ctx.mode, ctx.mode_given) == (1280, 720, 4, True)
    assert ctx.layout is document["LayoutParams"]


@pytest.mark.parametrize(("width", "known"), [(0, 0), (1920, 1920), (1921, None), (-1, None)])
def test_a_canvas_side_outside_r35_is_unknown_to_the_rules(width, known):
    document = base_document()
    document["VideoEncode"]["Width"] = width
    assert context(document).canvas_w == known


def test_slots_are_judged_with_a_negative_origin_at_0_and_a_size_of_0_the_canvass():
    document = base_document()
    document["LayoutParams"]["MixLayoutList"] = [slot(-20, 30, 0, 100, ZOrder=4)]
    (judged,) = context(document).slots
    assert (judged.x, judged.y, judged.w, judged.h) == (0, 30, 1280, 100)
    assert (judged.index, judged.label, judged.zorder) == (0, 1, 4)
    assert judged.path == "LayoutParams.MixLayoutList[0]"
    assert judged.raw["LocationX"] == -20  # as written, for the messages


def test_without_a_known_canvas_a_size_of_0_stays_0():
    document = base_document()
    document["VideoEncode"]["Width"] = "wide"
    document["LayoutParams"]["MixLayoutList"] = [slot(0, 0, 0, 0)]
    (judged,) = context(document).slots
    assert (judged.w, judged.h) == (0, 720)


def test_images_the_cloud_cannot_reach_are_warnings_by_default():
    assert ImageHosts() == ImageHosts(severity=WARNING, allowed=frozenset())
    assert set(SIDE_NAMES) == {"Width", "Height"}
