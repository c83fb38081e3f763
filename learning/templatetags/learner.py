"""The learner's part of pages the content app renders (``{% load learner %}``)."""

from django import template
from django.db.models import OuterRef, Subquery

from briefing.models import Lesson
from learning.models import LessonProgress

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
