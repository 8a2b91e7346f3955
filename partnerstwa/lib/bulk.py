"""Writing many records at once (imports): each field's own checks run once per distinct value,
and rows reach the database in multi-row INSERT statements; the records of thousands of keys
found with one parameter (OneOf).

Both keep to the one declaration of each rule. FieldChecks calls the model fields' own clean()
— their validators, choices, length, null and blank — exactly as Model.clean_fields() calls
it; insert() writes the values it is given and leaves the constraints to the database. The
owning app's services decide what to check and write; nothing here knows a domain.

Rows of a model the audit trail tracks (django-auditlog's registry; partnerstwa.operations
declares which) get their "created" entries here, in multi-row statements too: the model
signals that write the trail for save() never fire for these INSERTs.
"""

import datetime
import json
import operator
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, models
from django.db.models.lookups import In
from django.utils import timezone

from partnerstwa.lib import freshness

# Values of these exact types mean the same thing whenever they are equal: a result found for
# one holds for the other (not so Decimal("1.0") and Decimal("1.00"), nor datetimes in zones).
_KEPT_TYPES = frozenset({str, int, bool, datetime.date, type(None)})


class FieldChecks:
    """Model.clean_fields() for many rows' values of some fields of a model: the same calls of
    field.clean(), so the same rules and messages, each distinct value checked once per
    FieldChecks (make one per batch: what it keeps grows with the batch, not the import).

    Only fields whose check reads nothing but the value (no relations: a foreign key's check
    is a query per row; the database's constraint holds it in bulk)."""

    def __init__(self, model: type[models.Model], names: Sequence[str]):
        self.fields = [model._meta.get_field(name) for name in names]
        for field in self.fields:
            if field.is_relation or field.attname != field.name:
                raise ValueError(f"{model.__name__}.{field.name}: a relation is not checked here")
        self._kept: dict[str, dict] = {field.name: {} for field in self.fields}

    def clean(self, values: dict) -> dict:
        """The cleaned values of one row (field name -> value; every field of the checks), or
        ValidationError({field: errors}) as Model.clean_fields() raises it."""
        cleaned = dict(values)
        errors = {}
        for field in self.fields:
            name = field.name
            raw = values[name]
            if field.blank and raw in field.empty_values:
                continue  # as clean_fields(): a blank value of a field that may be blank
            kept = self._kept[name]
            key = (type(raw), raw) if type(raw) in _KEPT_TYPES else None
            outcome = kept.get(key) if key is not None else None
            if outcome is None:
                try:
                    outcome = (True, field.clean(raw, None))
                except ValidationError as error:
                    outcome = (False, error.error_list)
                if key is not None:
                    kept[key] = outcome
            if outcome[0]:
                cleaned[name] = outcome[1]
            else:
                errors[name] = outcome[1]
        if errors:
            raise ValidationError(errors)
        return cleaned


# Fields whose Python values (int, str, bool, None) both database drivers take as they are;
# any other field's values pass through its get_db_prep_save() as bulk_create() does.
_NATIVE = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "CharField",
        "TextField",
        "SlugField",
        "BooleanField",
        "ForeignKey",
    }
)


def _parameters_limit(connection) -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # The library's own limit (32,766 since SQLite 3.32), not Django's cautious 999.
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    if connection.vendor == "postgresql":
        return 65_535
    return connection.features.max_query_params or 999


class JsonList(list):
    """A list SQLite receives as one JSON text parameter (read back with json_each)."""


sqlite3.register_adapter(JsonList, lambda values: json.dumps(values, ensure_ascii=False))


class OneOf(In):
    """`expression IN values` with the values as one parameter however many there are — the
    thousands of an import's batch, or a prepared read's list (lib.prepared): on PostgreSQL
    `= ANY(array)` (Django's IN writes a placeholder a value, each adapted on its own, and the
    server plans a list of thousands of constants); on SQLite `IN (SELECT value FROM
    json_each(text))` for whole numbers and text; otherwise Django's IN. Used as a filter:
    .filter(OneOf(Lower("email"), emails))."""

    def as_sqlite(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        if not all(type(value) in (int, str) for value in values):
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, JsonList(values)]

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)  # a subquery stays one
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        array_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{array_type}[])", [*lhs_params, values]


