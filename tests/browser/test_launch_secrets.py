"""The launch page asks for the secrets a preset never keeps, in Chromium against the emulator.

A preset recording to cloud storage comes back without its AccessKey and
SecretKey: the page asks for them, the check names the cloud's own code until
they are given, and the task launches once they are.
"""

from __future__ import annotations

import copy
import json
import re

import pytest
from playwright.sync_api import expect

from layouts import services as layout_services
from studio.control.models import MixTask
from tests.factories import cloud_storage, seed_examples

pytestmark = pytest.mark.browser


def recording_preset() -> int:
    body = copy.deepcopy(seed_examples()[0])
    body["RoomId"] = "1001"
    body["RecordParams"] = {
        "UniRecord": 3,
        "RecordFormat": ["hls"],
        "McuStorageParams": {"CloudStorage": cloud_storage()},
    }
    return layout_services.import_preset(body, user=None, name="Recorded show").preset.pk


def test_a_recording_preset_asks_for_its_storage_keys_before_launching(page, sandbox_profile):
    preset = recording_preset()

    page.goto(f"/tasks/launch?preset={preset}")

    keys = page.locator("#storage-keys")
    expect(keys).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("MissingParameter.AccessKey")
    expect(page.locator("#problems")).to_contain_text("MissingParameter.SecretKey")
    expect(page.locator("#launch")).to_be_disabled()

    page.fill("input[name=storageAccessKey]", "AKIDstorage")
    page.fill("input[name=storageSecretKey]", "storage-secret")
    page.locator("input[name=storageSecretKey]").blur()  # its change is checked too
    expect(page.locator("#check-state")).to_have_text("Ready to launch.")
    expect(page.locator("#problems")).not_to_contain_text("MissingParameter")
    page.click("#launch")

    page.wait_for_url(re.compile(r"/tasks/\d+/$"))
    kept = json.dumps(MixTask.objects.get().params)
    assert "AKIDstorage" not in kept and "storage-secret" not in kept
