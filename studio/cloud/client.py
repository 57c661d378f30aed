"""The TRTC cloud client: sign, send, read the envelope, retry as section F.3 says.

The same code path talks to Tencent Cloud over HTTPS and to the built-in
emulator (in-process or over HTTP): only the transport differs, so what the
emulator accepts is what the cloud is sent.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NewConnectionError

from layouts.core.contract.bodies import START, STOP, UPDATE
from studio.cloud import signing
from studio.cloud.errors import (
    ALREADY_STOPPED_CODES,
    CloudAnswerUnreadable,
    CloudError,
    CloudUnreachable,
)

log = logging.getLogger(__name__)


ACTIONS = (START, UPDATE, STOP)
CONNECT_TIMEOUT = 10.0  # seconds to connect; reading the answer may take longer


@dataclass(frozen=True)
class Credentials:
    secret_id: str
    secret_key: str
    token: str | None = None

    def __repr__(self) -> str:  # never print the key, even in a traceback
        return f"Credentials(secret_id={self.secret_id!r}, secret_key='***')"


@dataclass(frozen=True)
class Endpoint:
    url: str  # e.g. https://trtc.tencentcloudapi.com
    region: str = "ap-guangzhou"
    version: str = signing.API_VERSION
    language: str = "en-US"
    timeout: float = 10.0

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


@dataclass(frozen=True)
class CallResult:
    action: str
    request_body: bytes
    response: dict[str, Any]  # the inside of "Response"
    request_id: str
    latency_ms: int
    attempts: int

    @property
    def task_id(self) -> str:
        return self.response.get("TaskId", "")


@dataclass
class CallRecord:
    """One attempt, for the audit log; filled whether the attempt worked or not."""

    action: str
    body: bytes
    status: int | None = None
    response: dict[str, Any] = field(default_factory=dict)
    request_id: str = ""
    error_code: str = ""
    latency_ms: int = 0
    ref: Any = None  # whatever the on_send hook keeps to find this attempt again
    answered: bool = False  # an API envelope came back (a success or a cloud error)


class Transport(Protocol):
    def send(
        self, url: str, headers: dict[str, str], body: bytes, timeout: float
    ) -> tuple[int, bytes]: ...


class HttpTransport:
    """The real network, through one pooled requests.Session."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def send(
        self, url: str, headers: dict[str, str], body: bytes, timeout: float
    ) -> tuple[int, bytes]:
        try:
            response = self.session.post(
                url, data=body, headers=headers, timeout=(min(timeout, CONNECT_TIMEOUT), timeout)
            )
        except requests.ConnectTimeout as error:
            raise CloudUnreachable(str(error), maybe_delivered=False) from error
        except requests.ConnectionError as error:
            # No connection at all means the request never left; a reset after
            # connecting may have delivered it.
            reason = getattr(error.args[0], "reason", None) if error.args else None
            never_connected = isinstance(reason, NewConnectionError)
            raise CloudUnreachable(str(error), maybe_delivered=not never_connected) from error
        except requests.Timeout as error:
            raise CloudUnreachable(str(error), maybe_delivered=True) from error
        return response.status_code, response.content


@dataclass(frozen=True)
class RetryPolicy:
    """F.3 as numbers. Start is never repeated once it may have reached the server.

    A rate-limit refusal backs off for less: the client's own limiter already
    holds each action to 20 a second, so a refusal means the cloud counted this
    call a few milliseconds before the limiter did, and the next turn is near.
    """

    attempts: int = 3
    backoff_seconds: float = 0.5
    rate_limit_backoff_seconds: float = 0.05
    sleep: Callable[[float], None] = time.sleep

    def backoff(self, error: Exception, attempt: int) -> float:
        """Seconds to wait before attempt `attempt + 1`."""
        rate_limited = isinstance(error, CloudError) and error.is_rate_limit
        base = self.rate_limit_backoff_seconds if rate_limited else self.backoff_seconds
        return base * 2 ** (attempt - 1)


