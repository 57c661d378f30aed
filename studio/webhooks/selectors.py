"""Reading webhooks and their delivery history."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from layouts.errors import NotFound
from studio.webhooks.models import Delivery, Webhook


def webhook_list() -> QuerySet[Webhook]:
    return Webhook.objects.select_related("created_by").order_by("-created_at", "-id")


def get_webhook(pk: int) -> Webhook:
    """The webhook with this id, or NotFound."""
    try:
        return webhook_list().get(pk=pk)
    except Webhook.DoesNotExist:
        raise NotFound(_("There is no webhook %(id)s.") % {"id": pk}) from None


def deliveries_of(hook: Webhook) -> QuerySet[Delivery]:
    """Its deliveries, newest first."""
    return Delivery.objects.filter(webhook=hook).order_by("-created_at", "-id")
