import uuid
from functools import partial

from django.contrib import admin
from django.db.models import Count, Max, Q
from django.urls import path
from django.utils.html import format_html, format_html_join

from quizzes.admin_views import import_document_view
from quizzes.forms import QuestionForm
from quizzes.generate.lint import RULES
from quizzes.models import Question, Quiz
from quizzes.sync import lint_questions

# Editing any of these on a generated question makes it the editor's: regeneration
# no longer rewrites it.
CONTENT_FIELDS = {"kind", "prompt", "options", "answer", "explanation", "active", "quiz"}


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("position", "prompt", "kind", "origin", "active", "source_changed")
    # Active is changed on the question's own page, where doing so makes it "edited".
    readonly_fields = ("prompt", "kind", "origin", "active", "source_changed")
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "briefing", "lesson", "mode", "pass_mark", "active_questions")
    list_filter = ("mode", "briefing")
    search_fields = ("title", "lesson__title")
    list_select_related = ("briefing", "lesson")
    readonly_fields = ("briefing", "lesson")
    inlines = [QuestionInline]

    def has_add_permission(self, request) -> bool:
        """Quizzes come from generation: one per lesson with questions, one final exam."""
        return False

    def get_urls(self):
        """The "Import a document" page (``admin:import_document``), linked from the briefing
        list: it lives here because an import generates the quizzes."""
        view = partial(import_document_view, admin_site=self.admin_site)
        return [
            path("import/", self.admin_site.admin_view(view), name="import_document"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(active_count=Count("questions", filter=Q(questions__active=True)))
        )

    @admin.display(description="Active questions", ordering="active_count")
    def active_questions(self, quiz: Quiz) -> int:
        return quiz.active_count


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """A question edited as a question: its kind's rows instead of JSON (``QuestionForm``),
    with a preview as a learner sees it and the linter's findings beside it (see the
    template ``admin/quizzes/question/change_form.html``)."""

    form = QuestionForm
    list_display = ("prompt", "kind", "quiz", "origin", "active", "source_changed", "lint_codes")
    list_filter = ("kind", "origin", "active", "source_changed", "flagged", "briefing")
    search_fields = ("prompt", "explanation", "fingerprint")
    list_select_related = ("quiz",)
    list_editable = ("active",)
    readonly_fields = (
        "briefing",
        "fingerprint",
        "fact",
        "direction",
        "source_link",
    )
    raw_id_fields = ("source_block", "source_row", "source_term")
    # The kind's editor follows the first fieldset, the preview and the linter's
    # findings the second (the template places them).
    fieldsets = (
        (None, {"fields": ("quiz", "kind", "prompt")}),
        (None, {"fields": ("explanation",)}),
        ("State", {"fields": ("origin", "active", "source_changed")}),
        (
            "Provenance",
            {
                "fields": (
                    "source_link",
                    "source_block",
                    "source_row",
                    "source_term",
                    "briefing",
                    "fingerprint",
                    "fact",
                    "direction",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        """A saved question's kind is fixed: its editor, answers and history are made for it."""
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "kind") if obj is not None else fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["lint_panel"] = self.lint_panel(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="Source in the lesson")
    def source_link(self, question: Question) -> str:
        block = question.source_block
        if block is None:
            return "—"
        anchor = (question.source_row or question.source_term or block).anchor
        return format_html('<a href="{}#{}">{}</a>', block.lesson.get_absolute_url(), anchor, block)

    @admin.display(description="Lint")
    def lint_codes(self, question: Question) -> str:
        """The codes of the linter's findings, the list column an instructor scans."""
        return ", ".join(finding.get("code", "") for finding in question.lint_findings) or "—"

    @admin.display(description="Findings")
    def lint_panel(self, question: Question) -> str:
        if not question.lint_findings:
            return "No problem found."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {} <small>({})</small></li>",
                (
                    (
                        finding.get("code", ""),
                        finding.get("message", ""),
                        RULES.get(finding.get("code", ""), ""),
                    )
                    for finding in question.lint_findings
                ),
            ),
        )

    def save_model(self, request, obj: Question, form, change: bool) -> None:
        if not change:
            obj.origin = Question.Origin.MANUAL
            obj.briefing = obj.quiz.briefing
            obj.fingerprint = f"manual-{uuid.uuid4().hex[:16]}"
            last = obj.quiz.questions.aggregate(last=Max("position"))["last"]
            obj.position = 0 if last is None else last + 1
        elif obj.origin == Question.Origin.GENERATED and CONTENT_FIELDS & set(form.changed_data):
            obj.origin = Question.Origin.EDITED
        super().save_model(request, obj, form, change)
        # The edit may fix or cause a problem, here or in a question of the same quiz.
        lint_questions(obj.briefing)
