from __future__ import annotations

import uuid
import zoneinfo
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard import clock, crypto

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Role(models.TextChoices):
    """What the Homey says a person is there; it decides what they may do in homeydash."""

    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    USER = "user", _("User")
    GUEST = "guest", _("Guest")


ROLE_RANK: dict[str, int] = {Role.GUEST: 0, Role.USER: 1, Role.MANAGER: 2, Role.OWNER: 3}


def role_at_least(role: str, minimum: str) -> bool:
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[minimum]


class Household(models.Model):
    """One Homey and everyone who reaches it (by its cloud id).

    A shared household (``private_to`` empty) is joined only through Athom's cloud. A local
    link the cloud does not vouch for gets a household of its own, ``private_to`` its person:
    whatever the Homey at a typed address says its id is, nobody else ever sees it.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    homey_id = models.CharField(max_length=64)
    private_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="private_households",
    )
    name = models.CharField(max_length=100)
    timezone = models.CharField(max_length=64, blank=True)
    # Where the cloud says this Homey can be reached (from /user/me), tried in this order.
    local_url_secure = models.URLField(blank=True)
    local_url = models.URLField(blank=True)
    remote_url_forwarded = models.URLField(blank=True)
    remote_url = models.URLField(blank=True)
    # What kind of Homey the cloud says this is: a Homey Pro ("local") or Homey Cloud
    # ("cloud"), and the Web API generation it speaks (3: Pro 2023 and Cloud; 2: Pro 2016-2019).
    platform = models.CharField(max_length=10, default="local")
    api_version = models.PositiveSmallIntegerField(default=3)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["homey_id"],
                condition=models.Q(private_to__isnull=True),
                name="one_shared_household_per_homey",
            ),
            models.UniqueConstraint(
                fields=["homey_id", "private_to"], name="one_private_household_per_homey_person"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def tzinfo(self) -> zoneinfo.ZoneInfo | None:
        """The Homey's timezone, for times shown about it (None: unknown, the server default)."""
        try:
            return zoneinfo.ZoneInfo(self.timezone) if self.timezone else None
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            return None

    @property
    def unsupported_reason(self) -> StrOrPromise:
        """Why homeydash cannot use this Homey ('' when it can): the kinds Athom's official
        client supports are a Homey Pro (apiVersion 3 or 2) and Homey Cloud (apiVersion 3)."""
        if self.api_version == 3 and self.platform in ("local", "cloud"):
            return ""
        if self.api_version == 2 and self.platform == "local":
            return ""
        if self.api_version in (0, 1):
            return _(
                "This Homey runs software older than version 2 (1.5 or earlier), which "
                "homeydash cannot talk to. Update its software in the Homey app to use it here."
            )
        if self.api_version > 3:
            return _(
                "This Homey speaks a newer Web API (version %(version)s) than homeydash knows. "
                "An update of homeydash may add it."
            ) % {"version": self.api_version}
        return _(
            "This Homey is of a kind homeydash does not know (platform “%(platform)s”), so "
            "it cannot be opened here."
        ) % {"platform": self.platform}

    @property
    def supported(self) -> bool:
        return not self.unsupported_reason

    def addresses(self) -> dict[str, str]:
        """Where the cloud says this Homey answers, by discovery strategy (see
        ``dashboard.homey.discovery``). A Homey Cloud only ever through its remote address."""
        if self.platform == "cloud":
            return {"cloud": self.remote_url} if self.remote_url else {}
        found = {
            "localSecure": self.local_url_secure,
            "local": self.local_url,
            "remoteForwarded": self.remote_url_forwarded,
            "cloud": self.remote_url,
        }
        return {strategy: url for strategy, url in found.items() if url}


