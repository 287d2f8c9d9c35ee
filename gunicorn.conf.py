"""gunicorn reads this file from its working directory (or ``-c gunicorn.conf.py``).

Before any worker starts, it runs what ``manage.py`` runs: the environment is read (a bad value
prints one paragraph naming the variable and the fix, and gunicorn exits), then Django's
system checks. Bind address, workers and threads stay on the command line (see README).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from homeydash.env import check_before_serving  # noqa: E402

check_before_serving()
