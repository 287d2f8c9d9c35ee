"""Who reaches which Homey: accounts, households and links, kept in step with the cloud.

Views call these; they never write ``Account``/``HomeyLink`` rows themselves.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from dashboard import clock
from dashboard.connection import session_cache_key
from dashboard.homey.types import AthomUser, HomeyEntry, HomeyUser, Session, TokenSet
from dashboard.models import Account, HomeyLink, Household, Role


class NoHomey(Exception):
    """The person has no usable link to any Homey yet."""


def _role(value: str) -> str:
    return value if value in Role.values else Role.GUEST


@transaction.atomic
def sign_in_with_cloud(athom_user: AthomUser, tokens: TokenSet) -> AbstractBaseUser:
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


def sync_cloud_links(account: Account, homeys: tuple[HomeyEntry, ...]) -> None:
    """Make the person's cloud links match the Homeys the cloud says they may reach."""
    reachable = []
    for entry in homeys:
        household, _ = Household.objects.update_or_create(
            homey_id=entry.id,
            defaults={
                "name": entry.name[:100],
                "local_url_secure": entry.local_url_secure,
                "local_url": entry.local_url,
                "remote_url_forwarded": entry.remote_url_forwarded,
                "remote_url": entry.remote_url,
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
    _keep_selection_valid(account)


def _keep_selection_valid(account: Account) -> None:
    links = list(HomeyLink.objects.filter(user=account.user))
    if account.selected_link_id not in {link.pk for link in links}:
        account.selected_link = links[0] if len(links) == 1 else None
        account.save(update_fields=["selected_link"])


@transaction.atomic
def connect_local(
    user: AbstractBaseUser | None,
    *,
    homey_id: str,
    name: str,
    timezone_name: str,
    url: str,
    api_key: str,
    session: Session,
    homey_user: HomeyUser | None,
) -> HomeyLink:
    """Store a checked local URL + API key; without a signed-in person, the key's owner signs in.

    The person is found by the Athom id the Homey gives for the key's user, so someone who
    also signs in with Homey lands on the same homeydash account.
    """
    if user is None:
        athom_id = homey_user.athom_id if homey_user and homey_user.athom_id else ""
        identity = athom_id or f"local:{homey_id}:{session.user_id or 'unknown'}"
        account = Account.objects.select_related("user").filter(athom_user_id=identity).first()
        if account is None:
            user = get_user_model().objects.create_user(username=f"homey-{identity}"[:150])
            display = homey_user.name if homey_user else ""
            user.first_name = display[:150]
            user.save(update_fields=["first_name"])
            account = Account.objects.create(user=user, athom_user_id=identity, name=display)
        user = account.user
    else:
        account, _ = Account.objects.get_or_create(
            user=user, defaults={"athom_user_id": f"user:{user.pk}"}
        )
    household, created = Household.objects.get_or_create(
        homey_id=homey_id, defaults={"name": name[:100] or "Homey", "timezone": timezone_name}
    )
    if not created and timezone_name and household.timezone != timezone_name:
        household.timezone = timezone_name
        household.save(update_fields=["timezone"])
    role = _role(homey_user.role) if homey_user else role_from_scopes(session)
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


def links_for(user: AbstractBaseUser) -> list[HomeyLink]:
    return list(HomeyLink.objects.filter(user=user).select_related("household"))


def _account_of(user: AbstractBaseUser) -> Account | None:
    """The person's account, as ``backends.AccountBackend`` loaded it with them (no query)."""
    try:
        return user.account
    except Account.DoesNotExist:
        return None


def current_link(request: HttpRequest) -> tuple[Account | None, HomeyLink]:
    """The person's account and the link they are using now (their chosen Homey).

    Raises ``NoHomey`` if there is none.
    """
    account = _account_of(request.user)
    link = account.selected_link if account else None
    if link is None:
        links = links_for(request.user)
        if len(links) != 1:
            raise NoHomey
        link = links[0]
    return account, link
