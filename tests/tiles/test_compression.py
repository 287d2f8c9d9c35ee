"""Pages and poll answers travel compressed, without giving BREACH a token to guess at."""

from __future__ import annotations

import gzip
import re

from tests.support.tiles import HTMX, make_due, poll_url

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
FNAME = 0x08  # gzip header flag: an (here random-length) file name follows the header


def csrf_token(html: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)


def test_a_board_page_is_gzipped_and_its_csrf_token_differs_on_every_answer(alice_client):
    first = alice_client.get("/", **GZIP)
    second = alice_client.get("/", **GZIP)

    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert response.content[3] & FNAME  # Django's "Heal The Breach" padding
    pages = [gzip.decompress(r.content).decode() for r in (first, second)]
    assert len(first.content) < len(pages[0]) / 4
    assert csrf_token(pages[0]) != csrf_token(pages[1])  # masked anew: nothing stable to probe


def test_a_poll_answer_with_tiles_is_gzipped(alice_client, clock):
    page = gzip.decompress(alice_client.get("/", **GZIP).content).decode()
    clock.shift(1800)
    make_due(clock)

    response = alice_client.get(poll_url(page), **HTMX, **GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert 'hx-swap-oob="true"' in gzip.decompress(response.content).decode()


def test_a_browser_that_does_not_ask_for_gzip_gets_plain_html(alice_client):
    response = alice_client.get("/", HTTP_ACCEPT_ENCODING="identity")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content
