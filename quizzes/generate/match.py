"""Match questions: one per value column of a key/value table, one per term list.

At most ``MAX_PAIRS`` pairs a question; larger sets are split into balanced
chunks (7 → 4 + 3). Chunks are cut from the pairs sorted by their normalised
left item, so reordering the rows of a table keeps every fingerprint; within a
chunk the pairs keep the order of the source.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from briefing.ingest.document import Document, Table, TableShape, TermList

from .facts import (
    TERM_KEY_HEADER,
    TERM_VALUE_HEADER,
    BriefingIndex,
    Candidate,
    candidate,
    column_fact,
)
from .fingerprint import fingerprint, normalise_answer, sorted_pairs
from .spec import GenerationReport, QuestionKind, QuestionSpec, SourceRef
from .text import (
    HeaderRole,
    header_role,
    lesson_label,
    noun_phrase,
    part_suffix,
    quoted,
    table_label,
)

MAX_PAIRS = 6
MIN_PAIRS = 2


@dataclass(slots=True)
class Column:
    """The pairs of one value column or term list, and what had to be left out."""

    lesson: int
    block: int
    number: int
    key_header: str
    value_header: str
    label: str
    origin: str
    lesson_title: str
    pairs: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def generate_match(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    candidates = []
    for column in _columns(document, report):
        for problem in column.problems:
            report.skip(column.lesson, problem)
        candidates.extend(_questions(column, report))
    return candidates


def _columns(document: Document, report: GenerationReport) -> list[Column]:
    columns = []
    for lesson_position, lesson in enumerate(document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            place = (lesson_position, block_position, lesson.title)
            if isinstance(block, TermList):
                columns.append(_term_column(block, *place))
            elif isinstance(block, Table) and block.shape == TableShape.KEY_VALUE:
                if len(block.header) < 2:
                    report.skip(
                        lesson_position,
                        f"Table {table_label(block.header)} has a single column: nothing to match.",
                    )
                columns.extend(
                    _table_column(block, number, *place) for number in range(1, len(block.header))
                )
    return columns


def _term_column(block: TermList, lesson: int, position: int, title: str) -> Column:
    column = Column(
        lesson, position, 1, TERM_KEY_HEADER, TERM_VALUE_HEADER, "The term list", "term", title
    )
    for number, term in enumerate(block.terms, start=1):
        _add_pair(column, term.term, term.description, f"term {number}")
    return _without_duplicates(column)


def _table_column(block: Table, number: int, lesson: int, position: int, title: str) -> Column:
    label = f"Table {table_label(block.header)}"
    if len(block.header) > 2:
        label += f", column {quoted(block.header[number])}"
    column = Column(
        lesson, position, number, block.header[0], block.header[number], label, "row", title
    )
    for row_number, row in enumerate(block.rows, start=1):
        key = row[0] if row else ""
        value = row[number] if number < len(row) else ""
        _add_pair(column, key, value, f"row {row_number}")
    return _without_duplicates(column)


def _add_pair(column: Column, left: str, right: str, where: str) -> None:
    if left.strip() and right.strip():
        column.pairs.append((left.strip(), right.strip()))
    else:
        column.problems.append(f"{column.label}: {where} has an empty cell, left out of the match.")


def _without_duplicates(column: Column) -> Column:
    """Leave out every pair whose left or right item repeats (after normalisation)."""
    lefts = Counter(normalise_answer(left) for left, _ in column.pairs)
    rights = Counter(normalise_answer(right) for _, right in column.pairs)
    kept = []
    for left, right in column.pairs:
        if lefts[normalise_answer(left)] > 1:
            _note(column, f"{quoted(left)} appears more than once on the left")
        elif rights[normalise_answer(right)] > 1:
            _note(column, f"{quoted(right)} appears more than once on the right")
        else:
            kept.append((left, right))
    column.pairs = kept
    return column


def _note(column: Column, duplicate: str) -> None:
    problem = f"{column.label}: {duplicate}, its pairs are left out of the match."
    if problem not in column.problems:
        column.problems.append(problem)


def _questions(column: Column, report: GenerationReport) -> list[Candidate]:
    if len(column.pairs) < MIN_PAIRS:
        usable = f"{len(column.pairs)} usable {column.origin}"
        report.skip(
            column.lesson,
            f"{column.label} has only {usable}{'s' if len(column.pairs) != 1 else ''}: "
            "too small for a match question.",
        )
        return []
    fact = column_fact(column.key_header, column.value_header, column.pairs)
    chunks = balanced_chunks(column.pairs, MAX_PAIRS)
    return [_question(column, chunk, part, len(chunks), fact) for part, chunk in enumerate(chunks)]


def balanced_chunks(pairs: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """Split into the fewest chunks of at most ``size``, as even as possible (7 → 4 + 3).

    Membership follows the normalised left items' order; each chunk keeps source order.
    """
    count = math.ceil(len(pairs) / size)
    by_left = sorted(range(len(pairs)), key=lambda i: (normalise_answer(pairs[i][0]), i))
    chunks, start = [], 0
    for part in range(count):
        length = len(pairs) // count + (1 if part < len(pairs) % count else 0)
        members = sorted(by_left[start : start + length])
        chunks.append([pairs[i] for i in members])
        start += length
    return chunks


def _question(
    column: Column, chunk: list[tuple[str, str]], part: int, parts: int, fact: str
) -> Candidate:
    spec = QuestionSpec(
        kind=QuestionKind.MATCH,
        lesson=column.lesson,
        prompt=_prompt(column) + part_suffix(part, parts) + ".",
        answer=dict(chunk),
        explanation=_explanation(column),
        source=SourceRef(column.lesson, column.block),
        fingerprint=fingerprint(QuestionKind.MATCH, "pairs", *sorted_pairs(chunk)),
        fact=fact,
        direction=f"{column.number}" + (f":{part + 1}" if parts > 1 else ""),
    )
    return candidate(spec, column.number, part)


def _prompt(column: Column) -> str:
    """ "Match each focus area to its action plan", without the full stop."""
    left = "item"
    if header_role(column.key_header) != HeaderRole.UNNAMED:
        left = noun_phrase(column.key_header)
    if header_role(column.value_header) == HeaderRole.UNNAMED:
        return f"Match each {left} to what goes with it"
    return f"Match each {left} to its {noun_phrase(column.value_header)}"


def _explanation(column: Column) -> str:
    lesson = lesson_label(column.lesson_title, column.lesson)
    if column.origin == "term":
        return f"From the list of terms in {lesson}."
    return f"From the {column.label[0].lower()}{column.label[1:]} in {lesson}."
