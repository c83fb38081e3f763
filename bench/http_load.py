"""``make bench-http``: the learner pages served by gunicorn, driven by wrk, against a bare view.

``python -m bench.http_load [--duration S] [--connections N] [--learners N] [--json PATH]
[--databases sqlite,postgresql]``

For each database (a throwaway SQLite file; a throwaway PostgreSQL database, with Redis
when Redis answers), it migrates, collects the static files, prepares the data
(``bench.http_prepare``), starts gunicorn with the production settings (DEBUG off,
``config/gunicorn.py``) on a free port, and drives each page with wrk. Before each page
it measures the baseline, a bare view behind the same middleware (``bench.urls``), so
each ratio compares two runs a few seconds apart on the same machine. After the POSTs
it counts the stored answers and reviews: each POST went to a slot of its own, so a
stored row stands for one request and a lost answer shows.

Exits 1 when a ratio is under its budget, a run has errors, an answer is lost, or p99
is 10 times p50 or more.

Environment: BENCH_POSTGRES_URL (``postgres://postgres@127.0.0.1:5432/briefing_bench``:
dropped and created again, so give it a throwaway name), BENCH_REDIS_URL
(``redis://127.0.0.1:6379/0``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LUA = ROOT / "bench" / "wrk.lua"
WRK_THREADS = 2
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/briefing_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
SLOT_LEARNERS_PER_SECOND = 50  # slot learners prepared per second of POSTs a page gets


@dataclass(frozen=True)
class Target:
    """A page driven with wrk: what it sends, and its budget per database (None: none)."""

    name: str
    kind: str  # "anonymous" or "learner" GET of data[url_key]; "answers"/"reviews" POSTs
    url_key: str = ""
    budget: dict[str, float] | None = None


# The targets: a share of the bare view's requests per second, same run.
TARGETS = (
    Target("anonymous lesson", "anonymous", "lesson", {"sqlite": 0.55, "postgresql": 0.50}),
    Target("signed-in lesson", "learner", "lesson", {"sqlite": 0.30, "postgresql": 0.25}),
    Target("home page", "anonymous", "home"),
    Target("briefing page", "anonymous", "briefing"),
    Target("attempt page", "learner", "attempt", {"sqlite": 0.20, "postgresql": 0.18}),
    Target("dashboard", "learner", "dashboard", {"sqlite": 0.20, "postgresql": 0.18}),
    Target("answer POST (htmx)", "answers", budget={"sqlite": 0.12, "postgresql": 0.10}),
    Target("review answer POST (htmx)", "reviews"),
)


@dataclass
class Run:
    """One wrk run, from ``bench/wrk.lua``'s summary."""

    requests: int
    duration_us: int
    connect: int
    read: int
    write: int
    timeout: int
    status: int
    not_ok: int
    refused: int
    wrapped: int
    sent: int  # the most requests one wrk thread made, answered or in flight
    p50_us: int
    p99_us: int

    @property
    def rate(self) -> float:
        return self.requests / (self.duration_us / 1e6)

    @property
    def errors(self) -> int:
        return self.connect + self.read + self.write + self.timeout + self.not_ok + self.refused

    @property
    def successes(self) -> int:
        return self.requests - self.not_ok - self.refused


@dataclass
class Row:
    database: str
    name: str
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    baseline_rate: float
    ratio: float
    budget: float | None
    stored: int | None = None
    lost: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_python(args: list[str], env: dict[str, str], *, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def postgres_ready(url: str) -> bool:
    parts = urlsplit(url)
    with (
        contextlib.suppress(OSError),
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), timeout=2),
    ):
        return True
    return False