def _binding_cursor(connection):
    """PostgreSQL: a cursor that sends the parameters apart from the statement (psycopg's
    server-side binding), wrapped as connection.cursor() wraps its own — the execute wrappers
    (lib.freshness), the error translation and the query log of tests all see it. Django's
    cursors bind on the client unless the server_side_binding option is set; that stays
    the default for every other query."""
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


def _copy(connection, sql: str, table: str, rows: Iterable[Sequence], constants=()) -> int:
    """COPY the rows (each followed by the constants) in: psycopg formats them in C and the
    server takes them in as they come. Errors as Django raises them (IntegrityError…); the
    table's app marked changed as any write marks it (execute wrappers do not see COPY)."""
    constants = tuple(constants)
    count = 0
    with (
        connection.wrap_database_errors,
        _binding_cursor(connection) as cursor,
        cursor.copy(sql) as copy,
    ):
        write = copy.write_row
        for row in rows:
            write((*row, *constants))
            count += 1
    freshness.written(connection, table)
    return count


def insert(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence],
    *,
    same: Mapping[str, Any] | None = None,
    ignore_conflicts: bool = False,
    returning: bool = False,
    ready: Sequence[str] = (),
    using: str = "default",
) -> int | list:
    """INSERT the rows (values in the order of `names`: field names, a relation given by the
    id) into the model's table, 1,000 rows a statement (PostgreSQL: 5,000, and a COPY when no
    key is read back and no row may be left out); nothing else (no defaults, no signals, no
    auto_now). Returns the number of rows written or, with returning, the new primary keys in
    the order of the rows. same: {field name: value} every row has (a moment, a method),
    converted once a statement rather than once a row. ignore_conflicts: a row a unique
    constraint refuses is left out (ON CONFLICT DO NOTHING) and not counted. ready: fields whose
    values are given as the database stores them (a JSON field's text), not converted."""
    if returning and ignore_conflicts:
        raise ValueError("a row left out would leave the returned keys out of step")
    if not names:
        raise ValueError("a row gives at least one value")
    same = dict(same or {})
    connection = connections[using]
    fields = [model._meta.get_field(name) for name in names]
    fixed = [model._meta.get_field(name) for name in same]
    trail = _Trail(model, fields, same, using) if _tracked(model) else None
    prepare = [
        None
        if field.get_internal_type() in _NATIVE or field.name in ready
        else field.get_db_prep_save
        for field in [*fields, *fixed]
    ]
    constants = [
        value if function is None else function(value, connection)
        for function, value in zip(prepare[len(fields) :], same.values(), strict=True)
    ]
    prepare = prepare[: len(fields)]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) ".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in [*fields, *fixed]),
    )
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning or trail:
        # The trail needs each written row's key (also of rows ON CONFLICT left some out).
        tail += " RETURNING " + quote(model._meta.pk.column)
    unnest = connection.vendor == "postgresql"
    # PostgreSQL, nothing to read back and no row to leave out (the audit trail's own rows):
    # COPY, which the server takes in while the client still sends (no statement to plan, no
    # arrays to unpack).
    copy = unnest and not (returning or trail or ignore_conflicts)
    if copy:
        copy_sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table),
            ", ".join(quote(field.column) for field in [*fields, *fixed]),
        )
        size = 5000
    elif unnest:
        # One array a column (psycopg adapts a list in one go; thousands of parameters, each
        # adapted and sent apart, cost PostgreSQL more than the rows): INSERT ... SELECT UNNEST.
        # The arrays go apart from the statement in binary (%b, _binding_cursor): written into
        # its text, every value of a text array is escaped in Python (each quote of the trail's
        # JSON one regex substitution) and parsed again by the server.
        head += "SELECT *{} FROM UNNEST({})".format(
            "".join(f", %b::{field.db_type(connection)}" for field in fixed),
            ", ".join(f"%b::{field.db_type(connection)}[]" for field in fields),
        )
        size = 5000
    else:
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = max(1, min(1000, (_parameters_limit(connection) - len(fixed)) // len(fields)))
        if fixed:
            # The values every row has given once: SELECT the rows' columns beside them. A WHERE
            # keeps SQLite from reading ON CONFLICT as the SELECT's join clause.
            head += "SELECT {}, {} FROM (VALUES ".format(
                ", ".join(f"column{number}" for number in range(1, len(fields) + 1)),
                ", ".join(["%s"] * len(fixed)),
            )
            tail = ") WHERE true" + tail
        else:
            head += "VALUES "
    converted = [index for index, function in enumerate(prepare) if function is not None]
    written, keys, chunk, statements = 0, [], [], {}
    last_in, last_out = [object()] * len(fields), [None] * len(fields)

    def flush() -> None:
        nonlocal written
        if copy:
            written += _copy(
                connection, copy_sql, model._meta.db_table, converted_rows(), constants
            )
            chunk.clear()
            return
        if unnest:
            sql = head + tail
        else:
            sql = statements.get(len(chunk))
            if sql is None:
                sql = statements[len(chunk)] = head + ", ".join([one] * len(chunk)) + tail
        parameters = []
        for row in converted_rows():
            parameters.extend(row)
        if unnest:
            parameters = [parameters[index :: len(fields)] for index in range(len(fields))]
            parameters = [*constants, *parameters]  # the SELECT's values come before UNNEST's
        elif constants:
            parameters[:0] = constants
        with _binding_cursor(connection) if unnest else connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            if returning or trail:
                new = [key for (key,) in cursor.fetchall()]
                if trail:
                    trail.record(new, chunk, ignore_conflicts=ignore_conflicts)
                if returning:
                    keys.extend(new)
                written += len(new)
            else:
                written += cursor.rowcount
        chunk.clear()

    def converted_rows() -> Iterator[Sequence]:
        for row in chunk:
            if converted:
                row = list(row)
                for index in converted:
                    value = row[index]
                    # One moment given to every row (recorded_at, created_at) converted once.
                    if value is not last_in[index]:
                        last_in[index], last_out[index] = value, prepare[index](value, connection)
                    row[index] = last_out[index]
            yield row

    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            flush()
    if chunk:
        flush()
    return keys if returning else written


def create(objs: list[models.Model], *, using: str = "default") -> list[models.Model]:
    """New records of one model (keys made by the database) written as bulk_create() writes
    them — each field's pre_save() value (auto_now, files), nothing checked — but in
    statements of about 1,000 rows; the new keys are set on the instances."""
    if not objs:
        return objs
    meta = objs[0]._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    keys = insert(
        type(objs[0]),
        [field.name for field in fields],
        ([field.pre_save(obj, True) for field in fields] for obj in objs),
        returning=True,
        using=using,
    )
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding, obj._state.db = False, using
    return objs


def create_alike(
    template: models.Model,
    varying: Sequence[str],
    rows: Iterable[Sequence],
    *,
    using: str = "default",
) -> int:
    """New records equal to the template instance but for the `varying` fields, whose values
    each row gives (relations by id): the template's other values worked out once, so many
    small records cost no instance each. Returns how many were written."""
    meta = template._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    fixed = {field.name: field.pre_save(template, True) for field in fields}
    same = {name: value for name, value in fixed.items() if name not in varying}
    return insert(type(template), varying, rows, same=same, using=using)


def audit_context() -> dict:
    """What django-auditlog's set_actor / set_extra_data hold now (actor, additional_data),
    or {} outside them. auditlog leaves its context variable set after the block ends and
    only disconnects the receiver that applies it, so a block is current only while its
    receiver is connected."""
    from auditlog.context import auditlog_value
    from django.db.models.signals import pre_save

    context = auditlog_value.get(None)
    if not context:
        return {}
    uid = context.get("signal_duid")
    if not any(key[0] == uid for key, *_rest in pre_save.receivers):
        return {}
    return context


# What json.dumps() writes for a str (ensure_ascii, as JSONField stores it): the escaper itself,
# without json.dumps' set-up for each of the hundreds of thousands of values of an import.
_json = json.encoder.encode_basestring_ascii


def _escape(text: str) -> str:
    return text.replace("%", "%%")  # in a %-format template


def _text(value) -> str:
    """A value as auditlog's changes hold it (str(), so None is "None"), in JSON."""
    return _json(value if type(value) is str else str(value))


def _tracked(model: type[models.Model]) -> bool:
    from auditlog.registry import auditlog

    return auditlog.contains(model)


class _Trail:
    """django-auditlog "created" entries for rows insert() wrote: who (the actor of the
    request or command, auditlog's context) and each field's value, as auditlog's own
    entries hold them. The record is named by its model and key: reading what str() would
    show could cost a query per row."""

    def __init__(self, model: type[models.Model], fields: list, same: dict, using: str):
        from auditlog.registry import auditlog
        from django.contrib.contenttypes.models import ContentType

        excluded = set(auditlog.get_model_fields(model)["exclude_fields"] or ())

        def kept(field) -> bool:
            return field.name not in excluded and field.attname not in excluded

        self.model, self.using = model, using
        # The fields whose values the rows give, by their place in a row.
        self.kept = [(index, field) for index, field in enumerate(fields) if kept(field)]
        self.content_type = ContentType.objects.db_manager(using).get_for_model(model).pk
        self.label = str(model._meta.verbose_name)
        # The changes' JSON text around the rows' values, made once (the values every row has
        # written in): what JSONField stores for {name: ["None", str(value)], ...}, with
        # json.dumps' separators and escapes.
        pairs = [_escape(_json(field.name)) + ': ["None", %s]' for _index, field in self.kept]
        pairs += [
            _escape(f'{_json(name)}: ["None", {_text(value)}]')
            for name, value in same.items()
            if kept(model._meta.get_field(name))
        ]
        self.template = "{" + ", ".join(pairs) + "}"
        places = [index for index, _field in self.kept]
        # A row's kept values in one call (itemgetter of one place gives a value, not a tuple).
        self.values = (
            operator.itemgetter(*places)
            if len(places) > 1
            else lambda row: [row[i] for i in places]
        )

    def _changes(self, row) -> str:
        """The JSON text of a new row's changes: each kept field as auditlog writes a created
        record's (before "None", after the value's str(), None as "None")."""
        return self.template % tuple(
            [_json(value if type(value) is str else str(value)) for value in self.values(row)]
        )

    def _context(self) -> tuple:
        from auditlog.cid import get_cid

        context = audit_context()
        actor = context.get("actor")
        actor_id = getattr(actor, "pk", None) if actor is not None else None
        email = getattr(actor, "email", None) if actor_id else None
        return actor_id, email, context.get("additional_data"), get_cid()

    def record(self, keys: list, rows: list, *, ignore_conflicts: bool) -> None:
        from auditlog.models import LogEntry

        if not keys:
            return
        if ignore_conflicts and len(keys) != len(rows):
            # Which rows the database left out is not known from the keys alone.
            rows = self._read(keys)
        actor, email, extra, cid = self._context()
        label, changes = self.label, self._changes
        insert(
            LogEntry,
            ["object_pk", "object_id", "object_repr", "changes"],
            [
                (str(key), key if type(key) is int else None, f"{label} {key}", changes(row))
                for key, row in zip(keys, rows, strict=True)
            ],
            same={
                "content_type": self.content_type,
                "action": LogEntry.Action.CREATE,
                "changes_text": "",
                "actor": actor,
                "actor_email": email,
                "cid": cid,
                "timestamp": timezone.now(),
                "additional_data": extra,
            },
            ready=["changes"],
            using=self.using,
        )

    def _read(self, keys: list) -> list:
        names = [field.attname for _index, field in self.kept]
        found = {
            row[0]: row[1:]
            for row in self.model._base_manager.using(self.using)
            .filter(pk__in=keys)
            .values_list("pk", *names)
        }
        # Rows laid out as insert() was given them: only the kept fields' places are read.
        width = 1 + max((index for index, _field in self.kept), default=0)
        laid_out = []
        for key in keys:
            row = [None] * width
            for (index, _field), value in zip(self.kept, found[key], strict=True):
                row[index] = value
            laid_out.append(row)
        return laid_out
