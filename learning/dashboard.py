"""The learner's dashboard: per briefing, progress, each lesson's state, mastery and deck,
the next step; and today's goal and the daily streak.

Everything is read in a fixed number of queries for all briefings together.
Nothing here is a stored counter: the streak and the goal are counted from the
review logs and the responses, and mastery from the responses and logs of the
lesson's facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy
from fsrs import Rating

from briefing.models import Briefing, Lesson
from config.compiled import for_staff_and_others
from learning.flashcards import deck_sizes
from learning.models import Attempt, LessonProgress, Response, ReviewCard, ReviewLog
from learning.review import start_of_day
from quizzes.models import Question, Quiz

DAILY_GOAL = 20  # cards reviewed and questions answered a day
STREAK_WINDOW = 400  # days of history read for the streak

STATE_LABELS = {
    "not started": gettext_lazy("Not started"),
    "opened": gettext_lazy("Started"),
    "read": pgettext_lazy("lesson state", "Read"),
    "completed": gettext_lazy("Completed"),
}
STATE_MEANINGS = {
    "not started": gettext_lazy("You have not opened the lesson yet."),
    "opened": gettext_lazy("You opened the lesson but have not marked it as read."),
    "read": gettext_lazy("You marked it as read; pass its quiz to complete it."),
    "completed": gettext_lazy(
        "Read, and its quiz passed (a lesson without a quiz is completed when read)."
    ),
}


def shown_versions_query(staff: bool):
    """The versions of the briefings, lessons and quizzes a dashboard shows: for a
    learner, of the published briefings; for staff, of every one."""
    briefings = Briefing.objects.all() if staff else Briefing.objects.published()
    within = briefings.values("pk")
    return (
        briefings.values_list("pk", "content_version")
        .order_by()
        .union(
            Lesson.objects.filter(briefing__in=within)
            .values_list("briefing", "content_version")
            .order_by(),
            Quiz.objects.filter(briefing__in=within).values_list("briefing", "version").order_by(),
            all=True,
        )
        .order_by("pk", "content_version")
    )


# Read on every dashboard: one query, compiled once.
SHOWN_VERSIONS = for_staff_and_others(shown_versions_query)


def shown_versions(user) -> tuple:
    return tuple(SHOWN_VERSIONS[user.is_staff].rows())


LEGEND = [(state, STATE_LABELS[state], meaning) for state, meaning in STATE_MEANINGS.items()]


@dataclass
class LessonState:
    lesson: Lesson
    quiz: Quiz | None
    state: str  # "not started", "opened", "read", "completed"
    best_score: float | None = None
    facts: int = 0  # the facts its questions ask
    facts_right: int = 0  # of which the learner answered right at least once
    deck_size: int = 0  # its flashcards
    deck_new: int = 0  # of which the learner never studied

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def mastery(self) -> float | None:
        """The share of the lesson's facts answered right at least once, quiz or review."""
        return self.facts_right / self.facts if self.facts else None


@dataclass
class BriefingProgress:
    briefing: Briefing
    lessons: list[LessonState] = field(default_factory=list)
    final_exam: Quiz | None = None
    final_best: float | None = None
    final_passed: bool = False
    last_active: datetime | None = None  # the learner's latest milestone in it

    @property
    def completed(self) -> int:
        return sum(state.state == "completed" for state in self.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / len(self.lessons)) if self.lessons else 0

    @property
    def started(self) -> bool:
        return self.last_active is not None or self.final_best is not None

    @property
    def next_step(self) -> tuple[str, str] | None:
        """(label, url) of the next thing to do: read or pass the first unfinished lesson."""
        for state in self.lessons:
            if state.state in ("not started", "opened"):
                title = state.lesson.title
                return gettext("Read “%(title)s”") % {
                    "title": title
                }, state.lesson.get_absolute_url()
            if state.state == "read" and state.quiz:
                label = gettext("Pass the quiz on “%(title)s”") % {"title": state.lesson.title}
                return label, state.quiz.get_absolute_url()
        if self.final_exam and not self.final_passed:
            return gettext("Take the final exam"), self.final_exam.get_absolute_url()
        return None


def briefing_progress(learner, briefings: list[Briefing]) -> list[BriefingProgress]:
    """Briefings with their lessons prefetched (live, in order, with ``quiz``)."""
    lessons = [lesson for briefing in briefings for lesson in briefing.lessons.all()]
    progress = {
        row.lesson_id: row
        for row in LessonProgress.objects.filter(learner=learner, lesson__in=lessons)
    }
    best, passed = {}, set()
    for quiz, best_score, passes in (
        Attempt.objects.filter(learner=learner)
        .values("quiz")
        .annotate(
            best=Max("score", filter=Q(submitted_at__isnull=False)),
            passes=Count("pk", filter=Q(passed=True)),
        )
        .values_list("quiz", "best", "passes")
        .order_by()
    ):
        if best_score is not None:
            best[quiz] = best_score
        if passes:
            passed.add(quiz)
    exams = {
        exam.briefing_id: exam
        for exam in Quiz.objects.filter(briefing__in=briefings, lesson__isnull=True)
    }
    facts, right = lesson_facts(lessons), facts_answered_right(learner, briefings)
    sizes = deck_sizes(lessons)
    studied = Counter(
        dict(
            ReviewCard.objects.filter(learner=learner, lesson__in=lessons)
            .exclude(term__isnull=True, row__isnull=True)
            .values("lesson")
            .annotate(count=Count("pk"))
            .values_list("lesson", "count")
        )
    )
    rows = []
    for briefing in briefings:
        row = BriefingProgress(briefing, final_exam=exams.get(briefing.pk))
        for lesson in briefing.lessons.all():
            quiz = getattr(lesson, "quiz", None)
            own = progress.get(lesson.pk)
            asked = facts.get(lesson.pk, set())
            row.lessons.append(
                LessonState(
                    lesson,
                    quiz,
                    lesson_state(own),
                    best.get(quiz.pk) if quiz else None,
                    facts=len(asked),
                    facts_right=len(asked & right),
                    deck_size=sizes.get(lesson.pk, 0),
                    deck_new=max(sizes.get(lesson.pk, 0) - studied[lesson.pk], 0),
                )
            )
            if own is not None:
                moments = [own.first_opened_at, own.read_at, own.completed_at]
                latest = max(moment for moment in moments if moment)
                row.last_active = max(filter(None, [row.last_active, latest]))
        if not any(state.quiz for state in row.lessons):
            row.final_exam = None  # no lesson has questions: nothing to draw an exam from
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


