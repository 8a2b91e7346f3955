"""The organisation field is one widget wherever a public form asks for one (issue 10, item 5)."""

import pytest
from django.urls import reverse

from partnerstwa.activities.tests.factories import event
from partnerstwa.contests.tests.factories import edition

pytestmark = pytest.mark.django_db

SUGGESTIONS = 'hx-get="/wydarzenia/organizacje/"'


@pytest.mark.parametrize("page", ["registration", "application"])
def test_the_organisation_field_suggests_registry_names_from_the_one_suggestions_page(client, page):
    if page == "registration":
        url = reverse("activities:detail", args=[event().slug])
    else:
        url = reverse("contests:apply", args=[edition().slug])
    html = client.get(url).content.decode()
    assert reverse("activities:organisation_options") == "/wydarzenia/organizacje/"
    assert html.count(SUGGESTIONS) == 1
    assert html.count('list="organisation-options"') == 1
    assert html.count('<datalist id="organisation-options"></datalist>') == 1
    assert 'aria-describedby="id_organisation_helptext"' in html
