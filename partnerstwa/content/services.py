"""Writes for the editors' pages: the site's page tree, as the data migration first builds it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from partnerstwa.content.models import (
    AccessibilityStatementPage,
    HomePage,
    MultimediaIndexPage,
    NewsIndexPage,
)

HOME_BODY = [
    ("programme", None),
    ("results", {"as_of": None}),
    ("events", {"count": 3}),
    ("news", {"count": 3}),
    ("laureates", None),
]
SECTIONS = (
    (NewsIndexPage, "aktualnosci", "Aktualności", "News"),
    (MultimediaIndexPage, "multimedia", "Multimedia", "Multimedia"),
    (
        AccessibilityStatementPage,
        "deklaracja-dostepnosci",
        "Deklaracja dostępności",
        "Accessibility statement",
    ),
)


def _translated(page: Page, locale: Locale, title: str) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translation = page.copy_for_translation(locale)
    translation.title = title
    translation.draft_title = title
    translation.save_revision().publish()
    return translation


@transaction.atomic
def site_tree_ensure() -> bool:
    """The Polish home with its news, multimedia and accessibility statement, their English
    translations, the default Site pointing at the home, and the root collection of images and
    documents: what is missing is created
    (the data migration builds them on install; a database emptied by tests has none).
    Returns True when the home had to be created."""
    if Collection.get_first_root_node() is None:  # images and documents live in collections
        Collection.add_root(name="Root")
    polish, _ = Locale.objects.get_or_create(language_code="pl")
    english, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=polish)
    )
    home = HomePage.objects.filter(locale=polish).first()
    created = home is None
    if created:
        home = HomePage(title="Strona główna", slug="strona-glowna", body=HOME_BODY)
        root.add_child(instance=home)
    _translated(home, english, "Home")
    for model, slug, title_pl, title_en in SECTIONS:
        section = model.objects.filter(locale=polish).first()
        if section is None:
            section = model(title=title_pl, slug=slug)
            home.add_child(instance=section)
        _translated(section, english, title_en)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        address = urlsplit(settings.SITE_URL)
        Site.objects.create(
            hostname=address.hostname or "localhost",
            port=address.port or (443 if address.scheme == "https" else 80),
            root_page=home,
            is_default_site=True,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return created
