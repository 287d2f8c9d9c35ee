"""The table of the database cache that several worker processes share when REDIS_URL is not
set (settings.SHARED_CACHE); made whatever the cache settings of the process that migrates."""

from django.core.management import call_command
from django.db import migrations


def create_shared_cache_table(apps, schema_editor):
    call_command(
        "createcachetable",
        "homeydash_shared_cache",
        database=schema_editor.connection.alias,
        verbosity=0,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_dashboard_layout_version"),
    ]

    operations = [
        migrations.RunPython(create_shared_cache_table, migrations.RunPython.noop),
    ]
