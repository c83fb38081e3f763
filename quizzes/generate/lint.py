"""The question linter: item-writing rules as code, pure Python (no Django).

Each rule has a stable code and a one-line reason, as a linter's rules have.
``lint_quiz`` runs every rule on the questions of one quiz (some rules compare
questions with each other, e.g. true/false statements that answer each other),
with the briefing's ``Document`` for the rules that need the source (a
distractor whose own fact fits the stem). Generation drops the questions it
can avoid emitting with a finding; sync stores the findings of every question,
generated, edited or manual, on ``Question.lint_findings``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.ingest.document import Document

from .spec import QuestionSpec

#: code → the one-line reason shown to an instructor.
RULES: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def lint_quiz(
    questions: Sequence[QuestionSpec], document: Document | None = None
) -> list[tuple[Finding, ...]]:
    """The findings of each question of one quiz, in the order given."""
    return [() for _ in questions]
