"""The languages a person may pick come from settings.LANGUAGES (issue 10, item 5)."""

from django.test import override_settings
from django.utils import translation

from partnerstwa.activities.forms import RegistrationForm
from partnerstwa.contests.forms import ApplicationForm
from partnerstwa.lib.forms import language_choices


def test_each_language_is_named_in_itself_whatever_the_page_language():
    for page_language in ("pl", "en"):
        with translation.override(page_language):
            assert language_choices() == [("pl", "polski"), ("en", "English")]


@override_settings(LANGUAGES=[("pl", "Polish"), ("en", "English"), ("uk", "Ukrainian")])
def test_a_language_added_to_the_settings_is_offered_by_both_public_forms():
    offered = [("pl", "polski"), ("en", "English"), ("uk", "Українська")]
    assert list(RegistrationForm.base_fields["language"].choices) == offered
    assert list(ApplicationForm.base_fields["language"].choices) == offered
