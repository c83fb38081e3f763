"""Learners answering at once: what the concurrency tests share."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connection
from django.test import Client

from learning.attempts import start_attempt
from learning.models import AttemptQuestion, Response
from quizzes.models import Quiz
from quizzes.publishing import import_document
from tests.concurrency.documents import seed_copy
from tests.web.quiz_helpers import answer_data, answer_url

THREADS = 16
ANSWERS = 2_000
PASSWORD = "a-long-test-password"
T = TypeVar("T")


def run_together(jobs: list[Callable[[], T]]) -> list[T]:
    """Run each job in its own thread, all released at the same moment by a barrier.

    Each thread closes its database connection when done. An exception in a job (a
    view's error: the test client raises it) is raised here.
    """
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], T]) -> T:
        try:
            barrier.wait(timeout=120)
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def make_learners(django_user_model, count: int) -> list:
    return [
        django_user_model.objects.create_user(f"learner{number}", password=PASSWORD)
        for number in range(count)
    ]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def import_copies(copies: int, slug: str = "concurrency"):
    """A briefing of ``copies`` copies of the seed, every lesson quiz drawing all its questions."""
    source = "".join(seed_copy(number) for number in range(1, copies + 1)).encode()
    briefing = import_document(source=source, filename=f"{slug}.txt", slug=slug).briefing
    Quiz.objects.filter(briefing=briefing, lesson__isnull=False).update(draw=None)
    return briefing, source


def questions_to_answer(learner, briefing, count: int) -> list[AttemptQuestion]:
    """``count`` questions of open practice attempts of ``learner``, one quiz after another."""
    items: list[AttemptQuestion] = []
    for quiz in Quiz.objects.filter(briefing=briefing, lesson__isnull=False).order_by("pk"):
        attempt = start_attempt(learner=learner, quiz=quiz)
        items += attempt.questions.order_by("position")
        if len(items) >= count:
            return items[:count]
    raise AssertionError(f"the briefing has fewer than {count} questions to answer")


def answering(client: Client, items: list[AttemptQuestion]):
    """A job posting the right answer to each item, as the question's Check button does."""

    def job() -> list[int]:
        return [
            client.post(
                answer_url(item.attempt, item.position), answer_data(item.snapshot)
            ).status_code
            for item in items
        ]

    return job


def answered(items: list[AttemptQuestion]) -> int:
    return Response.objects.filter(attempt_question__in=items).count()


def answering_while(import_job, django_user_model, briefing, per_learner: int):
    """Sixteen learners answer while ``import_job`` runs, all released together."""
    learners = make_learners(django_user_model, THREADS)
    work = [
        (signed_in(learner), questions_to_answer(learner, briefing, per_learner))
        for learner in learners
    ]
    *statuses, imported = run_together(
        [answering(client, items) for client, items in work] + [import_job]
    )
    items = [item for _, per_thread in work for item in per_thread]
    return [status for per_thread in statuses for status in per_thread], items, imported
