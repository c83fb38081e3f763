"""Admin forms: every table header and cell is its own text field; a list is an indented outline."""

from __future__ import annotations

from django import forms

from briefing.ingest.document import ListItem
from briefing.ingest.normalise import MAX_LIST_DEPTH
from briefing.models import (
    LIST_START_MAX,
    Block,
    TableRow,
    list_items_from_json,
    list_items_to_json,
)

INDENT = "  "  # one level of nesting in a list outline
CONTINUED = "\\"  # a line ending in a backslash goes on in the next line (a line break)

# The form fields each kind of block is edited with (besides its lesson and position).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Block.Kind.PARAGRAPH: ("text",),
    Block.Kind.HEADING: ("text", "level"),
    Block.Kind.CODE: ("text", "language"),
    Block.Kind.LIST: ("ordered", "start", "items"),
    Block.Kind.TERM_LIST: (),
    Block.Kind.TABLE: ("header", "shape"),
}
TEXT_LABELS = {Block.Kind.HEADING: "Heading", Block.Kind.CODE: "Code"}
# The kinds that are their text, as an editor calls them.
TEXT_NAMES = {
    Block.Kind.PARAGRAPH: "paragraph",
    Block.Kind.HEADING: "heading",
    Block.Kind.CODE: "code block",
}


class CellsWidget(forms.MultiWidget):
    def __init__(self, width: int, attrs=None) -> None:
        widgets = [
            forms.TextInput(attrs={"aria-label": f"Column {column + 1}", "size": 28})
            for column in range(width)
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        cells = list(value or [])
        return cells + [""] * (len(self.widgets) - len(cells))


class CellsField(forms.MultiValueField):
    """A list of strings edited as one text box per column."""

    def __init__(self, width: int, **kwargs) -> None:
        fields = [forms.CharField(required=False) for _ in range(width)]
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, widget=CellsWidget(width), **kwargs)

    def compress(self, data_list):
        return [cell.strip() for cell in data_list or []]


def column_count(block: Block | None) -> int:
    """Columns of a table block: its header width, at least 2 for a new table."""
    return max(len(block.header), 2) if block is not None and block.header else 2


def items_to_outline(items: tuple[ListItem, ...], depth: int = 0) -> str:
    """List items as an outline: one item per line, two spaces of indentation per level."""
    lines = []
    for item in items:
        text = item.text.replace("\n", CONTINUED + "\n" + INDENT * depth)
        lines.append(INDENT * depth + text)
        if item.items:
            lines.append(items_to_outline(item.items, depth + 1))
    return "\n".join(lines)


