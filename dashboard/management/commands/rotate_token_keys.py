"""Re-encrypt every stored token with the newest of HOMEYDASH_TOKEN_KEYS.

Tokens are re-encrypted by themselves whenever they change; run this after putting a new key
in front if you want to drop the old keys from the setting afterwards.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from dashboard import crypto
from dashboard.models import Account, HomeyLink

FIELDS = {Account: ["refresh_token_enc", "access_token_enc"], HomeyLink: ["api_key_enc"]}


class Command(BaseCommand):
    help = "Re-encrypt stored refresh tokens, access tokens and API keys with the newest key."

    def handle(self, *args, **options) -> None:
        changed = 0
        unreadable = 0
        for model, fields in FIELDS.items():
            for pk in model._default_manager.values_list("pk", flat=True):
                with transaction.atomic():
                    row = model._default_manager.select_for_update().get(pk=pk)
                    dirty = []
                    for field in fields:
                        value = getattr(row, field)
                        if not crypto.needs_rotation(value):
                            continue
                        try:
                            setattr(row, field, crypto.encrypt(crypto.decrypt(value)))
                        except crypto.UnreadableSecret:
                            unreadable += 1
                            continue
                        dirty.append(field)
                    if dirty:
                        row.save(update_fields=dirty)
                        changed += len(dirty)
        self.stdout.write(f"Re-encrypted {changed} secret(s) with the newest key.")
        if unreadable:
            self.stderr.write(
                f"{unreadable} secret(s) could not be read with any configured key; "
                "those people must sign in or connect again."
            )
