"""Open pages polling one Homey: upstream fetches per interval, and what an unchanged poll costs.

    .venv/bin/python bench/poll.py [--pages 20] [--interval 2] [--duration 20] [--samples 300]

Starts homeydash in demo mode on 127.0.0.1 (a threaded server that also serves the emulator
under /emulator/, as ``make run`` does) with a throw-away SQLite database, signs Alice, Bob and
Dave in with real emulator tokens, and opens ``--pages`` pages of the Home board over HTTP,
spread over the three of them. Each page then polls the real poll view every interval, at its
own phase, for ``--duration`` seconds while the emulator's clock runs (values move).

Printed side by side, measured in this run:
- device list fetches (``GET /api/manager/devices/device``) counted at the emulator's door,
  per poll interval, against the number of pages;
- the median time of an unchanged poll (answered 204) next to the median time of a trivial
  Django view (``/healthz``), both over HTTP from one keep-alive client.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--interval", type=int, default=2, help="HOMEYDASH_POLL_SECONDS")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of polling")
    parser.add_argument("--samples", type=int, default=300, help="timed requests of each kind")
    return parser.parse_args(argv)


def setup_django(workdir: str, interval: int) -> None:
    os.environ.pop("ATHOM_CLIENT_ID", None)  # demo mode: the emulator is served too
    os.environ["DJANGO_SETTINGS_MODULE"] = "homeydash.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["HOMEYDASH_POLL_SECONDS"] = str(interval)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def start_server() -> str:
    """The project (with the emulator) on a threaded server, like ``runserver`` but quiet."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Handler(WSGIRequestHandler):
        # Headers and body go out in separate writes; without this, Nagle's algorithm and
        # delayed ACKs add ~40 ms to every keep-alive response and hide what is measured.
        disable_nagle_algorithm = True

        def log_message(self, format, *args):  # noqa: A002
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Handler, allow_reuse_address=True)
    server.daemon_threads = True
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


def count_device_fetches() -> list[float]:
    """Times of device list requests reaching the emulator (``request_started`` is sent by the
    in-process server for every request it serves)."""
    from django.core.signals import request_started

    seen: list[float] = []
    pattern = re.compile(r"^/emulator/(homey|relay)/[^/]+/api/manager/devices/device/?$")

    def record(sender, environ=None, **kwargs):
        path = (environ or {}).get("PATH_INFO", "")
        if environ and environ["REQUEST_METHOD"] == "GET" and pattern.match(path):
            seen.append(time.monotonic())

    request_started.connect(record, weak=False, dispatch_uid="bench-device-fetches")
    return seen


def signed_in_session(base: str, email: str):
    """A ``requests.Session`` carrying the session cookie of ``email``, signed in with real
    emulator tokens the way the OAuth callback stores them."""
    import requests
    from django.conf import settings
    from django.test import Client

    from dashboard.connection import athom_cloud
    from dashboard.homey.types import TokenSet
    from dashboard.households import sign_in_with_cloud
    from dashboard.models import Account, HomeyLink

    answer = requests.post(
        f"{base}/emulator/cloud/oauth2/token",
        data={"grant_type": "password", "username": email, "password": "homey"},
        auth=(settings.ATHOM_CLIENT_ID, settings.ATHOM_CLIENT_SECRET),
        timeout=10,
    )
    answer.raise_for_status()
    tokens = TokenSet.from_json(answer.json())
    with athom_cloud(None) as cloud:
        user = sign_in_with_cloud(cloud.get_authenticated_user(tokens.access_token), tokens)
    link = HomeyLink.objects.get(user=user, household__name="Home", kind="cloud")
    Account.objects.filter(user=user).update(selected_link=link)
    client = Client()
    client.force_login(user)
    session = requests.Session()
    name = settings.SESSION_COOKIE_NAME
    session.cookies.set(name, client.cookies[name].value)
    session.headers["HX-Request"] = "true"
    return session


def poll_url_of(html: str) -> str:
    match = re.search(r'id="poller"[^>]*hx-get="([^"]+)"', html)
    if not match:
        raise SystemExit("no poller on the board: is the Home board rendering?")
    return match.group(1).replace("&amp;", "&")


def run_pages(base: str, sessions: list, pages: int, interval: float, duration: float):
    """``pages`` pages polling for ``duration`` seconds; returns (polls, statuses)."""
    statuses: list[int] = []
    lock = threading.Lock()
    start = time.monotonic()

    def page(n: int) -> None:
        session = sessions[n % len(sessions)]
        url = base + poll_url_of(session.get(f"{base}/", timeout=30).text)
        time.sleep(interval * n / pages)  # each page polls at its own phase
        while time.monotonic() - start < duration:
            response = session.get(url, timeout=30)
            if response.status_code == 200 and 'id="poller"' in response.text:
                url = base + poll_url_of(response.text)
            with lock:
                statuses.append(response.status_code)
            time.sleep(interval)

    threads = [threading.Thread(target=page, args=(n,)) for n in range(pages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, time.monotonic() - start


def timed(session, url: str) -> tuple[float, int]:
    began = time.perf_counter()
    response = session.get(url, timeout=30)
    return (time.perf_counter() - began) * 1000, response.status_code


def side_by_side(base: str, session, samples: int) -> tuple[list[float], list[float]]:
    """Unchanged polls and /healthz, alternating on one keep-alive client, in one run."""
    from emulator.world import get_world

    get_world().clock.freeze()  # nothing moves: every poll is an unchanged one
    url = base + poll_url_of(session.get(f"{base}/", timeout=30).text)
    polls, trivial = [], []
    for _ in range(10):  # warm up both paths
        timed(session, url), timed(session, f"{base}/healthz")
    while len(polls) < samples:
        took, status = timed(session, url)
        if status == 204:
            polls.append(took)
        else:  # the snapshot refreshed (once per interval); follow the new version
            url = base + poll_url_of(session.get(f"{base}/", timeout=30).text)
        trivial.append(timed(session, f"{base}/healthz")[0])
    return polls, trivial


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="homeydash-bench-") as workdir:
        setup_django(workdir, args.interval)
        from django.conf import settings

        from emulator.world import get_world

        base = start_server()
        settings.ATHOM_API_URL = f"{base}/emulator/cloud"
        get_world().reset(seed=1)  # real clock: values move while the pages poll
        fetches = count_device_fetches()
        sessions = [
            signed_in_session(base, email)
            for email in ("alice@example.com", "bob@example.com", "dave@example.com")
        ]
        statuses, elapsed = run_pages(base, sessions, args.pages, args.interval, args.duration)
        intervals = elapsed / args.interval
        fetched = len(fetches)
        polls, trivial = side_by_side(base, sessions[0], args.samples)

    poll_ms, trivial_ms = statistics.median(polls), statistics.median(trivial)
    print(f"homeydash poll bench: {args.pages} pages on one Homey, interval {args.interval} s")
    print(f"  {elapsed:.1f} s of polling = {intervals:.1f} intervals, {len(statuses)} polls")
    print(f"  answers: {statuses.count(200)} with changed tiles, {statuses.count(204)} × 204")
    print(
        f"  upstream device fetches: {fetched} = {fetched / intervals:.2f} per interval "
        f"(one fetch per page would be {args.pages} per interval)"
    )
    print(
        f"  median unchanged poll (204): {poll_ms:.2f} ms   "
        f"median trivial Django view (/healthz): {trivial_ms:.2f} ms   "
        f"ratio {poll_ms / trivial_ms:.1f}x   ({len(polls)} + {len(trivial)} requests)"
    )


if __name__ == "__main__":
    main()
