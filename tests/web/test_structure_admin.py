"""The admin edits heading, list and code blocks, and a briefing's language."""

import pytest

from briefing.models import Block
from quizzes.models import Question
from tests.factories import (
    block_change_data,
    briefing_change_data,
    make_document,
    persist_document,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def briefing():
    return persist_document(make_document()).briefing


def change_url(block: Block) -> str:
    return f"/admin/briefing/block/{block.pk}/change/"


def post_block(admin_client, block: Block, **changes):
    return admin_client.post(change_url(block), block_change_data(block) | changes, follow=True)


# Only the fields that fit the kind


@pytest.mark.parametrize(
    ("kind", "shown", "hidden"),
    [
        ("paragraph", ["text"], ["level", "language", "items", "header_0", "shape"]),
        ("heading", ["text", "level"], ["language", "items", "ordered", "start", "header_0"]),
        ("code", ["text", "language"], ["level", "items", "ordered", "start", "header_0"]),
        ("list", ["items", "ordered", "start"], ["text", "level", "language", "header_0"]),
        ("table", ["header_0", "shape"], ["text", "level", "language", "items"]),
        ("term_list", ["terms-0-term"], ["text", "level", "language", "items", "header_0"]),
    ],
)
def test_a_blocks_page_shows_only_the_fields_of_its_kind(
    admin_client, briefing, kind, shown, hidden
):
    block = Block.objects.filter(kind=kind).first()
    html = admin_client.get(change_url(block)).content.decode()

    for name in shown:
        assert f'name="{name}"' in html, name
    for name in hidden:
        assert f'name="{name}"' not in html, name


def test_the_kind_of_an_existing_block_cannot_be_changed(admin_client, briefing):
    block = Block.objects.get(kind="heading", level=3)

    response = post_block(admin_client, block, kind="paragraph")

    assert response.status_code == 200
    block.refresh_from_db()
    assert block.kind == "heading"


# Lists as an indented outline


def test_a_list_is_shown_as_an_indented_outline(admin_client, briefing):
    block = Block.objects.get(kind="list", ordered=True)
    html = admin_client.get(change_url(block)).content.decode()

    assert (
        "Install the tools\nConfigure the account\n  Choose a name\n"
        "  Set a &lt;script&gt; password\nRun the checks</textarea>"
    ) in html


def test_editing_a_list_in_the_outline_saves_nested_items_and_regenerates(admin_client, briefing):
    block = Block.objects.get(kind="list", ordered=True)

    response = post_block(
        admin_client,
        block,
        items="First step\r\n  A detail\r\n    A finer detail\r\n\r\nSecond step\r\n",
    )

    assert "regenerated" in response.content.decode()
    block.refresh_from_db()
    assert (block.ordered, block.items) == (
        True,
        [
            {
                "text": "First step",
                "items": [{"text": "A detail", "items": [{"text": "A finer detail", "items": []}]}],
            },
            {"text": "Second step", "items": []},
        ],
    )


def test_unticking_ordered_makes_a_bulleted_list(admin_client, briefing):
    block = Block.objects.get(kind="list", ordered=True)
    data = block_change_data(block)
    del data["ordered"]

    admin_client.post(change_url(block), data)

    block.refresh_from_db()
    assert not block.ordered


def test_a_line_ending_in_a_backslash_goes_on_in_the_next_line(admin_client, briefing):
    block = Block.objects.get(kind="list", ordered=False)

    post_block(admin_client, block, items="Call the lead \\\n  then the scribe\nLog it")

    block.refresh_from_db()
    assert [item["text"] for item in block.items] == ["Call the lead \nthen the scribe", "Log it"]
    html = admin_client.get(change_url(block)).content.decode()
    assert "Call the lead \\\nthen the scribe\nLog it</textarea>" in html


@pytest.mark.parametrize(
    ("outline", "message"),
    [
        ("  Indented first\nSecond", "Line 1 is indented, but the first item cannot be"),
        ("First\n   Three spaces", "Line 2 is indented by 3 spaces: indent by two spaces"),
        ("First\n    Two levels at once", "Line 2 is indented more than one level"),
        ("First\n\tTabbed", "Line 2 is indented with a tab"),
        ("\n  \n", "A list needs at least one item."),
    ],
)
def test_an_outline_that_does_not_nest_gets_an_error_an_editor_understands(
    admin_client, briefing, outline, message
):
    block = Block.objects.get(kind="list", ordered=True)
    before = block.items

    response = post_block(admin_client, block, items=outline)

    assert message in response.content.decode()
    block.refresh_from_db()
    assert block.items == before


# Headings and code


@pytest.mark.parametrize(
    ("level", "message"),
    [
        ("7", "A heading&#x27;s level is 3 to 6: there is no level beyond 6."),
        ("2", "A heading&#x27;s level is 3 to 6: the lesson itself is level 2."),
        ("", "A heading needs a level from 3 to 6."),
    ],
)
def test_a_heading_level_outside_3_to_6_is_refused(admin_client, briefing, level, message):
    block = Block.objects.get(kind="heading", level=3)

    response = post_block(admin_client, block, level=level)

    assert message in response.content.decode()
    block.refresh_from_db()
    assert block.level == 3


@pytest.mark.parametrize(
    ("kind", "message"),
    [("heading", "A heading needs text."), ("code", "A code block needs text.")],
)
def test_a_heading_or_code_block_needs_text(admin_client, briefing, kind, message):
    block = Block.objects.filter(kind=kind).first()

    response = post_block(admin_client, block, text="  ")

    assert message in response.content.decode()
    block.refresh_from_db()
    assert block.text.strip()


def test_editing_a_heading_saves_its_text_and_level(admin_client, briefing):
    block = Block.objects.get(kind="heading", level=3)

    post_block(admin_client, block, text="Before You Start", level="4")

    block.refresh_from_db()
    assert (block.text, block.level) == ("Before You Start", 4)


def test_code_keeps_its_indentation_and_gets_unix_line_breaks(admin_client, briefing):
    block = Block.objects.get(kind="code")

    post_block(admin_client, block, text="    indented()\r\nback()", language="python")

    block.refresh_from_db()
    assert (block.text, block.language) == ("    indented()\nback()", "python")


def test_a_paragraph_still_loses_surrounding_spaces(admin_client, briefing):
    block = Block.objects.get(kind="paragraph", lesson__position=0)

    post_block(admin_client, block, text="  Read this.\r\nThen that.  ")

    block.refresh_from_db()
    assert block.text == "Read this.\nThen that."


# The briefing's language


def test_changing_the_language_regenerates_the_briefings_questions(admin_client, seed_briefing):
    question = Question.objects.filter(briefing=seed_briefing).first()
    question.delete()

    response = admin_client.post(
        f"/admin/briefing/briefing/{seed_briefing.pk}/change/",
        briefing_change_data(seed_briefing) | {"language": "fr"},
        follow=True,
    )

    assert "regenerated" in response.content.decode()
    seed_briefing.refresh_from_db()
    assert seed_briefing.language == "fr"
    assert Question.objects.filter(fingerprint=question.fingerprint).exists()


def test_saving_a_briefing_with_the_same_language_does_not_regenerate(admin_client, seed_briefing):
    question = Question.objects.filter(briefing=seed_briefing).first()
    question.delete()

    response = admin_client.post(
        f"/admin/briefing/briefing/{seed_briefing.pk}/change/",
        briefing_change_data(seed_briefing) | {"title": "A New Title"},
        follow=True,
    )

    assert "regenerated" not in response.content.decode()
    assert not Question.objects.filter(fingerprint=question.fingerprint).exists()


def test_a_new_heading_block_can_be_added(admin_client, briefing):
    lesson = briefing.lessons.get(position=1)
    assert admin_client.get("/admin/briefing/block/add/").status_code == 200

    response = admin_client.post(
        "/admin/briefing/block/add/",
        {"lesson": lesson.pk, "position": 3, "kind": "heading", "text": "Appendix", "level": 4},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    block = Block.objects.get(lesson=lesson, position=3)
    assert (block.kind, block.text, block.level, block.items) == ("heading", "Appendix", 4, [])