class TrtcClient:
    def __init__(
        self,
        credentials: Credentials,
        endpoint: Endpoint,
        transport: Transport | None = None,
        *,
        retry: RetryPolicy | None = None,
        rate_limit: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
        on_attempt: Callable[[CallRecord], None] | None = None,
        on_send: Callable[[CallRecord], None] | None = None,
    ) -> None:
        self.credentials = credentials
        self.endpoint = endpoint
        self.transport = transport or HttpTransport()
        self.retry = retry or RetryPolicy()
        self.rate_limit = rate_limit
        self.clock = clock
        self.on_attempt = on_attempt
        # Called just before each attempt leaves, so that a crash while the
        # answer is on its way still leaves a record of what was sent.
        self.on_send = on_send

    # -- the three actions ------------------------------------------------

    def start(self, body: dict[str, Any]) -> CallResult:
        # A repeated Start creates a second task whose robot kicks the first
        # (R9), so only failures that certainly did not run are retried.
        return self._call(START, body, retry_if=_start_may_retry)

    def update(self, body: dict[str, Any], next_sequence: Callable[[], int]) -> CallResult:
        """Each attempt takes a new, higher SequenceNumber from `next_sequence` (R51)."""

        def fresh_body() -> dict[str, Any]:
            return {**body, "SequenceNumber": next_sequence()}

        return self._call(UPDATE, fresh_body, retry_if=_update_may_retry)

    def stop(self, body: dict[str, Any]) -> CallResult:
        """Stopping a task that has already ended counts as stopped (R56)."""
        try:
            return self._call(STOP, body, retry_if=_idempotent_may_retry)
        except CloudError as error:
            if error.cloud_code in ALREADY_STOPPED_CODES:
                return CallResult(STOP, b"", {"AlreadyStopped": True}, error.request_id, 0, 1)
            raise

    # -- one call with its retries -----------------------------------------

    def _call(
        self,
        action: str,
        body: dict[str, Any] | Callable[[], dict[str, Any]],
        retry_if: Callable[[Exception], bool],
    ) -> CallResult:
        attempt = 0
        while True:
            attempt += 1
            payload = body() if callable(body) else body
            try:
                return self._send_once(action, payload, attempt)
            except (CloudError, CloudUnreachable) as error:
                if attempt >= self.retry.attempts or not retry_if(error):
                    raise
                self.retry.sleep(self.retry.backoff(error, attempt))

    def _send_once(self, action: str, payload: dict[str, Any], attempt: int) -> CallResult:
        if self.rate_limit is not None:
            self.rate_limit(action)
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        headers = signing.sign_request(
            secret_id=self.credentials.secret_id,
            secret_key=self.credentials.secret_key,
            host=self.endpoint.host,
            action=action,
            body=raw,
            timestamp=int(self.clock()),
            region=self.endpoint.region,
            version=self.endpoint.version,
            token=self.credentials.token,
            language=self.endpoint.language,
        )
        headers["X-TC-TraceId"] = str(uuid.uuid4())
        record = CallRecord(action=action, body=raw)
        if self.on_send is not None:
            self.on_send(record)
        started = time.monotonic()
        try:
            status, answer = self.transport.send(
                self.endpoint.url, headers, raw, self.endpoint.timeout
            )
            record.status = status
            record.latency_ms = int((time.monotonic() - started) * 1000)
            response = _read_envelope(status, answer)
            record.answered = True
            record.response = response
            record.request_id = response.get("RequestId", "")
            error = response.get("Error")
            if isinstance(error, dict):
                record.error_code = str(error.get("Code", ""))
                raise CloudError(
                    record.error_code, str(error.get("Message", "")), record.request_id
                )
            return CallResult(action, raw, response, record.request_id, record.latency_ms, attempt)
        except CloudUnreachable:
            record.latency_ms = int((time.monotonic() - started) * 1000)
            record.error_code = "NetworkError"
            raise
        finally:
            log.info(
                "trtc %s attempt=%d status=%s code=%s request_id=%s %dms",
                action,
                attempt,
                record.status,
                record.error_code or "ok",
                record.request_id,
                record.latency_ms,
            )
            if self.on_attempt is not None:
                self.on_attempt(record)


def _read_envelope(status: int, answer: bytes) -> dict[str, Any]:
    if status != 200:
        # The SDK treats any non-200 as a network error; the request may have run.
        raise CloudUnreachable(f"HTTP {status} from the cloud endpoint", maybe_delivered=True)
    try:
        envelope = json.loads(answer)
        response = envelope["Response"]
        if not isinstance(response, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise CloudAnswerUnreadable(
            "The cloud answered with something that is not an API envelope.", maybe_delivered=True
        ) from None
    return response


def _start_may_retry(error: Exception) -> bool:
    if isinstance(error, CloudUnreachable):
        return not error.maybe_delivered
    # Refused before it ran: rate limit or a clock-skew rejection.
    return isinstance(error, CloudError) and (
        error.is_rate_limit or error.cloud_code == "AuthFailure.SignatureExpire"
    )


def _idempotent_may_retry(error: Exception) -> bool:
    if isinstance(error, CloudUnreachable):
        return True
    return isinstance(error, CloudError) and (
        error.is_rate_limit
        or error.is_transient
        or error.cloud_code == "AuthFailure.SignatureExpire"
    )


def _update_may_retry(error: Exception) -> bool:
    # Another update of the same task may have taken a later number first;
    # the retry carries a fresh, higher one.
    stale = isinstance(error, CloudError) and error.cloud_code == "FailedOperation.RequestOutdated"
    return stale or _idempotent_may_retry(error)
