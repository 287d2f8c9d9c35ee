"""Homey scopes: what each role allows, and the prefix rule of homey-api.md §6.3."""

from __future__ import annotations

from collections.abc import Iterable

KNOWN_SCOPES = frozenset(
    {
        "homey",
        *(
            f"homey.{area}{suffix}"
            for area, suffixes in {
                "device": ("", ".readonly", ".control"),
                "zone": ("", ".readonly"),
                "flow": ("", ".readonly", ".start"),
                "logic": ("", ".readonly"),
                "insights": ("", ".readonly"),
                "mood": ("", ".readonly", ".set"),
                "app": ("", ".readonly", ".control"),
                "user": ("", ".readonly", ".self"),
                "system": ("", ".readonly"),
                "energy": ("", ".readonly"),
                "dashboard": ("", ".readonly"),
                "notifications": ("", ".readonly"),
                "presence": ("", ".readonly", ".self"),
                "geolocation": ("", ".readonly"),
                "updates": ("", ".readonly"),
                "alarm": ("", ".readonly"),
            }.items()
            for suffix in suffixes
        ),
    }
)

_USER_SCOPES = (
    "homey.device.readonly",
    "homey.device.control",
    "homey.zone.readonly",
    "homey.flow.readonly",
    "homey.flow.start",
    "homey.logic",
    "homey.insights.readonly",
    "homey.user.self",
    "homey.system.readonly",
    "homey.geolocation.readonly",
    "homey.energy.readonly",
    "homey.mood.readonly",
    "homey.mood.set",
    "homey.notifications.readonly",
)
# Guests see the weather and the moods, not the household's energy use or its timeline.
_GUEST_SCOPES = (
    "homey.device.readonly",
    "homey.zone.readonly",
    "homey.flow.readonly",
    "homey.logic.readonly",
    "homey.insights.readonly",
    "homey.user.self",
    "homey.system.readonly",
    "homey.geolocation.readonly",
    "homey.mood.readonly",
)
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    "owner": ("homey",),
    "manager": ("homey",),
    "user": _USER_SCOPES,
    "guest": _GUEST_SCOPES,
}
ROLES = tuple(ROLE_SCOPES)


def role_scopes(role: str) -> tuple[str, ...]:
    return ROLE_SCOPES.get(role, ())


def is_known(scope: str) -> bool:
    return scope.split(":", 1)[0] in KNOWN_SCOPES


def covers(granted: str, required: str) -> bool:
    """The official client's ``instanceOfScope(required, granted)``: ``required`` starts
    with ``granted`` (before any ``:``) and a ``:suffix`` on ``required`` must match."""
    g_base, _, g_suffix = granted.partition(":")
    r_base, _, r_suffix = required.partition(":")
    return (
        required.startswith(g_base)
        and (not r_suffix or r_suffix == g_suffix)
        and (len(r_base) == len(g_base) or r_base[len(g_base)] == ".")
    )


def allows(granted: Iterable[str], required: Iterable[str]) -> bool:
    """True when some granted scope covers some required scope."""
    granted = list(granted)
    return any(covers(g, r) for r in required for g in granted)


def intersect(requested: Iterable[str], allowed: Iterable[str]) -> list[str]:
    """``requested ∩ allowed`` under the prefix rule: a requested scope that an allowed one
    covers is kept; otherwise the allowed scopes it covers are kept."""
    allowed = list(allowed)
    result: list[str] = []
    for r in requested:
        kept = any(covers(a, r) for a in allowed)
        picked = [r] if kept else [a for a in allowed if covers(r, a)]
        result.extend(p for p in picked if p not in result)
    return result
