"""Briefings and their content: lessons made of paragraphs, term lists and tables."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from briefing.ingest.document import (
    Block as BlockData,
    Code,
    Document,
    Heading,
    ItemList,
    Lesson as LessonData,
    ListItem,
    Paragraph,
    Table,
    TableShape,
    Term as TermData,
    TermList,
)

LIST_START_MAX = 999_999_999  # CommonMark allows list numbers of up to nine digits


class ImportedHashField(models.CharField):
    """A digest of an object's content as the source file last gave it.

    When it no longer matches the content, an editor changed the object in the
    admin; a re-import that overwrites such an edit reports it.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


class BriefingQuerySet(models.QuerySet):
    def published(self) -> BriefingQuerySet:
        return self.filter(published=True)

    def visible_to(self, user: settings.AUTH_USER_MODEL) -> BriefingQuerySet:
        """Unpublished briefings are for staff only."""
        return self if user.is_staff else self.published()


class Briefing(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    source_name = models.CharField("source file name", max_length=255, blank=True)
    source_sha256 = models.CharField("sha256 of the source bytes", max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    cleaning_report = models.JSONField(default=dict, blank=True)
    generation_report = models.JSONField(default=dict, blank=True)
    published = models.BooleanField(
        default=True, help_text="Unpublished briefings are visible to staff only."
    )
    language = models.CharField(
        max_length=10,
        default="en",
        help_text="The document's language (ISO 639-1, e.g. en, fr): questions are written in it.",
    )
    content_version = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Changes whenever the briefing or one of its lessons is written: "
        "the key of its cached pages (see briefing.content_cache).",
    )

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefing:detail", kwargs={"slug": self.slug})

    def to_document(self) -> Document:
        """Rebuild the pure ``Document`` from the rows of the live (unarchived) lessons.

        Four queries, read flat and grouped here: a briefing of thousands of lessons
        costs no related manager per lesson and block.
        """
        return Document(title=self.title, lessons=tuple(self.live_lessons().values()))

    def live_lessons(self) -> dict[int, LessonData]:
        """The live lessons' content by lesson id, in order (``to_document``'s lessons)."""
        live = {"lesson__briefing": self, "lesson__archived": False}
        blocks: dict[int, list[Block]] = {}
        for block in Block.objects.filter(**live).order_by("lesson_id", "position"):
            blocks.setdefault(block.lesson_id, []).append(block)
        within = {f"block__{name}": value for name, value in live.items()}
        rows: dict[int, list[tuple[str, ...]]] = {}
        for block_id, cells in (
            TableRow.objects.filter(**within)
            .order_by("block_id", "position")
            .values_list("block_id", "cells")
        ):
            rows.setdefault(block_id, []).append(tuple(cells))
        terms: dict[int, list[TermData]] = {}
        for block_id, term, description in (
            Term.objects.filter(**within)
            .order_by("block_id", "position")
            .values_list("block_id", "term", "description")
        ):
            terms.setdefault(block_id, []).append(TermData(term, description))
        lessons = self.lessons.live().order_by("position").values_list("pk", "title")
        return {
            pk: LessonData(
                title,
                tuple(
                    block.to_data(rows=rows.get(block.pk, ()), terms=terms.get(block.pk, ()))
                    for block in blocks.get(pk, ())
                ),
            )
            for pk, title in lessons
        }


class LessonQuerySet(models.QuerySet):
    def live(self) -> LessonQuerySet:
        return self.filter(archived=False)

    def visible_to(self, user: settings.AUTH_USER_MODEL) -> LessonQuerySet:
        """Lessons of unpublished briefings are for staff only."""
        return self if user.is_staff else self.filter(briefing__published=True)

    def for_page(self) -> LessonQuerySet:
        """With the briefing, less its import reports (never shown to learners)."""
        return self.select_related("briefing").defer(
            "briefing__cleaning_report", "briefing__generation_report"
        )

    def touch(self) -> int:
        """Give these lessons a new ``content_version``: their cached content is stale."""
        return self.update(content_version=uuid.uuid4())


class Lesson(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120)
    archived = models.BooleanField(
        default=False,
        help_text="Gone from the source document but kept because learners have history here.",
    )
    imported_hash = ImportedHashField()
    content_version = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Changes whenever the lesson or any of its blocks, rows or terms is written: "
        "the key of its cached content (see briefing.content_cache).",
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["briefing", "position"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "slug"], name="lesson_slug_unique"),
            models.UniqueConstraint(fields=["briefing", "position"], name="lesson_position_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "briefing:lesson",
            kwargs={"briefing_slug": self.briefing.slug, "lesson_slug": self.slug},
        )

    def to_data(self) -> LessonData:
        return LessonData(
            title=self.title, blocks=tuple(block.to_data() for block in self.blocks.all())
        )


