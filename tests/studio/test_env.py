"""studio/env.py: typed readers of environment variables, and the key files."""

from __future__ import annotations

import stat

import pytest

from studio.env import (
    EnvError,
    env_bool,
    env_choice,
    env_database_url,
    env_float,
    env_int,
    env_list,
    env_str,
    make_key_files,
    read_key,
)


@pytest.mark.parametrize("word", ["1", "true", "TRUE", " yes ", "On"])
def test_a_true_word_reads_as_true(word):
    assert env_bool("FLAG", False, {"FLAG": word}) is True


@pytest.mark.parametrize("word", ["0", "false", "No", "off"])
def test_a_false_word_reads_as_false(word):
    assert env_bool("FLAG", True, {"FLAG": word}) is False


def test_an_unknown_bool_word_is_refused_naming_the_variable_and_the_words():
    with pytest.raises(EnvError) as error:
        env_bool("DJANGO_DEBUG", False, {"DJANGO_DEBUG": "ture"})
    message = str(error.value)
    assert message.startswith("DJANGO_DEBUG must be one of ")
    assert "true" in message and "false" in message and "'ture'" in message


@pytest.mark.parametrize("environ", [{}, {"FLAG": ""}, {"FLAG": "   "}])
def test_an_unset_or_empty_variable_gives_the_default(environ):
    assert env_bool("FLAG", True, environ) is True
    assert env_int("FLAG", 7, environ) == 7
    assert env_str("FLAG", "x", environ) == "x"
    assert env_list("FLAG", "a,b", environ) == ["a", "b"]


def test_a_whole_number_is_read():
    assert env_int("MIX_MAX_BODY_BYTES", 1, {"MIX_MAX_BODY_BYTES": " 2048 "}) == 2048


@pytest.mark.parametrize("value", ["1MB", "1.5", "0x10", "one"])
def test_a_non_integer_is_refused(value):
    with pytest.raises(EnvError, match=r"^MIX_MAX_BODY_BYTES must be a whole number; it is '"):
        env_int("MIX_MAX_BODY_BYTES", 1, {"MIX_MAX_BODY_BYTES": value})


def test_an_integer_below_its_minimum_is_refused():
    with pytest.raises(EnvError, match=r"^MIX_API_PAGE_SIZE must be at least 1; it is 0\.$"):
        env_int("MIX_API_PAGE_SIZE", 50, {"MIX_API_PAGE_SIZE": "0"}, minimum=1)


def test_an_integer_above_its_maximum_is_refused():
    with pytest.raises(EnvError, match=r"must be at most 10; it is 11\.$"):
        env_int("N", 1, {"N": "11"}, maximum=10)


def test_a_float_is_read():
    assert env_float("T", 10.0, {"T": "2.5"}) == 2.5


@pytest.mark.parametrize("value", ["soon", "nan", "inf"])
def test_a_float_that_is_not_a_finite_number_is_refused(value):
    with pytest.raises(EnvError, match=r"^MIX_IMAGE_FETCH_TIMEOUT must be a"):
        env_float("MIX_IMAGE_FETCH_TIMEOUT", 10.0, {"MIX_IMAGE_FETCH_TIMEOUT": value})


def test_a_list_drops_blank_items_and_spaces():
    assert env_list("HOSTS", "", {"HOSTS": " a.example , ,b.example,"}) == [
        "a.example",
        "b.example",
    ]


def test_a_choice_outside_the_list_is_refused_naming_the_choices():
    with pytest.raises(
        EnvError, match=r"^MIX_BACKEND must be one of sandbox, tencent; it is 'tencnet'\.$"
    ):
        env_choice("MIX_BACKEND", "sandbox", ("sandbox", "tencent"), {"MIX_BACKEND": "tencnet"})


def test_a_very_long_value_is_cut_in_the_message():
    with pytest.raises(EnvError) as error:
        env_int("N", 1, {"N": "x" * 500})
    assert len(str(error.value)) < 120


def test_a_database_url_is_parsed():
    config = env_database_url(
        "DATABASE_URL",
        "sqlite:///x",
        {"DATABASE_URL": "postgres://u:p@db:5432/mix"},
        conn_max_age=60,
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["CONN_MAX_AGE"]) == (
        "db",
        5432,
        "mix",
        60,
    )


def test_an_unset_database_url_uses_the_default():
    assert (
        env_database_url("DATABASE_URL", "sqlite:////tmp/x.sqlite3", {})["NAME"] == "/tmp/x.sqlite3"
    )


@pytest.mark.parametrize(
    "url", ["postgres//db/mix", "bogus://db/mix", "mysql://u:s3cret@db:port/mix", "ture"]
)
def test_a_bad_database_url_is_refused_without_showing_it(url):
    with pytest.raises(EnvError) as error:
        env_database_url("DATABASE_URL", "sqlite:///x", {"DATABASE_URL": url})
    message = str(error.value)
    assert message.startswith("DATABASE_URL must be a database URL such as postgres://")
    # The URL may carry a password: the message describes it, never repeats it.
    assert url not in message and "s3cret" not in message


def test_a_key_from_the_environment_wins_over_its_file(tmp_path):
    (tmp_path / "secret_key").write_text("from-file")
    assert read_key("DJANGO_SECRET_KEY", tmp_path, {"DJANGO_SECRET_KEY": "from-env"}) == "from-env"
    assert read_key("DJANGO_SECRET_KEY", tmp_path, {}) == "from-file"


def test_a_missing_key_says_how_to_make_one(tmp_path):
    with pytest.raises(EnvError) as error:
        read_key("MIX_ENCRYPTION_KEY", tmp_path, {})
    message = str(error.value)
    assert message.startswith("MIX_ENCRYPTION_KEY is not set and ")
    assert str(tmp_path / "encryption_key") in message
    assert "scripts/make_keys.py" in message


def test_make_key_files_writes_private_keys_once(tmp_path):
    folder = tmp_path / "data"
    written = make_key_files(folder, {})
    assert sorted(path.name for path in written) == ["encryption_key", "secret_key"]
    first = {path.name: path.read_text() for path in written}
    assert all(len(key) >= 50 for key in first.values())
    assert first["secret_key"] != first["encryption_key"]
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in written)
    # A second run keeps them: a new encryption key would strand the stored secrets.
    assert make_key_files(folder, {}) == []
    assert {name: (folder / name).read_text() for name in first} == first


def test_make_key_files_skips_a_key_the_environment_sets(tmp_path):
    written = make_key_files(tmp_path, {"MIX_ENCRYPTION_KEY": "set"})
    assert [path.name for path in written] == ["secret_key"]
    assert not (tmp_path / "encryption_key").exists()
