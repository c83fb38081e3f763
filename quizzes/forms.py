"""The question editor of the admin: one form per kind, so nobody types JSON.

``QuestionForm`` is the question's change form. Its kind's editor (``EDITORS``)
shows the question's ``options`` and ``answer`` as rows of fields (options with
a "correct" radio, pairs, groups and items, accepted answers, steps) and builds
them back from the rows. The rules an answer must follow stay in
``Question.clean`` (``answer_shape_errors``); an editor only adds what its own
layout needs ("mark exactly one option as correct", "pair 2 needs both sides").
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.forms import formset_factory

from quizzes.models import Question

MAX_ROWS = 30  # per editor table: more is a mistake (or a forged form)
# The kinds as an editor calls them.
KIND_NAMES = {
    "choice": "multiple-choice",
    "true_false": "true/false",
    "match": "matching",
    "categorize": "sorting",
    "cloze": "fill-in-the-blank",
    "ordering": "ordering",
}


class NoWidget(forms.Widget):
    """Renders nothing and reads nothing: for a field that only carries errors."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        return ""

    def value_from_datadict(self, data, files, name) -> None:
        return None

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False


class EditorData(forms.Field):
    """``options`` and ``answer`` as form fields that the editor fills, never typed.

    They exist so that ``Question.clean``'s errors about them have a place to go:
    the editor shows them above its rows.
    """

    widget = NoWidget

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False  # ``QuestionForm.changed_data`` compares what the editor built


def text_field(label: str, *, rows: int = 0) -> forms.CharField:
    """An optional text field; a textarea of ``rows`` lines when ``rows`` is given."""
    widget = (
        forms.Textarea(attrs={"rows": rows, "cols": 40}) if rows else forms.TextInput({"size": 40})
    )
    return forms.CharField(label=label, required=False, widget=widget)


def one_line(value: str) -> str:
    """Browsers send a textarea's line breaks as CRLF; the stored texts use LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


class RowForm(forms.Form):
    """One row of an editor table. Every field is optional: an empty row is no row."""

    # {field name: the row's accessible label, with {n} for the row's number}
    aria_labels: dict[str, str] = {}

    def texts(self) -> dict[str, str]:
        return {
            name: one_line(value)
            for name, value in self.cleaned_data.items()
            if isinstance(value, str) and name in self.aria_labels
        }

    def is_blank(self) -> bool:
        return not any(self.texts().values())


class OptionRow(RowForm):
    text = text_field("Option", rows=3)
    feedback = text_field("Feedback when chosen wrongly", rows=3)
    aria_labels = {"text": "Option {n}", "feedback": "Feedback for option {n}"}


class PairRow(RowForm):
    left = text_field("Item", rows=2)
    right = text_field("Its match", rows=2)
    aria_labels = {"left": "Item of pair {n}", "right": "Match of pair {n}"}


class GroupRow(RowForm):
    name = text_field("Group")
    aria_labels = {"name": "Group {n}"}


class ItemRow(RowForm):
    text = text_field("Item", rows=2)
    group = forms.CharField(label="Group", required=False, widget=forms.Select)
    aria_labels = {"text": "Item {n}", "group": "Group of item {n}"}

    def __init__(self, *args, groups: list[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].widget.choices = [("", "Choose a group…"), *groups]


class AnswerRow(RowForm):
    text = text_field("Accepted answer")
    aria_labels = {"text": "Accepted answer {n}"}


class StepRow(RowForm):
    text = text_field("Step", rows=2)
    aria_labels = {"text": "Step {n}"}


class RowFormSet(forms.BaseFormSet):
    """Rows labelled for screen readers ("Option 2"), since the table's headers are not labels."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        number = "new" if index is None else index + 1
        for name, label in form.aria_labels.items():
            form.fields[name].widget.attrs["aria-label"] = label.format(n=number)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = "Position"
            form.fields["ORDER"].widget.attrs.update(
                {"aria-label": f"Position of step {number}", "min": 1, "size": 3}
            )


