"""The plain-text dialect: headings, term lists, tables, preamble, errors."""

import pytest

from briefing.ingest.document import (
    IngestError,
    ItemList,
    ListItem,
    Paragraph,
    Table,
    Term,
    TermList,
)
from briefing.ingest.plaintext import is_heading, parse_plaintext, split_row, split_term


def parse(text):
    return parse_plaintext(text)


def blocks(text):
    document, _ = parse(text)
    return [block for lesson in document.lessons for block in lesson.blocks]


@pytest.mark.parametrize(
    "line",
    [
        "Introduction",
        "Key Takeaways",
        "Recommendations for strengthening the U.S.-Iraq Partnership",
    ],
)
def test_heading_shapes(line):
    assert is_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "A sentence.",
        "Really?",
        "Wow!",
        "Includes:",
        "first; second;",
        "Trailing comma,",
        "He said “stop.”",
        "A | B",
        "- Term: description",
        "1. Numbered item",
        "---",
        "2024",
        "x" * 121,
    ],
)
def test_not_heading_shapes(line):
    assert not is_heading(line)


def test_heading_needs_text_after_it_and_may_be_followed_by_lower_case():
    document, _ = parse("Key Takeaways\nthe transition is done.\nThank you")
    assert [lesson.title for lesson in document.lessons] == ["Key Takeaways"]
    assert document.lessons[0].blocks == (
        Paragraph("the transition is done."),
        Paragraph("Thank you"),
    )
    assert document.title is None


def test_blank_lines_between_blocks_are_allowed():
    document, _ = parse("First\n\nSome text.\n\nSecond\n\nMore text.\n")
    assert [lesson.title for lesson in document.lessons] == ["First", "Second"]


@pytest.mark.parametrize(
    ("item", "term"),
    [
        (
            "Intelligence Sharing: Strengthening the exchange.",
            Term("Intelligence Sharing", "Strengthening the exchange."),
        ),
        ("**Bold Term**: described", Term("Bold Term", "described")),
        ("**Bold Term:** described", Term("Bold Term", "described")),
        ("Em Dash — described", Term("Em Dash", "described")),
        ("En Dash – described", Term("En Dash", "described")),
        ("Logistical Support:  Ensuring forces", Term("Logistical Support", "Ensuring forces")),
        ("Meeting at 10:30: in the hall", Term("Meeting at 10:30", "in the hall")),
    ],
)
def test_split_term(item, term):
    assert split_term(item) == term


@pytest.mark.parametrize(
    "item",
    [
        "A plain item without a separator",
        "See http://example.com for more",
        "Ends with colon:",
        "x" * 81 + ": too long a term",
        "12: numbers only",
    ],
)
def test_items_that_are_not_terms(item):
    assert split_term(item) is None


def test_a_mostly_term_run_is_a_term_list_and_its_other_items_lists():
    text = (
        "Lesson\n"
        "Key components include:\n"
        "- Intelligence Sharing: Strengthening exchange.\n"
        "* **Training**: Courses.\n"
        "\n"
        "+ Advice — Guidance.\n"
        "- A plain item\n"
        "• Logistics – Supplies.\n"
        "1. Numbered: Works too.\n"
    )
    assert blocks(text) == [
        Paragraph("Key components include:"),
        TermList(
            (
                Term("Intelligence Sharing", "Strengthening exchange."),
                Term("Training", "Courses."),
                Term("Advice", "Guidance."),
            )
        ),
        ItemList((ListItem("A plain item"),)),
        TermList((Term("Logistics", "Supplies."), Term("Numbered", "Works too."))),
    ]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("Focus Area | Action Plan |", ["Focus Area", "Action Plan"]),
        ("| Focus Area | Action Plan |", ["Focus Area", "Action Plan"]),
        ("Focus Area | Action Plan", ["Focus Area", "Action Plan"]),
        ("a \\| b | c", ["a | b", "c"]),
        ("a | b | |", ["a", "b", ""]),
    ],
)
def test_split_row(line, cells):
    assert split_row(line) == cells


def test_table_with_and_without_outer_pipes():
    text = "Lesson\nText:\nFocus Area | Action Plan |\n---|---|\nA | one |\n| B | two\nAfter.\n"
    assert blocks(text) == [
        Paragraph("Text:"),
        Table(("Focus Area", "Action Plan"), (("A", "one"), ("B", "two"))),
        Paragraph("After."),
    ]


def test_ragged_rows_are_fitted_and_reported_by_line():
    text = "Lesson\nA | B | C\n:--|:-:|--:\nshort |\nx | y | z | |\np | q | r | s\n"
    document, report = parse(text)
    table = document.lessons[0].blocks[0]
    assert table.rows == (("short", "", ""), ("x", "y", "z"), ("p", "q", "r | s"))
    assert report.counts == {"ragged_row": 3}
    assert report.warnings == [
        "line 4: table row has 1 of 3 columns; padded with empty cells",
        "line 5: empty cells after the last column dropped",
        "line 6: table row has 4 cells for 3 columns; "
        "the extra cells were joined into the last column",
    ]


def test_single_column_table_with_dash_rule():
    assert blocks("Lesson\nItems |\n---\nOne |\nTwo |\n") == [
        Table(("Items",), (("One",), ("Two",)))
    ]


def test_table_without_rows_is_skipped_with_a_warning():
    document, report = parse("Lesson\nText.\nA | B\n---|---\n")
    assert document.lessons[0].blocks == (Paragraph("Text."),)
    assert report.warnings == ["line 3: table has a header but no rows; skipped"]


def test_text_before_the_first_heading_becomes_an_introduction():
    document, _ = parse("Opening words.\nFirst\nBody.\n")
    assert [lesson.title for lesson in document.lessons] == ["Introduction", "First"]
    assert document.lessons[0].blocks == (Paragraph("Opening words."),)


def test_preamble_merges_into_a_lesson_called_introduction():
    document, _ = parse("Opening words.\nIntroduction\nBody.\n")
    assert [lesson.title for lesson in document.lessons] == ["Introduction"]
    assert document.lessons[0].blocks == (Paragraph("Opening words."), Paragraph("Body."))


def test_heading_without_text_is_skipped_with_a_warning():
    document, report = parse("Opening\nBody.\nPart One\nChapter\nBody.\n")
    assert [lesson.title for lesson in document.lessons] == ["Opening", "Chapter"]
    assert report.warnings == ["line 3: heading “Part One” has no text under it; skipped"]


def test_separators_are_skipped():
    assert blocks("Lesson\n-----\nText.\n***\n") == [Paragraph("Text.")]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "Lesson\nA | B\n---|---|---\nx | y\n",
            "the table rule has 3 columns but the header row above it has 2 columns",
            3,
        ),
        (
            "Lesson\nA | B\n---||---\nx | y\n",
            "malformed table rule “---||---”: every column needs dashes, as in ---|---",
            3,
        ),
        (
            "Lesson\nA | B\n---\nx | y\n",
            "the table rule has 1 column but the header row above it has 2 columns",
            3,
        ),
        ("Lesson\nText.\n|---|---|\n", "table rule without a header row above it", 3),
        (
            "Just one sentence.\nAnd another.",
            "no heading found: a plain-text briefing needs at least one heading, a short line "
            "without final punctuation followed by its text",
            None,
        ),
    ],
)
def test_errors(text, message, line):
    with pytest.raises(IngestError) as error:
        parse(text)
    assert error.value.message == message
    assert error.value.line == line
