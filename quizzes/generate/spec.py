"""What the generators return: pure dataclasses, no Django.

``persist``/``sync`` in ``quizzes.sync`` is the only code that turns these into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class QuestionKind(StrEnum):
    MATCH = "match"
    CHOICE = "choice"
    TRUE_FALSE = "true_false"
    CATEGORIZE = "categorize"
    CLOZE = "cloze"
    ORDERING = "ordering"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a question's fact lives, by 0-based positions in the ``Document``.

    ``row`` is set for a table row, ``term`` for a term; both ``None`` when the
    question is built from a whole block (a match or categorize question, or a
    cloze sentence of a paragraph).
    """

    lesson: int
    block: int
    row: int | None = None
    term: int | None = None


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    feedback: str = ""


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """One generated question.

    ``answer`` is JSON-compatible and depends on ``kind``:

    * choice: the text of the correct option (one of ``options``);
    * true_false: ``True`` or ``False`` (``options`` are "True" and "False" with feedback);
    * match: ``{left: right}`` in display order of the left items;
    * categorize: ``{item: column}`` (``options`` are the columns, no feedback);
    * cloze: a list of accepted answers, the canonical one first;
    * ordering: the steps, in the right order (no ``options``).

    ``fingerprint`` identifies the question across regenerations (same facts,
    same kind and direction => same fingerprint) and is unique within a
    briefing; ``fact`` names the fact tested and is shared by every question
    that tests it (both directions of one row, its true/false statement).
    ``direction`` tells apart questions of one kind on one source (a choice
    asking for the value or for the key: ``"key_to_value"``/``"value_to_key"``;
    a match per value column: the column index). Unlike the fingerprint it may
    name positions: it only tells apart questions on one source. Sync uses
    (kind, direction, source) to recognise the generated twin of an edited
    question whose facts changed.
    """

    kind: QuestionKind
    lesson: int
    prompt: str
    answer: object
    explanation: str
    source: SourceRef
    fingerprint: str
    fact: str
    options: tuple[Option, ...] = ()
    direction: str = ""


@dataclass(slots=True)
class GenerationReport:
    """Per lesson (by position): questions per kind, and what was skipped and why."""

    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    skipped: dict[int, list[str]] = field(default_factory=dict)

    def count(self, lesson: int, kind: QuestionKind) -> None:
        per_kind = self.counts.setdefault(lesson, {})
        per_kind[kind.value] = per_kind.get(kind.value, 0) + 1

    def skip(self, lesson: int, reason: str) -> None:
        self.skipped.setdefault(lesson, []).append(reason)


@dataclass(frozen=True, slots=True)
class GenerationResult:
    questions: tuple[QuestionSpec, ...]
    report: GenerationReport
