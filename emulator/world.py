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

from emulator import homey_apps, network, realtime
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
from emulator.house import build_homeys, build_large_house
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
class OperationFault:
    """A fault on one operation (spec operation id, e.g. ``getDevices``): wait ``latency``
    seconds, then answer ``status`` (429 carries ``Retry-After: retry_after``); ``hang``
    answers nothing for ``offline_hang_seconds``, then 504."""

    status: int | None = None
    latency: float = 0.0
    retry_after: int | None = None
    hang: bool = False


@dataclass
class HomeyFaults:
    offline: bool = False
    latency: float = 0.0  # seconds added to every request
    status: int | None = None  # answer every request with this status (e.g. 503)
    addresses: dict[str, str] = field(default_factory=dict)  # cloud field → network.MODES
    operations: dict[str, OperationFault] = field(default_factory=dict)  # by operation id
    refuse_socket: bool = False  # handshakeClient answers 503 (clients fall back to HTTP)


@dataclass
class CloudFaults:
    down: bool = False  # 503 on every cloud route
    latency: float = 0.0
    operations: dict[str, OperationFault] = field(default_factory=dict)  # by path (ROUTES)


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
    # A path must be exactly the spec's (``/device`` not ``/device/``); off: both answer.
    strict_paths: bool = False


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

    def add_large_house(self, devices: int = 320) -> Homey:
        """Add (or rebuild) Erin's "Estate": ``devices`` realistic devices, for benchmarks."""
        with self.lock:
            homey = build_large_house(self.seed, self.now(), devices)
            self.homeys[homey.id] = homey
            return homey

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

    def app_event(self, spec: dict[str, Any], act: str) -> None:
        """An app crashes, stops or runs again (``spec``: ``{"homey", "app", "message"?}``);
        its devices follow and realtime subscribers hear of it."""
        with self.lock:
            homey = self.homeys.get(spec.get("homey", ""))
            if homey is None:
                raise ValueError(f"Unknown Homey {spec.get('homey')!r}")
            if spec.get("app") not in homey.apps:
                raise ValueError(f"Unknown app {spec.get('app')!r} on {homey.id}")
            if act == "crash":
                homey_apps.crash(homey, spec["app"], spec.get("message"))
            elif act == "stop":
                homey_apps.stop(homey, spec["app"])
            else:
                homey_apps.start(homey, spec["app"], enable=True)
            realtime.changed(homey, self.now())

    # -- the JSON control API -------------------------------------------------------------

    def control(self, ops: dict[str, Any]) -> dict[str, Any]:
        """Apply control operations (the body of ``POST /emulator/_control``), return
        :meth:`state`. Keys: ``reset`` ``{"seed", "now"?}``, ``clock`` ``{"set": iso}`` |
        ``{"advance": s}`` | ``{"mode": "real"|"manual"}``, ``faults``
        ``{homeyId: {"offline", "latency", "status", "refuse_socket"}}``, ``cloud``
        ``{"down", "latency", "operations": {path: fault | null}}``,
        ``revoke_refresh_tokens`` (email or id), ``expire_sessions`` (Homey id),
        ``drop_sockets`` (Homey id: close its realtime sockets),
        ``set_role`` ``{"homey", "email", "role"}``, ``reboot`` ``{"homey", "seconds"}``,
        ``client_secret`` ``{"client", "secret"}`` (the app's secret changed at Athom),
        ``layout`` ``{homeyId: "legacy" | "real"}`` (which addresses the cloud gives),
        ``large_house`` ``{"devices"}``, ``crash_app`` / ``stop_app`` / ``restart_app``
        ``{"homey", "app", "message"?}`` and the :class:`Config` knobs. A Homey's faults also
        take ``addresses`` ``{field: mode}`` and ``operations`` ``{operationId: {"status",
        "latency", "retry_after", "hang"} | null}``."""
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
                for name, mode in (spec.get("addresses") or {}).items():
                    if name not in network.FIELDS or mode not in network.MODES:
                        raise ValueError(
                            f"addresses: {name!r} must be one of {', '.join(network.FIELDS)} "
                            f"and its mode one of {', '.join(network.MODES)}"
                        )
                    faults.addresses[name] = mode
                for operation, fault in (spec.get("operations") or {}).items():
                    if operation not in OPERATION_IDS:
                        raise ValueError(f"Unknown operation {operation!r}")
                    if not fault:
                        faults.operations.pop(operation, None)
                        continue
                    faults.operations[operation] = _operation_fault(fault)
                if "refuse_socket" in spec:
                    faults.refuse_socket = bool(spec["refuse_socket"])
            for homey_id, layout in (ops.get("layout") or {}).items():
                if layout not in ("legacy", "real"):
                    raise ValueError("layout must be 'legacy' or 'real'")
                self.homeys[homey_id].layout = layout
            if ops.get("client_secret"):
                spec = ops["client_secret"]
                self.cloud.clients[spec["client"]].secret = str(spec["secret"])
            if ops.get("reboot"):
                spec = ops["reboot"]
                self.homeys[spec["homey"]].reboot(self.now(), float(spec.get("seconds", 60)))
            if ops.get("large_house"):
                self.add_large_house(int(ops["large_house"].get("devices", 320)))
            cloud = ops.get("cloud") or {}
            if "down" in cloud:
                self.faults.cloud.down = bool(cloud["down"])
            if "latency" in cloud:
                self.faults.cloud.latency = float(cloud["latency"] or 0)
            for path, fault in (cloud.get("operations") or {}).items():
                if path not in CLOUD_PATHS:
                    raise ValueError(
                        f"Unknown cloud path {path!r}; one of {', '.join(CLOUD_PATHS)}"
                    )
                if not fault:
                    self.faults.cloud.operations.pop(path, None)
                else:
                    self.faults.cloud.operations[path] = _operation_fault(fault)
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
            for name, act in (
                ("crash_app", "crash"),
                ("stop_app", "stop"),
                ("restart_app", "start"),
            ):
                if ops.get(name):
                    self.app_event(ops[name], act)
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
                        "platform": h.platform,
                        "apiVersion": h.api_version,
                        "addresses": {a.field: a.real for a in network.addresses(h)},
                        "rebootingUntil": iso(h.down_until) if h.rebooting(self.now()) else None,
                        "devices": len(h.devices),
                        "apps": {a.id: a.state for a in h.apps.values()},
                        "users": {u.athom_id: u.role for u in h.users.values()},
                        "sessions": sum(s.type == "OAUTH" for s in h.sessions.values()),
                        "triggered": [[iso(t), fid] for t, fid in h.triggered],
                        "sockets": realtime.clients(h.id),
                    }
                    for h in self.homeys.values()
                },
            }


CLOUD_PATHS = ("/oauth2/token", "/user/me", "/delegation/token", "/delegation/key")


def _operation_fault(spec: dict[str, Any]) -> OperationFault:
    return OperationFault(
        status=int(spec["status"]) if spec.get("status") else None,
        latency=float(spec.get("latency") or 0),
        retry_after=int(spec["retry_after"]) if spec.get("retry_after") else None,
        hang=bool(spec.get("hang", False)),
    )


def _parse_time(value: str) -> datetime:
    d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return d if d.tzinfo else d.replace(tzinfo=UTC)


def _operation_ids() -> frozenset[str]:
    from emulator.homey_views import SPEC_ROUTES  # the views import this module

    return frozenset(r.operation for table in SPEC_ROUTES.values() for r in table)


class _OperationIds:
    def __contains__(self, operation: object) -> bool:
        return operation in _operation_ids()


OPERATION_IDS = _OperationIds()

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
