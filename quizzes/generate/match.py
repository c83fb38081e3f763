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
    SECTION_KEY_HEADER,
    TERM_KEY_HEADER,
    TERM_VALUE_HEADER,
    BriefingIndex,
    Candidate,
    candidate,
    column_fact,
    has_markup,
    nearest_headings,
    row_name,
)
from .fingerprint import fingerprint, normalise_answer, sorted_pairs
from .spec import GenerationReport, QuestionKind, QuestionSpec, SourceRef
from .text import quoted, table_label
from .triage import is_option_worthy
from .words import content_words, shared_words

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
    context: str = ""
    source: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def generate_match(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    candidates = []
    for column in _columns(document, index, report):
        for problem in column.problems:
            report.skip(column.lesson, problem)
        candidates.extend(_questions(index, column, report))
    return candidates


def _columns(document: Document, index: BriefingIndex, report: GenerationReport) -> list[Column]:
    """The term lists, the asked columns of triaged tables, and groups of defined sections."""
    phrases = index.phrases
    contexts = nearest_headings(document)
    columns = []
    for lesson_position, lesson in enumerate(document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            context = contexts[(lesson_position, block_position)]
            place = (lesson_position, block_position, lesson.title, context)
            if isinstance(block, TermList):
                columns.append(_term_column(block, phrases, *place))
            elif isinstance(block, Table) and block.shape == TableShape.KEY_VALUE:
                verdict = index.triage.of(lesson_position, block_position)
                if len(block.header) < 2:
                    report.skip(
                        lesson_position,
                        f"Table {table_label(block.header)} has a single column: nothing to match.",
                    )
                if verdict is None or verdict.asks_nothing:
                    continue
                columns.extend(
                    _table_column(block, verdict, number, phrases, *place)
                    for number in verdict.value_columns
                    if number not in verdict.constant_columns
                )
    columns.extend(_section_columns(index))
    return columns


def _term_column(
    block: TermList, phrases, lesson: int, position: int, title: str, context: str
) -> Column:
    column = Column(
        lesson, position, 1, TERM_KEY_HEADER, TERM_VALUE_HEADER, "The term list", "term", title
    )
    column.context, column.source = context, phrases.term_list_source()
    for number, term in enumerate(block.terms, start=1):
        _add_pair(column, term.term, term.description, f"term {number}")
    return _without_duplicates(column)


def _table_column(
    block: Table,
    verdict,
    number: int,
    phrases,
    lesson: int,
    position: int,
    title: str,
    context: str,
) -> Column:
    label = f"Table {table_label(block.header)}"
    if len(block.header) > 2:
        label += f", column {quoted(block.header[number])}"
    key_column = verdict.key_column
    column = Column(
        lesson,
        position,
        number,
        block.header[key_column],
        block.header[number],
        label,
        "row",
        title,
        context,
        phrases.table_source(block.header, block.header[number] if len(block.header) > 2 else None),
    )
    for row_number, row in enumerate(block.rows, start=1):
        if row_number - 1 in verdict.header_rows:
            continue
        key = row_name(row[key_column]) if key_column < len(row) else ""
        value = row[number] if number < len(row) else ""
        _add_pair(column, key, value, f"row {row_number}")
    return _without_duplicates(column)


def _section_columns(index: BriefingIndex) -> list[Column]:
    columns = []
    for entries in index.pools.values():
        first = entries[0]
        if not first.is_heading:
            continue
        column = Column(
            first.source.lesson,
            first.group[1],
            1,
            SECTION_KEY_HEADER,
            first.value_header,
            f"The sections of {quoted(first.context)}",
            "section",
            first.lesson_title,
            first.context,
            index.phrases.sections_source(first.context),
        )
        for entry in entries:
            _add_pair(column, entry.key, entry.value, quoted(entry.key))
        columns.append(_without_duplicates(column))
    return columns


def _add_pair(column: Column, left: str, right: str, where: str) -> None:
    if not (left.strip() and right.strip()):
        column.problems.append(f"{column.label}: {where} has an empty cell, left out of the match.")
    elif has_markup(left) or has_markup(right):
        column.problems.append(f"{column.label}: {where} holds markup, left out of the match.")
    elif not is_option_worthy(right):
        column.problems.append(
            f"{column.label}: {where} is too long to be an option, left out of the match."
        )
    else:
        column.pairs.append((left.strip(), right.strip()))


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
    column.pairs = _without_word_cues(column, kept)
    return column


def _without_word_cues(column: Column, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Leave out a pair that could be matched on a word its two sides share alone."""
    # How many right sides hold each word: a word only the pair's own right side
    # holds is a cue (counted once, not per pair: a column may have thousands).
    holders = Counter(word for _, right in pairs for word in content_words(right))
    kept = []
    for left, right in pairs:
        if any(holders[word] == 1 for word in shared_words(left, right)):
            _note(column, f"{quoted(left)} shares a word with its own match only")
        else:
            kept.append((left, right))
    return kept


def _note(column: Column, duplicate: str) -> None:
    problem = f"{column.label}: {duplicate}, its pairs are left out of the match."
    if problem not in column.problems:
        column.problems.append(problem)


def _questions(index: BriefingIndex, column: Column, report: GenerationReport) -> list[Candidate]:
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
    return [
        _question(index, column, chunk, part, len(chunks), fact)
        for part, chunk in enumerate(chunks)
    ]


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
    index: BriefingIndex,
    column: Column,
    chunk: list[tuple[str, str]],
    part: int,
    parts: int,
    fact: str,
) -> Candidate:
    phrases = index.phrases
    prompt = phrases.match_prompt(column.key_header, column.value_header, column.context)
    spec = QuestionSpec(
        kind=QuestionKind.MATCH,
        lesson=column.lesson,
        prompt=prompt + phrases.part_suffix(part, parts) + ".",
        answer=dict(chunk),
        explanation=phrases.match_explanation(column.source, column.lesson_title, column.lesson),
        source=SourceRef(column.lesson, column.block),
        fingerprint=fingerprint(QuestionKind.MATCH, "pairs", *sorted_pairs(chunk)),
        fact=fact,
        direction=f"{column.number}" + (f":{part + 1}" if parts > 1 else ""),
    )
    return candidate(spec, column.number, part)
