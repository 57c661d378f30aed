"""The signature of a delivery: HMAC-SHA256 of "<timestamp>.<body>", checked with its age."""

from __future__ import annotations

import hashlib
import hmac

from studio.webhooks import signing

SECRET = "whsec_test-secret"
BODY = b'{"id":"0b8f","type":"task.started"}'
NOW = 1_700_000_000


def test_the_signature_is_the_hmac_of_timestamp_dot_body():
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert signing.signature(SECRET, NOW, BODY) == f"sha256={expected}"


def test_a_genuine_fresh_delivery_verifies():
    header = signing.signature(SECRET, NOW, BODY)
    assert signing.verify(SECRET, BODY, str(NOW), header, now=NOW + 299)


def test_another_secret_a_changed_body_or_timestamp_do_not_verify():
    header = signing.signature(SECRET, NOW, BODY)
    assert not signing.verify("whsec_other", BODY, str(NOW), header, now=NOW)
    assert not signing.verify(SECRET, BODY + b" ", str(NOW), header, now=NOW)
    assert not signing.verify(SECRET, BODY, str(NOW + 1), header, now=NOW)


def test_an_old_delivery_is_refused_as_a_replay():
    header = signing.signature(SECRET, NOW, BODY)
    assert not signing.verify(SECRET, BODY, str(NOW), header, now=NOW + 301)
    assert not signing.verify(SECRET, BODY, str(NOW), header, now=NOW - 301)


def test_a_timestamp_that_is_not_a_number_does_not_verify():
    header = signing.signature(SECRET, NOW, BODY)
    for timestamp in ("", "-1", "1.5", "١٧٠٠٠٠٠٠٠٠"):
        assert not signing.verify(SECRET, BODY, timestamp, header, now=NOW)


def test_secrets_are_new_each_time_and_long():
    first, second = signing.new_secret(), signing.new_secret()
    assert first != second
    assert first.startswith("whsec_") and len(first) >= 40
