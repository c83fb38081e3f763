"""Production start-up, run as a deployment runs it (subprocesses with DEBUG off):
``check --deploy`` is clean, a weak SECRET_KEY or a missing ``collectstatic`` refuses to start
with a clear message, and gunicorn serves without naming itself."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "kT4v-Qz8pL2xW9mR7cN5bY1hJ6dF3gS0aE-uI4oP8rT2yU6iO0pA4sD8fG2hJ6kL"


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production start: DEBUG off, a strong key, its own database."""
    env = {
        "DEBUG": "false",
        "SECRET_KEY": PRODUCTION_KEY,
        "ALLOWED_HOSTS": "trainer.example.org,127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> dict[str, str]:
    """A production deployment's environment after ``migrate`` and ``collectstatic``."""
    env = production_env(tmp_path_factory.mktemp("deployed"))
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        result = manage(env, *command)
        assert result.returncode == 0, result.stdout + result.stderr
    return env


def test_check_deploy_is_clean_with_production_settings(deployed):
    result = manage(deployed, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage({"DEBUG": "false", "PATH": "/usr/bin:/bin"}, "check")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("x", "it has 1 characters, fewer than 50"),
        ("short-but-varied-key-0123456789", "it has 31 characters, fewer than 50"),
        ("ab" * 40, "it has 2 different characters, fewer than 5"),
        ("django-insecure-" + PRODUCTION_KEY, "it starts with 'django-insecure-'"),
    ],
)
def test_production_settings_refuse_a_weak_secret_key(tmp_path, key, reason):
    result = manage(production_env(tmp_path, SECRET_KEY=key), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for production" in result.stderr
    assert reason in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_a_weak_secret_key_is_fine_while_debugging(tmp_path):
    result = manage(production_env(tmp_path, DEBUG="true", SECRET_KEY="x"), "check")

    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_a_missing_collectstatic(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy")

    assert result.returncode != 0
    assert "config.E001" in result.stderr
    assert "run `python manage.py collectstatic --no-input`" in result.stderr


def test_the_site_refuses_to_start_without_collectstatic(tmp_path):
    """Not a 500 on every page: the WSGI application itself does not load."""
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: There is no static file manifest" in result.stderr
    assert "run `python manage.py collectstatic --no-input` before starting" in result.stderr


def test_the_site_refuses_to_start_after_a_stale_collectstatic(tmp_path, deployed):
    """A static file added after the last ``collectstatic`` would be a 500 on the pages using it."""
    extra = tmp_path / "extra-static"
    (extra / "css").mkdir(parents=True)
    (extra / "css" / "added-later.css").write_text("body { color: black; }\n")
    code = (
        "from django.conf import settings;"
        f"settings.STATICFILES_DIRS.append({str(extra)!r});"
        "import config.wsgi"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**deployed, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "static file manifest" in result.stderr
    assert "is out of date: 1 file(s) are missing from it, e.g. css/added-later.css" in (
        result.stderr
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    """Wait until gunicorn accepts connections (a readiness wait, not a timing assertion)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited: {process.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not start listening")


def test_gunicorn_with_the_project_config_sends_no_server_banner(deployed):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=deployed,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, process)
        answers = {}
        for path in ("/", "/static/css/site.css", "/no-such-page/"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            # Behind the TLS proxy that SECURE_PROXY_SSL_HEADER expects.
            connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            response.read()
            answers[path] = (response.status, dict(response.getheaders()))
            connection.close()
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert [status for status, _ in answers.values()] == [200, 200, 404]
    for path, (_, headers) in answers.items():
        assert "server" not in {name.lower() for name in headers}, (path, headers)
    assert "frame-ancestors 'none'" in answers["/"][1]["Content-Security-Policy"]


SECURITY_SETTINGS = (
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "TRUSTED_PROXY_COUNT",
    "SESSION_IDLE_SECONDS",
    "SESSION_COOKIE_AGE",
    "SIGNUP_RATE_LIMIT",
    "SIGNUP_RATE_WINDOW_SECONDS",
)


def security_settings(env: dict[str, str]) -> list[str]:
    names = ", ".join(f"settings.{name}" for name in SECURITY_SETTINGS)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from django.conf import settings; print(*[{names}], sep='|')",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().split("|")


def test_security_settings_have_safe_defaults(tmp_path):
    assert security_settings(production_env(tmp_path)) == [
        "5",
        "0:15:00",
        "0",
        "7200",
        "7260",
        "10",
        "3600",
    ]


def test_security_settings_come_from_the_environment(tmp_path):
    env = production_env(
        tmp_path,
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_LOCKOUT_MINUTES="60",
        TRUSTED_PROXY_COUNT="1",
        SESSION_IDLE_SECONDS="900",
        SIGNUP_RATE_LIMIT="4",
        SIGNUP_RATE_WINDOW_SECONDS="600",
    )

    assert security_settings(env) == ["3", "1:00:00", "1", "900", "960", "4", "600"]


def health_checks(env: dict[str, str]) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.DATABASES['default']['CONN_HEALTH_CHECKS'])",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_database_health_checks_are_off_unless_asked_for(tmp_path):
    """Each would cost every request a round trip to PostgreSQL (see config/settings.py)."""
    assert health_checks(production_env(tmp_path)) == "False"
    assert health_checks(production_env(tmp_path, CONN_HEALTH_CHECKS="true")) == "True"


def test_the_master_freezes_the_loaded_app_before_it_forks_a_worker(deployed):
    """A worker's full garbage collection skips what the master loaded (preload_app)."""
    script = (
        "import gc, runpy; import config.wsgi; "
        "hooks = runpy.run_path('config/gunicorn.py'); hooks['pre_fork'](None, None); "
        "print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=deployed, capture_output=True, text=True
    )
    frozen, tracked = map(int, output.stdout.split())
    assert frozen > 10_000  # Django, the project and their templates
    assert tracked < 1_000
