"""On PostgreSQL the database itself refuses overlapping dated terms: two leaders of one
partnership on the same day, or one organisation in a partnership twice at once. SQLite cannot
express this; there the services check it inside the partnership's lock."""

from django.db import migrations

PERIOD = "daterange(COALESCE(joined_on, '-infinity'::date), left_on, '[]')"
CONSTRAINTS = {
    "partnershipmember_one_leader_a_day": (
        f"EXCLUDE USING gist (partnership_id WITH =, {PERIOD} WITH &&) WHERE (role = 'leader')"
    ),
    "partnershipmember_one_membership_a_day": (
        f"EXCLUDE USING gist (partnership_id WITH =, organisation_id WITH =, {PERIOD} WITH &&)"
    ),
}
TABLE = "partnerships_partnershipmember"


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, definition in CONSTRAINTS.items():
        schema_editor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
