"""Markdown into the same Document: title, lessons, lists, tables, inline markup."""

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.ingest import ingest
from briefing.ingest.document import (
    Code,
    Heading,
    IngestError,
    ItemList,
    ListItem,
    Paragraph,
    Table,
    Term,
    TermList,
)
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
    assert document.lessons[0].blocks == (Paragraph("Text a."), Heading("Detail", 4))


def test_deeper_headings_are_heading_blocks_and_preamble_an_introduction():
    text = "# T\n\nOpening.\n\n## L\n\n### Sub heading\n\nBody.\n\n##### Deep\n\nMore.\n"
    document, _ = parse(text)
    assert [lesson.title for lesson in document.lessons] == ["Introduction", "L"]
    assert document.lessons[1].blocks == (
        Heading("Sub heading", 3),
        Paragraph("Body."),
        Heading("Deep", 5),
        Paragraph("More."),
    )


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
        Paragraph("Some emphasis, bold, code, a link and an imagehtml across lines."),
    ]


def test_nested_lists_keep_their_nesting_and_full_text():
    text = (
        "## L\n\n- Alpha: First.\n  - Nested: Inside.\n    - Deeper\n- A plain item\n"
        "1. Ordered: Also a term.\n"
    )
    assert blocks(text) == [
        ItemList(
            (
                ListItem("Alpha: First.", (ListItem("Nested: Inside.", (ListItem("Deeper"),)),)),
                ListItem("A plain item"),
            ),
            ordered=False,
        ),
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
    assert document.lessons[0].blocks == (
        Paragraph("Quoted text."),
        Code("code here"),
        Paragraph("raw"),
    )
    assert report.counts == {"html_reduced": 2}


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


def test_heading_ids_and_attribute_lists_are_not_text():
    text = '## L\n\n### Review {#review}\n\nBody.\n{:.note}\n\n{:start="2"}\n2. Step\n'
    assert blocks(text) == [
        Heading("Review", 3),
        Paragraph("Body."),
        ItemList((ListItem("Step"),), ordered=True, start=2),
    ]


def test_text_after_a_nested_list_stays_after_it():
    text = "## L\n\n- Parent\n\n  - Child\n\n  Closing words.\n- Next\n"
    assert blocks(text) == [
        ItemList(
            (
                ListItem("Parent", (ListItem("Child"), ListItem("Closing words."))),
                ListItem("Next"),
            )
        )
    ]


def test_lettered_paragraphs_in_an_item_are_nested_items():
    text = "## L\n\n1.  Do this:\n\n    a.  First part.\n\n    b.  Second part.\n\n      * Detail\n"
    assert blocks(text) == [
        ItemList(
            (
                ListItem(
                    "Do this:",
                    (
                        ListItem("a. First part."),
                        ListItem("b. Second part.", (ListItem("Detail"),)),
                    ),
                ),
            ),
            ordered=True,
        )
    ]


@pytest.mark.parametrize(
    "item",
    [
        "- **Term**: text",
        "- **Term:** text",
        "- Term: text",
        "* Term – text",
        "- Term — text",
        "* **Term** : text",
        "* **Term**\u00a0: text",
        "- `Term` - text",
        "- **Term** = text",
        "- Term -- text",
    ],
)
def test_term_forms(item):
    text = f"## L\n\n{item}\n{item.replace('Term', 'Other')}\n"
    assert blocks(text) == [TermList((Term("Term", "text"), Term("Other", "text")))]


def test_a_mostly_term_list_keeps_its_plain_items_in_order():
    text = "## L\n\n- One: first.\n- Just words\n- Two: second.\n"
    _, report = parse(text)
    assert report.warnings == [
        "line 3: a list of mostly terms read as a term list; 1 item(s) without a term "
        "stay list items, such as “Just words”"
    ]
    assert blocks(text) == [
        TermList((Term("One", "first."),)),
        ItemList((ListItem("Just words"),)),
        TermList((Term("Two", "second."),)),
    ]


def test_a_mostly_plain_list_keeps_a_term_shaped_item_whole():
    text = "## L\n\n- Plain words\n- More words\n- Label: text\n"
    assert blocks(text) == [
        ItemList((ListItem("Plain words"), ListItem("More words"), ListItem("Label: text")))
    ]


def test_fenced_and_indented_code_keep_their_text_and_language():
    text = "## L\n\n```powershell extra\nGet-Thing `\n    -Name x\n```\n\n    indented  code\n"
    assert blocks(text) == [
        Code("Get-Thing `\n    -Name x", "powershell"),
        Code("indented  code", ""),
    ]


def test_front_matter_title_replaces_a_template_tag_heading():
    text = (
        "---\ntitle: Real title\nreview_in: 6 months\n---\n\n# <%= page.title %>\n\n## L\n\nText.\n"
    )
    document, report = parse(text)
    assert document.title == "Real title"
    assert [lesson.title for lesson in document.lessons] == ["L"]
    assert report.counts == {"front_matter": 1, "template_tag": 1}


def test_a_real_h1_wins_over_the_front_matter_title():
    document, _ = parse("---\ntitle: Front\n---\n# Heading title\n\n## L\n\nText.\n")
    assert document.title == "Heading title"


def test_front_matter_title_names_a_document_without_headings():
    document, _ = parse("---\ntitle: Simple words\n---\n\nText without headings.\n")
    assert document.title == "Simple words"
    assert document.lessons[0].title == "Simple words"
    assert document.lessons[0].blocks == (Paragraph("Text without headings."),)


def test_images_keep_their_alt_text_and_an_image_only_section_is_kept():
    text = "## A\n\n![A diagram of the flow](flow.png)\n\n## B\n\n![](img/chart.png)\n"
    document, report = parse(text)
    assert [lesson.blocks for lesson in document.lessons] == [
        (Paragraph("A diagram of the flow"),),
        (Paragraph("Image: chart.png"),),
    ]
    assert report.counts == {"image_without_text": 1}
    assert report.warnings == ["line 7: image without alt text kept as “Image: chart.png”"]


def test_line_breaks_in_paragraphs_and_cells_are_kept():
    text = (
        "## L\n\nFirst line<br>second line\\\nthird.\n\n"
        "| A | B |\n|---|---|\n| **Name**<br> what | x |\n"
    )
    assert blocks(text) == [
        Paragraph("First line\nsecond line\nthird."),
        Table(("A", "B"), (("Name\nwhat", "x"),)),
    ]


def test_footnotes_become_a_paragraph_at_the_end_of_their_lesson():
    text = (
        "## A\n\nClaim[^1] here.\n\nMore text.\n\n## B\n\nOther[^2].\n\n"
        "[^1]: First note.\n[^2]: Second *note*.\n"
    )
    document, report = parse(text)
    assert [lesson.blocks for lesson in document.lessons] == [
        (Paragraph("Claim here."), Paragraph("More text."), Paragraph("Notes:\nFirst note.")),
        (Paragraph("Other."), Paragraph("Notes:\nSecond note.")),
    ]
    assert report.counts == {"footnote_marker": 2, "footnote_moved": 2}


def test_superscript_footnotes_in_a_quote_move_to_the_end_of_the_lesson():
    text = "## A\n\nA claim&#185; made.\n\n> ¹ Source of the claim.\n\nLast paragraph.\n"
    assert blocks(text) == [
        Paragraph("A claim made."),
        Paragraph("Last paragraph."),
        Paragraph("Notes:\nSource of the claim."),
    ]


def test_github_alerts_keep_their_text_with_a_label():
    text = "## L\n\n> [!IMPORTANT]\n> **Only for ScubaGear.**\n"
    assert blocks(text) == [Paragraph("Important: Only for ScubaGear.")]


def test_backslash_escapes_give_the_literal_character():
    assert blocks("## L\n\n\\>/=7 people\\! \\*not emphasis\\*\n") == [
        Paragraph(">/=7 people! *not emphasis*")
    ]


def test_a_mostly_empty_header_over_a_bold_row_takes_that_row():
    text = (
        "## L\n\n| | | |\n|---|---|---|\n| **Name** | **Role** | **Team** |\n| Ann | Lead | A |\n"
    )
    document, report = parse(text)
    assert document.lessons[0].blocks == (Table(("Name", "Role", "Team"), (("Ann", "Lead", "A"),)),)
    assert report.counts == {"table_header_promoted": 1}


def test_an_empty_top_left_header_over_bold_labels_keeps_its_rows():
    text = (
        "## L\n\n| | Tock | HRLinks |\n|--|--|--|\n"
        "| **Level** | TTS | GSA |\n| **Goal** | a | b |\n"
    )
    assert blocks(text) == [
        Table(("", "Tock", "HRLinks"), (("Level", "TTS", "GSA"), ("Goal", "a", "b"))),
    ]


def test_continuation_rows_with_an_empty_first_cell_stay_rows():
    text = "## L\n\n|| Pros | Cons |\n| -- | -- | -- |\n| Mocks | Simple | Coupled |\n|| Fast | |\n"
    assert blocks(text) == [
        Table(("", "Pros", "Cons"), (("Mocks", "Simple", "Coupled"), ("", "Fast", ""))),
    ]


def test_pipe_lines_without_a_rule_are_a_table():
    text = "## L\n\n| **Version** | **Use** |\n| Affected | No[^1] |\n| Other | Yes\n\n[^1]: Why.\n"
    document, report = parse(text)
    assert document.lessons[0].blocks[0] == Table(
        ("Version", "Use"), (("Affected", "No"), ("Other", "Yes"))
    )
    assert report.warnings == [
        "line 3: lines starting with “|” without a ---|--- rule read as a table; "
        "its first line is the header"
    ]


def test_a_table_inside_a_list_item_splits_the_list_in_order():
    text = (
        "## L\n\n1. First\n2. Second\n\n   | A | B |\n   |---|---|\n   | x | y |\n\n"
        "   Note after the table.\n3. Third\n"
    )
    _, report = parse(text)
    assert report.warnings == [
        "line 6: a table inside a list item ends the list there; the list carries on after it"
    ]
    assert blocks(text) == [
        ItemList((ListItem("First"), ListItem("Second")), ordered=True),
        Table(("A", "B"), (("x", "y"),)),
        Paragraph("Note after the table."),
        ItemList((ListItem("Third"),), ordered=True, start=3),
    ]


def test_an_html_block_is_reduced_to_paragraphs():
    text = "## L\n\n<div>\n<p>One &amp; two</p>\n<script>x()</script>\n<p>Three</p>\n</div>\n"
    assert blocks(text) == [Paragraph("One & two"), Paragraph("Three")]


WORD_SET = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf")
WORDS = st.sampled_from(WORD_SET)
PHRASE = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
MARKDOWN_BLOCK = st.one_of(
    PHRASE,
    PHRASE.map(lambda words: f"### {words}"),
    PHRASE.map(lambda words: f"> {words}"),
    PHRASE.map(lambda words: f"*{words}* and **{words}**"),
    PHRASE.map(lambda words: f"[{words}](https://example.org)"),
    PHRASE.map(lambda words: f"{words}<br>{words}"),
    PHRASE.map(lambda words: f"```\n{words}\n```"),
    st.lists(PHRASE, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {i}" for i in items)),
    st.lists(PHRASE, min_size=1, max_size=3).map(
        lambda items: "\n".join(f"1. {i}\n   - {i}" for i in items)
    ),
    st.tuples(PHRASE, PHRASE).map(lambda pair: f"- {pair[0]}: {pair[1]}\n- {pair[1]}: {pair[0]}"),
    st.tuples(PHRASE, PHRASE).map(lambda pair: f"| {pair[0]} | x |\n|---|---|\n| {pair[1]} | y |"),
)
MARKDOWN_SECTION = st.tuples(PHRASE, st.lists(MARKDOWN_BLOCK, min_size=1, max_size=4)).map(
    lambda section: "\n\n".join([f"## {section[0]}", *section[1]])
)


def document_words(document):
    """Every word of a document in reading order, lower case, punctuation stripped."""
    parts = []
    for lesson in document.lessons:
        parts.append(lesson.title)
        for block in lesson.blocks:
            if isinstance(block, TermList):
                parts.extend(f"{term.term} {term.description}" for term in block.terms)
            elif isinstance(block, Table):
                parts.extend([*block.header, *(cell for row in block.rows for cell in row)])
            elif isinstance(block, ItemList):
                stack = list(reversed(block.items))
                while stack:
                    item = stack.pop()
                    parts.append(item.text)
                    stack.extend(reversed(item.items))
            else:
                parts.append(block.text)
    return [word.strip(":.,").lower() for word in " ".join(parts).split()]


def is_subsequence(needles, haystack):
    remaining = iter(haystack)
    return all(any(word == found for found in remaining) for word in needles)


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWN_SECTION, min_size=1, max_size=4).map("\n\n".join))
def test_no_word_is_lost_and_the_order_is_kept(text):
    document, _ = parse(text)
    source_words = [word for word in re.findall(r"[a-z]+", text) if word in WORD_SET]
    assert is_subsequence(source_words, document_words(document))


