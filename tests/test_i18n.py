"""Simplified Chinese: every string marked, every message translated, every page in Chinese."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from layouts.core.rules import document as rules
from layouts.errors import problems_payload
from layouts.models import Preset
from studio.control.services import launch, profiles
from tests.factories import document, make_user, seed_examples
from tests.visible_text import english_runs, visible_text

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"
CATALOGUES = ("django", "djangojs")
# What `make messages` leaves out; the same folders are left out of the copy it runs on.
NOT_SCANNED = (".git", ".venv", "var", "node_modules", "__pycache__", ".*_cache", ".hypothesis")
# printf-style directives: %(name)s, %d, %s, %g, and a literal %%.
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-+ #0]*\d*(?:\.\d+)?[sdifgeExX%]")


def catalogue(domain: str, locale: Path = LOCALE) -> polib.POFile:
    return polib.pofile(str(locale / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"))


def live_entries(domain: str) -> list[polib.POEntry]:
    return [entry for entry in catalogue(domain) if not entry.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def has_placeholders(entry: polib.POEntry) -> bool:
    return not any(flag.startswith("no-") and flag.endswith("-format") for flag in entry.flags)


@pytest.mark.parametrize("domain", CATALOGUES)
def test_every_message_has_a_translation(domain):
    untranslated = [
        entry.msgid
        for entry in live_entries(domain)
        if "fuzzy" in entry.flags or not all(text.strip() for text in translations(entry))
    ]
    assert untranslated == []


@pytest.mark.parametrize("domain", CATALOGUES)
def test_translations_keep_every_placeholder(domain):
    changed = []
    for entry in live_entries(domain):
        if not has_placeholders(entry):
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in translations(entry):
            if sorted(PLACEHOLDER.findall(text)) != expected:
                changed.append((entry.msgid, text))
    assert changed == []


@pytest.mark.parametrize("domain", CATALOGUES)
def test_catalogues_compile_with_gettexts_format_checks(domain):
    po = LOCALE / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_catalogue_headers_say_chinese_with_one_plural_form():
    for domain in CATALOGUES:
        po = catalogue(domain)
        assert not po.metadata_is_fuzzy, domain
        assert po.metadata["Language"] == "zh_Hans"
        assert po.metadata["Plural-Forms"].startswith("nplurals=1;")


def test_the_catalogues_hold_every_string_marked_for_translation(tmp_path):
    """`make messages` run now would add nothing: no marked string is missing a message."""
    copy_root = tmp_path / "tree"
    shutil.copytree(ROOT, copy_root, ignore=shutil.ignore_patterns(*NOT_SCANNED, "*.mo"))
    env = {
        **os.environ,
        "PYTHONPATH": str(copy_root),
        "MIX_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "MIX_ENCRYPTION_KEY": settings.MIX_ENCRYPTION_KEY,
    }
    (tmp_path / "data").mkdir()
    ignores = ["--ignore=.venv", "--ignore=var", "--ignore=node_modules"]
    for domain in CATALOGUES:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-d", domain, *ignores],
            cwd=copy_root,
            env=env,
            check=True,
            capture_output=True,
        )
        committed = {(e.msgctxt, e.msgid) for e in live_entries(domain)}
        regenerated = catalogue(domain, copy_root / "locale")
        current = {(e.msgctxt, e.msgid) for e in regenerated if not e.obsolete}
        missing = sorted(msgid for _context, msgid in current - committed)
        assert missing == [], f"{domain}.po lacks these; run `make messages` and translate them"


@pytest.fixture(scope="module")
def compiled_catalogues():
    """The .mo files as `make test` builds them, and Django reading them afresh."""
    call_command("compilemessages", ignore_patterns=list(NOT_SCANNED), verbosity=0)
    trans_real._translations = {}
    trans_real._default = None
    yield


@pytest.fixture
def in_chinese(db, compiled_catalogues):
    """A client whose browser asks for Simplified Chinese, logged in as a producer."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    # A Chinese user name: the header shows it, and it is data, not interface text.
    client.force_login(make_user("导播员", "producer"))
    return client


def live_task(user):
    body = next(copy.deepcopy(b) for b in seed_examples() if "VideoParams" in b)
    body.pop("SdkAppId")
    body.get("AgentParams", {}).pop("UserSig", None)
    return launch.start_task(app=profiles.emulator_app(), request=body, user=user)


