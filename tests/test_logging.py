"""The last line of defence: log lines are scrubbed of anything shaped like a credential."""

from __future__ import annotations

import logging

import pytest

from dashboard.logging import RedactSecretsFilter, redact


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('"GET /oauth/callback?code=c0de123&state=abc HTTP/1.1" 302', "c0de123"),
        ('"GET /kiosk/pair/Pa1rS3cret/ HTTP/1.1" 200', "Pa1rS3cret"),
        ("Authorization: Bearer abc.def:ghi", "abc.def:ghi"),
        ('{"access_token": "a1b2c3", "expires_in": 3660}', "a1b2c3"),
        ("grant_type=refresh_token&refresh_token=r3fr3sh", "r3fr3sh"),
        ("api_key=0b7c:a11c:0de3 rejected", "0b7c:a11c:0de3"),
        (
            "Unexpected auth - 'Token hd_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5'",
            "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5",
        ),
    ],
)
def test_a_credential_in_a_log_line_is_blanked(line, secret):
    cleaned = redact(line)
    assert secret not in cleaned
    assert "[redacted]" in cleaned


def test_the_filter_rewrites_records_with_arguments():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        ("GET /?code=x9y8 HTTP/1.1", 302),
        None,
    )
    RedactSecretsFilter().filter(record)
    assert "x9y8" not in record.getMessage()


def test_ordinary_lines_are_left_alone():
    line = '"GET /d/6f1c/poll?v=12 HTTP/1.1" 204'
    assert redact(line) == line


def test_the_filter_is_on_the_console_handler():
    from django.conf import settings

    assert "redact" in settings.LOGGING["handlers"]["console"]["filters"]
