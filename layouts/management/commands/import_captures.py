"""manage.py import_captures FOLDER: store a folder of volume-layout SEI captures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layouts import captures


class Command(BaseCommand):
    help = (
        "Import the SEI captures (*.json: {mode, participants, payloads}) of a folder; "
        "they calibrate the floating, grid and screen-share templates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        saved, refused = captures.import_folder(folder)
        for line in refused:
            self.stderr.write(f"refused {line}")
        for capture in saved:
            self.stdout.write(f"imported {capture}")
        self.stdout.write(f"{len(saved)} capture(s) imported, {len(refused)} refused.")
        if refused and not saved:
            raise CommandError("No capture could be imported.")
