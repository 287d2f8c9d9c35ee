"""``python -m emulator``'s own settings, with every request it serves logged on stderr, so the
stage counts the device reads that reach the Homeys at their door."""

import os

from emulator import constants
from emulator.standalone_settings import *  # noqa: F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}

# The deployment's callback registered for the demo client, as an operator registers theirs
# with Athom (the demo client otherwise accepts only port 8000 and the emulator's own host).
constants.DEMO_REDIRECT_URIS = (
    *constants.DEMO_REDIRECT_URIS,
    os.environ["HOMEYDASH_STAGE_REDIRECT_URI"],
)
