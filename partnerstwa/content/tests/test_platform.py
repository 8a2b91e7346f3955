"""Issue 12, the platform: the editors' back office at /cms/ in Polish, linked with /admin/ and
/biuro/, and an editors' group that edits content and not the programme's records."""

import pytest

from partnerstwa.content.tests.factories import editor, superuser


@pytest.mark.django_db
def test_the_cms_speaks_polish_by_default(client):
    client.force_login(superuser())
    response = client.get("/cms/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl"' in content
    assert "Strony" in content and "Obrazy" in content


@pytest.mark.django_db
def test_the_cms_menu_links_to_the_staff_workspace_and_the_programme_records(client):
    client.force_login(superuser())
    content = client.get("/cms/").content.decode()
    assert '"/biuro/"' in content and '"/admin/"' in content


@pytest.mark.django_db
def test_the_back_office_and_the_site_link_to_the_cms(client):
    client.force_login(superuser())
    assert 'href="/cms/"' in client.get("/admin/").content.decode()
    assert 'href="/cms/"' in client.get("/prywatnosc/").content.decode()


@pytest.mark.django_db
def test_an_editor_opens_the_cms_but_not_the_programme_records(client):
    client.force_login(editor(is_staff=True))
    assert client.get("/cms/").status_code == 200
    assert client.get("/cms/pages/").status_code == 200
    assert client.get("/admin/partnerships/partnership/").status_code == 403
    assert client.get("/admin/activities/event/").status_code == 403


@pytest.mark.django_db
def test_an_editor_does_not_see_the_staff_links_in_the_cms_menu(client):
    client.force_login(editor())
    content = client.get("/cms/").content.decode()
    assert '"/biuro/"' not in content


@pytest.mark.django_db
def test_an_editor_can_edit_the_home_page(client):
    from partnerstwa.content.tests.factories import home

    client.force_login(editor())
    assert client.get(f"/cms/pages/{home().pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_editors_see_the_userbar_with_wagtails_accessibility_checker_on_content_pages(client):
    assert "wagtail-userbar" not in client.get("/aktualnosci/").content.decode()
    client.force_login(editor())
    content = client.get("/aktualnosci/").content.decode()
    assert "wagtail-userbar" in content
    assert 'id="accessibility-results"' in content or "checker-axe-configuration" in content


@pytest.mark.django_db
def test_an_editor_can_upload_and_choose_documents_and_images(client):
    client.force_login(editor())
    for url in ("/cms/documents/", "/cms/documents/multiple/add/", "/cms/documents/chooser/"):
        assert client.get(url).status_code == 200, url
    for url in ("/cms/images/", "/cms/images/multiple/add/", "/cms/images/chooser/"):
        assert client.get(url).status_code == 200, url
