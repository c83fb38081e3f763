"""The learner history in the admin: read it, don't rewrite it."""

from django.contrib import admin

from learning.models import (
    Attempt,
    AttemptQuestion,
    LessonProgress,
    Response,
    ReviewCard,
    ReviewLog,
)


class ResponseInline(admin.StackedInline):
    model = Response
    extra = 0
    readonly_fields = ("answer", "correct", "score", "answered_at", "locked")
    can_delete = False


@admin.register(AttemptQuestion)
class AttemptQuestionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "question")
    readonly_fields = ("attempt", "question", "position", "snapshot")
    inlines = [ResponseInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("learner", "quiz", "started_at", "submitted_at", "score", "passed")
    list_filter = ("passed", "quiz__briefing", "quiz__mode")
    search_fields = ("learner__username", "quiz__title")
    list_select_related = ("learner", "quiz")
    readonly_fields = ("learner", "quiz", "started_at", "submitted_at", "expires_at", "score")
    date_hierarchy = "started_at"


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("learner", "lesson", "first_opened_at", "read_at", "completed_at")
    list_filter = ("lesson__briefing",)
    search_fields = ("learner__username", "lesson__title")
    list_select_related = ("learner", "lesson")


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin):
    list_display = ("__str__", "learner", "due")
    search_fields = ("learner__username", "question__prompt", "term__term")
    list_select_related = ("learner", "question", "term", "row")
    raw_id_fields = ("question", "lesson", "term", "row")


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    list_display = ("card", "rating", "reviewed_at")
    list_select_related = ("card__learner", "card__question", "card__term", "card__row")
    readonly_fields = ("state_before", "state_after")
