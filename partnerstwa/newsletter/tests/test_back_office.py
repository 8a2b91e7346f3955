"""The back office and the CMS open every newsletter page for a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerstwa.newsletter.models import ConsentText, Subscriber, SuppressedAddress, Topic
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign


def test_the_admin_pages_of_the_newsletter_open(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    subscriber = SubscriberFactory()
    for model in (Topic, ConsentText, Subscriber, SuppressedAddress):
        name = model._meta.model_name
        assert client.get(reverse(f"admin:newsletter_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:newsletter_{name}_add")).status_code == 200
    page = client.get(reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]))
    assert page.status_code == 200


def test_a_consent_wording_added_in_the_admin_is_a_new_version(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    first = ConsentText.objects.get()
    response = client.post(
        reverse("admin:newsletter_consenttext_add"),
        {"text_pl": "Nowa zgoda.", "text_en": "New consent."},
    )
    assert response.status_code == 302
    assert list(ConsentText.objects.values_list("version", flat=True)) == [
        first.version + 1,
        first.version,
    ]
    change = client.get(reverse("admin:newsletter_consenttext_change", args=[first.pk]))
    assert b'name="text_pl"' not in change.content  # a wording once shown is read only


def test_campaigns_are_written_and_previewed_in_both_languages_in_the_cms(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    record = campaign()
    listing = client.get(reverse("wagtailsnippets_newsletter_campaign:list"))
    assert listing.status_code == 200 and record.subject_pl in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_newsletter_campaign:edit", args=[record.pk]))
    assert edit.status_code == 200
    for language, words in (("pl", "Zapraszamy"), ("en", "Join our")):
        preview = client.get(
            reverse("newsletter:staff_preview", args=[record.pk, language])
        ).content.decode()
        assert words in preview


@pytest.mark.parametrize("status", ["sending", "finished"])
def test_a_campaign_being_sent_or_sent_cannot_be_changed_in_the_cms(client, db, status):
    from partnerstwa.newsletter.models import Campaign

    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    record = campaign()
    Campaign.objects.filter(pk=record.pk).update(status=status)
    response = client.post(
        reverse("wagtailsnippets_newsletter_campaign:edit", args=[record.pk]),
        {
            "subject_pl": "Zmieniony temat",
            "body_pl": '{"blocks": [], "entityMap": {}}',
            "subject_en": "",
            "body_en": '{"blocks": [], "entityMap": {}}',
            "language": "",
        },
    )
    assert response.status_code == 200
    assert "nie można już jej zmienić" in response.content.decode()
    assert Campaign.objects.get(pk=record.pk).subject_pl == "Nowości programu"


def test_a_draft_campaign_can_still_be_changed(db):
    record = campaign()
    record.subject_pl = "Zmieniony temat"
    record.full_clean()  # no error


def test_the_cms_campaign_form_narrows_the_segment_to_events_and_partnerships(client, db):
    from partnerstwa.activities.tests.factories import event
    from partnerstwa.newsletter.models import Campaign
    from partnerstwa.partnerships.tests.factories import PartnershipFactory

    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    record = campaign()
    workshop, partnership = event(), PartnershipFactory()
    edit = reverse("wagtailsnippets_newsletter_campaign:edit", args=[record.pk])
    form = client.get(edit).content.decode()
    assert 'name="events"' in form and 'name="partnerships"' in form
    response = client.post(
        edit,
        {
            "subject_pl": "Nowości programu",
            "body_pl": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Treść", '
            '"depth": 0, "inlineStyleRanges": [], "entityRanges": [], "data": {}}], '
            '"entityMap": {}}',
            "subject_en": "",
            "body_en": '{"blocks": [], "entityMap": {}}',
            "language": "",
            "events": [workshop.pk],
            "partnerships": [partnership.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    saved = Campaign.objects.get(pk=record.pk)
    assert list(saved.events.all()) == [workshop]
    assert list(saved.partnerships.all()) == [partnership]
    page = client.get(reverse("newsletter:staff_campaign", args=[record.pk])).content.decode()
    assert workshop.title in page and partnership.name in page
