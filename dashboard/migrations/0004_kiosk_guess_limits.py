"""Growing PIN lock-outs and their record, the per-pairing count of wrong codes, and the
database cache table that counts attempts across processes when Redis is not configured."""

from django.core.management import call_command
from django.db import migrations, models


def create_shared_cache_table(apps, schema_editor):
    # Creates the tables of every DatabaseCache in CACHES (none with REDIS_URL); idempotent.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0003_household_private_to"),
    ]

    operations = [
        migrations.AddField(
            model_name="kioskdevice",
            name="pin_last_failure",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="kioskdevice",
            name="pairing_code_misses",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(create_shared_cache_table, migrations.RunPython.noop),
    ]
