"""Drive "Sign in with Homey" over real HTTP: homeydash through Django's test client, the
emulator's sign-in and consent pages through a ``requests`` session (its own cookies), the
way a browser would hop between the two."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import requests
from django.test import Client

HIDDEN_INPUT = re.compile(r'<input[^>]*type="hidden"[^>]*>', re.IGNORECASE)
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in HIDDEN_INPUT.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            fields[attributes["name"]] = unescape(attributes.get("value", ""))
    return fields


class SignInFlow:
    """One person's trip: homeydash → Athom's authorise page → back to the callback."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.cloud = requests.Session()

    def start(self, next_url: str = "") -> str:
        """Press "Sign in with Homey"; returns the authorise URL homeydash redirected to."""
        response = self.client.post("/login/homey/", {"next": next_url})
        assert response.status_code == 302, response.status_code
        return response["Location"]

    def authorise(
        self,
        authorise_url: str,
        email: str,
        *,
        allow: bool = True,
        homeys: list[str] | None = None,
    ) -> str:
        """Sign in on the emulator's page and answer its consent page; returns the callback
        URL the cloud redirects the browser to (with ``code`` or ``error`` and ``state``)."""
        page = self.cloud.get(authorise_url, timeout=5)
        assert page.status_code == 200, page.text[:500]
        signed_in = self.cloud.post(
            authorise_url,
            data={
                **hidden_fields(page.text),
                "action": "signin",
                "email": email,
                "password": "homey",
            },
            timeout=5,
        )
        assert signed_in.status_code == 200, signed_in.text[:500]
        consent = hidden_fields(signed_in.text)
        data = {**consent, "action": "allow" if allow else "deny"}
        if homeys is not None:
            data["homey"] = homeys
        else:
            data["homey"] = re.findall(r'name="homey"[^>]*value="([^"]+)"', signed_in.text)
        answer = self.cloud.post(authorise_url, data=data, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]

    def callback(self, callback_url: str):
        """Follow the cloud's redirect back into homeydash (path and query only)."""
        parts = urlsplit(callback_url)
        return self.client.get(parts.path, parse_qs(parts.query))

    def sign_in(self, email: str, **kwargs):
        return self.callback(self.authorise(self.start(), email, **kwargs))


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
