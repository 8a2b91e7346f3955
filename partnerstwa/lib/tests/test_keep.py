"""{% keep %}: a template fragment made once per change of the apps it shows, per language and
per the values it names, never kept when it holds a CSRF token or was read by a transaction
that wrote to its apps."""

import pytest
from django.db import transaction
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.utils import translation

from partnerstwa.lib import freshness
from partnerstwa.library.models import DocumentCategory

pytestmark = pytest.mark.django_db

ENGINE = Engine(libraries={"keep": "partnerstwa.lib.templatetags.keep"})


@pytest.fixture(autouse=True)
def _always_read(settings):
    settings.READ_CACHE = True
    settings.FRESHNESS_SECONDS = 0
    freshness.forget()
    yield
    freshness.forget()


class Counter:
    """A value whose every rendering is counted: how many times the fragment was made."""

    def __init__(self) -> None:
        self.made = 0

    def __str__(self) -> str:
        self.made += 1
        return f"made {self.made}"


def _template(body: str) -> Template:
    return ENGINE.from_string("{% load keep %}" + body)


def test_a_fragment_is_made_once_until_an_app_it_shows_changes(
    django_capture_on_commit_callbacks,
):
    template = _template('{% keep "t1" "library" %}{{ counter }}{% endkeep %}')
    counter = Counter()
    assert template.render(Context({"counter": counter})) == "made 1"
    assert template.render(Context({"counter": counter})) == "made 1"
    with django_capture_on_commit_callbacks(execute=True):
        DocumentCategory.objects.create(name="Nowa", slug="nowa-keep")
    assert template.render(Context({"counter": counter})) == "made 2"


def test_a_change_to_an_app_the_fragment_does_not_show_keeps_it(
    django_capture_on_commit_callbacks,
):
    template = _template('{% keep "t2" "partnerships" %}{{ counter }}{% endkeep %}')
    counter = Counter()
    template.render(Context({"counter": counter}))
    with django_capture_on_commit_callbacks(execute=True):
        DocumentCategory.objects.create(name="Nowa", slug="nowa-keep-2")
    assert template.render(Context({"counter": counter})) == "made 1"


def test_a_fragment_is_kept_apart_per_language_and_per_named_value():
    template = _template('{% keep "t3" "" choice %}{{ counter }}:{{ choice }}{% endkeep %}')
    counter = Counter()

    def render(language: str, choice: str) -> str:
        with translation.override(language):
            return template.render(Context({"counter": counter, "choice": choice}))

    assert render("pl", "a") == "made 1:a"
    assert render("en", "a") == "made 2:a"
    assert render("pl", "b") == "made 3:b"
    assert (render("pl", "a"), render("en", "a"), render("pl", "b")) == (
        "made 1:a",
        "made 2:a",
        "made 3:b",
    )


def test_two_fragments_with_other_names_are_kept_apart():
    template = _template(
        '{% keep "t4a" "" %}A{{ counter }}{% endkeep %}{% keep "t4b" "" %}B{{ counter }}'
        "{% endkeep %}"
    )
    counter = Counter()
    assert template.render(Context({"counter": counter})) == "Amade 1Bmade 2"
    assert template.render(Context({"counter": counter})) == "Amade 1Bmade 2"


def test_a_fragment_holding_a_csrf_token_is_never_kept():
    template = _template(
        '{% keep "t5" "" %}<input name="csrfmiddlewaretoken" value="{{ counter }}">{% endkeep %}'
    )
    counter = Counter()
    assert "made 1" in template.render(Context({"counter": counter}))
    assert "made 2" in template.render(Context({"counter": counter}))


def test_a_transaction_that_wrote_to_the_fragments_apps_keeps_nothing_it_rendered():
    template = _template('{% keep "t6" "library" %}{{ counter }}{% endkeep %}')
    counter = Counter()
    with transaction.atomic():
        DocumentCategory.objects.create(name="Niezatwierdzona", slug="niezatwierdzona-keep")
        assert template.render(Context({"counter": counter})) == "made 1"
        transaction.set_rollback(True)
    assert template.render(Context({"counter": counter})) == "made 2"


def test_nothing_is_kept_with_read_cache_off(settings):
    settings.READ_CACHE = False
    template = _template('{% keep "t7" "" %}{{ counter }}{% endkeep %}')
    counter = Counter()
    template.render(Context({"counter": counter}))
    assert template.render(Context({"counter": counter})) == "made 2"


def test_forget_drops_every_kept_fragment():
    template = _template('{% keep "t8" "" %}{{ counter }}{% endkeep %}')
    counter = Counter()
    template.render(Context({"counter": counter}))
    freshness.forget()
    assert template.render(Context({"counter": counter})) == "made 2"


@pytest.mark.parametrize(
    "body",
    [
        '{% keep "x" "not_an_app" %}{% endkeep %}',
        "{% keep x library %}{% endkeep %}",
        '{% keep "x" %}{% endkeep %}',
    ],
    ids=["unknown app", "unquoted", "no apps"],
)
def test_keep_refuses_a_fragment_without_a_quoted_name_and_watched_apps(body):
    with pytest.raises(TemplateSyntaxError):
        _template(body)