def outline_to_items(outline: str) -> tuple[ListItem, ...]:
    """Read an outline back (see ``items_to_outline``); blank lines are skipped.

    Raises ``ValidationError`` naming the line when the indentation does not
    say which item a line belongs to.
    """
    entries: list[tuple[int, str]] = []  # (depth, text) in order
    continued = False
    for number, line in enumerate(outline.replace("\r\n", "\n").split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continued = False
            continue
        if continued:
            depth, text = entries[-1]
            entries[-1] = (depth, text + "\n" + stripped)
        else:
            entries.append((outline_depth(line, number, entries), stripped))
        continued = stripped.endswith(CONTINUED)
        if continued:
            depth, text = entries[-1]
            entries[-1] = (depth, text.removesuffix(CONTINUED))
    items, _ = nest(entries, 0, 0)
    return items


def outline_depth(line: str, number: int, entries: list[tuple[int, str]]) -> int:
    indent = line[: len(line) - len(line.lstrip())]
    if "\t" in indent:
        raise forms.ValidationError(
            f"Line {number} is indented with a tab: indent with two spaces per level."
        )
    if len(indent) % len(INDENT):
        raise forms.ValidationError(
            f"Line {number} is indented by {len(indent)} spaces: "
            "indent by two spaces per level (0, 2, 4, …)."
        )
    depth = len(indent) // len(INDENT)
    if not entries and depth:
        raise forms.ValidationError(
            f"Line {number} is indented, but the first item cannot be: "
            "it has no item above it to belong to."
        )
    if entries and depth > entries[-1][0] + 1:
        raise forms.ValidationError(
            f"Line {number} is indented more than one level (two spaces) "
            "deeper than the item above it."
        )
    if depth >= MAX_LIST_DEPTH:
        raise forms.ValidationError(
            f"Line {number} is nested {depth + 1} levels deep: a list nests "
            f"at most {MAX_LIST_DEPTH} levels."
        )
    return depth


def nest(
    entries: list[tuple[int, str]], start: int, depth: int
) -> tuple[tuple[ListItem, ...], int]:
    """The items at ``depth`` from ``entries[start]`` on, each with its deeper ones nested."""
    items: list[ListItem] = []
    index = start
    while index < len(entries) and entries[index][0] == depth:
        children, after = nest(entries, index + 1, depth + 1)
        items.append(ListItem(entries[index][1], children))
        index = after
    return tuple(items), index


class ListItemsField(forms.CharField):
    """A list's items (JSON ``[{text, items}]``) edited as an indented outline."""

    widget = forms.Textarea(attrs={"rows": 12, "cols": 80, "spellcheck": "true"})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("strip", False)
        kwargs.setdefault("required", False)  # the form says when a list has no item
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return items_to_outline(list_items_from_json(value))
        return value

    def to_python(self, value):
        return list_items_to_json(outline_to_items(super().to_python(value) or ""))


class BlockForm(forms.ModelForm):
    """A block's change form, with only the fields that fit its kind (see ``KIND_FIELDS``)."""

    class Meta:
        model = Block
        fields = [
            "lesson",
            "position",
            "kind",
            "text",
            "level",
            "language",
            "ordered",
            "start",
            "items",
            "header",
            "shape",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "header" in self.fields:
            self.fields["header"] = CellsField(
                column_count(self.instance if self.instance.pk else None),
                required=False,
                label="Header cells",
                help_text="A table's column headers.",
            )
        if "items" in self.fields:
            self.fields["items"] = ListItemsField(
                label="Items",
                help_text=(
                    "One item per line. Indent a line by two spaces to make it a sub-item of "
                    "the line above it. End a line with a backslash (\\) to go on in the "
                    "next line (a line break inside the item)."
                ),
            )
        if "level" in self.fields:
            self.fields["level"] = forms.IntegerField(
                required=False,
                min_value=3,
                max_value=6,
                label="Level",
                help_text="3 to 6, like ### to ###### in Markdown (the lesson itself is level 2).",
                error_messages={
                    "min_value": "A heading's level is 3 to 6: the lesson itself is level 2.",
                    "max_value": "A heading's level is 3 to 6: there is no level beyond 6.",
                },
            )
        if "start" in self.fields:
            self.fields["start"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=LIST_START_MAX,
                label="First number",
                help_text=(
                    "The number of a numbered list's first item, e.g. 5 for a list that "
                    "carries on after a paragraph. Empty means 1."
                ),
                error_messages={"min_value": "A numbered list starts at 1 or later."},
            )
        kind = self.instance.kind if self.instance.pk else None
        if "text" in self.fields:
            self.fields["text"].label = TEXT_LABELS.get(kind, "Text")
            # Code keeps its indentation; a paragraph's line breaks are kept as written.
            self.fields["text"].strip = kind != Block.Kind.CODE

    def clean_text(self) -> str:
        """Browsers send line breaks as CRLF; the document's are LF."""
        return self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")

    def clean_start(self) -> int:
        start = self.cleaned_data["start"]
        return 1 if start is None else start

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        fields = KIND_FIELDS.get(kind, ())
        text = cleaned.get("text") or ""
        if kind == Block.Kind.TABLE:
            if not any(cleaned.get("header") or []):
                self.add_error("header", "A table needs header cells.")
            if not cleaned.get("shape"):
                self.add_error("shape", "A table needs a shape.")
        if kind in TEXT_NAMES and not text.strip():
            self.add_error("text", f"A {TEXT_NAMES[kind]} needs text.")
        if kind == Block.Kind.HEADING and cleaned.get("level") is None and "level" in self.fields:
            self.add_error("level", "A heading needs a level from 3 to 6.")
        listed = "items" in self.fields and "items" not in self.errors
        if kind == Block.Kind.LIST and listed and not cleaned.get("items"):
            self.add_error("items", "A list needs at least one item.")
        # Fields that do not belong to the kind are emptied, so a block holds only its own.
        blank = {"text": "", "level": None, "language": "", "ordered": False, "start": 1}
        blank |= {"items": []}
        blank |= {"header": [], "shape": ""}
        for name, value in blank.items():
            if name in self.fields and name not in fields:
                cleaned[name] = value
        return cleaned


class LabelledInlineFormSet(forms.BaseInlineFormSet):
    """An admin inline whose inputs say what they are ("Title, lesson 2").

    A tabular inline heads its columns, but the column heads are not labels: a
    screen reader announces an unnamed text box (axe: "label"). Inputs that have
    their own names (a table row's cells) keep them.
    """

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        name = self.model._meta.verbose_name
        row = (
            f"new {name}"
            if index is None or index >= self.initial_form_count()
            else (f"{name} {index + 1}")
        )
        for field in form.fields.values():
            widget = field.widget
            if widget.is_hidden or isinstance(widget, forms.MultiWidget):
                continue
            label = field.label or ""
            widget.attrs.setdefault("aria-label", f"{label[:1].upper()}{label[1:]}, {row}")


class TableRowForm(forms.ModelForm):
    width = 2

    class Meta:
        model = TableRow
        fields = ["position", "cells"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cells"] = CellsField(self.width, label="Cells")

    def clean_cells(self):
        cells = self.cleaned_data["cells"]
        if not any(cells):
            raise forms.ValidationError("A row needs at least one non-empty cell.")
        return cells
