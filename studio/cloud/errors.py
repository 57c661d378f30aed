"""What can go wrong when calling the cloud, as values the app can act on."""

from __future__ import annotations

from layouts.errors import MixStudioError

# F.3: codes worth retrying, and how.
RATE_LIMIT_CODES = frozenset(
    {
        "RequestLimitExceeded",
        "RequestLimitExceeded.UinLimitExceeded",
        "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
        "RequestLimitExceeded.IPLimitExceeded",
        "FailedOperation.RestrictedFrequency",
        "OperationDenied.FreqOverLimit",
    }
)
TRANSIENT_CODES = frozenset(
    {
        "InternalError",
        "InternalError.InternalError",
        "ServiceUnavailable",
        "ResourceUnavailable",
    }
)
ALREADY_STOPPED_CODES = frozenset({"FailedOperation.TaskNotExist", "FailedOperation.TaskFinished"})
OUTDATED_CODE = "FailedOperation.RequestOutdated"  # R51: a number not above the last accepted
SEAT_TAKEN_CODE = "InvalidParameter.UserId"  # R9, once our own checks of R10 have passed

# How a refusal of the cloud reaches our callers. The cloud answered, so it is
# never a 502: a conflict with the state of the cloud (a task that ended, a
# stale SequenceNumber, a robot already seated, a quota) is 409; a request the
# cloud judges wrong, credentials included, is 422; its rate limit is 429.
# Only a cloud that failed on its own side (InternalError) stays a 502.
CONFLICT_PREFIXES = (
    "FailedOperation",
    "ResourceInUse",
    "ResourceNotFound",
    "LimitExceeded",
    "ResourceInsufficient",
    "UnsupportedOperation.TaskLimit",
    "OperationDenied",
)


def http_status_for(cloud_code: str) -> int:
    """The HTTP status our API answers when the cloud refused with `cloud_code`."""
    if cloud_code in RATE_LIMIT_CODES:
        return 429
    if cloud_code in TRANSIENT_CODES or cloud_code.startswith("InternalError"):
        return 502
    if cloud_code == SEAT_TAKEN_CODE or cloud_code.startswith(CONFLICT_PREFIXES):
        return 409
    return 422


class CloudError(MixStudioError):
    """The cloud (or the emulator) answered with an error envelope."""

    code = "cloud-error"

    def __init__(self, code: str, message: str, request_id: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.cloud_code = code
        self.cloud_message = message
        self.request_id = request_id

    @property
    def status_code(self) -> int:  # type: ignore[override]
        return http_status_for(self.cloud_code)

    @property
    def is_rate_limit(self) -> bool:
        return self.cloud_code in RATE_LIMIT_CODES

    @property
    def is_transient(self) -> bool:
        return self.cloud_code in TRANSIENT_CODES

    @property
    def is_client_error(self) -> bool:
        return self.cloud_code.split(".")[0] in {
            "InvalidParameter",
            "InvalidParameterValue",
            "MissingParameter",
            "UnknownParameter",
            "UnsupportedOperation",
            "InvalidAction",
            "NoSuchVersion",
            "UnsupportedRegion",
            "UnsupportedProtocol",
            "RequestSizeLimitExceeded",
        }

    def payload(self) -> dict[str, object]:
        body = super().payload()
        body.update(
            {
                "cloud_code": self.cloud_code,
                "cloud_message": self.cloud_message,
                "request_id": self.request_id,
            }
        )
        return body


class CloudUnreachable(MixStudioError):
    """No answer came back (or not one the API could send): the request may or may
    not have reached the cloud. 504 when nothing came back, 502 for garbage."""

    status_code = 504
    code = "cloud-unreachable"

    def __init__(self, message: str, *, maybe_delivered: bool) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


class CloudAnswerUnreadable(CloudUnreachable):
    """A 200 answer that is not an API envelope: the request may have run."""

    status_code = 502
    code = "cloud-answer-unreadable"
