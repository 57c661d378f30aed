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


class CloudError(MixStudioError):
    """The cloud (or the emulator) answered with an error envelope."""

    status_code = 502
    code = "cloud-error"

    def __init__(self, code: str, message: str, request_id: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.cloud_code = code
        self.cloud_message = message
        self.request_id = request_id

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
    """No answer came back: the request may or may not have reached the cloud."""

    status_code = 504
    code = "cloud-unreachable"

    def __init__(self, message: str, *, maybe_delivered: bool) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered
