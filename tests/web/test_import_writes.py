"""A re-import writes only what changed, and generates its questions before its transaction.

On SQLite every learner's answer waits while an import's write transaction runs, so the
transaction holds writes only: a file with the same content writes one row (the
briefing's record of the file), a one-cell change about a dozen, not every row of the
briefing.
"""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import quizzes.sync
from briefing.models import Block, Briefing, TableRow, Term
from quizzes.publishing import import_document
from tests.concurrency.documents import seed_copy
from tests.conftest import SEED_PATH
from tests.factories import SEED_SLUG

pytestmark = pytest.mark.django_db

CELL = "Growth of defensive⤠cyber protocols".encode()


def reimport(source: bytes) -> tuple[Counter, list[str]]:
    """Import ``source`` over the seed briefing; the tables written, and the writes."""
    with CaptureQueriesContext(connection) as queries:
        import_document(source=source, filename=SEED_PATH.name, slug=SEED_SLUG)
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split(" ", 1)[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    return Counter(write.split('"')[1] for write in writes), writes


def versions(briefing: Briefing) -> dict:
    return {
        "briefing": Briefing.objects.get(pk=briefing.pk).content_version,
        **dict(briefing.lessons.values_list("pk", "content_version")),
    }


def test_the_same_file_again_writes_nothing(seed_briefing, seed_bytes):
    before = versions(seed_briefing)

    tables, writes = reimport(seed_bytes)

    assert writes == []
    assert versions(seed_briefing) == before


def test_the_same_content_in_other_bytes_writes_only_the_briefings_record(
    seed_briefing, seed_bytes
):
    before = versions(seed_briefing)

    tables, writes = reimport(seed_bytes.replace(b"\n", b"\r\n"))

    assert tables == {"briefing_briefing": 1}, writes
    assert "source_sha256" in writes[0]
    assert versions(seed_briefing) == before  # no cached page goes stale


def test_a_one_cell_change_writes_that_row_and_the_questions_on_it(seed_briefing, seed_bytes):
    assert seed_bytes.count(CELL) == 1
    row = TableRow.objects.get(
        block__lesson__briefing=seed_briefing, cells__0="Cybersecurity Measures"
    )
    before = versions(seed_briefing)

    tables, writes = reimport(seed_bytes.replace(CELL, b"Growth of offensive cyber protocols"))

    assert tables["briefing_tablerow"] == 1
    assert tables["briefing_lesson"] == 1  # its content version
    assert {"briefing_block", "briefing_term"}.isdisjoint(tables)
    assert 1 <= tables["quizzes_question"] <= 10
    assert sum(tables.values()) <= 15, writes
    row.refresh_from_db()
    assert row.cells[1] == "Growth of offensive cyber protocols"
    after = versions(seed_briefing)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {row.block.lesson_id}


def test_questions_are_generated_before_the_write_transaction(
    seed_briefing, seed_bytes, monkeypatch
):
    depth_outside = len(connection.atomic_blocks)
    depths = []
    generate = quizzes.sync.generate

    def spied(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return generate(*args, **kwargs)

    monkeypatch.setattr(quizzes.sync, "generate", spied)

    reimport(seed_bytes.replace(CELL, b"Growth of offensive cyber protocols"))

    assert depths == [depth_outside]  # once, outside: the transaction reused its questions


def test_questions_are_generated_again_when_the_briefing_changed_meanwhile(
    seed_briefing, seed_bytes, monkeypatch
):
    """Questions generated beforehand are used only for the document and language stored."""
    languages = []
    generate = quizzes.sync.generate
    generate_questions = quizzes.sync.generate_questions

    def spied(document, **kwargs):
        languages.append(kwargs["language"])
        return generate(document, **kwargs)

    def then_edited(document, **kwargs):
        generation = generate_questions(document, **kwargs)
        # An editor sets the language while the questions are being generated.
        Briefing.objects.filter(pk=seed_briefing.pk).update(language="fr")
        return generation

    monkeypatch.setattr(quizzes.sync, "generate", spied)
    monkeypatch.setattr("quizzes.publishing.generate_questions", then_edited)

    reimport(seed_bytes.replace(CELL, b"Growth of offensive cyber protocols"))

    assert languages == ["en", "fr"]


def test_a_lesson_added_by_a_reimport_renews_the_briefings_version(seed_briefing, seed_bytes):
    """New lessons are inserted in bulk, without signals: their siblings' pagers still change."""
    before = versions(seed_briefing)
    lessons = seed_briefing.lessons.count()

    reimport(seed_bytes + b"\n" + seed_copy(2).encode())  # the seed's lessons again, renamed

    assert seed_briefing.lessons.count() == 2 * lessons
    after = versions(seed_briefing)
    assert after["briefing"] != before["briefing"]
    assert {key: after[key] for key in before} == before | {"briefing": after["briefing"]}


@pytest.mark.parametrize("model", [Block, TableRow, Term])
def test_a_reimport_numbers_again_what_an_editor_left_with_a_gap(seed_briefing, seed_bytes, model):
    """Question sources are found by position: a lesson the file does not change is still
    numbered 0, 1, 2… again when an editor left a gap (moving a block, a row or a term)."""
    last = (
        model.objects.filter(
            **{"lesson__briefing" if model is Block else "block__lesson__briefing": seed_briefing}
        )
        .order_by("position")
        .last()
    )
    model.objects.filter(pk=last.pk).update(position=last.position + 5)

    reimport(seed_bytes.replace(b"\n", b"\r\n"))

    last.refresh_from_db()
    siblings = model.objects.filter(
        **({"lesson": last.lesson_id} if model is Block else {"block": last.block_id})
    )
    assert sorted(siblings.values_list("position", flat=True)) == list(range(siblings.count()))