@pytest.mark.parametrize(
    "item",
    ["- `Term` - text", "- **Term** = text", "- **Term** : text", "- Term -- text"],
)
def test_both_front_ends_read_the_new_term_forms_alike(item):
    markdown, _ = parse_markdown(f"## L\n\n{item}\n")
    plain, _ = parse_plaintext(f"L\n{item}\n")
    assert markdown.lessons == plain.lessons
    assert markdown.lessons[0].blocks == (TermList((Term("Term", "text"),)),)


def test_normalise_keeps_cell_line_breaks_and_list_labels():
    text = (
        "## L\n\n| A | B |\n|---|---|\n| **Name**<br>  what   it  does | x |\n\n"
        "1. step\n\n   a. first part\n"
    )
    document = ingest(text.encode(), filename="a.md").document
    assert document.lessons[0].blocks == (
        Table(("A", "B"), (("Name\nwhat it does", "x"),)),
        ItemList((ListItem("step", (ListItem("a. first part"),)),), ordered=True),
    )


def test_a_heading_empty_once_its_tags_are_removed_starts_no_lesson():
    document, report = parse("## First\n\nOne.\n\n## {{ page.subtitle }}\n\nTwo.\n")
    assert [lesson.title for lesson in document.lessons] == ["First"]
    assert document.lessons[0].blocks == (Paragraph("One."), Paragraph("Two."))
    assert report.warnings == [
        "line 5: heading is empty once its markup is removed; its text stays in the lesson before"
    ]


