"""The learner's part of pages the content app renders (``{% load learner %}``), and the
filters of the learner's pages."""

import random
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.translation import pgettext

from briefing.content_cache import templates_digest
from briefing.learner_pages import LessonVisit
from briefing.models import Lesson
from learning.models import AttemptQuestion
from learning.progress import LESSON_VISIT, STATE_COLUMNS, state_from_row, state_on_page
from learning.scoring import build_snapshot, feedback, form_view, right_answer
from quizzes.models import Question

register = template.Library()


def lesson_actions_context(request, lesson: Lesson) -> dict:
    """Whether the learner has read the lesson, its quiz, and the next lesson.

    The progress and the quiz come from the page's own visit (``state_on_page``), the
    next lesson is read only when it is the next step (read, and no quiz).
    """
    shown = {"request": request, "user": request.user, "lesson": lesson}
    if not request.user.is_authenticated:
        return shown
    state = state_on_page(request, lesson)
    shown["read"], shown["quiz"] = state.read, state.quiz
    if state.read and state.quiz is None:
        following = (
            Lesson.objects.live()
            .filter(briefing=lesson.briefing_id, position__gt=lesson.position)
            .order_by("position")
            .values("slug", "title")
            .first()
        )
        if following:
            shown["next_lesson"] = {
                "title": following["title"],
                "url": reverse("briefing:lesson", args=[lesson.briefing.slug, following["slug"]]),
            }
    shown["return_to"] = return_link(request, lesson)
    return shown


def return_link(request, lesson: Lesson) -> dict | None:
    """The way back to the question whose feedback linked here (``?from=``), if it is the
    learner's own: the link is built from the attempt, never from the request."""
    asked = request.GET.get("from", "")
    if not asked.isdecimal() or len(asked) > 12:
        return None
    attempt_question = (
        AttemptQuestion.objects.select_related("attempt")
        .filter(pk=int(asked), attempt__learner=request.user)
        .first()
    )
    if attempt_question is None:
        return None
    attempt, position = attempt_question.attempt, attempt_question.position
    if attempt.submitted_at is None:
        url = reverse("learning:attempt", args=[attempt.pk]) + f"?q={position + 1}"
    else:
        url = reverse("learning:result", args=[attempt.pk])
    return {"url": f"{url}#question-{position}", "number": position + 1}


ACTIONS = "learning/lesson_actions.html"


@register.inclusion_tag(ACTIONS, takes_context=True)
def lesson_actions(context: template.Context, lesson: Lesson) -> dict:
    """The lesson's actions. A learner's page is kept whole (``briefing.learner_pages``):
    the tag passes on the page's CSRF token, so a page rendered to be kept holds the
    stand-in here too."""
    return lesson_actions_context(context["request"], lesson)


def read_lesson_visit(request, briefing_slug: str, lesson_slug: str) -> LessonVisit | None:
    """``briefing.learner_pages``: the lesson's versions and the learner's state in it, in
    one query (``LESSON_VISIT``); the state is kept on the request for the lesson's actions
    and the visit's record (``state_on_page``)."""
    rows = LESSON_VISIT.rows(
        briefing_slug=briefing_slug, lesson_slug=lesson_slug, learner=request.user.pk
    )
    if not rows:
        return None
    lesson_id, *versions = rows[0][: -len(STATE_COLUMNS)]
    state = request.lesson_state = state_from_row(lesson_id, rows[0][-len(STATE_COLUMNS) :])
    quiz = (state.quiz.pk, state.quiz.version) if state.quiz else None
    stamp = (
        request.user.activity_version.hex,
        state.opened,
        state.read,
        quiz,
        templates_digest(ACTIONS),
    )
    return LessonVisit(tuple(versions), stamp)


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


@register.filter
def percent(share: float | None) -> str:
    """A share from 0 to 1 as a whole percentage ("42%"), halves rounded up."""
    if share is None:
        return "—"
    whole = (Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return pgettext("percentage", "%(value)s%%") % {"value": whole}
