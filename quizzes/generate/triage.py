"""Table triage: what each key/value table may be asked about, decided before generation.

* The **key column** is the first column whose values are unique, filled in
  at least half the rows, not numbers or identifiers (``#P1``, ``1``, ``(3)``,
  ``3a``, ``Test009``, ``T-12``, ``01``) and short enough to be an option.
  Without one, the table gives no question.
* A value column is **left out** when its header is empty or when most of its
  cells are identifiers or numbers.
* A value column is **constant** when a value repeats in half the rows or
  more, or when it has at most two distinct values of which one repeats
  ("Yes/No", "Not Mitigated" in every row): no true/false and no choice
  question on its values, and no match (its pairs would repeat).
* A **record table** is a two-column table whose left column repeats across
  sibling tables (``Parameter | Value`` with Optional/Datatype/Default rows;
  Title/Preconditions/Test Steps): each table is one record of a kind, and
  "Which value goes with Optional?" asks nothing. Such tables give no question.
* A row that repeats the header is a header row: never asked about.
* A cell longer than ``MAX_OPTION_CHARS`` characters, or of several sentences,
  is not an option (it may still be quoted in a prompt).

Every decision that leaves something out is written to the generation report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from briefing.ingest.document import Document, Table, TableShape

from .fingerprint import normalise_answer
from .spec import GenerationReport

MAX_OPTION_CHARS = 200
MIN_SHARED_RECORD_FIELDS = 2
# A table wider than this gets no question: no briefing asks about 10,000 columns,
# and every fact of a row is weighed against the row's other cells.
MAX_ASKED_COLUMNS = 20
# A table's label in the report names at most this many headers, each cut to this length.
MAX_LABEL_HEADERS = 12
MAX_LABEL_HEADER_CHARS = MAX_OPTION_CHARS
# A two-column table is compared with at most this many others sharing a field with it.
MAX_COMPARED = 250
_IDENTIFIER = re.compile(
    r"""^[#(\[]?\s*            # an optional mark: #P1, (3), [2]
        (?:[^\W\d_]{0,8}[-_ .]?)?  # an optional prefix: Test, T-, P, ID_
        \d+[^\W\d_]?           # digits, maybe one letter: 3a
        (?:[-.]\d+)*           # 1.2, 4-5
        [)\]]?\.?$""",
    re.VERBOSE,
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+[\"“‘'(\[]?[A-ZÀ-Ý]")


def is_identifier(cell: str) -> bool:
    """A row number, a test ID or a code: ``#P1``, ``1``, ``(3)``, ``3a``, ``Test009``, ``T-12``."""
    text = cell.strip()
    return bool(text) and (bool(_IDENTIFIER.match(text)) or not re.search(r"[^\W\d_]", text))


def is_option_worthy(cell: str) -> bool:
    """Short enough, a single sentence, and words or numbers (not "*" or "—"), to be an option."""
    text = cell.strip()
    return (
        len(text) <= MAX_OPTION_CHARS
        and not _SENTENCE_BREAK.search(text)
        and any(char.isalnum() for char in text)
    )


@dataclass(frozen=True, slots=True)
class TableTriage:
    """The verdict on one key/value table."""

    key_column: int | None
    value_columns: tuple[int, ...] = ()
    constant_columns: frozenset[int] = frozenset()
    header_rows: frozenset[int] = frozenset()
    is_record: bool = False

    @property
    def asks_nothing(self) -> bool:
        return self.key_column is None or self.is_record or not self.value_columns


@dataclass(slots=True)
class Triage:
    tables: dict[tuple[int, int], TableTriage] = field(default_factory=dict)

    def of(self, lesson: int, block: int) -> TableTriage | None:
        return self.tables.get((lesson, block))


