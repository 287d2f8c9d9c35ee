"""Local links made before the trust rule leave shared households the cloud does not vouch for."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _node(executor: MigrationExecutor, suffix: str) -> tuple[str, str]:
    names = [name for app, name in executor.loader.graph.nodes if app == "dashboard"]
    return ("dashboard", next(name for name in names if name.endswith(suffix)))


@pytest.mark.django_db(transaction=True)
def test_existing_local_links_without_a_cloud_link_move_to_a_household_of_their_own():
    executor = MigrationExecutor(connection)
    rule = _node(executor, "_household_private_to")
    before = executor.loader.graph.node_map[rule].parents
    before = [parent.key for parent in before if parent.key[0] == "dashboard"]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("auth", "User")
    Household = old.get_model("dashboard", "Household")
    HomeyLink = old.get_model("dashboard", "HomeyLink")
    home = Household.objects.create(homey_id="h1", name="Home")
    member = User.objects.create(username="member")
    stranger = User.objects.create(username="stranger")
    HomeyLink.objects.create(user=member, household=home, kind="cloud", role="user")
    HomeyLink.objects.create(user=member, household=home, kind="local", role="user")
    HomeyLink.objects.create(user=stranger, household=home, kind="local", role="owner")

    executor = MigrationExecutor(connection)
    executor.migrate([rule])
    new = executor.loader.project_state([rule]).apps
    HomeyLink = new.get_model("dashboard", "HomeyLink")
    try:
        members = HomeyLink.objects.get(user__username="member", kind="local")
        strangers = HomeyLink.objects.get(user__username="stranger", kind="local")
        assert members.household_id == home.pk
        assert strangers.household_id != home.pk
        assert strangers.household.private_to_id == strangers.user_id
        assert strangers.household.homey_id == "h1"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
