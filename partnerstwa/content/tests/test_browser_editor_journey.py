"""An editor's journey in a real browser: a member of the editors' group signs in to /cms/,
writes a news item under Aktualności with a main image uploaded through the image chooser and a
library document linked in its body, publishes it; a visitor then finds the item on
/aktualnosci/, sees the image with its text alternative and downloads the document.

Run with ``.venv/bin/pytest -m browser -p no:cacheprovider``."""

import importlib
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from PIL import Image as PillowImage
from playwright.sync_api import expect
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from partnerstwa.content.models import NewsIndexPage, NewsPage
from partnerstwa.content.services import site_tree_ensure
from partnerstwa.library.tests.factories import document
from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser

PASSWORD = "haslo-redakcji-1"
TITLE = "Spotkanie partnerstw w Poznaniu"
IMAGE_ALT = "Uczestnicy spotkania przy okrągłym stole"
DOCUMENT_TITLE = "Wnioski ze spotkania partnerstw"
# Wagtail's own interface, in Polish as editors see it.
ADD_CHILD_PAGE = "Dodaj stronę podrzędną"
CHOOSE_IMAGE = "Wybierz obraz"
UPLOAD = "Wgraj plik"
PUBLISH = "Opublikuj"
MORE_ACTIONS = "Więcej akcji"


def _editors_group() -> Group:
    """The editors' group as the content migrations grant it: a transactional test's flush
    removes groups, so it is made again from the migrations' own declarations."""
    tree = importlib.import_module("partnerstwa.content.migrations.0002_site_tree_and_editors")
    documents = importlib.import_module(
        "partnerstwa.content.migrations.0003_editors_document_permissions"
    )
    editors, _ = Group.objects.get_or_create(name="Redaktorzy")
    for app_label, _model, codename in tree.EDITOR_MODEL_PERMISSIONS:
        editors.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    root = Page.get_first_root_node()
    for codename in tree.EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    top = Collection.get_first_root_node()
    collection_permissions = [
        ("wagtailimages", codename)
        for app_label, _model, codenames in tree.EDITOR_COLLECTION_PERMISSIONS
        if app_label == "wagtailimages"
        for codename in codenames
    ] + [("wagtaildocs", codename) for codename in documents.DOCUMENTS]
    for app_label, codename in collection_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=editors,
            collection=top,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return editors


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 400), (30, 110, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def newsroom(transactional_db, settings, tmp_path):
    # Uploaded images and library files go to this test's own directories.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    site_tree_ensure()
    editor = get_user_model().objects.create_user("redaktorka", password=PASSWORD)
    editor.groups.add(_editors_group())
    image = tmp_path / "spotkanie.png"
    image.write_bytes(_png_bytes())
    return {
        "editor": editor,
        "image": image,
        "document": document(
            title=DOCUMENT_TITLE, text="Wnioski ze spotkania partnerstw samorządów."
        ),
        "index": NewsIndexPage.objects.get(locale__language_code="pl"),
    }


# Wagtail leaves the temporary files of new renditions to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_editor_publishes_a_news_item_with_an_image_and_a_document_a_visitor_downloads_it(
    page, chromium, live_server, newsroom
):
    # The editor signs in to the editors' back office.
    page.goto("/cms/login/?next=/cms/")
    page.fill("input[name=username]", "redaktorka")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url("**/cms/")

    # Aktualności in the page explorer, and a news item under it.
    page.goto(f"/cms/pages/{newsroom['index'].pk}/")
    page.get_by_role("link", name=ADD_CHILD_PAGE).first.click()
    page.wait_for_selector("#id_title")
    page.fill("#id_title", TITLE)
    page.fill("#id_date", "2024-05-15")
    page.fill("#id_lead", "Partnerstwa z całej Polski spotkały się w Poznaniu.")

    # The main image, uploaded through the image chooser.
    page.get_by_role("button", name=CHOOSE_IMAGE).first.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name=UPLOAD).click()
    modal.locator("input[type=file]").set_input_files(newsroom["image"])
    # The chooser names the image after its file, then the editor names it properly.
    image_title = modal.get_by_role("textbox", name="Tytuł")
    expect(image_title).to_have_value("spotkanie")
    image_title.fill("Spotkanie partnerstw")
    modal.get_by_role("button", name=UPLOAD).click()
    expect(page.locator(".modal-dialog:visible")).to_have_count(0)
    page.fill("#id_main_image_alt", IMAGE_ALT)

    # The body, written in the rich-text editor, with the library document linked in it.
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.type("Pełne wnioski w dokumencie: ")
    # Draftail's command palette ("/") offers the document link, which opens the chooser.
    page.keyboard.type("/dokument")
    page.keyboard.press("Enter")
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=DOCUMENT_TITLE).click()
    expect(page.locator(".modal-dialog:visible")).to_have_count(0)
    expect(editor.get_by_text(DOCUMENT_TITLE)).to_be_visible()
    # Draftail writes its content to the form a moment after an edit: publish only once it has.
    expect(page.locator("input[name=body]")).to_have_value(re.compile('"type": ?"DOCUMENT"'))

    # Published from the footer's menu of actions.
    page.get_by_role("button", name=MORE_ACTIONS).click()
    page.get_by_role("button", name=PUBLISH).click()
    page.wait_for_url(f"**/cms/pages/{newsroom['index'].pk}/")
    news = NewsPage.objects.get(title=TITLE)
    assert news.live
    assert news.main_image is not None and news.main_image_alt == IMAGE_ALT

    # A visitor, not signed in, finds it among the news, sees its image and downloads the file.
    context = chromium.new_context(
        base_url=live_server.url, locale="pl-PL", viewport=browser.DESKTOP
    )
    context.set_default_timeout(browser.TIMEOUT_MS)
    try:
        visitor = context.new_page()
        visitor.goto("/aktualnosci/")
        visitor.get_by_role("link", name=TITLE).click()
        visitor.wait_for_url(f"**{news.url}")
        image = visitor.locator("main img").first
        expect(image).to_have_attribute("alt", IMAGE_ALT)
        visitor.wait_for_load_state("load")  # the image's rendition, served, not just named
        assert visitor.evaluate(
            "(img) => img.complete && img.naturalWidth > 0", image.element_handle()
        )
        link = visitor.get_by_role("link", name=DOCUMENT_TITLE)
        href = link.get_attribute("href")
        assert href == newsroom["document"].url
        response = context.request.get(href)
        assert response.status == 200
        assert response.body().startswith(b"%PDF")
    finally:
        context.close()
