"""The small family of exceptions that services raise.

The API layer turns each into a 4xx answer in one place
(`studio.api_errors.exception_handler`), so views never build error bodies.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from layouts.core.contract.problems import Problem, first_error


class MixStudioError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body


class ProblemsRefused(MixStudioError):
    """Refused for the problems listed (all of them go back, warnings too)."""

    def __init__(self, message: str, problems: list[Problem], *, field: str = "") -> None:
        super().__init__(message, field=field)
        self.problems = problems

    def payload(self) -> dict[str, Any]:
        body = super().payload()
        body["problems"] = problems_payload(self.problems)
        return body


class LayoutInvalid(ProblemsRefused):
    """A document has errors; nothing was saved."""

    code = "layout-invalid"

    def __init__(self, problems: list[Problem], *, path_prefix: str = "document") -> None:
        count = sum(1 for p in problems if p.severity == "error")
        first = first_error(problems)
        summary = _("The layout has %(count)d error(s).") % {"count": count}
        if first is not None:
            summary += " " + first.render(_)
        field = _prefixed(path_prefix, first.path) if first else ""
        super().__init__(summary, problems, field=field)


class ShowInvalid(ProblemsRefused):
    """A request body, or a preset's request, has errors; nothing was saved.

    Its problems' paths are inside the body (VideoParams.BackGroundColor,
    AudioParams.AudioEncode.SampleRate); `field` names the first error's.
    """

    code = "request-invalid"

    def __init__(self, problems: list[Problem], *, path_prefix: str = "") -> None:
        count = sum(1 for p in problems if p.severity == "error")
        first = first_error(problems)
        summary = _("The request has %(count)d error(s).") % {"count": count}
        if first is not None:
            summary += f" {first.path}: {first.render(_)} ({first.rule})"
        field = _prefixed(path_prefix, first.path) if first else ""
        super().__init__(summary, problems, field=field)


class VersionConflict(MixStudioError):
    """The client edited an older version than the one stored."""

    status_code = 409
    code = "version-conflict"

    def __init__(self, current_version: int, sent_version: int) -> None:
        super().__init__(
            _(
                "This preset was saved by someone else in the meantime: you edited version "
                "%(sent)d, the current one is %(current)d. Nothing was overwritten."
            )
            % {"sent": sent_version, "current": current_version},
            field="version",
        )
        self.current_version = current_version

    def payload(self) -> dict[str, Any]:
        body = super().payload()
        body["current_version"] = self.current_version
        return body


class NotFound(MixStudioError):
    status_code = 404
    code = "not-found"


def _prefixed(prefix: str, path: str) -> str:
    if not prefix:
        return path
    return f"{prefix}.{path}" if path else prefix


def problems_payload(problems: list[Problem]) -> list[dict[str, str]]:
    """Problems as JSON, their messages in the active language."""
    return [problem.to_dict(_) for problem in problems]
