"""Registering, changing and removing webhooks, and sending one a test event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from studio.webhooks import deliveries, events, signing, transport
from studio.webhooks.models import Delivery, Webhook


@dataclass(frozen=True)
class Registered:
    """A new webhook and its secret: the one time the secret is shown."""

    webhook: Webhook
    secret: str


def create_webhook(
    *,
    url: str,
    events_wanted: Iterable[str] | None = None,
    active: bool = True,
    description: str = "",
    user: AbstractBaseUser | None = None,
) -> Registered:
    """A webhook for `url` (checked by the SSRF guard), receiving `events_wanted` (every
    event when None), with a new secret."""
    transport.check_url(url)
    secret = signing.new_secret()
    hook = Webhook(
        url=url,
        events=_known(events_wanted),
        active=active,
        description=description,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    hook.secret = secret
    hook.save()
    return Registered(hook, secret)


def change_webhook(
    hook: Webhook,
    *,
    url: str | None = None,
    events_wanted: Iterable[str] | None = None,
    active: bool | None = None,
    description: str | None = None,
) -> Webhook:
    """Change what is given; a new URL is checked as a new webhook's is."""
    if url is not None and url != hook.url:
        transport.check_url(url)
        hook.url = url
    if events_wanted is not None:
        hook.events = _known(events_wanted)
    if active is not None:
        hook.active = active
    if description is not None:
        hook.description = description
    hook.save()
    return hook


def delete_webhook(hook: Webhook) -> None:
    """Remove it with its history; deliveries still queued find nothing and send nothing."""
    hook.delete()


def send_test_event(hook: Webhook) -> Delivery:
    """A `ping` delivered to `hook` as every event is (signed, retried, in its history)."""
    with transaction.atomic():
        return deliveries.record_ping(hook)


def _known(wanted: Iterable[str] | None) -> list[str]:
    chosen = set(events.EVENT_NAMES if wanted is None else wanted)
    return [name for name in events.EVENT_NAMES if name in chosen]
