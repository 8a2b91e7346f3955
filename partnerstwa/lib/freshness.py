"""Which data changed, and when: one version number per app whose records pages show.

Every write to a table of a watched app (any INSERT, UPDATE or DELETE through Django's database
connections: save(), bulk_create(), QuerySet.update(), raw SQL on a Django cursor) bumps that
app's version once its transaction commits. Caches key what they keep on the versions of the
apps it was made from (fingerprint()), so a change makes every kept copy stale at once, in
every process and on every machine: the versions live in the database (DataVersion).

Readers see a version at most FRESHNESS_SECONDS old (settings, default 2): the bound within
which a change is visible on every page. A reader must take the fingerprint before it reads the
data it keeps (a version bumped in between makes its copy stale, never the reverse).

A write that changes nothing pages show (a download counter) runs inside quiet(). Small reads
every page makes are kept per process between changes with @kept(apps…).
"""

import functools
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone
from django.utils.translation import get_language

# The apps whose records public pages, figures and feeds are made from.
WATCHED = (
    "registry",
    "programme",
    "privacy",
    "partnerships",
    "activities",
    "contests",
    "indicators",
    "library",
    "content",
    "advocacy",
    "newsletter",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "wagtailembeds",
    "wagtailsettings",
    "taggit",
)

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
_local = threading.local()
_read_lock = threading.Lock()
_cached: tuple[float, dict[str, int]] | None = None
# What kept() functions hold, one store each (forget() empties them).
_stores: list = []


def _tables() -> dict[str, str]:
    """Table name -> watched app label (built once, after the apps are loaded)."""
    tables = getattr(_tables, "cache", None)
    if tables is None:
        tables = {}
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label in WATCHED:
                tables[model._meta.db_table.lower()] = model._meta.app_label
        _tables.cache = tables
    return tables


def _observe(execute, sql, params, many, context):
    """Execute wrapper: after a write to a watched table, its app is marked changed."""
    result = execute(sql, params, many, context)
    found = _WRITE.match(sql) if isinstance(sql, str) else None
    if found:
        written(context["connection"], found.group(1))
    return result


def written(connection, table: str) -> None:
    """The table was written to by a statement execute wrappers do not see (COPY): its app,
    if watched, is marked changed as _observe marks it for any other write."""
    if not getattr(_local, "quiet", False):
        scope = _tables().get(table.lower())
        if scope:
            _changed_on_commit(connection, scope)


class _Bump:
    """The version bump of one app after the current transaction commits."""

    def __init__(self, alias: str, scope: str) -> None:
        self.alias, self.scope, self.done = alias, scope, False

    def __call__(self) -> None:
        self.done = True
        _bump(self.alias, self.scope)


def _changed_on_commit(connection, scope: str) -> None:
    # Once per transaction: a bump already waiting for this commit counts this write too (a
    # rolled-back transaction drops its waiting bumps with it).
    for _savepoints, waiting, _robust in connection.run_on_commit:
        if isinstance(waiting, _Bump) and waiting.scope == scope and not waiting.done:
            return
    # Outside a transaction this runs at once, after the write (which already ran).
    transaction.on_commit(_Bump(connection.alias, scope), using=connection.alias)


def _bump(alias: str, scope: str) -> None:
    global _cached
    from partnerstwa.lib.models import DataVersion

    connection = connections[alias]
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    # One statement, in no transaction of its own. Outside a transaction this runs inside the
    # write's execute wrapper, and on SQLite an INSERT … RETURNING is still in progress until
    # its row is fetched: a transaction begun here could not commit, and its rollback would
    # take the written row with it. The upsert also counts two processes' first bumps twice.
    sql = (
        f"INSERT INTO {table} (scope, version, changed_at) VALUES (%s, 1, %s) "
        f"ON CONFLICT (scope) DO UPDATE SET version = {table}.version + 1, "
        "changed_at = excluded.changed_at"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [scope, connection.ops.adapt_datetimefield_value(timezone.now())])
    except DatabaseError:
        # Migrations writing before this table exists (it runs after the commit, outside any
        # transaction): nothing can have been kept from data that did not exist yet.
        pass
    _cached = None  # this process reads the new versions at once


def pending(scopes: Iterable[str] = WATCHED) -> bool:
    """This transaction wrote to one of the apps and its bump waits for the commit: what it
    reads is newer than fingerprint() says, so it must not keep it under that fingerprint."""
    wanted = set(scopes)
    return any(
        isinstance(waiting, _Bump) and waiting.scope in wanted and not waiting.done
        for _savepoints, waiting, _robust in connections["default"].run_on_commit
    )


