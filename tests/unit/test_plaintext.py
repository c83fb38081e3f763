"""The plain-text dialect: title, headings, lists, term lists, tables, preamble, errors."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from briefing.ingest.document import (
    Heading,
    IngestError,
    ItemList,
    ListItem,
    Paragraph,
    Table,
    Term,
    TermList,
)
from briefing.ingest.plaintext import (
    LIST_ITEM_RE,
    PREAMBLE_TITLE,
    is_heading,
    parse_plaintext,
    split_row,
    split_term,
)


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


def test_a_heading_right_under_a_heading_is_a_sub_heading_of_its_lesson():
    document, report = parse("Opening\nBody.\nPart One\nChapter\nBody.\nPart Two\nMore.\n")
    assert [lesson.title for lesson in document.lessons] == ["Opening", "Part One", "Part Two"]
    assert document.lessons[1].blocks == (Heading("Chapter", 3), Paragraph("Body."))
    assert report.counts == {"heading_nested": 1}
    assert report.warnings == [
        "line 4: “Chapter” follows the heading “Part One” with no text between; "
        "kept as a sub-heading of that lesson"
    ]


def test_heading_without_text_is_skipped_with_a_warning():
    document, report = parse("Opening\nBody.\nPart One\nA | B\n---|---\n")
    assert [lesson.title for lesson in document.lessons] == ["Opening"]
    assert report.warnings == [
        "line 4: table has a header but no rows; skipped",
        "line 3: heading “Part One” has no text under it; skipped",
    ]


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


def test_a_header_row_over_a_rule_starts_a_new_table_even_right_after_a_row():
    text = "Lesson\nA | B |\n---|---|\na1 | b1 |\nC | D |\n---|---|\nc1 | d1 |\nc2 | d2 |\n"
    document, report = parse(text)
    assert document.lessons[0].blocks == (
        Table(("A", "B"), (("a1", "b1"),)),
        Table(("C", "D"), (("c1", "d1"), ("c2", "d2"))),
    )
    assert report.counts == {"table_split": 1}
    assert report.warnings == ["line 5: a new table starts here (a header row over a ---|--- rule)"]


def test_rows_without_a_rule_under_them_stay_in_one_table():
    document, report = parse("Lesson\nA | B |\n---|---|\na1 | b1 |\nC | D |\nc1 | d1 |\n")
    assert document.lessons[0].blocks == (
        Table(("A", "B"), (("a1", "b1"), ("C", "D"), ("c1", "d1"))),
    )
    assert "table_split" not in report.counts


def test_a_header_with_a_leading_pipe_and_one_cell_less_than_its_rule_has_an_empty_corner():
    text = "Lesson\n | Tock | HRLinks |\n---|---|---|\nLevel | TTS | GSA |\n"
    assert blocks(text) == [Table(("", "Tock", "HRLinks"), (("Level", "TTS", "GSA"),))]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "One two three four five six seven eight nine ten eleven twelve thirteen",
            "it has more than 12 words",
        ),
        (
            "Given the initial context…, Then the precise outcome",
            "it opens like a scenario step (“Given”)",
        ),
        ("When the user saves the form", "it opens like a scenario step (“When”)"),
        ("Then the record is stored", "it opens like a scenario step (“Then”)"),
        ("Example: a quick start", "it opens with a label (“Example:”)"),
        ("Note: read this first", "it opens with a label (“Note:”)"),
        ("If the server fails, then restart it", "a comma ends a clause and more words follow"),
        (
            "As the partnership grows stronger, Iraqi forces take the lead",
            "a comma ends a clause and more words follow",
        ),
    ],
)
def test_a_line_shaped_like_a_heading_that_reads_like_a_sentence_is_a_paragraph(line, reason):
    document, report = parse(f"Lesson\nText.\n{line}\nMore text.\n")
    assert [lesson.title for lesson in document.lessons] == ["Lesson"]
    assert document.lessons[0].blocks == (
        Paragraph("Text."),
        Paragraph(line),
        Paragraph("More text."),
    )
    assert report.counts == {"heading_rejected": 1}
    assert report.warnings == [f"line 3: “{line}” kept as text: {reason}"]


@pytest.mark.parametrize(
    "line",
    [
        "One two three four five six seven eight nine ten eleven twelve",
        "When to escalate an incident",
        "Lessons, Quizzes and Progress",
        "Planning and Budgeting, Training and Review",
        "Examples of good practice",
        "Step 1: Plan Your Configuration",
    ],
)
def test_a_line_that_reads_like_a_heading_starts_a_lesson(line):
    document, report = parse(f"Lesson\nText.\n{line}\nMore text.\n")
    assert [lesson.title for lesson in document.lessons] == ["Lesson", line]
    assert "heading_rejected" not in report.counts


def test_numbered_lines_form_an_ordered_list():
    text = "Lesson\nThe steps:\n1. Understand the criteria\n2. Write the plan\n\n3) Review it\n"
    assert blocks(text) == [
        Paragraph("The steps:"),
        ItemList(
            (
                ListItem("Understand the criteria"),
                ListItem("Write the plan"),
                ListItem("Review it"),
            ),
            ordered=True,
        ),
    ]


def test_bulleted_lines_without_terms_form_an_unordered_list():
    text = "Lesson\nInclude:\n- Automated configuration\n* Built-in validation\n\n• Less risk\n"
    assert blocks(text) == [
        Paragraph("Include:"),
        ItemList(
            (
                ListItem("Automated configuration"),
                ListItem("Built-in validation"),
                ListItem("Less risk"),
            )
        ),
    ]


def test_a_change_between_numbers_and_bullets_starts_a_new_list():
    assert blocks("Lesson\n1. First step\n- A remark\n2. Second step\n") == [
        ItemList((ListItem("First step"),), ordered=True),
        ItemList((ListItem("A remark"),)),
        ItemList((ListItem("Second step"),), ordered=True, start=2),
    ]


def test_indented_items_nest_under_the_item_above_them():
    text = (
        "Lesson\n"
        "1. Prepare\n"
        "  - Read the brief\n"
        "    - Twice\n"
        "  - Ask questions\n"
        "2. Deliver\n"
        " - One space is not nesting\n"
    )
    assert blocks(text) == [
        ItemList(
            (
                ListItem(
                    "Prepare",
                    (ListItem("Read the brief", (ListItem("Twice"),)), ListItem("Ask questions")),
                ),
                ListItem("Deliver"),
            ),
            ordered=True,
        ),
        ItemList((ListItem("One space is not nesting"),)),
    ]


def test_a_run_of_half_terms_or_fewer_is_a_list_that_keeps_the_term_text():
    text = "Lesson\n- Alpha: first\n- Plain item\n- Another plain item\n- Beta: second\n"
    assert blocks(text) == [
        ItemList(
            (
                ListItem("Alpha: first"),
                ListItem("Plain item"),
                ListItem("Another plain item"),
                ListItem("Beta: second"),
            )
        )
    ]


def test_a_term_with_nested_items_is_followed_by_their_list():
    text = "Lesson\n- Alpha: first\n  - detail one\n  - detail two\n- Beta: second\n"
    assert blocks(text) == [
        TermList((Term("Alpha", "first"),)),
        ItemList((ListItem("detail one"), ListItem("detail two"))),
        TermList((Term("Beta", "second"),)),
    ]


def test_the_first_line_is_the_title_when_a_heading_follows_it():
    document, report = parse("Field Guide\nFirst Part\nSome text.\n")
    assert document.title == "Field Guide"
    assert [lesson.title for lesson in document.lessons] == ["First Part"]
    assert report.warnings == []


@pytest.mark.parametrize(
    "text",
    [
        "Introduction\nSome text.\nSecond\nMore text.\n",
        "Field Guide\nGiven the context, then the outcome\nSome text.\n",
        "Field Guide.\nFirst Part\nSome text.\n",
        "Given a user\nFirst Part\nSome text.\n",
    ],
)
def test_the_first_line_is_no_title_unless_it_and_the_next_read_as_headings(text):
    document, _ = parse(text)
    assert document.title is None


def test_a_flattened_front_matter_line_gives_the_title_and_the_rest_is_dropped():
    document, report = parse("title: Using Tock cspell: ignore Tocks\nIntro text.\nPart\nBody.\n")
    assert document.title == "Using Tock"
    assert document.lessons[0].blocks == (Paragraph("Intro text."),)
    assert report.counts == {"front_matter": 1}
    assert report.warnings == [
        "line 1: front matter line read as the title; “cspell: ignore Tocks” dropped"
    ]


def test_a_title_line_is_front_matter_only_as_the_first_line():
    document, report = parse("Part\nBody.\ntitle: not a title.\n")
    assert document.title is None
    assert document.lessons[0].blocks == (Paragraph("Body."), Paragraph("title: not a title."))
    assert report.counts == {}


VOCABULARY = [
    "Alpha Heading",
    "Beta section two",
    "A sentence ends here.",
    "Given the context, then the outcome",
    "Note: remember this",
    "- plain item one",
    "  - nested item",
    "    * deeper item",
    "1. first step",
    "2) second step",
    "- Term One: described here",
    "* Term Two — also described",
    "Col A | Col B |\n---|---|",
    "Col A | Col B |",
    "x1 | y1 |",
    "| x2 | y2",
    "p | q | r",
    "",
    "---",
    "one two three four five six seven eight nine ten eleven twelve thirteen",
]
WORD_RE = re.compile(r"\w+")
SKIPPED_RE = re.compile(r"^line (\d+): (?:heading .* has no text under it|table has a header)")


def output_words(document):
    parts = [document.title or ""]
    for lesson in document.lessons:
        if lesson.title != PREAMBLE_TITLE:
            parts.append(lesson.title)
        for block in lesson.blocks:
            parts.extend(block_texts(block))
    return WORD_RE.findall(" ".join(parts))


def block_texts(block):
    if isinstance(block, Paragraph | Heading):
        return [block.text]
    if isinstance(block, TermList):
        return [f"{term.term} {term.description}" for term in block.terms]
    if isinstance(block, Table):
        return [*block.header, *(cell for row in block.rows for cell in row)]
    return list(item_texts(block.items))


def item_texts(items):
    for item in items:
        yield item.text
        yield from item_texts(item.items)


@settings(deadline=None, max_examples=300)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=30).map("\n".join))
def test_no_text_is_lost_and_the_order_is_kept(text):
    try:
        document, report = parse(text)
    except IngestError:
        return
    lines = text.split("\n")
    skipped = {int(match[1]) for match in map(SKIPPED_RE.match, report.warnings) if match}
    expected = [
        word
        for number, line in enumerate(lines, start=1)
        if number not in skipped
        for word in WORD_RE.findall(LIST_ITEM_RE.sub(r"\g<body>", line.strip()))
    ]
    assert output_words(document) == expected


def test_a_numbered_line_holding_the_next_numbers_is_split_into_items():
    document, report = parse("Lesson\n2. Check the budget. 3. Approve it (in writing) 4. Log it\n")
    assert document.lessons[0].blocks == (
        ItemList(
            (
                ListItem("Check the budget."),
                ListItem("Approve it (in writing)"),
                ListItem("Log it"),
            ),
            ordered=True,
            start=2,
        ),
    )
    assert report.counts == {"list_items_split": 2}
    assert report.warnings == ["line 2: one line held 3 numbered items; split"]


@pytest.mark.parametrize(
    "line", ["1. Set the limit to 2. Then restart", "1. Plan it. 3. Not the next number"]
)
def test_a_number_inside_an_item_that_is_not_the_next_after_a_sentence_stays(line):
    document, report = parse(f"Lesson\n{line}\n")
    assert document.lessons[0].blocks == (ItemList((ListItem(line[3:]),), ordered=True),)
    assert report.counts == {}


def test_markup_is_reduced_to_text_as_in_markdown():
    text = (
        "Billing\n"
        "{% alert %}Tock by Friday &amp; on time.{% endalert %}\n"
        '- Ask in {% slack_channel "#tock" %}\n'
        "- Read the <a href='/x'>guide</a>\n"
        "  - <sup>1</sup>nested\n"
    )
    document, report = parse_plaintext(text)
    blocks = document.lessons[0].blocks
    assert blocks[0] == Paragraph("Tock by Friday & on time.")
    assert blocks[1] == ItemList(
        (ListItem("Ask in #tock"), ListItem("Read the guide", (ListItem("nested"),)))
    )
    assert report.counts["template_tag"] == 3
    assert report.counts["html_reduced"] >= 2


def test_a_bare_less_than_and_ampersand_are_text_not_markup():
    text = "Limits\nKeep x < 5 and R&D small.\n"
    document, report = parse_plaintext(text)
    assert document.lessons[0].blocks == (Paragraph("Keep x < 5 and R&D small."),)
    assert "html_reduced" not in report.counts


def test_a_numbered_list_resuming_after_a_paragraph_keeps_its_numbers():
    assert blocks("Lesson\n1. Plan\n2. Build\nA remark between.\n3. Ship\n4. Review\n") == [
        ItemList((ListItem("Plan"), ListItem("Build")), ordered=True),
        Paragraph("A remark between."),
        ItemList((ListItem("Ship"), ListItem("Review")), ordered=True, start=3),
    ]


@pytest.mark.parametrize(("marker", "start"), [("7.", 7), ("7)", 7), ("0.", 1), ("-", 1)])
def test_a_list_starts_at_its_first_number(marker, start):
    (block,) = blocks(f"Lesson\n{marker} Step\n")
    assert block.start == start


def test_a_kramdown_start_above_a_numbered_list_is_its_start():
    assert blocks('Lesson\n{:start="4"}\n1. Ship\n2. Review\n') == [
        ItemList((ListItem("Ship"), ListItem("Review")), ordered=True, start=4),
    ]
