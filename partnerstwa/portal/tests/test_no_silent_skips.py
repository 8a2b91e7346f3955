"""Issue 9, finding 13: with --no-skips (CI's PostgreSQL and browser passes) a skip is a failure
that says why; without it a skip stays a skip, listed by -rs."""

import pytest

pytest_plugins = ["pytester"]

SKIPPING = {
    "test_marked": """
        import pytest

        @pytest.mark.skipif(True, reason="needs what is not here")
        def test_marked():
            pass
    """,
    "test_inside": """
        import pytest

        def test_inside():
            pytest.skip("decided while running")
    """,
    "test_module": """
        import pytest

        pytest.importorskip("no_such_module_anywhere")

        def test_never_collected():
            pass
    """,
    "test_expected_failure": """
        import pytest

        @pytest.mark.xfail(reason="a known bug, not a skip")
        def test_known_bug():
            assert False

        def test_that_runs():
            pass
    """,
}


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(
        "from partnerstwa.conftest import (  # noqa: F401\n"
        "    pytest_addoption, pytest_make_collect_report, pytest_runtest_makereport\n"
        ")\n"
    )
    pytester.makepyfile(**SKIPPING)
    return pytester


def test_a_skip_is_listed_with_its_reason_when_skips_are_allowed(suite):
    result = suite.runpytest("-p", "no:django", "-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(passed=1, skipped=3, xfailed=1)
    result.stdout.fnmatch_lines(["*SKIPPED*needs what is not here*"])


def test_every_kind_of_skip_fails_with_its_reason_under_no_skips(suite):
    # The module that skips is a collection error, which on its own stops the run: go on, to
    # see the others too.
    result = suite.runpytest(
        "-p", "no:django", "-p", "no:cacheprovider", "--no-skips", "--continue-on-collection-errors"
    )
    # The marked test fails at setup (an error), the other at its call, the module at collection.
    result.assert_outcomes(passed=1, failed=1, errors=2, xfailed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    for reason in ["needs what is not here", "decided while running", "no_such_module_anywhere"]:
        result.stdout.fnmatch_lines([f"*--no-skips says every selected test must run*{reason}*"])
