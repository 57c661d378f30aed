from __future__ import annotations

import base64
import functools
import json
from types import SimpleNamespace
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tencentcloud.common import abstract_client
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

from studio.cloud.signing import (
    InvalidAuthorization,
    SecretIdNotFound,
    SignatureExpired,
    SignatureMismatch,
    VerifiedRequest,
    authorization_header,
    canonical_request,
    compute_signature,
    hash_payload,
    sign_request,
    signing_key,
    string_to_sign,
    utc_date,
    verify_authorization,
)
from tests.factories import SHARED

REFERENCE = SHARED / "reference"
VECTORS = json.loads((REFERENCE / "tc3-vectors.json").read_text(encoding="utf-8"))["vectors"]
SDK_VECTORS = [v for v in VECTORS if "headers_sent_by_sdk" in v]

SECRET_ID = "AKIDMIXSTUDIOTESTVECTOR000000000000"
TEST_KEY = "MixStudioTestVectorSecretKey0000"
WRONG_KEY = "NotTheKeyTheServerKnows000000000"  # a key the server does not hold
STOP_BODY = (
    b'{"SdkAppId": 1400188366, "TaskId": '
    b'"-m97l2ZU7kOlV5cTRMoU6yoGp2nDYkzbJ13EC4K-4pycoZXVv+XVrNoUXQ8++8Z2PwUlAQ.."}'
)
NOW = 1700000000


def by_id(vectors: list[dict]) -> dict:
    return {"argvalues": vectors, "ids": [v["id"] for v in vectors]}


def body_of(vector: dict) -> bytes:
    return base64.b64decode(vector["body_base64"])


def vector_headers(vector: dict) -> dict[str, str]:
    return {"content-type": vector["content_type"], "host": vector["host"]}


def signed_stop_request(
    timestamp: int = NOW, secret_id: str = SECRET_ID, secret_key: str = TEST_KEY
) -> dict[str, str]:
    return sign_request(
        secret_id=secret_id,
        secret_key=secret_key,
        host="trtc.tencentcloudapi.com",
        action="StopPublishCdnStream",
        body=STOP_BODY,
        timestamp=timestamp,
        region="ap-guangzhou",
    )


def known_secrets(secret_id: str) -> str | None:
    return {SECRET_ID: TEST_KEY}.get(secret_id)


# Vectors


def test_vector_bodies_have_the_documented_lengths():
    assert [len(body_of(v)) for v in VECTORS] == [1121, 254, 110, 110, 380, 374]


@pytest.mark.parametrize("vector", **by_id(VECTORS))
def test_payload_hash_matches_vector(vector):
    assert hash_payload(body_of(vector)) == vector["payload_sha256"]


@pytest.mark.parametrize("vector", **by_id(VECTORS))
def test_canonical_request_matches_vector(vector):
    assert canonical_request(vector_headers(vector), body_of(vector)) == vector["canonical_request"]


@pytest.mark.parametrize("vector", **by_id(VECTORS))
def test_string_to_sign_matches_vector(vector):
    canonical = vector["canonical_request"]
    assert string_to_sign(vector["timestamp"], canonical) == vector["string_to_sign"]


@pytest.mark.parametrize("vector", **by_id(VECTORS))
def test_signing_key_matches_vector(vector):
    key = signing_key(vector["secret_key"], vector["date"])
    assert key.hex() == vector["k_signing_hex"]


def signed(vector):
    """The headers sign_request gives for a vector's inputs."""
    return sign_request(
        secret_id=vector["secret_id"],
        secret_key=vector["secret_key"],
        host=vector["host"],
        action=vector["action"],
        body=body_of(vector),
        timestamp=vector["timestamp"],
        region=vector["region"],
        token=vector["token"],
        language=vector["language"],
    )


@pytest.mark.parametrize("vector", **by_id(VECTORS))
def test_sign_request_authorization_matches_vector(vector):
    headers = signed(vector)
    assert headers["Authorization"] == vector["expected_authorization"]


