"""Stable ids and secrets of the demo world (documented, safe to print: they only exist here)."""

from __future__ import annotations

DEMO_PASSWORD = "homey"

# Athom cloud users (24-hex Mongo-style ids).
ALICE_ID = "64a1a1a1a1a1a1a1a1a1a1a1"
BOB_ID = "64b0b0b0b0b0b0b0b0b0b0b0"
CHARLIE_ID = "64c4c4c4c4c4c4c4c4c4c4c4"
DAVE_ID = "64d0d0d0d0d0d0d0d0d0d0d0"
ALICE_EMAIL = "alice@example.com"
BOB_EMAIL = "bob@example.com"
CHARLIE_EMAIL = "charlie@example.com"
DAVE_EMAIL = "dave@example.com"

# Homeys (24-hex cloud ids).
HOME_ID = "6650f0e0d0c0b0a090807060"
HOLIDAY_ID = "6650f1e1d1c1b1a191817161"
FLAT_ID = "6650f2e2d2c2b2a292827262"

# The demo OAuth client.
DEMO_CLIENT_ID = "homeydash-demo"
DEMO_CLIENT_SECRET = "homeydash-demo-secret"
DEMO_CLIENT_NAME = "homeydash (demo)"
DEMO_REDIRECT_URIS = (
    "http://127.0.0.1:8000/oauth/callback",
    "http://localhost:8000/oauth/callback",
)
# What the demo client is registered for: what a dashboard needs, nothing more.
DEMO_CLIENT_SCOPES = (
    "homey.device.readonly",
    "homey.device.control",
    "homey.zone.readonly",
    "homey.flow.readonly",
    "homey.flow.start",
    "homey.logic",
    "homey.insights.readonly",
    "homey.user.self",
    "homey.user.readonly",
    "homey.system.readonly",
)

# A personal access token (API key) seeded on "Home", owned by Alice, for trying
# "connect a Homey Pro locally" in the demo: local URL <server>/emulator/homey/<HOME_ID>.
DEMO_PAT_ID = "0b7c1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4"
DEMO_PAT_TOKEN = (
    "0b7c1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4:"
    "a11ce000-0000-4000-8000-000000000001:"
    "0de30de30de30de30de30de30de30de30de30de3"
)
DEMO_PAT_NAME = "homeydash demo key"

HOMEY_VERSION = "12.4.1"
HOMEY_MODEL_NAME = "Homey Pro (Early 2023)"
HOMEY_MODEL_ID = "homey_pro_2023"
TIMEZONE = "Europe/Amsterdam"
