"""The briefing's key/value facts, and a briefing-wide index of them.

Every non-empty cell of a ``key_value`` table's value column (with the row's
key) and every term (with its description) is an ``Entry``. The index answers
the fairness questions of the generators: which values does a key have
anywhere in the briefing, and which keys does a value belong to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from briefing.ingest.document import Document, Heading, Paragraph, Table, TableShape, TermList

from .fingerprint import fact_key, normalise_answer, sorted_pairs
from .spec import QuestionKind, QuestionSpec, SourceRef
from .triage import TableTriage, Triage, is_option_worthy, triage_tables

TERM_KEY_HEADER = "Term"
TERM_VALUE_HEADER = "Description"
KIND_ORDER = {kind: position for position, kind in enumerate(QuestionKind)}


class Candidate(NamedTuple):
    """A generated question with the position it sorts by (lesson, block, kind, …)."""

    order: tuple[int, ...]
    spec: QuestionSpec


def candidate(spec: QuestionSpec, *detail: int) -> Candidate:
    return Candidate((spec.lesson, spec.source.block, KIND_ORDER[spec.kind], *detail), spec)


@dataclass(frozen=True, slots=True)
class Entry:
    """One fact: a key and one of its values, with where it comes from."""

    key: str
    value: str
    source: SourceRef
    column: int
    key_header: str
    value_header: str
    lesson_title: str
    table_header: tuple[str, ...] | None = None
    #: False for a constant column: no true/false or choice question on its values.
    askable: bool = True
    #: The nearest heading above the source (or the lesson title): what prompts name.
    context: str = ""
    #: A section defined by its first paragraph, rather than a term or a table row.
    is_heading: bool = False
    #: The pool of a heading fact: its sibling headings (lesson, first heading block, level).
    group: tuple[int, int, int] | None = None
    # Normalised once: the distractor search compares every entry with every other.
    normal_key: str = field(init=False, repr=False, compare=False)
    normal_value: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normal_key", normalise_answer(self.key))
        object.__setattr__(self, "normal_value", normalise_answer(self.value))

    @property
    def is_term(self) -> bool:
        return self.table_header is None

    @property
    def option_worthy(self) -> bool:
        """Whether the value may be shown as an option (short, one sentence)."""
        return is_option_worthy(self.value)

    @property
    def index(self) -> int:
        """The row or term position inside its block."""
        return self.source.row if self.source.row is not None else self.source.term or 0

    @property
    def place(self) -> tuple[int, int, int]:
        return (self.source.lesson, self.source.block, self.index)

    @property
    def pool(self) -> tuple[int, int, int]:
        """The column (or term list, or group of sibling headings) this entry belongs to."""
        return self.group or (self.source.lesson, self.source.block, self.column)

    @property
    def restates_key(self) -> bool:
        """A value that only repeats its key ("Alpha | Alpha") asks nothing."""
        return self.normal_key == self.normal_value

    def direction(self, way: str) -> str:
        """``way``, with the value column when the table has more than one."""
        if self.table_header is not None and len(self.table_header) > 2:
            return f"{way}:{self.column}"
        return way

    @property
    def fact(self) -> str:
        """Shared by both choice directions and the true/false statement of this row."""
        return pair_fact(self.key, self.value)


@dataclass(slots=True)
class BriefingIndex:
    entries: list[Entry] = field(default_factory=list)
    places_by_key_value: dict[str, dict[str, set[tuple[int, int, int]]]] = field(
        default_factory=dict
    )
    keys_by_value: dict[str, set[str]] = field(default_factory=dict)
    pools: dict[tuple[int, int, int], list[Entry]] = field(default_factory=dict)
    triage: Triage = field(default_factory=Triage)
    by_key: dict[str, list[Entry]] = field(default_factory=dict)
    #: The phrase book prompts are written with (``phrases.English`` or another language's).
    phrases: Any = None

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        by_value = self.places_by_key_value.setdefault(entry.normal_key, {})
        by_value.setdefault(entry.normal_value, set()).add(entry.place)
        self.keys_by_value.setdefault(entry.normal_value, set()).add(entry.normal_key)
        self.pools.setdefault(entry.pool, []).append(entry)
        self.by_key.setdefault(entry.normal_key, []).append(entry)

    def entries_of(self, normal_key: str) -> list[Entry]:
        """Every entry of a (normalised) key, anywhere in the briefing."""
        return self.by_key.get(normal_key, [])

    def values_of(self, key: str) -> set[str]:
        """Every normalised value ``key`` has anywhere in the briefing."""
        return set(self.places_by_key_value.get(normalise_answer(key), {}))

    def keys_of(self, value: str) -> set[str]:
        """Every normalised key that has ``value`` anywhere in the briefing."""
        return set(self.keys_by_value.get(normalise_answer(value), set()))

    def rival_values(self, entry: Entry) -> set[str]:
        """The other values of this entry's key, found outside its own row.

        The other columns of the same row do not count: the header tells them apart.
        """
        by_value = self.places_by_key_value.get(entry.normal_key, {})
        return {
            value
            for value, places in by_value.items()
            if value != entry.normal_value and places - {entry.place}
        }

    def names_one_value(self, entry: Entry) -> bool:
        """Whether asking for this entry's value has a single right answer."""
        return not self.rival_values(entry)

    def value_has_one_key(self, entry: Entry) -> bool:
        """Whether asking which key this value belongs to has a single right answer."""
        return self.keys_of(entry.value) == {entry.normal_key}

    def places_of_key(self, key: str) -> list[tuple[int, int, int]]:
        by_value = self.places_by_key_value.get(normalise_answer(key), {})
        return sorted({place for places in by_value.values() for place in places})


