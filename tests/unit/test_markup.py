"""Markup reduced to the author's text: front matter, template tags, HTML, footnote marks."""

import pytest

from briefing.ingest.document import CleaningReport
from briefing.ingest.markup import (
    clean_text,
    defined_footnotes,
    footnote_definition,
    html_to_text,
    remove_attribute_lists,
    remove_footnote_markers,
    remove_template_tags,
    replace_alert_marker,
    split_front_matter,
)


def test_front_matter_title_is_returned_and_the_rest_reported():
    report = CleaningReport()
    text, title = split_front_matter(
        "---\ntitle: How to manage incidents\nreview_in: 6 months\nowner: ops\n---\n\n# Body\n",
        report,
    )
    assert title == "How to manage incidents"
    assert text == "\n" * 5 + "\n# Body\n"
    assert report.counts == {"front_matter": 2}
    assert report.samples[0].before == "review_in, owner"


def test_text_without_front_matter_is_unchanged():
    report = CleaningReport()
    text = "# Title\n\n---\n\ntext\n"
    assert split_front_matter(text, report) == (text, None)
    assert report.counts == {}


def test_malformed_front_matter_is_dropped_with_a_warning():
    report = CleaningReport()
    text, title = split_front_matter("---\ntitle: [unclosed\n---\nBody\n", report)
    assert (text, title) == ("\n\n\nBody\n", None)
    assert report.warnings[0].startswith("line 1: front matter is not valid YAML")


def test_block_tags_keep_their_text_and_comments_drop_theirs():
    report = CleaningReport()
    text = (
        "{% alert %}\n  Inside the alert.\n{% endalert %}\n"
        "{% comment %}\nHidden note.\n{% endcomment %}\nAfter.\n"
    )
    assert remove_template_tags(text, report) == "\n  Inside the alert.\n\n\n\n\nAfter.\n"
    assert report.counts == {"template_tag": 3}


def test_link_target_tags_keep_the_link_and_quoted_tags_their_argument():
    report = CleaningReport()
    text = (
        '[Calendar]({% page "tools/calendar" %}) and {% slack_channel "#dev" %} '
        '{% include "x.html" %}{{ site.baseurl }}<%= data.title %><% if x %>end'
    )
    assert remove_template_tags(text, report) == "[Calendar](#) and #dev end"
    assert report.counts == {"template_tag": 6}


def test_template_tags_in_fenced_code_are_left_as_written():
    report = CleaningReport()
    text = "```\n{{ keep }}\n```\n{{ drop }}\n"
    assert remove_template_tags(text, report) == "```\n{{ keep }}\n```\n\n"


def test_attribute_lists_and_heading_ids_are_removed():
    report = CleaningReport()
    text = '{:start="2"}\n2. Item\n## Review {#supervisor-review}\nSee {#not-a-heading}\n'
    assert remove_attribute_lists(text, report) == ("\n2. Item\n## Review\nSee {#not-a-heading}\n")
    assert report.counts == {"attribute_list": 2}


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("Name<br> description", "Name\ndescription"),
        ("a<br/>b<BR />c", "a\nb\nc"),
        ("<ul><li>One</li><li>Two</li></ul>", "One\nTwo"),
        ("<p>First</p><p>Second</p>", "First\n\nSecond"),
        ("Text<sup>1</sup> more", "Text more"),
        ("Role<sup>Also works</sup>", "RoleAlso works"),
        ("<script>alert(1)</script>Kept<!-- note --><style>p{}</style>", "Kept"),
        ("AT&amp;T &#185; &eacute;", "AT&T ¹ é"),
    ],
)
def test_html_is_reduced_to_its_text(fragment, expected):
    assert html_to_text(fragment, CleaningReport()) == expected


def test_html_reduction_is_reported():
    report = CleaningReport()
    html_to_text("A &amp; B<br>C<sup>2</sup>", report)
    assert report.counts == {"html_reduced": 3, "footnote_marker": 1, "entity": 1}


def test_plain_text_is_not_reported_as_html():
    report = CleaningReport()
    assert html_to_text("no markup here", report) == "no markup here"
    assert report.counts == {}


def test_footnote_references_and_superscript_marks_are_removed():
    report = CleaningReport()
    text = "Disconnected,¹ as required[^8] by the directive² and 10 m² of floor."
    assert remove_footnote_markers(text, report) == (
        "Disconnected, as required by the directive and 10 m² of floor."
    )
    assert report.counts == {"footnote_marker": 3}


def test_superscripts_after_short_words_stay_unless_defined():
    report = CleaningReport()
    assert remove_footnote_markers("Area in km² and x³.", report) == "Area in km² and x³."
    assert remove_footnote_markers("Seen in km³.", report, frozenset({"3"})) == "Seen in km."


def test_defined_footnotes_and_their_definitions():
    assert defined_footnotes("Text¹.\n\n> ¹ The note.\n> &#178; Other.\n") == {"1", "2"}
    assert footnote_definition("¹ The note.") == "The note."
    assert footnote_definition("The text¹.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[!NOTE]\nRead this.", "Note: Read this."),
        ("[!important] Careful.", "Important: Careful."),
        ("[!NOTE]", "Note:"),
        ("A [!NOTE] later.", "A [!NOTE] later."),
    ],
)
def test_github_alert_markers(text, expected):
    assert replace_alert_marker(text) == expected


def test_clean_text_combines_the_reductions():
    report = CleaningReport()
    assert clean_text("[!TIP] Use <b>this</b>[^1] &amp; that  too", report) == (
        "Tip: Use this & that too"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{:start="4"}\n1. Item\n', "\n4. Item\n"),
        ("{: .steps start='4'}\n   1) Item\n", "\n   4) Item\n"),
        ('{:start="4"}\n\n1. Item\n', "\n\n1. Item\n"),
        ('{:start="4"}\n- Item\n', "\n- Item\n"),
        ("{:.note}\n1. Item\n", "\n1. Item\n"),
    ],
)
def test_a_kramdown_start_numbers_the_item_right_below_it(text, expected):
    assert remove_attribute_lists(text, CleaningReport()) == expected
