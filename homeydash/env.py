"""Tiny helpers that read settings from the environment and fail loudly on bad values.

After healthchecks' ``hc/settings.py``: every variable the settings read goes through one of
these, so ``tests/test_settings.py`` can check that the README documents each of them. A bad
value raises :class:`EnvError`, whose message names the variable and the fix;
:func:`check_environment` turns it into one printed paragraph and a non-zero exit (no
traceback) for ``manage.py``, the WSGI/ASGI entry points and ``gunicorn.conf.py``.
"""

from __future__ import annotations

import importlib
import os
import secrets
import sys
import textwrap
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}
EXIT_BAD_ENVIRONMENT = 2


class EnvError(ImproperlyConfigured):
    """A bad environment value; the message names the variable and how to fix it."""


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise EnvError(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}. "
        f"Set {name}=1 or {name}=0, or remove it to use the default."
    )


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    fix = f"Set {name} to a whole number, or remove it to use the default ({default})."
    try:
        value = int(raw.strip())
    except ValueError:
        raise EnvError(f"{name} must be a whole number; got {raw!r}. {fix}") from None
    if minimum is not None and value < minimum:
        raise EnvError(f"{name} must be at least {minimum}; got {value}. {fix}")
    return value


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def installation_secret(path: Path) -> str:
    """The secret kept in ``path``, made on first start (random, readable by its owner only).

    Several processes starting at once agree: the first to link its file in place wins and
    the others read it.
    """
    try:
        existing = path.read_text().strip()
    except FileNotFoundError:
        existing = ""
    except OSError as exc:
        raise EnvError(
            f"HOMEYDASH_SECRET_KEY_FILE ({path}) cannot be read: {exc.strerror}. Point "
            "HOMEYDASH_SECRET_KEY_FILE at a file this user may read and write, or set "
            "DJANGO_SECRET_KEY."
        ) from None
    if existing:
        return existing
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
        return path.read_text().strip()
    except OSError as exc:
        raise EnvError(
            f"HOMEYDASH_SECRET_KEY_FILE ({path}) cannot be written: {exc.strerror}. Point "
            "HOMEYDASH_SECRET_KEY_FILE at a file in a folder this user may write, or set "
            "DJANGO_SECRET_KEY."
        ) from None


def check_environment() -> None:
    """Load the settings; on a bad environment value print one paragraph and exit."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeydash.settings")
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except EnvError as exc:
        paragraph = textwrap.fill(f"homeydash cannot start: {exc}", width=100)
        print(paragraph, file=sys.stderr, flush=True)
        sys.exit(EXIT_BAD_ENVIRONMENT)


def check_before_serving() -> None:
    """What ``manage.py runserver`` checks before it serves, for any other server
    (``gunicorn.conf.py``): the environment, then Django's system checks."""
    check_environment()
    import django
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    django.setup()
    try:
        call_command("check")
    except SystemCheckError as exc:
        print(str(exc).strip(), file=sys.stderr, flush=True)
        sys.exit(1)
