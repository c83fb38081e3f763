"""The learner's part of pages the content app renders (``{% load learner %}``)."""

import random

from django import template
from django.db.models import OuterRef, Subquery

from briefing.models import Lesson
from learning.models import LessonProgress
from learning.scoring import build_snapshot, feedback, form_view, right_answer
from quizzes.models import Question

register = template.Library()


@register.inclusion_tag("learning/lesson_actions.html", takes_context=True)
def lesson_actions(context: template.Context, lesson: Lesson) -> dict:
    """Whether the learner has read the lesson, and the way to its quiz: one query."""
    request = context["request"]
    shown = {"request": request, "user": request.user, "lesson": lesson}
    if request.user.is_authenticated:
        read_at = LessonProgress.objects.filter(learner=request.user, lesson=OuterRef("pk"))
        state = (
            Lesson.objects.filter(pk=lesson.pk)
            .select_related("quiz")
            .annotate(read_at=Subquery(read_at.values("read_at")[:1]))
            .get()
        )
        shown["read_at"] = state.read_at
        shown["quiz"] = getattr(state, "quiz", None)
    return shown


@register.inclusion_tag("learning/question_preview.html")
def question_preview(question: Question) -> dict:
    """The question as a learner sees it, then the feedback of a right answer.

    For the admin's question page, which only staff reach. The question is read
    again as saved: the change form may hold edits that failed validation.
    """
    saved = Question.objects.select_related(
        "source_block__lesson__briefing", "source_row__block", "source_term__block"
    ).get(pk=question.pk)
    try:
        snapshot = build_snapshot(
            saved.as_data(), rng=random.Random(saved.pk), source=saved.source_link()
        )
        right = right_answer(snapshot)
        return {
            "question": form_view(snapshot),
            "feedback": feedback(snapshot, right),
            "response": {"correct": True, "score": 1},
            "item": {"position": "preview"},
        }
    except (KeyError, TypeError, ValueError, AttributeError, StopIteration):
        # Data written outside the admin's checks (an old export, the shell).
        return {"error": "This question's options or answer do not fit its kind: fix them first."}
