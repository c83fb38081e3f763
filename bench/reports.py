"""Benchmarks of the instructors' reports on 10,000 learners and 200,000 responses.

The baseline is one ``SUM`` over every response: the cheapest pass over the
data the reports aggregate, timed in the same run. Each report page must also
render in under a second (``REPORT_TIME_LIMIT``), and runs a fixed number of
queries.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Sum
from django.urls import reverse

from bench.database import RUN_TOKEN, import_seed
from bench.history import HistorySize, generate_history
from bench.pages import Page, queries_for, signed_in_client
from bench.results import Result
from bench.timing import measure_against
from learning.models import Attempt, Response

SIZE = HistorySize(learners=10_000, responses=200_000)
REPORT_TIME_LIMIT = 1.0  # seconds, the median of a page
# Budgets: 3× the ratio to the SUM over all responses measured when they were written
# (Python 3.11, 2 cores shared with other work, SQLite), rounded: item statistics ~10×,
# briefing ~10×, learners ~1.5×, one learner ~0.9×. Queries: half as many again as
# today's count (7, 13, 4, 13), so that one query per learner or question goes over.
QUIZ_BUDGET = 30
BRIEFING_BUDGET = 30
LEARNERS_BUDGET = 5
LEARNER_BUDGET = 3


def report_pages(briefing) -> list[Page]:
    """The item statistics of the quiz with the most attempts, the briefing, the learners."""
    busiest = (
        Attempt.objects.filter(quiz__briefing=briefing)
        .values("quiz")
        .annotate(attempts=Count("pk"))
        .order_by("-attempts", "quiz")
        .values_list("quiz", flat=True)
        .first()
    )
    learner = get_user_model().objects.filter(attempts__quiz__briefing=briefing).first()
    return [
        Page("report: item statistics", reverse("reports:quiz", args=[busiest]), QUIZ_BUDGET, 10),
        Page(
            "report: briefing",
            reverse("reports:briefing", args=[briefing.slug]),
            BRIEFING_BUDGET,
            19,
        ),
        Page("report: learners", reverse("reports:learners"), LEARNERS_BUDGET, 6),
        Page(
            "report: one learner",
            reverse("reports:learner", args=[learner.pk]),
            LEARNER_BUDGET,
            19,
        ),
    ]


def generated_briefing():
    """The seed under its own slug with a generated history (after the learner pages are
    measured); prints how long the history took to write."""
    briefing = import_seed(f"bench-{RUN_TOKEN}-reports")
    started = time.perf_counter()
    generate_history(briefing, SIZE, prefix=f"bench-{RUN_TOKEN}-learner")
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: without statistics the planner
        # takes 6,000 attempts for 130 and nests its loops.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"reports: {SIZE.learners:,} learners and {Response.objects.count():,} responses "
        f"written in {time.perf_counter() - started:.0f} s"
    )
    return briefing


def run(repeats: int) -> list[Result]:
    briefing = generated_briefing()
    staff = get_user_model().objects.create_user(
        f"bench-{RUN_TOKEN}-instructor", password=None, is_staff=True
    )
    client = signed_in_client(staff)

    def baseline() -> object:
        return Response.objects.aggregate(total=Sum("score"))

    results = []
    for page in report_pages(briefing):
        queries = queries_for(client, page.url)
        baseline_time, measured = measure_against(
            baseline, lambda url=page.url: client.get(url), repeats
        )
        results.append(
            Result(
                page.name,
                baseline_time,
                measured,
                page.budget,
                f"{queries} queries/request",
                queries,
                page.query_budget,
                time_limit=REPORT_TIME_LIMIT,
            )
        )
    return results
