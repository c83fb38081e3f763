from django.contrib import admin
from django.db.models import Count, F, Q
from django.utils.html import format_html, format_html_join

from briefing.forms import (
    KIND_FIELDS,
    BlockForm,
    LabelledInlineFormSet,
    TableRowForm,
    column_count,
)
from briefing.importing import POSITION_OFFSET
from briefing.models import Block, Briefing, Lesson, TableRow, Term, list_items_from_json
from briefing.signals import content_edited


def announce_edit(briefing: Briefing, request=None) -> None:
    """Tell the apps above (``quizzes`` regenerates the questions) that content changed."""
    content_edited.send(sender=Briefing, briefing=briefing, request=request)


def report_table(report: dict) -> str:
    """A cleaning or generation report as a small read-only HTML summary."""
    if not report:
        return "—"
    counts = format_html_join(
        "", "<tr><th scope='row'>{}</th><td>{}</td></tr>", sorted(report.get("counts", {}).items())
    )
    samples = format_html_join(
        "",
        "<li><strong>{}</strong>: “{}” → “{}”</li>",
        ((s["kind"], s["before"], s["after"]) for s in report.get("samples", [])),
    )
    warnings = format_html_join("", "<li>{}</li>", ((w,) for w in report.get("warnings", [])))
    return format_html(
        "<table><tbody>{}</tbody></table><p>Samples:</p><ul>{}</ul>{}",
        counts,
        samples,
        format_html("<p>Warnings:</p><ul>{}</ul>", warnings) if warnings else "",
    )


class ReorderableInlinesMixin:
    """Lets an editor swap positions in an inline.

    The rows whose position changes (or that are deleted) are first moved out of
    the way, as the importer does, so that the unique (parent, position)
    constraint holds at every statement; the formset has already checked that
    the new positions are unique among themselves.
    """

    def save_formset(self, request, form, formset, change) -> None:
        if "position" in {field.name for field in formset.model._meta.fields}:
            moving = [
                inline_form.instance.pk
                for inline_form in formset.forms
                if inline_form.instance.pk
                and ("position" in inline_form.changed_data or inline_form in formset.deleted_forms)
            ]
            formset.model.objects.filter(pk__in=moving).update(
                position=F("position") + POSITION_OFFSET
            )
        super().save_formset(request, form, formset, change)


class LessonInline(admin.TabularInline):
    model = Lesson
    formset = LabelledInlineFormSet
    fields = ("position", "title", "slug", "archived")
    readonly_fields = ("archived",)
    show_change_link = True
    extra = 0


@admin.register(Briefing)
class BriefingAdmin(ReorderableInlinesMixin, admin.ModelAdmin):
    list_display = ("title", "slug", "published", "live_lessons", "imported_at")
    list_filter = ("published", "imported_at")
    search_fields = ("title", "slug", "source_name")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("source_name", "source_sha256", "imported_at", "cleaning", "generation")
    fieldsets = (
        (None, {"fields": ("title", "slug", "published", "language")}),
        ("Source", {"fields": ("source_name", "source_sha256", "imported_at", "cleaning")}),
        ("Quizzes", {"fields": ("generation",)}),
    )
    inlines = [LessonInline]

    def save_related(self, request, form, formsets, change) -> None:
        """Questions are written in the briefing's language: a new language regenerates them."""
        super().save_related(request, form, formsets, change)
        if change and "language" in form.changed_data:
            announce_edit(form.instance, request)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(live_lesson_count=Count("lessons", filter=Q(lessons__archived=False)))
        )

    @admin.display(description="Lessons", ordering="live_lesson_count")
    def live_lessons(self, briefing: Briefing) -> int:
        return briefing.live_lesson_count

    @admin.display(description="Cleaning report")
    def cleaning(self, briefing: Briefing) -> str:
        return report_table(briefing.cleaning_report)

    @admin.display(description="Generation report")
    def generation(self, briefing: Briefing) -> str:
        lessons = briefing.generation_report.get("lessons", [])
        if not lessons:
            return "—"
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (
                    lesson["title"],
                    ", ".join(f"{n} {kind}" for kind, n in lesson["counts"].items()) or "none",
                    format_html_join("", "<div>{}</div>", ((r,) for r in lesson["skipped"])),
                )
                for lesson in lessons
            ),
        )
        return format_html(
            "<table><thead><tr><th>Lesson</th><th>Questions</th><th>Skipped</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )


class BlockInline(admin.TabularInline):
    model = Block
    fields = ("position", "kind", "summary")
    readonly_fields = ("position", "kind", "summary")
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Content")
    def summary(self, block: Block) -> str:
        if block.kind == Block.Kind.PARAGRAPH:
            text = block.text
        elif block.kind == Block.Kind.TABLE:
            text = f"Table: {block.caption}"
        elif block.kind == Block.Kind.HEADING:
            text = f"Heading {block.level}: {block.text}"
        elif block.kind == Block.Kind.LIST:
            text = "List: " + "; ".join(item.text for item in list_items_from_json(block.items))
        elif block.kind == Block.Kind.CODE:
            text = f"Code ({block.language or 'plain'}): {block.text}"
        else:
            text = "Terms: " + ", ".join(term.term for term in block.terms.all())
        return format_html(
            '{} <a href="{}">view on page</a>',
            text[:140] + ("…" if len(text) > 140 else ""),
            block.get_absolute_url(),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("lesson__briefing")
            .prefetch_related("terms")
        )


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "briefing", "position", "archived")
    list_filter = ("briefing", "archived")
    search_fields = ("title", "slug", "blocks__text")
    list_select_related = ("briefing",)
    inlines = [BlockInline]


class TermInline(admin.TabularInline):
    model = Term
    formset = LabelledInlineFormSet
    fields = ("position", "term", "description")
    extra = 0


class TableRowInline(admin.TabularInline):
    model = TableRow
    formset = LabelledInlineFormSet
    form = TableRowForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type("TableRowForm", (TableRowForm,), {"width": column_count(obj)})
        return super().get_formset(request, obj, **kwargs)


@admin.register(Block)
class BlockAdmin(ReorderableInlinesMixin, admin.ModelAdmin):
    form = BlockForm
    list_display = ("__str__", "kind", "lesson", "position")
    list_filter = ("kind", "shape", "lesson__briefing")
    search_fields = ("text", "terms__term", "terms__description", "lesson__title")
    list_select_related = ("lesson__briefing",)

    def get_fieldsets(self, request, obj=None):
        """Only the fields that fit the block's kind; a new block shows them all."""
        if obj is None:
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": ["lesson", "position", "kind", *KIND_FIELDS.get(obj.kind, ())]})]

    def get_readonly_fields(self, request, obj=None):
        """The kind of an existing block is fixed: its fields and rows are made for it."""
        return ["kind"] if obj is not None else []

    def save_related(self, request, form, formsets, change) -> None:
        """An edited block regenerates its briefing's quizzes (history is never lost)."""
        super().save_related(request, form, formsets, change)
        announce_edit(form.instance.lesson.briefing, request)

    def delete_model(self, request, obj: Block) -> None:
        briefing = obj.lesson.briefing
        super().delete_model(request, obj)
        announce_edit(briefing)

    def delete_queryset(self, request, queryset) -> None:
        briefings = list(Briefing.objects.filter(lessons__blocks__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for briefing in briefings:
            announce_edit(briefing)

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        return {Block.Kind.TABLE: [TableRowInline], Block.Kind.TERM_LIST: [TermInline]}.get(
            obj.kind, []
        )