class Account(models.Model):
    """A person's Athom account and the encrypted tokens that keep them connected."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    athom_user_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    refresh_token_enc = models.TextField(blank=True)
    access_token_enc = models.TextField(blank=True)
    access_expires = models.DateTimeField(null=True, blank=True)
    # Bumped whenever the tokens change, so cached Homey sessions made with old ones are dropped.
    token_version = models.PositiveIntegerField(default=0)
    # Set when the cloud refused the refresh token: the person has to sign in again.
    signin_required = models.BooleanField(default=False)
    selected_link = models.ForeignKey(
        "HomeyLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The language homeydash speaks to this person; empty: the browser's (Accept-Language).
    language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name or self.email or self.athom_user_id

    @property
    def connected(self) -> bool:
        return bool(self.refresh_token_enc) and not self.signin_required

    def refresh_token(self) -> str:
        return crypto.decrypt(self.refresh_token_enc)

    def access_token(self) -> str:
        return crypto.decrypt(self.access_token_enc)

    def access_token_is_fresh(self, margin: timedelta = timedelta(seconds=60)) -> bool:
        return (
            bool(self.access_token_enc)
            and self.access_expires is not None
            and self.access_expires - margin > clock.now()
        )

    def set_tokens(self, access_token: str, refresh_token: str, expires_in: int) -> None:
        self.access_token_enc = crypto.encrypt(access_token)
        if refresh_token:
            self.refresh_token_enc = crypto.encrypt(refresh_token)
        self.access_expires = clock.now() + timedelta(seconds=expires_in)
        self.token_version += 1
        self.signin_required = False

    def forget_tokens(self) -> None:
        self.access_token_enc = ""
        self.refresh_token_enc = ""
        self.access_expires = None
        self.token_version += 1


class HomeyLink(models.Model):
    """One person's way into one Homey: through the cloud or with a local API key."""

    class Kind(models.TextChoices):
        CLOUD = "cloud", _("Athom cloud")
        LOCAL = "local", _("Local API key")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="homey_links"
    )
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLOUD)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.GUEST)
    local_url = models.URLField(blank=True)
    api_key_enc = models.TextField(blank=True)
    online = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["household__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "household", "kind"], name="one_link_per_user_homey_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} ({self.get_kind_display()})"

    def api_key(self) -> str:
        return crypto.decrypt(self.api_key_enc)

    def set_api_key(self, api_key: str) -> None:
        self.api_key_enc = crypto.encrypt(api_key)

    @property
    def verified_for_household(self) -> bool:
        """May this link fetch the state everyone in its household sees? Cloud links are
        vouched for by Athom; a local link only in the household private to its person."""
        if self.kind == self.Kind.CLOUD:
            return True
        return self.household.private_to_id is not None and self.household.private_to_id == (
            self.user_id
        )

    @property
    def can_control(self) -> bool:
        return role_at_least(self.role, Role.USER)

    @property
    def can_manage(self) -> bool:
        return role_at_least(self.role, Role.MANAGER)


class Dashboard(models.Model):
    """A named set of tiles on one Homey, personal or shared with part of the household."""

    class Audience(models.TextChoices):
        PRIVATE = "private", _("Only me")
        HOUSEHOLD = "household", _("Everyone in the household")
        USERS = "users", _("Members who can control devices")
        MANAGERS = "managers", _("Owners and managers")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="dashboards")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dashboards"
    )
    name = models.CharField(max_length=80)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.PRIVATE)
    # Grows with every change to the tiles or their order: open pages redraw when it moved.
    layout_version = models.PositiveIntegerField(default=0)
    # A door or window open this long shows as an alert on the board and its wall screens.
    open_alert_minutes = models.PositiveSmallIntegerField(
        _("Alert when a door or window is open for (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def shared(self) -> bool:
        return self.audience != self.Audience.PRIVATE

    def touch(self) -> None:
        """Open pages of this dashboard redraw it at their next poll."""
        Dashboard.objects.filter(pk=self.pk).update(
            layout_version=models.F("layout_version") + 1, updated=clock.now()
        )
        self.refresh_from_db(fields=["layout_version", "updated"])


# A shared dashboard's audience → the least Homey role that sees it.
AUDIENCE_LEAST_ROLE: dict[str, str] = {
    Dashboard.Audience.HOUSEHOLD: Role.GUEST,
    Dashboard.Audience.USERS: Role.USER,
    Dashboard.Audience.MANAGERS: Role.MANAGER,
}


class Tile(models.Model):
    """One tile on a dashboard; what it shows lives on the Homey and is read from the snapshot."""

    class Kind(models.TextChoices):
        DEVICE = "device", _("Device")
        CAPABILITY = "capability", _("Single value")
        VARIABLE = "variable", _("Logic variable")
        FLOW = "flow", _("Flow button")
        HISTORY = "history", _("History chart")
        # the house (``dashboard.panels``): what the Homey itself shows
        WEATHER = "weather", _("Weather")
        ENERGY = "energy", _("Energy now")
        ENERGY_CHART = "energy_chart", _("Energy chart")
        MOODS = "moods", _("Moods")
        TIMELINE = "timeline", _("Timeline")
        CAMERA = "camera", _("Camera")

    class Size(models.TextChoices):
        SMALL = "small", _("Small")
        WIDE = "wide", _("Wide")
        TALL = "tall", _("Tall")
        LARGE = "large", _("Large")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dashboard = models.ForeignKey(Dashboard, on_delete=models.CASCADE, related_name="tiles")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=80, blank=True)
    device_id = models.CharField(max_length=64, blank=True)
    capability_id = models.CharField(max_length=100, blank=True)
    # For device tiles: which capabilities to show, in order; empty means the device's own choice.
    capabilities = models.JSONField(default=list, blank=True)
    variable_id = models.CharField(max_length=64, blank=True)
    flow_id = models.CharField(max_length=64, blank=True)
    flow_advanced = models.BooleanField(default=False)
    # Moods tiles: one zone's moods ("" for all); camera tiles: the Homey image shown.
    zone_id = models.CharField(max_length=64, blank=True)
    image_id = models.CharField(max_length=100, blank=True)
    size = models.CharField(_("Size"), max_length=8, choices=Size.choices, default=Size.SMALL)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.code}"