@contextmanager
def quiet() -> Iterator[None]:
    """Writes inside change nothing any page shows (counters): no version is bumped."""
    previous = getattr(_local, "quiet", False)
    _local.quiet = True
    try:
        yield
    finally:
        _local.quiet = previous


def versions() -> dict[str, int]:
    """Every app's version, as read at most FRESHNESS_SECONDS ago in this process."""
    global _cached
    now = time.monotonic()
    cached = _cached
    if cached and now - cached[0] < settings.FRESHNESS_SECONDS:
        return cached[1]
    with _read_lock:
        from partnerstwa.lib.models import DataVersion

        try:
            read = dict(DataVersion.objects.values_list("scope", "version"))
        except DatabaseError:  # not migrated yet: nothing can be kept
            return {}
        _cached = (now, read)
        return read


def forget() -> None:
    """Drop this process's copy of the versions (read again on the next call) and every read
    kept under them (kept()): tests roll their writes back, so the same versions come again
    with other data."""
    global _cached
    _cached = None
    for store in _stores:
        store.clear()


def fingerprint(scopes: Iterable[str] = WATCHED) -> str:
    """The versions of the given apps as one short string, for a cache key."""
    current = versions()
    return "-".join(str(current.get(scope, 0)) for scope in scopes)


def install(sender, connection, **kwargs) -> None:
    """connection_created receiver: watch every new connection's writes."""
    if _observe not in connection.execute_wrappers:
        connection.execute_wrappers.append(_observe)


def connect() -> None:
    connection_created.connect(install, dispatch_uid="lib.freshness")
    for connection in connections.all(initialized_only=True):
        install(None, connection)


def kept(*scopes: str, key: Callable[[], Hashable] | None = None, size: int = 8):
    """Decorator: the function's result (per hashable arguments) is made once per change of the
    given apps and kept in this process (READ_CACHE, on in production) until one of their
    versions moves — for the small reads every page makes (the programme's name, the site's
    identity, the latest winners). `key` adds what else the result depends on (the language,
    the minute); `size` bounds how many variants are kept. The result is shared by every
    request of the process: callers treat it as read-only. A transaction that wrote to the
    apps reads past the fingerprint and keeps nothing (pending())."""
    watched = scopes or WATCHED

    def decorate(function):
        store: OrderedDict = OrderedDict()
        _stores.append(store)
        lock = threading.Lock()

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if not settings.READ_CACHE:
                return function(*args, **kwargs)
            stamp = (fingerprint(watched), key() if key else None, args, tuple(kwargs.items()))
            with lock:
                if stamp in store:
                    store.move_to_end(stamp)
                    return store[stamp]
            if pending(watched):
                return function(*args, **kwargs)
            result = function(*args, **kwargs)
            with lock:
                store[stamp] = result
                while len(store) > size:
                    store.popitem(last=False)
            return result

        wrapper.forget = store.clear
        return wrapper

    return decorate


# Rendered template fragments every page shares (the layout's navigation and footer, a live
# block's markup): {% keep %} in lib/templatetags/keep.py.
FRAGMENTS = 256
_fragments: OrderedDict = OrderedDict()
_fragments_lock = threading.Lock()
_stores.append(_fragments)
# A fragment holding a form's CSRF token is one visitor's: it is never kept.
_PERSONAL = ("csrfmiddlewaretoken",)


def fragment(name: str, scopes: Iterable[str], vary: tuple, make: Callable[[], str]) -> str:
    """The text make() returns for the fragment `name`, made once per change of the given apps
    (once per process when none are given: it shows no records), per language and per `vary`
    (hashable values it also depends on), and kept in this process (READ_CACHE) like kept(); at
    most FRAGMENTS are held, least recently used dropped first."""
    if not settings.READ_CACHE:
        return make()
    watched = tuple(scopes)
    stamp = (name, fingerprint(watched) if watched else "", get_language(), vary)
    with _fragments_lock:
        if stamp in _fragments:
            _fragments.move_to_end(stamp)
            return _fragments[stamp]
    text = make()
    if (watched and pending(watched)) or any(mark in text for mark in _PERSONAL):
        return text
    with _fragments_lock:
        _fragments[stamp] = text
        while len(_fragments) > FRAGMENTS:
            _fragments.popitem(last=False)
    return text
