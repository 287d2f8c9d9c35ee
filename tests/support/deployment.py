"""The real parts of a deployment, as processes: ``python -m emulator`` standing in for
Athom's cloud and the Homeys, and homeydash under gunicorn with 3 workers, production settings
(DEBUG off, collected static files), on PostgreSQL + Redis or on SQLite alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from cryptography.fernet import Fernet

from tests.support.loopback import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEVICE_READ = re.compile(
    r'"GET /emulator/(?:homey|relay)/([^/]+)/api/manager/devices/device/?(?:\?[^ ]*)? HTTP'
)
POLL_SECONDS = 2
WORKERS = 3


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Emulator:
    """``python -m emulator`` in its own process; ``reads`` collects (time, Homey id) of each
    device list read it serves."""

    process: subprocess.Popen
    url: str
    web_port: int
    reads: list[tuple[float, str]] = field(default_factory=list)

    @classmethod
    def start(cls, web_port: int) -> Emulator:
        """``web_port``: where homeydash will listen (its callback is registered)."""
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.integration.emulator_settings",
            "HOMEYDASH_STAGE_REDIRECT_URI": f"http://127.0.0.1:{web_port}/oauth/callback",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "emulator", "--port", str(port), "--verbose"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        emulator = cls(process, f"http://127.0.0.1:{port}/emulator", web_port)
        threading.Thread(target=emulator._listen, daemon=True).start()
        wait_for(f"{emulator.url}/_control")
        return emulator

    def _listen(self) -> None:
        for line in self.process.stderr:
            match = DEVICE_READ.search(line)
            if match:
                self.reads.append((time.monotonic(), match.group(1)))

    def control(self, **ops) -> dict:
        response = requests.post(f"{self.url}/_control", json=ops, timeout=10)
        response.raise_for_status()
        return response.json()


@dataclass
class Deployment:
    """homeydash under gunicorn (3 workers) with ``env`` (DATABASE_URL, maybe REDIS_URL)."""

    name: str
    env: dict[str, str]
    log: Path
    url: str = ""
    process: subprocess.Popen | None = None

    @classmethod
    def start(cls, name: str, emulator: Emulator, log: Path, **env: str) -> Deployment:
        """``log``: gunicorn's output (errors and tracebacks of the workers)."""
        deployment = cls(name, production_env(emulator, **env), log)
        deployment.manage("migrate", "--noinput")
        deployment.manage("collectstatic", "--noinput")
        port = emulator.web_port
        deployment.url = f"http://127.0.0.1:{port}"
        deployment.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "homeydash.wsgi", "--workers", str(WORKERS)]
            + ["--bind", f"127.0.0.1:{port}", "--timeout", "60"],
            cwd=ROOT,
            env=deployment.env,
            stdout=subprocess.DEVNULL,
            stderr=deployment.log.open("w"),
        )
        wait_for(f"{deployment.url}/healthz")
        return deployment

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args, "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=120,
        )

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def production_env(emulator: Emulator, **extra: str) -> dict[str, str]:
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return {
        **keep,
        "DJANGO_SECRET_KEY": "integration-stage-" + Fernet.generate_key().decode(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "ATHOM_CLIENT_ID": "homeydash-demo",
        "ATHOM_CLIENT_SECRET": "homeydash-demo-secret",
        "ATHOM_API_URL": f"{emulator.url}/cloud",
        "HOMEYDASH_TOKEN_KEYS": Fernet.generate_key().decode(),
        "HOMEYDASH_HTTPS": "0",
        "HOMEYDASH_POLL_SECONDS": str(POLL_SECONDS),
        "HOMEYDASH_HTTP_TIMEOUT": "10",
        # The stage measures the interval reads every installation falls back to while a
        # Homey's realtime socket is down; the socket itself is tested in tests/realtime/.
        "HOMEYDASH_REALTIME": "0",
        **extra,
    }
