"""Builders of small Documents and the invariants every generated question obeys.

The invariants are checked against the document itself (not the generator's
own index), so a bug in the generator's bookkeeping cannot hide from them.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from briefing.ingest.document import (
    Document,
    Heading,
    ItemList,
    Lesson,
    ListItem,
    Paragraph,
    Table,
    TableShape,
    Term,
    TermList,
)
from quizzes.generate import generate
from quizzes.generate.facts import heading_definition
from quizzes.generate.fingerprint import answers_match, normalise_answer
from quizzes.generate.spec import GenerationResult, QuestionKind, QuestionSpec
from quizzes.generate.triage import triage_tables

SEED_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "000_37c95f02dd4935a7.txt"
BLANK = "____"
LENGTH_FACTOR = 2.5


def document(*lessons: Lesson, title: str | None = "Test briefing") -> Document:
    return Document(title, tuple(lessons))


def lesson(title: str, *blocks) -> Lesson:
    return Lesson(title, tuple(blocks))


def paragraph(text: str) -> Paragraph:
    return Paragraph(text)


def terms(*pairs: tuple[str, str]) -> TermList:
    return TermList(tuple(Term(term, description) for term, description in pairs))


def table(header: tuple[str, ...], *rows: tuple[str, ...], parallel: bool = False) -> Table:
    shape = TableShape.PARALLEL_LISTS if parallel else TableShape.KEY_VALUE
    return Table(tuple(header), tuple(tuple(row) for row in rows), shape)


def steps(*texts: str, ordered: bool = True) -> ItemList:
    return ItemList(tuple(ListItem(text) for text in texts), ordered=ordered)


def one_lesson(*blocks, title: str = "Lesson one") -> Document:
    return document(lesson(title, *blocks))


FOCUS_TABLE = table(
    ("Focus Area", "Action Plan"),
    ("Counterterrorism Operations", "Joint exercises and intelligence-led missions"),
    ("Cybersecurity Measures", "Growth of defensive cyber protocols"),
    ("Community Resilience", "Programs aimed at countering radicalization at grassroots"),
    ("Border Security", "Patrols along the western frontier with partner units"),
)


def of_kind(result: GenerationResult, kind: QuestionKind) -> list[QuestionSpec]:
    return [question for question in result.questions if question.kind == kind]


def skipped(result: GenerationResult) -> list[str]:
    return [reason for reasons in result.report.skipped.values() for reason in reasons]


@cache
def seed_document() -> Document | None:
    """The cleaned seed, once ``briefing.ingest`` exposes ``ingest``; else ``None``."""
    try:
        from briefing.ingest import ingest
    except ImportError:
        return None
    return ingest(SEED_PATH.read_bytes(), filename=SEED_PATH.name).document


def near_duplicates(first: str, second: str) -> bool:
    first, second = normalise_answer(first), normalise_answer(second)
    return first == second or SequenceMatcher(None, first, second).ratio() >= 0.85


class Facts:
    """Every key/value fact of a document, read straight from its blocks."""

    def __init__(self, doc: Document) -> None:
        self.places: dict[str, dict[str, set[tuple]]] = {}
        for lesson_position, each_lesson in enumerate(doc.lessons):
            for block_position, block in enumerate(each_lesson.blocks):
                previous = each_lesson.blocks[block_position - 1] if block_position else None
                for index, key, value in _pairs(
                    block, _key_column(doc, lesson_position, block_position), previous
                ):
                    if not normalise_answer(value):
                        continue  # a cell of punctuation only ("------") states nothing
                    place = (lesson_position, block_position, index)
                    by_value = self.places.setdefault(normalise_answer(key), {})
                    by_value.setdefault(normalise_answer(value), set()).add(place)

    def values_of(self, key: str) -> set[str]:
        return set(self.places.get(normalise_answer(key), {}))

    def keys_of(self, value: str) -> set[str]:
        value = normalise_answer(value)
        return {key for key, by_value in self.places.items() if value in by_value}

    def values_outside(self, key: str, place: tuple) -> set[str]:
        by_value = self.places.get(normalise_answer(key), {})
        return {value for value, places in by_value.items() if places - {place}}


def _key_column(doc: Document, lesson_position: int, block_position: int) -> int | None:
    """The table's key column by triage; ``None`` for a table triage asks nothing about."""
    verdict = triage_tables(doc).of(lesson_position, block_position)
    return None if verdict is None or verdict.asks_nothing else verdict.key_column


def _pairs(block, key_column: int | None = 0, previous=None) -> list[tuple[int, str, str]]:
    """The (index, key, value) facts of a block; a paragraph after a heading defines it."""
    if isinstance(block, Paragraph) and isinstance(previous, Heading):
        defined = heading_definition(previous.text, block.text)
        return [(0, previous.text.strip(), defined[1])] if defined else []
    if isinstance(block, TermList):
        return [
            (i, t.term, t.description)
            for i, t in enumerate(block.terms)
            if t.term.strip() and t.description.strip()
        ]
    if isinstance(block, Table) and block.shape == TableShape.KEY_VALUE and key_column is not None:
        return [
            (i, row[key_column], cell)
            for i, row in enumerate(block.rows)
            if len(row) > key_column and row[key_column].strip()
            for n, cell in enumerate(row[: len(block.header)])
            if n != key_column and cell.strip() and block.header[n].strip()
        ]
    return []