def assert_reads_in_chinese(response, data_rows: bool = False) -> None:
    """`data_rows`: leave out records the database holds in English, rows of tables
    (role group names), lists to pick from (Django's permission names) and the filters
    of admin lists built from them."""
    assert response.status_code == 200
    html = response.content.decode()
    if data_rows:
        html = re.sub(r"<tbody>.*?</tbody>", "", html, flags=re.S)
        html = re.sub(r"<select[^>]* multiple[^>]*>.*?</select>", "", html, flags=re.S)
        html = re.sub(r'<nav id="changelist-filter".*?</nav>', "", html, flags=re.S)
    assert '<html lang="zh-hans"' in html
    text = visible_text(html)
    assert re.search(r"[\u4e00-\u9fff]", text), "no Chinese at all"
    assert english_runs(text) == [], "English left on the page"


@pytest.mark.parametrize(
    "path", ["/", "/presets/", "/presets/new", "/tasks/", "/tasks/launch"], ids=str
)
def test_pages_read_in_chinese(in_chinese, path):
    assert_reads_in_chinese(in_chinese.get(path))


def test_the_editor_of_a_saved_preset_reads_in_chinese(in_chinese):
    preset = Preset.objects.create(name="晚间新闻", document=document())
    assert_reads_in_chinese(in_chinese.get(f"/presets/{preset.pk}/edit"))


def test_a_live_task_page_reads_in_chinese(in_chinese):
    task = live_task(make_user("值班导播", "producer"))
    assert_reads_in_chinese(in_chinese.get(f"/tasks/{task.pk}/"))


def test_the_login_page_reads_in_chinese(db, compiled_catalogues):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert_reads_in_chinese(client.get("/accounts/login/"))
    refused = client.post("/accounts/login/", {"username": "导播员", "password": "wrong"})
    assert_reads_in_chinese(refused)
    assert_reads_in_chinese(client.get("/admin/login/"))


def test_the_admin_reads_in_chinese(db, compiled_catalogues):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(make_user("管理员", "admin"))
    assert_reads_in_chinese(client.get("/admin/"))


def test_every_admin_list_and_add_form_reads_in_chinese(db, compiled_catalogues):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(make_user("管理员", "admin"))
    for model in admin.site._registry:
        opts = model._meta
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert_reads_in_chinese(changelist, data_rows=True)
        add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if add.status_code != 403:  # read-only admins (the audit log) refuse adding
            assert_reads_in_chinese(add, data_rows=True)


def javascript_catalogue(client: Client) -> dict[str, object]:
    source = client.get("/jsi18n/").content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});", source, re.S)
    return json.loads(found.group(1)) if found else {}  # English pages get no catalogue


def test_the_javascript_catalogue_is_the_pages_language(db, compiled_catalogues):
    chinese = javascript_catalogue(Client(HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert chinese["Loading presets…"] == "正在加载预设…"
    assert [e.msgid for e in live_entries("djangojs") if e.msgid not in chinese] == []
    assert javascript_catalogue(Client(HTTP_ACCEPT_LANGUAGE="en")) == {}


def test_words_set_into_a_message_are_translated_with_it(compiled_catalogues):
    """Mode and side names are part of the sentence, not data: "输出宽度", "在悬浮布局中"."""
    doc = document()
    doc["VideoEncode"]["Width"] = 0
    floating = document()
    floating["LayoutParams"]["MixLayoutMode"] = 1
    with translation.override("zh-hans"):
        messages = [p["message"] for p in problems_payload(rules.validate(doc))]
        messages += [p["message"] for p in problems_payload(rules.validate(floating))]
    assert "输出宽度为 0 px，没有可布局的画面。" in messages
    assert any("在悬浮布局中无效" in message for message in messages), messages
    assert not any(re.search(r"\b(width|floating)\b", message) for message in messages)


def test_api_refusals_answer_in_the_callers_language(db, compiled_catalogues):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(make_user("观众", "viewer"))
    refused = client.post("/api/presets/", {}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["message"] == "你的角色不允许此操作；请让管理员把你设为导播。"
    invalid = client.post(
        "/api/layouts/validate/", {"document": []}, content_type="application/json"
    )
    assert "文档必须是 JSON 对象" in str(invalid.json())
