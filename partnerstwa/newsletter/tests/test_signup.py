"""Double opt-in: the sign-up form, the confirmation link and what scanners and strangers can
(not) do with them."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from partnerstwa.lib.tests.links import expired
from partnerstwa.newsletter import services
from partnerstwa.newsletter.links import CONFIRM_LINK
from partnerstwa.newsletter.models import (
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    Subscriber,
    SubscriberStatus,
    SuppressionReason,
)
from partnerstwa.newsletter.tests.factories import SubscriberFactory, topic

FORM = reverse("newsletter:signup")


@pytest.fixture
def form_data(db):
    return {
        "email": "Anna.Nowak@Example.ORG",
        "topics": [topic("events").pk, topic("contest").pk],
        "language": "en",
        "consent": "on",
    }


def _post(client, data, capture):
    with capture(execute=True):
        return client.post(FORM, data)


def _confirm_path(address: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return re.search(r"https?://[^/\s]+(/newsletter/potwierdz/\S+/)", message.body).group(1)


def test_signing_up_records_the_consent_text_version_shown_and_mails_a_link(
    client, form_data, django_capture_on_commit_callbacks
):
    form = client.get(FORM).content.decode()
    shown = ConsentText.objects.order_by("-version").first()
    assert shown.text_en in form or shown.text_pl in form
    response = _post(client, form_data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Anna.Nowak@example.org"  # the domain folded, the mailbox kept
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.language == "en"
    assert {t.slug for t in subscriber.topics.all()} == {"events", "contest"}
    consent = ConsentRecord.objects.get()
    assert (consent.text, consent.method, consent.confirmed_at) == (
        shown,
        ConsentMethod.FORM,
        None,
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Anna.Nowak@example.org"]
    assert "/newsletter/potwierdz/" in mail.outbox[0].body


def test_a_new_consent_wording_is_a_new_version_and_the_old_one_stays(db):
    first = ConsentText.objects.get()
    second = services.consent_text_publish(text="Nowa treść zgody.")
    first.refresh_from_db()
    assert second.version == first.version + 1
    assert first.text_pl.startswith("Wyrażam zgodę")


def test_the_answer_is_the_same_for_new_confirmed_and_suppressed_addresses(
    client, form_data, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="known@example.org")
    services.address_suppress(address="gone@example.org", reason=SuppressionReason.HARD_BOUNCE)
    answers = []
    for address in ("new@example.org", "known@example.org", "gone@example.org"):
        response = _post(
            client, {**form_data, "email": address}, django_capture_on_commit_callbacks
        )
        page = client.get(response["Location"])
        # Each page carries its own CSRF token; the rest must be byte for byte the same.
        content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page.content)
        answers.append((response.status_code, response["Location"], content))
    assert answers[0] == answers[1] == answers[2]


def test_a_confirmed_address_signing_up_again_keeps_its_subscription_and_gets_its_link(
    client, form_data, django_capture_on_commit_callbacks
):
    known = SubscriberFactory(email="known@example.org", language="pl")
    _post(client, {**form_data, "email": "KNOWN@example.org"}, django_capture_on_commit_callbacks)
    known.refresh_from_db()
    assert known.status == SubscriberStatus.CONFIRMED and known.language == "pl"
    assert [t.slug for t in known.topics.all()] == ["programme-news"]
    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 1 and "/newsletter/ustawienia/" in mail.outbox[0].body


def test_a_suppressed_address_is_sent_nothing_and_nothing_is_stored(
    client, form_data, django_capture_on_commit_callbacks
):
    services.address_suppress(address="gone@example.org", reason=SuppressionReason.COMPLAINT)
    _post(client, {**form_data, "email": "Gone@Example.org"}, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Subscriber.objects.exists()


def test_a_form_without_consent_or_topics_is_refused_and_stores_nothing(client, form_data):
    for missing in ("consent", "topics"):
        data = {key: value for key, value in form_data.items() if key != missing}
        response = client.post(FORM, data)
        assert response.status_code == 400
        assert f'id="id_{missing}' in response.content.decode()
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_opening_the_confirmation_link_changes_nothing(
    client, form_data, django_capture_on_commit_callbacks
):
    _post(client, form_data, django_capture_on_commit_callbacks)
    path = _confirm_path("Anna.Nowak@example.org")
    for _scanner in range(3):
        response = client.get(path)
        assert response.status_code == 200 and b'method="post"' in response.content
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert ConsentRecord.objects.get().confirmed_at is None


def test_the_deliberate_click_confirms_the_subscription_and_its_consent(
    client, form_data, django_capture_on_commit_callbacks
):
    _post(client, form_data, django_capture_on_commit_callbacks)
    response = client.post(_confirm_path("Anna.Nowak@example.org"))
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.CONFIRMED and subscriber.confirmed_at
    assert ConsentRecord.objects.get().confirmed_at == subscriber.confirmed_at


def test_an_expired_confirmation_link_is_answered_clearly_and_confirms_nothing(
    client, form_data, django_capture_on_commit_callbacks
):
    _post(client, form_data, django_capture_on_commit_callbacks)
    token = expired(CONFIRM_LINK, ConsentRecord.objects.get().pk)
    path = reverse("newsletter:confirm", args=[token])
    assert client.get(path).status_code == 410
    response = client.post(path)
    assert response.status_code == 410
    assert reverse("newsletter:signup") in response.content.decode()
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_a_tampered_confirmation_link_is_not_found_and_confirms_nothing(
    client, form_data, django_capture_on_commit_callbacks
):
    _post(client, form_data, django_capture_on_commit_callbacks)
    path = _confirm_path("Anna.Nowak@example.org")
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.post(tampered).status_code == 404
    other_kind = reverse(
        "newsletter:confirm",
        args=[services.PREFERENCES_LINK.token(ConsentRecord.objects.get().pk)],
    )
    assert client.post(other_kind).status_code == 404
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_a_used_confirmation_link_confirms_nothing_again(
    client, form_data, django_capture_on_commit_callbacks
):
    _post(client, form_data, django_capture_on_commit_callbacks)
    path = _confirm_path("Anna.Nowak@example.org")
    client.post(path)
    subscriber = Subscriber.objects.get()
    services.unsubscribe(subscriber=subscriber)
    response = client.post(path)
    assert response.context["result"] == "already"
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_an_older_link_is_superseded_by_a_newer_sign_up(
    client, form_data, django_capture_on_commit_callbacks, settings
):
    _post(client, form_data, django_capture_on_commit_callbacks)
    first = _confirm_path("Anna.Nowak@example.org")
    services.subscribe(
        email="anna.nowak@example.org",
        topics=[topic("events")],
        language="pl",
        consent_text=ConsentText.objects.get(),
        now=ConsentRecord.objects.get().given_at + CONFIRM_LINK.lifetime / 2,
    )
    assert ConsentRecord.objects.count() == 2
    client.post(first)
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING
