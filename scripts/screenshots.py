"""Screenshots of every page a producer works in (the editor, the library, the asset
library, the task list, the launch page, a live task and the monitor wall) at 1280x720
and 1440x900, in English and in Chinese, into var/screenshots/ (`make screenshots`).

The app runs on its own data folder (var/screenshots-data, made anew each time)
with the starter presets, an uploaded image and a task on the built-in emulator,
served on a free loopback port and driven by the system's Chromium.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "var" / "screenshots-data"
OUT = ROOT / "var" / "screenshots"
PYTHON = sys.executable
USER, PASSWORD = "producer", "screenshots-producer-42"
LANGUAGES = {"en": "en", "zh-hans": "zh-hans"}
VIEWPORTS = ({"width": 1280, "height": 720}, {"width": 1440, "height": 900})


PORT = 0  # chosen at the start; uploaded images live under the address served on


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "MIX_PUBLIC_BASE_URL": f"http://127.0.0.1:{PORT}",
        "MIX_DATA_DIR": str(DATA),
        "DATABASE_URL": f"sqlite:///{DATA / 'db.sqlite3'}",
        # Static files as they are in static/, without collectstatic.
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "studio.settings",
    }


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def seed() -> dict[str, int]:
    """A producer, an image used by a preset, and a running task; their ids."""
    import django

    django.setup()
    import copy

    from PIL import Image

    from layouts import assets, services
    from layouts.models import Preset
    from studio.control.services import launch, profiles
    from tests.factories import make_user, seed_examples

    user = make_user(USER, password=PASSWORD)
    logo = io.BytesIO()
    Image.new("RGB", (320, 120), (200, 16, 46)).save(logo, "PNG")
    asset = assets.store_asset(logo.getvalue(), original_name="station-logo.png", user=user)
    news = Preset.objects.get(starter_key="news")
    document = copy.deepcopy(news.document)
    document["WaterMarkList"].append(
        {
            "WaterMarkType": 0,
            "WaterMarkImage": {
                "WaterMarkUrl": assets.public_url(asset),
                "WaterMarkWidth": 320,
                "WaterMarkHeight": 120,
                "LocationX": 1560,
                "LocationY": 40,
                "ZOrder": 6,
            },
        }
    )
    shown = services.create_preset(name="晚间新闻 Evening news", document=document, user=user)
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    task = launch.start_task(app=profiles.emulator_app(), request=body, user=user)
    return {"preset": shown.preset.pk, "task": task.pk}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the app did not start")


def shoot(base: str, ids: dict[str, int]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

    pages = {
        "editor": (f"/presets/{ids['preset']}/edit", "body[data-editor-ready='true']"),
        "library": ("/presets/", ".card"),
        "assets": ("/assets/", "#assets-page[data-ready='true']"),
        "control-room": (f"/tasks/{ids['task']}/", "#task-page[data-ready='true']"),
        "tasks": ("/tasks/", "#task-list, table"),
        "launch": ("/tasks/launch", "form"),
        "wall": ("/tasks/wall/", "main"),
    }
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for suffix, language, viewport in (
            (suffix, language, viewport)
            for suffix, language in LANGUAGES.items()
            for viewport in VIEWPORTS
        ):
            size = f"{viewport['width']}x{viewport['height']}"
            context = browser.new_context(
                viewport=viewport, extra_http_headers={"Accept-Language": language}
            )
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", USER)
            page.fill("#id_password", PASSWORD)
            page.press("#id_password", "Enter")
            page.wait_for_load_state("networkidle")
            for name, (path, ready) in pages.items():
                page.goto(f"{base}{path}", wait_until="domcontentloaded")
                page.wait_for_selector(ready, timeout=60_000)
                if name == "editor":
                    page.locator('.mx-el[data-id="slot:0"]').click()
                    page.select_option("#mx-safe-area", "broadcast")
                    page.evaluate("document.fonts.ready")
                if name == "control-room":
                    page.locator('.mx-el[data-id="slot:1"]').click()
                    page.keyboard.press("Shift+ArrowDown")
                    page.evaluate("window.scrollTo(0, 0)")
                page.wait_for_timeout(2500)  # previews and the program monitor settle
                target = OUT / f"{name}-{size}-{suffix}.png"
                page.screenshot(path=str(target))
                wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
                if wide:
                    print(f"{target.name}: scrolls sideways", file=sys.stderr)
                saved.append(target)
                if name == "control-room":
                    # Further down: the side panels, then the staged editor as Shift+E shows it.
                    page.evaluate("document.getElementById('events-title').scrollIntoView()")
                    target = OUT / f"{name}-panels-{size}-{suffix}.png"
                    page.screenshot(path=str(target))
                    saved.append(target)
                    page.locator("#edit-staged").click()
                    page.wait_for_timeout(500)
                    target = OUT / f"{name}-staged-{size}-{suffix}.png"
                    page.screenshot(path=str(target))
                    saved.append(target)
            context.close()
        browser.close()
    return saved


def main() -> None:
    global PORT
    if "--seed" in sys.argv:
        print(json.dumps(seed()))
        return
    PORT = free_port()
    shutil.rmtree(DATA, ignore_errors=True)
    DATA.mkdir(parents=True)
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run([PYTHON, "scripts/make_keys.py"], cwd=ROOT, env=environment(), check=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_starter_presets")
    manage("ensure_sandbox_app")
    seeded = subprocess.run(
        [PYTHON, "scripts/screenshots.py", "--seed"],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    ids = json.loads(seeded.stdout.strip().splitlines()[-1])
    base = f"http://127.0.0.1:{PORT}"
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # The program engine: one job worker draws the live task's program.
    engine = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.05",
            "--no-reload",
        ],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base)
        for path in shoot(base, ids):
            print(path.relative_to(ROOT))
    finally:
        for process in (server, engine):
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
