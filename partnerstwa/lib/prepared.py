"""Prepared reads: a queryset's SQL built and compiled once per process (per language) and run
again with new values, as a prepared statement is planned once and executed many times.

The small reads a page makes cost the database a few hundredths of a millisecond; building the
queryset and compiling it (joins, columns, translated field names, ordering) costs the ORM half a
millisecond to a millisecond each, most of what such a page costs. A read declared with

    @prepared(pk=int)
    def _barrier(pk):
        return LegalBarrier.objects.filter(pk=pk, is_published=True).select_related("area")

is built twice on its first call in a language — with two different stand-ins for each value —
and compiled; the positions where the stand-ins land are the places of the values, and the rest
of the SQL must come out the same both times. A read that depends on anything besides its
values (the clock, a setting that changed in between), or that transforms a value on its way
into the SQL (icontains wraps it in %…%), is refused with ImproperlyConfigured on its first use
instead of running wrong. Every later call copies the compiled statement, puts the values in
their places and runs it: the rows are read from the database on every call, nothing is kept
but the statement.

The build must read nothing but its values and the language: anything else it reads is fixed
at the first call. What may change (the sections of the site under a view restriction) is
named with depends_on=, a function whose result keys the statement too:

    @prepared(event=int, depends_on=pages.restricted_paths)

The call returns a queryset that can be iterated, counted with len() and indexed once read; any
attempt to change it (filter, order_by, count, first…) raises TypeError, as those would need a
statement of their own. Values: int, str, date, datetime, and list[int] / list[str] compared
with lib.bulk.OneOf (one parameter however long the list).
"""

import datetime as dt
import functools
import threading
import types
import typing
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql import Query
from django.utils.translation import get_language

# The range of a 64-bit integer column: a value outside it matches no row (Django answers such a
# lookup with no rows too), and the database drivers refuse to send it.
_INT_RANGE = range(-(2**63), 2**63)
# Stand-ins for the two builds. Small positive integers, so that no field's range check (a
# positive small integer holds up to 32,767) turns the lookup into "no rows" while building.
_SCALARS = {
    int: (lambda i: 10_007 + 13 * i, lambda i: 20_011 + 13 * i),
    str: (lambda i: f"\ue000prepared-a-{i}\ue000", lambda i: f"\ue000prepared-b-{i}\ue000"),
    # A day or a second apart for each value, so a read may take any number of them.
    dt.date: (
        lambda i: dt.date(1901, 1, 1) + dt.timedelta(days=i),
        lambda i: dt.date(1902, 2, 1) + dt.timedelta(days=i),
    ),
    dt.datetime: (
        lambda i: dt.datetime(1901, 1, 1, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=i),
        lambda i: dt.datetime(1902, 2, 2, 2, 2, tzinfo=dt.UTC) + dt.timedelta(seconds=i),
    ),
}


def _kind(annotation) -> tuple[type, bool]:
    """(scalar type, is a list) of a declared value type."""
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if item not in (int, str):
            raise ImproperlyConfigured(f"prepared: lists of {item!r} are not supported")
        return item, True
    if annotation not in _SCALARS:
        raise ImproperlyConfigured(f"prepared: values of type {annotation!r} are not supported")
    return annotation, False


def _adapters(connection, scalar: type) -> list[Callable[[Any], Any]]:
    """How a value may reach the parameters: as it is, or as the database adapts it — a date
    or a moment (SQLite writes both as text), a whole number for a column of a given size
    (PostgreSQL with psycopg 3 wraps it as Int2, Int4… for the server to read it so)."""
    ops = connection.ops
    adapters = [lambda value: value]
    if scalar is int:
        adapters += [
            functools.partial(_integer, ops, internal_type)
            for internal_type in getattr(ops, "integerfield_type_map", {})
        ]
    if scalar is dt.date:
        adapters.append(ops.adapt_datefield_value)
    if scalar is dt.datetime:
        adapters.append(ops.adapt_datetimefield_value)
    return adapters


