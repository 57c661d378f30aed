"""Storing SEI captures: imported from JSON files, or proposed by the on-air verifier.

An import is an administrator's act and calibrates at once, for every app. What
Verify reads from a stream is a proposal for the app of its task: anyone who can
run Verify chooses the stream, so only an administrator's acceptance lets it
change any geometry (see `TemplateCapture`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from layouts import selectors
from layouts.core import calibration
from layouts.core.calibration import CaptureInvalid
from layouts.models import TemplateCapture
from layouts.services import acting_user

MAX_FILE_BYTES = 10 * 1024 * 1024
# A proposal keeps the last payloads of its stream: a few seconds of a real one, and a
# bound on what one crafted stream can make the database hold.
MAX_PROPOSED_PAYLOADS = 32


def save_capture(
    data: Any, *, source: str = "", user: AbstractBaseUser | None = None
) -> TemplateCapture:
    """Check and store one capture ({"mode", "participants"?, "payloads"}), accepted for every app.

    Raises CaptureInvalid, naming the field, when it cannot calibrate anything.
    """
    return _store(data, source=source, user=user, status=TemplateCapture.Status.ACCEPTED)


def propose_capture(
    data: Any, *, source: str, sdk_app_id: int, user: AbstractBaseUser | None = None
) -> TemplateCapture:
    """Check and store what a stream showed, as a proposal for the app `sdk_app_id`.

    Only the last MAX_PROPOSED_PAYLOADS payloads are kept. Raises CaptureInvalid,
    naming the field, when it cannot calibrate anything.
    """
    if isinstance(data, dict) and isinstance(data.get("payloads"), list):
        data = {**data, "payloads": data["payloads"][-MAX_PROPOSED_PAYLOADS:]}
    return _store(
        data,
        source=source,
        user=user,
        status=TemplateCapture.Status.PROPOSED,
        sdk_app_id=sdk_app_id,
    )


def review_captures(
    captures: Iterable[TemplateCapture], status: str, *, user: AbstractBaseUser | None
) -> int:
    """Accept or reject captures (an administrator's act); how many changed."""
    if status not in (TemplateCapture.Status.ACCEPTED, TemplateCapture.Status.REJECTED):
        raise ValueError(status)
    ids = [capture.pk for capture in captures if capture.status != status]
    changed = TemplateCapture.objects.filter(pk__in=ids).update(
        status=status, reviewed_by=acting_user(user), reviewed_at=timezone.now()
    )
    selectors.calibration_changed()  # an update() sends no post_save
    return changed


def _store(
    data: Any,
    *,
    source: str,
    user: AbstractBaseUser | None,
    status: str,
    sdk_app_id: int | None = None,
) -> TemplateCapture:
    capture = calibration.read_capture(data)
    width, height = calibration.canvas_of(capture)
    return TemplateCapture.objects.create(
        source=source[:500],
        mode=capture.mode,
        canvas_w=width,
        canvas_h=height,
        participants=list(capture.participants),
        payloads=list(capture.payloads),
        status=status,
        sdk_app_id=sdk_app_id,
        captured_by=acting_user(user),
    )


def import_folder(folder: Path) -> tuple[list[TemplateCapture], list[str]]:
    """Store every *.json capture in `folder`: the saved ones, and a line per refused file.

    A file holds one capture or a list of them. All good files are saved in one
    transaction, so an import never stops half-way.
    """
    saved, refused = [], []
    with transaction.atomic():
        for path in sorted(folder.glob("*.json")):
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    raise CaptureInvalid("", f"the file is larger than {MAX_FILE_BYTES} bytes")
                data = json.loads(path.read_text(encoding="utf-8"))
                items = data if isinstance(data, list) else [data]
                for index, item in enumerate(items):
                    where = path.name if len(items) == 1 else f"{path.name}[{index}]"
                    try:
                        saved.append(save_capture(item, source=where))
                    except CaptureInvalid as error:
                        refused.append(f"{where}: {error}")
            except (OSError, UnicodeDecodeError, ValueError) as error:
                refused.append(f"{path.name}: {error}")
    return saved, refused
