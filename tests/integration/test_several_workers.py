"""Several workers on the real parts: gunicorn with 3 workers, ``python -m emulator``, and
PostgreSQL + Redis or SQLite alone. Run by `make test`'s integration stage, not by default."""

from __future__ import annotations

import threading
import time

import pytest

from emulator.house import item_id
from emulator.world import FLAT_ID, HOME_ID
from tests.support.deployment import POLL_SECONDS
from tests.support.people import HTMX, clone, csrf_token, open_page, poll_pages, tile_count

pytestmark = pytest.mark.integration

PAGES = 100
POLLING_SECONDS = 12 * POLL_SECONDS


def reads_per_interval(reads: list[tuple[float, str]], homey: str, since: float) -> float:
    """Device list reads of ``homey`` per poll interval, from the first read to the last."""
    times = [t for t, h in reads if h == homey and t >= since]
    assert len(times) >= 5, f"only {len(times)} device reads of {homey}"
    return (len(times) - 1) * POLL_SECONDS / (times[-1] - times[0])


def test_100_open_pages_on_two_homeys_read_each_homey_once_per_interval(
    deployment, people, emulator
):
    browsers = [people["bob"], people["dave"], people["charlie"]]
    tabs = [open_page(browsers[n % 3], deployment.url) for n in range(PAGES)]
    answers: list = []
    since = time.monotonic()

    poll_pages(deployment.url, tabs, POLLING_SECONDS, answers)

    assert {status for status, _ in answers} <= {200, 204}
    assert len(answers) >= PAGES * (POLLING_SECONDS / POLL_SECONDS - 1)
    for homey in (HOME_ID, FLAT_ID):
        assert reads_per_interval(emulator.reads, homey, since) <= 1.05


def test_an_unchanged_poll_answers_204_on_every_worker(deployment, people, emulator):
    emulator.control(clock={"mode": "manual"})  # nothing moves in the houses from now on
    time.sleep(POLL_SECONDS + 0.5)
    for browser in people.values():  # the first refresh after the freeze takes in the last moves
        assert clone(browser).get(f"{deployment.url}/", timeout=30).status_code == 200
    tabs = [open_page(browser, deployment.url) for browser in people.values() for _ in range(4)]
    answers: list = []

    poll_pages(deployment.url, tabs, 3 * POLL_SECONDS, answers)

    assert len(answers) >= 3 * len(tabs)
    redraws = [tile_count(text) for status, text in answers if status != 204]
    assert redraws == []


def test_nobody_loses_their_link_when_requests_on_every_worker_race_an_expired_token(
    deployment, people, emulator
):
    lights = {"bob": item_id(HOME_ID, "device", "Kitchen lights")}
    lights["charlie"] = item_id(FLAT_ID, "device", "Lounge lamp")
    tabs = [(name, *open_page(people[name], deployment.url)) for name in lights for _ in range(12)]
    for _round in range(2):
        # Athom's access tokens and the Homeys' sessions expire: every control that follows
        # must log in to its Homey again, and its first try is refused by the cloud.
        emulator.control(clock={"mode": "manual", "advance": 3700})
        emulator.control(expire_sessions=HOME_ID)
        emulator.control(expire_sessions=FLAT_ID)
        answers = toggle_at_once(deployment.url, tabs, lights)

        assert [a for a in answers if a[1:] != (200, None)] == []
        for name in lights:
            page = clone(people[name]).get(f"{deployment.url}/", timeout=30)
            assert page.status_code == 200 and 'id="poller"' in page.text, page.url


def toggle_at_once(base: str, tabs: list, lights: dict) -> list:
    """Every tab posts a toggle of its person's light at the same moment."""
    answers: list = []
    start = threading.Barrier(len(tabs))

    def toggle(name, tab, html, on: bool) -> None:
        start.wait()
        response = tab.post(
            f"{base}/devices/{lights[name]}/control",
            data={"capability": "onoff", "value": "true" if on else "false"},
            headers={**HTMX, "X-CSRFToken": csrf_token(html)},
            timeout=60,
        )
        answers.append((name, response.status_code, response.headers.get("HX-Redirect")))

    threads = [
        threading.Thread(target=toggle, args=(*tab, n % 2 == 0)) for n, tab in enumerate(tabs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
