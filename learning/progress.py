"""Lesson milestones: opened, read, completed. Stored once earned, never taken back."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import FilteredRelation, Q
from django.utils import timezone

from briefing.models import Lesson
from config.compiled import CompiledQuery
from learning.activity import bump
from learning.models import Attempt, LessonProgress
from quizzes.models import Quiz

# The learner's progress in a lesson and the lesson's quiz, the last columns of each query
# below (``state_from_row`` reads them).
STATE_COLUMNS = ("own__pk", "own__read_at", "quiz__pk", "quiz__title", "quiz__version")


def with_learner_state(lessons, learner, *columns: str):
    return (
        lessons.annotate(own=FilteredRelation("progress", condition=Q(progress__learner=learner)))
        .values_list(*columns, *STATE_COLUMNS)
        .order_by()
    )


# What a signed-in lesson page shows of the learner and the lesson's quiz, when the page is
# rendered for this request (staff, a query string, a message): one query, compiled once.
LESSON_STATE = CompiledQuery(
    lambda learner, lesson: with_learner_state(Lesson.objects.filter(pk=lesson), learner),
    learner=-7_654_321_001,
    lesson=-7_654_321_002,
)

# What a learner's lesson page depends on: the lesson's versions, the learner's progress and
# the lesson's quiz, found by the page's slugs; one query, compiled once.
LESSON_VISIT = CompiledQuery(
    lambda briefing_slug, lesson_slug, learner: with_learner_state(
        Lesson.objects.filter(
            briefing__slug=briefing_slug, briefing__published=True, slug=lesson_slug
        ),
        learner,
        "pk",
        "content_version",
        "briefing__content_version",
    ),
    "briefing_slug",
    "lesson_slug",
    learner=-7_654_321_008,
)


@dataclass(frozen=True)
class LessonState:
    """The learner's milestones in a lesson, and the lesson's quiz (None: it has none)."""

    lesson_id: int
    opened: bool
    read: bool
    quiz: Quiz | None


def state_from_row(lesson_id: int, columns) -> LessonState:
    """The state from the ``STATE_COLUMNS`` of a row (all None: no row)."""
    progress_id, read_at, quiz_id, title, version = columns
    quiz = Quiz(pk=quiz_id, title=title, lesson_id=lesson_id, version=version) if quiz_id else None
    return LessonState(lesson_id, progress_id is not None, read_at is not None, quiz)


def lesson_state(*, learner, lesson: Lesson) -> LessonState:
    rows = LESSON_STATE.converted_rows(learner=learner.pk, lesson=lesson.pk)
    return state_from_row(lesson.pk, rows[0] if rows else [None] * len(STATE_COLUMNS))


def record_opened(*, learner, lesson: Lesson) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(learner=learner, lesson=lesson)
    return progress


def record_lesson_viewed(sender, *, request, lesson: Lesson, **kwargs) -> None:
    """``briefing.signals.lesson_viewed``: a signed-in learner has opened the lesson.

    Its state is kept on the request, so the page's lesson actions need not read it again;
    the progress row is written on the first visit only.
    """
    if request.user.is_authenticated:
        state = state_on_page(request, lesson)
        if not state.opened:
            progress = record_opened(learner=request.user, lesson=lesson)
            state = LessonState(lesson.pk, True, progress.read_at is not None, state.quiz)
        request.lesson_state = state


def state_on_page(request, lesson: Lesson) -> LessonState:
    """The learner's state in the lesson, as this request's visit read it, else read now."""
    state = getattr(request, "lesson_state", None)
    if state is None or state.lesson_id != lesson.pk:
        state = lesson_state(learner=request.user, lesson=lesson)
    return state


@transaction.atomic
def mark_read(*, learner, lesson: Lesson) -> LessonProgress:
    # The learner's row first, as submitting a quiz takes it before the progress row: two
    # tabs marking and submitting at once wait for each other instead of deadlocking.
    bump(learner.pk)
    progress, _ = LessonProgress.objects.select_for_update().get_or_create(
        learner=learner, lesson=lesson
    )
    if progress.read_at is None:
        progress.read_at = timezone.now()
        progress.save(update_fields=["read_at"])
    return update_completion(learner=learner, lesson=lesson, progress=progress)


def quiz_passed(*, learner, lesson: Lesson) -> bool | None:
    """Whether the learner passed the lesson's quiz; None when the lesson has no quiz."""
    quiz = getattr(lesson, "quiz", None)
    if quiz is None or not quiz.questions.active().exists():
        return None
    return Attempt.objects.counted().filter(learner=learner, quiz=quiz, passed=True).exists()


def update_completion(*, learner, lesson: Lesson, progress: LessonProgress | None = None):
    """A lesson is completed when read and its quiz passed, or read when it has no quiz."""
    if progress is None:
        progress, _ = LessonProgress.objects.get_or_create(learner=learner, lesson=lesson)
    if (
        progress.completed_at is None
        and progress.read_at is not None
        and quiz_passed(learner=learner, lesson=lesson) is not False
    ):
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
    return progress
