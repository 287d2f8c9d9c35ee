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


@pytest.mark.parametrize(
    "name, value, check",
    [
        ("HOMEYDASH_LOCAL_CONNECT", "everybody", "dashboard.E010"),
        ("HOMEYDASH_LOCAL_NETWORKS", "192.168.1.0/24,my-lan", "dashboard.E011"),
    ],
)
def test_a_bad_local_connection_setting_is_a_system_check_error(name, value, check):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), name: value},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert check in result.stderr and name in result.stderr


def test_the_local_connection_form_defaults_follow_athom_sign_in():
    code = (
        "from django.conf import settings as s; "
        "print(s.HOMEYDASH_LOCAL_CONNECT, '127.0.0.0/8' in s.HOMEYDASH_LOCAL_NETWORKS)"
    )
    assert run_settings({}, code).stdout.split() == ["anyone", "True"]
    production = {"ATHOM_CLIENT_ID": "c", "ATHOM_CLIENT_SECRET": "s", "DJANGO_DEBUG": "1"}
    assert run_settings(production, code).stdout.split() == ["signed-in", "False"]


def run_command(args: list[str], env: dict[str, str], cwd: Path = ROOT, timeout: int = 60):
    """Run ``args`` (a start command) in a fresh environment with exactly ``env``."""
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    clean.update(env)
    return subprocess.run(args, cwd=cwd, env=clean, capture_output=True, text=True, timeout=timeout)


BAD_VALUES = [
    ("HOMEYDASH_POLL_SECONDS", "fast"),
    ("DJANGO_DEBUG", "maybe"),
    ("HOMEYDASH_HTTP_TIMEOUT", "-3"),
    ("DATABASE_URL", "mysqlx://nowhere"),
]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def assert_one_paragraph_naming(result, name: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("homeydash cannot start: ")
    assert name in result.stderr
    assert "\n\n" not in result.stderr.strip()


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_manage_py_stops_on_a_bad_value_with_one_paragraph_and_no_traceback(name, value):
    result = run_command([sys.executable, "manage.py", "migrate", "--plan"], {name: value})
    assert_one_paragraph_naming(result, name)


def test_the_paragraph_says_how_to_fix_it():
    result = run_command([sys.executable, "manage.py", "check"], {"HOMEYDASH_POLL_SECONDS": "x"})
    assert "Set HOMEYDASH_POLL_SECONDS to a whole number" in " ".join(result.stderr.split())
    result = run_command(
        [sys.executable, "manage.py", "check"],
        {"ATHOM_CLIENT_ID": "c", "ATHOM_CLIENT_SECRET": "s", "DJANGO_SECRET_KEY": "change-me"},
    )
    assert_one_paragraph_naming(result, "DJANGO_SECRET_KEY")
    assert "secrets.token_urlsafe" in " ".join(result.stderr.split())


@pytest.mark.parametrize(("name", "value"), BAD_VALUES[:2])
def test_gunicorn_stops_on_a_bad_value_before_any_worker_starts(name, value):
    # gunicorn reads gunicorn.conf.py from the folder it is started in, as the README says.
    result = run_command(
        [GUNICORN, "homeydash.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"],
        {name: value},
        timeout=30,
    )
    assert_one_paragraph_naming(result, name)
    assert "Booting worker" not in result.stderr


def test_gunicorn_runs_the_system_checks_that_manage_py_runs():
    result = run_command(
        [GUNICORN, "homeydash.wsgi", "--bind", "127.0.0.1:0"],
        {"HOMEYDASH_TOKEN_KEYS": "not-a-fernet-key"},
        timeout=30,
    )
    assert result.returncode != 0
    assert "dashboard.E001" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Booting worker" not in result.stderr


def test_gunicorn_with_a_good_environment_loads_the_app():
    result = run_command([GUNICORN, "--check-config", "homeydash.wsgi"], {}, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_each_installation_makes_its_own_secret_key_and_keeps_it(tmp_path):
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_settings({"HOMEYDASH_SECRET_KEY_FILE": str(tmp_path / "a" / "secret")}, show)
    again = run_settings({"HOMEYDASH_SECRET_KEY_FILE": str(tmp_path / "a" / "secret")}, show)
    other = run_settings({"HOMEYDASH_SECRET_KEY_FILE": str(tmp_path / "b" / "secret")}, show)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50
    assert "insecure" not in key
    assert again.stdout.strip() == key
    assert other.stdout.strip() not in ("", key)
    assert (tmp_path / "a" / "secret").stat().st_mode & 0o077 == 0


def test_django_secret_key_overrides_the_installation_file(tmp_path):
    result = run_settings(
        {"DJANGO_SECRET_KEY": "k" * 60, "HOMEYDASH_SECRET_KEY_FILE": str(tmp_path / "secret")},
        "from django.conf import settings; print(settings.SECRET_KEY)",
    )
    assert result.stdout.strip() == "k" * 60
    assert not (tmp_path / "secret").exists()


def test_processes_starting_together_agree_on_the_new_secret_key(tmp_path):
    path = tmp_path / "secret"
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    clean = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "homeydash.settings",
        "HOMEYDASH_SECRET_KEY_FILE": str(path),
    }
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=clean,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    keys = {start.communicate(timeout=60)[0].strip() for start in starts}
    assert keys == {path.read_text().strip()}


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
