"""The Polish natural-order collation on PostgreSQL (lib.collation; SQLite registers the same
order on each connection)."""

from django.db import migrations

NAME = "pl_natural"
ICU_LOCALE = "pl-PL-u-kn-true"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE COLLATION IF NOT EXISTS "{NAME}" (provider = icu, locale = \'{ICU_LOCALE}\')'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_illustrative_organisations_and_people")]

    operations = [migrations.RunPython(create, drop)]
