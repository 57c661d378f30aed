"""`make bench-take`: a live emulator program as its viewers meet it. Figures, never tests.

Run as `.venv/bin/python -m tests.bench.live_program`. In a throwaway data folder
(its own SQLite database, file cache and static files) it serves the app as
`make run` does, on loopback: gunicorn with 2 workers of 4 threads, and
MIX_PROGRAM_ENGINES `manage.py db_worker` processes drawing the programs.

Take to visible: the system's Chromium (headless, Playwright) opens a running
720p15 task's page, whose monitor plays the program (hls.js, low-latency mode).
Each of `--takes` Takes changes the canvas background to a colour far from the
last; the time from the Take's accepted answer (POST /api/tasks/{id}/take/
answered 200) to the first video frame whose sampled background pixel, drawn
into a canvas in the page, shows the new colour is measured, with the page's
and this process's clocks (the same machine's). The baseline is the part's
duration: a Take is dated at the start of the next part. It runs once on a quiet
machine and once with two more programs live, with the load average of each.
Each Take also splits into its wait for the next part (Take to on air) and the
rest (on air to visible: drawing, fetching, and the player's distance from the
live edge); player stalls and parts the engine skipped are counted.

A preview beside program requests: the editor's preview of a 1280x720 layout
(POST /api/layouts/preview/, each with a new colour so that none is cached) by
one user, timed on a quiet server (another task's program drawn, nobody
watching), then while another user (one viewer) keeps 16 program requests of
that task in flight: blocking playlist reloads, the part to come (the preload
hint) and the newest segment. Twice: each of the 16 asking again the moment it
is answered (a 429 included), and, as players do, waiting a part after a miss (a
reload answered without the part it asked for, or a request refused 429 because
the viewer's share of program requests was in flight).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.processes import stop

ROOT = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT, FPS = 1280, 720, 15
BAND = 180  # px of bare canvas above the pictures, where the background colour shows
SAMPLE = (WIDTH // 2, BAND // 2)  # the pixel watched
TOLERANCE = 48  # per channel: H.264 and the YUV round trip move a flat colour a little
COLOURS = (
    (200, 0, 0),
    (0, 170, 0),
    (0, 0, 200),
    (220, 220, 0),
    (200, 0, 200),
    (0, 200, 200),
    (240, 240, 240),
    (30, 30, 30),
    (240, 120, 0),
    (90, 0, 160),
    (0, 120, 60),
)
TARGET_QUIET_S, TARGET_LOADED_S = 1.0, 2.0  # the targets for the median
PREVIEWS = 20
PROGRAM_REQUESTS = 16
PREVIEW_RATIO_TARGET = 2.0
WARM_UP_SECONDS = 4.0  # a program's first parts, and the player's start, are not counted
LOADED_WARM_UP_SECONDS = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=10)
    parser.add_argument(
        "--others", type=int, default=2, help="more programs live in the second run"
    )
    parser.add_argument(
        "--busy",
        type=int,
        default=0,
        help="processes spinning on the CPU in the second run too (to reach a load of 4)",
    )
    parser.add_argument("--only", choices=("take", "preview"), help="one of the two figures")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="mix-bench-live-")
    try:
        _prepare(folder)
        from tests.bench.table import render

        rows = []
        with _serving() as base:
            if options.only in (None, "take"):
                rows += take_rows(base, options.takes, options.others, options.busy)
            if options.only in (None, "preview"):
                rows += preview_rows(base)
        print(render(rows))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# The servers ----------------------------------------------------------------------------


def _prepare(folder: str) -> None:
    """This process, and every server it starts, on the fresh data folder."""
    env = {
        "MIX_DATA_DIR": folder,
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "MIX_BACKEND": "emulator",
        "MIX_SANDBOX_URL": "",
        "MIX_LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "studio.settings",
        # Playwright's sync API runs an event loop in this thread; the ORM calls are sync.
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }
    os.environ.update(env)
    for name in ("MIX_CACHE_BACKEND", "MIX_CACHE_LOCATION", "DJANGO_SECRET_KEY"):
        os.environ.pop(name, None)
    subprocess.run([sys.executable, "scripts/make_keys.py"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.core.management import call_command

    _note("migrating and collecting the static files")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    _repair_doubled_hashes(Path(folder) / "static")
    call_command("ensure_sandbox_app", verbosity=0)


def _repair_doubled_hashes(static_root: Path) -> None:
    """Undo a doubled content hash in the collected modules' imports (a workaround).

    Django's rewriting of JS module imports also matches `export ... from "x.js"`
    across lines, from the word "export" in a comment down to the next import:
    the comment of js/editor/timelinestrip.js ("and export the scenario as a
    video") gets `import * as C from "./contract.js"` rewritten twice, to
    contract.<hash>.<hash>.js, which does not exist, and every page that imports
    the editor's workspace (the task page too) fails to start. The stale
    compressed copies of a repaired file are removed: WhiteNoise serves it as is.
    """
    doubled = re.compile(r"(\.[0-9a-f]{12})\1(\.js)")
    for path in (found for found in static_root.rglob("*.js") if found.is_file()):
        text = path.read_text(encoding="utf-8")
        repaired = doubled.sub(r"\1\2", text)
        if repaired != text:
            _note(f"repairing the doubled import hashes of {path.relative_to(static_root)}")
            path.write_text(repaired, encoding="utf-8")
            for copy in (path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")):
                copy.unlink(missing_ok=True)


@contextlib.contextmanager
def _serving() -> Iterator[str]:
    """gunicorn (2 workers x 4 threads) and the engine's db_worker processes, as make run."""
    from django.conf import settings

    from tests.bench.servers import app_server

    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
    command += ["--interval", "0.05", "--no-reload", "-v", "0"]
    log = (Path(settings.DATA_DIR) / "db_worker.log").open("wb")
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log)
        for _engine in range(settings.MIX_PROGRAM_ENGINES)
    ]
    try:
        with app_server() as base:
            yield base
    finally:
        stop(*workers, grace=20)
        log.close()


