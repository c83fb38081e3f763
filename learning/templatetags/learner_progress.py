"""The learner's progress where the content app shows lessons (``{% load learner_progress %}``).

``{% lesson_list briefing lessons %}`` is the briefing page's list of lessons:
for a signed-in learner with each lesson's state and mastery, the progress and
a "Continue" button; for a visitor, the plain list. ``percent`` shows a score
of 0 to 1 as a whole percentage.
"""

from django import template
from django.db.models import Prefetch, prefetch_related_objects

from briefing.models import Briefing, Lesson
from learning.dashboard import LEGEND, briefing_progress

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.41666 → "42%"; nothing for None."""
    if value is None or value == "":
        return ""
    return f"{round(float(value) * 100)}%"


@register.inclusion_tag("learning/lesson_list.html", takes_context=True)
def lesson_list(context: template.Context, briefing: Briefing, lessons) -> dict:
    """The briefing's live lessons; with the learner's progress once signed in.

    A visitor's list is ``lessons`` as the view gave it (one query). A learner's
    is read with ``briefing_progress``, as the dashboard does: a fixed number
    of queries whatever the number of lessons.
    """
    request = context["request"]
    shown = {"request": request, "user": request.user, "briefing": briefing}
    if not request.user.is_authenticated:
        return shown | {"lessons": lessons}
    live = Lesson.objects.live().order_by("position").select_related("quiz")
    prefetch_related_objects([briefing], Prefetch("lessons", queryset=live))
    [row] = briefing_progress(request.user, [briefing])
    return shown | {"row": row, "legend": LEGEND}
