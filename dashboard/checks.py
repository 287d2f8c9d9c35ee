"""Configuration mistakes surface as system checks (``manage.py check``), after healthchecks."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from dashboard.crypto import invalid_keys
from dashboard.homey.addresses import parse_networks


@register(Tags.security)
def check_token_keys(app_configs, **kwargs) -> list[Error]:
    bad = invalid_keys(list(settings.HOMEYDASH_TOKEN_KEYS))
    if not bad:
        return []
    return [
        Error(
            f"HOMEYDASH_TOKEN_KEYS entry {', '.join(map(str, bad))} is not a Fernet key.",
            hint='Make one with: python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())"',
            id="dashboard.E001",
        )
    ]


@register()
def check_athom_client(app_configs, **kwargs) -> list[Error]:
    errors = []
    if not settings.DEMO_MODE and not settings.ATHOM_CLIENT_SECRET:
        errors.append(
            Error(
                "ATHOM_CLIENT_ID is set but ATHOM_CLIENT_SECRET is not.",
                hint="Copy both from your Web API client at https://tools.developer.homey.app.",
                id="dashboard.E002",
            )
        )
    if not settings.DEMO_MODE and not settings.ATHOM_API_URL.startswith(("http://", "https://")):
        errors.append(
            Error(
                "ATHOM_API_URL must be an absolute http(s) URL outside demo mode.",
                hint="Leave it unset to use https://api.athom.com.",
                id="dashboard.E003",
            )
        )
    return errors


LOCAL_CONNECT_CHOICES = ("anyone", "signed-in", "nobody")


@register(Tags.security)
def check_local_connect(app_configs, **kwargs) -> list[Error]:
    errors = []
    if settings.HOMEYDASH_LOCAL_CONNECT not in LOCAL_CONNECT_CHOICES:
        errors.append(
            Error(
                f"HOMEYDASH_LOCAL_CONNECT is {settings.HOMEYDASH_LOCAL_CONNECT!r}.",
                hint="Use one of: " + ", ".join(LOCAL_CONNECT_CHOICES) + ".",
                id="dashboard.E010",
            )
        )
    for value in settings.HOMEYDASH_LOCAL_NETWORKS:
        try:
            parse_networks([value])
        except ValueError:
            errors.append(
                Error(
                    f"HOMEYDASH_LOCAL_NETWORKS entry {value!r} is not a network.",
                    hint="Use comma-separated CIDR ranges, e.g. 192.168.1.0/24,fd00::/8.",
                    id="dashboard.E011",
                )
            )
    return errors
