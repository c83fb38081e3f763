"""The briefing's key/value facts, and a briefing-wide index of them.

Every non-empty cell of a ``key_value`` table's value column (with the row's
key) and every term (with its description) is an ``Entry``. The index answers
the fairness questions of the generators: which values does a key have
anywhere in the briefing, and which keys does a value belong to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from briefing.ingest.document import Document, Table, TableShape, TermList

from .fingerprint import fact_key, normalise_answer, sorted_pairs
from .spec import QuestionKind, QuestionSpec, SourceRef

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
    def index(self) -> int:
        """The row or term position inside its block."""
        return self.source.row if self.source.row is not None else self.source.term or 0

    @property
    def place(self) -> tuple[int, int, int]:
        return (self.source.lesson, self.source.block, self.index)

    @property
    def pool(self) -> tuple[int, int, int]:
        """The column (or term list) this entry belongs to."""
        return (self.source.lesson, self.source.block, self.column)

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
        return fact_key("row", self.key, self.value)


@dataclass(slots=True)
class BriefingIndex:
    entries: list[Entry] = field(default_factory=list)
    places_by_key_value: dict[str, dict[str, set[tuple[int, int, int]]]] = field(
        default_factory=dict
    )
    keys_by_value: dict[str, set[str]] = field(default_factory=dict)
    pools: dict[tuple[int, int, int], list[Entry]] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        by_value = self.places_by_key_value.setdefault(entry.normal_key, {})
        by_value.setdefault(entry.normal_value, set()).add(entry.place)
        self.keys_by_value.setdefault(entry.normal_value, set()).add(entry.normal_key)
        self.pools.setdefault(entry.pool, []).append(entry)

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


def build_index(document: Document) -> BriefingIndex:
    index = BriefingIndex()
    for entry in iter_entries(document):
        index.add(entry)
    return index


def iter_entries(document: Document) -> Iterator[Entry]:
    """Every key/value fact of the document, in document order (by block, row, column)."""
    for lesson_position, lesson in enumerate(document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            if isinstance(block, TermList):
                yield from _term_entries(block, lesson_position, block_position, lesson.title)
            elif isinstance(block, Table) and block.shape == TableShape.KEY_VALUE:
                yield from _row_entries(block, lesson_position, block_position, lesson.title)


def _term_entries(block: TermList, lesson: int, position: int, title: str) -> Iterator[Entry]:
    for term_position, term in enumerate(block.terms):
        if term.term.strip() and term.description.strip():
            yield Entry(
                key=term.term.strip(),
                value=term.description.strip(),
                source=SourceRef(lesson, position, term=term_position),
                column=1,
                key_header=TERM_KEY_HEADER,
                value_header=TERM_VALUE_HEADER,
                lesson_title=title,
            )


def _row_entries(block: Table, lesson: int, position: int, title: str) -> Iterator[Entry]:
    for row_position, row in enumerate(block.rows):
        if not row or not row[0].strip():
            continue
        for column in range(1, min(len(row), len(block.header))):
            if row[column].strip():
                yield Entry(
                    key=row[0].strip(),
                    value=row[column].strip(),
                    source=SourceRef(lesson, position, row=row_position),
                    column=column,
                    key_header=block.header[0],
                    value_header=block.header[column],
                    lesson_title=title,
                    table_header=block.header,
                )


def column_fact(key_header: str, value_header: str, pairs: list[tuple[str, str]]) -> str:
    """The fact of a whole column (or term list): shared by its match questions."""
    return fact_key("column", key_header, value_header, *sorted_pairs(pairs))
