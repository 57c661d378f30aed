from __future__ import annotations

import base64
import json

import pytest

from studio.cloud.callback import callback_sign, is_valid_callback_sign
from tests.factories import SHARED

REFERENCE = SHARED / "reference"
VECTORS = json.loads((REFERENCE / "callback-usersig-vectors.json").read_text(encoding="utf-8"))
CALLBACKS = VECTORS["callback_vectors"]
CB1 = next(v for v in CALLBACKS if v["id"] == "CB-1")


def body_of(vector: dict) -> bytes:
    return base64.b64decode(vector["body_base64"])


by_id = {"argvalues": CALLBACKS, "ids": [v["id"] for v in CALLBACKS]}


@pytest.mark.parametrize("vector", **by_id)
def test_vector_body_is_its_text_as_utf8(vector):
    assert body_of(vector) == vector["body"].encode("utf-8")


@pytest.mark.parametrize("vector", **by_id)
def test_callback_sign_matches_vector(vector):
    assert callback_sign(vector["key"], body_of(vector)) == vector["expected_sign"]


@pytest.mark.parametrize("vector", **by_id)
def test_vector_sign_is_valid_for_its_body(vector):
    assert is_valid_callback_sign(vector["key"], body_of(vector), vector["expected_sign"]) is True


def test_reserialised_body_signs_to_the_negative_vector():
    negative = CB1["negative_check"]
    compact = negative["body_reserialized_compact"].encode("utf-8")
    assert callback_sign(CB1["key"], compact) == negative["sign_of_reserialized"]


def test_reserialised_body_is_refused_with_the_original_sign():
    compact = CB1["negative_check"]["body_reserialized_compact"].encode("utf-8")
    assert is_valid_callback_sign(CB1["key"], compact, CB1["expected_sign"]) is False


def test_sign_made_with_another_key_is_refused():
    assert is_valid_callback_sign("123654", body_of(CB1), CB1["expected_sign"]) is False


def test_missing_sign_header_is_refused():
    assert is_valid_callback_sign(CB1["key"], body_of(CB1), None) is False


def test_non_ascii_sign_header_is_refused():
    assert is_valid_callback_sign(CB1["key"], body_of(CB1), "é" * 44) is False