class KioskDevice(models.Model):
    """A wall tablet paired to one dashboard, known by a revocable HttpOnly cookie."""

    class NightMode(models.TextChoices):
        OFF = "off", _("Never")
        SCHEDULE = "schedule", _("On a schedule")
        VARIABLE = "variable", _("When a logic variable is true")
        DEVICE = "device", _("When a device is on")

    class TimeFormat(models.TextChoices):
        USUAL = "", _("As usual in its language")
        H24 = "24h", _("24-hour (18:30)")
        H12 = "12h", _("12-hour (6:30 PM)")

    PAIRING_TTL = timedelta(minutes=10)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="kiosks")
    dashboard = models.ForeignKey(
        Dashboard, null=True, blank=True, on_delete=models.CASCADE, related_name="kiosks"
    )
    name = models.CharField(max_length=80)
    can_control = models.BooleanField(default=False)
    require_pin = models.BooleanField(default=False)
    pin_hash = models.CharField(max_length=128, blank=True)
    # Wrong PINs in a row since the last right one (kept through lock-outs, which grow with it).
    pin_failures = models.PositiveIntegerField(default=0)
    pin_last_failure = models.DateTimeField(null=True, blank=True)
    pin_locked_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kiosks"
    )
    created = models.DateTimeField(auto_now_add=True)
    # Pairing: a one-time link and short code, both stored as hashes, dead after PAIRING_TTL.
    pairing_token_hash = models.CharField(max_length=64, blank=True)
    pairing_code_hash = models.CharField(max_length=64, blank=True)
    pairing_expires = models.DateTimeField(null=True, blank=True)
    # Wrong codes typed anywhere while this pairing's code was live; too many end the code.
    pairing_code_misses = models.PositiveIntegerField(default=0)
    # The tablet's cookie secret, stored as a hash.
    device_secret_hash = models.CharField(max_length=64, blank=True, db_index=True)
    paired_at = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    night_mode = models.CharField(max_length=10, choices=NightMode.choices, default=NightMode.OFF)
    night_start = models.TimeField(null=True, blank=True)
    night_end = models.TimeField(null=True, blank=True)
    night_variable_id = models.CharField(max_length=64, blank=True)
    night_device_id = models.CharField(max_length=64, blank=True)
    # The tablet's own language (empty: its browser's) and clock (empty: as its language has it).
    language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)
    time_format = models.CharField(
        max_length=3, blank=True, choices=TimeFormat.choices, default=TimeFormat.USUAL
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None and bool(self.device_secret_hash)


class RealtimeLease(models.Model):
    """Who listens to a household's Homey events: one holder across every process and host.

    The holder renews ``expires`` while it listens; a holder that dies stops renewing and
    another process takes the lease over once it has expired (``dashboard/subscriber.py``).
    """

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, primary_key=True, related_name="realtime_lease"
    )
    holder = models.CharField(max_length=100)
    expires = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.household} → {self.holder}"


class ApiToken(models.Model):
    """A named token a program uses for the JSON API (``/api/v1/``), on one household.

    Only the SHA-256 of the token is stored; the token itself is shown once, when made. What it
    may do is worked out again on every request from its person's current link to the
    household: a token never does more than its person may do now (``dashboard/api_tokens.py``).
    """

    class Access(models.TextChoices):
        READ = "read", _("Read only")
        CONTROL = "control", _("Read and control")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    access = models.CharField(max_length=10, choices=Access.choices, default=Access.READ)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the token, so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["household__name", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def may_control(self) -> bool:
        """What the token was made for; its person's current role may allow less."""
        return self.access == self.Access.CONTROL