class Block(models.Model):
    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "Paragraph"
        TERM_LIST = "term_list", "Term list"
        TABLE = "table", "Table"
        HEADING = "heading", "Heading"
        LIST = "list", "List"
        CODE = "code", "Code"

    class Shape(models.TextChoices):
        KEY_VALUE = TableShape.KEY_VALUE.value, "Key and value (left column is the key)"
        PARALLEL_LISTS = TableShape.PARALLEL_LISTS.value, "Parallel lists (each column a list)"

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True, help_text="The text of a paragraph, heading or code block.")
    header = models.JSONField(default=list, blank=True, help_text="A table's header cells.")
    shape = models.CharField(max_length=20, choices=Shape.choices, blank=True)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="A heading's level, 3 to 6 (a lesson is level 2)."
    )
    ordered = models.BooleanField(default=False, help_text="A list is numbered.")
    start = models.PositiveIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(LIST_START_MAX)],
        help_text="A numbered list's first number (a list resuming after a paragraph: 5).",
    )
    items = models.JSONField(
        default=list, blank=True, help_text="A list's items: [{text, items: [...]}, ...]."
    )
    language = models.CharField(
        max_length=40, blank=True, help_text="A code block's language, e.g. python."
    )
    imported_hash = ImportedHashField()

    class Meta:
        ordering = ["lesson", "position"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "position"], name="block_position_unique"),
            models.CheckConstraint(
                condition=~models.Q(kind="table") | ~models.Q(shape=""),
                name="table_block_has_shape",
                violation_error_message="A table needs a shape.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position + 1} of “{self.lesson}”"

    def get_absolute_url(self) -> str:
        return f"{self.lesson.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"block-{self.position}"

    @property
    def caption(self) -> str:
        """How a table is named in prose: its header cells joined by bars."""
        return " | ".join(self.header)

    def to_data(
        self,
        *,
        rows: Sequence[tuple[str, ...]] | None = None,
        terms: Sequence[TermData] | None = None,
    ) -> BlockData:
        """The block as ingest data; ``rows`` and ``terms``, when given, are its own, read
        already (else they are read from the database)."""
        if self.kind == self.Kind.PARAGRAPH:
            return Paragraph(self.text)
        if self.kind == self.Kind.HEADING:
            return Heading(self.text, self.level or 3)
        if self.kind == self.Kind.CODE:
            return Code(self.text, self.language)
        if self.kind == self.Kind.LIST:
            return ItemList(
                list_items_from_json(self.items), ordered=self.ordered, start=self.start
            )
        if self.kind == self.Kind.TERM_LIST:
            if terms is None:
                terms = [TermData(term.term, term.description) for term in self.terms.all()]
            return TermList(tuple(terms))
        if rows is None:
            rows = [tuple(row.cells) for row in self.rows.all()]
        return Table(header=tuple(self.header), rows=tuple(rows), shape=TableShape(self.shape))


def list_items_from_json(items: object) -> tuple[ListItem, ...]:
    """``[{text, items}]`` (as stored in ``Block.items``) to ``ListItem``s."""
    if not isinstance(items, list):
        return ()
    return tuple(
        ListItem(str(item.get("text", "")), list_items_from_json(item.get("items", [])))
        for item in items
        if isinstance(item, dict)
    )


def list_items_to_json(items: tuple[ListItem, ...]) -> list[dict]:
    return [{"text": item.text, "items": list_items_to_json(item.items)} for item in items]


class Term(models.Model):
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="terms")
    position = models.PositiveIntegerField()
    term = models.CharField(max_length=300)
    description = models.TextField()
    imported_hash = ImportedHashField()

    class Meta:
        ordering = ["block", "position"]
        constraints = [
            models.UniqueConstraint(fields=["block", "position"], name="term_position_unique")
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def anchor(self) -> str:
        return f"{self.block.anchor}-term-{self.position}"


class TableRow(models.Model):
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    cells = models.JSONField(default=list)
    imported_hash = ImportedHashField()

    class Meta:
        ordering = ["block", "position"]
        verbose_name = "table row"
        constraints = [
            models.UniqueConstraint(fields=["block", "position"], name="row_position_unique")
        ]

    def __str__(self) -> str:
        return " | ".join(self.cells)

    @property
    def anchor(self) -> str:
        return f"{self.block.anchor}-row-{self.position}"
