"""Storing SEI captures: from the on-air verifier, or imported from JSON files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from layouts.core import calibration
from layouts.core.calibration import CaptureInvalid
from layouts.models import TemplateCapture
from layouts.services import acting_user

MAX_FILE_BYTES = 10 * 1024 * 1024


def save_capture(
    data: Any, *, source: str = "", user: AbstractBaseUser | None = None
) -> TemplateCapture:
    """Check and store one capture ({"mode", "participants"?, "payloads"}).

    Raises CaptureInvalid, naming the field, when it cannot calibrate anything.
    """
    capture = calibration.read_capture(data)
    width, height = calibration.canvas_of(capture)
    return TemplateCapture.objects.create(
        source=source[:500],
        mode=capture.mode,
        canvas_w=width,
        canvas_h=height,
        participants=list(capture.participants),
        payloads=list(capture.payloads),
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
