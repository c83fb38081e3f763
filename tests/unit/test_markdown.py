"""Markdown into the same Document: title, lessons, lists, tables, inline markup."""

import pytest

from briefing.ingest.document import IngestError, Paragraph, Table, Term, TermList
from briefing.ingest.markdown import parse_markdown
from briefing.ingest.plaintext import parse_plaintext

MARKDOWN = """\
# Operation Briefing

## Shifting Strategies

The strategy changes. Key components include:

- **Intelligence Sharing**: Strengthening the exchange of intelligence.
- **Training:** Specialised courses.
- Resource Allocation: Ensuring logistical support.

| Focus Area | Action Plan |
|---|---|
| Counterterrorism | Joint exercises |
| Cyber \\| Space | Defensive protocols |

## Key Takeaways

The transition marks a shift.
"""

PLAIN_TWIN = """\
Shifting Strategies
The strategy changes. Key components include:
- Intelligence Sharing: Strengthening the exchange of intelligence.
- Training: Specialised courses.
- Resource Allocation: Ensuring logistical support.
Focus Area | Action Plan |
---|---|
Counterterrorism | Joint exercises |
Cyber \\| Space | Defensive protocols |
Key Takeaways
The transition marks a shift.
"""


def parse(text):
    return parse_markdown(text)


def blocks(text):
    document, _ = parse(text)
    return [block for lesson in document.lessons for block in lesson.blocks]


def test_title_lessons_and_blocks():
    document, report = parse(MARKDOWN)
    assert document.title == "Operation Briefing"
    assert [lesson.title for lesson in document.lessons] == ["Shifting Strategies", "Key Takeaways"]
    assert document.lessons[0].blocks == (
        Paragraph("The strategy changes. Key components include:"),
        TermList(
            (
                Term("Intelligence Sharing", "Strengthening the exchange of intelligence."),
                Term("Training", "Specialised courses."),
                Term("Resource Allocation", "Ensuring logistical support."),
            )
        ),
        Table(
            ("Focus Area", "Action Plan"),
            (("Counterterrorism", "Joint exercises"), ("Cyber | Space", "Defensive protocols")),
        ),
    )
    assert report.warnings == []


def test_markdown_and_its_plain_text_twin_give_the_same_lessons():
    markdown, _ = parse_markdown(MARKDOWN)
    plain, _ = parse_plaintext(PLAIN_TWIN)
    assert markdown.lessons == plain.lessons
    assert (markdown.title, plain.title) == ("Operation Briefing", None)


def test_several_h1_without_h2_are_lessons():
    document, _ = parse("# One\n\nText one.\n\n# Two\n\nText two.\n")
    assert document.title is None
    assert [lesson.title for lesson in document.lessons] == ["One", "Two"]


def test_a_single_h1_is_title_and_lesson():
    document, _ = parse("# Only\n\nText.\n")
    assert document.title == "Only"
    assert [lesson.title for lesson in document.lessons] == ["Only"]


def test_without_h1_or_h2_the_highest_level_makes_lessons():
    document, _ = parse("### A\n\nText a.\n\n#### Detail\n\n### B\n\nText b.\n")
    assert [lesson.title for lesson in document.lessons] == ["A", "B"]
    assert document.lessons[0].blocks == (Paragraph("Text a."), Paragraph("Detail"))


def test_deeper_headings_become_paragraphs_and_preamble_an_introduction():
    document, _ = parse("# T\n\nOpening.\n\n## L\n\n### Sub heading\n\nBody.\n")
    assert [lesson.title for lesson in document.lessons] == ["Introduction", "L"]
    assert document.lessons[1].blocks == (Paragraph("Sub heading"), Paragraph("Body."))


def test_setext_headings_count():
    document, _ = parse("Title\n=====\n\nLesson\n------\n\nBody.\n")
    assert document.title == "Title"
    assert [lesson.title for lesson in document.lessons] == ["Lesson"]


def test_inline_markup_is_reduced_to_plain_text():
    text = (
        "## L\n\nSome *emphasis*, **bold**, `code`, a [link](http://x.org) "
        "and ![an image](i.png)<b>html</b>\nacross lines.\n"
    )
    assert blocks(text) == [
        Paragraph("Some emphasis, bold, code, a link and html across lines."),
    ]


def test_lists_flatten_nested_items_and_keep_non_terms_as_paragraphs():
    text = (
        "## L\n\n- Alpha: First.\n  - Nested: Inside.\n- A plain item\n1. Ordered: Also a term.\n"
    )
    assert blocks(text) == [
        TermList((Term("Alpha", "First."), Term("Nested", "Inside."))),
        Paragraph("A plain item"),
        TermList((Term("Ordered", "Also a term."),)),
    ]


def test_loose_list_item_paragraphs_are_joined():
    text = "## L\n\n- Term: First part.\n\n  Second part.\n\n- Other: Text.\n"
    assert blocks(text) == [
        TermList((Term("Term", "First part. Second part."), Term("Other", "Text."))),
    ]


def test_ragged_rows_are_reported_and_extra_cells_kept():
    text = "## L\n\n| A | B |\n|---|---|\n| only |\n| x | y | *z* |\n"
    document, report = parse(text)
    assert document.lessons[0].blocks == (Table(("A", "B"), (("only", ""), ("x", "y | z"))),)
    assert report.counts == {"ragged_row": 2}
    assert report.warnings == [
        "line 5: table row has 1 of 2 columns; padded with empty cells",
        "line 6: table row has 3 cells for 2 columns; "
        "the extra cells were joined into the last column",
    ]


def test_table_in_a_block_quote():
    text = "## L\n\n> | A | B |\n> |---|---|\n> | x | y |\n"
    document, report = parse(text)
    assert document.lessons[0].blocks == (Table(("A", "B"), (("x", "y"),)),)
    assert report.warnings == []


def test_code_blocks_quotes_html_and_rules():
    text = "## L\n\n> Quoted text.\n\n```\ncode here\n```\n\n---\n\n<div>\nraw\n</div>\n"
    document, report = parse(text)
    assert document.lessons[0].blocks == (Paragraph("Quoted text."), Paragraph("code here"))
    assert report.warnings == ["line 11: HTML block skipped"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "## L\n\nText.\n\n| A | B |\n|---|---|---|\n| x | y |\n",
            "the table rule has 3 columns but the header row above it has 2 columns",
            6,
        ),
        (
            "## L\n\n| A | B |\n|---| |\n",
            "malformed table rule “|---| |”: every column needs dashes, as in ---|---",
            4,
        ),
        (
            "Plain words without any heading.\n",
            "no heading found: a Markdown briefing needs at least one # or ## heading",
            None,
        ),
        ("## A\n## B\n", "no heading has any text under it", 1),
    ],
)
def test_errors(text, message, line):
    with pytest.raises(IngestError) as error:
        parse(text)
    assert error.value.message == message
    assert error.value.line == line
