"""Benchmarks of an import with its questions: the seed, then a one-cell re-import."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable

from django.db import transaction

from bench.documents import SEED_PATH, SEED_TITLE, edited_seed, seed_bytes
from bench.results import Result
from bench.timing import measure_against
from briefing.models import Block, Briefing, Lesson, TableRow, Term
from quizzes.publishing import import_document

# Budgets: 3× the ratio measured when they were written (Python 3.11, 2 cores, SQLite
# in a temporary folder), rounded. Against a bulk_create of as many table rows as one
# seed import stores: ~21× for a first import, ~25× for a one-cell re-import.
IMPORT_BUDGET = 65
REIMPORT_BUDGET = 75
# Slugs carry a per-run token, so a run never collides with an earlier one's rows.
RUN_TOKEN = uuid.uuid4().hex[:8]


def import_seed(slug: str, source: bytes | None = None) -> Briefing:
    return import_document(
        source=seed_bytes() if source is None else source,
        filename=SEED_PATH.name,
        slug=slug,
        title=SEED_TITLE,
    ).briefing


def stored_rows(briefing: Briefing) -> int:
    """Rows one import stored: briefing, lessons, blocks, terms, rows, quizzes, questions."""
    in_briefing = {"block__lesson__briefing": briefing}
    return (
        1
        + Lesson.objects.filter(briefing=briefing).count()
        + Block.objects.filter(lesson__briefing=briefing).count()
        + Term.objects.filter(**in_briefing).count()
        + TableRow.objects.filter(**in_briefing).count()
        + briefing.quizzes.count()
        + briefing.questions.count()
    )


def bulk_insert(lesson: Lesson) -> Callable[[int], None]:
    """A function storing ``count`` rows in a new table block of ``lesson``, in one transaction."""
    positions = itertools.count()

    def insert(count: int) -> None:
        with transaction.atomic():
            block = Block.objects.create(
                lesson=lesson, position=next(positions), kind="table", shape="key_value"
            )
            TableRow.objects.bulk_create(
                TableRow(block=block, position=row, cells=["key", "value"]) for row in range(count)
            )

    return insert


def baseline_lesson() -> Lesson:
    briefing = Briefing.objects.create(
        title="Baseline", slug=f"bench-{RUN_TOKEN}-baseline", published=False
    )
    return Lesson.objects.create(briefing=briefing, position=0, title="Baseline", slug="baseline")


def first_import() -> tuple[Callable[[], object], int]:
    """A first import under a new slug each call, and how many rows one import stores."""
    slugs = (f"bench-{RUN_TOKEN}-{number}" for number in itertools.count())
    rows = stored_rows(import_seed(next(slugs)))
    return lambda: import_seed(next(slugs)), rows


def reimport() -> Callable[[], object]:
    """Re-import under one slug, alternating the seed and its one-cell edit."""
    slug = f"bench-{RUN_TOKEN}-reimport"
    import_seed(slug)
    versions = itertools.cycle([edited_seed(), seed_bytes()])
    return lambda: import_seed(slug, next(versions))


def run(repeats: int) -> list[Result]:
    import_once, rows = first_import()
    insert = bulk_insert(baseline_lesson())
    targets = [
        ("import seed (new slug)", import_once, IMPORT_BUDGET),
        ("re-import seed, one cell changed", reimport(), REIMPORT_BUDGET),
    ]
    results = []
    for name, action, budget in targets:
        baseline, measured = measure_against(lambda: insert(rows), action, repeats)
        rate = f"{rows / measured.median:.0f} rows/s ({rows})"
        results.append(Result(name, baseline, measured, budget, rate))
    return results
