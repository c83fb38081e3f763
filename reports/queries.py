"""The reports' queries: every number is aggregated in the database.

Staff accounts are left out of every report, as Moodle leaves out teachers'
previews: an editor trying a quiz is not a learner. Each function runs a fixed
number of queries whatever the number of learners, attempts or responses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import NotSupportedError, connection
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Floor, Least, RowNumber
from django.utils import timezone

from briefing.models import Briefing, Lesson
from learning.dashboard import LessonState, lesson_state
from learning.models import Attempt, AttemptQuestion, LessonProgress, ReviewCard, ReviewLog
from learning.review import end_of_today, visible_cards
from quizzes.generate.phrases import true_false_word
from quizzes.models import Question, Quiz
from reports.statistics import (
    BANDS,
    BarChart,
    ItemStatistics,
    ItemSums,
    ScoreSummary,
    band_label,
    band_tick,
    bar_chart,
    item_statistics,
    score_summary,
)

CHOICE_KINDS = ("choice", "true_false")


def report_learners() -> QuerySet:
    """The accounts the reports are about: everyone but staff."""
    return get_user_model().objects.filter(is_staff=False)


def submitted_attempts() -> QuerySet[Attempt]:
    return Attempt.objects.filter(submitted_at__isnull=False, learner__is_staff=False)


# Item statistics of one quiz -------------------------------------------------


def first_attempts(quiz: Quiz) -> QuerySet[Attempt]:
    """Each learner's first submitted attempt at ``quiz``: what Moodle's statistics
    grade by default, before a learner has seen the feedback and the answers."""
    return (
        submitted_attempts()
        .filter(quiz=quiz)
        .annotate(
            order=Window(
                RowNumber(),
                partition_by=[F("learner")],
                order_by=[F("started_at").asc(), F("pk").asc()],
            )
        )
        .filter(order=1)
    )


def grouped(rows: QuerySet, select: list[str], group_by: list[str]) -> list[tuple]:
    """``SELECT select FROM (rows) GROUP BY group_by``, in one statement.

    The ORM cannot group rows that are themselves grouped or computed with a
    window function; it builds those rows, and this plain statement groups them.
    ``select`` and ``group_by`` are SQL over the rows' column aliases, which
    ``column()`` quotes.
    """
    inner, params = rows.query.sql_with_params()
    sql = f"SELECT {', '.join(select)} FROM ({inner}) inner_rows GROUP BY {', '.join(group_by)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def column(alias: str) -> str:
    return connection.ops.quote_name(alias)


def item_sums(attempts: QuerySet[Attempt]) -> dict[int, ItemSums]:
    """Question id → the sums Moodle's formulas need, over the questions of ``attempts``.

    Each question's mark is its response's score (0 when unanswered, as Moodle
    counts a question given up); the rest is the attempt's total minus that mark,
    a window sum over the attempt's questions.
    """
    mark = Coalesce("response__score", 0.0, output_field=FloatField())
    rows = (
        AttemptQuestion.objects.filter(attempt__in=attempts.values("pk"))
        .annotate(
            item=F("question_id"),
            mark=mark,
            rest=Window(Sum(mark), partition_by=[F("attempt_id")]) - mark,
        )
        .values("item", "mark", "rest")
        .order_by()
    )
    item, mark_, rest = column("item"), column("mark"), column("rest")
    sums = [mark_, f"{mark_} * {mark_}", rest, f"{rest} * {rest}", f"{mark_} * {rest}"]
    select = [item, "COUNT(*)", *(f"SUM({term})" for term in sums)]
    return {row[0]: ItemSums(*row[1:]) for row in grouped(rows, select, [item])}


class ChosenOption(Func):
    """The text of the option a choice or true/false answer picked.

    An answer is the per-attempt token of an option; the attempt's snapshot maps
    tokens to texts. The lookup is a subquery over the snapshot's JSON array,
    written for the two databases the project runs on.
    """

    output_field = TextField()
    arity = 2  # snapshot, answer

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("ChosenOption is written for SQLite and PostgreSQL only.")

    def compiled(self, compiler) -> tuple[str, str, tuple]:
        (snapshot, snapshot_params), (answer, answer_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return snapshot, answer, (*snapshot_params, *answer_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        snapshot, answer, params = self.compiled(compiler)
        return (
            "(SELECT json_extract(shown.value, '$.text') "
            f"FROM json_each({snapshot}, '$.options') AS shown "
            f"WHERE json_extract(shown.value, '$.token') = json_extract({answer}, '$'))"
        ), params

    def as_postgresql(self, compiler, connection, **extra_context):
        snapshot, answer, params = self.compiled(compiler)
        return (
            "(SELECT shown ->> 'text' "
            f"FROM jsonb_array_elements({snapshot} -> 'options') AS shown "
            f"WHERE shown ->> 'token' = ({answer} #>> '{{}}'))"
        ), params


def option_counts(attempts: QuerySet[Attempt]) -> dict[int, dict[str | None, int]]:
    """Question id → {option text picked (None: no answer) → how many times}, for the
    choice and true/false questions of ``attempts``."""
    rows = (
        AttemptQuestion.objects.filter(
            attempt__in=attempts.values("pk"), question__kind__in=CHOICE_KINDS
        )
        .annotate(chosen=ChosenOption("snapshot", "response__answer"))
        .values("question_id", "chosen")
        .annotate(picked=Count("pk"))
        .values_list("question_id", "chosen", "picked")
        .order_by()
    )
    counts: dict[int, dict[str | None, int]] = defaultdict(dict)
    for question_id, chosen, picked in rows:
        counts[question_id][chosen] = picked
    return counts


@dataclass(frozen=True)
class OptionCount:
    text: str
    correct: bool
    picked: int
    share: float | None  # of the attempts that showed the question
    current: bool = True  # still one of the question's options


@dataclass(frozen=True)
class ItemRow:
    number: int
    question: Question
    statistics: ItemStatistics
    options: list[OptionCount] = field(default_factory=list)
    unanswered: int = 0

    @property
    def unanswered_share(self) -> float | None:
        attempts = self.statistics.attempts
        return self.unanswered / attempts if attempts else None


@dataclass(frozen=True)
class QuizItemReport:
    quiz: Quiz
    summary: ScoreSummary
    items: list[ItemRow]

    @property
    def flagged(self) -> int:
        return sum(1 for item in self.items if item.statistics.flags)


def correct_option(question: Question) -> str | None:
    if question.kind == "true_false":
        return "True" if question.answer else "False"
    return question.answer if isinstance(question.answer, str) else None


def option_rows(question: Question, picked: dict[str | None, int], shown: int) -> list[OptionCount]:
    """The question's options in their order, then any text picked that is no longer one."""
    correct = correct_option(question)
    if question.kind == "true_false":  # learners saw the words in the briefing's language
        words: dict[str | None, int] = defaultdict(int)
        for text, count in picked.items():
            words[true_false_word(text) if text is not None else None] += count
        picked = words
    texts = [option.get("text", "") for option in question.options if isinstance(option, dict)]
    former = sorted(text for text in picked if text is not None and text not in texts)

    def row(text: str, current: bool) -> OptionCount:
        count = picked.get(text, 0)
        share = count / shown if shown else None
        return OptionCount(text, text == correct, count, share, current)

    return [row(text, True) for text in texts] + [row(text, False) for text in former]


