"""Imports while learners answer, on SQLite and PostgreSQL: no error page, no answer lost.

The import cleans, parses and generates before its write transaction, which writes only
what changed; on SQLite a learner's answer waits for it (``IMMEDIATE`` transactions, a
busy timeout) and never fails.
"""

from __future__ import annotations

import threading

import pytest
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
