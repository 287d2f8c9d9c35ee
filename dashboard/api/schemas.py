"""What the API answers and takes, as Pydantic models (django-ninja ``Schema``).

Field names follow the Homey Web API's own spelling (``lastUpdated``, ``unavailableMessage``) so
programs written against a Homey read homeydash's answers the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

Value = bool | int | float | str | None

RESOLUTIONS = (
    "lastHour",
    "lastHourLowRes",
    "last6Hours",
    "last6HoursLowRes",
    "last24Hours",
    "last3Days",
    "last7Days",
    "last14Days",
    "last31Days",
    "last3Months",
    "last6Months",
    "last2Years",
    "today",
    "yesterday",
    "thisWeek",
    "lastWeek",
    "thisMonth",
    "lastMonth",
    "thisYear",
    "lastYear",
)
Resolution = Literal[RESOLUTIONS]  # type: ignore[valid-type]


class HomeyOut(Schema):
    id: str = Field(description="The Homey's cloud id, used in every path below.")
    name: str
    role: str = Field(description="The token owner's role on this Homey now.")
    access: Literal["read", "control"] = Field(
        description="What this token may do now: its own access, never more than the role."
    )
    staleSince: datetime | None = Field(
        description="Since when the Homey has not answered (null: its values are current)."
    )


class ZoneOut(Schema):
    id: str
    name: str
    parent: str | None
    icon: str


class Choice(Schema):
    id: str
    title: str


class CapabilityOut(Schema):
    id: str
    title: str
    type: str = Field(description="boolean, number, enum or string")
    value: Value
    units: str
    decimals: int | None
    min: float | None
    max: float | None
    step: float | None
    getable: bool
    setable: bool
    values: list[Choice] = Field(description="The choices of an enum capability.")
    lastUpdated: datetime | None
    staleSince: datetime | None = Field(
        description="Since when the Homey has not answered: the value is the last one known."
    )


class DeviceOut(Schema):
    id: str
    name: str
    zone: str
    deviceClass: str = Field(alias="class")
    available: bool
    ready: bool
    unavailableMessage: str
    warningMessage: str
    capabilities: list[CapabilityOut]
    staleSince: datetime | None


class ValueIn(Schema):
    value: bool | int | float | str = Field(
        description='The new value: true/false, a number, an enum id or text ("50%" for a '
        "0..1 percentage capability)."
    )
    confirm: bool = Field(
        False,
        description="Must be true to change a lock or an alarm state (locked, homealarm_state).",
    )


class VariableOut(Schema):
    id: str
    name: str
    type: str = Field(description="boolean, number or string")
    value: Value
    staleSince: datetime | None


class VariableIn(Schema):
    value: bool | int | float | str


class FlowOut(Schema):
    id: str
    name: str
    enabled: bool
    triggerable: bool = Field(description="Whether it can be started by hand (or by the API).")
    folder: str


class Started(Schema):
    id: str
    started: datetime


class Point(Schema):
    t: datetime
    v: float | None


class InsightsOut(Schema):
    id: str = Field(description="The Insights log id.")
    resolution: str
    step: int = Field(description="Milliseconds between points.")
    points: list[Point]


class AppOut(Schema):
    id: str = Field(description="The app's id, e.g. com.fibaro.")
    name: str
    version: str
    state: Literal["starting", "running", "stopping", "stopped", "crashed"]
    enabled: bool
    crashedMessage: str = Field(description="What the app said when it crashed ('' otherwise).")


class HealthProblem(Schema):
    kind: Literal["app", "device"]
    id: str
    name: str
    state: Literal["crashed", "stopped", "unavailable"]
    message: str = Field(description="The Homey's own words: a crash message, why unavailable.")
    since: datetime | None = Field(description="When homeydash first saw it (null: unknown).")
    app: str = Field(description="The app a device belongs to ('' when unknown).")


class HealthOut(Schema):
    ok: bool = Field(description="True when no app is down and every device is available.")
    problems: list[HealthProblem]
    appsKnown: bool = Field(
        description="False when the apps could not be read: only devices were checked."
    )
    staleSince: datetime | None
