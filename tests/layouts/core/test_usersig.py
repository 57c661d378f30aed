"""layouts.core.usersig: what a UserSig says about itself, read without the app's key."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from layouts.core.usersig import (
    MAX_JSON_BYTES,
    TO_USERSIG,
    MalformedUserSig,
    UserSigClaims,
    read_usersig,
)


def test_the_pure_reader_gives_the_claims_of_the_reference_vector():
    vector = (
        "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkcjMr4ovyk-JL4g0tTQ1MTGCqilOyEwsKMlOAagxNDKAAK"
        "pdaUZBZlAqUsTAzgQuWZOaChAzN0RQXZ6aD7El0KaosD3MqCclzKjYzzcozdsoOKkuODCiv9C4xyjHJc8nPDc30N"
        "aiqCsy2VaoFAIIvNno_"
    )
    claims, signature = read_usersig(vector)
    assert (claims.sdk_app_id, claims.user_id, claims.expires_at) == (
        1400000000,
        "mix_robot_195044",
        1700086400,
    )
    assert signature == "aDrywVBtTnBs65jn3BkRvcYPwyKt2l4nDomUiM0zzQk="
    with pytest.raises(MalformedUserSig):
        read_usersig("eJ\ud800")


def usersig_of(document: object) -> str:
    """A UserSig packed as TLSSigAPIv2 packs one (reference H, steps 4 and 5), any signature."""
    packed = base64.b64encode(zlib.compress(json.dumps(document).encode())).decode()
    return packed.translate(TO_USERSIG)


CLAIMS = {
    "TLS.ver": "2.0",
    "TLS.identifier": "robot_1",
    "TLS.sdkappid": 1400000001,
    "TLS.expire": 600,
    "TLS.time": 1_800_000_000,
    "TLS.sig": "c2ln",
}


def test_the_claims_are_read_without_the_key():
    claims, signature = read_usersig(usersig_of(CLAIMS))
    assert claims == UserSigClaims(1400000001, "robot_1", 1_800_000_000, 600)
    assert (claims.expires_at, signature) == (1_800_000_600, "c2ln")


@pytest.mark.parametrize(
    ("usersig", "reason"),
    [
        ("not base64 at all!", "it is not base64-encoded, zlib-compressed JSON"),
        (usersig_of(["TLS.identifier"]), "its JSON is not an object"),
        (
            usersig_of({**CLAIMS, "TLS.sdkappid": "1400000001"}),
            "TLS.sdkappid is missing or not a int",
        ),
        (usersig_of({**CLAIMS, "TLS.time": True}), "TLS.time is missing or not a int"),
        (
            usersig_of({k: v for k, v in CLAIMS.items() if k != "TLS.sig"}),
            "TLS.sig is missing or not a str",
        ),
    ],
)
def test_what_is_not_a_usersig_says_which_part_is_wrong(usersig, reason):
    with pytest.raises(MalformedUserSig) as refused:
        read_usersig(usersig)
    assert refused.value.reason == reason


def test_a_usersig_that_inflates_far_beyond_a_real_one_is_refused():
    huge = usersig_of({**CLAIMS, "padding": "x" * (MAX_JSON_BYTES + 1)})
    with pytest.raises(MalformedUserSig, match="more than 64 KiB"):
        read_usersig(huge)
