"""Set-up commands that `make run` calls."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from layouts.core.rules import document as rules
from layouts.models import Preset

pytestmark = pytest.mark.django_db


def run(*args, **kwargs) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_starter_presets_load_once_and_are_all_valid():
    assert "13 added" in run("load_starter_presets")
    assert "0 added, 13 already there" in run("load_starter_presets")
    presets = list(Preset.objects.all())
    assert len(presets) == 13
    for preset in presets:
        assert not rules.has_errors(rules.validate(preset.document)), preset.name
    modes = sorted(p.document["LayoutParams"]["MixLayoutMode"] for p in presets)
    assert modes.count(4) == 10 and {1, 2, 3} <= set(modes)


def test_starter_presets_keep_a_producers_edits():
    run("load_starter_presets")
    Preset.objects.filter(starter_key="pip").update(name="Our PiP")
    run("load_starter_presets")
    assert Preset.objects.get(starter_key="pip").name == "Our PiP"


def test_news_starter_has_a_chinese_text_watermark():
    run("load_starter_presets")
    text = Preset.objects.get(starter_key="news").document["WaterMarkList"][0]["WaterMarkText"]
    assert text["Font"] == "SourceHanSans"
    assert "新闻" in text["Text"]


def test_ensure_admin_uses_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("MIX_ADMIN_PASSWORD", "from-the-environment-42")
    output = run("ensure_admin")
    assert "from-the-environment-42" not in output
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("from-the-environment-42")


def test_ensure_admin_generates_and_prints_a_password_once_on_the_last_line(monkeypatch):
    monkeypatch.delenv("MIX_ADMIN_PASSWORD", raising=False)
    output = run("ensure_admin")
    password = output.rstrip("\n").splitlines()[-1]
    assert len(password) >= 12 and " " not in password
    assert get_user_model().objects.get(username="admin").check_password(password)
    again = run("ensure_admin")
    assert "already exists" in again and password not in again
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
