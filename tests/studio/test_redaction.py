"""Secrets masked by their shape (studio/redaction.py): pure, no Django."""

from __future__ import annotations

import json
import logging

from hypothesis import given
from hypothesis import strategies as st

from studio.cloud.usersig import gen_usersig
from studio.redaction import (
    MASK,
    RedactingFilter,
    cut,
    looks_like_usersig,
    mask_text,
    mask_url,
    redact,
    restore_masked_urls,
    strip_credentials,
)

PUSH = "rtmp://3891.livepush.myqcloud.com/live/show?txSecret=9f1c2b&txTime=65A0B1C2"
USERSIG = gen_usersig(1400000001, "mixstudio_robot_1", "an sdk key used only in this test")


def test_a_push_url_keeps_everything_but_its_secret():
    assert (
        mask_url(PUSH) == "rtmp://3891.livepush.myqcloud.com/live/show?txSecret=***&txTime=65A0B1C2"
    )


def test_every_usual_query_secret_is_masked():
    for name in (
        "txSecret",
        "sign",
        "token",
        "auth_key",
        "secret",
        "key",
        "signature",
        "X-Amz-Signature",
        "q-signature",
        "access_token",
        "usersig",
        "MyApiKey",
    ):
        url = f"https://cdn.example.com/a.png?w=3&{name}=value-that-must-go#frag"
        shown = mask_url(url)
        assert "value-that-must-go" not in shown, name
        assert shown == f"https://cdn.example.com/a.png?w=3&{name}=***#frag"


def test_harmless_query_values_stay():
    url = "https://cdn.example.com/a.png?width=300&txTime=65A0&format=png"
    assert mask_url(url) == url


def test_a_password_in_the_user_part_is_masked():
    assert mask_url("rtmp://pusher:hunter2@cdn.example.com/live/x") == (
        "rtmp://pusher:***@cdn.example.com/live/x"
    )


def test_urls_inside_a_sentence_are_masked():
    text = f"PublishCdnParams[0].PublishCdnUrl: {PUSH} is not reachable"
    shown = mask_text(text)
    assert "9f1c2b" not in shown
    assert shown.startswith("PublishCdnParams[0].PublishCdnUrl: rtmp://3891.livepush")
    assert shown.endswith(" is not reachable")


def test_a_usersig_is_recognised_by_its_shape_under_any_name():
    assert looks_like_usersig(USERSIG)
    assert not looks_like_usersig("eJabcdefghijklmnopqrstuvwxyz0123")  # base64 but not zlib JSON
    value = {"Note": f"robot signed {USERSIG} yesterday", "Whatever": USERSIG}
    for copy in (redact(value), strip_credentials(value)):
        assert USERSIG not in json.dumps(copy)
        assert copy["Whatever"] == MASK


def test_storage_credentials_are_masked_by_name():
    body = {
        "RecordParams": {
            "McuStorageParams": {
                "CloudStorage": {"Vendor": 0, "AccessKey": "AKIDcos", "SecretKey": "cos-secret"}
            }
        },
        "AgentParams": {"UserId": "robot", "UserSig": "anything at all"},
    }
    for copy in (redact(body), strip_credentials(body)):
        storage = copy["RecordParams"]["McuStorageParams"]["CloudStorage"]
        assert storage == {"Vendor": 0, "AccessKey": MASK, "SecretKey": MASK}
        assert copy["AgentParams"] == {"UserId": "robot", "UserSig": MASK}


def test_stored_copies_keep_push_urls_shown_copies_do_not():
    body = {"PublishCdnParams": [{"PublishCdnUrl": PUSH, "IsTencentCdn": 1}]}
    assert strip_credentials(body) == body
    assert redact(body)["PublishCdnParams"][0]["PublishCdnUrl"] == mask_url(PUSH)


def test_dict_keys_that_are_urls_are_masked_when_shown():
    status = {PUSH: {"status": 2}}
    assert redact(status) == {mask_url(PUSH): {"status": 2}}


def test_empty_secrets_stay_empty_so_absence_is_visible():
    assert redact({"UserSig": "", "SecretKey": None}) == {"UserSig": "", "SecretKey": None}


def test_tc3_authorization_is_masked():
    header = (
        "TC3-HMAC-SHA256 Credential=AKIDexample/2026-01-01/trtc/tc3_request, "
        "SignedHeaders=content-type;host, Signature=" + "ab12" * 16
    )
    shown = mask_text(header)
    assert "AKIDexample" not in shown and "ab12ab12" not in shown
    assert redact({"Authorization": header}) == {"Authorization": MASK}


def test_nothing_changes_the_input():
    body = {"PublishCdnParams": [{"PublishCdnUrl": PUSH}], "AgentParams": {"UserSig": USERSIG}}
    before = json.dumps(body)
    redact(body)
    strip_credentials(body)
    assert json.dumps(body) == before


def test_a_deep_value_does_not_exhaust_the_stack():
    value: object = PUSH
    for _ in range(5000):
        value = [value]
    shown = redact(value)
    for _ in range(5000):
        shown = shown[0]
    assert shown == mask_url(PUSH)


def test_a_masked_url_sent_back_means_the_url_in_force():
    targets = [
        {"PublishCdnUrl": mask_url(PUSH), "IsTencentCdn": 1},
        {"PublishCdnUrl": "rtmp://new.example.com/live/y?txSecret=fresh", "IsTencentCdn": 1},
    ]
    restored = restore_masked_urls(targets, [PUSH])
    assert restored[0]["PublishCdnUrl"] == PUSH
    assert restored[1]["PublishCdnUrl"].endswith("txSecret=fresh")
    assert restore_masked_urls("not a list", [PUSH]) == "not a list"


def test_cut_marks_the_cut():
    assert cut("abcdef", 4) == "abc…"
    assert cut("abc", 4) == "abc"


def test_the_log_filter_masks_messages_arguments_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "pushing to %s", (PUSH,), None)
    try:
        raise ValueError(f"cannot push {PUSH}")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert "9f1c2b" not in record.getMessage()
    assert "9f1c2b" not in record.exc_text
    assert "txSecret=***" in record.exc_text


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_a_secret_query_value_never_survives(secret):
    secret = "".join(c for c in secret if c not in "&;#\"'<>\\ \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0")
    secret = "".join(c for c in secret if not c.isspace())
    if not secret:
        return
    url = f"rtmp://cdn.example.com/live/x?txSecret={secret}&txTime=1"
    assert mask_url(url) == "rtmp://cdn.example.com/live/x?txSecret=***&txTime=1"
    assert "txSecret=***" in mask_text(f"see {url} now")
