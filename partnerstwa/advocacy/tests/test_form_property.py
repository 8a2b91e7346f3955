import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerstwa.advocacy.models import BarrierReport
from partnerstwa.advocacy.tests.factories import AreaOfLawFactory
from partnerstwa.registry.tests.factories import OrganisationFactory

FORM = reverse("advocacy:report")


@pytest.fixture
def base(db, settings):
    settings.REGISTRATION_RATE = "1000/h"  # the limit has its own test
    return {
        "reporter_kind": "organisation",
        "organisation": OrganisationFactory(name="Gmina Brwinów").name,
        "area": AreaOfLawFactory().pk,
        "contact_name": "Anna Nowak",
        "language": "pl",
        "consent": "on",
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=st.text(max_size=80),
    description=st.text(max_size=200),
    legal_acts=st.one_of(
        st.text(max_size=80),
        st.sampled_from(["Dz.U. 2016 poz. 446", "Dz.U. 2001 poz. 1", "Dz.U. 2016 nr 1 poz. 1"]),
    ),
    email=st.one_of(st.emails(), st.text(max_size=40)),
)
def test_any_input_is_taken_or_refused_never_a_server_error_and_a_refusal_keeps_nothing(
    client, base, title, description, legal_acts, email
):
    before = BarrierReport.objects.count()
    response = client.post(
        FORM,
        {
            **base,
            "title": title,
            "description": description,
            "legal_acts": legal_acts,
            "contact_email": email,
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code != 302:
        assert BarrierReport.objects.count() == before
