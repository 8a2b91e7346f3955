import pytest
from django.conf import settings as django_settings
from django.utils import translation

# Browser fixtures (chromium, browser_context, page) for every app's browser tests.
from partnerstwa.portal.tests.browser import (  # noqa: F401
    browser_context_fixture,
    chromium_fixture,
    page_fixture,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-skips",
        action="store_true",
        help="fail every test or module that skips: for runs where everything selected must run "
        "(CI's PostgreSQL and browser passes)",
    )


def _no_skip(report, config: pytest.Config):
    """Turn a skip into a failure that still says why the test skipped."""
    if report.skipped and not hasattr(report, "wasxfail") and config.getoption("no_skips"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but --no-skips says every selected test must run: {reason}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    return _no_skip((yield), item.config)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    # A module that skips as a whole (pytest.importorskip, pytest.skip(allow_module_level=True)).
    return _no_skip((yield), collector.config)


@pytest.fixture(autouse=True)
def _polish_by_default():
    # A request in English leaves English active in the thread; each test starts in Polish, as
    # the site does, so records it creates get their Polish texts.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Real hashing is deliberately slow; tests need only that passwords round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    # django-ratelimit counts in fixed windows of the clock (a minute for "10/m"): attempts a
    # test makes across a window's edge would start counting again, and a test of the limit
    # would pass or fail by the time it ran. Each test's counters live in one window.
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: 2_000_000_000)


@pytest.fixture(autouse=True)
def _nothing_kept_from_another_test():
    # A test's writes are rolled back, so the data versions come again in the next test with
    # other data: what a test kept (freshness.kept, with READ_CACHE on) must not reach the next.
    from partnerstwa.lib import freshness

    freshness.forget()
    yield
    freshness.forget()


@pytest.fixture
def commit(settings, django_capture_on_commit_callbacks):
    """A function that runs a write and commits it: its apps' version bumps run and the next
    read sees the new versions at once (FRESHNESS_SECONDS=0)."""
    from partnerstwa.lib import freshness

    settings.FRESHNESS_SECONDS = 0
    freshness.forget()

    def committed(write):
        with django_capture_on_commit_callbacks(execute=True):
            result = write()
        freshness.forget()
        return result

    return committed


@pytest.fixture
def kept(settings, commit):
    """Reads kept as in production (READ_CACHE), with `commit` to make a change and see it."""
    settings.READ_CACHE = True
    return commit
