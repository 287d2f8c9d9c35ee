"""Migration 0010: stored dashboard audiences change from role names to audience names, and back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("dashboard", "0009_tile_size_open_alert")]
AFTER = [("dashboard", "0010_audience_values")]


def _dashboards(apps) -> dict[str, str]:
    Dashboard = apps.get_model("dashboard", "Dashboard")
    return dict(Dashboard.objects.values_list("name", "audience"))


@pytest.mark.django_db(transaction=True)
def test_stored_audiences_are_renamed_both_ways():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    home = old.get_model("dashboard", "Household").objects.create(homey_id="h1", name="Home")
    alice = old.get_model("auth", "User").objects.create(username="alice")
    Dashboard = old.get_model("dashboard", "Dashboard")
    for name, audience in [("a", "private"), ("b", "guest"), ("c", "user"), ("d", "manager")]:
        Dashboard.objects.create(household=home, owner=alice, name=name, audience=audience)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        renamed = {"a": "private", "b": "household", "c": "users", "d": "managers"}
        assert _dashboards(executor.loader.project_state(AFTER).apps) == renamed

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = {"a": "private", "b": "guest", "c": "user", "d": "manager"}
        assert _dashboards(executor.loader.project_state(BEFORE).apps) == back
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
