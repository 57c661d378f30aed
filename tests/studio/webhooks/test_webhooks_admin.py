"""Webhooks in the admin: registered with the secret shown once, the SSRF guard on the
URL, a test event, and the delivery history."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from studio.webhooks.models import Delivery, Webhook
from tests.factories import make_user
from tests.studio.webhooks.conftest import run_delivery_jobs

pytestmark = pytest.mark.django_db

ADD = "/admin/webhooks/webhook/add/"
CHANGELIST = "/admin/webhooks/webhook/"


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_user("boss", role="admin"))
    return client


def add(admin_client, url: str):
    return admin_client.post(
        ADD,
        {"url": url, "description": "Scoreboard", "events": ["task.started"], "active": "on"},
    )


def test_adding_a_webhook_shows_its_secret_once(admin_client, receiver):
    response = add(admin_client, receiver.url)
    assert response.status_code == 302, response.content.decode()[:2000]
    hook = Webhook.objects.get()
    assert (hook.events, hook.created_by.username) == (["task.started"], "boss")
    first = admin_client.get(response["Location"]).content.decode()
    assert re.findall(r"whsec_[A-Za-z0-9_-]+", first) == [hook.secret]
    change = admin_client.get(f"/admin/webhooks/webhook/{hook.pk}/change/").content.decode()
    assert "whsec_" not in change
    assert "whsec_" not in admin_client.get(response["Location"]).content.decode()


def test_the_admin_refuses_a_private_address(admin_client):
    response = add(admin_client, "http://10.1.2.3/hook")
    assert response.status_code == 200
    assert "private or local network address" in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_test_event_is_sent_and_shown_in_the_history(
    admin_client, receiver, django_capture_on_commit_callbacks
):
    add(admin_client, receiver.url)
    hook = Webhook.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "send_test_event", "_selected_action": [hook.pk]}
        )
    assert response.status_code == 302
    assert run_delivery_jobs(django_capture_on_commit_callbacks) == ["delivered"]
    assert receiver.events() == ["ping"]
    listing = admin_client.get(CHANGELIST).content.decode()
    assert f"/admin/webhooks/delivery/?webhook__id__exact={hook.pk}" in listing
    history = admin_client.get(f"/admin/webhooks/delivery/?webhook__id__exact={hook.pk}")
    assert history.status_code == 200
    delivery = Delivery.objects.get()
    assert f"/admin/webhooks/delivery/{delivery.pk}/change/" in history.content.decode()
    detail = admin_client.get(f"/admin/webhooks/delivery/{delivery.pk}/change/").content.decode()
    assert str(delivery.event_id) in detail


def test_the_history_cannot_be_changed(admin_client, receiver, django_capture_on_commit_callbacks):
    add(admin_client, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            CHANGELIST,
            {"action": "send_test_event", "_selected_action": [Webhook.objects.get().pk]},
        )
    delivery = Delivery.objects.get()
    assert admin_client.get("/admin/webhooks/delivery/add/").status_code == 403
    assert (
        admin_client.post(f"/admin/webhooks/delivery/{delivery.pk}/delete/", {"post": "yes"})
    ).status_code == 403
    assert Delivery.objects.count() == 1


def test_producers_do_not_reach_the_admin(receiver):
    client = Client()
    client.force_login(make_user("producer"))
    assert client.get(CHANGELIST).status_code == 302
