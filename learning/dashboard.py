"""The learner's dashboard: per briefing, progress, each lesson's state and the next step.

Everything is read in a fixed number of queries for all briefings together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max

from briefing.models import Briefing, Lesson
from learning.models import Attempt, LessonProgress
from quizzes.models import Quiz


@dataclass
class LessonState:
    lesson: Lesson
    quiz: Quiz | None
    state: str  # "not started", "opened", "read", "completed"
    best_score: float | None = None

    @property
    def label(self) -> str:
        if self.state == "completed":
            return "Passed" if self.quiz else "Read"
        return {"not started": "Not started", "opened": "Started", "read": "Read"}[self.state]


@dataclass
class BriefingProgress:
    briefing: Briefing
    lessons: list[LessonState] = field(default_factory=list)
    final_exam: Quiz | None = None
    final_best: float | None = None
    final_passed: bool = False

    @property
    def completed(self) -> int:
        return sum(state.state == "completed" for state in self.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / len(self.lessons)) if self.lessons else 0

    @property
    def next_step(self) -> tuple[str, str] | None:
        """(label, url) of the next thing to do: read or pass the first unfinished lesson."""
        for state in self.lessons:
            if state.state in ("not started", "opened"):
                return f"Read “{state.lesson.title}”", state.lesson.get_absolute_url()
            if state.state == "read" and state.quiz:
                return f"Pass the quiz on “{state.lesson.title}”", state.quiz.get_absolute_url()
        if self.final_exam and not self.final_passed:
            return "Take the final exam", self.final_exam.get_absolute_url()
        return None


def briefing_progress(learner, briefings: list[Briefing]) -> list[BriefingProgress]:
    """Briefings with their lessons prefetched (live, in order, with ``quiz``)."""
    lessons = [lesson for briefing in briefings for lesson in briefing.lessons.all()]
    progress = {
        row.lesson_id: row
        for row in LessonProgress.objects.filter(learner=learner, lesson__in=lessons)
    }
    best = dict(
        Attempt.objects.filter(learner=learner, submitted_at__isnull=False)
        .values("quiz")
        .annotate(best=Max("score"))
        .values_list("quiz", "best")
    )
    passed = set(
        Attempt.objects.filter(learner=learner, passed=True).values_list("quiz", flat=True)
    )
    exams = {
        exam.briefing_id: exam
        for exam in Quiz.objects.filter(briefing__in=briefings, lesson__isnull=True)
    }
    rows = []
    for briefing in briefings:
        row = BriefingProgress(briefing, final_exam=exams.get(briefing.pk))
        for lesson in briefing.lessons.all():
            quiz = getattr(lesson, "quiz", None)
            row.lessons.append(
                LessonState(
                    lesson,
                    quiz,
                    lesson_state(progress.get(lesson.pk)),
                    best.get(quiz.pk) if quiz else None,
                )
            )
        if row.final_exam:
            row.final_best = best.get(row.final_exam.pk)
            row.final_passed = row.final_exam.pk in passed
        rows.append(row)
    return rows


def lesson_state(progress: LessonProgress | None) -> str:
    if progress is None:
        return "not started"
    if progress.completed_at:
        return "completed"
    return "read" if progress.read_at else "opened"
