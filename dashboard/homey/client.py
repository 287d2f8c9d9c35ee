"""One Homey's Web API, reached at one base URL with one token.

Each method names the Web API operation it calls, at the path the Homey's own spec writes
(``HomeyAPIV3Local.json`` and ``HomeyAPIV3Cloud.json`` for ``apiVersion`` 3, ``HomeyAPIV2.json``
for a Homey Pro 2016–2019: the same paths except a trailing slash on ``getDevices``, and
Insights log ids in their short form). Every request carries ``X-Homey-ID`` when the Homey's id
is known, so a request can never land on another Homey by mistake (the relay routes on it,
and ``ping`` checks it).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import requests

from dashboard import clock
from dashboard.homey.addresses import PinnedAdapter
from dashboard.homey.errors import (
    AccessDenied,
    HomeyOffline,
    InvalidValue,
    NotFound,
    RateLimited,
    TokenRejected,
    UnexpectedResponse,
)
from dashboard.homey.events import EventHandler, HomeyEvents
from dashboard.homey.types import (
    App,
    Device,
    EnergyLive,
    EnergyReport,
    Flow,
    HomeyUser,
    Image,
    LogEntries,
    Mood,
    Notification,
    Session,
    SystemInfo,
    Value,
    Variable,
    Weather,
    Zone,
    items_of,
)

# Operation → path where the specs differ from ``apiVersion`` 3 (``HomeyAPIV2.json``).
PATHS = {
    3: {"getDevices": "/api/manager/devices/device"},
    2: {"getDevices": "/api/manager/devices/device/"},
}
SUPPORTED_API_VERSIONS = tuple(PATHS)
# A device icon's path on the Homey (``iconObj.url``), its size and time limits.
ICON_PATH = re.compile(r"/icon/[A-Za-z0-9_-]{1,64}/icon\.svg")
MAX_ICON_BYTES = 64 * 1024
ICON_TIMEOUT = 5.0
# A camera still: only from the Homey's own image path, only these types, never larger.
STILL_PATH = re.compile(r"^/api/image/[A-Za-z0-9_-]{1,64}$")
STILL_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
STILL_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_RETRY_AFTER = 30.0
MAX_RETRY_AFTER = 60.0 * 60


class HomeyClient:
    def __init__(
        self,
        base_url: str,
        token: str = "",
        *,
        homey_id: str = "",
        timeout: float = 10,
        pinned_ip: str = "",
        api_version: int = 3,
    ) -> None:
        """``pinned_ip``: connect only to this (checked) IP, whatever the host name resolves to."""
        self.base_url = base_url.rstrip("/")
        self.homey_id = homey_id
        self.timeout = timeout
        self.api_version = api_version if api_version in PATHS else 3
        self.paths = PATHS[self.api_version]
        self.session = requests.Session()
        if pinned_ip:
            adapter = PinnedAdapter(pinned_ip)
            self.session.mount("http://", adapter)
            self.session.mount("https://", adapter)
        self.session.headers["Accept"] = "application/json"
        if homey_id:
            self.session.headers["X-Homey-ID"] = homey_id
        self.set_token(token)

    def __repr__(self) -> str:
        return f"HomeyClient({self.base_url!r}, homey_id={self.homey_id!r})"

    def set_token(self, token: str) -> None:
        self._token = token
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        else:
            self.session.headers.pop("Authorization", None)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HomeyClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open_events(self, *, on_event: EventHandler, on_drop: Callable[[], None]) -> HomeyEvents:
        """The Homey's realtime socket at this base URL with this token, subscribed to the
        managers a board shows (see ``events.py``); ``TokenRejected`` on a 401 as for HTTP."""
        events = HomeyEvents(
            self.base_url,
            self._token,
            homey_id=self.homey_id,
            on_event=on_event,
            on_drop=on_drop,
            timeout=self.timeout,
        )
        events.open()
        return events

    # system and users --------------------------------------------------------------------

    def ping(self, timeout: float | None = None) -> str:
        """``system.ping``: the id of the Homey that answered, or ``HomeyOffline``.

        As the official client decides: a 2xx whose body is not ``false`` (the Homey's answer
        to an ``?id=`` that is not its own) and whose ``X-Homey-ID``, when there is one, is the
        id asked for. Without the header the id asked for is returned; when no id was asked
        for either, nothing says which Homey answered and the address is refused.
        """
        response = self._send(
            "GET",
            "/api/manager/system/ping",
            params={"id": self.homey_id} if self.homey_id else None,
            timeout=timeout,
            auth=False,
        )
        if not 200 <= response.status_code < 300 or response.text.strip() == "false":
            raise HomeyOffline("no Homey answered at this address")
        homey_id = response.headers.get("X-Homey-ID", "")
        if self.homey_id and homey_id and homey_id != self.homey_id:
            raise HomeyOffline("another Homey answered at this address")
        if not (homey_id or self.homey_id):
            raise HomeyOffline("the answer does not say which Homey this is")
        return homey_id or self.homey_id

    def login(self, delegation_token: str) -> str:
        """``users.login``: trade a delegation token for a session token (no Authorization)."""
        token = self._json(
            "POST", "/api/manager/users/login", json={"token": delegation_token}, auth=False
        )
        if not isinstance(token, str) or not token:
            raise UnexpectedResponse("login answer without a session token")
        return token

    def get_session_me(self) -> Session:
        """``sessions.getSessionMe``."""
        return Session.from_json(self._json("GET", "/api/manager/sessions/session/me"))

    def get_user_me(self) -> HomeyUser:
        """``users.getUserMe``: the person behind the token, with their role on this Homey."""
        return HomeyUser.from_json(self._json("GET", "/api/manager/users/user/me"))

    def get_system_info(self) -> SystemInfo:
        """``system.getInfo`` (note the trailing slash: the operation path is ``/``)."""
        return SystemInfo.from_json(self._json("GET", "/api/manager/system/"))

    # devices and zones -------------------------------------------------------------------

    def get_devices(self) -> dict[str, Device]:
        """``devices.getDevices``."""
        payload = self._json("GET", self.paths["getDevices"])
        devices = (Device.from_json(item) for item in items_of(payload))
        return {device.id: device for device in devices}

    def get_device(self, device_id: str) -> Device:
        """``devices.getDevice``."""
        return Device.from_json(self._json("GET", f"/api/manager/devices/device/{_id(device_id)}"))

    def get_icon(self, path: str) -> bytes:
        """A device's icon, at the path its ``iconObj.url`` gives (``/icon/<id>/icon.svg``):
        at most ``MAX_ICON_BYTES``, within ``ICON_TIMEOUT``; any other path is refused unsent."""
        if not ICON_PATH.fullmatch(path):
            raise InvalidValue("not a Homey icon path")
        response = self._send("GET", path, timeout=min(self.timeout, ICON_TIMEOUT), stream=True)
        with response:
            if response.status_code == 404:
                raise NotFound("no such icon", status=404)
            if response.status_code >= 500:
                raise HomeyOffline(f"the Homey answered {response.status_code}")
            if response.status_code != 200:
                raise UnexpectedResponse("the Homey did not send the icon")
            body = b""
            try:
                for chunk in response.iter_content(8192):
                    body += chunk
                    if len(body) > MAX_ICON_BYTES:
                        raise UnexpectedResponse("the icon is too large")
            except requests.RequestException:
                raise HomeyOffline("the Homey did not send the whole icon") from None
        return body

    def set_capability_value(self, device_id: str, capability_id: str, value: Value) -> None:
        """``devices.setCapabilityValue``. The answer's body is not relied upon."""
        self._json(
            "PUT",
            f"/api/manager/devices/device/{_id(device_id)}/capability/{_id(capability_id)}",
            json={"value": value, "transactionId": f"homeydash-{uuid.uuid4()}"},
        )

    def get_zones(self) -> dict[str, Zone]:
        """``zones.getZones``."""
        zones = (
            Zone.from_json(item) for item in items_of(self._json("GET", "/api/manager/zones/zone"))
        )
        return {zone.id: zone for zone in zones}

    # logic and flows ---------------------------------------------------------------------

    def get_variables(self) -> dict[str, Variable]:
        """``logic.getVariables``."""
        payload = self._json("GET", "/api/manager/logic/variable")
        variables = (Variable.from_json(item) for item in items_of(payload))
        return {variable.id: variable for variable in variables}

    def update_variable(self, variable_id: str, value: Value) -> Variable:
        """``logic.updateVariable``: the patch is the body itself."""
        payload = self._json(
            "PUT", f"/api/manager/logic/variable/{_id(variable_id)}", json={"value": value}
        )
        return Variable.from_json(payload)

    def get_flows(self) -> dict[str, Flow]:
        """``flow.getFlows``."""
        flows = (
            Flow.from_json(item) for item in items_of(self._json("GET", "/api/manager/flow/flow"))
        )
        return {flow.id: flow for flow in flows}

    def get_advanced_flows(self) -> dict[str, Flow]:
        """``flow.getAdvancedFlows``."""
        payload = self._json("GET", "/api/manager/flow/advancedflow")
        flows = (Flow.from_json(item, advanced=True) for item in items_of(payload))
        return {flow.id: flow for flow in flows}

    def trigger_flow(self, flow_id: str, *, advanced: bool = False) -> None:
        """``flow.triggerFlow`` or ``flow.triggerAdvancedFlow``."""
        kind = "advancedflow" if advanced else "flow"
        self._json("POST", f"/api/manager/flow/{kind}/{_id(flow_id)}/trigger")

    # apps --------------------------------------------------------------------------------

    def get_apps(self) -> list[App]:
        """``apps.getApps``, sorted by name (needs ``homey.app.readonly``: owners and
        managers; a user or guest gets ``AccessDenied``)."""
        payload = self._json("GET", "/api/manager/apps/app")
        apps = (App.from_json(item) for item in items_of(payload))
        return sorted(apps, key=lambda app: (app.name.casefold(), app.id))

    def get_app(self, app_id: str) -> App:
        """``apps.getApp``."""
        return App.from_json(self._json("GET", f"/api/manager/apps/app/{_id(app_id)}"))

    # insights ----------------------------------------------------------------------------

    def get_log_entries(self, log_id: str, resolution: str = "last24Hours") -> LogEntries:
        """``insights.getLogEntries`` for a full log id (``homey:device:<uuid>:<capability>``).

        ``uri`` is its first three parts; ``id`` is the full id on ``apiVersion`` 3 and only
        the last part on 2, as the official client's ``HomeyAPIV2`` sends it.
        """
        uri = ":".join(log_id.split(":")[:3])
        short = log_id if self.api_version >= 3 else log_id.split(":")[-1]
        payload = self._json(
            "GET",
            f"/api/manager/insights/log/{_id(uri)}/{_id(short)}/entry",
            params={"resolution": resolution},
        )
        return LogEntries.from_json(payload)

    # the house: weather, energy, moods, the timeline -----------------------------------

    def get_weather(self) -> Weather:
        """``weather.getWeather`` and ``weather.getWeatherHourly``."""
        now = self._json("GET", "/api/manager/weather/weather")
        hourly = self._json("GET", "/api/manager/weather/forecast/hourly")
        return Weather.from_json(now, hourly)

    def get_energy_live(self) -> EnergyLive:
        """``energy.getLiveReport``."""
        return EnergyLive.from_json(self._json("GET", "/api/manager/energy/live"))

    def get_energy_report(self, period: str, key: str) -> EnergyReport:
        """``energy.getReportDay`` (``date``), ``getReportWeek`` (``isoWeek``) or
        ``getReportMonth`` (``yearMonth``): ``period`` is day, week or month."""
        parameter = {"day": "date", "week": "isoWeek", "month": "yearMonth"}[period]
        payload = self._json("GET", f"/api/manager/energy/report/{period}", params={parameter: key})
        return EnergyReport.from_json(payload)

    def get_moods(self) -> dict[str, Mood]:
        """``moods.getMoods``."""
        moods = (
            Mood.from_json(item) for item in items_of(self._json("GET", "/api/manager/moods/mood"))
        )
        return {mood.id: mood for mood in moods}

    def set_mood(self, mood_id: str) -> None:
        """``moods.setMood``."""
        self._json("POST", f"/api/manager/moods/mood/{_id(mood_id)}/set")

    def get_images(self) -> dict[str, Image]:
        """``images.getImages``: the stills devices publish."""
        payload = self._json("GET", "/api/manager/images/image")
        images = (Image.from_json(item) for item in items_of(payload))
        return {image.id: image for image in images}

    def get_image_still(self, url: str) -> tuple[bytes, str]:
        """The still at an image's ``url``: (bytes, content type). Only a path on this Homey
        of the form ``/api/image/<id>`` is fetched; anything else, a type that is not a plain
        image (no SVG) or more than ``STILL_MAX_BYTES`` is refused as ``UnexpectedResponse``."""
        if not STILL_PATH.match(url):
            raise UnexpectedResponse("the image is not at an image path of this Homey")
        response = self._send("GET", url, stream=True, headers_extra={"Accept": "image/*"})
        try:
            _raise_for_status(response)
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind not in STILL_TYPES:
                raise UnexpectedResponse("the Homey sent something that is not a still image")
            data = bytearray()
            try:
                for part in response.iter_content(64 * 1024):
                    data += part
                    if len(data) > STILL_MAX_BYTES:
                        raise UnexpectedResponse("the still is too large")
            except requests.RequestException:
                raise HomeyOffline("the Homey stopped sending the still") from None
            return bytes(data), kind
        finally:
            response.close()

    def get_notifications(self) -> tuple[Notification, ...]:
        """``notifications.getNotifications``, newest first."""
        payload = self._json("GET", "/api/manager/notifications/notification")
        found = [Notification.from_json(item) for item in items_of(payload)]
        found.sort(key=lambda n: (n.created is not None, n.created), reverse=True)
        return tuple(found)

    # plumbing ----------------------------------------------------------------------------

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._send(method, path, **kwargs)
        _raise_for_status(response)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise UnexpectedResponse("the Homey answered something that is not JSON") from None

    def _send(
        self,
        method: str,
        path: str,
        *,
        timeout: float | None = None,
        auth: bool = True,
        headers_extra: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        headers = {**({} if auth else {"Authorization": None}), **(headers_extra or {})}
        try:
            return self.session.request(
                method,
                f"{self.base_url}{path}",
                timeout=timeout or self.timeout,
                headers=headers,
                allow_redirects=False,  # a Homey never redirects; following one is a detour
                **kwargs,
            )
        except requests.Timeout:
            raise HomeyOffline("the Homey did not answer in time") from None
        except requests.RequestException:
            raise HomeyOffline("the Homey cannot be reached") from None


def _raise_for_status(response: requests.Response) -> None:
    """A Homey's error status as the typed error views catch."""
    status = response.status_code
    if 300 <= status < 400:
        raise UnexpectedResponse("the Homey answered with a redirect", status=status)
    if status == 401:
        raise TokenRejected("the Homey refused the token", status=401)
    if status == 403:
        raise AccessDenied(_message(response) or "not allowed", status=403)
    if status == 404:
        raise NotFound(_message(response) or "not found", status=404)
    if status == 429:
        raise RateLimited("the Homey asks us to slow down", retry_after=_retry_after(response))
    if status >= 500:
        raise HomeyOffline(f"the Homey answered {status}", status=status)
    if status >= 400:
        raise InvalidValue(_message(response) or "refused", status=status)


def _id(value: str) -> str:
    """Path parameters: ids travel raw, colons included, like the official client sends them."""
    return quote(value, safe=":")


def _retry_after(response: requests.Response) -> float:
    """``Retry-After`` in seconds (a number or an HTTP date), within sane bounds."""
    raw = response.headers.get("Retry-After", "").strip()
    seconds = DEFAULT_RETRY_AFTER
    if raw:
        try:
            seconds = float(raw)
        except ValueError:
            try:
                seconds = (parsedate_to_datetime(raw) - clock.now()).total_seconds()
            except (TypeError, ValueError, IndexError):
                seconds = DEFAULT_RETRY_AFTER
    if seconds != seconds:  # NaN
        seconds = DEFAULT_RETRY_AFTER
    return min(max(seconds, 1.0), MAX_RETRY_AFTER)


def _message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:200]
    if isinstance(body, dict):
        for key in ("error_description", "error", "message"):
            if isinstance(body.get(key), str):
                return body[key][:200]
    return ""
