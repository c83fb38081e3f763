"""Threads on one database: real requests from many learners at once, on SQLite and PostgreSQL.

On SQLite the suite's database lives in memory, shared between connections with table
locks that fail at once instead of waiting: nothing like production. Each test here runs
on a copy of it in a file, opened as production opens it (WAL, ``IMMEDIATE``
transactions, a busy timeout), so what the threads prove holds for the deployment.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items) -> None:
    """Deselect the PostgreSQL-only interleavings on SQLite (as ``tests/servers`` does)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    only_postgresql = [item for item in items if item.get_closest_marker("postgresql")]
    if only_postgresql:
        config.hook.pytest_deselected(items=only_postgresql)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The test database as every thread's connection opens it: SQLite in a file, and
    connections kept between requests as ``make serve`` keeps them (``CONN_MAX_AGE``;
    each thread closes its own when done)."""
    settings_dict = connection.settings_dict
    max_age = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 600
    try:
        if connection.vendor == "sqlite":
            with sqlite_file(tmp_path / "concurrency.sqlite3"):
                yield
        else:
            yield
    finally:
        settings_dict["CONN_MAX_AGE"] = max_age


@contextmanager
def sqlite_file(path: Path):
    """Copy the in-memory test database to ``path`` and open connections on the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    memory_name, memory = connection.settings_dict["NAME"], connection.connection
    # The in-memory database lives while a connection to it is open: keep this one.
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = memory_name
        connection.connection = memory