def test_a_numbered_list_resuming_after_a_paragraph_keeps_its_numbers():
    text = "## L\n\n1. Plan\n2. Build\n\nA remark between.\n\n3. Ship\n4. Review\n"
    assert blocks(text) == [
        ItemList((ListItem("Plan"), ListItem("Build")), ordered=True),
        Paragraph("A remark between."),
        ItemList((ListItem("Ship"), ListItem("Review")), ordered=True, start=3),
    ]


@pytest.mark.parametrize(("marker", "start"), [("7.", 7), ("7)", 7), ("0.", 1), ("-", 1)])
def test_a_list_starts_at_its_first_number(marker, start):
    (block,) = blocks(f"## L\n\n{marker} Step\n")
    assert block.start == start


def test_a_list_carrying_on_after_a_code_block_numbers_the_item_it_continues():
    text = "## L\n\n4. First\n5. Second\n\n   ```\n   run\n   ```\n   - detail\n6. Third\n"
    assert blocks(text) == [
        ItemList((ListItem("First"), ListItem("Second")), ordered=True, start=4),
        Code("run"),
        ItemList((ListItem("", (ListItem("detail"),)), ListItem("Third")), ordered=True, start=5),
    ]


def test_plain_runs_between_term_lists_keep_their_numbers():
    text = (
        "## L\n\n1. Plan: the scope\n2. Then build\n3. Ship: the release\n4. Review: the result\n"
    )
    assert blocks(text) == [
        TermList((Term("Plan", "the scope"),)),
        ItemList((ListItem("Then build"),), ordered=True, start=2),
        TermList((Term("Ship", "the release"), Term("Review", "the result"))),
    ]


def test_a_kramdown_start_above_a_list_is_its_start():
    text = '## L\n\n1. Plan\n\nA remark.\n\n{:start="4"}\n1. Ship\n1. Review\n'
    assert blocks(text)[-1] == ItemList(
        (ListItem("Ship"), ListItem("Review")), ordered=True, start=4
    )


def test_normalising_keeps_a_list_start():
    document = ingest(b"## L\n\n5. step\n", filename="a.md").document
    assert document.lessons[0].blocks == (ItemList((ListItem("step"),), ordered=True, start=5),)


def test_a_footnote_reference_leaves_no_space_before_the_punctuation():
    document, _ = parse("## L\n\nUse the report template [^1].\n\n[^1]: A shared file.\n")
    assert document.lessons[0].blocks[0] == Paragraph("Use the report template.")