def rows(form: type[RowForm], *, extra: int, minimum: int, can_order: bool = False):
    """A formset class of ``form`` rows: ``extra`` empty ones, at least ``minimum`` in all."""
    formset = formset_factory(
        form,
        formset=RowFormSet,
        extra=extra,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
        can_order=can_order,
    )
    formset.minimum = minimum
    return formset


OptionRows = rows(OptionRow, extra=2, minimum=4)
PairRows = rows(PairRow, extra=2, minimum=4)
GroupRows = rows(GroupRow, extra=1, minimum=2)
ItemRows = rows(ItemRow, extra=2, minimum=4)
AnswerRows = rows(AnswerRow, extra=2, minimum=2)
StepRows = rows(StepRow, extra=2, minimum=4, can_order=True)


@dataclass
class Row:
    """A row as the editor's template shows it."""

    form: RowForm
    number: int
    invalid: bool = False
    correct: bool = False  # choice: this option's radio is checked


class EditorError(Exception):
    """What the rows say is wrong, in an editor's words."""


class Editor:
    """One question kind's rows: shown from a question, read back into options and answer."""

    kind: str
    title: str
    help: str = "Leave a row empty to remove it; save to get more empty rows."

    def __init__(self, data, question: Question) -> None:
        self.data = data
        stored = question.kind == self.kind and question.pk is not None
        self.options = question.options if stored and isinstance(question.options, list) else []
        self.answer = question.answer if stored else None
        self.messages: list[str] = []
        self.invalid_rows: set[tuple[str, int]] = set()
        self.setup()

    def setup(self) -> None:
        raise NotImplementedError

    @property
    def prefix(self) -> str:
        return self.kind.replace("_", "-")

    @property
    def kind_label(self) -> str:
        return KIND_NAMES[self.kind]

    def rows_of(self, formset: type[forms.BaseFormSet], initial: list[dict], prefix: str, **kwargs):
        """A bound or unbound formset of ``initial`` rows, padded with empty ones to a
        kind's usual size (a new choice question starts with four options)."""
        extra = max(formset.extra, formset.minimum - len(initial))
        sized = type(formset.__name__, (formset,), {"extra": extra})
        return sized(self.data, initial=initial, prefix=f"{self.prefix}-{prefix}", **kwargs)

    def option_texts(self) -> list[str]:
        return [str(option.get("text", "")) for option in self.options if isinstance(option, dict)]

    def build(self) -> tuple[list, object] | None:
        """The question's options and answer from the rows; None once ``messages`` say why not."""
        try:
            built = self.read()
        except EditorError as error:
            self.messages.append(str(error))
            return None
        return None if self.messages else built

    def read(self) -> tuple[list, object]:
        """Read the rows; ``fail`` notes each problem, ``EditorError`` stops at once."""
        raise NotImplementedError

    def check_rows(self, formset: forms.BaseFormSet, name: str) -> list[tuple[int, dict]]:
        """The non-blank rows of a formset as (index, texts); raises for a forged form."""
        if not formset.is_valid():
            errors = list(formset.non_form_errors())
            for index, form in enumerate(formset.forms):
                for field_errors in form.errors.values():
                    errors.extend(f"Row {index + 1}: {message}" for message in field_errors)
                    self.invalid_rows.add((name, index))
            raise EditorError(" ".join(errors) or "These rows could not be read.")
        return [
            (index, form.texts())
            for index, form in enumerate(formset.forms)
            if form.cleaned_data and not form.is_blank()
        ]

    def fail(self, message: str, *rows: tuple[str, int]) -> None:
        """Note a problem, and the rows it is about, and read on."""
        self.messages.append(message)
        self.invalid_rows.update(rows)

    def table(self, formset: forms.BaseFormSet, name: str) -> list[Row]:
        return [
            Row(form, index + 1, invalid=(name, index) in self.invalid_rows)
            for index, form in enumerate(formset.forms)
        ]

    def repeated(self, texts: list[tuple[int, str]], what: str, name: str) -> None:
        """Fail on two rows with the same text (case and spacing aside)."""
        seen: dict[str, int] = {}
        for index, text in texts:
            key = " ".join(text.casefold().split())
            if key in seen:
                self.fail(
                    f"{what} {seen[key] + 1} and {index + 1} read the same (“{text}”): "
                    "each must be different.",
                    (name, seen[key]),
                    (name, index),
                )
            else:
                seen[key] = index


