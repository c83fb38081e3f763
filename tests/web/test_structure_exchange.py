"""The YAML exchange format, version 2: heading, list and code blocks and the language."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from briefing.models import Block, Briefing
from quizzes.sync import sync_quizzes
from tests.factories import make_document, persist_document

pytestmark = pytest.mark.django_db


def export(slug: str, path) -> dict:
    call_command("export_briefing", slug, "-o", str(path), stderr=StringIO())
    data = yaml.safe_load(path.read_text())
    data.pop("exported_at")
    return data


def import_file(path) -> str:
    out = StringIO()
    call_command("import_briefing", str(path), stdout=out)
    return out.getvalue()


def test_round_trip_keeps_every_kind_of_block_and_the_language(tmp_path):
    briefing = persist_document(make_document()).briefing
    briefing.language = "fr"
    briefing.source_name, briefing.source_sha256 = "field-manual.md", "0" * 64
    briefing.save()
    sync_quizzes(briefing=briefing)  # its questions in its language, as the admin does
    first = export(briefing.slug, tmp_path / "first.yaml")
    Briefing.objects.all().delete()

    import_file(tmp_path / "first.yaml")
    again = export(briefing.slug, tmp_path / "second.yaml")

    assert again == first
    assert (first["version"], first["language"]) == (2, "fr")
    assert first["lessons"][0]["blocks"] == [
        {"kind": "paragraph", "text": "Read this first.\nThen read the rest."},
        {"kind": "heading", "level": 3, "text": "Before You Begin"},
        {
            "kind": "list",
            "ordered": True,
            "items": [
                {"text": "Install the tools", "items": []},
                {
                    "text": "Configure the account",
                    "items": [
                        {"text": "Choose a name", "items": []},
                        {"text": "Set a <script> password", "items": []},
                    ],
                },
                {"text": "Run the checks", "items": []},
            ],
        },
        {"kind": "heading", "level": 5, "text": "Deeper Detail"},
        {"kind": "code", "language": "shell", "text": "make check\nmake run"},
    ]
    assert Briefing.objects.get().to_document() == make_document()


def test_texts_of_several_lines_are_written_as_literal_blocks(tmp_path):
    briefing = persist_document(make_document()).briefing
    path = tmp_path / "out.yaml"
    call_command("export_briefing", briefing.slug, "-o", str(path), stderr=StringIO())
    text = path.read_text()

    assert "text: |-\n      make check\n      make run\n" in text


VERSION_1 = """\
version: 1
title: Old Export
slug: old-export
lessons:
- slug: basics
  title: Basics
  blocks:
  - {kind: paragraph, text: Plain words.}
  - kind: term_list
    terms: [{term: Rota, description: Who is on call.}]
  - {kind: table, shape: key_value, header: [Role, Duty], rows: [[Lead, Decides]]}
"""


def test_a_version_1_file_still_imports_with_the_default_language(write_file):
    import_file(write_file("old.yaml", VERSION_1))

    briefing = Briefing.objects.get(slug="old-export")
    assert briefing.language == "en"
    assert list(Block.objects.order_by("position").values_list("kind", flat=True)) == [
        "paragraph",
        "term_list",
        "table",
    ]


def test_a_file_without_language_keeps_the_briefings_language(write_file):
    import_file(write_file("old.yaml", VERSION_1))
    Briefing.objects.update(language="fr")

    import_file(write_file("old.yaml", VERSION_1.replace("Plain words.", "Other words.")))

    assert Briefing.objects.get().language == "fr"


def lesson_file(block: str, *, version: int = 2, head: str = "") -> str:
    return (
        f"version: {version}\ntitle: T\n{head}lessons:\n- slug: a\n  title: A\n  blocks:\n"
        f"  - kind: paragraph\n    text: First.\n{block}"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            lesson_file("  - {kind: heading, level: 7, text: Deep}\n"),
            ":9: lessons[0].blocks[1].level: 7 is not a heading level from 3 to 6",
        ),
        (
            lesson_file("  - {kind: heading, level: 2, text: Lesson}\n"),
            "level: 2 is not a heading level from 3 to 6 (a lesson is level 2)",
        ),
        (
            lesson_file("  - {kind: heading, level: three, text: Deep}\n"),
            "lessons[0].blocks[1].level: expected a whole number, found text",
        ),
        (
            lesson_file("  - {kind: heading, level: true, text: Deep}\n"),
            "level: expected a whole number, found true or false",
        ),
        (
            lesson_file("  - {kind: heading, level: 3}\n"),
            "lessons[0].blocks[1].text: expected text, found nothing",
        ),
        (
            lesson_file("  - kind: list\n    items: {text: a}\n"),
            ":9: lessons[0].blocks[1].items: expected a list, found a mapping",
        ),
        (
            lesson_file("  - kind: list\n    ordered: yes please\n    items: []\n"),
            "lessons[0].blocks[1].ordered: expected true or false, found text",
        ),
        (
            lesson_file("  - kind: list\n    items:\n    - text: a\n    - items: []\n"),
            ":12: lessons[0].blocks[1].items[1].text: expected text, found nothing",
        ),
        (
            lesson_file(
                "  - kind: list\n    items:\n    - text: a\n      items:\n"
                "      - text: [not, text]\n"
            ),
            ":13: lessons[0].blocks[1].items[0].items[0].text: expected text, found a list",
        ),
        (
            lesson_file("  - kind: list\n    items:\n    - text: a\n      items: b\n"),
            ":11: lessons[0].blocks[1].items[0].items: expected a list, found text",
        ),
        (
            lesson_file("  - {kind: code, language: python}\n"),
            "lessons[0].blocks[1].text: expected text, found nothing",
        ),
        (
            lesson_file("  - {kind: code, language: 3, text: x}\n"),
            "lessons[0].blocks[1].language: expected text, found a whole number",
        ),
        (
            lesson_file(f"  - {{kind: code, language: {'x' * 41}, text: x}}\n"),
            "a code block in “A” names a language longer than 40 characters",
        ),
        (
            lesson_file("  - {kind: heading, level: 3, text: New}\n", version=1),
            "'heading' is not one of paragraph, term_list, table (“heading” needs version 2)",
        ),
        (
            lesson_file("", head="language: English\n"),
            ":1: language: 'English' is not a language code such as en or fr",
        ),
    ],
)
def test_bad_new_blocks_get_a_clear_error_with_path_and_line(write_file, content, expected):
    path = write_file("bad.yaml", content)

    with pytest.raises(CommandError) as error:
        import_file(path)

    assert expected in str(error.value)
    assert not Briefing.objects.exists()


def test_a_language_in_the_file_is_the_briefings(write_file):
    import_file(write_file("fr.yaml", lesson_file("", head="language: fr\n")))

    assert Briefing.objects.get().language == "fr"
