from __future__ import annotations

import base64
import json
import zlib

import pytest

from studio.cloud.usersig import (
    UserSigClaims,
    UserSigProblem,
    UserSigRejected,
    gen_usersig,
    verify_usersig,
)
from tests.factories import SHARED

REFERENCE = SHARED / "reference"
VECTORS = json.loads((REFERENCE / "callback-usersig-vectors.json").read_text(encoding="utf-8"))
US1 = next(v for v in VECTORS["usersig_vectors"] if v["id"] == "US-1")

APP = US1["sdkappid"]
USER = US1["identifier"]
KEY = US1["key"]
ISSUED = US1["time"]
EXPIRE = US1["expire"]


def decode(usersig: str) -> dict:
    standard = usersig.replace("*", "+").replace("-", "/").replace("_", "=")
    return json.loads(zlib.decompress(base64.b64decode(standard)))


def encode(document: dict) -> str:
    compressed = zlib.compress(json.dumps(document).encode("utf-8"))
    return (
        base64.b64encode(compressed).decode().replace("+", "*").replace("/", "-").replace("=", "_")
    )


def us1_document() -> dict:
    return json.loads(US1["json"])


def rejection(usersig: str, app: int = APP, user: str = USER, now: int = ISSUED) -> UserSigRejected:
    with pytest.raises(UserSigRejected) as rejected:
        verify_usersig(usersig, app, user, KEY, now=now)
    return rejected.value


def test_gen_usersig_reproduces_vector_us1():
    assert gen_usersig(APP, USER, KEY, expire=EXPIRE, now=ISSUED) == US1["usersig"]


def test_gen_usersig_embeds_the_vector_json():
    usersig = gen_usersig(APP, USER, KEY, expire=EXPIRE, now=ISSUED)
    assert json.dumps(decode(usersig)) == US1["json"]


def test_gen_usersig_signs_with_the_vector_tls_sig():
    usersig = gen_usersig(APP, USER, KEY, expire=EXPIRE, now=ISSUED)
    assert decode(usersig)["TLS.sig"] == US1["tls_sig"]


def test_gen_usersig_defaults_to_180_days():
    usersig = gen_usersig(APP, USER, KEY, now=ISSUED)
    assert decode(usersig)["TLS.expire"] == 15552000


def test_verify_accepts_vector_us1_and_returns_its_claims():
    claims = verify_usersig(US1["usersig"], APP, USER, KEY, now=ISSUED)
    assert claims == UserSigClaims(sdk_app_id=APP, user_id=USER, issued_at=ISSUED, expire=EXPIRE)


def test_verify_accepts_a_usersig_one_second_before_it_expires():
    claims = verify_usersig(US1["usersig"], APP, USER, KEY, now=ISSUED + EXPIRE - 1)
    assert claims.expires_at == 1700086400


def test_verify_accepts_a_usersig_serialised_differently():
    compact = zlib.compress(json.dumps(us1_document(), separators=(",", ":")).encode(), level=9)
    usersig = base64.b64encode(compact).decode().translate(str.maketrans("+/=", "*-_"))
    assert usersig != US1["usersig"]
    assert verify_usersig(usersig, APP, USER, KEY, now=ISSUED).user_id == USER


def test_verify_refuses_an_expired_usersig():
    rejected = rejection(US1["usersig"], now=ISSUED + EXPIRE)
    assert rejected.problem is UserSigProblem.EXPIRED
    assert rejected.message == "The UserSig expired at Unix time 1700086400."


def test_verify_refuses_a_usersig_for_another_app():
    rejected = rejection(US1["usersig"], app=1400000001)
    assert rejected.problem is UserSigProblem.WRONG_APP
    assert rejected.message == "The UserSig was issued for SdkAppId 1400000000, not 1400000001."


def test_verify_refuses_a_usersig_for_another_user():
    rejected = rejection(US1["usersig"], user="host_a")
    assert rejected.problem is UserSigProblem.WRONG_USER
    assert rejected.message == (
        "The UserSig was issued for UserId 'mix_robot_195044', not 'host_a'."
    )


def test_verify_refuses_a_usersig_signed_with_another_key():
    usersig = gen_usersig(APP, USER, "another-secret-key", expire=EXPIRE, now=ISSUED)
    assert rejection(usersig).problem is UserSigProblem.BAD_SIGNATURE


def test_verify_refuses_a_usersig_whose_expiry_was_extended():
    document = us1_document() | {"TLS.expire": EXPIRE * 10}
    assert rejection(encode(document)).problem is UserSigProblem.BAD_SIGNATURE


@pytest.mark.parametrize(
    "usersig",
    [
        "",
        "not a usersig",
        base64.b64encode(b"not zlib").decode(),
        encode([1, 2, 3]),
        encode({"TLS.identifier": USER}),
        encode(us1_document() | {"TLS.sdkappid": str(APP)}),
        encode(us1_document() | {"TLS.time": True}),
    ],
    ids=[
        "empty",
        "not-base64",
        "not-zlib",
        "not-an-object",
        "missing-fields",
        "app-as-string",
        "time-as-boolean",
    ],
)
def test_verify_refuses_a_malformed_usersig(usersig):
    assert rejection(usersig).problem is UserSigProblem.MALFORMED


def test_verify_refuses_a_usersig_that_inflates_beyond_64_kib():
    bomb = encode(us1_document() | {"padding": "x" * 70_000})
    rejected = rejection(bomb)
    assert rejected.problem is UserSigProblem.MALFORMED
    assert rejected.message == "The UserSig is malformed: it decompresses to more than 64 KiB."
