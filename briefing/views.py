from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from briefing.content_cache import lesson_content
from briefing.models import Briefing, Lesson
from quizzes.progress import record_opened


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    briefings = Briefing.objects.visible_to(request.user).annotate(
        lesson_count=Count("lessons", filter=Q(lessons__archived=False))
    )
    return render(request, "briefing/home.html", {"briefings": briefings})


@require_GET
def briefing_detail(request: HttpRequest, slug: str) -> HttpResponse:
    briefing = get_object_or_404(Briefing.objects.visible_to(request.user), slug=slug)
    lessons = briefing.lessons.live().order_by("position")
    return render(
        request, "briefing/briefing_detail.html", {"briefing": briefing, "lessons": lessons}
    )


@require_GET
def lesson_detail(request: HttpRequest, briefing_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = get_object_or_404(
        Lesson.objects.select_related("briefing", "quiz").filter(
            briefing__in=Briefing.objects.visible_to(request.user)
        ),
        briefing__slug=briefing_slug,
        slug=lesson_slug,
    )
    siblings = list(lesson.briefing.lessons.live().order_by("position"))
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk), None)
    previous_lesson = siblings[index - 1] if index else None
    next_lesson = siblings[index + 1] if index is not None and index + 1 < len(siblings) else None
    progress = (
        record_opened(learner=request.user, lesson=lesson)
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "briefing/lesson_detail.html",
        {
            "progress": progress,
            "quiz": getattr(lesson, "quiz", None),
            "briefing": lesson.briefing,
            "lesson": lesson,
            "content": lesson_content(lesson),
            "previous_lesson": previous_lesson,
            "next_lesson": next_lesson,
            "position": (index or 0) + 1,
            "lesson_count": len(siblings),
        },
    )
