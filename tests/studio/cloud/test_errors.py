"""What a refusal of the cloud becomes in our API: never a 502 when the cloud answered."""

from __future__ import annotations

import pytest

from studio.cloud.errors import CloudAnswerUnreadable, CloudError, CloudUnreachable, http_status_for


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("FailedOperation.TaskNotExist", 409),
        ("FailedOperation.RequestOutdated", 409),
        ("FailedOperation.RestrictedConcurrency", 409),
        ("InvalidParameter.UserId", 409),  # R9: the robot's seat is taken
        ("ResourceNotFound", 409),
        ("LimitExceeded", 409),
        ("InvalidParameter.PublishCdnUrls", 422),
        ("MissingParameter.TaskId", 422),
        ("UnsupportedOperation", 422),
        ("AuthFailure.SignatureFailure", 422),
        ("UnsupportedRegion", 422),
        ("SomethingNew.NobodyDocumented", 422),
        ("RequestLimitExceeded", 429),
        ("InternalError", 502),
        ("InternalError.DBError", 502),
        ("ServiceUnavailable", 502),
    ],
)
def test_each_cloud_code_has_its_status(code, status):
    assert http_status_for(code) == status
    assert CloudError(code, "message", "request-id").status_code == status


def test_no_answer_is_504_and_garbage_is_502():
    assert CloudUnreachable("timed out", maybe_delivered=True).status_code == 504
    assert CloudAnswerUnreadable("not an envelope", maybe_delivered=True).status_code == 502


def test_the_cloud_code_travels_with_the_answer():
    payload = CloudError("FailedOperation.TaskNotExist", "gone", "rid-1").payload()
    assert payload["cloud_code"] == "FailedOperation.TaskNotExist"
    assert payload["request_id"] == "rid-1"