class ChoiceEditor(Editor):
    kind = "choice"
    title = "Options"
    help = (
        "Mark the right option as correct. The feedback of a wrong option is what a "
        "learner who picks it reads. Leave a row empty to remove it; save to get more "
        "empty rows."
    )

    def setup(self) -> None:
        initial = [
            {"text": option.get("text", ""), "feedback": option.get("feedback", "")}
            for option in self.options
            if isinstance(option, dict)
        ]
        self.formset = self.rows_of(OptionRows, initial, "option")
        self.correct_name = f"{self.prefix}-correct"
        if self.data is not None:
            self.correct = self.data.get(self.correct_name)
        else:
            texts = self.option_texts()
            self.correct = str(texts.index(self.answer)) if self.answer in texts else None

    def rows(self) -> list[Row]:
        shown = self.table(self.formset, "option")
        for row in shown:
            row.correct = self.correct == str(row.number - 1)
        return shown

    def read(self) -> tuple[list, object]:
        filled = self.check_rows(self.formset, "option")
        marked = int(self.correct) if (self.correct or "").isdecimal() else None
        options, answer = [], None
        for index, form in enumerate(self.formset.forms):
            texts = form.texts() if form.cleaned_data else {}
            if texts.get("text"):
                continue
            if texts.get("feedback"):
                self.fail(
                    f"Option {index + 1} has feedback but no text: give it a text, "
                    "or clear its feedback to remove it.",
                    ("option", index),
                )
            if marked == index:
                self.fail(
                    f"Option {index + 1} is marked as correct but has no text.", ("option", index)
                )
        for index, texts in filled:
            if not texts["text"]:
                continue
            options.append({"text": texts["text"], "feedback": texts["feedback"]})
            if marked == index:
                answer = texts["text"]
        if marked is None or marked >= len(self.formset.forms):
            self.fail("Mark exactly one option as correct.")
        return options, answer


