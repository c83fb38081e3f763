"""Whole-database backups: SQLite's online backup API, pg_dump/pg_restore for PostgreSQL.

Both are consistent snapshots taken while the site runs (SQLite copies pages under its own
locking, pg_dump reads in one repeatable-read transaction), written to a temporary name
and renamed, so a file under the final name is always a complete backup.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


def default_backup_path() -> Path:
    """``BACKUP_DIR/<database name>-<UTC time>.<sqlite3|dump>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = Path(str(connection.settings_dict["NAME"])).stem or "database"
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
    return Path(settings.BACKUP_DIR) / f"{name}-{stamp}{suffix}"


def backup_database(path: Path) -> Path:
    """Write a consistent copy of the default database to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(partial)
        elif connection.vendor == "postgresql":
            _pg_dump(partial)
        else:
            raise CommandError(f"Backups of {connection.vendor} databases are not supported.")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def restore_database(path: Path) -> None:
    """Replace every table of the default database with those of the backup at ``path``."""
    if not path.is_file():
        raise CommandError(f"{path}: no such backup file.")
    with path.open("rb") as backup:
        head = backup.read(len(SQLITE_MAGIC))
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise CommandError(f"{path}: not a SQLite backup (made by backup_db on SQLite?).")
        _sqlite_restore(path)
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_DUMP_MAGIC):
            raise CommandError(f"{path}: not a pg_dump archive (made by backup_db on PostgreSQL?).")
        _pg_restore(path)
    else:
        raise CommandError(f"Restoring {connection.vendor} databases is not supported.")


def _sqlite_backup(target_path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        if "django_migrations" not in tables:
            raise CommandError(f"{path}: a SQLite file, but not a backup of this site.")
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise CommandError(f"{path}: the backup is damaged (PRAGMA quick_check failed).")
        connection.close()  # no transaction of ours may be open while the pages are replaced
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    """The program with the connection's host, port, user and database, and its environment."""
    executable = shutil.which(program)
    if executable is None:
        raise CommandError(
            f"{program} is not on PATH: install the PostgreSQL client programs "
            "(the same major version as the server)."
        )
    db = connection.settings_dict
    arguments = [executable, "--dbname", str(db["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            arguments += [option, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return arguments, env


def _run(arguments: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        program = Path(arguments[0]).name
        raise CommandError(f"{program} failed: {result.stderr.strip() or result.returncode}")


def _pg_dump(target_path: Path) -> None:
    arguments, env = _pg_command("pg_dump")
    _run(
        [
            *arguments,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target_path),
        ],
        env,
    )


def _pg_restore(path: Path) -> None:
    arguments, env = _pg_command("pg_restore")
    connection.close()  # our own idle connection must not hold locks on the tables
    _run(
        [
            *arguments,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        ],
        env,
    )
