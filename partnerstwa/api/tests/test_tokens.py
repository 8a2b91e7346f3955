import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from partnerstwa.activities.models import Attendance
from partnerstwa.api.models import ApiToken, TokenUse
from partnerstwa.api.services import token_revoke
from partnerstwa.api.tests.factories import staff, token, world

pytestmark = pytest.mark.django_db


def bearer(issued) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def test_a_token_is_kept_only_as_its_hash(client):
    issued = token(read_personal=True)
    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret.startswith(stored.prefix)
    row = ApiToken.objects.filter(pk=stored.pk).values().get()
    assert issued.secret not in str(row)


def test_read_personal_gives_the_registrations_and_attendance_of_the_chosen_event(client):
    here = world()
    issued = token(events=[here.event], read_personal=True)
    body = client.get(f"/api/v1/events/{here.event.pk}/registrations", **bearer(issued)).json()
    assert [r["email"] for r in body["items"]] == ["bronislawa.osobowa@example.org"]
    body = client.get(f"/api/v1/events/{here.event.pk}/attendance", **bearer(issued)).json()
    assert [a["last_name"] for a in body["items"]] == ["Przybyszewski-Osobowy"]


def test_personal_data_of_another_event_is_refused(client):
    here = world()
    issued = token(events=[here.past_event], read_personal=True)
    response = client.get(f"/api/v1/events/{here.event.pk}/registrations", **bearer(issued))
    assert response.status_code == 403
    assert response.json()["detail"] == "Ten token nie jest przeznaczony dla tego wydarzenia."


def test_a_token_without_the_scope_is_refused(client):
    here = world()
    issued = token(events=[here.event], write_attendance=True)
    response = client.get(f"/api/v1/events/{here.event.pk}/attendance", **bearer(issued))
    assert response.status_code == 403


def test_without_a_token_personal_data_answers_401(client):
    here = world()
    response = client.get(f"/api/v1/events/{here.event.pk}/registrations")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"]


def test_a_revoked_token_is_refused_and_its_attempt_logged(client):
    here = world()
    issued = token(events=[here.event], read_personal=True)
    path = f"/api/v1/events/{here.event.pk}/registrations"
    assert client.get(path, **bearer(issued)).status_code == 200
    token_revoke(token=issued.token)
    assert client.get(path, **bearer(issued)).status_code == 401
    uses = list(TokenUse.objects.order_by("pk").values_list("path", "status"))
    assert uses == [(path, 200), (path, 401)]


def test_every_use_is_logged_with_its_answer(client):
    here = world()
    issued = token(events=[here.event], read_personal=True)
    client.get(f"/api/v1/events/{here.event.pk}/attendance?limit=5", **bearer(issued))
    client.get(f"/api/v1/events/{here.past_event.pk}/attendance", **bearer(issued))
    uses = list(TokenUse.objects.order_by("pk").values_list("method", "path", "status"))
    assert uses == [
        ("GET", f"/api/v1/events/{here.event.pk}/attendance?limit=5", 200),
        ("GET", f"/api/v1/events/{here.past_event.pk}/attendance", 403),
    ]


def test_a_token_may_not_read_anonymous_answers_from_a_shared_cache(client):
    here = world()
    issued = token(events=[here.event], read_personal=True)
    response = client.get(f"/api/v1/events/{here.event.pk}/registrations", **bearer(issued))
    assert response["Cache-Control"] == "no-store"


CSV = "imię,nazwisko,e-mail,organizacja\nJan,Importowany,jan.importowany@example.org,\n"


def upload(client, issued, event, content: str, number: int = 1):
    return client.post(
        f"/api/v1/events/{event.pk}/sessions/{number}/attendance",
        {"file": SimpleUploadedFile("lista.csv", content.encode(), content_type="text/csv")},
        **bearer(issued),
    )


def test_write_imports_an_attendance_list_through_the_staff_import(client):
    here = world()
    issued = token(events=[here.event], write_attendance=True)
    response = upload(client, issued, here.event, CSV)
    assert response.status_code == 200, response.content
    assert response.json()["attendances_created"] == 1
    assert Attendance.objects.filter(person__last_name="Importowany").count() == 1


