"""What a deployment serves, measured as served: gunicorn with several workers, DEBUG off,
collected static files, ``python -m emulator`` as Athom's cloud and the Homeys.

    .venv/bin/python bench/served.py [--workers 3] [--pages 100] [--seconds 24] [--samples 300]
                                     [--database-url postgres://...] [--redis-url redis://...]

Printed side by side, from one run:
- the bytes a browser receives for Alice's Home board (HTML, CSS, JS, icons) with
  ``Accept-Encoding: gzip, br``: the body lengths on the wire, as the server sent them, next
  to their decoded sizes;
- the median time of an unchanged poll (204) against ``/healthz``, the same session and the
  same kind of connection, interleaved;
- the database queries of an unchanged poll (the real view, counted in this process against
  the same database and cache);
- device list reads per Homey per poll interval with ``--pages`` open pages on two Homeys,
  counted at the emulator's door.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.deployment import POLL_SECONDS, Deployment, Emulator, free_port  # noqa: E402
from tests.support.people import clone, open_page, poll_pages, poll_url, sign_in  # noqa: E402

ASSET = re.compile(r'<(?:link|script)[^>]+(?:href|src)="(/static/[^"]+)"')
WIRE = {"Accept-Encoding": "gzip, br"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=12 * POLL_SECONDS)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    parser.add_argument("--redis-url", default="", help="default: no Redis")
    return parser.parse_args(argv)


def on_the_wire(session, url: str, headers: dict) -> tuple[int, int, str]:
    """(bytes of the body as sent, bytes decoded, Content-Encoding) of one GET."""
    response = session.get(url, headers=headers, stream=True, timeout=30)
    raw = response.raw.read(decode_content=False)
    encoding = response.headers.get("Content-Encoding", "")
    decoded = len(response.content) if not raw else _decoded_length(raw, encoding)
    return len(raw), decoded, encoding


def _decoded_length(raw: bytes, encoding: str) -> int:
    if encoding == "gzip":
        import gzip

        return len(gzip.decompress(raw))
    if encoding == "br":
        import brotli

        return len(brotli.decompress(raw))
    return len(raw)


def board_weight(base: str, alice) -> None:
    tab = clone(alice)
    html = tab.get(f"{base}/", timeout=30).text
    rows = [("HTML", *on_the_wire(tab, f"{base}/", {**WIRE, "Accept": "text/html"}))]
    for path in sorted(set(ASSET.findall(html))):
        rows.append((path.rsplit("/", 1)[-1], *on_the_wire(tab, urljoin(base, path), WIRE)))
    tiles = html.count('class="tile ')
    print(f"Alice's Home board ({tiles} tiles), Accept-Encoding: gzip, br")
    for name, sent, decoded, encoding in rows:
        line = f"{sent / 1024:7.1f} KB on the wire  ({decoded / 1024:6.1f} KB, {encoding or 'raw'})"
        print(f"  {name:34} {line}")
    sent, decoded = sum(r[1] for r in rows) / 1024, sum(r[2] for r in rows) / 1024
    print(f"  {'total':34} {sent:7.1f} KB on the wire  ({decoded:6.1f} KB decoded)")


def poll_cost(base: str, alice, samples: int) -> None:
    tab = clone(alice)
    url = base + poll_url(tab.get(f"{base}/", timeout=30).text)
    headers = {"HX-Request": "true", **WIRE}
    polls, trivial = [], []
    for _ in range(samples):
        for target, times in ((url, polls), (f"{base}/healthz", trivial)):
            started = time.perf_counter()
            response = tab.get(target, headers=headers, timeout=30)
            times.append(time.perf_counter() - started)
            if target == url and 'id="poller"' in response.text:
                url = base + poll_url(response.text)
    poll_ms, trivial_ms = statistics.median(polls) * 1000, statistics.median(trivial) * 1000
    print(f"median unchanged poll (204): {poll_ms:.2f} ms")
    print(f"median trivial Django view (/healthz): {trivial_ms:.2f} ms")
    print(f"unchanged poll / trivial view: {poll_ms / trivial_ms:.2f}x")


def queries_per_poll(deployment: Deployment, alice) -> None:
    """The real poll view in this process, on the deployment's database and cache."""
    os.environ.update(deployment.env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "homeydash.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for name, value in alice.cookies.items():
        client.cookies[name] = value
    url = poll_url(client.get("/").content.decode())
    client.get(url, HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url, HTTP_HX_REQUEST="true").status_code
    print(f"queries of an unchanged poll ({status}): {len(queries.captured_queries)}")


def reads_per_interval(base: str, emulator: Emulator, browsers: list, pages: int, seconds: float):
    tabs = [open_page(browsers[n % len(browsers)], base) for n in range(pages)]
    since = time.monotonic()
    answers: list = []
    poll_pages(base, tabs, seconds, answers)
    statuses = [status for status, _ in answers]
    print(
        f"{pages} open pages for {seconds:.0f} s, one poll per {POLL_SECONDS} s: "
        f"{len(answers)} polls, {statuses.count(204)} answered 204"
    )
    for homey in sorted({h for t, h in emulator.reads if t >= since}):
        times = [t for t, h in emulator.reads if h == homey and t >= since]
        rate = (len(times) - 1) * POLL_SECONDS / (times[-1] - times[0]) if len(times) > 1 else 0
        print(f"  Homey {homey[:8]}…: {len(times)} device reads = {rate:.2f} per interval")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    emulator = Emulator.start(web_port=free_port())
    deployment = None
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = {"DATABASE_URL": args.database_url or f"sqlite:///{folder}/bench.sqlite3"}
            if args.redis_url:
                env["REDIS_URL"] = args.redis_url
            import tests.support.deployment as harness

            harness.WORKERS = args.workers
            deployment = Deployment.start("bench", emulator, Path(folder) / "gunicorn.log", **env)
            base = deployment.url
            print(
                f"gunicorn, {args.workers} workers, DEBUG off; "
                f"{'PostgreSQL' if 'postgres' in env['DATABASE_URL'] else 'SQLite'}"
                f"{' + Redis' if args.redis_url else ', no Redis'}"
            )
            alice = sign_in(base, "alice@example.com")
            people = [sign_in(base, f"{name}@example.com") for name in ("bob", "dave")]
            people.append(sign_in(base, "charlie@example.com", homey="Flat"))
            board_weight(base, alice)
            poll_cost(base, alice, args.samples)
            queries_per_poll(deployment, alice)
            reads_per_interval(base, emulator, people, args.pages, args.seconds)
    finally:
        if deployment is not None:
            deployment.stop()
        emulator.process.terminate()
        emulator.process.wait(timeout=15)


if __name__ == "__main__":
    main()
