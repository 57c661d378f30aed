"""The monitor wall page: every role watches it, only producers get Stop."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def page_for(role: str | None) -> str:
    client = Client()
    if role is not None:
        client.force_login(make_user(role, role))
    answer = client.get("/tasks/wall/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_viewer_watches_the_wall_without_stop():
    html = page_for("viewer")
    assert 'data-can-act="false"' in html
    assert 'id="stop-dialog"' not in html


def test_a_producer_may_stop_from_the_wall_after_confirming():
    html = page_for("producer")
    assert 'data-can-act="true"' in html
    assert 'id="stop-dialog"' in html and 'id="stop-confirm"' in html


def test_anonymous_visitors_are_sent_to_log_in():
    answer = Client().get("/tasks/wall/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_the_tasks_page_links_to_the_wall():
    client = Client()
    client.force_login(make_user("viewer", "viewer"))
    assert 'href="/tasks/wall/"' in client.get("/tasks/").content.decode()
