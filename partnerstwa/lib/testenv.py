"""Loaded by pytest with ``-p`` before Django is set up, so the settings see a test environment.

Tests run as production runs (DEBUG off), with a throwaway key; DATABASE_URL passes through so the
same suite runs on PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

# A developer's .env (make run writes one) does not reach the tests.
os.environ.setdefault("ENV_FILE", "")
os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 60)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
os.environ.setdefault(
    "SQLITE_TEST_NAME", str(Path(tempfile.gettempdir()) / f"partnerstwa-test-{os.getpid()}.sqlite3")
)
_static_root = Path(tempfile.gettempdir()) / "partnerstwa-test-static"
_static_root.mkdir(exist_ok=True)
os.environ.setdefault("STATIC_ROOT", str(_static_root))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Test writes are rolled back, so data versions never move: a page kept in one test would be
# served in the next. Tests of the page cache turn it on themselves.
os.environ.setdefault("PAGE_CACHE", "false")
os.environ.setdefault("READ_CACHE", "false")
