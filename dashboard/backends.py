"""How a signed-in person is loaded on each request: with their account and chosen Homey.

Every page and every poll needs the person, their ``Account`` and the ``HomeyLink`` they chose
(``accounts.current_link``). ``ModelBackend.get_user`` loads the person alone, and the
account and link then cost a query each; this backend joins them into the one query that
loads the person, so an unchanged poll runs a single query.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User

# What ``auth.login`` records in new sessions (sessions of older versions name ModelBackend,
# which stays in AUTHENTICATION_BACKENDS so they keep working).
PEOPLE_BACKEND = "dashboard.backends.AccountBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id: str | int) -> User | None:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("account__selected_link__household").get(
                pk=user_id
            )
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