def _session(role: str, name: str) -> tuple[Any, Any]:
    """A new user of `role`, and a requests session signed in with their API token."""
    import requests
    from rest_framework.authtoken.models import Token

    from tests.factories import make_user

    user = make_user(name, role)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    return session, user


def _document(colour: tuple[int, int, int], people: int = 2) -> dict[str, Any]:
    """720p15, `people` pictures side by side below a band of bare canvas."""
    width = WIDTH // people
    slots = [
        {
            "UserMediaStream": {"UserInfo": {"UserId": f"anchor-{n + 1}"}, "StreamType": 0},
            "LocationX": n * width,
            "LocationY": BAND,
            "ImageWidth": width,
            "ImageHeight": HEIGHT - BAND,
            "ZOrder": 1,
        }
        for n in range(people)
    ]
    return {
        "VideoEncode": {"Width": WIDTH, "Height": HEIGHT, "Fps": FPS, "BitRate": 1500, "Gop": 2},
        "BackGroundColor": "0x{:02X}{:02X}{:02X}".format(*colour),
        "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": slots},
    }


def _start_task(session: Any, base: str, room: str) -> dict[str, Any]:
    request = {
        "RoomId": room,
        "RoomIdType": 0,
        "AgentParams": {"MaxIdleTime": 300},
        "WithTranscoding": 1,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": _document(COLOURS[0]),
        "PublishCdnParams": [{"PublishCdnUrl": f"rtmp://push.example.com/live/bench{room}"}],
        "SeiParams": {"LayoutVolume": {}},
    }
    answer = session.post(f"{base}/api/tasks/", json={"request": request}, timeout=30)
    answer.raise_for_status()
    return answer.json()


def _stop_task(session: Any, base: str, task: dict[str, Any]) -> None:
    session.post(f"{base}/api/tasks/{task['id']}/stop/", timeout=30).raise_for_status()


# Take to visible ------------------------------------------------------------------------

