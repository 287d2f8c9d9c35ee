"""Which typed addresses homeydash may call, checked on the address they resolve to.

A visitor types a Homey's local address; the server then makes requests to it. So the address
is hostile input: only http/https, no user info, and every address the name resolves to must lie
on an allowed network (private LAN ranges by default) and never on a link-local or cloud
metadata address. The connection is then made to the checked IP itself (``PinnedAdapter``), so
a name that resolves differently a moment later (DNS rebinding) cannot steer it elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from dashboard.homey.errors import Unavailable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Never, whatever the settings say: cloud metadata services answer on these.
FORBIDDEN = tuple(
    ipaddress.ip_network(net)
    for net in (
        "169.254.0.0/16",  # IPv4 link-local, AWS/GCP/Azure metadata
        "fe80::/10",  # IPv6 link-local
        "fd00:ec2::254/128",  # AWS metadata over IPv6 (inside fc00::/7)
        "100.100.100.200/32",  # Alibaba Cloud metadata
        "0.0.0.0/8",
        "::/128",
        "224.0.0.0/4",
        "ff00::/8",
        "255.255.255.255/32",
    )
)


class AddressRefused(Unavailable):
    """The address is not one homeydash may call (the reason is never shown to the visitor)."""


@dataclass(frozen=True)
class Checked:
    url: str
    ip: str


def parse_networks(values: list[str]) -> list[Network]:
    """``ValueError`` names the first entry that is not a network."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _plain(ip: IPAddress) -> IPAddress:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def allowed_ip(ip: IPAddress, networks: list[Network], *, allow_loopback: bool) -> bool:
    ip = _plain(ip)
    if any(ip in net for net in FORBIDDEN) or ip.is_link_local or ip.is_multicast:
        return False
    if ip.is_loopback and not allow_loopback:
        return False
    return any(ip.version == net.version and ip in net for net in networks)


def check_url(url: str, networks: list[Network], *, allow_loopback: bool) -> Checked:
    """The URL and the one IP to connect to, or ``AddressRefused``."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise AddressRefused("not a URL") from None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host or "@" in parts.netloc:
        raise AddressRefused("not a plain http(s) address")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AddressRefused("the name does not resolve") from None
    ips = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not ips or not all(allowed_ip(ip, networks, allow_loopback=allow_loopback) for ip in ips):
        raise AddressRefused("the address is outside the allowed networks")
    return Checked(url=url, ip=str(_plain(ips[0])))


def _pinned(base: type[HTTPConnection], ip: str) -> type[HTTPConnection]:
    class Pinned(base):  # type: ignore[misc, valid-type]
        _dns_host: str

        def _new_conn(self):
            # Connect to the checked IP; Host header, SNI and certificate checks keep the name.
            name, self._dns_host = self._dns_host, ip
            try:
                return super()._new_conn()
            finally:
                self._dns_host = name

    return Pinned


class PinnedAdapter(HTTPAdapter):
    """A transport that connects only to ``ip``, whatever the URL's host name resolves to."""

    def __init__(self, ip: str) -> None:
        self.pinned_ip = ip
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        http = type(
            "PinnedPool",
            (HTTPConnectionPool,),
            {"ConnectionCls": _pinned(HTTPConnection, self.pinned_ip)},
        )
        https = type(
            "PinnedTLSPool",
            (HTTPSConnectionPool,),
            {"ConnectionCls": _pinned(HTTPSConnection, self.pinned_ip)},
        )
        self.poolmanager.pool_classes_by_scheme = {"http": http, "https": https}
