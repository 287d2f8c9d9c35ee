"""A logging filter that blanks anything shaped like a credential, as a last line of defence.

homeydash never logs tokens on purpose; this catches a third-party library or an exception
message that would (an Authorization header, a token in a query string or a JSON body).
"""

from __future__ import annotations

import logging
import re

SECRET_PATTERNS = [
    re.compile(r"(?i)(bearer|basic)\s+[A-Za-z0-9._~+/:=-]+"),
    re.compile(
        r"(?i)((?:access|refresh|session|delegation|id)?_?token|api_?key|client_secret|code|password)"
        r"(\"?\s*[:=]\s*\"?)[^\s\"'&,}]+"
    ),
]


def redact(text: str) -> str:
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(_mask, text)
    return text


def _mask(match: re.Match) -> str:
    if match.re is SECRET_PATTERNS[0]:
        return f"{match.group(1)} [redacted]"
    return f"{match.group(1)}{match.group(2)}[redacted]"


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