def quiz_questions(quiz: Quiz, shown: list[int]) -> QuerySet[Question]:
    """The questions a quiz's report lists: its pool (a lesson quiz's active questions,
    the final exam's every active lesson question) and any question its attempts showed."""
    pool = (
        Q(briefing=quiz.briefing_id, quiz__lesson__isnull=False, active=True)
        if quiz.is_final_exam
        else Q(quiz=quiz, active=True)
    )
    return (
        Question.objects.filter(pool | Q(pk__in=shown))
        .select_related("quiz__lesson")
        .order_by("quiz__lesson__position", "position", "pk")
    )


def quiz_item_report(quiz: Quiz) -> QuizItemReport:
    attempts = first_attempts(quiz)
    summary = Attempt.objects.filter(pk__in=attempts.values("pk")).aggregate(
        count=Count("pk"),
        total=Coalesce(Sum("score"), 0.0),
        squares=Coalesce(Sum(F("score") * F("score"), output_field=FloatField()), 0.0),
    )
    sums = item_sums(attempts)
    picked = option_counts(attempts)
    items = []
    for number, question in enumerate(quiz_questions(quiz, list(sums)), start=1):
        question_sums = sums.get(question.pk, ItemSums(0, 0.0, 0.0, 0.0, 0.0, 0.0))
        statistics = item_statistics(question_sums)
        choices = picked.get(question.pk, {})
        options = (
            option_rows(question, choices, statistics.attempts)
            if question.kind in CHOICE_KINDS
            else []
        )
        items.append(ItemRow(number, question, statistics, options, choices.get(None, 0)))
    return QuizItemReport(
        quiz, score_summary(summary["count"], summary["total"], summary["squares"]), items
    )


# One briefing: learners × lessons, completion, scores per quiz ------------------


def briefing_learners(briefing: Briefing) -> QuerySet:
    """Learners who opened a lesson of ``briefing`` or attempted one of its quizzes.

    ``EXISTS`` rather than ``IN``: a page of 50 stops after 50 learners instead of
    listing every learner of the briefing first.
    """
    opened = LessonProgress.objects.filter(learner=OuterRef("pk"), lesson__briefing=briefing)
    attempted = Attempt.objects.filter(learner=OuterRef("pk"), quiz__briefing=briefing)
    return report_learners().filter(Exists(opened) | Exists(attempted)).order_by("username", "pk")


