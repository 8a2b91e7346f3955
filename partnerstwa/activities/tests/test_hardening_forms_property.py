"""Issue 9, acceptance: random text, numbers and dates typed into any public activities form, or
the staff check-in search, never give a 500 or an unhandled exception, and a rejected input
changes no row."""

import datetime
import urllib.parse
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from partnerstwa.activities.links import cancel_token, confirm_token, evaluation_token
from partnerstwa.activities.models import (
    Attendance,
    Certificate,
    EvaluationAnswer,
    EvaluationResponse,
    MailThrottle,
    Registration,
    RegistrationRequest,
)
from partnerstwa.activities.services import certificates_issue_for_event, registration_request
from partnerstwa.activities.tests.factories import confirmation, event, register
from partnerstwa.lib.tests.hostile import FAST
from partnerstwa.registry.models import Person
from partnerstwa.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MODELS = [
    Registration,
    RegistrationRequest,
    MailThrottle,
    Person,
    EvaluationResponse,
    EvaluationAnswer,
    Attendance,
    Certificate,
]
# Anything a person (or a script) might type: any text, numbers, dates in any form.
typed = st.one_of(
    st.text(max_size=300),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates(min_value=datetime.date(1, 1, 1)).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e3", "٣", "²", "=1+1", "\r\n", "a\x00b", "x" * 30_000]),
)


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def path_part(text: str) -> str:
    return urllib.parse.quote(text, safe="") or "x"


@pytest.fixture
def open_event(settings):
    settings.REGISTRATION_RATE = "1000000/h"
    return event(capacity=5)


REGISTRATION_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "position",
    "accessibility_needs",
    "language",
    "consent",
]
# One or more fields of a valid form changed to anything typed, or left out (None).
perturbations = st.dictionaries(
    st.sampled_from(REGISTRATION_FIELDS), st.one_of(st.none(), typed), min_size=1, max_size=3
)


def valid_registration(email: str) -> dict[str, str]:
    return {
        "first_name": "Anna",
        "last_name": "Nowak",
        "email": email,
        "phone": "+48 600 100 200",
        "organisation": "Fundacja Przykład",
        "position": "koordynatorka",
        "accessibility_needs": "",
        "language": "pl",
        "consent": "on",
    }


def test_the_registration_form_survives_any_input_and_a_refusal_writes_nothing(client, open_event):
    """Starting from a valid form, one to three fields are changed or left out: an accepted
    form waits for its owner's confirmation (one request, no seat), a refused one writes
    nothing. Both outcomes must occur, or the test has not reached the service."""
    outcomes = {302: 0, 400: 0}

    @FAST
    @example(changes={"phone": "600 100 200"}, mailbox=uuid.UUID(int=1))
    @example(changes={"email": "anna(at)example.org"}, mailbox=uuid.UUID(int=2))
    @given(changes=perturbations, mailbox=st.uuids())
    def post(changes, mailbox):
        fields = valid_registration(f"{mailbox.hex}@example.org")
        for field, value in changes.items():
            if value is None:
                del fields[field]
            else:
                fields[field] = value
        before = rows()
        response = client.post(reverse("activities:register", args=[open_event.slug]), fields)
        after = rows()
        assert response.status_code in outcomes
        outcomes[response.status_code] += 1
        if response.status_code == 400:
            assert after == before
        else:
            # A new address and a new request: no seat, no person, one request to confirm.
            assert after["Registration"] == before["Registration"]
            assert after["Person"] == before["Person"]
            assert after["RegistrationRequest"] - before["RegistrationRequest"] in (0, 1)
            new = RegistrationRequest.objects.filter(email__iexact=fields["email"].strip())
            assert new.exists()

    post()
    assert outcomes[302] > 0 and outcomes[400] > 0, outcomes


CONFIRMATION_FIELDS = [field for field in REGISTRATION_FIELDS if field != "email"]


def test_the_confirmation_form_survives_any_input_and_a_refusal_writes_nothing(client, open_event):
    """Finding 3 (outside review): the confirmation page is a form the address's owner edits.
    Starting from the details prefilled from the request, one to three fields are changed or
    left out: an accepted form makes one registration with the details sent, a refused one
    writes nothing. Both outcomes must occur."""
    outcomes = {302: 0, 400: 0}

    @FAST
    @example(changes={"first_name": "Zofia"})
    @example(changes={"last_name": "a\x00b"})
    @given(
        changes=st.dictionaries(
            st.sampled_from(CONFIRMATION_FIELDS),
            st.one_of(st.none(), typed),
            min_size=1,
            max_size=3,
        )
    )
    def post(changes):
        email = f"{uuid.uuid4().hex}@example.org"
        registration_request(
            event_id=open_event.pk,
            first_name="Jan",
            last_name="Kowalski",
            email=email,
            consent_text="Zgoda",
        )
        pending = RegistrationRequest.objects.latest("pk")
        fields = confirmation(pending)
        for field, value in changes.items():
            if value is None:
                del fields[field]
            else:
                fields[field] = value
        before = rows()
        response = client.post(reverse("activities:confirm", args=[confirm_token(pending)]), fields)
        assert response.status_code in outcomes
        outcomes[response.status_code] += 1
        if response.status_code == 400:
            assert rows() == before
        else:
            registration = Registration.objects.get(email=email)
            assert registration.first_name == fields["first_name"].strip()
            assert registration.last_name == fields["last_name"].strip()

    post()
    assert outcomes[302] > 0 and outcomes[400] > 0, outcomes


