"""A dashboard's audience names who sees it ("household", "users", "managers"), no longer the
least Homey role ("guest", "user", "manager") that sees it."""

from django.db import migrations, models

RENAMED = {"guest": "household", "user": "users", "manager": "managers"}


def rename(apps, schema_editor, renamed=RENAMED):
    Dashboard = apps.get_model("dashboard", "Dashboard")
    for old, new in renamed.items():
        Dashboard.objects.filter(audience=old).update(audience=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, renamed={new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0009_tile_size_open_alert")]

    operations = [
        migrations.RunPython(rename, rename_back),
        migrations.AlterField(
            model_name="dashboard",
            name="audience",
            field=models.CharField(
                choices=[
                    ("private", "Only me"),
                    ("household", "Everyone in the household"),
                    ("users", "Members who can control devices"),
                    ("managers", "Owners and managers"),
                ],
                default="private",
                max_length=10,
            ),
        ),
    ]
