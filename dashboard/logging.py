"""A logging filter that blanks anything shaped like a credential, as a last line of defence.

homeydash never logs tokens on purpose; this catches a third-party library or an exception
message that would (an Authorization header, a token in a query string or a JSON body).
"""

from __future__ import annotations

import logging
import re

# (pattern, replacement): what stays readable around the blanked secret.
SECRET_PATTERNS = [
    # the one-time kiosk pairing link
    (re.compile(r"(/kiosk/pair/)[^/\s\"?]+"), r"\1[redacted]"),
    # homeydash's own API tokens, wherever they appear
    (re.compile(r"\bhd_[A-Za-z0-9_-]{16,}"), "hd_[redacted]"),
    # Authorization headers
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/:=-]+"), r"\1 [redacted]"),
    # key=value, "key": "value" and ?key=value forms
    (
        re.compile(
            r"(?i)((?:access|refresh|session|delegation|id)?_?token|api_?key|client_secret"
            r"|code|password)(\"?\s*[:=]\s*\"?)[^\s\"'&,}]+"
        ),
        r"\1\2[redacted]",
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