def test_a_list_with_an_error_imports_nothing_and_says_why(client):
    here = world()
    issued = token(events=[here.event], write_attendance=True)
    before = Attendance.objects.count()
    response = upload(client, issued, here.event, CSV + "Anna,,zly-adres,\n")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Pliku nie zaimportowano: niczego nie zapisano."
    assert body["errors"] and body["errors"][0]["row"] == 3
    assert Attendance.objects.count() == before


def test_an_unreadable_file_is_a_400_with_the_readers_message(client):
    here = world()
    issued = token(events=[here.event], write_attendance=True)
    response = upload(client, issued, here.event, "tylko,nagłówek\n")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]


def test_read_personal_alone_cannot_import(client):
    here = world()
    issued = token(events=[here.event], read_personal=True)
    assert upload(client, issued, here.event, CSV).status_code == 403
    assert not Attendance.objects.filter(person__last_name="Importowany").exists()


@override_settings(API_TOKEN_RATE="2/m", API_RATE="100/m")
def test_a_token_client_is_limited_by_its_token(client):
    here = world()
    issued = token(events=[here.event], read_personal=True)
    path = f"/api/v1/events/{here.event.pk}/registrations"
    assert [client.get(path, **bearer(issued)).status_code for _ in range(3)] == [200, 200, 429]
    other = token(events=[here.event], read_personal=True, name="Inny")
    assert client.get(path, **bearer(other)).status_code == 200


# --- Staff pages ------------------------------------------------------------------------------


def test_staff_create_a_token_and_see_it_once(client):
    here = world()
    user = staff("biuro", "api.view_apitoken", "api.add_apitoken")
    client.force_login(user)
    response = client.post(
        "/biuro/api/nowy/",
        {"name": "CRM", "read_personal": "on", "events": [here.event.pk]},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["issued"].secret
    assert secret in response.content.decode()
    stored = ApiToken.objects.get()
    assert stored.created_by == user and stored.scopes == ["read-personal"]
    page = client.get(f"/biuro/api/{stored.pk}/").content.decode()
    assert secret not in page and stored.prefix in page
    registrations = f"/api/v1/events/{here.event.pk}/registrations"
    assert client.get(registrations, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_a_token_needs_a_scope_and_an_event(client):
    client.force_login(staff("biuro", "api.view_apitoken", "api.add_apitoken"))
    response = client.post("/biuro/api/nowy/", {"name": "CRM"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert response.context["form"].errors


def test_staff_see_and_revoke_their_own_tokens_only(client):
    here = world()
    owner = staff("wlasciciel", "api.view_apitoken")
    mine = token(user=owner, events=[here.event], read_personal=True, name="Mój")
    theirs = token(events=[here.event], read_personal=True, name="Cudzy")
    client.force_login(owner)
    listing = client.get("/biuro/api/").content.decode()
    assert "Mój" in listing and "Cudzy" not in listing
    assert client.get(f"/biuro/api/{theirs.token.pk}/").status_code == 404
    assert client.post(f"/biuro/api/{theirs.token.pk}/uniewaznij/").status_code == 404
    theirs.token.refresh_from_db()
    assert theirs.token.revoked_at is None
    assert client.post(f"/biuro/api/{mine.token.pk}/uniewaznij/").status_code == 302
    mine.token.refresh_from_db()
    assert mine.token.revoked_at is not None


def test_the_change_permission_reaches_every_token(client):
    here = world()
    theirs = token(events=[here.event], read_personal=True, name="Cudzy")
    client.force_login(staff("kierownik", "api.view_apitoken", "api.change_apitoken"))
    assert client.get(f"/biuro/api/{theirs.token.pk}/").status_code == 200


def test_token_pages_are_for_staff_with_the_permission(client):
    client.force_login(staff("bez-uprawnien"))
    assert client.get("/biuro/api/").status_code == 403
    client.logout()
    assert client.get("/biuro/api/").status_code == 302


def test_a_bad_cursor_with_a_token_is_a_400_the_schema_declares(client):
    from partnerstwa.api.api import api

    here = world()
    issued = token(events=[here.event], read_personal=True)
    response = client.get(
        f"/api/v1/events/{here.event.pk}/registrations", {"cursor": "0" * 64}, **bearer(issued)
    )
    assert response.status_code == 400
    declared = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    assert 400 in declared["/api/v1/events/{id}/registrations"]["get"]["responses"]
