"""How many learner answers each question has, as the learning app counts them.

``quizzes`` sits below ``learning`` and imports nothing from it. Whether a question
has history needs no help: history rows protect it (``on_delete=PROTECT``), so the
regenerator tries to delete and deactivates instead. Only the count of answers,
shown in the regeneration report, is asked of ``learning``, which registers its
counter in ``LearningConfig.ready``, as apps register system checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import QuerySet

AnswerCounter = Callable[[QuerySet], Mapping[int, int]]


def no_answers(questions: QuerySet) -> Mapping[int, int]:
    return {}


_answer_counter: AnswerCounter = no_answers


def register_answer_counter(counter: AnswerCounter) -> None:
    global _answer_counter
    _answer_counter = counter


def count_answers(questions: QuerySet) -> Mapping[int, int]:
    """Question id → how many learner answers it has (missing: none)."""
    return _answer_counter(questions)