WATCH = """([x, y, tolerance]) => {
  // Each frame the video presents: its pixel (x, y), drawn into a 1x1 canvas.
  const video = document.getElementById("program-video");
  const canvas = document.createElement("canvas");
  canvas.width = 1;
  canvas.height = 1;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const watch = { target: null, seen: null, stalls: 0 };
  video.addEventListener("waiting", () => { watch.stalls += 1; });
  const look = () => {
    if (watch.target && watch.seen === null) {
      context.drawImage(video, x, y, 1, 1, 0, 0, 1, 1);
      const pixel = context.getImageData(0, 0, 1, 1).data;
      if (watch.target.every((value, i) => Math.abs(value - pixel[i]) <= tolerance)) {
        watch.seen = Date.now();
      }
    }
    video.requestVideoFrameCallback(look);
  };
  video.requestVideoFrameCallback(look);
  window.mxTakeWatch = watch;
}"""
PLAYING = (
    "() => { const v = document.getElementById('program-video');"
    " return v && v.readyState >= 2 && v.currentTime > 0; }"
)


def take_rows(base: str, takes: int, more: int, busy: int) -> list[Any]:
    from django.conf import settings
    from django.test import Client
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

    part = settings.MIX_PROGRAM_SEGMENT_SECONDS / settings.MIX_PROGRAM_PARTS
    producer, user = _session("producer", "bench-producer")
    task = _start_task(producer, base, "7001")
    client = Client()
    client.force_login(user)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
        )
        page = context.new_page()
        refused: list[str] = []
        page.on(
            "response", lambda r: refused.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        page.goto(f"/tasks/{task['id']}/")
        try:
            page.wait_for_selector("#task-page[data-ready='true']", timeout=30_000)
            page.wait_for_function(PLAYING, timeout=60_000)
        except Exception as error:
            raise RuntimeError(f"the monitor did not play; answers refused: {refused}") from error
        time.sleep(WARM_UP_SECONDS)
        page.evaluate(WATCH, [*SAMPLE, TOLERANCE])
        random_phase = random.Random(7)
        others: list[dict[str, Any]] = []
        spinning = 0
        stack = contextlib.ExitStack()
        try:
            for label, target in (("quiet", TARGET_QUIET_S), ("loaded", TARGET_LOADED_S)):
                if label == "loaded":
                    _note(f"starting {more} more programs and {busy} busy processes")
                    others = [_start_task(producer, base, f"{7002 + n}") for n in range(more)]
                    spinning = stack.enter_context(_spinning(busy))
                    # A while, so that the load average (a minute's) shows them.
                    time.sleep(LOADED_WARM_UP_SECONDS)
                _note(f"{takes} Takes, {label}")
                took = _takes(page, producer, base, task, takes, random_phase, part)
                load = os.getloadavg()
                rows += _take_rows(label, took, part, target, load, len(others), spinning)
        finally:
            stack.close()
            for other in others:
                _stop_task(producer, base, other)
            context.close()
            browser.close()
    _stop_task(producer, base, task)
    return rows


@contextlib.contextmanager
def _spinning(count: int) -> Iterator[int]:
    """`count` processes that only spin, as other work on the machine would."""
    spin = [sys.executable, "-c", "while True: pass"]
    processes = [subprocess.Popen(spin) for _ in range(count)]
    try:
        yield count
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=10)


