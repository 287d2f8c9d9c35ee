"""From a person's stored link to a working Homey client, renewing everything silently.

Cloud links: access token (refreshed before it expires, under a row lock, the rotated refresh
token saved in the same transaction) → delegation token → Homey login → session token, kept
encrypted in the cache until the Homey answers 401, then the chain runs again once.
Local links: the API key is the bearer; a 401 means the key was revoked.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urljoin

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from dashboard import client_health, clock, crypto
from dashboard.homey import discovery
from dashboard.homey.addresses import Checked, check_url, parse_networks
from dashboard.homey.client import HomeyClient
from dashboard.homey.cloud import AthomCloud
from dashboard.homey.errors import (
    AccessDenied,
    ClientRefused,
    HomeyError,
    HomeyOffline,
    InvalidApiKey,
    SignInRequired,
    TokenRejected,
)
from dashboard.models import Account, HomeyLink, Household, Role

log = logging.getLogger(__name__)

T = TypeVar("T")

SESSION_CACHE_SECONDS = 60 * 60 * 12
# The address found for a Homey is kept while it works (5xx and 429 included: something
# answered there); it is re-checked in the background every RECHECK_SECONDS when a preferred
# address exists, and at once when it stops answering.
ADDRESS_KEEP_SECONDS = 60 * 60 * 24 * 7
RECHECK_SECONDS = 60 * 10
RECHECK_LOCK_SECONDS = 30


def api_base(request: HttpRequest | None) -> str:
    """``ATHOM_API_URL``; a relative one is resolved against the address the browser used."""
    base = settings.ATHOM_API_URL
    if base.startswith("/"):
        if request is None:
            raise HomeyError("a relative ATHOM_API_URL needs a request to resolve it")
        base = urljoin(request.build_absolute_uri("/"), base)
    return base.rstrip("/")


def homey_client(base_url: str, token: str = "", **options: Any) -> HomeyClient:
    """The one way homeydash builds a Homey client: every request it sends waits at most
    ``HOMEYDASH_HTTP_TIMEOUT`` unless ``options`` name a shorter ``timeout``."""
    options.setdefault("timeout", settings.HOMEYDASH_HTTP_TIMEOUT)
    return HomeyClient(base_url, token, **options)


def athom_cloud(request: HttpRequest | None) -> AthomCloud:
    return AthomCloud(
        base_url=api_base(request),
        client_id=settings.ATHOM_CLIENT_ID,
        client_secret=settings.ATHOM_CLIENT_SECRET,
        timeout=settings.HOMEYDASH_HTTP_TIMEOUT,
    )


# access tokens ----------------------------------------------------------------------------


TOKEN_FIELDS = [
    "access_token_enc",
    "refresh_token_enc",
    "access_expires",
    "token_version",
    "signin_required",
]


def access_token(account: Account, cloud: AthomCloud, *, rejected: str = "") -> str:
    """A live access token for ``account``.

    ``rejected`` is a token the cloud just refused: renew even if it looks fresh, unless
    another request already did. Raises ``SignInRequired`` when the refresh token is refused.
    """
    if account.signin_required or not account.refresh_token_enc:
        raise SignInRequired("not connected to Athom's cloud")
    if not rejected and account.access_token_is_fresh():
        try:
            return account.access_token()
        except crypto.UnreadableSecret:
            pass
    with transaction.atomic():
        # The row lock (an IMMEDIATE transaction on SQLite) makes every other request for this
        # account wait here, then find the token this one stored instead of spending the
        # refresh token a second time, which a rotating cloud would refuse.
        locked = Account.objects.select_for_update().get(pk=account.pk)
        token = _renew_locked(locked, cloud, rejected)
    _copy_token_fields(locked, account)
    if token is None:
        log.info("Athom refused the refresh token of account %s; sign-in required", account.pk)
        raise SignInRequired("the refresh token was refused")
    return token


def _renew_locked(locked: Account, cloud: AthomCloud, rejected: str) -> str | None:
    """Under the lock: the token another request just stored, or a refreshed one.

    ``None`` when the refresh token is refused (or unreadable): the tokens are forgotten
    and the account marked as needing a new sign-in, in the same transaction.
    """
    if locked.signin_required or not locked.refresh_token_enc:
        return None
    try:
        current = locked.access_token()
        if locked.access_token_is_fresh() and current != rejected:
            return current
        tokens = cloud.refresh(locked.refresh_token())
    except (SignInRequired, crypto.UnreadableSecret) as error:
        if isinstance(error, ClientRefused):
            client_health.client_refused("a token refresh")
        locked.forget_tokens()
        locked.signin_required = True
        locked.save(update_fields=TOKEN_FIELDS)
        return None
    client_health.client_accepted()
    locked.set_tokens(tokens.access_token, tokens.refresh_token, tokens.expires_in)
    locked.save(update_fields=TOKEN_FIELDS)
    return tokens.access_token


def _copy_token_fields(source: Account, target: Account) -> None:
    for name in ("access_token_enc", "refresh_token_enc", "access_expires", "token_version"):
        setattr(target, name, getattr(source, name))
    target.signin_required = source.signin_required


def with_access_token(account: Account, cloud: AthomCloud, operation: Callable[[str], T]) -> T:
    """Run ``operation(access_token)``; on a 401 renew the token once and retry."""
    token = access_token(account, cloud)
    try:
        return operation(token)
    except TokenRejected:
        token = access_token(account, cloud, rejected=token)
        try:
            return operation(token)
        except TokenRejected:
            raise SignInRequired("the cloud refused a fresh access token") from None


# Homey connections ------------------------------------------------------------------------


class Connection:
    """A ``HomeyLink`` made usable: ``connection.call(lambda homey: homey.get_devices())``."""

    def __init__(self, link: HomeyLink, request: HttpRequest | None = None) -> None:
        self.link = link
        self.request = request
        self.homey_id = link.household.homey_id

    def __repr__(self) -> str:
        return f"Connection(link={self.link.pk}, homey={self.homey_id})"

    def call(self, operation: Callable[[HomeyClient], T]) -> T:
        """Run ``operation`` against the Homey; a 401 leads to one fresh login and retry."""
        client = None
        try:
            client = self._client()
            try:
                result = operation(client)
            except TokenRejected:
                if self.link.kind == HomeyLink.Kind.LOCAL:
                    raise InvalidApiKey("the Homey refused the API key") from None
                self.forget_session()
                client.close()
                client = None
                client = self._client()
                try:
                    result = operation(client)
                except TokenRejected:
                    raise SignInRequired("the Homey refused a fresh session") from None
            touch(self.link)
            return result
        except HomeyOffline as error:
            self._doubt(error)
            raise
        finally:
            if client is not None:
                client.close()

    def _doubt(self, error: HomeyOffline) -> None:
        """Nothing answered at the address in use: look for another, outside this request."""
        if error.status is not None or self.link.kind != HomeyLink.Kind.CLOUD:
            return  # something answered (5xx, 429): the address works
        chosen = cache.get(address_cache_key(self.link.household))
        if chosen:
            recheck_address(self.link.household, self.homey_id, doubt=chosen["url"])

    def forget_session(self) -> None:
        cache.delete(session_cache_key(self.link))

    # internals ---------------------------------------------------------------------------

    def _client(self) -> HomeyClient:
        household = self.link.household
        options: dict[str, Any] = {"homey_id": self.homey_id, "api_version": household.api_version}
        if self.link.kind == HomeyLink.Kind.LOCAL:
            checked = local_address(self.link.local_url)  # again: the name may resolve anew
            return homey_client(checked.url, self.link.api_key(), pinned_ip=checked.ip, **options)
        base_url = self._base_url()
        cached = cache.get(session_cache_key(self.link))
        if cached:
            try:
                return homey_client(base_url, crypto.decrypt(cached), **options)
            except crypto.UnreadableSecret:
                pass
        client = homey_client(base_url, **options)
        try:
            session_token = self._login(client)
        except BaseException:
            client.close()
            raise
        client.set_token(session_token)
        return client

    def _login(self, client: HomeyClient) -> str:
        account = Account.objects.get(user_id=self.link.user_id)
        with athom_cloud(self.request) as cloud:
            delegation = with_access_token(
                account, cloud, lambda token: cloud.create_delegation_token(token)
            )
        session_token = client.login(delegation)
        cache.set(
            session_cache_key(self.link), crypto.encrypt(session_token), SESSION_CACHE_SECONDS
        )
        client.set_token(session_token)
        self._sync_role(client)
        return session_token

    def _sync_role(self, client: HomeyClient) -> None:
        """The Homey is the authority on roles: keep the link's role in step at each login."""
        try:
            role = client.get_user_me().role
        except (AccessDenied, TokenRejected):
            return
        if role in Role.values and role != self.link.role:
            HomeyLink.objects.filter(pk=self.link.pk).update(role=role)
            self.link.role = role

    def _base_url(self) -> str:
        """The Homey's address: the one found before while it is still one of its addresses
        (a re-check runs in the background when due), else discovered now."""
        household = self.link.household
        addresses = household.addresses()
        chosen = cache.get(address_cache_key(household))
        if chosen and addresses.get(chosen["strategy"]) == chosen["url"]:
            if _recheck_due(chosen, addresses):
                recheck_address(household, self.homey_id)
            return chosen["url"]
        try:
            found = discovery.discover(self.homey_id, addresses)
        except HomeyOffline:
            HomeyLink.objects.filter(pk=self.link.pk).update(online=False)
            raise
        _keep_address(household, found)
        return found.url


