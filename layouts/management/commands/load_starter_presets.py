from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from layouts import services
from layouts.models import Preset
from layouts.starters import STARTER_NOTE, STARTERS


class Command(BaseCommand):
    help = "Adds the starter presets that are missing; presets already loaded are left as they are."

    def handle(self, *args: object, **options: object) -> None:
        added = 0
        # Stored names are in the site's language, whatever language this thread last spoke.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            existing = set(
                Preset.objects.filter(starter_key__isnull=False).values_list(
                    "starter_key", flat=True
                )
            )
            for starter in STARTERS:
                if starter.key in existing:
                    continue
                services.create_preset(
                    name=_(starter.name),
                    description=_(starter.description),
                    tags=list(starter.tags),
                    document=starter.document,
                    user=None,
                    # Stored in English like the tags; pages show it translated (shown_note).
                    note=STARTER_NOTE,
                    starter_key=starter.key,
                )
                added += 1
        self.stdout.write(f"Starter presets: {added} added, {len(STARTERS) - added} already there.")
