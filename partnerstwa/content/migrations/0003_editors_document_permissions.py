"""Editors' document permissions are Wagtail's own (wagtaildocs add/change/choose_document):
Wagtail checks a custom document model's permissions against wagtaildocs.Document, so the
library model's own codenames granted in 0002 let editors neither upload nor choose."""

from django.db import migrations

DOCUMENTS = ("add_document", "change_document", "choose_document")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    editors = Group.objects.filter(name="Redaktorzy").first()
    top = Collection.objects.filter(depth=1).first()
    if editors is None or top is None:
        return
    GroupCollectionPermission.objects.filter(
        group=editors, permission__content_type__app_label="library"
    ).delete()
    for codename in DOCUMENTS:
        permission = Permission.objects.get(
            content_type__app_label="wagtaildocs", codename=codename
        )
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=top, permission=permission
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_site_tree_and_editors"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
