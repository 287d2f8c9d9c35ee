"""The emulator's whole state: one process-global :class:`World`, guarded by a lock.

Python API for in-process tests::

    from emulator.world import get_world
    w = get_world()
    w.reset(seed=1, now=datetime(2026, 11, 25, 12, tzinfo=UTC))  # manual clock, frozen
    w.clock.advance(90)                       # move the emulator clock
    w.faults.homey(HOME_ID).offline = True    # Homey offline (relay 502, local hangs)
    w.faults.cloud.down = True                # every cloud route 503
    w.cloud.revoke_refresh_tokens("alice@example.com")
    w.homeys[HOME_ID].expire_sessions()
    w.set_role(HOME_ID, "bob@example.com", "guest")

The same operations are served as JSON at ``/emulator/_control`` (see :meth:`World.control`).
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from emulator import realtime
from emulator.cloud import Cloud, demo_cloud
from emulator.constants import (  # noqa: F401  (re-exported demo ids)
    ALICE_EMAIL,
    ALICE_ID,
    BOB_EMAIL,
    BOB_ID,
    CHARLIE_EMAIL,
    CHARLIE_ID,
    DAVE_EMAIL,
    DAVE_ID,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_PASSWORD,
    DEMO_PAT_TOKEN,
    FLAT_ID,
    HOLIDAY_ID,
    HOME_ID,
)
from emulator.homey import Homey, iso
from emulator.house import build_homeys
from emulator.scopes import ROLES


class Clock:
    """The emulator clock. ``real`` follows wall time (plus an offset that ``set`` and
    ``advance`` move); ``manual`` stands still until told. Token and code expiry, session
    expiry and every moving value read this clock."""

    def __init__(self) -> None:
        self.mode = "real"
        self._offset = 0.0
        self._frozen = 0.0

    def now(self) -> datetime:
        """The emulator's current time (aware, UTC)."""
        return datetime.fromtimestamp(self.timestamp(), UTC)

    def timestamp(self) -> float:
        """The emulator's current time as epoch seconds."""
        return self._frozen if self.mode == "manual" else time.time() + self._offset

    def freeze(self, at: datetime | None = None) -> None:
        """Switch to manual mode, standing at ``at`` (default: where it is now)."""
        self._frozen = at.timestamp() if at is not None else self.timestamp()
        self.mode = "manual"

    def set(self, at: datetime) -> None:
        """Jump to ``at``, keeping the mode."""
        if self.mode == "manual":
            self._frozen = at.timestamp()
        else:
            self._offset = at.timestamp() - time.time()

    def advance(self, seconds: float) -> None:
        """Move forward (or back, when negative) by ``seconds``."""
        if self.mode == "manual":
            self._frozen += seconds
        else:
            self._offset += seconds

    def run(self) -> None:
        """Switch to real mode, flowing on from the current emulator time."""
        if self.mode == "manual":
            self._offset = self._frozen - time.time()
        self.mode = "real"


@dataclass
class HomeyFaults:
    offline: bool = False
    latency: float = 0.0  # seconds added to every request
    status: int | None = None  # answer every request with this status (e.g. 503)
    refuse_socket: bool = False  # handshakeClient answers 503 (clients fall back to HTTP)


@dataclass
class CloudFaults:
    down: bool = False  # 503 on every cloud route
    latency: float = 0.0


@dataclass
class Faults:
    """Fault switches. ``homeys`` is keyed by Homey id; use :meth:`homey` to edit one."""

    homeys: dict[str, HomeyFaults] = field(default_factory=dict)
    cloud: CloudFaults = field(default_factory=CloudFaults)

    def homey(self, homey_id: str) -> HomeyFaults:
        return self.homeys.setdefault(homey_id, HomeyFaults())

    def clear(self) -> None:
        self.homeys.clear()
        self.cloud = CloudFaults()


@dataclass
class Config:
    """Knobs. Lifetimes are in emulator-clock seconds."""

    access_token_seconds: int = 3660
    session_seconds: int = 24 * 3600
    code_seconds: int = 30
    delegation_seconds: int = 60
    rotate_refresh_tokens: bool = True
    offline_hang_seconds: float = 30.0


