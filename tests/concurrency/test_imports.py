"""Imports while learners answer, on SQLite and PostgreSQL: no error page, no answer lost.

The import cleans, parses and generates before its write transaction, which writes only
what changed; on SQLite a learner's answer waits for it (``IMMEDIATE`` transactions, a
busy timeout) and never fails.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.db.models.deletion import Collector
from django.urls import reverse

import learning.attempts
from briefing.models import TableRow
from learning.models import Attempt
from quizzes.models import Question, Quiz
from quizzes.publishing import import_document
from tests.concurrency.documents import large_briefing
from tests.concurrency.learners import (
    answered,
    answering_while,
    import_copies,
    make_learners,
    run_together,
    signed_in,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_database")]


def test_reimports_while_learners_answer_lose_no_answer(django_user_model):
    briefing, source = import_copies(1)
    changed = source.replace(b"Cybersecurity Measures 1 |", b"Cyber Defence 1 |")
    assert changed != source

    def reimport() -> list:
        # The same content in other bytes, one cell changed, then the first file again.
        return [
            import_document(source=version, filename="concurrency.txt", slug="concurrency")
            for version in (source.replace(b"\n", b"\r\n"), changed, source)
        ]

    statuses, items, publications = answering_while(reimport, django_user_model, briefing, 20)

    assert set(statuses) == {302}
    assert answered(items) == len(items)
    assert [publication.content.unchanged for publication in publications] == [False] * 3


def test_a_one_megabyte_import_while_learners_answer_loses_no_answer(django_user_model):
    briefing, _ = import_copies(1)
    source = large_briefing(1_000_000)

    def import_large():
        return import_document(
            source=source, filename="large.txt", slug="large", max_bytes=2 * len(source)
        )

    statuses, items, publication = answering_while(import_large, django_user_model, briefing, 20)

    assert set(statuses) == {302}
    assert answered(items) == len(items)
    assert publication.content.created
    assert publication.briefing.lessons.count() > 600
    assert len(publication.questions.added) > 3_000


@pytest.mark.postgresql
def test_an_attempt_started_while_an_import_deletes_a_question_it_drew(
    django_user_model, monkeypatch
):
    """The learner's transaction draws the lesson's questions; meanwhile a re-import deletes
    one nobody answered yet and commits; then the learner stores the attempt with it."""
    briefing, source = import_copies(1)
    row = TableRow.objects.get(
        block__lesson__briefing=briefing, cells__0="Cybersecurity Measures 1"
    )
    quiz = Quiz.objects.get(lesson=row.block.lesson)
    doomed = set(quiz.questions.filter(source_row=row).values_list("pk", flat=True))
    assert doomed
    (learner,) = make_learners(django_user_model, 1)
    client = signed_in(learner)
    drawn, imported = threading.Event(), threading.Event()
    snapshots = learning.attempts.snapshots

    def held(questions, rng):
        if not drawn.is_set():
            assert doomed & {question.pk for question in questions}
            drawn.set()
            assert imported.wait(timeout=60)
        return snapshots(questions, rng)

    monkeypatch.setattr(learning.attempts, "snapshots", held)

    def reimport():
        assert drawn.wait(timeout=60)
        changed = source.replace(b"Cybersecurity Measures 1 |", b"Cyber Defence 1 |")
        import_document(source=changed, filename="concurrency.txt", slug="concurrency")
        imported.set()

    response, _ = run_together(
        [lambda: client.post(reverse("learning:start", args=[quiz.pk])), reimport]
    )

    assert response.status_code == 302
    assert not Question.objects.filter(pk__in=doomed).exists()
    attempt = Attempt.objects.get(learner=learner, quiz=quiz)
    assert attempt.questions.count() == quiz.questions.active().count()


def waiting_on_a_lock() -> bool:
    """Whether another connection to this database waits for a row lock (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else read once per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.postgresql
def test_an_import_deleting_a_question_an_attempt_draws_meanwhile_does_not_fail(
    django_user_model, monkeypatch
):
    """The import has checked that nobody answered a question it is about to delete; a
    learner starts an attempt with that question before the delete: either the learner
    commits first (the question is kept, deactivated) or waits and draws again."""
    briefing, source = import_copies(1)
    row = TableRow.objects.get(
        block__lesson__briefing=briefing, cells__0="Cybersecurity Measures 1"
    )
    quiz = Quiz.objects.get(lesson=row.block.lesson)
    doomed = set(quiz.questions.filter(source_row=row).values_list("pk", flat=True))
    (learner,) = make_learners(django_user_model, 1)
    client = signed_in(learner)
    checked, started, learner_done = threading.Event(), threading.Event(), threading.Event()
    collect = Collector.collect

    def collect_then_let_the_learner_in(self, objs, *args, **kwargs):
        result = collect(self, objs, *args, **kwargs)
        if not checked.is_set() and {q.pk for q in objs if isinstance(q, Question)} & doomed:
            checked.set()
            assert started.wait(timeout=60)
            # The learner's transaction has committed, or waits for this one.
            while not learner_done.is_set() and not waiting_on_a_lock():
                learner_done.wait(timeout=0.05)
        return result

    monkeypatch.setattr(Collector, "collect", collect_then_let_the_learner_in)

    def reimport():
        changed = source.replace(b"Cybersecurity Measures 1 |", b"Cyber Defence 1 |")
        return import_document(source=changed, filename="concurrency.txt", slug="concurrency")

    def start():
        assert checked.wait(timeout=60)
        started.set()
        try:
            return client.post(reverse("learning:start", args=[quiz.pk]))
        finally:
            learner_done.set()

    publication, response = run_together([reimport, start])

    assert response.status_code == 302
    attempt = Attempt.objects.get(learner=learner, quiz=quiz)
    drawn = set(attempt.questions.values_list("question", flat=True))
    assert Question.objects.filter(pk__in=drawn).count() == len(drawn)
    assert publication.questions.deleted or publication.questions.deactivated
