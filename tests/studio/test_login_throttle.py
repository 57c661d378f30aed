"""Repeated failed logins are slowed, then locked per account and per address; admins unlock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client

from studio import login_throttle
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "the right password 123"
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def delays(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(login_throttle, "sleep", slept.append)
    return slept


@pytest.fixture
def user():
    return make_user("anchor", password=PASSWORD)


def attempt(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_failures_are_answered_later_and_later_then_locked(settings, user, delays):
    settings.AXES_FAILURE_LIMIT = 6
    client = Client()
    answers = [attempt(client, "anchor", f"wrong {i}").status_code for i in range(8)]
    assert answers[:5] == [200] * 5  # the login page again, with the error
    assert answers[5:] == [429] * 3  # locked
    # The first three failures are free, then each waits longer, up to the cap.
    assert delays == [0.5, 1.0]
    assert delays[-1] <= settings.MIX_LOGIN_MAX_DELAY


def test_a_locked_account_refuses_even_the_right_password_and_says_why(settings, user, delays):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for i in range(3):
        attempt(client, "anchor", f"wrong {i}")
    locked = attempt(client, "anchor", PASSWORD)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed logins" in page
    assert "15 minutes" in page
    assert '<form method="post"' in page
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_per_account_across_addresses(settings, user, delays):
    settings.AXES_FAILURE_LIMIT = 3
    for i in range(3):
        attempt(Client(), "anchor", f"wrong {i}", address=f"10.0.1.{i}")
    assert attempt(Client(), "anchor", PASSWORD, address="10.0.2.1").status_code == 429


def test_the_lock_holds_per_address_across_accounts(settings, user, delays):
    settings.AXES_FAILURE_LIMIT = 3
    for i in range(3):
        attempt(Client(), f"guess{i}", "wrong", address="10.0.3.3")
    assert attempt(Client(), "anchor", PASSWORD, address="10.0.3.3").status_code == 429
    assert attempt(Client(), "anchor", PASSWORD, address="10.0.3.4").status_code == 302


def test_the_lock_message_comes_from_the_catalogue(settings, user, delays):
    settings.AXES_FAILURE_LIMIT = 1
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    attempt(client, "anchor", "wrong")
    page = attempt(client, "anchor", "wrong").content.decode()
    from django.utils import translation

    with translation.override("zh-hans"):
        from django.utils.translation import gettext

        expected = gettext(
            "Too many failed logins for this account or from this address. Logins are locked "
            "for %(minutes)d minutes; an admin can unlock them sooner."
        ) % {"minutes": 15}
    assert expected in page


def test_an_admin_unlocks_in_the_admin(settings, user, delays):
    settings.AXES_FAILURE_LIMIT = 3
    for i in range(3):
        attempt(Client(), "anchor", f"wrong {i}")
    assert attempt(Client(), "anchor", PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(make_user("boss", "admin"))
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    done = admin.post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": ids}, follow=True
    )
    assert "Unlocked" in done.content.decode()
    assert not AccessAttempt.objects.exists()
    assert attempt(Client(), "anchor", PASSWORD).status_code == 302


def test_a_success_forgets_earlier_failures(settings, user, delays):
    settings.AXES_FAILURE_LIMIT = 3
    attempt(Client(), "anchor", "wrong 1")
    attempt(Client(), "anchor", "wrong 2")
    assert attempt(Client(), "anchor", PASSWORD).status_code == 302
    attempt(Client(), "anchor", "wrong 3")
    attempt(Client(), "anchor", "wrong 4")
    assert attempt(Client(), "anchor", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings, user, delays):
    settings.AXES_FAILURE_LIMIT = 3
    settings.MIX_TRUSTED_PROXY_HOPS = 1
    for i in range(3):
        Client().post(
            "/accounts/login/",
            {"username": f"guess{i}", "password": "wrong"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 203.0.113.7",  # the client may claim anything
        )
    locked = Client().post(
        "/accounts/login/",
        {"username": "anchor", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    other = Client().post(
        "/accounts/login/",
        {"username": "anchor", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302


def test_logins_without_a_request_are_not_throttled(user):
    from django.contrib.auth import authenticate

    assert authenticate(username="anchor", password=PASSWORD) == user


# -- deployment settings ----------------------------------------------------------------


def deploy_check(extra: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MIX_"))
    }
    env.update(
        {
            "MIX_DATA_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY": "kR4y-deployment-check-" + "x9Qz" * 12,
            "MIX_ENCRYPTION_KEY": "deployment-check-encryption-key-0123456789abcdef",
            **extra,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    production = {
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "DJANGO_SECURE_HSTS_PRELOAD": "true",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DJANGO_SECURE_COOKIES": "true",
        "DJANGO_ALLOWED_HOSTS": "mix.example.com",
    }
    result = deploy_check(production, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_names_what_a_development_environment_lacks(tmp_path):
    result = deploy_check({}, tmp_path)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout
