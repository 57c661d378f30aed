"""The interface language: the browser's until the user chooses, then the user's, everywhere."""

from __future__ import annotations

import pytest
from django.test import Client

from studio.language import chosen_language
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def page_language(client: Client, path: str = "/presets/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response["Content-Language"]


def switch(client: Client, language: str, next_url: str = "/presets/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def logged_in(user, accept: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=accept)
    client.force_login(user)
    return client


def test_accept_language_is_honoured_before_a_choice():
    user = make_user("viewer1", "viewer")
    assert page_language(logged_in(user, "zh-CN,zh;q=0.9")) == "zh-hans"
    assert page_language(logged_in(user, "en-GB,en;q=0.9")) == "en"


def test_a_users_choice_is_kept_on_the_user_and_follows_them_to_another_browser():
    user = make_user("viewer1", "viewer")
    first = logged_in(user)
    response = switch(first, "zh-hans")
    assert response.status_code == 302 and response["Location"] == "/presets/"
    assert chosen_language(user) == "zh-hans"
    assert page_language(first) == "zh-hans"
    # Another browser that asks for English, with no language cookie: the user's choice wins.
    assert page_language(logged_in(user, "en")) == "zh-hans"


def test_the_choice_is_per_user():
    chinese = make_user("viewer1", "viewer")
    switch(logged_in(chinese), "zh-hans")
    assert page_language(logged_in(make_user("viewer2", "viewer"), "en")) == "en"


def test_switching_back_to_english_is_remembered_too():
    user = make_user("viewer1", "viewer")
    client = logged_in(user)
    switch(client, "zh-hans")
    switch(client, "en")
    assert chosen_language(user) == "en"
    assert page_language(logged_in(user, "zh-hans")) == "en"


def test_an_anonymous_choice_lives_in_the_cookie_and_is_stored_on_nobody():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    switch(client, "zh-hans", "/accounts/login/")
    assert client.cookies["django_language"].value == "zh-hans"
    assert page_language(client, "/accounts/login/") == "zh-hans"


def test_a_language_not_offered_changes_nothing():
    user = make_user("viewer1", "viewer")
    client = logged_in(user)
    switch(client, "fr")
    assert chosen_language(user) == ""
    assert page_language(client) == "en"


def test_the_switch_only_answers_posts():
    assert logged_in(make_user("viewer1", "viewer")).get("/i18n/setlang/").status_code == 405


def test_every_page_has_the_switch_the_favicon_and_its_language_in_html_lang():
    client = logged_in(make_user("admin1", "admin"), "zh-hans")
    for path in ("/presets/", "/tasks/", "/accounts/login/", "/admin/"):
        html = client.get(path).content.decode()
        assert 'action="/i18n/setlang/"' in html, path
        assert 'rel="icon"' in html and "favicon.svg" in html, path
    admin_login = Client().get("/admin/login/").content.decode()
    assert 'action="/i18n/setlang/"' in admin_login
    html = client.get("/presets/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert 'value="zh-hans" lang="zh-hans" aria-pressed="true">简体中文' in html
    assert 'value="en" lang="en" aria-pressed="false">English' in html


def test_logging_in_lands_on_the_library():
    make_user("viewer1", "viewer", password="a-long-password-42")
    response = Client().post(
        "/accounts/login/", {"username": "viewer1", "password": "a-long-password-42"}
    )
    assert response.status_code == 302 and response["Location"] == "/presets/"
