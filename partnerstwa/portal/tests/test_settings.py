import os
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    ignored = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean_env = {k: v for k, v in os.environ.items() if k not in ignored}
    clean_env["ENV_FILE"] = ""  # the checkout's own .env, if any, stays out of these runs
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "secret",
    [None, "", "dev-only-insecure-key-never-use-in-production", "too-short"],
)
def test_production_refuses_to_start_without_a_real_secret(secret):
    env = {"DEBUG": "false"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_bad_boolean_setting_is_refused():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_check_deploy_reports_nothing_in_production():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "Xy9$" * 10 + "q" * 20,
        ALLOWED_HOSTS="partnerstwa.example.org",
        SECURE_SSL_REDIRECT="true",
        STATIC_MANIFEST="true",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_production_sends_the_security_headers(client):
    response = client.get("/prywatnosc/", secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_the_default_sqlite_database_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.stdout.split()[-3:] == ["wal", "20000", "IMMEDIATE"], result.stderr


def test_database_url_selects_postgresql():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'])",
        DEBUG="true",
        DATABASE_URL="postgres://u:p@db.internal:6543/partnerstwa",
    )
    assert result.stdout.split()[-4:] == [
        "django.db.backends.postgresql",
        "db.internal",
        "6543",
        "partnerstwa",
    ]


def test_a_checkouts_env_file_gives_commands_their_secret_and_the_environment_wins(tmp_path):
    """make run writes .env with a generated key, so `python manage.py …` works as written."""
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=" + "k" * 60 + "\nDEBUG=maybe\n", encoding="utf-8")
    assert "DEBUG must be true or false" in run_manage("check", ENV_FILE=str(env_file)).stderr
    result = run_manage("check", ENV_FILE=str(env_file), DEBUG="false")
    assert result.returncode == 0, result.stderr
    assert run_manage("check", ENV_FILE=str(tmp_path / "none")).returncode != 0


def test_tests_keep_no_pages_unless_a_test_asks():
    # Tests roll back their writes, so the data versions never move: a page kept by one test
    # would be served in the next.
    assert settings.PAGE_CACHE is False


def _page_cache_outside_tests(debug: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "REDIS_URL"}}
    env.update(ENV_FILE="", SECRET_KEY="s" * 60, DEBUG=debug)
    env.pop("PAGE_CACHE", None)
    code = (
        "from django.conf import settings as s; print(s.PAGE_CACHE, s.CACHES['pages']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.strip().splitlines()[-1].split()


def test_a_production_server_keeps_pages_in_its_own_memory_without_redis():
    assert _page_cache_outside_tests("false") == [
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_a_development_server_keeps_no_pages_so_an_edited_template_shows_at_once():
    assert _page_cache_outside_tests("true")[0] == "False"