def lesson_facts(lessons: list[Lesson]) -> dict[int, set[str]]:
    """Lesson id → the fact keys its active questions ask (one query)."""
    facts: dict[int, set[str]] = {}
    for lesson_id, fact in (
        Question.objects.active()
        .filter(quiz__lesson__in=lessons)
        .exclude(fact="")
        .values_list("quiz__lesson_id", "fact")
        .distinct()
        .order_by()
    ):
        facts.setdefault(lesson_id, set()).add(fact)
    return facts


def facts_answered_right(learner, briefings: list[Briefing]) -> set[str]:
    """The facts the learner answered right at least once: a right quiz or exam answer, or a
    question review rated Good or Easy (one query). A flashcard rates itself, so it does not
    count: mastery is shown, not claimed."""
    in_quizzes = (
        Response.objects.filter(
            attempt_question__attempt__learner=learner,
            attempt_question__question__briefing__in=briefings,
            correct=True,
        )
        .values_list("attempt_question__question__fact", flat=True)
        .order_by()
    )
    in_reviews = (
        ReviewLog.objects.filter(
            card__learner=learner,
            card__question__briefing__in=briefings,
            rating__gte=Rating.Good,
        )
        .values_list("card__question__fact", flat=True)
        .order_by()
    )
    return set(in_quizzes.union(in_reviews)) - {""}


@dataclass(frozen=True)
class Today:
    """Today's work against the daily goal, and the streak of days with some work."""

    reviewed: int  # review logs today: questions and flashcards
    answered: int  # questions answered in quizzes today
    streak: int  # days in a row with work, up to today (or yesterday, today being young)
    active_today: bool
    goal: int = DAILY_GOAL

    @property
    def done(self) -> int:
        return self.reviewed + self.answered

    @property
    def goal_met(self) -> bool:
        return self.done >= self.goal

    @property
    def towards_goal(self) -> int:
        return min(self.done, self.goal)


def today_for(learner, now: datetime | None = None) -> Today:
    """Counted from the review logs and the responses, by day in the site's time zone."""
    today = timezone.localdate(now)
    since = start_of_day(today - timedelta(days=STREAK_WINDOW))
    zone = timezone.get_current_timezone()
    reviews = per_day(
        ReviewLog.objects.filter(card__learner=learner, reviewed_at__gte=since),
        TruncDate("reviewed_at", tzinfo=zone),
    )
    answers = per_day(
        Response.objects.filter(attempt_question__attempt__learner=learner, answered_at__gte=since),
        TruncDate("answered_at", tzinfo=zone),
    )
    active = set(reviews) | set(answers)
    return Today(
        reviewed=reviews.get(today, 0),
        answered=answers.get(today, 0),
        streak=streak(active, today),
        active_today=today in active,
    )


def per_day(queryset, day) -> dict[date, int]:
    return dict(
        queryset.annotate(day=day)
        .values("day")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("day", "count")
    )


def streak(active: set[date], today: date) -> int:
    """Days in a row with some work, ending today, or yesterday while today has none yet."""
    day = today if today in active else today - timedelta(days=1)
    count = 0
    while day in active:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Continue:
    """The one next thing to do, first on the dashboard."""

    label: str
    url: str
    why: str


def continue_with(rows: list[BriefingProgress], due_count: int) -> Continue | None:
    """Due reviews first (they cannot wait), then the next step of the briefing the learner
    was last active in, else of the first briefing with one, else new flashcards."""
    if due_count:
        return Continue(
            ngettext(
                "Review %(count)d card due today", "Review %(count)d cards due today", due_count
            )
            % {"count": due_count},
            reverse("learning:review"),
            gettext("Cards come back just before you would forget them."),
        )
    started = sorted(
        (row for row in rows if row.started and row.next_step),
        key=lambda row: row.last_active.timestamp() if row.last_active else 0.0,
        reverse=True,
    )
    for row in [*started, *rows]:
        if row.next_step:
            label, url = row.next_step
            return Continue(
                label, url, gettext("Next in “%(title)s”.") % {"title": row.briefing.title}
            )
    for row in rows:
        for state in row.lessons:
            if state.deck_new:
                new = state.deck_new
                return Continue(
                    gettext("Study the flashcards of “%(title)s”") % {"title": state.lesson.title},
                    reverse("learning:deck", args=[state.lesson.pk]),
                    ngettext(
                        "%(count)d card you have not studied yet.",
                        "%(count)d cards you have not studied yet.",
                        new,
                    )
                    % {"count": new},
                )
    return None