def redis_ready(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2
        ) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A fresh database at ``url`` (dropped first when it exists), dropped afterwards."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()

    def execute(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url: str, redis_url: str, static_root: Path) -> dict[str, str]:
    """The environment ``make serve`` needs, with the bench's URLconf and a free port later."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "bench.http_settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # wrk speaks plain HTTP to 127.0.0.1
        "CONN_MAX_AGE": "600",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "ERROR",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def fetch(url: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


@contextlib.contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    server_env = env | {"BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-c",
            "config/gunicorn.py",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                if fetch(f"{base}/bench/bare/")[0] == 200:
                    break
            if process.poll() is not None:
                raise RuntimeError("gunicorn stopped before it served a page")
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer within 30 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(
    base: str, requests_file: Path, csrf: str, duration: int, connections: int, offset: int = 0
) -> Run:
    """One wrk run; ``offset``: how many of each wrk thread's lines earlier runs sent."""
    threads = min(WRK_THREADS, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base,
        "--",
        str(requests_file),
        str(threads),
        csrf,
        str(offset),
    ]
    output = subprocess.run(command, check=True, text=True, capture_output=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    return Run(**json.loads(line.removeprefix("BENCH-JSON ")))


def get_requests(folder: Path, name: str, path: str, cookie: str = "") -> Path:
    requests_file = folder / f"{name}.tsv"
    requests_file.write_text(f"GET\t{path}\t{cookie}\t\n", encoding="utf-8")
    return requests_file


def check_pages(base: str, data: dict) -> None:
    """Each page answers 200 and shows the visitor it was asked for, before it is timed."""
    for target in TARGETS:
        if target.kind not in ("anonymous", "learner"):
            continue
        cookie = data["cookie"] if target.kind == "learner" else ""
        status, html = fetch(base + data[target.url_key], cookie)
        signed_in = "Sign out" in html
        if status != 200 or signed_in != (target.kind == "learner"):
            raise RuntimeError(f"{target.name}: status {status}, signed in: {signed_in}")


def measure_database(database: str, database_url: str, redis_url: str, args) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="briefing-bench-http-") as folder_name:
        folder = Path(folder_name)
        env = production_env(database_url, redis_url, folder / "static")
        run_python(["manage.py", "migrate", "--no-input", "-v0"], env)
        run_python(["manage.py", "collectstatic", "--no-input", "-v0"], env)
        print(f"[{database}] preparing {args.learners} learners' answer and review slots…")
        run_python(
            ["-m", "bench.http_prepare", "prepare", str(folder), "--learners", str(args.learners)],
            env,
        )
        data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
        before = json.loads(run_python(["-m", "bench.http_prepare", "count"], env, capture=True))
        rows = []
        with gunicorn(env) as base:
            check_pages(base, data)
            bare = get_requests(folder, "bare", "/bench/bare/")
            wrk(base, bare, data["csrf"], 2, args.connections)  # warm every worker up
            for target in selected(TARGETS, args.pages):
                if target.kind in ("answers", "reviews"):
                    requests_file = folder / f"{target.kind}.tsv"
                else:
                    cookie = data["cookie"] if target.kind == "learner" else ""
                    path = data[target.url_key]
                    requests_file = get_requests(folder, target.url_key, path, cookie)
                    wrk(base, requests_file, data["csrf"], 1, args.connections)  # warm up
                baselines, runs, offset = [], [], 0
                for _ in range(args.rounds):
                    baselines.append(wrk(base, bare, data["csrf"], args.duration, args.connections))
                    run = wrk(
                        base, requests_file, data["csrf"], args.duration, args.connections, offset
                    )
                    runs.append(run)
                    if target.kind in ("answers", "reviews"):
                        # The next round answers new slots, past those sent (maybe stored).
                        offset += run.sent
                row = make_row(database, target, runs, baselines)
                if target.kind in ("answers", "reviews"):
                    after = json.loads(
                        run_python(["-m", "bench.http_prepare", "count"], env, capture=True)
                    )
                    check_stored(row, runs, after[target.kind] - before[target.kind], args)
                    before = after
                rows.append(row)
                print(format_row(row), flush=True)
        return rows


def selected(targets: tuple[Target, ...], pages: str) -> list[Target]:
    words = [word.strip() for word in pages.split(",") if word.strip()]
    return [target for target in targets if not words or any(w in target.name for w in words)]


def make_row(database: str, target: Target, runs: list[Run], baselines: list[Run]) -> Row:
    """Rates, latencies and the ratio are medians over the rounds; each round's ratio compares
    the page with the baseline measured just before it, so a load that comes and goes on the
    machine moves both."""
    budget = target.budget[database] if target.budget else None
    ratio = statistics.median(
        run.rate / base.rate if base.rate else 0.0
        for run, base in zip(runs, baselines, strict=True)
    )
    p50 = statistics.median(run.p50_us for run in runs) / 1000
    p99 = statistics.median(run.p99_us for run in runs) / 1000
    errors, baseline_errors = sum(r.errors for r in runs), sum(b.errors for b in baselines)
    row = Row(
        database=database,
        name=target.name,
        rate=statistics.median(run.rate for run in runs),
        p50_ms=p50,
        p99_ms=p99,
        errors=errors,
        baseline_rate=statistics.median(base.rate for base in baselines),
        ratio=ratio,
        budget=budget,
    )
    if budget is not None and ratio < budget:
        row.problems.append(f"ratio {ratio:.1%} under its budget {budget:.0%}")
    if any(not base.requests for base in baselines):
        row.problems.append("the baseline served nothing in a round (the server was stuck)")
    if errors or baseline_errors:
        row.problems.append(f"{errors} errors ({baseline_errors} on the baseline)")
    if p99 >= 10 * p50:
        row.problems.append(f"p99 {p99:.0f} ms ≥ 10 × p50")
    return row


