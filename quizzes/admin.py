import uuid

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header

from briefing.admin import BriefingAdmin
from briefing.models import Briefing
from quizzes.generate.lint import RULES
from quizzes.models import Question, Quiz
from quizzes.moodle_export import moodle_export
from quizzes.sync import lint_questions

# Editing any of these on a generated question makes it the editor's: regeneration
# no longer rewrites it.
CONTENT_FIELDS = {"kind", "prompt", "options", "answer", "explanation", "active", "quiz"}
# The shapes per kind, as JSON (the model fields' own help predates the ordering kind).
ANSWER_HELP = (
    "choice: the option text; true_false: true or false; match: {left: right}; "
    "categorize: {item: column}; cloze: [accepted answers]; "
    'ordering: the steps in the right order, e.g. ["Plan", "Build", "Ship"].'
)
OPTIONS_HELP = "Choice and true/false: [{text, feedback}, …]. Ordering: [] (no options)."


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


# Moodle's file types: GIFT is imported from a .txt file, Moodle XML from a .xml one.
MOODLE_FILES = {
    "gift": (".gift.txt", "text/plain; charset=utf-8"),
    "moodle-xml": (".moodle.xml", "application/xml; charset=utf-8"),
}


def moodle_download(
    modeladmin: admin.ModelAdmin, request: HttpRequest, quizzes: QuerySet[Quiz], file_format: str
) -> HttpResponse | None:
    """The active questions of ``quizzes`` as a Moodle file to download.

    What had to be left out is said in messages (shown on the next admin page) and,
    in GIFT, in comments in the file; with nothing to export, a message and no file.
    """
    exported = moodle_export(quizzes, file_format)
    for skipped in exported.skipped:
        modeladmin.message_user(request, str(skipped), messages.WARNING)
    if not exported.written:
        modeladmin.message_user(
            request, "The selection has no active question to export.", messages.WARNING
        )
        return None
    slugs = set(quizzes.values_list("briefing__slug", flat=True))
    extension, content_type = MOODLE_FILES[file_format]
    filename = (slugs.pop() if len(slugs) == 1 else "quizzes") + extension
    response = HttpResponse(exported.text, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@admin.action(description="Export selected quizzes as GIFT (Moodle)", permissions=["view"])
def export_quizzes_as_gift(modeladmin, request, queryset):
    return moodle_download(modeladmin, request, queryset, "gift")


@admin.action(description="Export selected quizzes as Moodle XML", permissions=["view"])
def export_quizzes_as_moodle_xml(modeladmin, request, queryset):
    return moodle_download(modeladmin, request, queryset, "moodle-xml")


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "briefing", "lesson", "mode", "pass_mark", "active_questions")
    actions = [export_quizzes_as_gift, export_quizzes_as_moodle_xml]
    list_filter = ("mode", "briefing")
    search_fields = ("title", "lesson__title")
    list_select_related = ("briefing", "lesson")
    readonly_fields = ("briefing", "lesson")
    inlines = [QuestionInline]

    def has_add_permission(self, request) -> bool:
        """Quizzes come from generation: one per lesson with questions, one final exam."""
        return False

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
        "flagged",
        "lint_panel",
    )
    raw_id_fields = ("source_block", "source_row", "source_term")
    fieldsets = (
        (None, {"fields": ("quiz", "kind", "prompt", "options", "answer", "explanation")}),
        ("State", {"fields": ("origin", "active", "source_changed")}),
        ("Question linter", {"fields": ("flagged", "lint_panel")}),
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["answer"].help_text = ANSWER_HELP
        form.base_fields["options"].help_text = OPTIONS_HELP
        return form

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
        elif obj.origin == Question.Origin.GENERATED and CONTENT_FIELDS & set(form.changed_data):
            obj.origin = Question.Origin.EDITED
        super().save_model(request, obj, form, change)
        # The edit may fix or cause a problem, here or in a question of the same quiz.
        lint_questions(obj.briefing)


@admin.action(
    description="Export quizzes of selected briefings as GIFT (Moodle)",
    permissions=["export_quizzes"],
)
def export_briefings_as_gift(modeladmin, request, queryset):
    return moodle_download(modeladmin, request, Quiz.objects.filter(briefing__in=queryset), "gift")


@admin.action(
    description="Export quizzes of selected briefings as Moodle XML",
    permissions=["export_quizzes"],
)
def export_briefings_as_moodle_xml(modeladmin, request, queryset):
    quizzes = Quiz.objects.filter(briefing__in=queryset)
    return moodle_download(modeladmin, request, quizzes, "moodle-xml")


class BriefingWithQuizExportAdmin(BriefingAdmin):
    """The briefing admin, with the Moodle export actions that belong to quizzes.

    Registered in place of briefing's own admin so that briefing imports nothing from
    quizzes; the actions need the permission to view quizzes.
    """

    actions = [
        *(BriefingAdmin.actions or ()),
        export_briefings_as_gift,
        export_briefings_as_moodle_xml,
    ]

    def has_export_quizzes_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("quizzes.view_quiz")


admin.site.unregister(Briefing)
admin.site.register(Briefing, BriefingWithQuizExportAdmin)
