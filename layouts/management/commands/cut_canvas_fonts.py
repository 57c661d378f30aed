"""Cut the slices of the canvas's face that everyday text needs, before anyone asks.

The editor fetches a slice of the renderer's face the first time a character of
it is drawn (layouts/fonts.py); cutting one takes seconds. `make run` cuts the
Latin, punctuation and GB 2312 slices ahead so a producer's first Chinese title
shows at once; the rarer slices are still cut on first request.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from layouts.core import fonts

EVERYDAY = ("basic", "common", "usual")


class Command(BaseCommand):
    help = "Cut the everyday slices of the canvas's font (Noto Sans CJK SC) into the data folder."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--all", action="store_true", help="every slice, the rare ones too")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        folder = Path(settings.DATA_DIR) / "fonts"
        wanted = [
            item
            for item in fonts.slices()
            if options["all"] or item.name.rstrip("0123456789") in EVERYDAY
        ]
        made = 0
        for item in wanted:
            if not (folder / fonts.version() / f"{item.name}.woff2").is_file():
                fonts.slice_file(item, folder)
                made += 1
        self.stdout.write(f"Canvas font: {made} slice(s) cut, {len(wanted) - made} already there.")
