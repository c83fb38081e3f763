"""Every migration of the project's own apps can be undone: each operation is reversible,
and the apps really migrate to zero and back on the database the suite runs on."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

ROOT = Path(__file__).resolve().parents[2]

# (app label, migration name) → why it cannot be undone. Empty: every migration can.
IRREVERSIBLE: dict[tuple[str, str], str] = {}


def project_apps() -> list[str]:
    """The apps whose code lives in this repository (not Django's or a dependency's)."""
    return [
        config.label for config in apps.get_app_configs() if Path(config.path).is_relative_to(ROOT)
    ]


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    labels = set(project_apps())
    return [
        (key, migration) for key, migration in loader.disk_migrations.items() if key[0] in labels
    ]


def test_the_project_has_migrations_to_check():
    labels = {key[0] for key, _ in project_migrations()}
    assert {"accounts", "briefing", "quizzes", "learning"} <= labels


def test_every_operation_of_every_migration_is_reversible():
    irreversible = [
        f"{app}.{name}: {operation.describe()}"
        for (app, name), migration in project_migrations()
        if (app, name) not in IRREVERSIBLE
        for operation in migration.operations
        if not operation.reversible
    ]
    assert irreversible == [], "add a reverse, or say why in IRREVERSIBLE"


@pytest.mark.django_db(transaction=True)
def test_every_project_app_migrates_to_zero_and_back():
    recorder = MigrationRecorder(connection)
    applied_before = set(recorder.applied_migrations())
    labels = [
        label for label in project_apps() if any(k[0] == label for k, _ in project_migrations())
    ]
    try:
        for label in labels:
            call_command("migrate", label, "zero", verbosity=0)
            assert not [key for key in recorder.applied_migrations() if key[0] == label]
    finally:
        call_command("migrate", verbosity=0)

    assert set(recorder.applied_migrations()) == applied_before
