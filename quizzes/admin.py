import uuid
from functools import partial

from django.contrib import admin, messages
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header

from briefing.admin import BriefingAdmin
from briefing.forms import LabelledInlineFormSet
from briefing.models import Briefing
from quizzes.admin_views import import_document_view
from quizzes.forms import QuestionForm
from quizzes.generate.lint import RULES
from quizzes.models import Question, Quiz
from quizzes.moodle_export import moodle_export
from quizzes.sync import lint_questions

# Editing any of these on a generated question makes it the editor's: regeneration
# no longer rewrites it.
CONTENT_FIELDS = {"kind", "prompt", "options", "answer", "explanation", "active", "quiz"}


class QuestionInline(admin.TabularInline):
    """The quiz's active questions in their order; the inactive ones (kept for the
    learners' history) are a link away, in the question list."""

    model = Question
    formset = LabelledInlineFormSet
    fields = ("position", "prompt", "kind", "origin", "source_changed", "lint_codes")
    # Active is changed on the question's own page, where doing so makes it "edited".
    readonly_fields = ("prompt", "kind", "origin", "source_changed", "lint_codes")
    verbose_name_plural = "active questions"
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(active=True).order_by("position", "pk")

    @admin.display(description="Lint")
    def lint_codes(self, question: Question) -> str:
        return lint_codes(question)


def lint_codes(question: Question) -> str:
    """The codes of the linter's findings, the column an instructor scans."""
    return ", ".join(finding.get("code", "") for finding in question.lint_findings) or "—"


def questions_url(**filters) -> str:
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return f"{reverse('admin:quizzes_question_changelist')}?{query}"


class BooleanFilter(admin.BooleanFieldListFilter):
    """A yes/no filter that names its two sides ("Inactive", not "No")."""

    title_text = ""
    yes = no = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = self.title_text

    def choices(self, changelist):
        for lookup, title in ((None, "All"), ("1", self.yes), ("0", self.no)):
            yield {
                "selected": self.lookup_val == lookup and not self.lookup_val2,
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg: lookup}, [self.lookup_kwarg2]
                ),
                "display": title,
            }


def boolean_filter(title: str, yes: str, no: str) -> type[BooleanFilter]:
    return type("BooleanFilter", (BooleanFilter,), {"title_text": title, "yes": yes, "no": no})


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
    # The title names the lesson already: no lesson column to push the others off the page.
    list_display = ("title", "briefing", "mode_name", "pass_mark", "active_questions")
    actions = [export_quizzes_as_gift, export_quizzes_as_moodle_xml]
    list_filter = ("mode", "briefing")
    search_fields = ("title", "lesson__title")
    list_select_related = ("briefing", "lesson")
    readonly_fields = ("briefing", "lesson", "question_pool")
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
        # The final exam has no questions of its own: it draws from the live lessons'.
        lesson_pool = (
            Question.objects.active()
            .filter(briefing=OuterRef("briefing"), quiz__lesson__archived=False)
            .exclude(quiz__lesson=None)
            .values("briefing")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_count=Count("questions", filter=Q(questions__active=True)),
                inactive_count=Count("questions", filter=Q(questions__active=False)),
                lesson_pool=Subquery(lesson_pool),
            )
        )

    @admin.display(description="Active questions", ordering="active_count")
    def active_questions(self, quiz: Quiz) -> str:
        if quiz.is_final_exam:
            return f"{quiz.lesson_pool or 0} in the lessons"
        return str(quiz.active_count)

    @admin.display(description="Mode", ordering="mode")
    def mode_name(self, quiz: Quiz) -> str:
        """ "Practice" or "Exam": the filter beside the list explains them."""
        return Quiz.Mode(quiz.mode).name.capitalize()

    def get_inlines(self, request, obj):
        """The final exam has no questions of its own: no empty table of them."""
        return [] if obj is not None and obj.is_final_exam else super().get_inlines(request, obj)

    @admin.display(description="Questions")
    def question_pool(self, quiz: Quiz) -> str:
        """What an attempt draws from, and where the inactive questions are."""
        if quiz.is_final_exam:
            drawn = quiz.draw or "all"
            text = format_html(
                "No questions of its own: each attempt draws {} of the {} active questions of "
                'the live lessons, spread evenly (<a href="{}">see them</a>).',
                drawn,
                quiz.lesson_pool or 0,
                questions_url(briefing__id__exact=quiz.briefing_id, active__exact=1),
            )
        else:
            text = format_html("{} active, listed below in their order.", quiz.active_count)
        if quiz.inactive_count:
            text = format_html(
                '{} <a href="{}">{} inactive</a>: kept for the learners who answered them, '
                "no longer asked.",
                text,
                questions_url(quiz__id__exact=quiz.pk, active__exact=0),
                quiz.inactive_count,
            )
        return text


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """A question edited as a question: its kind's rows instead of JSON (``QuestionForm``),
    with a preview as a learner sees it and the linter's findings beside it (see the
    template ``admin/quizzes/question/change_form.html``)."""

    form = QuestionForm
    list_display = ("prompt", "kind", "quiz", "origin", "active", "source_changed", "lint_codes")
    list_filter = (
        "kind",
        "origin",
        ("active", boolean_filter("status", "Active", "Inactive")),
        ("flagged", boolean_filter("linter", "Flagged", "Not flagged")),
        ("source_changed", boolean_filter("source", "Source changed", "Source unchanged")),
        "briefing",
        ("quiz", admin.RelatedOnlyFieldListFilter),
    )
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

    def get_changelist_form(self, request, **kwargs):
        """The list's "active" checkboxes, each named after its question (axe: "label")."""
        form = super().get_changelist_form(request, **kwargs)

        class LabelledForm(form):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                prompt = self.instance.prompt
                label = f"Active: {prompt[:80]}{'…' if len(prompt) > 80 else ''}"
                self.fields["active"].widget.attrs["aria-label"] = label

        return LabelledForm

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
        return lint_codes(question)

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