@dataclass(frozen=True)
class Cell:
    state: LessonState

    @property
    def best(self) -> float | None:
        return self.state.best_score


@dataclass(frozen=True)
class LearnerRow:
    learner: object
    cells: list[Cell]
    exam_best: float | None

    @property
    def completed(self) -> int:
        return sum(cell.state.state == "completed" for cell in self.cells)


@dataclass(frozen=True)
class LessonSummary:
    lesson: Lesson
    quiz: Quiz | None
    opened: int
    read: int
    completed: int
    rate: float | None  # completed / the briefing's learners


def quiz_name(quiz: Quiz) -> str:
    """How the reports name a quiz: by its lesson, or "Final exam"."""
    return quiz.lesson.title if quiz.lesson_id else "Final exam"


@dataclass(frozen=True)
class QuizSummary:
    quiz: Quiz
    learners: int
    mean_best: float | None
    passed: int
    bands: list[int]

    @property
    def name(self) -> str:
        return quiz_name(self.quiz)

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.learners if self.learners else None

    @property
    def chart(self) -> BarChart:
        return bar_chart(
            [(band_label(band), band_tick(band), count) for band, count in enumerate(self.bands)],
            width=360,
            height=150,
        )

    @property
    def band_counts(self) -> list[tuple[str, int]]:
        return [(band_label(band), count) for band, count in enumerate(self.bands)]


@dataclass(frozen=True)
class BriefingOverview:
    briefing: Briefing
    lessons: list[Lesson]
    exam: Quiz | None
    learners: int
    completed_all: int
    lesson_summaries: list[LessonSummary]
    quiz_summaries: list[QuizSummary]

    @property
    def completion_rate(self) -> float | None:
        return self.completed_all / self.learners if self.learners else None


def briefing_lessons(briefing: Briefing) -> tuple[list[Lesson], Quiz | None]:
    """The live lessons in order, each with its quiz (see ``lesson_quiz``), and the final exam."""
    lessons = list(briefing.lessons.live().order_by("position").select_related("quiz"))
    exam = Quiz.objects.filter(briefing=briefing, lesson__isnull=True).first()
    return lessons, exam


def lesson_quiz(lesson: Lesson) -> Quiz | None:
    return getattr(lesson, "quiz", None)


def briefing_overview(
    briefing: Briefing, lessons: list[Lesson], exam: Quiz | None, *, learner_count: int
) -> BriefingOverview:
    """Counts over all ``learner_count`` learners of the briefing (not only a page of them)."""
    progress = LessonProgress.objects.filter(lesson__in=lessons, learner__is_staff=False)
    per_lesson = {
        row["lesson"]: row
        for row in progress.values("lesson").annotate(
            opened=Count("pk"),
            read=Count("pk", filter=Q(read_at__isnull=False)),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
        )
    }
    completed_all = (
        progress.filter(completed_at__isnull=False)
        .values("learner")
        .annotate(done=Count("pk"))
        .filter(done=len(lessons))
        .count()
        if lessons
        else 0
    )
    summaries = []
    for lesson in lessons:
        row = per_lesson.get(lesson.pk, {"opened": 0, "read": 0, "completed": 0})
        rate = row["completed"] / learner_count if learner_count else None
        summaries.append(
            LessonSummary(
                lesson, lesson_quiz(lesson), row["opened"], row["read"], row["completed"], rate
            )
        )
    quizzes = [quiz for quiz in map(lesson_quiz, lessons) if quiz]
    quizzes += [exam] if exam else []
    return BriefingOverview(
        briefing,
        lessons,
        exam,
        learner_count,
        completed_all,
        summaries,
        quiz_summaries(quizzes),
    )


