"""Categorize questions: place each item of a ``parallel_lists`` table under its column.

An item found under two columns is ambiguous and left out; one repeated under
the same column is kept once. Tables with more than ``MAX_ITEMS`` items are
split into balanced chunks, each column's items spread over the chunks so that
every chunk sorts into at least two columns.
"""

from __future__ import annotations

import math
from random import Random

from briefing.ingest.document import Document, Table, TableShape

from .facts import BriefingIndex, Candidate, candidate
from .fingerprint import fact_key, fingerprint, normalise_answer, sorted_pairs
from .spec import GenerationReport, Option, QuestionKind, QuestionSpec, SourceRef
from .text import human_list, lesson_label, part_suffix, quoted, table_label

MAX_ITEMS = 8
MIN_COLUMNS = 2

Placement = tuple[str, str]


def generate_categorize(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    candidates = []
    for lesson_position, lesson in enumerate(document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            if isinstance(block, Table) and block.shape == TableShape.PARALLEL_LISTS:
                sorter = _Sorter(block, lesson_position, block_position, lesson.title, report)
                candidates.extend(sorter.questions(seed))
    return candidates


class _Sorter:
    """The questions of one parallel-lists table."""

    def __init__(
        self, table: Table, lesson: int, block: int, title: str, report: GenerationReport
    ) -> None:
        self.table = table
        self.lesson = lesson
        self.block = block
        self.title = title
        self.report = report
        self.label = f"Table {table_label(table.header)}"

    def questions(self, seed: int) -> list[Candidate]:
        items = self._items_by_column()
        headers = [header for header, column_items in items.items() if column_items]
        if len(headers) < MIN_COLUMNS:
            self._skip("fewer than two columns have items, nothing to sort.")
            return []
        placements = [(item, header) for header in headers for item in items[header]]
        fact = fact_key("table", *self.table.header, *sorted_pairs(placements))
        chunks = spread_over_chunks(items, MAX_ITEMS)
        questions = []
        for part, chunk in enumerate(chunks):
            if len({header for _, header in chunk}) < MIN_COLUMNS:
                self._skip(f"part {part + 1} would sort into one column only, left out.")
                continue
            questions.append(self._question(chunk, headers, part, len(chunks), fact, seed))
        return questions

    def _items_by_column(self) -> dict[str, list[str]]:
        """Each named column's distinct items, without those found under two columns.

        A column without a header cannot be an answer: its items are left out,
        but they still make an item that is also under a named column ambiguous.
        """
        headers = [header.strip() for header in self.table.header]
        normal_headers = [normalise_answer(header) for header in headers if header]
        if len(set(normal_headers)) < len(normal_headers):
            self._skip("two columns have the same header, nothing to sort.")
            return {}
        cells = {
            header or f"column {number + 1}": self._cells(number, header)
            for number, header in enumerate(headers)
        }
        ambiguous = self._under_several_columns(cells)
        return {
            header: [item for item in cells[header] if normalise_answer(item) not in ambiguous]
            for header in headers
            if header
        }

    def _cells(self, number: int, header: str) -> list[str]:
        cells = [row[number].strip() for row in self.table.rows if number < len(row)]
        cells = [cell for cell in cells if cell]
        if not header:
            if cells:
                self._skip(f"column {number + 1} has no header, its items are left out.")
            return cells
        return self._distinct(header, cells)

    def _under_several_columns(self, cells: dict[str, list[str]]) -> set[str]:
        columns_of: dict[str, list[str]] = {}
        spelled: dict[str, str] = {}
        for name, items in cells.items():
            for item in items:
                columns = columns_of.setdefault(normalise_answer(item), [])
                if name not in columns:
                    columns.append(name)
                spelled.setdefault(normalise_answer(item), item)
        ambiguous = {item for item, columns in columns_of.items() if len(columns) > 1}
        for item in sorted(ambiguous):
            where = human_list(columns_of[item])
            self._skip(f"{quoted(spelled[item])} appears under {where}, left out of the question.")
        return ambiguous

    def _distinct(self, header: str, cells: list[str]) -> list[str]:
        kept: dict[str, str] = {}
        for cell in cells:
            if normalise_answer(cell) in kept:
                self._skip(f"{quoted(cell)} appears twice under {header}, kept once.")
            else:
                kept[normalise_answer(cell)] = cell
        return list(kept.values())

    def _question(
        self,
        chunk: list[Placement],
        headers: list[str],
        part: int,
        parts: int,
        fact: str,
        seed: int,
    ) -> Candidate:
        question_fingerprint = fingerprint(QuestionKind.CATEGORIZE, "items", *sorted_pairs(chunk))
        shuffled = list(chunk)
        Random(f"{seed}:{question_fingerprint}").shuffle(shuffled)
        spec = QuestionSpec(
            kind=QuestionKind.CATEGORIZE,
            lesson=self.lesson,
            prompt=self._prompt(headers) + f"{part_suffix(part, parts)}.",
            answer=dict(shuffled),
            explanation=self._explanation(chunk, headers),
            source=SourceRef(self.lesson, self.block),
            fingerprint=question_fingerprint,
            fact=fact,
            options=tuple(Option(header) for header in headers),
            direction="items" + (f":{part + 1}" if parts > 1 else ""),
        )
        return candidate(spec, part)

    def _prompt(self, headers: list[str]) -> str:
        """Names what is judged: the lesson the table is in (the linter's vague-prompt rule)."""
        about = f" of “{self.title.strip()}”" if self.title.strip() else ""
        return f"Sort each item{about} under {human_list(headers, 'or')}"

    def _explanation(self, chunk: list[Placement], headers: list[str]) -> str:
        lists = [
            f"under {header}: " + ", ".join(quoted(item) for item, home in chunk if home == header)
            for header in headers
            if any(home == header for _, home in chunk)
        ]
        lesson = lesson_label(self.title, self.lesson)
        return f"In {lesson}, the table {table_label(self.table.header)} lists {'; '.join(lists)}."

    def _skip(self, reason: str) -> None:
        self.report.skip(self.lesson, f"{self.label}: {reason}")


def spread_over_chunks(items: dict[str, list[str]], size: int) -> list[list[Placement]]:
    """Deal each column's items over the fewest chunks of about ``size`` items.

    Column ``c`` gives its ``j``-th share to chunk ``(j + c) % chunks``, so the
    larger shares rotate and the chunks stay balanced.
    """
    total = sum(len(column) for column in items.values())
    count = max(1, math.ceil(total / size))
    chunks: list[list[Placement]] = [[] for _ in range(count)]
    for number, (header, column) in enumerate(items.items()):
        start = 0
        for share in range(count):
            length = len(column) // count + (1 if share < len(column) % count else 0)
            target = chunks[(share + number) % count]
            target.extend((item, header) for item in column[start : start + length])
            start += length
    return chunks