def generate_unlinted(doc: Document, **kwargs) -> GenerationResult:
    """The generators' own output, before the linter drops anything: for their mechanics."""
    return generate(doc, lint=False, **kwargs)


def check_invariants(doc: Document, seed: int = 0, *, lint: bool = False) -> GenerationResult:
    """Generate and check every invariant; return the result for further checks.

    The invariants are checked on the generators' own output (``lint=False``,
    the default) and on what the linter keeps of it, which must be a part of
    it that no other seed changes.
    """
    unlinted = _checked(doc, seed, lint=False)
    linted = _checked(doc, seed, lint=True)
    assert {q.fingerprint for q in linted.questions} <= {q.fingerprint for q in unlinted.questions}
    return linted if lint else unlinted


def _checked(doc: Document, seed: int, *, lint: bool) -> GenerationResult:
    result = generate(doc, seed=seed, lint=lint)
    facts = Facts(doc)
    fingerprints = [question.fingerprint for question in result.questions]
    assert len(fingerprints) == len(set(fingerprints)), "fingerprints repeat"
    slots = [(q.kind, q.direction, q.source) for q in result.questions]
    assert len(slots) == len(set(slots)), "two questions of one kind and direction on one source"
    for question in result.questions:
        _check_source_exists(doc, question)
        CHECKS[question.kind](doc, facts, question)
    _check_order(result)
    _check_counts(result)
    again = generate(doc, seed=seed, lint=lint)
    assert again.questions == result.questions, "not deterministic"
    other_seed = generate(doc, seed=seed + 1, lint=lint)
    assert {q.fingerprint for q in other_seed.questions} == set(fingerprints)
    assert {q.fact for q in other_seed.questions} == {q.fact for q in result.questions}
    return result


def _check_source_exists(doc: Document, question: QuestionSpec) -> None:
    source = question.source
    assert question.lesson == source.lesson
    assert 0 <= source.lesson < len(doc.lessons)
    blocks = doc.lessons[source.lesson].blocks
    assert 0 <= source.block < len(blocks)
    block = blocks[source.block]
    if source.row is not None:
        assert isinstance(block, Table) and 0 <= source.row < len(block.rows)
    if source.term is not None:
        assert isinstance(block, TermList) and 0 <= source.term < len(block.terms)


def _source_pair(doc: Document, question: QuestionSpec) -> tuple[str, tuple[str, ...]]:
    """The key and the value cells of the row or term a question comes from."""
    block = doc.lessons[question.lesson].blocks[question.source.block]
    if question.source.term is not None:
        term = block.terms[question.source.term]
        return term.term.strip(), (term.description.strip(),)
    if isinstance(block, Paragraph):
        heading = doc.lessons[question.lesson].blocks[question.source.block - 1]
        _, definition = heading_definition(heading.text, block.text)
        return heading.text.strip(), (definition,)
    row = block.rows[question.source.row]
    key_column = triage_tables(doc).of(question.lesson, question.source.block).key_column
    values = tuple(
        cell.strip() for n, cell in enumerate(row[: len(block.header)]) if n != key_column
    )
    return row[key_column].strip(), values


def _place(question: QuestionSpec) -> tuple[int, int, int]:
    index = question.source.row if question.source.row is not None else question.source.term
    return (question.lesson, question.source.block, index)


def _unquoted(text: str) -> str:
    """Without a final full stop, unless it ends an abbreviation ("2 p.m.", "U.S.")."""
    text = text.strip()
    if (
        not text.endswith(".")
        or text.endswith("..")
        or re.search(r"(?:^|[\s.])[^\W\d_]{1,2}\.$", text)
    ):
        return text
    return text[:-1]


def _check_choice(doc: Document, facts: Facts, question: QuestionSpec) -> None:
    texts = [option.text for option in question.options]
    assert texts.count(question.answer) == 1
    assert 3 <= len(texts) <= 4
    correct = [option for option in question.options if option.feedback == "Correct."]
    assert [option.text for option in correct] == [question.answer]
    assert len({normalise_answer(text) for text in texts}) == len(texts)
    for i, first in enumerate(texts):
        for second in texts[i + 1 :]:
            assert not near_duplicates(first, second), (first, second)
    distractors = [text for text in texts if text != question.answer]
    for distractor in distractors:
        shorter, longer = sorted((len(distractor), len(question.answer)))
        # One character of slack: options of one form may have lost a final full stop.
        assert longer <= LENGTH_FACTOR * (shorter + 1), (question.answer, distractor)
        assert question.options[texts.index(distractor)].feedback
    key, values = _source_pair(doc, question)
    if question.direction.startswith("value_to_key"):
        shown = [value for value in values if f"“{_unquoted(value)}”" in question.prompt]
        assert shown, question.prompt
        assert facts.keys_of(shown[0]) == {normalise_answer(key)}
        for distractor in distractors:
            assert normalise_answer(shown[0]) not in facts.values_of(distractor)
    else:
        assert question.answer in values or question.answer in {_unquoted(v) for v in values}
        assert key in question.prompt
        assert facts.values_outside(key, _place(question)) <= {normalise_answer(question.answer)}
        for distractor in distractors:
            assert normalise_answer(distractor) not in facts.values_of(key)


