"""Two gunicorn servers with the production settings, on the suite's PostgreSQL database.

Several app servers share one PostgreSQL database and one Redis; SQLite is the
one-machine deployment (one database file, one writer), so on SQLite these tests are
deselected (shown as such in the summary) and ``.ci/run``'s PostgreSQL pass runs them.
Redis comes from ``TEST_REDIS_URL`` (``redis://127.0.0.1:6379/0``); without it the tests
are skipped on a developer's machine and fail in CI (``CI`` set), as the browser tests do.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def pytest_collection_modifyitems(config, items) -> None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    servers = [item for item in items if item.get_closest_marker("servers")]
    if servers:
        config.hook.pytest_deselected(items=servers)
        items[:] = [item for item in items if not item.get_closest_marker("servers")]


def unavailable(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)
    if not redis_answers(url):
        unavailable(f"Redis does not answer at {url}: the two-app-server tests need it.")
    return url


def database_url() -> str:
    """The suite's test database, as the servers' DATABASE_URL."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings["HOST"] or "localhost"
    port = settings["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server_environment(tmp_path_factory, redis_url) -> dict[str, str]:
    """The production settings (DEBUG off) with the static files collected once."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback: no TLS to redirect to
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "CONN_MAX_AGE": "0",  # no connection outlives a request: the test database can be flushed
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "4",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env | {"DATABASE_URL": "sqlite://:memory:"},
        check=True,
    )
    return env


def wait_until_serving(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} stopped (status {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn on port {port} did not start within 60 s")


@pytest.fixture(scope="module")
def servers(django_db_setup, server_environment) -> Iterator[tuple[str, str]]:
    """Two servers on two loopback ports, sharing the test database and Redis.

    They keep nothing between requests (no database connection, nothing on disk), so
    they serve every test of the module while each test's rows come and go.
    """
    env = server_environment | {"DATABASE_URL": database_url()}
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py"],
                cwd=ROOT,
                env=env | {"BIND": f"127.0.0.1:{port}"},
            )
            servers.append((process, port))
        for process, port in servers:
            wait_until_serving(process, port)
        yield tuple(f"http://127.0.0.1:{port}" for _, port in servers)
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            process.wait(timeout=30)


@pytest.fixture
def app_servers(transactional_db, servers) -> tuple[str, str]:
    """The two servers, on rows the test commits (so that the servers see them)."""
    return servers
