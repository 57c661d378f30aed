"""Small builders of valid documents and users shared by the tests."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_FILE = SHARED / "seed" / "StartPublishCdnStream.txt"


def seed_examples() -> list[dict[str, Any]]:
    """The five request bodies of the API page, in order (examples 1 to 5)."""
    text = SEED_FILE.read_text()
    decoder = json.JSONDecoder()
    bodies = []
    for marker in re.finditer(r"<Common request parameters>\s*\n", text):
        start = text.index("{", marker.end())
        body, _end = decoder.raw_decode(text[start:])
        bodies.append(body)
    return bodies


def document(width: int = 1280, height: int = 720, slots: int = 2) -> dict[str, Any]:
    """A valid custom layout: `slots` pictures side by side, full height."""
    slot_w = width // max(slots, 1)
    return copy.deepcopy(
        {
            "VideoEncode": {"Width": width, "Height": height, "Fps": 25, "BitRate": 1500, "Gop": 2},
            "LayoutParams": {
                "MixLayoutMode": 4,
                "MixLayoutList": [
                    {
                        "LocationX": i * slot_w,
                        "LocationY": 0,
                        "ImageWidth": slot_w,
                        "ImageHeight": height,
                        "ZOrder": 0,
                        "RenderMode": 0,
                    }
                    for i in range(slots)
                ],
            },
            "BackGroundColor": "0x000000",
        }
    )


def cloud_storage() -> dict[str, Any]:
    """A complete McuStorageParams.CloudStorage (B.23), keys included as a launch needs them."""
    return {
        "Vendor": 0,
        "Region": "ap-guangzhou",
        "Bucket": "show-1250000000",
        "AccessKey": "AKIDstorage",
        "SecretKey": "storage-secret",
    }


def make_user(username: str = "producer", role: str = "producer", password: str | None = None):
    """A user with a role: "viewer" (no group), "producer" or "admin" (a group each)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, password=password)
    if role != "viewer":
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
