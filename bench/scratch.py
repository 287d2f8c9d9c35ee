"""A scratch homeydash for a bench, in this process: demo mode (the emulator mounted at
/emulator/), a new SQLite database in ``workdir``, migrated, no Redis.

    from scratch import setup_django  # bench/ is on sys.path when a bench script runs
    setup_django(workdir, HOMEYDASH_POLL_SECONDS="5")
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(workdir: str, **env: str) -> None:
    """Configure Django for a bench; ``env`` sets more environment variables first."""
    os.environ.pop("ATHOM_CLIENT_ID", None)  # demo mode: the emulator is served too
    os.environ["DJANGO_SETTINGS_MODULE"] = "homeydash.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.pop("REDIS_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
