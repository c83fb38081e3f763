"""Lesson milestones: opened, read, completed. Stored once earned, never taken back."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from briefing.models import Lesson
from learning.models import Attempt, LessonProgress


def record_opened(*, learner, lesson: Lesson) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(learner=learner, lesson=lesson)
    return progress


def record_lesson_viewed(sender, *, request, lesson: Lesson, **kwargs) -> None:
    """``briefing.signals.lesson_viewed``: a signed-in learner has opened the lesson.

    The progress is kept on the request, so the page's lesson actions need not read it again.
    """
    if request.user.is_authenticated:
        request.lesson_progress = record_opened(learner=request.user, lesson=lesson)


def read_at(request, lesson: Lesson):
    """When the signed-in learner marked the lesson as read (None: not yet)."""
    progress = getattr(request, "lesson_progress", None)
    if progress is None or progress.lesson_id != lesson.pk:
        progress = LessonProgress.objects.filter(learner=request.user, lesson=lesson).first()
    return progress.read_at if progress else None


@transaction.atomic
def mark_read(*, learner, lesson: Lesson) -> LessonProgress:
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
