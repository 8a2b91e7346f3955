import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.links import cancel_token
from partnerstwa.activities.models import MailThrottle, Registration
from partnerstwa.activities.services import (
    MAIL_INTERVAL,
    AlreadyRegistered,
    event_update,
    registration_approve,
    registration_cancel,
)
from partnerstwa.activities.tests.factories import WARSAW, confirmation, event, register
from partnerstwa.partnerships.services import member_add
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.models import Person
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def states(event):
    return list(event.registrations.order_by("created_at", "pk").values_list("state", flat=True))


def test_registrations_beyond_capacity_go_to_the_waitlist():
    training = event(capacity=2)
    for number in range(4):
        register(training, number)
    assert states(training) == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_an_organisation_cannot_take_more_than_its_seats():
    training = event(capacity=10, seats_per_organisation=2)
    office = OrganisationFactory(name="Urząd Gminy")
    for number in range(3):
        register(training, number, organisation=office)
    register(training, 10, organisation_name="Fundacja Nowa")
    register(training, 11, organisation_name="fundacja  nowa".replace("  ", " "))
    register(training, 12, organisation_name="FUNDACJA NOWA")
    assert states(training) == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]


def test_a_freed_seat_goes_to_the_first_waitlisted_person_who_is_told_by_email(
    django_capture_on_commit_callbacks,
):
    training = event(capacity=1)
    first = register(training, 1)
    second = register(training, 2)
    register(training, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration_id=first.pk)
    second.refresh_from_db()
    assert second.state == "confirmed"
    assert states(training) == ["cancelled", "confirmed", "waitlisted"]
    recipients = [message.to[0] for message in mail.outbox]
    assert recipients == [first.email, second.email]
    assert "zwolniło się miejsce" in mail.outbox[1].body


def test_the_waitlist_passes_over_someone_whose_organisation_has_no_seat_left():
    training = event(capacity=2, seats_per_organisation=1)
    office = OrganisationFactory()
    holder = register(training, 1, organisation=office)
    register(training, 2)
    same_office = register(training, 3, organisation=office)
    other = register(training, 4)
    registration_cancel(registration_id=Registration.objects.get(last_name="Nowak2").pk)
    same_office.refresh_from_db()
    other.refresh_from_db()
    assert (same_office.state, other.state) == ("waitlisted", "confirmed")
    registration_cancel(registration_id=holder.pk)
    same_office.refresh_from_db()
    assert same_office.state == "confirmed"


def test_raising_the_capacity_promotes_the_waitlist():
    training = event(capacity=1)
    register(training, 1)
    register(training, 2)
    event_update(event=training, capacity=2)
    assert states(training) == ["confirmed", "confirmed"]


