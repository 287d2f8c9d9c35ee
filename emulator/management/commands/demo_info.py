"""Print how to try the demo: where to open it and the demo accounts (``make run`` calls it)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from emulator import constants as c


class Command(BaseCommand):
    help = "Print the demo's address, sign-in accounts and local API key."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host: str, port: int, **options) -> None:
        base = f"http://{host}:{port}"
        lines = [
            "",
            "homeydash demo (no Athom client configured: the built-in emulator plays the cloud)",
            f"  Open {base} and press 'Sign in with Homey'.",
            f"  Accounts (password '{c.DEMO_PASSWORD}'):",
            f"    {c.ALICE_EMAIL}    owner of 'Home' and 'Holiday house'",
            f"    {c.BOB_EMAIL}      user on 'Home'",
            f"    {c.DAVE_EMAIL}     guest on 'Home'",
            f"    {c.CHARLIE_EMAIL}  owner of 'Flat'",
            f"    {c.ERIN_EMAIL}     owner of 'Farmhouse' (a messy real house)",
            f"    {c.FRANK_EMAIL}    owner of 'Attic' (Homey Pro 2019), 'Cloud home' (Homey Cloud)",
            "  Connect with an API key instead:",
            f"    address  {base}/emulator/homey/{c.HOME_ID}",
            f"    API key  {c.DEMO_PAT_TOKEN}",
            "",
        ]
        self.stdout.write("\n".join(lines))