@pytest.mark.parametrize("vector", **by_id(SDK_VECTORS))
def test_sign_request_sends_the_same_headers_as_the_sdk(vector):
    headers = signed(vector)
    expected = dict(vector["headers_sent_by_sdk"])
    del expected["X-TC-RequestClient"]
    assert headers == expected


# Details of the algorithm


def test_date_is_the_utc_date_even_when_beijing_is_already_in_the_next_day():
    assert utc_date(1704067199) == "2023-12-31"
    assert utc_date(1704067200) == "2024-01-01"


def test_token_is_sent_but_not_signed():
    common = dict(
        secret_id=SECRET_ID,
        secret_key=TEST_KEY,
        host="trtc.tencentcloudapi.com",
        action="StopPublishCdnStream",
        body=STOP_BODY,
        timestamp=NOW,
        region="ap-guangzhou",
    )
    with_token = sign_request(**common, token="STS-TOKEN-EXAMPLE-0001")
    without_token = sign_request(**common)
    assert with_token["X-TC-Token"] == "STS-TOKEN-EXAMPLE-0001"
    assert "X-TC-Token" not in without_token
    assert with_token["Authorization"] == without_token["Authorization"]


def test_language_header_is_omitted_unless_given():
    assert "X-TC-Language" not in signed_stop_request()


def test_same_json_value_with_different_bytes_signs_differently():
    v5, v6 = (next(v for v in VECTORS if v["id"] == name) for name in ("V5", "V6"))
    assert json.loads(body_of(v5)) == json.loads(body_of(v6))
    assert v5["signature"] == "21ef37801b0b73d782b16d8e9ce18b709b08a3bc215993b446d83c9650b1d393"
    assert v6["signature"] == "1340e96c91c1ad5f872dc055446458222139ff2149963233db4fcd4153b2c6d6"


# Parity with the official SDK

json_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | json_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(json_text, children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=50, deadline=None, database=None)
@given(
    params=st.dictionaries(json_text, json_values, max_size=6),
    ascii_only=st.booleans(),
    timestamp=st.integers(min_value=946684800, max_value=4102444800),
    action=st.sampled_from(
        ["StartPublishCdnStream", "UpdatePublishCdnStream", "StopPublishCdnStream"]
    ),
    host=st.sampled_from(
        ["trtc.tencentcloudapi.com", "trtc.intl.tencentcloudapi.com", "127.0.0.1:8000"]
    ),
    region=st.sampled_from(["ap-guangzhou", "ap-singapore", "ap-hongkong"]),
    token=st.none() | st.just("STS-TOKEN-EXAMPLE-0001"),
    language=st.sampled_from(["zh-CN", "en-US"]),
)
def test_sign_request_matches_the_official_sdk_signer(
    params, ascii_only, timestamp, action, host, region, token, language
):
    profile = ClientProfile(httpProfile=HttpProfile(endpoint=host), language=language)
    client = CommonClient(
        "trtc", "2019-07-22", Credential(SECRET_ID, TEST_KEY, token), region, profile
    )
    request = RequestInternal(host, "POST", "/")
    # The SDK always escapes non-ASCII; swapping its serialiser also covers raw UTF-8 bodies.
    sdk_json = SimpleNamespace(dumps=functools.partial(json.dumps, ensure_ascii=ascii_only))
    sdk_clock = SimpleNamespace(time=lambda: timestamp)
    with (
        mock.patch.object(abstract_client, "json", sdk_json),
        mock.patch.object(abstract_client, "time", sdk_clock),
    ):
        client._build_req_inter(action, params, request)

    ours = sign_request(
        secret_id=SECRET_ID,
        secret_key=TEST_KEY,
        host=host,
        action=action,
        body=request.data.encode("utf-8"),
        timestamp=timestamp,
        region=region,
        token=token,
        language=language,
    )
    sdk_headers = {k: v for k, v in request.header.items() if k != "X-TC-RequestClient"}
    assert ours == sdk_headers