def triage_tables(document: Document, report: GenerationReport | None = None) -> Triage:
    """The verdict on every key/value table of the document."""
    notes = report if report is not None else GenerationReport()
    records = _record_tables(document)
    triage = Triage()
    for lesson_position, lesson in enumerate(document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            if not isinstance(block, Table) or block.shape != TableShape.KEY_VALUE:
                continue
            place = (lesson_position, block_position)
            triage.tables[place] = _judge(block, place in records, lesson_position, notes)
    return triage


def table_label(header: tuple[str, ...]) -> str:
    """A table as the report names it: “Focus Area | Action Plan” (long ones shortened)."""
    shown = [
        cell if len(cell) <= MAX_LABEL_HEADER_CHARS else cell[: MAX_LABEL_HEADER_CHARS - 1] + "…"
        for cell in header[:MAX_LABEL_HEADERS]
    ]
    if len(header) > MAX_LABEL_HEADERS:
        shown.append(f"… ({len(header):,} columns)")
    return "“" + " | ".join(shown) + "”"


def _judge(table: Table, is_record: bool, lesson: int, report: GenerationReport) -> TableTriage:
    def note(reason: str) -> None:
        report.skip(lesson, reason)

    label = "Table " + table_label(table.header)
    width = len(table.header)
    if width > MAX_ASKED_COLUMNS:
        note(
            f"{label} has {width:,} columns: a table wider than {MAX_ASKED_COLUMNS} columns "
            "gets no question."
        )
        return TableTriage(None)
    header_rows = frozenset(
        number for number, row in enumerate(table.rows) if _repeats_header(table.header, row)
    )
    rows = [row for number, row in enumerate(table.rows) if number not in header_rows]
    if header_rows:
        note(f"{label}: a row repeats the header, it is not asked about.")
    if is_record:
        note(
            f"{label} is one record of a kind repeated across the briefing "
            f"(the same “{table.header[0]}” rows in sibling tables): no question on its rows."
        )
        return TableTriage(None, header_rows=header_rows, is_record=True)
    key_column = next((c for c in range(width) if _can_be_key(rows, c)), None)
    if key_column is None:
        note(
            f"{label}: no column has unique names (not numbers or identifiers) to ask about: "
            "no question asks for a row's value."
        )
        return TableTriage(None, header_rows=header_rows)
    if key_column > 0:
        key_header = table.header[key_column]
        note(f"{label}: the first column holds identifiers or repeats; “{key_header}” is the key.")
    value_columns, constant = [], set()
    for column in range(width):
        if column == key_column:
            continue
        cells = _cells(rows, column)
        header = table.header[column].strip()
        if not header:
            note(f"{label}: column {column + 1} has no header, it is not asked about.")
        elif cells and sum(map(is_identifier, cells)) * 2 > len(cells):
            note(f"{label}: column “{header}” holds numbers or identifiers, it is not asked about.")
        else:
            value_columns.append(column)
            if is_constant(cells, len(rows)):
                constant.add(column)
                note(
                    f"{label}: column “{header}” repeats the same few values: "
                    "no true/false, choice or match question on it."
                )
    return TableTriage(key_column, tuple(value_columns), frozenset(constant), header_rows)


def _repeats_header(header: tuple[str, ...], row: tuple[str, ...]) -> bool:
    normal_header = [normalise_answer(cell) for cell in header]
    return any(normal_header) and [normalise_answer(cell) for cell in row] == normal_header


def _cells(rows: list[tuple[str, ...]], column: int) -> list[str]:
    return [row[column].strip() for row in rows if column < len(row) and row[column].strip()]


def _can_be_key(rows: list[tuple[str, ...]], column: int) -> bool:
    cells = _cells(rows, column)
    if not cells or len(cells) * 2 < len(rows):
        return False
    normal = [normalise_answer(cell) for cell in cells]
    return (
        len(set(normal)) == len(normal)
        and not any(map(is_identifier, cells))
        and all(map(is_option_worthy, cells))
    )


def is_constant(cells: list[str], rows: int) -> bool:
    """A value repeats in half the rows or more, or only two values with one repeating."""
    counts = Counter(normalise_answer(cell) for cell in cells)
    if not counts:
        return False
    top = counts.most_common(1)[0][1]
    return top >= 2 and (top * 2 >= rows or len(counts) <= 2)


def _record_tables(document: Document) -> set[tuple[int, int]]:
    """Two-column tables whose left column repeats in a sibling table with other values.

    The same table twice (the same facts restated) is not a record: its repeats
    are dropped later as repeated questions.
    """
    fields: dict[tuple[int, int], dict[str, str]] = {}
    for lesson_position, lesson in enumerate(document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            if isinstance(block, Table) and len(block.header) == 2:
                fields[(lesson_position, block_position)] = {
                    normalise_answer(row[0]): normalise_answer(row[1])
                    for row in block.rows
                    if len(row) == 2 and row[0].strip()
                }
    # Tables are compared by their distinct contents (copies of one table are never
    # records of each other), and only with those sharing a field: a briefing of
    # thousands of tables costs thousands, not millions, of comparisons.
    places_of: dict[frozenset, list[tuple[int, int]]] = {}
    for place, table in fields.items():
        places_of.setdefault(frozenset(table.items()), []).append(place)
    distinct = [dict(items) for items in places_of]
    having: dict[str, list[int]] = {}
    for number, table in enumerate(distinct):
        for name in table:
            having.setdefault(name, []).append(number)
    is_record = [False] * len(distinct)
    for number, table in enumerate(distinct):
        if is_record[number]:
            continue
        others = sorted({other for name in table for other in having[name][:MAX_COMPARED]})
        partner = next(
            (other for other in others if other != number and _records(table, distinct[other])),
            None,
        )
        if partner is not None:
            is_record[number] = is_record[partner] = True
    return {
        place
        for items, flag in zip(places_of, is_record, strict=True)
        if flag
        for place in places_of[items]
    }


def _records(first: dict[str, str], second: dict[str, str]) -> bool:
    """Two tables that are records of one kind: the same fields, mostly different values."""
    shared = first.keys() & second.keys()
    smaller = min(len(first), len(second))
    differing = [name for name in shared if first[name] != second[name]]
    return (
        len(shared) >= MIN_SHARED_RECORD_FIELDS
        and len(shared) * 2 >= smaller
        and len(differing) * 2 >= len(shared)
    )