def test_approval_mode_holds_the_seat_until_staff_approve(django_capture_on_commit_callbacks):
    training = event(capacity=1, requires_approval=True)
    pending = register(training, 1)
    waiting = register(training, 2)
    assert (pending.state, waiting.state) == ("pending", "waitlisted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_approve(registration_id=pending.pk)
    pending.refresh_from_db()
    assert pending.state == "confirmed"
    assert mail.outbox[0].to == [pending.email]
    with pytest.raises(ValidationError):
        registration_approve(registration_id=waiting.pk)


def test_registration_outside_its_window_or_for_a_draft_is_refused():
    now = timezone.now()
    closed = event(
        registration_closes_at=now - datetime.timedelta(hours=1),
        registration_opens_at=now - datetime.timedelta(days=3),
    )
    later = event(registration_opens_at=now + datetime.timedelta(days=1))
    draft = event(status="draft")
    invitation = event(audience="invitation")
    for refused in (closed, later, draft, invitation):
        with pytest.raises(ValidationError):
            register(refused, 1)
    assert not Registration.objects.exists()


def test_an_event_for_partnership_members_needs_a_member_organisation():
    training = event(audience="members")
    with pytest.raises(ValidationError):
        register(training, 1, organisation=OrganisationFactory())
    member = gmina_organisation("0201011")
    member_add(partnership=PartnershipFactory(), organisation=member)
    assert register(training, 2, organisation=member).state == "confirmed"


def test_one_active_registration_per_person_and_event():
    training = event()
    register(training, 1)
    with pytest.raises(AlreadyRegistered):
        register(training, 1, email=" ANNA.NOWAK1@example.org ")
    first = Registration.objects.get()
    registration_cancel(registration_id=first.pk)
    assert register(training, 1).state == "confirmed"


def test_a_public_form_never_overwrites_what_the_registry_knows_about_a_person():
    known = PersonFactory(first_name="Zofia", last_name="Kowalska", email="zofia@example.org")
    training = event()
    registration = register(
        training, first_name="Ktoś", last_name="Inny", email="Zofia@Example.org"
    )
    known.refresh_from_db()
    assert registration.person == known
    assert (known.first_name, known.last_name) == ("Zofia", "Kowalska")
    assert Person.objects.count() == 1


def test_the_confirmation_goes_out_in_the_chosen_language(django_capture_on_commit_callbacks):
    training = event(title="Warsztaty")
    with django_capture_on_commit_callbacks(execute=True):
        register(training, 1, language="en")
        register(training, 2, language="pl")
    english, polish = mail.outbox
    assert english.subject.startswith("Registration confirmed") and "Hello," in english.body
    assert polish.subject.startswith("Zgłoszenie potwierdzone")
    assert "Dzień dobry" in polish.body
    assert "grudnia" not in english.body and "December" not in polish.body
    assert "/wydarzenia/rezygnacja/" in english.body


def test_cancellation_by_the_signed_link(client, django_capture_on_commit_callbacks):
    training = event(capacity=1)
    first = register(training, 1)
    second = register(training, 2)
    url = reverse("activities:cancel", args=[cancel_token(first)])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("cancelled", "confirmed")


def test_a_forged_or_altered_cancellation_link_is_refused(client):
    training = event()
    registration = register(training, 1)
    token = cancel_token(registration)
    for bad in [token[:-2] + "xx", "1", f"{registration.pk}"]:
        assert client.post(reverse("activities:cancel", args=[bad])).status_code == 404
    registration.refresh_from_db()
    assert registration.state == "confirmed"


def test_raising_the_capacity_in_the_back_office_promotes_the_waitlist(admin_client):
    training = event(capacity=1)
    register(training, 1)
    waiting = register(training, 2)
    change = admin_client.get(f"/admin/activities/event/{training.pk}/change/")
    form = change.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update(
        {
            "capacity": "2",
            "starts_at_0": training.starts_at.astimezone(WARSAW).strftime("%Y-%m-%d"),
            "starts_at_1": training.starts_at.astimezone(WARSAW).strftime("%H:%M:%S"),
            "ends_at_0": training.ends_at.astimezone(WARSAW).strftime("%Y-%m-%d"),
            "ends_at_1": training.ends_at.astimezone(WARSAW).strftime("%H:%M:%S"),
            "venue_unit": "",
            "series": "",
        }
    )
    for formset in change.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for inline_form in formset.formset.forms:
            data[inline_form.add_prefix("id")] = inline_form.instance.pk
            data[inline_form.add_prefix("event")] = training.pk
            for field in inline_form.fields:
                value = inline_form.initial.get(field)
                if value is None:
                    continue
                if hasattr(value, "astimezone"):
                    local = value.astimezone(WARSAW)
                    data[inline_form.add_prefix(field) + "_0"] = local.strftime("%Y-%m-%d")
                    data[inline_form.add_prefix(field) + "_1"] = local.strftime("%H:%M:%S")
                else:
                    data[inline_form.add_prefix(field)] = getattr(value, "pk", value)
    for key in [
        k
        for k in data
        if k in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
    ]:
        data.pop(key)
    response = admin_client.post(f"/admin/activities/event/{training.pk}/change/", data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == "confirmed"
    training.refresh_from_db()
    assert training.sequence == 1


def test_the_online_link_goes_only_to_confirmed_participants(django_capture_on_commit_callbacks):
    webinar = event(kind="webinar", capacity=1, online_url="https://meet.example.pl/pokoj")
    with django_capture_on_commit_callbacks(execute=True):
        register(webinar, 1)
        register(webinar, 2)
    confirmed, waitlisted = mail.outbox
    assert "meet.example.pl/pokoj" in confirmed.body
    assert "meet.example.pl/pokoj" not in waitlisted.body


def test_registering_twice_reveals_nothing_on_the_page_and_reminds_the_owner(
    client, django_capture_on_commit_callbacks
):
    training = event(title="Warsztat")
    url = reverse("activities:register", args=[training.slug])
    data = {
        "first_name": "Anna",
        "last_name": "Nowak",
        "email": "anna@example.org",
        "language": "pl",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data, follow=True)
    confirm = re.search(r"/wydarzenia/potwierdzenie/\S+/", mail.outbox[0].body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm, confirmation(client.get(confirm).context["pending"]), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, {**data, "email": "ANNA@example.org"}, follow=True)
    assert first.redirect_chain == second.redirect_chain
    first_message = [str(m) for m in first.context["messages"]]
    second_message = [str(m) for m in second.context["messages"]]
    assert first_message == second_message
    assert Registration.objects.count() == 1
    # Within the hour the form mails the address nothing more about this event; after it, the
    # owner is reminded of the registration they hold.
    assert [m.subject for m in mail.outbox] == [
        "Zgłoszenie do potwierdzenia: Warsztat",
        "Zgłoszenie potwierdzone: Warsztat",
    ]
    MailThrottle.objects.update(mailed_at=timezone.now() - MAIL_INTERVAL)
    with django_capture_on_commit_callbacks(execute=True):
        third = client.post(url, {**data, "email": "ANNA@example.org"}, follow=True)
    assert [str(m) for m in third.context["messages"]] == first_message
    assert Registration.objects.count() == 1
    assert [m.subject for m in mail.outbox][2:] == ["Ten adres jest już zgłoszony: Warsztat"]
