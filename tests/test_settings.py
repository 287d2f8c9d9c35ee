"""Settings come from the environment, fail loudly on bad values, and are all documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "homeydash" / "settings.py"


def settings_variables() -> set[str]:
    source = SETTINGS_FILE.read_text()
    names = set(re.findall(r'env(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', source))
    names |= set(re.findall(r'env="([A-Z0-9_]+)"', source))
    return names


def run_settings(
    env: dict[str, str], code: str = "from django.conf import settings; settings.DEBUG"
):
    """Import the settings in a fresh interpreter with exactly ``env``."""
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "homeydash.settings"}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_settings_read_the_variables_this_test_expects():
    assert {"ATHOM_CLIENT_ID", "DATABASE_URL", "REDIS_URL", "HOMEYDASH_TOKEN_KEYS"} <= (
        settings_variables()
    )


@pytest.mark.parametrize("name", sorted(settings_variables()))
def test_every_environment_variable_is_documented_in_the_readme(name):
    assert f"`{name}`" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(settings_variables()))
def test_every_environment_variable_is_listed_in_env_example(name):
    assert re.search(rf"^#? ?{name}=", (ROOT / ".env.example").read_text(), re.MULTILINE)


def test_demo_mode_starts_with_no_environment_at_all():
    result = run_settings(
        {},
        "from django.conf import settings as s; print(s.DEMO_MODE, s.DEBUG, s.ATHOM_API_URL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "/emulator/cloud"]


def test_production_refuses_a_placeholder_secret_key():
    result = run_settings(
        {"ATHOM_CLIENT_ID": "c", "ATHOM_CLIENT_SECRET": "s", "DJANGO_SECRET_KEY": "change-me"}
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is unset or a placeholder" in result.stderr


def test_production_requires_token_keys():
    result = run_settings(
        {"ATHOM_CLIENT_ID": "c", "ATHOM_CLIENT_SECRET": "s", "DJANGO_SECRET_KEY": "x" * 50}
    )
    assert result.returncode != 0
    assert "HOMEYDASH_TOKEN_KEYS is required in production" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be one of"),
        ("HOMEYDASH_POLL_SECONDS", "fast", "HOMEYDASH_POLL_SECONDS must be a whole number"),
        ("HOMEYDASH_POLL_SECONDS", "0", "HOMEYDASH_POLL_SECONDS must be at least 1"),
        ("HOMEYDASH_HTTP_TIMEOUT", "-3", "HOMEYDASH_HTTP_TIMEOUT must be at least 1"),
    ],
)
def test_a_bad_value_fails_at_start_with_a_message_naming_it(name, value, message):
    result = run_settings({name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_is_off_unless_asked_for():
    assert (
        "False"
        in run_settings({}, "from django.conf import settings; print(settings.DEBUG)").stdout
    )
    assert (
        "True"
        in run_settings(
            {"DJANGO_DEBUG": "1"}, "from django.conf import settings; print(settings.DEBUG)"
        ).stdout
    )


def test_a_bad_token_key_is_a_system_check_error():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "HOMEYDASH_TOKEN_KEYS": "not-a-fernet-key"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "dashboard.E001" in result.stderr


def test_a_client_id_without_secret_is_a_system_check_error():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "ATHOM_CLIENT_ID": "c",
            "DJANGO_DEBUG": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "dashboard.E002" in result.stderr


CACHE_AND_SESSIONS = (
    "from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], s.SESSION_ENGINE.rsplit('.', 1)[-1])"
)


def test_a_server_that_may_run_several_processes_shares_its_cache_through_the_database():
    result = run_settings({}, CACHE_AND_SESSIONS)  # neither runserver nor the tests: gunicorn...

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["DatabaseCache", "db"]


def test_redis_holds_the_cache_and_the_sessions_when_configured():
    result = run_settings({"REDIS_URL": "redis://127.0.0.1:1/0"}, CACHE_AND_SESSIONS)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RedisCache", "cached_db"]


def test_runserver_alone_keeps_its_cache_in_memory():
    code = (
        "import sys; sys.argv[1:] = ['runserver']; import django; django.setup(); "
        + CACHE_AND_SESSIONS
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "homeydash.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["LocMemCache", "cached_db"]
