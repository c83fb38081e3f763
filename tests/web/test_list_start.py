"""A numbered list's first number (``start``): stored, re-imported, exchanged, shown and edited."""

from dataclasses import replace

import pytest
from django.core.management import CommandError

from briefing.models import Block, Briefing
from tests.factories import block_change_data, make_document, persist_document
from tests.web.test_structure_blocks import squeezed, with_blocks
from tests.web.test_structure_exchange import export, import_file, lesson_file

pytestmark = pytest.mark.django_db


def starting_at(start: int):
    """``make_document()`` with its numbered list (lesson 0, block 2) starting at ``start``."""
    document = make_document()
    blocks = list(document.lessons[0].blocks)
    blocks[2] = replace(blocks[2], start=start)
    return with_blocks(document, 0, *blocks)


def numbered_list() -> Block:
    return Block.objects.get(kind="list", ordered=True)


# Database


def test_a_start_is_stored_and_rebuilt():
    briefing = persist_document(starting_at(5)).briefing

    assert numbered_list().start == 5
    assert briefing.to_document() == starting_at(5)


def test_a_changed_start_updates_the_same_block_and_says_so():
    outcome = persist_document(make_document())
    block = numbered_list()

    again = persist_document(starting_at(5), outcome.briefing)

    assert (numbered_list().pk, numbered_list().start) == (block.pk, 5)
    assert again.changes == ["list 3 of “Getting Started” updated"]


def test_a_list_imported_before_starts_existed_is_not_taken_for_an_admin_edit():
    """Its digest was made of items and ordered only: a start of 1 leaves it as it was."""
    outcome = persist_document(make_document())
    block = numbered_list()

    again = persist_document(make_document(), outcome.briefing)

    assert numbered_list().imported_hash == block.imported_hash
    assert (again.changes, again.overwritten_edits) == ([], [])


def test_reimport_reports_an_admin_edit_of_a_start_it_overwrites():
    outcome = persist_document(make_document())
    Block.objects.filter(pk=numbered_list().pk).update(start=4)

    again = persist_document(make_document(), outcome.briefing)

    assert numbered_list().start == 1
    assert again.overwritten_edits == [
        "list 3 of “Getting Started”: the admin's “numbered from 4: Install the tools; "
        "Configure the account (Choose a name; Set a <script> password); Run the checks” became "
        "“numbered: Install the tools; Configure the account (Choose a name; "
        "Set a <script> password); Run the checks”"
    ]


# YAML exchange


def test_yaml_writes_a_start_only_when_it_is_not_1_and_reads_it_back(tmp_path):
    briefing = persist_document(starting_at(5)).briefing
    first = export(briefing.slug, tmp_path / "first.yaml")
    Briefing.objects.all().delete()

    import_file(tmp_path / "first.yaml")

    assert export(briefing.slug, tmp_path / "second.yaml")["lessons"] == first["lessons"]
    assert first["lessons"][0]["blocks"][2]["start"] == 5
    assert "start" not in first["lessons"][1]["blocks"][2]
    assert Briefing.objects.get().to_document() == starting_at(5)


def test_a_yaml_list_without_start_starts_at_1(write_file):
    import_file(write_file("a.yaml", lesson_file("  - {kind: list, ordered: true, items: []}\n")))

    assert numbered_list().start == 1


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("0", ":9: lessons[0].blocks[1].start: 0 is not a list's first number "
         "(a whole number from 1 to 999999999)"),
        ("-3", "lessons[0].blocks[1].start: -3 is not a list's first number"),
        ("1000000000", "start: 1000000000 is not a list's first number"),
        ("five", "lessons[0].blocks[1].start: expected a whole number, found text"),
        ("2.5", "lessons[0].blocks[1].start: expected a whole number, found a number"),
        ("true", "lessons[0].blocks[1].start: expected a whole number, found true or false"),
    ],
)  # fmt: skip
def test_a_bad_yaml_start_gets_a_clear_error(write_file, start, expected):
    block = f"  - {{kind: list, ordered: true, start: {start}, items: [{{text: a}}]}}\n"

    with pytest.raises(CommandError) as error:
        import_file(write_file("bad.yaml", lesson_file(block)))

    assert expected in str(error.value)
    assert not Briefing.objects.exists()


# The lesson page


def test_a_numbered_list_not_starting_at_1_says_where_it_starts(client):
    lesson = persist_document(starting_at(5)).briefing.lessons.get(position=0)

    html = squeezed(client.get(lesson.get_absolute_url()).content.decode())

    assert '<ol id="block-2" start="5" class="item-list">' in html
    assert html.count("start=") == 1  # the nested list has no number of its own


def test_a_list_starting_at_1_has_no_start_attribute(client):
    lesson = persist_document(make_document()).briefing.lessons.get(position=0)

    html = client.get(lesson.get_absolute_url()).content.decode()

    assert '<ol id="block-2" class="item-list">' in html
    assert "start=" not in html


# The admin


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def change_url(block: Block) -> str:
    return f"/admin/briefing/block/{block.pk}/change/"


def test_the_admin_sets_a_lists_first_number(admin_client):
    persist_document(make_document())
    block = numbered_list()

    admin_client.post(change_url(block), block_change_data(block) | {"start": "5"})

    block.refresh_from_db()
    assert block.start == 5


def test_an_empty_first_number_in_the_admin_is_1(admin_client):
    persist_document(starting_at(5))
    block = numbered_list()

    admin_client.post(change_url(block), block_change_data(block) | {"start": ""})

    block.refresh_from_db()
    assert block.start == 1


def test_the_admin_refuses_a_first_number_below_1(admin_client):
    persist_document(starting_at(5))
    block = numbered_list()

    response = admin_client.post(change_url(block), block_change_data(block) | {"start": "0"})

    assert "A numbered list starts at 1 or later." in response.content.decode()
    block.refresh_from_db()
    assert block.start == 5