# addresses -----------------------------------------------------------------------------


def address_cache_key(household: Household) -> str:
    return f"homey-address:{household.pk}:{household.homey_id}"


def _keep_address(household: Household, found: discovery.Found) -> None:
    chosen = {"url": found.url, "strategy": found.strategy, "checked": clock.epoch()}
    cache.set(address_cache_key(household), chosen, ADDRESS_KEEP_SECONDS)


def _recheck_due(chosen: dict, addresses: dict[str, str]) -> bool:
    """A preferred address exists and the last look is old enough."""
    preferred = [s for s in discovery.PREFERENCE if s in addresses]
    best = preferred[0] if preferred else chosen["strategy"]
    return chosen["strategy"] != best and clock.epoch() - chosen["checked"] >= RECHECK_SECONDS


_rechecks: list[threading.Thread] = []


def recheck_address(household: Household, homey_id: str, *, doubt: str = "") -> None:
    """Discover the Homey's address again in a background thread (one at a time per Homey).

    ``doubt`` is an address that just did not answer. A re-check that finds nothing keeps the
    address it had: when the Homey comes back, it is most likely there.
    """
    key = address_cache_key(household)
    if not cache.add(f"{key}:recheck", 1, RECHECK_LOCK_SECONDS):
        return
    addresses = household.addresses()

    def run() -> None:
        try:
            found = discovery.discover(homey_id, addresses)
        except HomeyError:
            chosen = cache.get(key)
            if chosen:
                cache.set(key, {**chosen, "checked": clock.epoch()}, ADDRESS_KEEP_SECONDS)
        else:
            if doubt:
                log.info("Homey %s moved from %s to %s", household.pk, doubt, found.strategy)
            _keep_address(household, found)
        finally:
            cache.delete(f"{key}:recheck")

    thread = threading.Thread(target=run, name=f"homey-recheck-{household.pk}", daemon=True)
    _rechecks[:] = [t for t in _rechecks if t.is_alive()]
    _rechecks.append(thread)
    thread.start()


def wait_for_rechecks(timeout: float = 10) -> None:
    """For tests and benchmarks: let the background re-checks finish."""
    for thread in list(_rechecks):
        thread.join(timeout)


def local_address(url: str) -> Checked:
    """A typed Homey address and the IP to connect to, or ``AddressRefused`` when it is not on
    ``HOMEYDASH_LOCAL_NETWORKS`` (loopback only in demo mode)."""
    networks = parse_networks(settings.HOMEYDASH_LOCAL_NETWORKS)
    return check_url(url, networks, allow_loopback=settings.DEMO_MODE)


def session_cache_key(link: HomeyLink) -> str:
    return f"homey-session:{link.pk}"


# How stale the account page's "used … ago" may be: at most one write a minute per link,
# not one per poll.
TOUCH_EVERY = timedelta(minutes=1)


def touch(link: HomeyLink) -> None:
    """The link just worked: note when (what the account page shows as "used … ago")."""
    now = clock.now()
    if link.last_used is not None and link.online and now - link.last_used < TOUCH_EVERY:
        return
    HomeyLink.objects.filter(pk=link.pk).update(last_used=now, online=True)
    link.last_used, link.online = now, True
