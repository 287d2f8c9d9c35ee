"""Accounts and their links to Homeys: who reaches which Homey, kept in step with the cloud.

Views call these; they never write ``Account``/``HomeyLink`` rows themselves.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from dashboard import clock
from dashboard.connection import athom_cloud, session_cache_key, with_access_token
from dashboard.homey.types import AthomUser, HomeyEntry, HomeyUser, Session, TokenSet
from dashboard.models import ROLE_RANK, Account, HomeyLink, Household, Role


class NoHomey(Exception):
    """The person has no usable link to any Homey yet."""


def _role(value: str) -> str:
    return value if value in Role.values else Role.GUEST


@transaction.atomic
def sign_in_with_cloud(athom_user: AthomUser, tokens: TokenSet) -> User:
    """Find or create the person by Athom user id, store their tokens and their Homeys."""
    account = Account.objects.select_related("user").filter(athom_user_id=athom_user.id).first()
    if account is None:
        user = get_user_model().objects.create_user(username=f"athom-{athom_user.id}")
        account = Account(user=user, athom_user_id=athom_user.id)
    user = account.user
    user.first_name = athom_user.name[:150]
    user.email = athom_user.email
    user.save(update_fields=["first_name", "email"])
    account.name = athom_user.name[:150]
    account.email = athom_user.email
    account.set_tokens(tokens.access_token, tokens.refresh_token, tokens.expires_in)
    account.save()
    sync_cloud_links(account, athom_user.homeys)
    return user


def account_for(user: User) -> Account:
    """The person's account, made now if they have none yet (a local link, a language)."""
    account, _ = Account.objects.get_or_create(
        user=user, defaults={"athom_user_id": f"user:{user.pk}"}
    )
    return account


def refresh_cloud_links(request: HttpRequest | None, account: Account) -> None:
    """Ask Athom's cloud which Homeys the person reaches now and bring their links in step.

    Raises the ``HomeyError`` the cloud's answer (or silence) amounts to; what the cloud said
    last time stands then.
    """
    with athom_cloud(request) as cloud:
        athom_user = with_access_token(account, cloud, cloud.get_authenticated_user)
    sync_cloud_links(account, athom_user.homeys)


def sync_cloud_links(account: Account, homeys: tuple[HomeyEntry, ...]) -> None:
    """Make the person's cloud links match the Homeys the cloud says they may reach."""
    reachable = []
    for entry in homeys:
        household, _ = Household.objects.update_or_create(
            homey_id=entry.id,
            private_to=None,
            defaults={
                "name": entry.name[:100],
                "local_url_secure": entry.local_url_secure,
                "local_url": entry.local_url,
                "remote_url_forwarded": entry.remote_url_forwarded,
                "remote_url": entry.remote_url,
                "platform": entry.platform[:10],
                "api_version": max(entry.api_version, 0),
            },
        )
        HomeyLink.objects.update_or_create(
            user=account.user,
            household=household,
            kind=HomeyLink.Kind.CLOUD,
            defaults={"role": _role(entry.role), "online": entry.online},
        )
        reachable.append(entry.id)
    gone = HomeyLink.objects.filter(user=account.user, kind=HomeyLink.Kind.CLOUD).exclude(
        household__homey_id__in=reachable
    )
    for link in gone:
        cache.delete(session_cache_key(link))
    gone.delete()
    unvouched = HomeyLink.objects.filter(
        user=account.user, kind=HomeyLink.Kind.LOCAL, household__private_to__isnull=True
    ).exclude(household__homey_id__in=reachable)
    for link in unvouched.select_related("household"):
        _make_private(link)
    _keep_selection_valid(account)


def _make_private(link: HomeyLink) -> None:
    """The cloud no longer links this person to the Homey: their local link leaves the shared
    household for one of their own."""
    shared = link.household
    own, _ = Household.objects.get_or_create(
        homey_id=shared.homey_id,
        private_to=link.user,
        defaults={"name": shared.name, "timezone": shared.timezone},
    )
    HomeyLink.objects.filter(user=link.user, household=own, kind=HomeyLink.Kind.LOCAL).delete()
    link.household = own
    link.save(update_fields=["household"])


def _keep_selection_valid(account: Account) -> None:
    links = [
        link
        for link in HomeyLink.objects.filter(user=account.user).select_related("household")
        if link.household.supported
    ]
    if account.selected_link_id not in {link.pk for link in links}:
        account.selected_link = links[0] if len(links) == 1 else None
        account.save(update_fields=["selected_link"])


