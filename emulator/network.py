"""Where the cloud says a Homey lives, and how each of those addresses behaves.

A real Homey Pro has up to four addresses (``AthomCloudAPI`` Homey object):

=====================  ================================================  ==================
field                  real form                                         strategy (client)
=====================  ================================================  ==================
``localUrlSecure``     ``https://192-168-1-50.homey.homeylocal.com``      ``localSecure``
``localUrl``           ``http://192.168.1.50``                            ``local``
``remoteUrlForwarded`` ``https://203-0-113-7.homey.homeylocal.com:45443`` ``remoteForwarded``
``remoteUrl``          ``https://<homeyId>.connect.athom.com``            ``cloud``
=====================  ================================================  ==================

Tests may only use 127.0.0.1, so each real address is served under a path prefix on the
emulator's own server: ``<server>/emulator/net/<scheme>/<host[:port]>`` (e.g.
``<server>/emulator/net/https/192-168-1-50.homey.homeylocal.com/api/manager/system/ping``).
The cloud hands out those loopback URLs; the real form stays readable in the path.

Homeys with ``layout == "legacy"`` (the original demo Homeys) keep the simple addresses
``<server>/emulator/homey/<id>`` (local and secure alike) and ``<server>/emulator/relay/<id>``.
Their ``net`` addresses answer too, so a test may switch them.

Each address has a mode (control API ``{"addresses": {homeyId: {field: mode}}}``):
``answer`` (default), ``refuse`` (an immediate 502 without ``X-Homey-ID``: what a closed
port costs a client, a fast failure) or ``hang`` (no answer for ``offline_hang_seconds``,
then 504: a client's timeout fires first).
"""

from __future__ import annotations

from dataclasses import dataclass

from emulator.homey import Homey

FIELDS = ("localUrlSecure", "localUrl", "remoteUrlForwarded", "remoteUrl")
MODES = ("answer", "refuse", "hang")
LOCAL_FIELDS = ("localUrlSecure", "localUrl")


@dataclass(frozen=True)
class Address:
    field: str  # one of FIELDS
    scheme: str
    host: str  # with ":port" when not the scheme's default

    @property
    def real(self) -> str:
        """The address as a real cloud would give it."""
        return f"{self.scheme}://{self.host}"

    @property
    def path(self) -> str:
        """The loopback path prefix (after ``/emulator/``) that serves it."""
        return f"net/{self.scheme}/{self.host}"

    @property
    def relayed(self) -> bool:
        return self.field == "remoteUrl"


def dashed(ip: str) -> str:
    return ip.replace(".", "-")


def addresses(homey: Homey) -> list[Address]:
    """The addresses the cloud gives for ``homey`` (a Homey Cloud has only ``remoteUrl``)."""
    found = []
    if homey.platform == "local":
        found.append(
            Address("localUrlSecure", "https", f"{dashed(homey.lan_ip)}.homey.homeylocal.com")
        )
        found.append(Address("localUrl", "http", homey.lan_ip))
        if homey.public_ip:
            host = f"{dashed(homey.public_ip)}.homey.homeylocal.com:{homey.forward_port}"
            found.append(Address("remoteUrlForwarded", "https", host))
    found.append(Address("remoteUrl", "https", f"{homey.id}.connect.athom.com"))
    return found


def resolve(homeys: dict[str, Homey], scheme: str, host: str) -> tuple[Homey, Address] | None:
    """The Homey (and which of its addresses) a ``net/<scheme>/<host>`` path names."""
    for homey in homeys.values():
        for address in addresses(homey):
            if address.scheme == scheme and address.host == host:
                return homey, address
    return None
