"""lib.freshness: every write to a watched app's tables bumps its version once its transaction
commits (save, bulk writes, QuerySet.update), and nothing else does."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from partnerstwa.lib import freshness
from partnerstwa.lib.models import DataVersion
from partnerstwa.library.models import DocumentCategory, LibraryDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _always_read(settings):
    settings.FRESHNESS_SECONDS = 0
    freshness.forget()


def _library() -> int:
    return freshness.versions().get("library", 0)


def test_a_saved_record_bumps_its_apps_version_on_commit(django_capture_on_commit_callbacks):
    before = _library()
    with django_capture_on_commit_callbacks(execute=True):
        DocumentCategory.objects.create(name="Raporty", slug="raporty-x")
        assert _library() == before  # not before the commit
    assert _library() == before + 1


def test_bulk_writes_and_queryset_updates_bump_too(django_capture_on_commit_callbacks):
    before = _library()
    with django_capture_on_commit_callbacks(execute=True):
        DocumentCategory.objects.bulk_create([DocumentCategory(name="A", slug="a-x")])
    with django_capture_on_commit_callbacks(execute=True):
        DocumentCategory.objects.filter(slug="a-x").update(position=3)
    with django_capture_on_commit_callbacks(execute=True):
        DocumentCategory.objects.filter(slug="a-x").delete()
    assert _library() == before + 3


def test_many_writes_in_one_transaction_bump_once(django_capture_on_commit_callbacks):
    before = _library()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for number in range(5):
            DocumentCategory.objects.create(name=f"K{number}", slug=f"k{number}-x")
    assert len(callbacks) == 1
    assert _library() == before + 1


def test_a_rolled_back_write_bumps_nothing(django_capture_on_commit_callbacks):
    before = _library()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            DocumentCategory.objects.create(name="Cofnięta", slug="cofnieta-x")
            raise RuntimeError
        # A later write in the same test transaction still registers its own bump.
        DocumentCategory.objects.create(name="Zapisana", slug="zapisana-x")
    assert len(callbacks) == 1
    assert _library() == before + 1


@pytest.mark.django_db(transaction=True)
def test_an_apps_first_write_outside_a_transaction_is_kept_and_bumps_its_version():
    # Outside a transaction the bump runs inside the write's own statement: on SQLite an
    # INSERT … RETURNING is still in progress until its row is fetched. The app's first bump
    # creating its version row in a transaction of its own failed to commit there, and its
    # rollback took the written row with it (an editor's first uploaded image vanished).
    DataVersion.objects.filter(scope="library").delete()
    category = DocumentCategory.objects.create(name="Pierwsza", slug="pierwsza-x")
    assert DocumentCategory.objects.filter(pk=category.pk).exists()
    assert DataVersion.objects.get(scope="library").version == 1
    second = DocumentCategory.objects.create(name="Druga", slug="druga-x")
    assert DocumentCategory.objects.filter(pk=second.pk).exists()
    assert DataVersion.objects.get(scope="library").version == 2


def test_quiet_writes_and_unwatched_tables_bump_nothing(django_capture_on_commit_callbacks):
    before = dict(freshness.versions())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with freshness.quiet():
            LibraryDocument.objects.filter(pk=0).update(download_count=1)
        User.objects.create_user("ktos", "k@example.org", "x")
    assert callbacks == []
    assert freshness.versions() == before


def test_versions_are_read_again_only_after_freshness_seconds(
    settings, django_capture_on_commit_callbacks
):
    settings.FRESHNESS_SECONDS = 3600
    kept = freshness.fingerprint(["library"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        DocumentCategory.objects.create(name="Nowa", slug="nowa-x")
    # Another process's change: this one keeps its copy until it is FRESHNESS_SECONDS old.
    DataVersion.objects.update_or_create(
        scope="library", defaults={"version": 999, "changed_at": timezone.now()}
    )
    assert freshness.fingerprint(["library"]) == kept
    settings.FRESHNESS_SECONDS = 0
    assert freshness.fingerprint(["library"]) == "999"
    assert len(callbacks) == 1


def test_pending_says_whether_this_transaction_wrote_to_the_apps(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert not freshness.pending(["library"])
        DocumentCategory.objects.create(name="Czekająca", slug="czekajaca-x")
        assert freshness.pending(["library"])
        assert not freshness.pending(["registry"])
    assert not freshness.pending(["library"])


def _counted_categories(calls: list):
    @freshness.kept("library")
    def categories() -> list[str]:
        calls.append(1)
        return list(DocumentCategory.objects.values_list("slug", flat=True))

    return categories


def test_a_kept_read_is_made_once_until_its_app_changes(
    settings, django_capture_on_commit_callbacks
):
    settings.READ_CACHE = True
    calls: list = []
    categories = _counted_categories(calls)
    assert categories() == categories()
    assert len(calls) == 1
    with django_capture_on_commit_callbacks(execute=True):
        DocumentCategory.objects.create(name="Nowa", slug="nowa-x")
    assert "nowa-x" in categories()
    assert len(calls) == 2


def test_a_kept_read_is_not_remade_by_a_change_to_another_app(
    settings, django_capture_on_commit_callbacks
):
    settings.READ_CACHE = True
    calls: list = []
    categories = _counted_categories(calls)
    categories()
    with django_capture_on_commit_callbacks(execute=True):
        User.objects.create(username="inny")  # auth is not the library
    categories()
    assert len(calls) == 1


def test_a_transaction_that_wrote_to_the_app_keeps_nothing_it_read(settings):
    settings.READ_CACHE = True
    calls: list = []
    categories = _counted_categories(calls)
    with transaction.atomic():
        DocumentCategory.objects.create(name="Niezatwierdzona", slug="niezatwierdzona-x")
        assert "niezatwierdzona-x" in categories()
        transaction.set_rollback(True)
    assert "niezatwierdzona-x" not in categories()


def test_kept_reads_differ_by_their_key_and_nothing_is_kept_with_read_cache_off(settings):
    settings.READ_CACHE = True
    language = ["pl"]
    calls: list = []

    @freshness.kept("library", key=lambda: language[0])
    def read() -> str:
        calls.append(language[0])
        return language[0]

    assert (read(), read()) == ("pl", "pl")
    language[0] = "en"
    assert read() == "en"
    assert calls == ["pl", "en"]
    settings.READ_CACHE = False
    read()
    read()
    assert calls == ["pl", "en", "en", "en"]


def test_forget_drops_every_kept_read(settings):
    settings.READ_CACHE = True
    calls: list = []
    categories = _counted_categories(calls)
    categories()
    freshness.forget()
    categories()
    assert len(calls) == 2