def check_stored(row: Row, runs: list[Run], stored: int, args) -> None:
    """Every answer the server accepted is stored once: one slot per request, so a lost
    answer shows as fewer rows than successes, a duplicate as more than were sent."""
    successes = sum(run.successes for run in runs)
    row.stored = stored
    row.lost = max(0, successes - stored)
    if any(run.wrapped for run in runs):
        row.problems.append("ran out of answer slots: prepare more learners (--learners)")
    if row.lost:
        row.problems.append(f"{row.lost} answers lost")
    # Requests still in flight when wrk stops are stored without being counted.
    if stored > successes + args.connections * len(runs):
        row.problems.append(f"{stored - successes} more rows stored than answers accepted")


COLUMNS = ("database", "page", "req/s", "p50", "p99", "errors", "stored", "ratio", "budget", "")


def format_row(row: Row) -> str:
    cells = row_cells(row)
    return "  ".join(f"{cell:<{width}}" for cell, width in zip(cells, WIDTHS, strict=True))


WIDTHS = (10, 26, 7, 8, 8, 6, 11, 6, 6, 0)


def row_cells(row: Row) -> tuple[str, ...]:
    return (
        row.database,
        row.name,
        f"{row.rate:.0f}",
        f"{row.p50_ms:.1f} ms",
        f"{row.p99_ms:.1f} ms",
        str(row.errors),
        "" if row.stored is None else f"{row.stored} ({row.lost} lost)",
        f"{row.ratio:.1%}",
        "" if row.budget is None else f"≥{row.budget:.0%}",
        "OK" if row.ok else "FAIL: " + "; ".join(row.problems),
    )


def markdown_table(rows: list[Row], baselines: dict[str, float]) -> str:
    lines = [
        "| database | page | req/s | p50 | p99 | errors | stored (lost) | ratio | budget |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for database, rate in baselines.items():
        lines.append(
            f"| {database} | bare view (baseline, median) | {rate:.0f} | | | | | 100 % | |"
        )
    for row in rows:
        cells = row_cells(row)
        lines.append("| " + " | ".join(cells[:-1]) + " |")
    return "\n".join(lines)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.http_load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run (3)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="baseline and page runs per page, alternated (3)"
    )
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument(
        "--learners",
        type=int,
        help="learners with answer and review slots (50 per second of POSTs: 450 for 3 × 3 s)",
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--pages", default="", help="only the pages whose name holds one of these words (a,b)"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench-http.json")
    args = parser.parse_args(argv)
    if args.learners is None:
        # Some 35 answer slots each, split between wrk's threads: room for 1,700 answers a second.
        args.learners = SLOT_LEARNERS_PER_SECOND * args.rounds * args.duration
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (make bench-http installs it from Debian).", file=sys.stderr)
        return 2
    rows: list[Row] = []
    skipped: list[str] = []
    databases = args.databases.split(",")
    if "sqlite" in databases:
        with tempfile.TemporaryDirectory(prefix="briefing-bench-db-") as folder:
            rows += measure_database("sqlite", f"sqlite:///{folder}/bench.sqlite3", "", args)
    if "postgresql" in databases:
        postgres_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
        redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
        if not postgres_ready(postgres_url):
            skipped.append(f"PostgreSQL: nothing answers at {urlsplit(postgres_url).netloc}")
        else:
            redis_url = redis_url if redis_ready(redis_url) else ""
            with postgres_database(postgres_url) as url:
                rows += measure_database("postgresql", url, redis_url, args)
    baselines = {
        database: statistics.median(row.baseline_rate for row in rows if row.database == database)
        for database in dict.fromkeys(row.database for row in rows)
    }
    print()
    print(
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, wrk -t{WRK_THREADS} "
        f"-c{args.connections}, {args.rounds} rounds of {args.duration} s; baseline medians: "
        + ", ".join(f"{db} {rate:.0f} req/s" for db, rate in baselines.items())
    )
    print(markdown_table(rows, baselines))
    for reason in skipped:
        print(f"not measured: {reason}")
    failed = [row for row in rows if not row.ok]
    payload = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "wrk": {
            "threads": WRK_THREADS,
            "connections": args.connections,
            "duration": args.duration,
            "rounds": args.rounds,
        },
        "baselines": baselines,
        "rows": [asdict(row) | {"ok": row.ok} for row in rows],
        "not_measured": skipped,
    }
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{len(rows) - len(failed)} of {len(rows)} runs within budget; JSON in {args.json}")
    return 1 if failed or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
