"""``python -m bench [--quick] [--json PATH]``: run every benchmark, print the table.

Exits 1 when any benchmark is over its budget, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.environment import django_environment
from bench.results import Result, render_table, write_json


@dataclass(frozen=True)
class Repeats:
    """Timed samples per benchmark, after the warm-up."""

    pure: int
    database: int
    pages: int
    reports: int
    hostile: int


DEFAULT_REPEATS = Repeats(pure=25, database=15, pages=40, reports=10, hostile=2)
QUICK_REPEATS = Repeats(pure=5, database=3, pages=7, reports=3, hostile=1)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Briefing Trainer's performance benchmarks."
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats: a rough check")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results here")
    return parser.parse_args(argv)


def run_all(repeats: Repeats) -> list[Result]:
    """The pure pipeline first, then pages (on a database holding one briefing), then imports,
    then the hostile inputs of ``tests/robustness`` imported whole, then the reports (last:
    they add 10,000 learners to the database)."""
    # Models can be imported only once Django is set up.
    from bench import database, hostile, pages, pure, reports

    return [
        *pure.run(repeats.pure),
        *pages.run(repeats.pages),
        *database.run(repeats.database),
        *hostile.run(repeats.hostile),
        *reports.run(repeats.reports),
    ]


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    started = time.perf_counter()
    with django_environment():
        results = run_all(QUICK_REPEATS if arguments.quick else DEFAULT_REPEATS)
    print(render_table(results))
    over = [result.name for result in results if result.over_budget]
    verdict = f"over budget: {', '.join(over)}" if over else "all within budget"
    print(f"\n{len(results)} benchmarks in {time.perf_counter() - started:.0f} s: {verdict}")
    if arguments.json:
        write_json(results, arguments.json, quick=arguments.quick)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