# Verification (the emulator's side)


def test_verify_accepts_a_request_signed_by_sign_request():
    headers = signed_stop_request()
    verified = verify_authorization(headers, STOP_BODY, known_secrets, now=NOW)
    assert verified == VerifiedRequest(secret_id=SECRET_ID, timestamp=NOW, date="2023-11-14")


def test_verify_accepts_the_headers_the_sdk_sent():
    vector = SDK_VECTORS[0]
    verified = verify_authorization(
        vector["headers_sent_by_sdk"], body_of(vector), known_secrets, now=vector["timestamp"]
    )
    assert verified == VerifiedRequest(SECRET_ID, 1700000000, "2023-11-14")


def test_verify_reads_header_names_in_any_case():
    headers = {name.lower(): value for name, value in signed_stop_request().items()}
    assert verify_authorization(headers, STOP_BODY, known_secrets, now=NOW).secret_id == SECRET_ID


def test_verify_accepts_extra_signed_headers():
    signed = {
        "content-type": "application/json",
        "host": "trtc.tencentcloudapi.com",
        "x-tc-action": "StopPublishCdnStream",
    }
    signature = compute_signature(TEST_KEY, NOW, signed, STOP_BODY)
    headers = {
        "Content-Type": "application/json",
        "Host": "trtc.tencentcloudapi.com",
        "X-TC-Action": "StopPublishCdnStream",
        "X-TC-Timestamp": str(NOW),
        "Authorization": authorization_header(SECRET_ID, "2023-11-14", tuple(signed), signature),
    }
    assert verify_authorization(headers, STOP_BODY, known_secrets, now=NOW).timestamp == NOW


def test_verify_accepts_a_timestamp_exactly_300_seconds_old():
    headers = signed_stop_request(timestamp=NOW - 300)
    assert verify_authorization(headers, STOP_BODY, known_secrets, now=NOW).timestamp == NOW - 300


def test_verify_refuses_a_tampered_body():
    tampered = STOP_BODY.replace(b"1400188366", b"1400188367")
    with pytest.raises(SignatureMismatch) as rejected:
        verify_authorization(signed_stop_request(), tampered, known_secrets, now=NOW)
    assert rejected.value.code == "AuthFailure.SignatureFailure"


def test_verify_refuses_a_request_signed_with_another_key():
    headers = signed_stop_request(secret_key=WRONG_KEY)
    with pytest.raises(SignatureMismatch) as rejected:
        verify_authorization(headers, STOP_BODY, known_secrets, now=NOW)
    assert rejected.value.code == "AuthFailure.SignatureFailure"


def test_verify_refuses_a_changed_signed_header():
    headers = signed_stop_request() | {"Host": "trtc.intl.tencentcloudapi.com"}
    with pytest.raises(SignatureMismatch):
        verify_authorization(headers, STOP_BODY, known_secrets, now=NOW)


def test_verify_refuses_a_credential_date_in_beijing_time():
    timestamp = 1704067199
    headers = signed_stop_request(timestamp=timestamp)
    headers["Authorization"] = headers["Authorization"].replace("2023-12-31", "2024-01-01")
    with pytest.raises(SignatureMismatch) as rejected:
        verify_authorization(headers, STOP_BODY, known_secrets, now=timestamp)
    assert rejected.value.message == (
        "Credential date 2024-01-01 is not 2023-12-31, the UTC date of X-TC-Timestamp (R5)."
    )


@pytest.mark.parametrize("offset", [-301, 301], ids=["past", "future"])
def test_verify_refuses_a_timestamp_301_seconds_off(offset):
    headers = signed_stop_request(timestamp=NOW + offset)
    with pytest.raises(SignatureExpired) as rejected:
        verify_authorization(headers, STOP_BODY, known_secrets, now=NOW)
    assert rejected.value.code == "AuthFailure.SignatureExpire"
    assert rejected.value.message == (
        f"X-TC-Timestamp {NOW + offset} is 301 s away from server time; "
        "it must be within 300 s (R4)."
    )


