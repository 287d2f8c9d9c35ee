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
# Erin's Farmhouse is the messy one; Frank has the old Homey Pro and a Homey Cloud.
ERIN_ID = "64e0e0e0e0e0e0e0e0e0e0e0"
FRANK_ID = "64f0f0f0f0f0f0f0f0f0f0f0"
ERIN_EMAIL = "erin@example.com"
FRANK_EMAIL = "frank@example.com"

# Homeys (24-hex cloud ids).
HOME_ID = "6650f0e0d0c0b0a090807060"
HOLIDAY_ID = "6650f1e1d1c1b1a191817161"
FLAT_ID = "6650f2e2d2c2b2a292827262"
FARMHOUSE_ID = "6650f3e3d3c3b3a393837363"
OLD_PRO_ID = "5a50f4e4d4c4b4a494847464"  # Homey Pro (2019), Web API v2
CLOUD_HOMEY_ID = "6650f5e5d5c5b5a595857565"  # Homey Cloud: the relay is its only address
ESTATE_ID = "6650f6e6d6c6b6a696867666"  # the large house, only after "large_house"

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
    "homey.app.readonly",  # the Homey's health: apps that stopped or crashed
    "homey.geolocation.readonly",
    "homey.energy.readonly",
    "homey.mood.readonly",
    "homey.mood.set",
    "homey.notifications.readonly",
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
OLD_PRO_VERSION = "4.2.0"  # firmware before 5.0 speaks Web API v2
OLD_PRO_MODEL_ID = "homey_pro_2019"
OLD_PRO_MODEL_NAME = "Homey Pro (2019)"
CLOUD_VERSION = "12.4.1"
CLOUD_MODEL_ID = "homey_cloud"
CLOUD_MODEL_NAME = "Homey Cloud"
