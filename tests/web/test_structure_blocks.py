"""Heading, list and code blocks: stored, re-imported in place, and shown on the lesson page."""

import re
from dataclasses import replace

import pytest

from briefing.importing import document_summary
from briefing.ingest.document import Heading, ItemList, Lesson, ListItem, Paragraph
from briefing.models import Block
from tests.factories import make_document, persist_document

pytestmark = pytest.mark.django_db


def with_blocks(document, lesson_index: int, *blocks):
    """``document`` with the blocks of one lesson replaced."""
    lessons = list(document.lessons)
    lessons[lesson_index] = replace(lessons[lesson_index], blocks=tuple(blocks))
    return replace(document, lessons=tuple(lessons))


def squeezed(html: str) -> str:
    """The HTML with the whitespace between tags removed, to assert on nesting."""
    return re.sub(r">\s+<", "><", html)


# Persistence


def test_every_kind_of_block_is_stored_and_rebuilt_unchanged():
    briefing = persist_document(make_document()).briefing

    assert briefing.to_document() == make_document()
    heading = Block.objects.get(kind="heading", text="Deeper Detail")
    assert heading.level == 5
    numbered = Block.objects.get(kind="list", ordered=True)
    assert numbered.items[1] == {
        "text": "Configure the account",
        "items": [
            {"text": "Choose a name", "items": []},
            {"text": "Set a <script> password", "items": []},
        ],
    }
    code = Block.objects.get(kind="code")
    assert (code.text, code.language) == ("make check\nmake run", "shell")


def test_summary_counts_headings_lists_items_and_code_only_when_present():
    summary = document_summary(make_document())
    plain = document_summary(make_document(lessons=(Lesson("Only", (Paragraph("Text."),)),)))

    assert (summary["headings"], summary["lists"], summary["list items"]) == (2, 2, 7)
    assert summary["code blocks"] == 1
    assert list(plain) == ["lessons", "paragraphs", "term lists", "terms", "tables", "rows"]


def test_changed_list_item_updates_the_same_block_and_says_so():
    outcome = persist_document(make_document())
    block = Block.objects.get(kind="list", ordered=True)
    document = make_document()
    lesson = document.lessons[0]
    changed_list = ItemList(
        (
            ListItem("Install the tools"),
            ListItem("Configure the account", (ListItem("Choose a short name"),)),
            ListItem("Run the checks"),
        ),
        ordered=True,
    )
    blocks = list(lesson.blocks)
    blocks[2] = changed_list

    again = persist_document(with_blocks(document, 0, *blocks), outcome.briefing)

    block.refresh_from_db()
    assert Block.objects.filter(kind="list", ordered=True).get().pk == block.pk
    assert block.items[1]["items"] == [{"text": "Choose a short name", "items": []}]
    assert "list 3 of “Getting Started” updated" in again.changes


def test_changed_heading_level_updates_in_place_and_unchanged_blocks_stay_put():
    outcome = persist_document(make_document())
    ids = dict(Block.objects.filter(lesson__position=0).values_list("position", "pk"))
    blocks = list(make_document().lessons[0].blocks)
    blocks[1] = Heading("Before You Begin", 4)

    again = persist_document(with_blocks(make_document(), 0, *blocks), outcome.briefing)

    assert dict(Block.objects.filter(lesson__position=0).values_list("position", "pk")) == ids
    assert Block.objects.get(pk=ids[1]).level == 4
    assert again.changes == ["heading 2 of “Getting Started” updated"]


def test_reimport_reports_an_admin_edit_of_a_list_it_overwrites():
    outcome = persist_document(make_document())
    block = Block.objects.get(kind="list", ordered=False)
    block.items = [{"text": "An editor's bullet", "items": []}]
    block.save()

    again = persist_document(make_document(), outcome.briefing)

    block.refresh_from_db()
    assert block.items[0]["text"] == "Plain bullet"
    assert again.overwritten_edits == [
        "list 3 of “Reference”: the admin's “bulleted: An editor's bullet” became "
        "“bulleted: Plain bullet; Another bullet”"
    ]


def test_reimport_reports_an_admin_edit_of_code_it_overwrites():
    outcome = persist_document(make_document())
    Block.objects.filter(kind="code").update(text="make all")

    again = persist_document(make_document(), outcome.briefing)

    assert Block.objects.get(kind="code").text == "make check\nmake run"
    assert len(again.overwritten_edits) == 1
    assert "the admin's “make all (shell)”" in again.overwritten_edits[0]


