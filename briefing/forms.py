"""Admin forms: every table header and cell is its own text field."""

from django import forms

from briefing.models import Block, TableRow


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


class BlockForm(forms.ModelForm):
    class Meta:
        model = Block
        fields = ["lesson", "position", "kind", "text", "header", "shape"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["header"] = CellsField(
            column_count(self.instance if self.instance.pk else None),
            required=False,
            label="Header cells",
            help_text="A table's column headers.",
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Block.Kind.TABLE:
            if not any(cleaned.get("header") or []):
                self.add_error("header", "A table needs header cells.")
            if not cleaned.get("shape"):
                self.add_error("shape", "A table needs a shape.")
        else:
            cleaned["header"], cleaned["shape"] = [], ""
        if kind == Block.Kind.PARAGRAPH and not (cleaned.get("text") or "").strip():
            self.add_error("text", "A paragraph needs text.")
        return cleaned


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