def key_identity(homey_id: str, api_key: str) -> str:
    """Who someone is when all they showed is an API key: the holder of that key, no one else.

    A keyed hash, so the key itself is never stored in the clear as an id.
    """
    digest = salted_hmac("homeydash.local-key", f"{homey_id}\n{api_key}", algorithm="sha256")
    return f"key:{digest.hexdigest()[:40]}"


@transaction.atomic
def connect_local(
    user: User | None,
    *,
    homey_id: str,
    name: str,
    timezone_name: str,
    url: str,
    api_key: str,
    session: Session,
    homey_user: HomeyUser | None,
) -> HomeyLink:
    """Store a checked local URL + API key; without a signed-in person, the key holder signs in.

    Nothing the Homey at ``url`` says about itself (its id, the key's user, their Athom id,
    role or name) identifies anyone: without a signed-in person the account is the key's own
    (``key_identity``). The link joins the shared household of ``homey_id`` only when Athom's
    cloud has linked the same person to that Homey; otherwise it lives in a household private
    to its person.
    """
    if user is None:
        identity = key_identity(homey_id, api_key)
        account = Account.objects.select_related("user").filter(athom_user_id=identity).first()
        if account is None:
            user = get_user_model().objects.create_user(username=f"homey-{identity}"[:150])
            account = Account.objects.create(user=user, athom_user_id=identity)
        user = account.user
    else:
        account = account_for(user)
    claimed = _role(homey_user.role) if homey_user else role_from_scopes(session)
    vouched = (
        HomeyLink.objects.filter(
            user=user,
            kind=HomeyLink.Kind.CLOUD,
            household__homey_id=homey_id,
            household__private_to__isnull=True,
        )
        .select_related("household")
        .first()
    )
    if vouched is not None:
        household = vouched.household
        # The cloud says what the person is there; the key can only do less.
        role = min(vouched.role, claimed, key=lambda value: ROLE_RANK[value])
    else:
        household, created = Household.objects.get_or_create(
            homey_id=homey_id,
            private_to=user,
            defaults={"name": name[:100] or "Homey", "timezone": timezone_name},
        )
        if not created and timezone_name and household.timezone != timezone_name:
            household.timezone = timezone_name
            household.save(update_fields=["timezone"])
        role = claimed
    link, _ = HomeyLink.objects.update_or_create(
        user=user,
        household=household,
        kind=HomeyLink.Kind.LOCAL,
        defaults={"local_url": url, "role": role, "online": True, "last_used": clock.now()},
    )
    link.set_api_key(api_key)
    link.save(update_fields=["api_key_enc"])
    account.selected_link = link
    account.save(update_fields=["selected_link"])
    return link


def role_from_scopes(session: Session) -> str:
    """Best guess when the key may not read its user: what it can do decides what we allow."""
    if session.has_scope("homey.device.control"):
        return Role.USER
    return Role.GUEST


@transaction.atomic
def disconnect_cloud(account: Account) -> int:
    """Delete the stored Athom tokens and the cloud links; returns how many links went."""
    account.forget_tokens()
    account.signin_required = False
    account.save()
    links = HomeyLink.objects.filter(user=account.user, kind=HomeyLink.Kind.CLOUD)
    for link in links:
        cache.delete(session_cache_key(link))
    count, _ = links.delete()
    _keep_selection_valid(account)
    return count


@transaction.atomic
def disconnect_link(link: HomeyLink) -> None:
    cache.delete(session_cache_key(link))
    account = Account.objects.filter(user=link.user).first()
    link.delete()
    if account:
        _keep_selection_valid(account)


def links_for(user: User) -> list[HomeyLink]:
    return list(HomeyLink.objects.filter(user=user).select_related("household"))


def _account_of(user: User) -> Account | None:
    """The person's account, as ``backends.AccountBackend`` loaded it with them (no query)."""
    try:
        return user.account
    except Account.DoesNotExist:
        return None


def current_link(request: HttpRequest) -> tuple[Account | None, HomeyLink]:
    """The person's account and the link they are using now (their chosen Homey).

    Raises ``NoHomey`` if there is none.
    """
    user = request.user
    if not user.is_authenticated:
        raise NoHomey
    account = _account_of(user)
    link = account.selected_link if account else None
    if link is None:
        links = [link for link in links_for(user) if link.household.supported]
        if len(links) != 1:
            raise NoHomey
        link = links[0]
    if not link.household.supported:
        raise NoHomey  # the picker says why
    return account, link
