"""The home's blocks are kept fragments (content.blocks.KeptBlock, READ_CACHE as in
production): each shows a change to the records it reads on the next request, keeps apart
blocks with other choices, and is kept only until such a change."""

import datetime

import pytest
from wagtail.rich_text import RichText

from partnerstwa.activities.tests.factories import event
from partnerstwa.content import blocks
from partnerstwa.content.tests.factories import home, news
from partnerstwa.lib import freshness
from partnerstwa.portal.tests import sample_site
from partnerstwa.programme.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_as_in_production(kept):
    yield
    freshness.forget()


@pytest.fixture
def compose(commit):
    """Publish the home with the given blocks, committed: what a page keeps is not held back by
    a write waiting for its commit."""

    def composed(*body):
        def publish():
            page = home()
            page.body = list(body)
            page.save_revision().publish()

        commit(publish)

    return composed


def test_a_new_event_shows_in_the_kept_events_block_at_once(
    client, compose, django_capture_on_commit_callbacks
):
    compose(("events", {"count": 3}))
    assert "Nowe szkolenie z budżetu" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        event(title="Nowe szkolenie z budżetu", slug="nowe-szkolenie-z-budzetu")
    assert "Nowe szkolenie z budżetu" in client.get("/").content.decode()


def test_a_new_news_item_shows_in_the_kept_news_block_at_once(
    client, compose, django_capture_on_commit_callbacks
):
    compose(("news", {"count": 3}))
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        news(title="Forum gmin w Poznaniu", slug="forum-gmin")
    assert 'href="/aktualnosci/forum-gmin/"' in client.get("/").content.decode()


def test_a_change_to_the_programme_shows_in_the_kept_programme_block_at_once(
    client, commit, compose, django_capture_on_commit_callbacks
):
    commit(sample_site.build)
    compose(("programme", None))
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        Programme.objects.update(operator="Stowarzyszenie Gmin Doliny Warty")
    assert "Stowarzyszenie Gmin Doliny Warty" in client.get("/").content.decode()


def test_two_results_blocks_with_other_days_are_kept_apart(client, commit, compose):
    commit(sample_site.build)
    compose(
        ("results", {"as_of": datetime.date(2015, 3, 1)}),
        ("results", {"as_of": datetime.date(2016, 4, 30)}),
    )
    for _ in range(2):
        content = client.get("/").content.decode()
        assert "stan na 1 marca 2015" in content and "stan na 30 kwietnia 2016" in content


def test_a_kept_story_block_is_made_once_until_the_pages_change(
    client, compose, django_capture_on_commit_callbacks, monkeypatch
):
    compose(("story", {"heading": "Nasza historia", "text": RichText("<p>Gminy razem.</p>")}))
    made = []
    render = blocks.blocks.StructBlock.render

    def counted(self, value, context=None):
        made.append(type(self).__name__)
        return render(self, value, context)

    monkeypatch.setattr(blocks.blocks.StructBlock, "render", counted)
    client.get("/")
    client.get("/")
    assert made.count("StoryBlock") == 1
    with django_capture_on_commit_callbacks(execute=True):
        news(title="Inna strona", slug="inna-strona")
    assert "<h2>Nasza historia</h2>" in client.get("/").content.decode()
    assert made.count("StoryBlock") == 2
