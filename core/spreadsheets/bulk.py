"""Writing many rows at once, for the Excel import (``core.spreadsheets.imports``).

On PostgreSQL rows go in with ``COPY ... FROM STDIN``, which the server parses far
faster than a multi-row ``INSERT`` with tens of thousands of parameters, and new
records get their ids from the table's sequence first, so nothing has to be read
back. Elsewhere (SQLite) rows go in with multi-row ``INSERT`` statements and
``bulk_create``.

Values pass through each field's ``get_db_prep_save()`` as in ``bulk_create``, so
what lands in the database is what ``save()`` would have written.
"""

from __future__ import annotations

import datetime
import decimal
import io
import uuid

from django.db import connections, router
from django.db.models import Field

COPY_CHUNK = 2000


def copy_value(value) -> str:
    """One column of a row in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        # A backslash starts an escape; tab, newline and carriage return would end
        # a column or a row. (str.replace is several times faster than translate.)
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        # datetime is a date; an aware datetime's isoformat() carries its offset.
        return value.isoformat()
    raise TypeError(f"COPY cannot write a value of type {type(value).__name__}")


# Fields whose get_db_prep_save() returns a value of the right type unchanged.
_PLAIN = {
    "AutoField": int,
    "BigAutoField": int,
    "BigIntegerField": int,
    "BooleanField": bool,
    "CharField": str,
    "IntegerField": int,
    "PositiveBigIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int,
    "SlugField": str,
    "SmallAutoField": int,
    "SmallIntegerField": int,
    "TextField": str,
}


def value_preparer(field, connection):
    """A function from a model value to what ``field.get_db_prep_save()`` returns.

    It skips the field's conversions for values that already have the field's type
    (a string for a text field, an integer for an integer or foreign key), which
    is most of them and saves most of the time of preparing a large batch.
    """
    prepare = field.get_db_prep_save
    # A foreign key holds what the field it points to holds.
    target = field.target_field if field.get_internal_type() == "ForeignKey" else field
    plain = _PLAIN.get(target.get_internal_type())
    if plain is None:
        return lambda value: prepare(value, connection)

    def prepared(value):
        if value is None or type(value) is plain:
            return value
        return prepare(value, connection)

    return prepared


def _uses_copy(connection) -> bool:
    return connection.vendor == "postgresql"


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert plain rows (already database values) into ``model``'s table."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if _uses_copy(connection):
            # In chunks, so that the text of a whole file is never in memory twice.
            for start in range(0, len(rows), COPY_CHUNK):
                buffer = io.StringIO()
                for row in rows[start : start + COPY_CHUNK]:
                    buffer.write("\t".join([copy_value(value) for value in row]))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
            return
        # Old SQLite builds allow 999 parameters per statement.
        per_statement = max(1, min(1_000, 999 // len(columns)))
        row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([row_marks] * len(chunk))}",
                [value for row in chunk for value in row],
            )


def reserve_ids(model, count: int) -> list[int] | None:
    """``count`` new primary keys from ``model``'s sequence (PostgreSQL), else None.

    Ids drawn this way are never handed out again, whether or not the rows are
    written, exactly as with ``INSERT``.
    """
    connection = connections[router.db_for_write(model)]
    if not _uses_copy(connection) or count == 0:
        return None
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def create_instances(model, instances: list, *, batch_size: int = 1000) -> None:
    """Insert new ``instances`` as ``bulk_create`` would, and set their primary keys."""
    if not instances:
        return
    ids = reserve_ids(model, len(instances))
    if ids is None:
        model._default_manager.bulk_create(instances, batch_size=batch_size)
        return
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    fields = [f for f in opts.concrete_fields if f.column is not None]
    # pre_save() fills auto_now/auto_now_add dates and file names, as in
    # bulk_create; for the other fields it only reads the attribute.
    read = [
        (f, f.attname, type(f).pre_save is not Field.pre_save, value_preparer(f, connection)) for f in fields
    ]
    columns = [f.column for f in fields]
    for start in range(0, len(instances), batch_size):
        rows = []
        for obj, pk in zip(
            instances[start : start + batch_size], ids[start : start + batch_size], strict=True
        ):
            setattr(obj, opts.pk.attname, pk)
            rows.append(
                [
                    prepare(f.pre_save(obj, True) if own_pre_save else getattr(obj, attname))
                    for f, attname, own_pre_save, prepare in read
                ]
            )
        insert_rows(model, columns, rows)
    for obj in instances:
        obj._state.adding = False
        obj._state.db = connection.alias