def test_the_evaluation_form_survives_any_input_and_a_refusal_writes_nothing(client):
    """Starting from valid ratings, some answers (and the comment) are changed to anything
    typed: an accepted evaluation is one response with an answer per question, a refused one
    writes nothing. Both outcomes must occur."""
    now = timezone.now()
    past = event(starts_at=now - datetime.timedelta(days=2))
    questions = list(past.questions.values_list("pk", flat=True))
    outcomes = {302: 0, 400: 0}

    @FAST
    @example(ratings=[5, 4, 3, 2], changes={}, comment="Dziękuję")
    @example(ratings=[5, 4, 3, 2], changes={0: "6"}, comment="")
    @given(
        ratings=st.lists(
            st.integers(min_value=1, max_value=5),
            min_size=len(questions),
            max_size=len(questions),
        ),
        changes=st.dictionaries(
            st.integers(min_value=0, max_value=len(questions) - 1), typed, max_size=2
        ),
        comment=typed,
    )
    def post(ratings, changes, comment):
        person = PersonFactory(email=f"{uuid.uuid4().hex}@example.org")
        registration = Registration.objects.create(
            event=past,
            person=person,
            first_name="Anna",
            last_name="Nowak",
            email=person.email,
            state="confirmed",
            consent_text="Zgoda",
            consent_given_at=now,
            evaluation_sent_at=now,
        )
        data = {f"q{pk}": str(rating) for pk, rating in zip(questions, ratings, strict=True)}
        for index, value in changes.items():
            data[f"q{questions[index]}"] = value
        data["comment"] = comment
        url = reverse("activities:evaluation", args=[evaluation_token(registration)])
        before = rows()
        response = client.post(url, data)
        assert response.status_code in outcomes
        outcomes[response.status_code] += 1
        if response.status_code == 400:
            assert rows() == before
        else:
            assert EvaluationResponse.objects.get(registration=registration).answers.count() == (
                len(questions)
            )

    post()
    assert outcomes[302] > 0 and outcomes[400] > 0, outcomes


@FAST
@given(token=typed, extra=typed)
def test_cancel_and_confirm_links_survive_any_token_and_change_nothing(client, token, extra):
    training = event()
    registration = register(training, 1, email=f"{uuid.uuid4().hex}@example.org")
    before = rows()
    for name in ("cancel", "confirm"):
        url = reverse(f"activities:{name}", args=[path_part(token)])
        for response in (client.get(url), client.post(url, {"x": extra})):
            assert response.status_code in (400, 404, 410), (name, response.status_code)
    assert rows() == before
    # A genuine link with odd form data still does only what its button says.
    response = client.post(
        reverse("activities:cancel", args=[cancel_token(registration)]), {"x": extra}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == "cancelled"


@FAST
@given(extra=typed)
def test_a_genuine_confirmation_link_with_odd_form_data_confirms_once(client, open_event, extra):
    registration_request(
        event_id=open_event.pk,
        first_name="Jan",
        last_name="Kowalski",
        email=f"{uuid.uuid4().hex}@example.org",
        consent_text="Zgoda",
    )
    pending = RegistrationRequest.objects.latest("pk")
    url = reverse("activities:confirm", args=[confirm_token(pending)])
    assert client.post(url, {**confirmation(pending), "x": extra}).status_code == 302
    before = rows()
    again = client.post(url, {**confirmation(pending), "x": extra})
    assert again.status_code == 200
    assert "To zgłoszenie zostało już potwierdzone." in again.content.decode()
    assert rows() == before


@FAST
@given(code=typed, name=typed)
def test_certificate_verification_survives_any_code_and_name(client, code, name):
    if not Certificate.objects.exists():
        training = event()
        registration = register(training, 1)
        Attendance.objects.create(
            session=training.sessions.get(), person=registration.person, method="check_in"
        )
        certificates_issue_for_event(event=training)
    before = rows()
    for candidate in (code, Certificate.objects.get().code.lower() + code):
        url = reverse("activities:certificate_verify", args=[path_part(candidate)])
        assert client.get(url, {"nazwisko": name}).status_code in (200, 400, 404)
    assert rows() == before


@FAST
@given(
    query=st.dictionaries(
        st.sampled_from(["rodzaj", "wojewodztwo", "kiedy", "page", "organisation", "q"]),
        typed,
        max_size=5,
    ),
    year=st.integers(min_value=0, max_value=10**12),
    month=st.integers(min_value=0, max_value=10**6),
)
def test_event_lists_calendars_and_suggestions_survive_any_query(
    client, open_event, query, year, month
):
    before = rows()
    for url in [
        reverse("activities:list"),
        reverse("activities:feed"),
        reverse("activities:organisation_options"),
        f"/wydarzenia/kalendarz/{year}/{month}/",
    ]:
        assert client.get(url, query).status_code in (200, 400, 404), url
    assert rows() == before


@FAST
@given(query=typed, person=typed)
def test_the_staff_check_in_search_survives_any_input(client, query, person):
    staff = get_user_model().objects.filter(username="biuro").first()
    if staff is None:
        staff = get_user_model().objects.create_superuser("biuro", "biuro@example.org", "x")
        training = event(slug="sprawdzanie")
        register(training, 1)
    client.force_login(staff)
    url = reverse("activities:staff_checkin", args=["sprawdzanie", 1])
    assert client.get(url, {"q": query}).status_code in (200, 400)
    before = rows()
    response = client.post(url, {"person": person, "q": query})
    assert response.status_code in (302, 400, 404)
    if response.status_code != 302:
        assert rows() == before