def _takes(
    page: Any, session: Any, base: str, task: dict[str, Any], count: int, phase: Any, part: float
) -> dict[str, Any]:
    """`count` Takes, each a new background colour: their timings, stalls and skipped parts."""
    from studio.cloud.emulator.program.models import ProgramChange, ProgramState

    visible, on_air, after_on_air = [], [], []
    stalls = page.evaluate("mxTakeWatch.stalls")
    skipped = ProgramState.objects.get(task__task_id=task["task_id"]).skipped
    current = page.evaluate("mxTakeWatch.target") or COLOURS[0]
    for number in range(count):
        colour = next(c for c in _palette(number) if _far(c, current))
        # A Take lands anywhere within a part: what it waits for differs each time.
        time.sleep(1.0 + phase.uniform(0, part))
        page.evaluate("target => { mxTakeWatch.target = target; mxTakeWatch.seen = null; }", colour)
        answer = session.post(
            f"{base}/api/tasks/{task['id']}/take/",
            json={"request": {"VideoParams": _document(colour)}},
            timeout=30,
        )
        accepted = time.time()
        answer.raise_for_status()
        page.wait_for_function("() => mxTakeWatch.seen !== null", timeout=20_000, polling=200)
        seen = page.evaluate("mxTakeWatch.seen") / 1000
        change = ProgramChange.objects.filter(task__task_id=task["task_id"], kind="update")
        dated = change.order_by("-id").values_list("at", flat=True).first()
        visible.append(seen - accepted)
        on_air.append(dated - accepted)
        after_on_air.append(seen - dated)
        current = colour
    return {
        "visible": visible,
        "on_air": on_air,
        "after_on_air": after_on_air,
        "stalls": page.evaluate("mxTakeWatch.stalls") - stalls,
        "skipped": ProgramState.objects.get(task__task_id=task["task_id"]).skipped - skipped,
    }