def test_verify_refuses_an_unknown_secret_id():
    headers = signed_stop_request(secret_id="AKIDSOMEONEELSE0000000000000000000")
    with pytest.raises(SecretIdNotFound) as rejected:
        verify_authorization(headers, STOP_BODY, known_secrets, now=NOW)
    assert rejected.value.code == "AuthFailure.SecretIdNotFound"


def test_verify_refuses_a_request_without_authorization():
    headers = signed_stop_request()
    del headers["Authorization"]
    with pytest.raises(InvalidAuthorization) as rejected:
        verify_authorization(headers, STOP_BODY, known_secrets, now=NOW)
    assert rejected.value.code == "AuthFailure.InvalidAuthorization"
    assert rejected.value.message == "The Authorization header is missing."


GOOD_SIGNATURE = "d78750785a7676063058f016242c2a9ab666899f34afc0e0eb0e588bbfacdd99"
GOOD_CREDENTIAL = f"Credential={SECRET_ID}/2023-11-14/trtc/tc3_request"


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer abc",
        f"HMAC-SHA256 {GOOD_CREDENTIAL}, SignedHeaders=content-type;host, "
        f"Signature={GOOD_SIGNATURE}",
        f"TC3-HMAC-SHA256 {GOOD_CREDENTIAL}, SignedHeaders=content-type;host",
        f"TC3-HMAC-SHA256 Credential={SECRET_ID}/2023-11-14/cvm/tc3_request, "
        f"SignedHeaders=content-type;host, Signature={GOOD_SIGNATURE}",
        f"TC3-HMAC-SHA256 Credential={SECRET_ID}/2023-11-14/trtc, "
        f"SignedHeaders=content-type;host, Signature={GOOD_SIGNATURE}",
        f"TC3-HMAC-SHA256 {GOOD_CREDENTIAL}, SignedHeaders=host, Signature={GOOD_SIGNATURE}",
        f"TC3-HMAC-SHA256 {GOOD_CREDENTIAL}, SignedHeaders=content-type;host, Signature=abc123",
        f"TC3-HMAC-SHA256 {GOOD_CREDENTIAL}, SignedHeaders=content-type;host, "
        f"Signature={GOOD_SIGNATURE.upper()}",
        f"TC3-HMAC-SHA256 {GOOD_CREDENTIAL}, SignedHeaders=content-type;host;x-tc-missing, "
        f"Signature={GOOD_SIGNATURE}",
        f"TC3-HMAC-SHA256 {GOOD_CREDENTIAL}, {GOOD_CREDENTIAL}, "
        f"SignedHeaders=content-type;host, Signature={GOOD_SIGNATURE}",
    ],
    ids=[
        "other-scheme",
        "other-algorithm",
        "no-signature",
        "other-service",
        "short-credential",
        "content-type-unsigned",
        "short-signature",
        "upper-case-signature",
        "signed-header-not-sent",
        "repeated-credential",
    ],
)
def test_verify_refuses_a_malformed_authorization(authorization):
    headers = signed_stop_request() | {"Authorization": authorization}
    with pytest.raises(InvalidAuthorization) as rejected:
        verify_authorization(headers, STOP_BODY, known_secrets, now=NOW)
    assert rejected.value.code == "AuthFailure.InvalidAuthorization"


@pytest.mark.parametrize("timestamp", [None, "", "17e8", "-1700000000", "1700000000.5"])
def test_verify_refuses_a_missing_or_non_integer_timestamp(timestamp):
    headers = signed_stop_request()
    del headers["X-TC-Timestamp"]
    if timestamp is not None:
        headers["X-TC-Timestamp"] = timestamp
    with pytest.raises(InvalidAuthorization) as rejected:
        verify_authorization(headers, STOP_BODY, known_secrets, now=NOW)
    assert rejected.value.message == "X-TC-Timestamp must be the Unix time in whole seconds."
