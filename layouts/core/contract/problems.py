"""What every check returns: problems with a path, a rule, a severity and a message.

A problem's text is an English template (marked with `gettext_noop`) plus its
parameters, so the API layer can translate it when it answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from layouts.core.text import gettext_noop, translate_params

ERROR = "error"
WARNING = "warning"

# Rule codes of our own (the reference's rules are cited by R-number).
UNKNOWN_FIELD = "unknown-field"
WRONG_TYPE = "type"
REQUIRED = "required"
DUPLICATE_BINDING = "duplicate-binding"
DUPLICATE_AUDIO_USER = "duplicate-audio-user"
HIDDEN_SLOT = "hidden-slot"
SAME_ZORDER = "same-zorder"
ZERO_SIZE = "zero-size"
ZERO_CANVAS = "zero-canvas"
WATERMARK_OUTSIDE = "watermark-outside"
RANGE = "range"
UNREACHABLE_IMAGE = "unreachable-image"
SDK_APP_ID = "sdk-app-id"
SHARED_PAYLOAD_TYPE = "shared-payload-type"

# The text of every "field is missing" problem: `is_missing` recognises it.
MISSING_TEMPLATE = gettext_noop("%(field)s is required.")


@dataclass(frozen=True)
class Problem:
    path: str
    rule: str
    severity: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.render(lambda text: text)

    def render(self, translate: Callable[[str], str]) -> str:
        text = translate(self.template)
        return text % translate_params(self.params, translate) if self.params else text

    def to_dict(self, translate: Callable[[str], str] = lambda text: text) -> dict[str, str]:
        return {
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.render(translate),
        }

    def under(self, prefix: str) -> Problem:
        """The same problem with its path inside `prefix` (e.g. "VideoParams")."""
        return Problem(
            join_path(prefix, self.path), self.rule, self.severity, self.template, self.params
        )


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def first_error(problems: list[Problem]) -> Problem | None:
    return next((p for p in problems if p.severity == ERROR), None)


def is_missing(problem: Problem) -> bool:
    return problem.template == MISSING_TEMPLATE


def missing(path: str, rule: str) -> Problem:
    return Problem(path, rule, ERROR, MISSING_TEMPLATE, {"field": path.rsplit(".", 1)[-1]})


def join_path(path: str, name: str) -> str:
    if not path:
        return name
    return f"{path}.{name}" if name else path