class World:
    """Cloud + Homeys + clock + faults + config. Hold :attr:`lock` while touching state
    from request handlers (servers are threaded)."""

    def __init__(self, seed: int = 1) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.faults = Faults()
        self.config = Config()
        self.seed = seed
        self.cloud: Cloud = demo_cloud()
        self.homeys: dict[str, Homey] = {}
        self.reset(seed)

    def reset(self, seed: int = 1, now: datetime | None = None) -> None:
        """Rebuild everything for ``seed``: fresh accounts, tokens, Homeys, default config,
        no faults. With ``now`` the clock is frozen there (manual mode); without it the
        clock follows wall time."""
        with self.lock:
            self.seed = seed
            self.clock = Clock()
            if now is not None:
                self.clock.freeze(now)
            self.faults = Faults()
            self.config = Config()
            self.cloud = demo_cloud()
            self.homeys = build_homeys(seed, self.clock.timestamp())
            realtime.drop()  # new Homeys: their sockets went with the old ones

    def now(self) -> float:
        """Emulator time as epoch seconds (shorthand for ``clock.timestamp()``)."""
        return self.clock.timestamp()

    def set_role(self, homey_id: str, email: str, role: str | None) -> None:
        """Give the Athom user ``email`` (or id) ``role`` on a Homey; None removes them."""
        with self.lock:
            user = self.cloud.find_user(email)
            homey = self.homeys[homey_id]
            if role is not None and role not in ROLES:
                raise ValueError(f"Unknown role {role!r}; one of {', '.join(ROLES)}")
            # Their realtime sockets close: reconnecting, they get the new role's scopes.
            member = homey.user_by_athom_id(user.id)
            tokens = {t for t, s in homey.sessions.items() if member and s.user_id == member.id}
            realtime.drop(homey_id, tokens=tokens)
            if role is None:
                homey.remove_user(user.id)
                return
            homey.set_role(user.id, user.firstname, role)

    def homeys_of(self, user_id: str, allowed: list[str] | None = None) -> list[Homey]:
        """The Homeys ``user_id`` is a user of (limited to ``allowed`` ids when given)."""
        return [
            h
            for h in self.homeys.values()
            if h.user_by_athom_id(user_id) and (allowed is None or h.id in allowed)
        ]

    def set_offline(self, homey_id: str, offline: bool) -> None:
        with self.lock:
            faults = self.faults.homey(homey_id)
            if faults.offline != offline:
                self.homeys[homey_id].state_since = self.now()
            faults.offline = offline
            if offline:
                realtime.drop(homey_id)

    # -- the JSON control API -------------------------------------------------------------

    def control(self, ops: dict[str, Any]) -> dict[str, Any]:
        """Apply control operations (the body of ``POST /emulator/_control``), return
        :meth:`state`. Keys: ``reset`` ``{"seed", "now"?}``, ``clock`` ``{"set": iso}`` |
        ``{"advance": s}`` | ``{"mode": "real"|"manual"}``, ``faults``
        ``{homeyId: {"offline", "latency", "status", "refuse_socket"}}``, ``cloud``
        ``{"down", "latency"}``,
        ``revoke_refresh_tokens`` (email or id), ``expire_sessions`` (Homey id),
        ``drop_sockets`` (Homey id: close its realtime sockets),
        ``set_role`` ``{"homey", "email", "role"}``, and the :class:`Config` knobs."""
        with self.lock:
            if "reset" in ops:
                spec = ops["reset"] or {}
                now = spec.get("now")
                self.reset(int(spec.get("seed", 1)), _parse_time(now) if now else None)
            clock = ops.get("clock") or {}
            if "mode" in clock:
                if clock["mode"] == "manual":
                    self.clock.freeze()
                elif clock["mode"] == "real":
                    self.clock.run()
                else:
                    raise ValueError("clock.mode must be 'real' or 'manual'")
            if "set" in clock:
                self.clock.set(_parse_time(clock["set"]))
            if "advance" in clock:
                self.clock.advance(float(clock["advance"]))
            for homey_id, spec in (ops.get("faults") or {}).items():
                if homey_id not in self.homeys:
                    raise ValueError(f"Unknown Homey {homey_id}")
                faults = self.faults.homey(homey_id)
                if "offline" in spec:
                    self.set_offline(homey_id, bool(spec["offline"]))
                if "latency" in spec:
                    faults.latency = float(spec["latency"] or 0)
                if "status" in spec:
                    faults.status = int(spec["status"]) if spec["status"] else None
                if "refuse_socket" in spec:
                    faults.refuse_socket = bool(spec["refuse_socket"])
            cloud = ops.get("cloud") or {}
            if "down" in cloud:
                self.faults.cloud.down = bool(cloud["down"])
            if "latency" in cloud:
                self.faults.cloud.latency = float(cloud["latency"] or 0)
            if ops.get("revoke_refresh_tokens"):
                self.cloud.revoke_refresh_tokens(ops["revoke_refresh_tokens"])
            if ops.get("expire_sessions"):
                homey = self.homeys[ops["expire_sessions"]]
                logins = {t for t, s in homey.sessions.items() if s.type != "PAT"}
                homey.expire_sessions()
                realtime.drop(homey.id, tokens=logins)  # their sockets close with them
            if ops.get("drop_sockets"):
                if ops["drop_sockets"] not in self.homeys:
                    raise ValueError(f"Unknown Homey {ops['drop_sockets']}")
                realtime.drop(ops["drop_sockets"])
            if ops.get("set_role"):
                spec = ops["set_role"]
                self.set_role(spec["homey"], spec["email"], spec.get("role"))
            for name, default in asdict(Config()).items():
                if name not in ops:
                    continue
                if isinstance(default, bool) and not isinstance(ops[name], bool):
                    raise ValueError(f"{name} must be true or false")
                setattr(self.config, name, type(default)(ops[name]))
            return self.state()

    def state(self) -> dict[str, Any]:
        """A JSON-able summary: clock, config, faults, Homeys and their users."""
        with self.lock:
            return {
                "seed": self.seed,
                "clock": {"now": iso(self.now()), "mode": self.clock.mode},
                "config": asdict(self.config),
                "cloud": asdict(self.faults.cloud),
                "faults": {k: asdict(v) for k, v in self.faults.homeys.items()},
                "homeys": {
                    h.id: {
                        "name": h.name,
                        "devices": len(h.devices),
                        "users": {u.athom_id: u.role for u in h.users.values()},
                        "sessions": sum(s.type == "OAUTH" for s in h.sessions.values()),
                        "triggered": [[iso(t), fid] for t, fid in h.triggered],
                        "sockets": realtime.clients(h.id),
                    }
                    for h in self.homeys.values()
                },
            }


def _parse_time(value: str) -> datetime:
    d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return d if d.tzinfo else d.replace(tzinfo=UTC)


_world: World | None = None
_world_lock = threading.Lock()


def get_world() -> World:
    """The process-global world (built on first use: seed 1, real clock)."""
    global _world
    if _world is None:
        with _world_lock:
            if _world is None:
                _world = World()
    return _world
