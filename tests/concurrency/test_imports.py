"""Imports while learners answer, on SQLite and PostgreSQL: no error page, no answer lost.

The import cleans, parses and generates before its write transaction, which writes only
what changed; on SQLite a learner's answer waits for it (``IMMEDIATE`` transactions, a
busy timeout) and never fails.
"""

from __future__ import annotations

import pytest

from quizzes.publishing import import_document
from tests.concurrency.documents import large_briefing
from tests.concurrency.learners import answered, answering_while, import_copies

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