def _integer(ops, internal_type: str, value: int):
    return ops.adapt_integerfield_value(value, internal_type)


def _bounds(connection, adapt) -> range:
    if isinstance(adapt, functools.partial) and adapt.func is _integer:
        low, high = connection.ops.integer_field_range(adapt.args[1])
        return range(
            _INT_RANGE.start if low is None else low, (2**63 if high is None else high + 1)
        )
    return _INT_RANGE


@dataclass(frozen=True)
class _Slot:
    index: int  # position in the parameters
    name: str
    is_list: bool
    list_type: type  # the list type the lookup passed (lib.bulk.OneOf's own on SQLite)
    adapt: Callable[[Any], Any]
    # The whole numbers the column holds: a value outside matches no row (Django answers such a
    # lookup with no rows too) and the driver would refuse to send it.
    bounds: range = _INT_RANGE


@dataclass(frozen=True)
class _Compiled:
    alias: str
    queryset: QuerySet  # the first build: its class, iterable and modeltranslation's state
    compiler: Any  # its compiler after as_sql(): the selected columns and how to read them
    sql: str
    params: tuple
    slots: tuple[_Slot, ...]


class _SealedQuery(Query):
    """The query of a prepared read: hands out the compiled statement with this call's values,
    and refuses to be changed (a changed query would need a statement of its own)."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiled = self._prepared
        compiler = object.__new__(compiled.compiler.__class__)
        compiler.__dict__ = compiled.compiler.__dict__.copy()
        # The connection of this thread: the statement was compiled on another's.
        compiler.connection = connections[compiled.alias]
        compiler._prepared_statement = (compiled.sql, self._prepared_params)
        return compiler

    def chain(self, klass=None):
        raise TypeError(
            "A prepared read cannot be changed: declare another one with @prepared "
            "(read it with list(), len() or iteration)."
        )

    clone = chain


def _sealed_compiler_class(base: type) -> type:
    """The compiler's own class with as_sql() answering the kept statement."""
    return _COMPILER_CLASSES.setdefault(
        base,
        types.new_class(
            f"Prepared{base.__name__}",
            (base,),
            exec_body=lambda namespace: namespace.update(as_sql=_kept_as_sql),
        ),
    )


_COMPILER_CLASSES: dict[type, type] = {}
# Statements a read keeps (one a language and state of what it depends on), the oldest dropped.
_STATEMENTS_KEPT = 8


def _kept_as_sql(self, with_limits=True, with_col_aliases=False):
    return self._prepared_statement


