"""Fixtures of the integration stage (``make test`` runs it through tools/integration-stage.sh,
which starts PostgreSQL and Redis and passes their addresses in HOMEYDASH_STAGE_*)."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
import redis

from tests.support.deployment import Deployment, Emulator, free_port
from tests.support.people import sign_in


def _stage(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is unset: run the integration stage with `make integration`")
    return value


@pytest.fixture(scope="session")
def emulator():
    emulator = Emulator.start(web_port=free_port())
    yield emulator
    emulator.process.terminate()
    emulator.process.wait(timeout=15)


def _postgres_database() -> str:
    server = _stage("HOMEYDASH_STAGE_POSTGRES")
    name = f"homeydash_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(scope="module", params=["postgresql+redis", "sqlite"])
def deployment(request, emulator, tmp_path_factory):
    """homeydash under gunicorn: on PostgreSQL with Redis (several hosts), or on SQLite with
    nothing else (the single-host default)."""
    emulator.control(reset={"seed": 1}, clock={"mode": "real"})
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("sqlite")
        env = {"DATABASE_URL": f"sqlite:///{folder}/homeydash.sqlite3"}
    else:
        redis_url = _stage("HOMEYDASH_STAGE_REDIS")
        redis.Redis.from_url(redis_url).flushall()
        env = {"DATABASE_URL": _postgres_database(), "REDIS_URL": redis_url}
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    deployment = Deployment.start(request.param, emulator, log, **env)
    yield deployment
    deployment.stop()
    if request.session.testsfailed:
        print(f"--- gunicorn ({request.param}), last lines ---")
        print("\n".join(log.read_text().splitlines()[-60:]))


@pytest.fixture(scope="module")
def people(deployment):
    """Bob and Dave on "Home", Charlie on "Flat": their signed-in browsers."""
    return {
        name: sign_in(deployment.url, f"{name}@example.com") for name in ("bob", "dave", "charlie")
    }
