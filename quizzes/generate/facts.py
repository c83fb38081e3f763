"""The briefing's key/value facts, and a briefing-wide index of them.

Every non-empty cell of a ``key_value`` table's value column (with the row's
key) and every term (with its description) is an ``Entry``. The index answers
the fairness questions of the generators: which values does a key have
anywhere in the briefing, and which keys does a value belong to.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple

from briefing.ingest.document import Document, Heading, Paragraph, Table, TableShape, TermList

from .fingerprint import fact_key, normalise_answer, sorted_pairs
from .spec import QuestionKind, QuestionSpec, SourceRef
from .triage import MAX_OPTION_CHARS, TableTriage, Triage, is_option_worthy, triage_tables
from .words import is_imperative

TERM_KEY_HEADER = "Term"
TERM_VALUE_HEADER = "Description"
KIND_ORDER = {kind: position for position, kind in enumerate(QuestionKind)}
#: A generator weighs every candidate of a list (a column's other values, the
#: briefing's similar columns, its terms) of up to this many; of a longer one, only
#: the ``MAX_NEAREST`` nearest in the document, so that a table of 10,000 rows or a
#: briefing of 10,000 facts costs in proportion to its size, not to its square.
MAX_WEIGHED = 250
MAX_NEAREST = 16
# How far on either side of a fact a windowed search looks for candidates it may keep.
MAX_SCANNED = 2 * MAX_NEAREST


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
    #: Whether the value may be shown as an option (short, one sentence), and whether
    #: it is an instruction: found once, since every other entry's search weighs them.
    option_worthy: bool = field(init=False, repr=False, compare=False)
    imperative: bool = field(init=False, repr=False, compare=False)
    #: Its position in ``BriefingIndex.entries`` (document order), set by the index.
    ordinal: int = field(default=-1, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normal_key", normalise_answer(self.key))
        object.__setattr__(self, "normal_value", normalise_answer(self.value))
        object.__setattr__(self, "option_worthy", is_option_worthy(self.value))
        object.__setattr__(self, "imperative", is_imperative(self.value))

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


_ORDINAL = attrgetter("ordinal")


def nearest(
    candidates: Sequence[Entry], around: Entry, keep: Callable[[Entry], bool] = bool
) -> list[Entry]:
    """The ``candidates`` (in document order) that ``keep`` accepts, in document order:
    all of them from a list of up to ``MAX_WEIGHED``, else the ``MAX_NEAREST``
    nearest to ``around`` among the ``MAX_SCANNED`` on either side of it."""
    if len(candidates) <= MAX_WEIGHED:
        return [candidate for candidate in candidates if keep(candidate)]
    middle = bisect.bisect_left(candidates, around.ordinal, key=_ORDINAL)
    window = candidates[max(0, middle - MAX_SCANNED) : middle + MAX_SCANNED]
    kept = [candidate for candidate in window if keep(candidate)]
    if len(kept) > MAX_NEAREST:
        kept.sort(key=lambda candidate: abs(candidate.ordinal - around.ordinal))
        del kept[MAX_NEAREST:]
        kept.sort(key=_ORDINAL)
    return kept


def nearest_of_all(
    lists: Iterable[Sequence[Entry]], around: Entry, keep: Callable[[Entry], bool] = bool
) -> list[Entry]:
    """``nearest`` over the union of several lists in document order (each entry once)."""
    lists = [candidates for candidates in lists if candidates]
    if sum(map(len, lists)) <= 4 * MAX_WEIGHED:
        union = {candidate.ordinal: candidate for found in lists for candidate in found}
        return nearest([union[ordinal] for ordinal in sorted(union)], around, keep)
    union = {c.ordinal: c for found in lists for c in nearest(found, around, keep)}
    ordered = [union[ordinal] for ordinal in sorted(union)]
    return ordered if len(ordered) <= MAX_NEAREST else nearest(ordered, around)


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
    #: Entries by block, and by the words of their key and value headers (``header_words``).
    by_block: dict[tuple[int, int], list[Entry]] = field(default_factory=dict)
    by_key_header_word: dict[str, list[Entry]] = field(default_factory=dict)
    by_value_header_word: dict[str, list[Entry]] = field(default_factory=dict)
    terms: list[Entry] = field(default_factory=list)
    #: The first spelling of each normalised key, and each lesson's title.
    spelling: dict[str, str] = field(default_factory=dict)
    lesson_titles: dict[int, str] = field(default_factory=dict)
    #: Terms and description columns (``distractors.is_description``), once asked for.
    descriptions: list[Entry] | None = None
    _rivals: dict[str, dict] = field(default_factory=dict)
    _places: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)
    _values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        object.__setattr__(entry, "ordinal", len(self.entries))
        self.entries.append(entry)
        by_value = self.places_by_key_value.setdefault(entry.normal_key, {})
        by_value.setdefault(entry.normal_value, set()).add(entry.place)
        self.keys_by_value.setdefault(entry.normal_value, set()).add(entry.normal_key)
        self.pools.setdefault(entry.pool, []).append(entry)
        self.by_key.setdefault(entry.normal_key, []).append(entry)
        self.by_block.setdefault(entry.place[:2], []).append(entry)
        for word in _header_words(entry.key_header):
            self.by_key_header_word.setdefault(word, []).append(entry)
        for word in _header_words(entry.value_header):
            self.by_value_header_word.setdefault(word, []).append(entry)
        if entry.is_term:
            self.terms.append(entry)
        self.spelling.setdefault(entry.normal_key, entry.key)
        self.lesson_titles.setdefault(entry.source.lesson, entry.lesson_title)
        self._rivals.pop(entry.normal_key, None)
        self._places.pop(entry.normal_key, None)
        self._values.pop(entry.normal_key, None)
        self.descriptions = None

    def entries_of(self, normal_key: str) -> list[Entry]:
        """Every entry of a (normalised) key, anywhere in the briefing."""
        return self.by_key.get(normal_key, [])

    def distinct_values(self, normal_key: str) -> list[str]:
        """The values of a key as written, each once, in document order.

        A key restated in many places costs its fairness tests once per value.
        """
        values = self._values.get(normal_key)
        if values is None:
            values = list(dict.fromkeys(entry.value for entry in self.entries_of(normal_key)))
            self._values[normal_key] = values
        return values

    def similar_value_headers(self, entry: Entry) -> list[list[Entry]]:
        """Lists of the entries whose value header is similar to ``entry``'s."""
        words = _header_words(entry.value_header)
        return [self.by_value_header_word[word] for word in words]

    def similar_key_headers(self, entry: Entry) -> list[list[Entry]]:
        """Lists of the entries whose key header is similar to ``entry``'s."""
        words = _header_words(entry.key_header)
        return [self.by_key_header_word[word] for word in words]

    def values_of(self, key: str) -> set[str]:
        """Every normalised value ``key`` has anywhere in the briefing."""
        return set(self.places_by_key_value.get(normalise_answer(key), {}))

    def keys_of(self, value: str) -> set[str]:
        """Every normalised key that has ``value`` anywhere in the briefing."""
        return set(self.keys_by_value.get(normalise_answer(value), set()))

    def rival_count(self, entry: Entry) -> int:
        """How many other values this entry's key has, found outside its own row.

        The other columns of the same row do not count: the header tells them apart.
        Counted from each key's values found at one place only, so that a key with
        thousands of values costs the same for each of its entries.
        """
        by_value = self.places_by_key_value.get(entry.normal_key, {})
        only_at = self._rivals.get(entry.normal_key)
        if only_at is None:
            only_at = {}
            for value, places in by_value.items():
                if len(places) == 1:
                    only_at.setdefault(next(iter(places)), set()).add(value)
            self._rivals[entry.normal_key] = only_at
        others = len(by_value) - (entry.normal_value in by_value)
        return others - len(only_at.get(entry.place, set()) - {entry.normal_value})

    def names_one_value(self, entry: Entry) -> bool:
        """Whether asking for this entry's value has a single right answer."""
        return self.rival_count(entry) == 0

    def value_has_one_key(self, entry: Entry) -> bool:
        """Whether asking which key this value belongs to has a single right answer."""
        return self.keys_of(entry.value) == {entry.normal_key}

    def places_of_key(self, key: str) -> list[tuple[int, int, int]]:
        """Every place of ``key`` in the briefing, in document order (found once per key)."""
        return self._places_of(normalise_answer(key))

    def lessons_of_key(self, normal_key: str) -> list[int]:
        """The lessons (0-based, in order) where ``normal_key`` has a value."""
        return sorted({place[0] for place in self._places_of(normal_key)})

    def _places_of(self, normal_key: str) -> list[tuple[int, int, int]]:
        if normal_key not in self._places:
            by_value = self.places_by_key_value.get(normal_key, {})
            places = {place for found in by_value.values() for place in found}
            self._places[normal_key] = sorted(places)
        return self._places[normal_key]


def _header_words(header: str) -> frozenset[str]:
    from .distractors import header_words  # distractors imports this module

    return header_words(header)


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
    # The heading, in any case, then "is": compared, not compiled into a regex per heading.
    name = heading.strip()
    opens_with_name = first[: len(name)].casefold() == name.casefold()
    restated = _RESTATED.match(first, len(name)) if opens_with_name else None
    if restated:
        rest = restated["rest"].strip()
        return TERM_VALUE_HEADER, rest[:1].upper() + rest[1:]
    return TERM_VALUE_HEADER, first


_RESTATED = re.compile(r"\s+(?:is|are|est|sont)\s+(?P<rest>\S.*)$", re.I)


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
        # A heading too long to be an option is no key (nor a regex to compile).
        heading = block.text.strip() if isinstance(block, Heading) else ""
        if not heading or len(heading) > MAX_OPTION_CHARS:
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