class TrueFalseForm(forms.Form):
    answer = forms.ChoiceField(
        label="The statement is",
        choices=[("true", "True"), ("false", "False")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the statement is true or false."},
    )
    feedback_true = text_field("Feedback for a learner who answers “True”", rows=2)
    feedback_false = text_field("Feedback for a learner who answers “False”", rows=2)


class TrueFalseEditor(Editor):
    kind = "true_false"
    title = "True or false"
    help = "The feedback of the wrong answer is what a learner who gives it reads."

    def setup(self) -> None:
        feedback = {
            option.get("text"): option.get("feedback", "")
            for option in self.options
            if isinstance(option, dict)
        }
        initial = {
            "feedback_true": feedback.get("True", ""),
            "feedback_false": feedback.get("False", ""),
        }
        if isinstance(self.answer, bool):
            initial["answer"] = "true" if self.answer else "false"
        self.form = TrueFalseForm(self.data, initial=initial, prefix=self.prefix)

    def read(self) -> tuple[list, object]:
        if not self.form.is_valid():
            raise EditorError(" ".join(m for errors in self.form.errors.values() for m in errors))
        data = self.form.cleaned_data
        feedback = {
            "True": one_line(data["feedback_true"]),
            "False": one_line(data["feedback_false"]),
        }
        # Keep the stored order of the two options (the learner sees them shuffled anyway).
        order = [text for text in self.option_texts() if text in feedback] or ["True", "False"]
        options = [{"text": text, "feedback": feedback[text]} for text in order]
        return options, data["answer"] == "true"


class MatchEditor(Editor):
    kind = "match"
    title = "Pairs"
    help = (
        "Each item and the text it matches. Learners see the matches shuffled in one list; "
        "two items may share a match. Leave a row empty to remove it; save to get more "
        "empty rows."
    )

    def setup(self) -> None:
        pairs = self.answer.items() if isinstance(self.answer, dict) else ()
        initial = [{"left": left, "right": right} for left, right in pairs]
        self.formset = self.rows_of(PairRows, initial, "pair")

    def rows(self) -> list[Row]:
        return self.table(self.formset, "pair")

    def read(self) -> tuple[list, object]:
        filled = self.check_rows(self.formset, "pair")
        for index, texts in filled:
            if not (texts["left"] and texts["right"]):
                self.fail(f"Pair {index + 1} needs both an item and its match.", ("pair", index))
        self.repeated(
            [(i, t["left"]) for i, t in filled if t["left"]], "The items of pairs", "pair"
        )
        return [], {texts["left"]: texts["right"] for _, texts in filled}


class CategorizeEditor(Editor):
    kind = "categorize"
    title = "Groups and items"
    help = (
        "The groups a learner sorts the items into, then each item with its group. To add "
        "a group, type it in the empty group row and save: it is then offered for the "
        "items. Leave a row empty to remove it."
    )

    def setup(self) -> None:
        stored_groups = self.option_texts() or sorted(
            set(self.answer.values()) if isinstance(self.answer, dict) else (), key=str
        )
        self.groups = self.rows_of(GroupRows, [{"name": name} for name in stored_groups], "group")
        names = self.posted_group_names() if self.data is not None else stored_groups
        choices = [(str(index), name) for index, name in enumerate(names) if name]
        position = {name: str(index) for index, name in enumerate(stored_groups)}
        items = self.answer.items() if isinstance(self.answer, dict) else ()
        self.items = self.rows_of(
            ItemRows,
            [{"text": item, "group": position.get(group, "")} for item, group in items],
            "item",
            form_kwargs={"groups": choices},
        )

    def posted_group_names(self) -> list[str]:
        """The group rows as posted, before validation: the items' select offers them."""
        total = self.data.get(f"{self.groups.prefix}-TOTAL_FORMS", "")
        count = min(int(total), MAX_ROWS) if total.isdecimal() else 0
        return [
            one_line(self.data.get(f"{self.groups.prefix}-{index}-name", ""))
            for index in range(count)
        ]

    def group_rows(self) -> list[Row]:
        return self.table(self.groups, "group")

    def item_rows(self) -> list[Row]:
        return self.table(self.items, "item")

    def read(self) -> tuple[list, object]:
        groups = dict(self.check_rows(self.groups, "group"))
        items = self.check_rows(self.items, "item")
        self.repeated([(i, t["text"]) for i, t in items if t["text"]], "Items", "item")
        answer = {}
        for index, texts in items:
            group = texts["group"]
            if not texts["text"]:
                self.fail(f"Item {index + 1} has a group but no text.", ("item", index))
            elif not group:
                self.fail(
                    f"Choose a group for item {index + 1} (“{texts['text']}”).", ("item", index)
                )
            elif not group.isdecimal() or int(group) not in groups:
                self.fail(
                    f"Item {index + 1} (“{texts['text']}”) is in a group that is now empty: "
                    "choose another group.",
                    ("item", index),
                )
            else:
                answer[texts["text"]] = groups[int(group)]["name"]
        feedback = {
            option.get("text"): option.get("feedback", "")
            for option in self.options
            if isinstance(option, dict)
        }
        options = [
            {"text": texts["name"], "feedback": feedback.get(texts["name"], "")}
            for texts in groups.values()
        ]
        return options, answer


class ClozeEditor(Editor):
    kind = "cloze"
    title = "Accepted answers"
    help = (
        "Show the blank in the prompt as ____ (four underscores). A learner's answer is "
        "right when it matches one of these, ignoring case, spacing and punctuation. "
        "Leave a row empty to remove it."
    )

    def setup(self) -> None:
        accepted = self.answer if isinstance(self.answer, list) else []
        self.formset = self.rows_of(AnswerRows, [{"text": text} for text in accepted], "answer")

    def rows(self) -> list[Row]:
        return self.table(self.formset, "answer")

    def read(self) -> tuple[list, object]:
        filled = self.check_rows(self.formset, "answer")
        if not filled:
            raise EditorError("Give at least one accepted answer.")
        return [], [texts["text"] for _, texts in filled]


class OrderingEditor(Editor):
    kind = "ordering"
    title = "Steps"
    help = (
        "The steps in their right order (learners see them shuffled). To move a step, "
        "change its position. Leave a row empty to remove it."
    )

    def setup(self) -> None:
        steps = self.answer if isinstance(self.answer, list) else []
        self.formset = self.rows_of(StepRows, [{"text": step} for step in steps], "step")

    def rows(self) -> list[Row]:
        return self.table(self.formset, "step")

    def read(self) -> tuple[list, object]:
        self.check_rows(self.formset, "step")  # raises for rows that cannot be read
        steps = [
            one_line(form.cleaned_data.get("text", ""))
            for form in self.formset.ordered_forms
            if not form.is_blank()
        ]
        return [], steps


EDITORS: dict[str, type[Editor]] = {
    editor.kind: editor
    for editor in (
        ChoiceEditor,
        TrueFalseEditor,
        MatchEditor,
        CategorizeEditor,
        ClozeEditor,
        OrderingEditor,
    )
}


class QuestionForm(forms.ModelForm):
    """A question's change form: prompt and explanation as text, the answer as its kind's rows.

    A new question shows every kind's editor (a script keeps the chosen kind's in
    view); a saved question's kind is fixed, so it shows only its own.
    """

    options = EditorData()
    answer = EditorData()

    class Meta:
        model = Question
        # Not ``options`` and ``answer``: the declared fields above stand for them.
        fields = [
            "quiz",
            "kind",
            "prompt",
            "explanation",
            "origin",
            "active",
            "source_changed",
            "source_block",
            "source_row",
            "source_term",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stored = copy.deepcopy((self.instance.options, self.instance.answer))
        self.editor_failed = False
        data = self.data if self.is_bound else None
        kinds = [self.instance.kind] if self.instance.pk else list(EDITORS)
        self.selected_kind = (
            self.instance.kind
            if self.instance.pk
            else (data.get(self.add_prefix("kind")) if data is not None else self["kind"].value())
        )
        self.editors = {
            kind: EDITORS[kind](data, self.instance) for kind in kinds if kind in EDITORS
        }
        if "prompt" in self.fields:
            self.fields["prompt"].widget.attrs["rows"] = 3
        if "kind" in self.fields:
            self.fields["kind"].help_text = "The rows for its answer follow the prompt."

    def editor_list(self) -> Iterator[Editor]:
        return iter(self.editors.values())

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") if "kind" in self.fields else self.instance.kind
        editor = self.editors.get(kind)
        if editor is None:
            return cleaned  # the kind itself is in error
        built = editor.build()
        if built is None:
            self.editor_failed = True
            self.add_error("answer", editor.messages)
        else:
            self.instance.options, self.instance.answer = built
        return cleaned

    def _post_clean(self) -> None:
        # The editor's own messages say what is wrong with the rows; the model's
        # checks of options and answer would only repeat them in other words.
        if not self.editor_failed:
            super()._post_clean()

    @property
    def changed_data(self) -> list[str]:
        changed = list(super().changed_data)
        if self.is_bound and not self.editor_failed and hasattr(self, "cleaned_data"):
            options, answer = self.stored
            if self.instance.options != options:
                changed.append("options")
            if self.instance.answer != answer:
                changed.append("answer")
        return changed