def _take_rows(
    label: str,
    took: dict[str, Any],
    part: float,
    target: float,
    load: tuple[float, float, float],
    others: int,
    spinning: int,
) -> list[Any]:
    from tests.bench.table import Row

    programs = 1 + others
    busy = f" and {spinning} busy processes" if spinning else ""
    where = (
        f"{label}: {programs} program{'s' if programs > 1 else ''} live{busy}, "
        f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    visible = took["visible"]
    detail = (
        f"Take to on air median {statistics.median(took['on_air']) * 1000:.0f} ms, "
        f"on air to visible median {statistics.median(took['after_on_air']) * 1000:.0f} ms, "
        f"{took['stalls']} player stalls, {took['skipped']} parts skipped"
    )
    return [
        Row(
            "Take to visible",
            f"median of {len(visible)} Takes, {where} (target <= {target:g} s)",
            statistics.median(visible) * 1000,
            "a part",
            part * 1000,
            at_most=target / part,
        ),
        Row(
            "Take to visible",
            f"p90, {label} ({detail})",
            _p90(visible) * 1000,
            "a part",
            part * 1000,
        ),
    ]


def _palette(start: int) -> list[tuple[int, int, int]]:
    return [COLOURS[(start + 1 + n) % len(COLOURS)] for n in range(len(COLOURS))]


def _far(colour: tuple[int, int, int], other: Any) -> bool:
    return any(abs(a - b) > 2 * TOLERANCE for a, b in zip(colour, other, strict=True))


def _p90(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, -(-9 * len(ordered) // 10) - 1))]


# A preview beside program requests ------------------------------------------------------


def preview_rows(base: str) -> list[Any]:
    from django.conf import settings

    from tests.bench.table import Row

    part = settings.MIX_PROGRAM_SEGMENT_SECONDS / settings.MIX_PROGRAM_PARTS
    producer, _user = _session("producer", "bench-watched")
    viewer, _user = _session("viewer", "bench-viewer")
    designer, _user = _session("producer", "bench-designer")
    task = _start_task(producer, base, "7101")
    colours = iter(range(1, 1 << 24))
    rows = []
    try:
        time.sleep(WARM_UP_SECONDS)
        _previews(designer, base, colours, 3)  # connections, fonts, test cards
        quiet = _previews(designer, base, colours, PREVIEWS)
        quiet_load = os.getloadavg()
        baseline = f"quiet server (p95 {_p95(quiet):.0f} ms, load {quiet_load[0]:.2f})"
        for pause, how in (
            (0.0, "asking again at once"),
            (part, "as players (a miss retried a part later)"),
        ):
            with _program_requests(viewer, base, task, pause) as answered:
                time.sleep(1.0)
                loaded = _previews(designer, base, colours, PREVIEWS)
                load = os.getloadavg()
                statuses = ", ".join(f"{n} x {status}" for status, n in sorted(answered.items()))
            rows.append(
                Row(
                    "Preview",
                    f"1280x720 preview (p95 {_p95(loaded):.0f} ms) beside {PROGRAM_REQUESTS} "
                    f"program requests of one viewer {how} ({statuses}; load {load[0]:.2f})",
                    statistics.median(loaded),
                    baseline,
                    statistics.median(quiet),
                    at_most=PREVIEW_RATIO_TARGET,
                )
            )
    finally:
        _stop_task(producer, base, task)
    return rows


def _previews(session: Any, base: str, colours: Iterator[int], count: int) -> list[float]:
    """ms of `count` previews one after the other, each of a colour not seen before."""
    timings = []
    for _number in range(count):
        colour = next(colours)
        document = _document(((colour >> 16) & 255, (colour >> 8) & 255, colour & 255), 4)
        body = {"document": document, "format": "png", "scale": 0.5, "overlay": False}
        began = time.perf_counter()
        answer = session.post(f"{base}/api/layouts/preview/", json=body, timeout=30)
        timings.append((time.perf_counter() - began) * 1000)
        answer.raise_for_status()
    return timings


@contextlib.contextmanager
def _program_requests(
    session: Any, base: str, task: dict[str, Any], pause: float
) -> Iterator[dict[int, int]]:
    """PROGRAM_REQUESTS threads of one viewer, each asking in turn for the part after the
    newest (a blocking playlist reload), the part to come (the preload hint) and the
    newest segment (once). Each asks again as soon as it is answered; after a miss (a reload
    answered without the part it asked for, a part not drawn) it first waits `pause`
    seconds, as hls.js does. Yields the count of answers by status, as they come."""
    import requests

    # One connection per thread: the viewer's requests are all in flight at once.
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=PROGRAM_REQUESTS))
    answered: dict[int, int] = {}
    lock = threading.Lock()
    stop = threading.Event()
    hls = base + session.get(f"{base}/api/tasks/{task['id']}/program/", timeout=30).json()["hls"]

    def ask(url: str) -> Any:
        answer = session.get(url, timeout=30)
        with lock:
            answered[answer.status_code] = answered.get(answer.status_code, 0) + 1
        return answer

    def viewer() -> None:
        first = ask(hls)
        while not first.ok and not stop.is_set():  # refused (429): asked again, as players do
            if pause:
                stop.wait(pause)
            first = ask(hls)
        text = first.text
        fetched: set[str] = set()  # a segment is fetched once, as a player would
        while not stop.is_set():
            wanted = _next_part(text)
            reloaded = ask(
                f"{hls}{'&' if '?' in hls else '?'}_HLS_msn={wanted[0]}&_HLS_part={wanted[1]}"
            )
            text = reloaded.text if reloaded.ok else text
            missed = _next_part(text) <= wanted
            for uri in _hint_and_newest_segment(text, fetched):
                if stop.is_set():
                    return
                missed |= not ask(uri if uri.startswith("http") else base + uri).ok
            if missed and pause:
                stop.wait(pause)

    threads = [threading.Thread(target=viewer, daemon=True) for _ in range(PROGRAM_REQUESTS)]
    for thread in threads:
        thread.start()
    try:
        yield answered
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)


def _next_part(playlist: str) -> tuple[int, int]:
    """(_HLS_msn, _HLS_part) of the part after the newest one a live playlist lists."""
    found = re.search(r"#EXT-X-MEDIA-SEQUENCE:(\d+)", playlist)
    msn, parts = int(found.group(1)) if found else 0, 0
    for line in playlist.splitlines():
        if line.startswith("#EXT-X-PART:"):
            parts += 1
        elif line.startswith("#EXTINF"):
            msn, parts = msn + 1, 0
    return msn, parts


def _hint_and_newest_segment(playlist: str, fetched: set[str]) -> list[str]:
    """The part to come, and the newest complete segment unless it was `fetched` (noted)."""
    hint = re.findall(r'#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]+)"', playlist)
    lines = playlist.splitlines()
    segments = [line for line in lines if line and not line.startswith("#")][-1:]
    new = [segment for segment in segments if segment not in fetched]
    fetched.update(new)
    return hint[-1:] + new


def _p95(samples: list[float]) -> float:
    from tests.bench.table import p95

    return p95(samples)


def _note(what: str) -> None:
    print(f"bench-take: {what}…", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
