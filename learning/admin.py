"""The learner history in the admin: read it, don't rewrite it.

Attempts, lesson progress and review cards are listed and shown, never added or
edited by hand (a score or a milestone typed in would misreport a learner).
The internal rows (an attempt's questions and responses, a card's review log)
are shown inside their attempt or card, not as models of their own.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from learning.models import Attempt, AttemptQuestion, LessonProgress, ReviewCard, ReviewLog


def percent(value: float | None) -> str:
    """A 0..1 score as a learner sees it: "42%"."""
    return "—" if value is None else f"{round(value * 100)}%"


class ReadOnlyMixin:
    """No add, no change. Deleting stays as permissions allow: deleting a learner's
    account deletes their history, and the admin asks for that permission."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AttemptQuestionInline(ReadOnlyMixin, admin.TabularInline):
    model = AttemptQuestion
    fields = ("number", "shown_prompt", "current_question", "answered", "correct", "score")
    readonly_fields = fields
    verbose_name = "question of the attempt"
    verbose_name_plural = "questions of the attempt"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "response")

    @admin.display(description="#")
    def number(self, item: AttemptQuestion) -> int:
        return item.position + 1

    @admin.display(description="Prompt as shown")
    def shown_prompt(self, item: AttemptQuestion) -> str:
        return item.snapshot.get("prompt", "")

    @admin.display(description="The question today")
    def current_question(self, item: AttemptQuestion) -> str:
        """The live question (it may have been edited or deactivated since)."""
        url = reverse("admin:quizzes_question_change", args=[item.question_id])
        state = "" if item.question.active else " (inactive)"
        return format_html('<a href="{}">Question {}</a>{}', url, item.question_id, state)

    @admin.display(description="Answered at")
    def answered(self, item: AttemptQuestion) -> str:
        response = getattr(item, "response", None)
        return "—" if response is None else f"{response.answered_at:%Y-%m-%d %H:%M}"

    @admin.display(description="Correct", boolean=True)
    def correct(self, item: AttemptQuestion) -> bool | None:
        response = getattr(item, "response", None)
        return None if response is None else response.correct

    @admin.display(description="Score")
    def score(self, item: AttemptQuestion) -> str:
        response = getattr(item, "response", None)
        return percent(None if response is None else response.score)


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "learner",
        "quiz_title",
        "started",
        "submitted",
        "score_percent",
        "passed",
    )
    list_filter = ("passed", "quiz__briefing", "quiz__mode")
    search_fields = ("learner__username", "quiz__title")
    list_select_related = ("learner", "quiz")
    fields = (
        "learner",
        "quiz",
        "started_at",
        "submitted_at",
        "expires_at",
        "score_percent",
        "passed",
    )
    readonly_fields = fields
    date_hierarchy = "started_at"
    inlines = [AttemptQuestionInline]

    @admin.display(description="Quiz", ordering="quiz__title")
    def quiz_title(self, attempt: Attempt) -> str:
        """Long quiz titles wrap in their column rather than widen the table past the page."""
        return format_html('<span class="quiz-title">{}</span>', attempt.quiz.title)

    @admin.display(description="Score", ordering="score")
    def score_percent(self, attempt: Attempt) -> str:
        return percent(attempt.score)

    @admin.display(description="Started", ordering="started_at")
    def started(self, attempt: Attempt) -> str:
        return short_time(attempt.started_at)

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted(self, attempt: Attempt) -> str:
        return short_time(attempt.submitted_at)


def short_time(moment) -> str:
    """A compact local time for a list column: "2026-11-30 09:34"."""
    return "—" if moment is None else f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


@admin.register(LessonProgress)
class LessonProgressAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("learner", "lesson", "first_opened_at", "read_at", "completed_at")
    list_filter = ("lesson__briefing",)
    search_fields = ("learner__username", "lesson__title")
    list_select_related = ("learner", "lesson")


class ReviewLogInline(ReadOnlyMixin, admin.TabularInline):
    model = ReviewLog
    fields = ("reviewed_at", "rating", "answer", "state_before", "state_after")
    readonly_fields = fields
    verbose_name_plural = "reviews"


@admin.register(ReviewCard)
class ReviewCardAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "learner", "due")
    search_fields = ("learner__username", "question__prompt", "term__term")
    list_select_related = ("learner", "question", "term", "row")
    fields = ("learner", "question", "lesson", "term", "row", "due")
    readonly_fields = fields
    inlines = [ReviewLogInline]
