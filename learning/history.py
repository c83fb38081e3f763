"""Learner history as ``quizzes`` asks for it (registered in ``LearningConfig.ready``)."""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet

from learning.models import Response


def count_answers(questions: QuerySet) -> Counter[int]:
    """Question id → the learners' responses to it, in every attempt."""
    return Counter(
        Response.objects.filter(attempt_question__question__in=questions).values_list(
            "attempt_question__question_id", flat=True
        )
    )
