"""manage.py verify_stream URL [--task ID]: is a stream's layout the one designed?"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layouts.errors import MixStudioError
from studio.control.selectors import get_task
from studio.onair import services as onair
from studio.onair import verify


class Command(BaseCommand):
    help = (
        "Read the volume-layout SEI of an HLS, HTTP-FLV or RTMP playback URL and compare "
        "it with the layout the app predicts for the task (--task), or, for the emulator's "
        "own streams, for the task that plays there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--task", type=int, help="The app's task ID (as in /tasks/ID/)")
        parser.add_argument("--json", action="store_true", help="Print the whole verdict as JSON")

    def handle(self, *args: Any, url: str, task: int | None, **options: Any) -> None:
        try:
            if task is not None:
                answer = onair.verify_task(get_task(task), url=url)
            else:
                reading = verify.read_url(url)
                if reading.timeline is None:
                    raise CommandError(
                        "This is not one of the emulator's streams: say which task it "
                        "plays with --task ID, so there is a design to compare with."
                    )
                answer = verify.judge(
                    reading, params=None, main_room=reading.timeline.room
                ).to_dict()
        except MixStudioError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False))
        elif answer["as_designed"]:
            self.stdout.write(
                f"as designed: {len(answer['expected'])} picture(s) where the layout puts them "
                f"({answer['layout_volumes']} volume-layout SEI read)."
            )
        else:
            self.stdout.write(answer["note"] or "NOT as designed:")
            for item in answer["mismatches"]:
                expected, seen = _box(item["expected"]), _box(item["seen"])
                self.stdout.write(f"  {item['user']}: expected {expected}, seen {seen}")
        if not answer["as_designed"]:
            raise SystemExit(1)


def _box(rect: dict[str, int] | None) -> str:
    if rect is None:
        return "nothing"
    if "x" not in rect:
        return f"{rect.get('w')}x{rect.get('h')}"
    return f"{rect['w']}x{rect['h']} at ({rect['x']}, {rect['y']})"
