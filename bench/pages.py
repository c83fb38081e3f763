"""Benchmarks of learner pages through the test client, against the home page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.database import RUN_TOKEN, import_seed
from bench.results import Result
from bench.timing import measure_against
from briefing.models import Briefing
from learning.attempts import save_response, start_attempt, submit_attempt
from learning.models import Attempt
from quizzes.models import Quiz


@dataclass(frozen=True)
class Page:
    """A page to render, its budget as a ratio to the home page, and its queries budget."""

    name: str
    url: str
    budget: float
    query_budget: int


def signed_in_client(learner) -> Client:
    """A test client signed in as ``learner`` (on ``localhost``, an allowed host)."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(learner)
    return client


def correct_answer(snapshot: dict) -> object:
    key = snapshot["key"]
    return key["accepted"][0] if snapshot["kind"] == "cloze" else key["correct"]


def submitted_attempt(learner, quiz: Quiz) -> Attempt:
    """An attempt at ``quiz`` with every question answered correctly, then submitted."""
    attempt = start_attempt(learner=learner, quiz=quiz)
    for attempt_question in attempt.questions.all():
        save_response(
            attempt_question=attempt_question, answer=correct_answer(attempt_question.snapshot)
        )
    return submit_attempt(attempt=attempt)


def learner_pages(learner, briefing: Briefing) -> list[Page]:
    """The seed's second lesson, an open attempt, the dashboard and a result page."""
    quizzes = list(briefing.quizzes.filter(lesson__isnull=False).order_by("lesson__position"))
    lesson = briefing.lessons.get(position=1)
    attempt = start_attempt(learner=learner, quiz=quizzes[0])
    result = submitted_attempt(learner, quizzes[1])
    # Budgets: 3× the ratio to the home page measured when they were written, rounded
    # (lesson ~2.6×, attempt ~2.2×, dashboard ~2.8×, result ~2.0×); queries allow half
    # as many again as today's count (8, 4, 15, 5), so that an N+1 over blocks, questions
    # or lessons goes over at once. (The dashboard went from 9 to 15 queries with mastery,
    # decks, the daily goal and the streak.)
    return [
        Page("page: lesson", lesson.get_absolute_url(), budget=8, query_budget=12),
        Page(
            "page: quiz attempt",
            reverse("learning:attempt", args=[attempt.pk]),
            budget=7,
            query_budget=6,
        ),
        Page("page: dashboard", reverse("learning:dashboard"), budget=9, query_budget=22),
        Page(
            "page: result", reverse("learning:result", args=[result.pk]), budget=6, query_budget=8
        ),
    ]


def queries_for(client: Client, url: str) -> int:
    """Queries one (warm) request for ``url`` makes; fails unless the page renders (200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}, not 200")
    return len(queries)


def run(repeats: int) -> list[Result]:
    learner = get_user_model().objects.create_user(f"bench-{RUN_TOKEN}", password=None)
    client = signed_in_client(learner)
    pages = learner_pages(learner, import_seed(f"bench-{RUN_TOKEN}-pages"))
    home = reverse("briefing:home")
    queries_for(client, home)
    results = []
    for page in pages:
        baseline, measured = measure_against(
            lambda: client.get(home), lambda url=page.url: client.get(url), repeats
        )
        queries = queries_for(client, page.url)
        rate = f"{queries} queries/request"
        results.append(
            Result(page.name, baseline, measured, page.budget, rate, queries, page.query_budget)
        )
    return results