def build_index(
    document: Document, triage: Triage | None = None, phrases: Any = None
) -> BriefingIndex:
    if phrases is None:
        from .phrases import ENGLISH as phrases  # noqa: N811 (phrases imports this module)
    index = BriefingIndex(
        triage=triage if triage is not None else triage_tables(document), phrases=phrases
    )
    for entry in iter_entries(document, index.triage):
        index.add(entry)
    return index


def nearest_headings(document: Document) -> dict[tuple[int, int], str]:
    """For every block, the text of the nearest heading above it in its lesson, or the title."""
    found = {}
    for lesson_position, lesson in enumerate(document.lessons):
        current = lesson.title.strip()
        for block_position, block in enumerate(lesson.blocks):
            found[(lesson_position, block_position)] = current
            if isinstance(block, Heading) and block.text.strip():
                current = block.text.strip()
    return found


def iter_entries(document: Document, triage: Triage | None = None) -> Iterator[Entry]:
    """Every key/value fact of the document, in document order (by block, row, column)."""
    triage = triage if triage is not None else triage_tables(document)
    contexts = nearest_headings(document)
    for lesson_position, lesson in enumerate(document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            context = contexts[(lesson_position, block_position)]
            place = (lesson_position, block_position, lesson.title, context)
            if isinstance(block, TermList):
                yield from _term_entries(block, *place)
            elif isinstance(block, Table) and block.shape == TableShape.KEY_VALUE:
                verdict = triage.of(lesson_position, block_position)
                if verdict is not None and not verdict.asks_nothing:
                    yield from _row_entries(block, verdict, *place)
        yield from _heading_entries(lesson.blocks, lesson_position, lesson.title)


_MARKUP = re.compile(r"\{%|%\}|\{\{|\}\}|<%|</?[A-Za-z][^>]*>|\[\^[^\]]*\]|\*\*|__")


def has_markup(text: str) -> bool:
    """Template tags, HTML, footnote marks or emphasis left in a cell: never shown in a
    question (a safety net: the parsers remove them where they can)."""
    return bool(_MARKUP.search(text))


def pair_fact(key: str, value: str) -> str:
    """The fact of one key and its value (a row's cell or a term's description).

    The choice and true/false questions on the pair share it, and a match
    question showing the pair gives it away (``learning.attempts.question_facts``).
    """
    return fact_key("row", key, value)


def row_name(cell: str) -> str:
    """The name a key cell gives its row: its first line (``**Name**<br>what it is``)."""
    return cell.strip().split("\n", 1)[0].strip()


def states_something(value: str) -> bool:
    """A value of punctuation only ("—", "------") states nothing to ask about."""
    return any(char.isalnum() for char in value)


def _term_entries(
    block: TermList, lesson: int, position: int, title: str, context: str
) -> Iterator[Entry]:
    for term_position, term in enumerate(block.terms):
        if has_markup(term.term) or has_markup(term.description):
            continue
        if term.term.strip() and states_something(term.description):
            yield Entry(
                key=term.term.strip(),
                value=term.description.strip(),
                source=SourceRef(lesson, position, term=term_position),
                column=1,
                key_header=TERM_KEY_HEADER,
                value_header=TERM_VALUE_HEADER,
                lesson_title=title,
                context=context,
            )


def _row_entries(
    block: Table, verdict: TableTriage, lesson: int, position: int, title: str, context: str
) -> Iterator[Entry]:
    key_column = verdict.key_column
    for row_position, row in enumerate(block.rows):
        if row_position in verdict.header_rows or key_column >= len(row):
            continue
        if not row[key_column].strip() or has_markup(row[key_column]):
            continue
        for column in verdict.value_columns:
            if column < len(row) and states_something(row[column]) and not has_markup(row[column]):
                yield Entry(
                    key=row_name(row[key_column]),
                    value=row[column].strip(),
                    source=SourceRef(lesson, position, row=row_position),
                    column=column,
                    key_header=block.header[key_column],
                    value_header=block.header[column],
                    lesson_title=title,
                    table_header=block.header,
                    askable=column not in verdict.constant_columns,
                    context=context,
                )


def column_fact(key_header: str, value_header: str, pairs: list[tuple[str, str]]) -> str:
    """The fact of a whole column (or term list): shared by its match questions."""
    return fact_key("column", key_header, value_header, *sorted_pairs(pairs))


SECTION_KEY_HEADER = "Section"
MIN_SIBLING_HEADINGS = 3
_LABELLED = re.compile(r"^(?P<label>[^\W\d_][\w ’'-]{1,30})\s?:\s+(?P<rest>\S.*)$", re.DOTALL)


def heading_definition(heading: str, paragraph: str) -> tuple[str, str] | None:
    """(label, definition) when ``paragraph`` opens by defining ``heading``.

    "Purpose: to …" gives ("Purpose", "to …"); "Alpha is a …" under the heading
    "Alpha" gives ("Description", "a …"); otherwise the first sentence, when it
    is a single short sentence, gives ("Description", that sentence).
    """
    first = first_sentence(paragraph)
    if not first:
        return None
    labelled = _LABELLED.match(first)
    if labelled:
        return labelled["label"].strip(), labelled["rest"].strip()
    name = re.escape(heading.strip())
    restated = re.match(rf"^{name}\s+(?:is|are|est|sont)\s+(?P<rest>\S.*)$", first, re.I)
    if restated:
        rest = restated["rest"].strip()
        return TERM_VALUE_HEADER, rest[:1].upper() + rest[1:]
    return TERM_VALUE_HEADER, first


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = _FIRST_BREAK.search(text)
    return text[: match.start() + 1].strip() if match else text


_FIRST_BREAK = re.compile(r"[.!?](?=\s+[\"“‘'(\[]?[A-ZÀ-Ý])")


def _heading_entries(blocks: tuple, lesson: int, title: str) -> Iterator[Entry]:
    """Sibling headings each followed by a paragraph that defines it: at least three of them."""
    groups: dict[tuple[int, str], list[tuple[int, str, str, str]]] = {}
    parent_by_level: dict[int, str] = {}
    for position, block in enumerate(blocks):
        if not isinstance(block, Heading) or not block.text.strip():
            continue
        parent_by_level = {k: v for k, v in parent_by_level.items() if k < block.level}
        parent = parent_by_level[max(parent_by_level)] if parent_by_level else title.strip()
        parent_by_level[block.level] = block.text.strip()
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if not isinstance(following, Paragraph):
            continue
        defined = heading_definition(block.text, following.text)
        if defined is None or not is_option_worthy(defined[1]):
            continue
        groups.setdefault((block.level, parent), []).append(
            (position, block.text.strip(), *defined)
        )
    for (level, parent), members in groups.items():
        labels = {normalise_answer(label) for *_, label, _ in members}
        if len(members) < MIN_SIBLING_HEADINGS or len(labels) > 1:
            continue
        group = (lesson, members[0][0], level)
        for position, heading, label, definition in members:
            yield Entry(
                key=heading,
                value=definition,
                source=SourceRef(lesson, position + 1),
                column=1,
                key_header=SECTION_KEY_HEADER,
                value_header=label,
                lesson_title=title,
                context=parent,
                is_heading=True,
                group=group,
            )