class Prepared:
    """A read built once per language and run again with new values (see the module)."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        kinds: dict[str, Any],
        depends_on: Callable[[], Hashable] | None = None,
    ):
        self._build = build
        self._kinds = {name: _kind(annotation) for name, annotation in kinds.items()}
        self._depends_on = depends_on
        self._compiled: dict[Hashable, _Compiled] = {}
        self._lock = threading.Lock()
        functools.update_wrapper(self, build)

    def __call__(self, **values) -> QuerySet:
        if values.keys() != self._kinds.keys():
            raise TypeError(
                f"{self._build.__qualname__}() takes {sorted(self._kinds)}, got {sorted(values)}"
            )
        key = get_language() if self._depends_on is None else (get_language(), self._depends_on())
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(key)
        params = list(compiled.params)
        for slot in compiled.slots:
            value = self._checked(slot, values[slot.name])
            if value is None:
                return compiled.queryset.none()
            params[slot.index] = value
        query = object.__new__(_SealedQuery)
        query.__dict__ = compiled.compiler.query.__dict__.copy()
        query._prepared = compiled
        query._prepared_params = tuple(params)
        queryset = object.__new__(compiled.queryset.__class__)
        queryset.__dict__ = compiled.queryset.__dict__.copy()
        queryset._query = query
        queryset._db = compiled.alias
        return queryset

    def get(self, **values):
        """The one row the read finds (the model's DoesNotExist or MultipleObjectsReturned)."""
        rows = list(self(**values))
        model = self._model
        if not rows:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        if len(rows) > 1:
            raise model.MultipleObjectsReturned(
                f"get() returned more than one {model._meta.object_name}."
            )
        return rows[0]

    def _checked(self, slot: _Slot, value):
        """The value as the statement takes it; None when it can match no row."""
        scalar, is_list = self._kinds[slot.name]
        if is_list:
            if not isinstance(value, list | tuple | set | frozenset):
                raise TypeError(f"{slot.name}: a list is expected, not {type(value).__name__}")
            items = [item for item in value if item is not None]
            for item in items:
                if not isinstance(item, scalar):
                    raise TypeError(f"{slot.name}: {scalar.__name__} items expected")
            if scalar is int:
                items = [item for item in items if item in _INT_RANGE]
            return slot.list_type(items)
        if not isinstance(value, scalar) or (scalar is dt.date and isinstance(value, dt.datetime)):
            raise TypeError(f"{slot.name}: {scalar.__name__} expected, not {value!r}")
        if scalar is int and value not in slot.bounds:
            return None
        return slot.adapt(value)

    def _stand_ins(self, which: int) -> dict[str, Any]:
        values = {}
        for i, (name, (scalar, is_list)) in enumerate(self._kinds.items()):
            value = _SCALARS[scalar][which](i)
            values[name] = [value] if is_list else value
        return values

    def _compile(self, key: Hashable) -> _Compiled:
        builds = []
        for which in (0, 1):
            queryset = self._build(**self._stand_ins(which))
            if not isinstance(queryset, QuerySet):
                raise ImproperlyConfigured(f"{self._build.__qualname__} must return a QuerySet")
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            builds.append((queryset, compiler, sql, tuple(params)))
        (queryset, compiler, sql, params), (_, _, other_sql, other_params) = builds
        name = self._build.__qualname__
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(f"{name}: its SQL depends on the values given")
        stand_ins = (self._stand_ins(0), self._stand_ins(1))
        connection = connections[queryset.db]
        slots, found = [], set()
        for index, (first, second) in enumerate(zip(params, other_params, strict=True)):
            slot = self._slot(index, first, second, stand_ins, connection)
            if slot is not None:
                slots.append(slot)
                found.add(slot.name)
            elif first != second:
                raise ImproperlyConfigured(
                    f"{name}: parameter {index + 1} differs between two builds yet is none of "
                    "the values as given — a lookup that transforms its value (icontains…) or "
                    "something besides the values (the clock…): such a read cannot be prepared"
                )
        missing = self._kinds.keys() - found
        if missing:
            raise ImproperlyConfigured(
                f"{name}: {sorted(missing)} did not reach the SQL as given (a value unused?): "
                "such a read cannot be prepared"
            )
        compiler.__class__ = _sealed_compiler_class(compiler.__class__)
        self._model = queryset.model
        compiled = _Compiled(queryset.db, queryset, compiler, sql, params, tuple(slots))
        if len(self._compiled) >= _STATEMENTS_KEPT:  # languages × what it depends on
            self._compiled.pop(next(iter(self._compiled)))
        self._compiled[key] = compiled
        return compiled

    def _slot(self, index, first, second, stand_ins, connection) -> _Slot | None:
        for name, (scalar, is_list) in self._kinds.items():
            a, b = stand_ins[0][name], stand_ins[1][name]
            if is_list:
                if isinstance(first, list) and first == a and second == b:
                    return _Slot(index, name, True, type(first), lambda value: value)
                continue
            for adapt in _adapters(connection, scalar):
                if _same(first, adapt(a)) and _same(second, adapt(b)):
                    return _Slot(index, name, False, list, adapt, _bounds(connection, adapt))
        return None


def _same(param, expected) -> bool:
    return type(param) is type(expected) and param == expected


def prepared(
    depends_on: Callable[[], Hashable] | None = None, **kinds
) -> Callable[[Callable[..., QuerySet]], Prepared]:
    """Declare a prepared read: @prepared(name=type, …) over a function of those values that
    returns the queryset (see the module)."""
    return lambda build: Prepared(build, kinds, depends_on)
