import unicodedata

from django.db import migrations


def _normal(value: str) -> str:
    # A copy of portal.auth.normal_username as it stood when this migration was written.
    return unicodedata.normalize("NFKC", value).strip().casefold()


def normalise_usernames(apps, schema_editor):
    User = apps.get_model("auth", "User")
    taken = set(User.objects.values_list("username", flat=True))
    for user in User.objects.order_by("pk"):
        normal = _normal(user.username)
        if normal != user.username and normal not in taken:
            taken.discard(user.username)
            taken.add(normal)
            User.objects.filter(pk=user.pk).update(username=normal)


class Migration(migrations.Migration):
    """User names in the one normal form sign-in uses, and unique in it (case-insensitively in
    the database: lower() on both SQLite and PostgreSQL)."""

    dependencies = [("portal", "0002_cache_table"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(normalise_usernames, migrations.RunPython.noop),
        migrations.RunSQL(
            "CREATE UNIQUE INDEX portal_auth_user_username_lower ON auth_user (lower(username))",
            "DROP INDEX portal_auth_user_username_lower",
        ),
    ]
