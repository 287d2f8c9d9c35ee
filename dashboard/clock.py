"""Where homeydash asks for the time: every "now" in ``dashboard/`` comes from here.

Tests move this clock and the emulator's together with time-machine (see
``tests/support/emulator.py``), so nothing depends on the day the suite runs.
"""

from __future__ import annotations

import time
from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current time, aware (UTC)."""
    return timezone.now()


def epoch() -> float:
    """The current time as epoch seconds, for cache bookkeeping."""
    return time.time()
