"""Fixtures and helpers for the browser tests: Debian's Chromium driven by Playwright (sync API).

``partnerstwa/conftest.py`` registers the generic fixtures (``chromium``, ``browser_context``,
``page``) for every app, and ``portal/tests/conftest.py`` the portal's sample ``registry``; the
browser is launched once per session, each test gets a fresh context.
Playwright is never allowed to download a browser: the tests use /usr/bin/chromium.
"""

import datetime
import importlib
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from partnerstwa.registry.models import Association, Organisation, TerritorialUnit
from partnerstwa.registry.services import membership_create, organisation_create, teryt_import

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
# Waiting longer than this for one element means something is wrong, not slow.
TIMEOUT_MS = 10_000

TERYT_HEADER = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA"
TERYT_ROWS = [
    "02;;;;DOLNOŚLĄSKIE;województwo;2022-01-01",
    "02;01;;;bolesławiecki;powiat;2022-01-01",
    "02;01;01;1;Bolesławiec;gmina miejska;2022-01-01",
    "02;01;02;2;Bolesławiec;gmina wiejska;2022-01-01",
]
URBAN_GMINA = "0201011"

# Rules of WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe's best practices; violations of lower
# impact are reported by axe but do not fail the tests.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22a",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session", name="chromium")
def chromium_fixture():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    # Playwright's sync API keeps an event loop running in this thread, which Django's ORM takes
    # for async code; the tests' own queries are synchronous, so allow them while it runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "DJANGO_ALLOW_ASYNC_UNSAFE", os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()


@pytest.fixture(name="browser_context")
def browser_context_fixture(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="pl-PL", viewport=DESKTOP, timezone_id="Europe/Warsaw"
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture(name="page")
def page_fixture(browser_context):
    return browser_context.new_page()


def write_teryt_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\r\n".join([TERYT_HEADER, *rows]) + "\r\n", encoding="utf-8-sig")
    return path


def ensure_associations() -> None:
    """The data migration seeds the associations, but a transactional test flushes them."""
    seed = importlib.import_module("partnerstwa.registry.migrations.0002_seed_associations")
    for code, name, country, website in seed.ASSOCIATIONS:
        Association.objects.get_or_create(
            code=code, defaults={"name": name, "country": country, "website": website}
        )


def load_sample_registry(tmp_path: Path) -> Organisation:
    teryt_import(write_teryt_csv(tmp_path / "TERC.csv", TERYT_ROWS))
    ensure_associations()
    unit = TerritorialUnit.objects.get(code=URBAN_GMINA)
    organisation = organisation_create(kind="gmina", territorial_unit=unit)
    membership_create(
        association=Association.objects.get(code="ZMP"),
        organisation=organisation,
        joined_on=datetime.date(2010, 1, 1),
    )
    call_command("load_demo", stdout=io.StringIO())
    return organisation


def serious_violations(results: dict) -> list[dict]:
    return [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"        {line}" for line in summary.splitlines())
    return "\n".join(lines)
