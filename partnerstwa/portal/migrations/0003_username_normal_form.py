import unicodedata
from collections import defaultdict

from django.db import migrations


def _normal(value: str) -> str:
    # A copy of portal.auth.normal_username as it stood when this migration was written.
    return unicodedata.normalize("NFKC", value).strip().casefold()


def refuse_colliding_usernames(apps, schema_editor):
    """Stop, naming them, on accounts sign-in cannot tell apart. Names are never changed here:
    people sign in with the name they know, so the operator chooses whom to rename."""
    User = apps.get_model("auth", "User")
    groups = defaultdict(list)
    for pk, username in User.objects.order_by("pk").values_list("pk", "username"):
        groups[_normal(username)].append(f"{username!r} (id {pk})")
    collisions = [names for names in groups.values() if len(names) > 1]
    if collisions:
        raise RuntimeError(
            "These accounts have user names that sign-in treats as one (letter case, full-width "
            "letters and surrounding spaces do not count): "
            + "; ".join(" = ".join(names) for names in collisions)
            + ". Rename all but one account of each group (e.g. in the admin, or with "
            "`manage.py shell`), then run `manage.py migrate` again."
        )


class Migration(migrations.Migration):
    """No two user names in one normal form (portal.auth.normal_username): checked here for the
    accounts that exist, kept by the admin's user forms, and — as far as SQL can see it, letter
    case by lower() on SQLite and PostgreSQL — by a unique index."""

    dependencies = [
        ("portal", "0002_cache_table"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(refuse_colliding_usernames, migrations.RunPython.noop),
        migrations.RunSQL(
            "CREATE UNIQUE INDEX portal_auth_user_username_lower ON auth_user (lower(username))",
            "DROP INDEX portal_auth_user_username_lower",
        ),
    ]
