"""Read queries compiled to SQL once, then run with each call's values.

Building a queryset's SQL costs Django 0.3 to 1 ms here; running it costs about 0.05 ms on
SQLite. For the few queries that run on (nearly) every request (the session, the signed-in
user, the versions of a visitor's cached page, an answer's attempt and question, a review
answer's card) the SQL is built once per database vendor.

On PostgreSQL, planning such a query costs the server more than running it (0.3 ms
against 0.08 ms for the learner's lesson visit): ``statement_cursor`` prepares each
statement once per connection, and runs it with its plan kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators


@dataclass(frozen=True)
class InstanceMaker:
    """How a row becomes a model instance with its ``select_related`` objects: worked out
    once from the compiler, where Django's ``ModelIterable`` works it out for each query."""

    model: type[Model]
    names: list[str]  # the attribute names of the model's columns in the row
    span: slice  # where those columns are
    populators: list  # Django's, one per related object

    @classmethod
    def of(cls, compiler) -> InstanceMaker:
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        span = slice(fields[0], fields[-1] + 1)
        return cls(
            klass_info["model"],
            [column.target.attname for column, _, _ in select[span]],
            span,
            get_related_populators(klass_info, select, connection.alias),
        )

    def make(self, row: list) -> Model:
        instance = self.model.from_db(connection.alias, self.names, row[self.span])
        for populator in self.populators:
            populator.populate(row, instance)
        return instance


@dataclass(frozen=True)
class Compiled:
    sql: str
    places: list[tuple[str | None, object]]
    columns: list[tuple[int, list, object]]  # (position, converters, expression)
    instances: InstanceMaker | None  # for a queryset of model instances, unannotated


class CompiledQuery:
    """A read query compiled once per database vendor, run with each call's values.

    ``build`` makes the queryset from keyword values. It is called once per vendor with a
    marker for each name: a string for each of ``names``, and for each of ``samples`` (a
    parameter the ORM would not take as a string, such as a primary key) the sample value
    itself, which should be one no real call passes. Each marker's place among the SQL
    parameters takes the call's value, so each must reach the SQL unchanged, exactly once.

    ``rows`` returns the rows as the driver returns them (a UUID may be a string): for
    values that are compared or hashed, never shown. ``instances`` returns model
    instances, with the fields converted as the ORM converts them and the related objects
    of ``select_related`` in place, for a queryset of model instances without annotations.
    """

    def __init__(self, build: Callable[..., QuerySet], *names: str, **samples: int | str) -> None:
        self.build, self.names, self.samples = build, names, samples
        self.compiled: dict[str, Compiled] = {}

    def query(self) -> Compiled:
        vendor = connection.vendor
        if vendor not in self.compiled:
            self.compiled[vendor] = self.compile()
        return self.compiled[vendor]

    def compile(self) -> Compiled:
        markers = {f"\x00{name}\x00": name for name in self.names}
        queryset = self.build(**{name: m for m, name in markers.items()}, **self.samples)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        places = [(self.place(param, markers), param) for param in params]
        named = [name for name, _ in places if name]
        if sorted(named) != sorted([*self.names, *self.samples]):
            raise ValueError(
                f"Each of {(*self.names, *self.samples)} must be a plain SQL parameter, once: {sql}"
            )
        selected = [column for column, _, _ in compiler.select]
        columns = [
            (position, converters, expression)
            for position, (converters, expression) in compiler.get_converters(selected).items()
        ]
        if queryset._iterable_class is not ModelIterable or compiler.annotation_col_map:
            return Compiled(sql, places, columns, None)
        return Compiled(sql, places, columns, InstanceMaker.of(compiler))

    def place(self, param: object, markers: dict[str, str]) -> str | None:
        if isinstance(param, str) and param in markers:
            return markers[param]
        for name, sample in self.samples.items():
            # PostgreSQL's backend hands a small integer over wrapped (psycopg's Int4).
            if isinstance(param, type(sample)) and param == sample:
                return name
        return None

    def execute(self, compiled: Compiled, values: dict[str, object]) -> list[tuple]:
        arguments = [
            self.argument(value, values[name]) if name else value for name, value in compiled.places
        ]
        with statement_cursor() as cursor:
            try:
                cursor.execute(compiled.sql, arguments)
            except OverflowError:  # a number too large for the column matches no row
                return []
            return cursor.fetchall()

    @staticmethod
    def argument(compiled_with: object, value: object) -> object:
        """The call's value, in the wrapper type the ORM gave the sample (an ``Int4``)."""
        wrapper = type(compiled_with)
        return value if wrapper in (int, str) or isinstance(value, wrapper) else wrapper(value)

    def rows(self, **values) -> list[tuple]:
        return self.execute(self.query(), values)

    def converted_rows(self, **values) -> list[list]:
        """The rows with each value converted as the ORM converts it (a datetime, a UUID)."""
        compiled = self.query()
        return [self.convert(compiled, row) for row in self.execute(compiled, values)]

    def instances(self, **values) -> list[Model]:
        """The rows as model instances, made as ``ModelIterable`` makes them."""
        compiled = self.query()
        if compiled.instances is None:
            raise ValueError("Only a queryset of model instances, unannotated, returns instances.")
        return [
            compiled.instances.make(self.convert(compiled, row))
            for row in self.execute(compiled, values)
        ]

    @staticmethod
    def convert(compiled: Compiled, row: tuple) -> list:
        fields = list(row)
        for position, converters, expression in compiled.columns:
            for converter in converters:
                fields[position] = converter(fields[position], expression, connection)
        return fields


def for_staff_and_others(
    build: Callable[..., QuerySet], *names: str, **samples: int | str
) -> dict[bool, CompiledQuery]:
    """``build`` compiled twice, keyed by ``is_staff``: it takes ``staff`` as well (staff also
    see unpublished briefings, so the two SQL texts differ)."""
    return {
        staff: CompiledQuery(partial(build, staff=staff), *names, **samples)
        for staff in (False, True)
    }


def statement_cursor() -> CursorWrapper:
    """``connection.cursor()``, whose statements PostgreSQL prepares once per connection.

    Django's PostgreSQL cursor binds parameters on the client, so the server plans each
    statement anew; this one binds them on the server, and psycopg prepares each
    statement at its first run (``prepare_threshold`` 0 in the settings) and keeps its
    plan for the connection's life. Only for the fixed statements run on (nearly) every
    request: psycopg keeps up to 100 per connection. While Django logs queries (DEBUG, a
    test counting them), it is Django's own cursor: a prepared run leaves psycopg no SQL
    text for the log.
    """
    with prepared_queries():
        return connection.cursor()


def preparing() -> bool:
    """Whether statements are prepared here: on PostgreSQL, unless Django logs queries."""
    return connection.vendor == "postgresql" and not connection.queries_logged


@contextmanager
def prepared_queries() -> Iterator[None]:
    """Within the block, PostgreSQL prepares every statement sent through a cursor opened
    in it: the connection's cursors bind on the server. For ``statement_cursor``, and for
    views whose few queries join so many tables that the server spends longer planning
    them than running them."""
    if not preparing():
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    factory, raw.cursor_factory = raw.cursor_factory, ServerBindingCursor
    try:
        yield
    finally:
        raw.cursor_factory = factory
