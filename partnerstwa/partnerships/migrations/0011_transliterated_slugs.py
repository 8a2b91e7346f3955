"""Addresses made by Django's slugify dropped "ł" ("partnerstwo-mikoowskiego"); they are made
again with it transliterated ("partnerstwo-mikolowskiego"), and the old address is kept so that
it answers 301 to the new one. A slug typed by hand (not slugify's output) is left as it is."""

import re

from django.db import migrations
from django.utils.text import slugify

# As lib.text.slug at the time of writing (a migration keeps its own copy of the rule).
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def _new_slug(name: str) -> str:
    return slugify(name.translate(_UNDECOMPOSABLE))


def transliterate(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    History = apps.get_model("partnerships", "PartnershipSlugHistory")
    taken = set(Partnership.objects.values_list("slug", flat=True))
    for partnership in Partnership.objects.order_by("pk"):
        old_base = slugify(partnership.name)[:100] or "partnerstwo"
        new_base = _new_slug(partnership.name)[:100] or "partnerstwo"
        if old_base == new_base:
            continue
        match = re.fullmatch(re.escape(old_base) + r"(-\d+)?", partnership.slug)
        if match is None:
            continue
        slug, number = new_base + (match.group(1) or ""), 2
        while slug in taken:
            slug, number = f"{new_base}-{number}", number + 1
        History.objects.create(slug=partnership.slug, partnership=partnership)
        taken.discard(partnership.slug)
        taken.add(slug)
        partnership.slug = slug
        partnership.save(update_fields=["slug"])


def restore(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    History = apps.get_model("partnerships", "PartnershipSlugHistory")
    for former in History.objects.select_related("partnership").order_by("-pk"):
        Partnership.objects.filter(pk=former.partnership_id).update(slug=former.slug)
        former.delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0010_slug_history")]

    operations = [migrations.RunPython(transliterate, restore)]