def test_a_block_that_changes_kind_is_replaced_not_reused():
    outcome = persist_document(make_document())
    heading = Block.objects.get(kind="heading", text="Before You Begin")
    blocks = list(make_document().lessons[0].blocks)
    blocks[1] = Paragraph("Before You Begin")

    persist_document(with_blocks(make_document(), 0, *blocks), outcome.briefing)

    assert not Block.objects.filter(pk=heading.pk).exists()
    assert Block.objects.get(lesson__position=0, position=1).kind == "paragraph"


# The lesson page


@pytest.fixture
def lesson_html(client):
    briefing = persist_document(make_document()).briefing

    def render(position: int = 0) -> str:
        lesson = briefing.lessons.get(position=position)
        response = client.get(lesson.get_absolute_url())
        assert response.status_code == 200
        return squeezed(response.content.decode())

    return render


def test_headings_are_h3_to_h6_with_anchors(lesson_html):
    html = lesson_html()

    assert '<h3 id="block-1" class="block-heading">Before You Begin</h3>' in html
    assert '<h5 id="block-3" class="block-heading">Deeper Detail</h5>' in html


@pytest.mark.parametrize(("level", "tag"), [(None, "h3"), (2, "h3"), (6, "h6"), (9, "h6")])
def test_heading_levels_outside_3_to_6_are_clamped(client, level, tag):
    lesson = persist_document(make_document()).briefing.lessons.get(position=0)
    Block.objects.filter(lesson=lesson, position=1).update(level=level)

    html = client.get(lesson.get_absolute_url()).content.decode()

    assert f'<{tag} id="block-1" class="block-heading">Before You Begin</{tag}>' in html


def test_lists_are_nested_ol_and_ul_in_source_order(lesson_html):
    html = lesson_html()

    assert (
        '<ol id="block-2" class="item-list"><li>Install the tools</li>'
        '<li>Configure the account<ul class="item-list"><li>Choose a name</li>'
        "<li>Set a &lt;script&gt; password</li></ul></li><li>Run the checks</li></ol>"
    ) in html
    assert (
        '<ul id="block-2" class="item-list"><li>Plain bullet</li><li>Another bullet</li></ul>'
        in lesson_html(position=1)
    )


def test_code_is_pre_code_with_its_language_and_line_breaks(lesson_html):
    html = lesson_html()

    assert (
        '<pre id="block-4" class="code" tabindex="0" data-language="shell">'
        '<code class="language-shell">make check\nmake run</code></pre>'
    ) in html


def test_line_breaks_in_paragraphs_descriptions_and_cells_are_br(lesson_html):
    first, second = lesson_html(), lesson_html(position=1)

    assert '<p id="block-0">Read this first.<br>Then read the rest.</p>' in first
    assert "<dd>Steps for an incident.<br>Kept up to date.</dd>" in second
    assert "<td>Decides<br>and reports</td>" in second


def test_new_blocks_and_line_breaks_stay_escaped(client):
    lesson = persist_document(make_document()).briefing.lessons.get(position=0)
    Block.objects.filter(lesson=lesson, position=0).update(text="<b>bold</b>\n<script>x</script>")
    Block.objects.filter(lesson=lesson, position=1).update(text="<i>heading</i>")
    Block.objects.filter(lesson=lesson, position=4).update(
        text="<script>alert(1)</script>", language='x" onclick="y'
    )

    html = client.get(lesson.get_absolute_url()).content.decode()

    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0]
    assert "&lt;b&gt;bold&lt;/b&gt;<br>&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;i&gt;heading&lt;/i&gt;</h3>" in html
    assert 'data-language="x&quot; onclick=&quot;y"' in html
    assert "<code" in html and "&lt;script&gt;alert(1)&lt;/script&gt;</code>" in html


def test_lesson_query_count_does_not_grow_with_new_blocks(client, django_assert_max_num_queries):
    """Lists live in a JSON field and headings and code in the block row: no query per item."""
    briefing = persist_document(make_document()).briefing
    for lesson in briefing.lessons.all():
        with django_assert_max_num_queries(6):
            response = client.get(lesson.get_absolute_url())
        assert response.status_code == 200
