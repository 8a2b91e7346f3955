"""The site's page tree (a Polish home with its news, multimedia and accessibility statement,
and their English translations), the Site record pointing at it, and the editors' group."""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

SECTIONS = (
    # (slug, model, Polish title, English title)
    ("aktualnosci", "newsindexpage", "Aktualności", "News"),
    ("multimedia", "multimediaindexpage", "Multimedia", "Multimedia"),
    (
        "deklaracja-dostepnosci",
        "accessibilitystatementpage",
        "Deklaracja dostępności",
        "Accessibility statement",
    ),
)

# The home as first composed; editors recompose it from the same blocks.
HOME_BODY = (
    ("programme", None),
    ("results", {"as_of": None}),
    ("events", {"count": 3}),
    ("news", {"count": 3}),
    ("laureates", None),
)

# What editors may do: the Wagtail admin, pages, images, documents, redirects, the identity
# setting. Nothing of the programme's records (partnerships, events, contests, people).
EDITOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtailredirects", "redirect", "add_redirect"),
    ("wagtailredirects", "redirect", "change_redirect"),
    ("wagtailredirects", "redirect", "delete_redirect"),
    ("content", "identity", "change_identity"),
    ("taggit", "tag", "add_tag"),
    ("taggit", "tag", "change_tag"),
)
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add_image", "change_image", "choose_image")),
    ("library", "librarydocument", ("add_librarydocument", "change_librarydocument")),
)


def _page(apps, model, *, title, slug, path, depth, numchild, url_path, locale, key, **fields):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.get(app_label="content", model=model)
    Model = apps.get_model("content", model)
    return Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=path,
        depth=depth,
        numchild=numchild,
        url_path=url_path,
        locale=locale,
        translation_key=key,
        live=True,
        **fields,
    )


def _ensure_permissions(apps):
    # Permissions are otherwise created after all migrations, too late for the group.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def _permission(Permission, app_label: str, codename: str):
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise LookupError(f"No permission {app_label}.{codename}") from None


def build(apps, schema_editor):
    _ensure_permissions(apps)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Wagtail's own "Welcome" page (and its Site) make way for the association's home.
    plain = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=plain, depth=2).delete()
    root = Page.objects.get(depth=1)
    polish, _ = Locale.objects.get_or_create(language_code="pl")
    english, _ = Locale.objects.get_or_create(language_code="en")
    home_key = uuid.uuid4()
    homes = {}
    for number, (locale, title, slug) in enumerate(
        ((polish, "Strona główna", "strona-glowna"), (english, "Home", "home")), start=1
    ):
        home_path = f"{root.path}{number:04d}"
        homes[locale.language_code] = _page(
            apps,
            "homepage",
            title=title,
            slug=slug,
            path=home_path,
            depth=2,
            numchild=len(SECTIONS),
            url_path=f"/{slug}/",
            locale=locale,
            key=home_key,
            body=[
                {"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in HOME_BODY
            ],
        )
    for child, (slug, model, title_pl, title_en) in enumerate(SECTIONS, start=1):
        key = uuid.uuid4()
        for code, locale, title in (("pl", polish, title_pl), ("en", english, title_en)):
            home = homes[code]
            _page(
                apps,
                model,
                title=title,
                slug=slug,
                path=f"{home.path}{child:04d}",
                depth=3,
                numchild=0,
                url_path=f"{home.url_path}{slug}/",
                locale=locale,
                key=key,
            )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    # The site's address as configured (SITE_URL): full addresses in the sitemap use it.
    address = urlsplit(settings.SITE_URL)
    Site.objects.create(
        hostname=address.hostname or "localhost",
        port=address.port or (443 if address.scheme == "https" else 80),
        root_page_id=homes["pl"].pk,
        is_default_site=True,
    )

    editors, _ = Group.objects.get_or_create(name="Redaktorzy")
    for app_label, model, codename in EDITOR_MODEL_PERMISSIONS:
        editors.permissions.add(_permission(Permission, app_label, codename))
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root,
            permission=_permission(Permission, "wagtailcore", codename),
        )
    top = Collection.objects.get(depth=1)
    for app_label, model, codenames in EDITOR_COLLECTION_PERMISSIONS:
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=editors,
                collection=top,
                permission=_permission(Permission, app_label, codename),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("library", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
