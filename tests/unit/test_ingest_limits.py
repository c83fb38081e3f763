"""The ingest limits and the linear-time rewrites keep every piece of text, or say why not."""

import pytest

from briefing.ingest import IngestError, ingest
from briefing.ingest.document import CleaningReport
from briefing.ingest.markdown import MAX_DELIMITERS, MAX_NESTING, MAX_QUOTE_DEPTH
from briefing.ingest.markup import (
    html_to_text,
    remove_footnote_markers,
    remove_template_tags,
)
from briefing.ingest.normalise import MAX_LIST_DEPTH
from briefing.ingest.plaintext import split_numbered
from tests.robustness.hostile import deep_list, deep_quotes, deep_text_list


def paragraphs(result) -> list[str]:
    return [block.text for lesson in result.document.lessons for block in lesson.blocks]


def list_depth(items) -> int:
    return 1 + max((list_depth(item.items) for item in items), default=0) if items else 0


def list_texts(items) -> list[str]:
    return [text for item in items for text in [item.text, *list_texts(item.items)]]


def test_forty_nested_quotes_keep_all_forty_paragraphs_with_a_warning():
    result = ingest(deep_quotes(40), filename="quotes.md")
    assert paragraphs(result) == [f"Paragraph at level {level}." for level in range(1, 41)]
    assert result.report.counts["quote_flattened"] > 0
    assert any(f"more than {MAX_QUOTE_DEPTH} deep" in w for w in result.report.warnings)


@pytest.mark.parametrize(("make", "filename"), [(deep_list, "x.md"), (deep_text_list, "x.txt")])
def test_a_list_nested_deeper_than_the_limit_keeps_every_item_at_the_deepest_level(make, filename):
    depth = MAX_LIST_DEPTH + 15
    result = ingest(make(depth), filename=filename)
    (items,) = [block.items for block in result.document.lessons[0].blocks if block.kind == "list"]
    assert list_depth(items) == MAX_LIST_DEPTH
    assert list_texts(items) == [f"Item at level {level}" for level in range(depth)]
    assert result.report.counts["list_flattened"] == 15
    assert any(f"more than {MAX_LIST_DEPTH} levels" in w for w in result.report.warnings)


def test_markdown_nested_past_what_the_parser_reads_is_reported_not_silently_dropped():
    result = ingest(deep_list(MAX_NESTING), filename="x.md")
    assert result.report.counts["nesting_too_deep"] == 1
    assert any("text deeper than that was left out" in w for w in result.report.warnings)


def test_markdown_made_mostly_of_delimiters_is_refused_with_the_count():
    with pytest.raises(IngestError, match="Markdown delimiters"):
        ingest(b"# T\n\n## L\n\n" + b"[" * (MAX_DELIMITERS + 1), filename="x.md")


@pytest.mark.parametrize(
    "fragment", ["<a" * 50, "<!--" * 50, "<![" * 20, "3 < 4 and 5 > 2", "a <b", "<!x <![<! <"]
)
def test_an_angle_bracket_that_opens_nothing_is_kept_as_text(fragment):
    assert html_to_text(fragment, CleaningReport()) == fragment


def test_angle_brackets_inside_a_tag_go_with_the_tag():
    assert html_to_text("a " + "</" * 50 + "> b", CleaningReport()) == "a b"


def test_complete_tags_and_comments_are_still_removed():
    text = html_to_text("a <b>bold</b> <!-- hidden <i>x</i> --> c &amp; d", CleaningReport())
    assert text == "a bold c & d"


def test_template_tags_without_a_closer_are_left_as_written():
    report = CleaningReport()
    text = "{% if x %}kept{% endif %} then {{ name }} and {%" * 3 + " {{ <% tail"
    cleaned = remove_template_tags(text, report)
    assert cleaned.endswith("{% {{ <% tail")
    assert "kept" in cleaned and "{{ name }}" not in cleaned


def test_a_superscript_marker_after_a_long_word_is_still_removed():
    report = CleaningReport()
    assert remove_footnote_markers("the treaty¹ and m²", report) == "the treaty and m²"


def test_numbered_items_on_one_line_are_split_in_order():
    assert split_numbered(1, "Plan. 3. Skip. 2. Build. 3. Ship.") == [
        "Plan. 3. Skip.",
        "Build.",
        "Ship.",
    ]
