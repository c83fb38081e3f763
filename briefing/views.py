from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from briefing.content_cache import LESSON_TEMPLATE, cache_for_visitors, lesson_parts
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
    lesson = get_object_or_404(
        Lesson.objects.visible_to(request.user).for_page(),
        briefing__slug=briefing_slug,
        slug=lesson_slug,
    )
    lesson_viewed.send(sender=Lesson, request=request, lesson=lesson)
    return render(
        request,
        LESSON_TEMPLATE,
        {
            "briefing": lesson.briefing,
            "lesson": lesson,
            "parts": lesson_parts(lesson),
        },
    )
