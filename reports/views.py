"""The reports, each a page and its CSV files. Thin views: look up, call one query, render.

Long lists (a briefing's learners, all learners, one learner's attempts) are
paginated on the page; their CSV files hold every row.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from briefing.models import Briefing, Lesson
from learning.dashboard import briefing_progress
from learning.models import Attempt, LessonProgress
from quizzes.models import Quiz
from reports import downloads
from reports.permissions import instructor_required
from reports.queries import (
    BriefingOverview,
    briefing_learners,
    briefing_lessons,
    briefing_overview,
    learner_attempts,
    learner_grid,
    learners_with_activity,
    quiz_item_report,
    report_learners,
    review_load,
)

PAGE_SIZE = 50
# The CSV of a long list reads its learners in chunks: a few queries per chunk,
# never one per learner.
CSV_CHUNK = 2_000


def search_term(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:150]


def searched(learners: QuerySet, term: str) -> QuerySet:
    """Learners whose username, first or last name holds ``term`` (any case)."""
    if not term:
        return learners
    return learners.filter(
        Q(username__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term)
    )


@instructor_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    quizzes = Quiz.objects.select_related("lesson").order_by(
        F("lesson__position").asc(nulls_last=True)
    )
    briefings = Briefing.objects.order_by("title").prefetch_related(
        Prefetch("quizzes", queryset=quizzes)
    )
    return render(request, "reports/index.html", {"briefings": briefings})


def quiz_for_report(pk: int) -> Quiz:
    return get_object_or_404(Quiz.objects.select_related("briefing", "lesson"), pk=pk)


@instructor_required
@require_GET
def quiz_items(request: HttpRequest, pk: int) -> HttpResponse:
    report = quiz_item_report(quiz_for_report(pk))
    return render(request, "reports/quiz.html", {"report": report, "quiz": report.quiz})


@instructor_required
@require_GET
def quiz_items_csv(request: HttpRequest, pk: int) -> HttpResponse:
    report = quiz_item_report(quiz_for_report(pk))
    return downloads.csv_response(
        f"quiz-{pk}-items.csv", downloads.ITEM_HEADER, downloads.item_rows(report)
    )


@instructor_required
@require_GET
def quiz_options_csv(request: HttpRequest, pk: int) -> HttpResponse:
    report = quiz_item_report(quiz_for_report(pk))
    return downloads.csv_response(
        f"quiz-{pk}-options.csv", downloads.OPTION_HEADER, downloads.option_rows(report)
    )


def overview_for(slug: str, learner_count: int | None = None) -> BriefingOverview:
    briefing = get_object_or_404(Briefing, slug=slug)
    lessons, exam = briefing_lessons(briefing)
    if learner_count is None:
        learner_count = briefing_learners(briefing).count()
    return briefing_overview(briefing, lessons, exam, learner_count=learner_count)


@instructor_required
@require_GET
def briefing_report(request: HttpRequest, slug: str) -> HttpResponse:
    briefing = get_object_or_404(Briefing, slug=slug)
    term = search_term(request)
    paginator = Paginator(searched(briefing_learners(briefing), term), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # Without a search, the paginator has counted the briefing's learners already.
    learner_count = briefing_learners(briefing).count() if term else paginator.count
    lessons, exam = briefing_lessons(briefing)
    overview = briefing_overview(briefing, lessons, exam, learner_count=learner_count)
    rows = learner_grid(briefing, lessons, exam, list(page))
    context = {"overview": overview, "page": page, "rows": rows, "q": term}
    return render(request, "reports/briefing.html", context)


def in_chunks(learners: QuerySet):
    """The learners in lists of ``CSV_CHUNK``, in the page's order."""
    learners = list(learners)
    for start in range(0, len(learners), CSV_CHUNK):
        yield learners[start : start + CSV_CHUNK]


@instructor_required
@require_GET
def briefing_learners_csv(request: HttpRequest, slug: str) -> HttpResponse:
    briefing = get_object_or_404(Briefing, slug=slug)
    lessons, exam = briefing_lessons(briefing)
    rows = (
        row
        for chunk in in_chunks(briefing_learners(briefing))
        for row in downloads.learner_grid_rows(learner_grid(briefing, lessons, exam, chunk), exam)
    )
    header = downloads.learner_grid_header(lessons, exam)
    return downloads.csv_response(f"{slug}-learners.csv", header, rows)


@instructor_required
@require_GET
def briefing_lessons_csv(request: HttpRequest, slug: str) -> HttpResponse:
    overview = overview_for(slug)
    return downloads.csv_response(
        f"{slug}-lessons.csv", downloads.LESSON_HEADER, downloads.lesson_rows(overview)
    )


@instructor_required
@require_GET
def briefing_quizzes_csv(request: HttpRequest, slug: str) -> HttpResponse:
    overview = overview_for(slug)
    return downloads.csv_response(
        f"{slug}-quizzes.csv", downloads.quiz_header(), downloads.quiz_rows(overview)
    )


@instructor_required
@require_GET
def learners(request: HttpRequest) -> HttpResponse:
    term = search_term(request)
    learners = searched(learners_with_activity(), term).order_by("username", "pk")
    page = Paginator(learners, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/learners.html", {"page": page, "q": term})


@instructor_required
@require_GET
def learners_csv(request: HttpRequest) -> HttpResponse:
    learners = learners_with_activity().order_by("username", "pk")
    return downloads.csv_response(
        "learners.csv", downloads.LEARNER_HEADER, downloads.learner_rows(learners)
    )


def started_briefings(person) -> QuerySet[Briefing]:
    """The briefings open to ``person`` in which they have opened a lesson or started a quiz:
    the report's cost follows the learner's activity, not the number of briefings."""
    opened = LessonProgress.objects.filter(learner=person, lesson__briefing=OuterRef("pk"))
    attempted = Attempt.objects.filter(learner=person, quiz__briefing=OuterRef("pk"))
    return Briefing.objects.visible_to(person).filter(Exists(opened) | Exists(attempted))


@instructor_required
@require_GET
def learner(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(report_learners(), pk=pk)
    briefings = started_briefings(person).prefetch_related(
        Prefetch(
            "lessons", queryset=Lesson.objects.live().order_by("position").select_related("quiz")
        )
    )
    page = Paginator(learner_attempts(person), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "person": person,
        "progress": briefing_progress(person, list(briefings)),
        "load": review_load(person),
        "page": page,
    }
    return render(request, "reports/learner.html", context)


@instructor_required
@require_GET
def learner_csv(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(report_learners(), pk=pk)
    return downloads.csv_response(
        f"learner-{pk}-attempts.csv",
        downloads.ATTEMPT_HEADER,
        downloads.attempt_rows(learner_attempts(person)),
    )