def quiz_summaries(quizzes: list[Quiz]) -> list[QuizSummary]:
    """Per quiz: learners who submitted an attempt, their mean best score, how many
    passed (with any attempt, as their dashboard says), and their best scores in bands."""
    best = (
        submitted_attempts()
        .filter(quiz__in=quizzes)
        .values("learner", "quiz")
        .annotate(best=Max("score"))
        .annotate(
            # ``reports.statistics.score_band`` in SQL: the decile of a 0..1 score, 0..9
            # (FLOOR before the cast: PostgreSQL rounds when it casts, SQLite truncates).
            band=Least(
                Cast(Floor(F("best") * BANDS + 1e-9), IntegerField()),
                Value(BANDS - 1),
                output_field=IntegerField(),
            )
        )
        .values("quiz", "band", "best")
        .order_by()
    )
    quiz_column, band_column = column("quiz"), column("band")
    select = [quiz_column, band_column, "COUNT(*)", f"SUM({column('best')})"]
    bands: dict[int, list[int]] = {quiz.pk: [0] * BANDS for quiz in quizzes}
    totals: dict[int, float] = defaultdict(float)
    for quiz_id, band, learners, total in grouped(best, select, [quiz_column, band_column]):
        bands[quiz_id][band] = learners
        totals[quiz_id] += total
    passed = dict(
        submitted_attempts()
        .filter(quiz__in=quizzes, passed=True)
        .values("quiz")
        .annotate(learners=Count("learner", distinct=True))
        .values_list("quiz", "learners")
        .order_by()
    )
    summaries = []
    for quiz in quizzes:
        learners = sum(bands[quiz.pk])
        mean = totals[quiz.pk] / learners if learners else None
        summaries.append(QuizSummary(quiz, learners, mean, passed.get(quiz.pk, 0), bands[quiz.pk]))
    return summaries


def learner_grid(
    briefing: Briefing, lessons: list[Lesson], exam: Quiz | None, learners: list
) -> list[LearnerRow]:
    """Each of ``learners`` × each lesson: state (as on their dashboard) and best score."""
    progress = {
        (row.learner_id, row.lesson_id): row
        for row in LessonProgress.objects.filter(learner__in=learners, lesson__in=lessons).only(
            "learner_id", "lesson_id", "read_at", "completed_at"
        )
    }
    best = {
        (learner, quiz): score
        for learner, quiz, score in submitted_attempts()
        .filter(learner__in=learners, quiz__briefing=briefing)
        .values("learner", "quiz")
        .annotate(best=Max("score"))
        .values_list("learner", "quiz", "best")
        .order_by()
    }
    rows = []
    for learner in learners:
        cells = []
        for lesson in lessons:
            quiz = lesson_quiz(lesson)
            state = lesson_state(progress.get((learner.pk, lesson.pk)))
            score = best.get((learner.pk, quiz.pk)) if quiz else None
            cells.append(Cell(LessonState(lesson, quiz, state, score)))
        exam_best = best.get((learner.pk, exam.pk)) if exam else None
        rows.append(LearnerRow(learner, cells, exam_best))
    return rows


# Learners ------------------------------------------------------------------------


def learners_with_activity() -> QuerySet:
    """Every learner with their attempts, mean attempt score and review load, one row each."""
    attempts = submitted_attempts().filter(learner=OuterRef("pk")).order_by().values("learner")
    # As ``learning.review.visible_cards`` counts them for a learner (not staff): cards on
    # active questions of published briefings.
    cards = ReviewCard.objects.filter(
        learner=OuterRef("pk"), question__active=True, question__briefing__published=True
    ).order_by()
    reviews = ReviewLog.objects.filter(card__learner=OuterRef("pk")).order_by()
    return report_learners().annotate(
        attempt_count=Coalesce(Subquery(attempts.annotate(n=Count("pk")).values("n")), 0),
        mean_score=Subquery(attempts.annotate(mean=Avg("score")).values("mean")),
        cards_due=Coalesce(
            Subquery(
                cards.filter(due__lt=end_of_today())
                .values("learner")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
        reviews_done=Coalesce(
            Subquery(reviews.values("card__learner").annotate(n=Count("pk")).values("n")), 0
        ),
        last_attempt=Subquery(
            Attempt.objects.filter(learner=OuterRef("pk"))
            .order_by()
            .values("learner")
            .annotate(last=Max("started_at"))
            .values("last")
        ),
    )


@dataclass(frozen=True)
class ReviewLoad:
    cards: int
    due: int
    reviews: int
    reviews_this_week: int
    last_review: object


def review_load(learner) -> ReviewLoad:
    cards = visible_cards(learner).aggregate(
        cards=Count("pk"), due=Count("pk", filter=Q(due__lt=end_of_today()))
    )
    week_ago = timezone.now() - timedelta(days=7)
    reviews = ReviewLog.objects.filter(card__learner=learner).aggregate(
        done=Count("pk"),
        week=Count("pk", filter=Q(reviewed_at__gte=week_ago)),
        last=Max("reviewed_at"),
    )
    return ReviewLoad(
        cards["cards"], cards["due"], reviews["done"], reviews["week"], reviews["last"]
    )


def learner_attempts(learner) -> QuerySet[Attempt]:
    """The learner's attempts, newest first, with their question and answer counts."""
    return (
        Attempt.objects.filter(learner=learner)
        .select_related("quiz__briefing", "quiz__lesson")
        .annotate(question_count=Count("questions"), answered=Count("questions__response"))
        .order_by("-started_at", "-pk")
    )
