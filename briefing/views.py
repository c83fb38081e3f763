from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from briefing.content_cache import (
    LESSON_TEMPLATE,
    cache_for_visitors,
    cached_object,
    lesson_parts,
    render_with_token_stand_in,
    with_csrf_token,
)
from briefing.learner_pages import LessonVisitReader, learner_page, visit_reader
from briefing.models import Briefing, Lesson
from briefing.signals import lesson_viewed
from config.compiled import CompiledQuery

# What a visitor who is not signed in sees on each page, as versions read in one query,
# compiled once (see ``CompiledQuery``): these run on every visitor's request.
PUBLISHED_VERSIONS = CompiledQuery(
    lambda: Briefing.objects.published().values_list("content_version").order_by("pk")
)
BRIEFING_VERSION = CompiledQuery(
    lambda slug: (
        Briefing.objects.published().filter(slug=slug).values_list("content_version").order_by()
    ),
    "slug",
)
LESSON_VERSIONS = CompiledQuery(
    lambda briefing_slug, lesson_slug: (
        Lesson.objects.filter(
            briefing__slug=briefing_slug, briefing__published=True, slug=lesson_slug
        )
        .values_list("content_version", "briefing__content_version")
        .order_by()
    ),
    "briefing_slug",
    "lesson_slug",
)


def published_versions() -> tuple:
    return tuple(PUBLISHED_VERSIONS.rows())


def briefing_version(slug: str):
    return next(iter(BRIEFING_VERSION.rows(slug=slug)), None)


def lesson_versions(briefing_slug: str, lesson_slug: str):
    return next(
        iter(LESSON_VERSIONS.rows(briefing_slug=briefing_slug, lesson_slug=lesson_slug)), None
    )


def lesson_for_page(
    request: HttpRequest, briefing_slug: str, lesson_slug: str, versions: tuple | None = None
) -> Lesson:
    """The lesson, with its briefing, or a 404.

    For a learner, it comes from the cache under its ``versions``, read here with one
    compiled query unless given. Staff also see unpublished briefings; a visitor's page
    is cached whole (``cache_for_visitors``), so this runs only when it is rendered.
    """

    def read() -> Lesson:
        lessons = Lesson.objects.visible_to(request.user).for_page()
        return get_object_or_404(lessons, briefing__slug=briefing_slug, slug=lesson_slug)

    if request.user.is_staff or not request.user.is_authenticated:
        return read()
    if versions is None:
        versions = lesson_versions(briefing_slug, lesson_slug)
    if versions is None:
        raise Http404("No such lesson.")
    return cached_object(("lesson", briefing_slug, lesson_slug, versions), read)


@require_GET
@cache_for_visitors(lambda: published_versions(), "briefing/home.html")
def home(request: HttpRequest) -> HttpResponse:
    briefings = Briefing.objects.visible_to(request.user).annotate(
        lesson_count=Count("lessons", filter=Q(lessons__archived=False))
    )
    return render(request, "briefing/home.html", {"briefings": briefings})


@require_GET
@cache_for_visitors(briefing_version, "briefing/briefing_detail.html")
def briefing_detail(request: HttpRequest, slug: str) -> HttpResponse:
    briefing = get_object_or_404(Briefing.objects.visible_to(request.user), slug=slug)
    lessons = briefing.lessons.live().order_by("position")
    return render(
        request, "briefing/briefing_detail.html", {"briefing": briefing, "lessons": lessons}
    )


@require_GET
@cache_for_visitors(lesson_versions, LESSON_TEMPLATE)
def lesson_detail(request: HttpRequest, briefing_slug: str, lesson_slug: str) -> HttpResponse:
    reader = visit_reader(request)
    if reader is not None:
        return learner_lesson_detail(request, reader, briefing_slug, lesson_slug)
    lesson = lesson_for_page(request, briefing_slug, lesson_slug)
    lesson_viewed.send(sender=Lesson, request=request, lesson=lesson)
    return render(request, LESSON_TEMPLATE, lesson_context(lesson))


def learner_lesson_detail(
    request: HttpRequest, reader: LessonVisitReader, briefing_slug: str, lesson_slug: str
) -> HttpResponse:
    """A signed-in learner's lesson page: one query reads the lesson's versions and the
    learner's state in it, then the page comes from the cache (``briefing.learner_pages``)."""
    visit = reader(request, briefing_slug, lesson_slug)
    if visit is None:
        raise Http404("No such lesson.")
    lesson = lesson_for_page(request, briefing_slug, lesson_slug, visit.versions)
    lesson_viewed.send(sender=Lesson, request=request, lesson=lesson)
    html = learner_page(
        request,
        visit,
        lambda: render_with_token_stand_in(LESSON_TEMPLATE, lesson_context(lesson), request),
        LESSON_TEMPLATE,
    )
    return HttpResponse(with_csrf_token(html, request))


def lesson_context(lesson: Lesson) -> dict:
    return {"briefing": lesson.briefing, "lesson": lesson, "parts": lesson_parts(lesson)}
