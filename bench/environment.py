"""Django for the benchmarks: settings, a throwaway SQLite database, migrations."""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connections


@contextmanager
def django_environment() -> Iterator[None]:
    """Set Django up on ``DATABASE_URL``, or on a temporary SQLite file removed afterwards."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if os.environ.get("DATABASE_URL"):
        setup_django()
        yield
        return
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        try:
            setup_django()
            yield
        finally:
            connections.close_all()
            del os.environ["DATABASE_URL"]


def setup_django() -> None:
    """``django.setup()``, DEBUG off (no query log, as under the test runner), ``migrate``."""
    # Whitenoise warns that collectstatic has not run: irrelevant to the pages measured.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)