def _check_true_false(doc: Document, facts: Facts, question: QuestionSpec) -> None:
    assert [option.text for option in question.options] == ["True", "False"]
    assert isinstance(question.answer, bool)
    right = "True" if question.answer else "False"
    assert [o.text for o in question.options if o.feedback == "Correct."] == [right]
    key, values = _source_pair(doc, question)
    assert key in question.prompt
    assert facts.values_outside(key, _place(question)) <= {normalise_answer(v) for v in values}
    shows_own_value = any(f"“{_unquoted(value)}”" in question.prompt for value in values)
    assert shows_own_value == question.answer
    if not question.answer:
        shown = question.prompt.rsplit("“", 1)[1].rsplit("”", 1)[0]
        assert all(normalise_answer(shown) != value for value in facts.values_of(key))
        assert f"“{shown}”" in question.explanation


def _check_match(doc: Document, facts: Facts, question: QuestionSpec) -> None:
    pairs = question.answer
    assert isinstance(pairs, dict) and 2 <= len(pairs) <= 6
    assert question.source.row is None and question.source.term is None
    lefts = [normalise_answer(left) for left in pairs]
    rights = [normalise_answer(right) for right in pairs.values()]
    assert len(set(lefts)) == len(lefts) and len(set(rights)) == len(rights)
    block = doc.lessons[question.lesson].blocks[question.source.block]
    if isinstance(block, Heading):
        return  # a match of sections: checked by the sections' own tests
    key_column = _key_column(doc, question.lesson, question.source.block)
    source_pairs = {(key.strip(), value.strip()) for _, key, value in _pairs(block, key_column)}
    assert set(pairs.items()) <= source_pairs


def _check_categorize(doc: Document, facts: Facts, question: QuestionSpec) -> None:
    block = doc.lessons[question.lesson].blocks[question.source.block]
    assert isinstance(block, Table) and block.shape == TableShape.PARALLEL_LISTS
    headers = [option.text for option in question.options]
    cells_under = {
        header.strip(): {
            normalise_answer(row[n]) for row in block.rows if n < len(row) and row[n].strip()
        }
        for n, header in enumerate(block.header)
    }
    for item, column in question.answer.items():
        assert column in headers
        assert normalise_answer(item) in cells_under[column]
        others = [
            h for h in cells_under if h != column and normalise_answer(item) in cells_under[h]
        ]
        assert not others, (item, others)
    assert 2 <= len(question.answer) <= 10
    assert len(set(question.answer.values())) >= 2


def _check_cloze(doc: Document, facts: Facts, question: QuestionSpec) -> None:
    block = doc.lessons[question.lesson].blocks[question.source.block]
    assert isinstance(block, Paragraph)
    assert question.prompt.count(BLANK) == 1
    accepted = question.answer
    assert isinstance(accepted, list) and accepted
    sentence = question.prompt.replace(BLANK, accepted[0])
    assert sentence in block.text
    assert 6 <= len(sentence.split()) <= 60
    assert all(answers_match(answer, accepted) for answer in accepted)
    assert any(normalise_answer(answer) in facts.places for answer in accepted)


def _check_ordering(doc: Document, facts: Facts, question: QuestionSpec) -> None:
    block = doc.lessons[question.lesson].blocks[question.source.block]
    assert isinstance(block, ItemList) and block.ordered
    assert question.answer == [item.text.strip() for item in block.items]
    assert 3 <= len(question.answer) <= 7
    assert len({normalise_answer(step) for step in question.answer}) == len(question.answer)
    assert question.options == ()
    assert question.prompt.startswith("Put ") and question.prompt.endswith(" in order.")


CHECKS = {
    QuestionKind.CHOICE: _check_choice,
    QuestionKind.TRUE_FALSE: _check_true_false,
    QuestionKind.MATCH: _check_match,
    QuestionKind.CATEGORIZE: _check_categorize,
    QuestionKind.CLOZE: _check_cloze,
    QuestionKind.ORDERING: _check_ordering,
}
KIND_ORDER = list(QuestionKind)


def _check_order(result: GenerationResult) -> None:
    keys = [(q.lesson, q.source.block, KIND_ORDER.index(q.kind)) for q in result.questions]
    assert keys == sorted(keys)


def _check_counts(result: GenerationResult) -> None:
    counted = Counter()
    for lesson_position, per_kind in result.report.counts.items():
        for kind, count in per_kind.items():
            counted[(lesson_position, kind)] += count
    actual = Counter((q.lesson, q.kind.value) for q in result.questions)
    assert counted == actual
