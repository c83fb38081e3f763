"""import_briefing / export_briefing / create_demo_users through call_command."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from briefing.models import Block, Briefing, Lesson, TableRow, Term
from learning.models import LessonProgress
from tests.factories import SEED_PATH, SEED_SLUG, SEED_TITLE, SMALL_DOCUMENT

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_briefing", *args, stdout=out)
    return out.getvalue()


def row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Briefing, Lesson, Block, Term, TableRow))


def test_import_seed_prints_report_and_summary():
    output = run(str(SEED_PATH), "--slug", SEED_SLUG, "--title", SEED_TITLE)

    assert "mojibake: 152" in output
    assert "missing_space: 12" in output
    assert "8 lessons, 15 paragraphs, 5 term lists, 17 terms, 5 tables, 19 rows" in output
    briefing = Briefing.objects.get(slug=SEED_SLUG)
    assert briefing.title == SEED_TITLE
    assert briefing.cleaning_report["counts"]["missing_space"] == 12
    shapes = list(
        Block.objects.filter(kind="table")
        .order_by("lesson__position")
        .values_list("shape", flat=True)
    )
    assert shapes == ["key_value"] * 4 + ["parallel_lists"]


def test_default_slug_and_title_come_from_the_file_name(write_file):
    path = write_file("field-notes.txt", SMALL_DOCUMENT)
    run(str(path))
    briefing = Briefing.objects.get()
    assert (briefing.slug, briefing.title) == ("field-notes", "Field notes")


@pytest.mark.parametrize(
    ("filename", "title"),
    [
        ("000_37c95f02dd4935a7.txt", "Alliance Basics"),
        ("05-18f-getting_started.classes.txt", "18f getting started classes"),
        ("report-deadbeef1234.txt", "Report"),
        ("2024 budget review.txt", "2024 budget review"),
    ],
)
def test_title_from_the_file_name_is_readable_and_never_a_hash(write_file, filename, title):
    run(str(write_file(filename, SMALL_DOCUMENT)))
    assert Briefing.objects.get().title == title


def test_plain_text_title_line_is_used(write_file):
    run(str(write_file("notes.txt", "Field Guide\nFirst Part\nSome text here.\n")))
    assert Briefing.objects.get().title == "Field Guide"


FRENCH_DOCUMENT = (
    "Portée\nLes équipes de la région sont chargées de la mise en œuvre des mesures, "
    "et le suivi des résultats est assuré par le ministère pour les projets du programme.\n"
)


def test_language_is_detected_on_create_and_kept_on_reimport(write_file):
    output = run(str(write_file("portee.txt", FRENCH_DOCUMENT)))
    assert "Language: fr" in output
    briefing = Briefing.objects.get()
    assert briefing.language == "fr"
    briefing.language = "en"
    briefing.save()

    run(str(write_file("portee.txt", FRENCH_DOCUMENT + "Une phrase de plus.\n")))

    briefing.refresh_from_db()
    assert briefing.language == "en"


def test_language_option_wins_on_create_and_on_reimport(write_file):
    path = write_file("small.txt", SMALL_DOCUMENT)
    run(str(path), "--language", "fr")
    assert Briefing.objects.get().language == "fr"

    run(str(write_file("small.txt", SMALL_DOCUMENT + "One more line.\n")), "--language", "DE")

    assert Briefing.objects.get().language == "de"


def test_bad_language_option_is_a_clear_error_and_writes_nothing(write_file):
    with pytest.raises(CommandError) as error:
        run(str(write_file("small.txt", SMALL_DOCUMENT)), "--language", "french")
    assert "language 'french' is not a two-letter ISO 639-1 code such as en or fr" in str(
        error.value
    )
    assert row_counts() == (0, 0, 0, 0, 0)


def test_markdown_title_is_used(write_file):
    path = write_file("notes.md", "# Field Guide\n\n## First Part\n\nSome text here.\n")
    run(str(path))
    assert Briefing.objects.get().title == "Field Guide"


def test_reimporting_the_same_bytes_changes_nothing_and_says_so():
    run(str(SEED_PATH), "--slug", SEED_SLUG)
    before = list(TableRow.objects.values_list("pk", "cells"))

    output = run(str(SEED_PATH), "--slug", SEED_SLUG)

    assert "unchanged" in output
    assert list(TableRow.objects.values_list("pk", "cells")) == before


def test_changed_reimport_updates_rows_in_place(write_file):
    path = write_file("small.txt", SMALL_DOCUMENT)
    run(str(path))
    row = TableRow.objects.get(cells__0="Resilience")
    term = Term.objects.get(term="Deterrence")
    lesson = Lesson.objects.get(title="Alliance Basics")

    changed = SMALL_DOCUMENT.replace("Civil Protection Office", "Emergency Office").replace(
        "Łódź Office\n", "Regional Offices\n"
    )
    output = run(str(write_file("small.txt", changed)))

    row.refresh_from_db()
    assert row.cells == ["Resilience", "Emergency Office"]
    assert Term.objects.get(term="Deterrence").pk == term.pk
    assert Lesson.objects.get(title="Alliance Basics").pk == lesson.pk
    assert Lesson.objects.filter(title="Regional Offices", position=1).exists()
    assert not Lesson.objects.filter(title="Łódź Office").exists()
    assert "table 3 of “Alliance Basics” updated" in output


def test_lesson_gone_from_the_file_is_archived_when_learners_have_history(write_file, learner):
    path = write_file("small.txt", SMALL_DOCUMENT)
    run(str(path))
    gone = Lesson.objects.get(title="Łódź Office")
    LessonProgress.objects.create(learner=learner, lesson=gone)

    output = run(str(write_file("small.txt", SMALL_DOCUMENT.split("Łódź Office")[0])))

    gone.refresh_from_db()
    assert gone.archived
    assert "lesson archived (learners have history): Łódź Office" in output
    assert LessonProgress.objects.filter(lesson=gone).exists()


def test_reimport_reports_admin_edits_it_overwrites(write_file):
    path = write_file("small.txt", SMALL_DOCUMENT)
    run(str(path))
    row = TableRow.objects.get(cells__0="Deterrence")
    row.cells = ["Deterrence", "Defence Staff"]
    row.save()

    output = run(str(write_file("small.txt", SMALL_DOCUMENT + "Closing\nLast words here.\n")))

    row.refresh_from_db()
    assert row.cells == ["Deterrence", "Ministry of Defence"]
    assert "Admin edits overwritten by the file" in output
    assert "Defence Staff" in output


def test_dry_run_writes_nothing(write_file):
    output = run(str(SEED_PATH), "--dry-run")
    assert "Would import" in output
    assert "Dry run: nothing was written." in output
    assert row_counts() == (0, 0, 0, 0, 0)


def test_dry_run_of_a_change_leaves_the_briefing_as_it_was(write_file):
    run(str(write_file("small.txt", SMALL_DOCUMENT)))
    before = list(TableRow.objects.values_list("pk", "position", "cells"))
    changed = SMALL_DOCUMENT.replace("Ministry of Defence", "Joint Staff")

    output = run(str(write_file("small.txt", changed)), "--dry-run")

    assert "updated" in output
    assert list(TableRow.objects.values_list("pk", "position", "cells")) == before


BAD_INPUTS = [
    ("latin1.txt", "Heading\nCaf\xe9 society in Zürich.\n".encode("latin-1"), "UTF-8", "line 2"),
    ("empty.txt", b"", "empty", None),
    ("blank.txt", b"  \n\n \t\n", "whitespace", None),
    ("nosections.txt", b"Just one sentence, with nothing after it.", "section", None),
    ("binary.txt", bytes(range(256)) * 4, "UTF-8", None),
]


@pytest.mark.parametrize(("name", "content", "expected", "line"), BAD_INPUTS)
def test_bad_input_gets_a_clear_error_and_writes_nothing(write_file, name, content, expected, line):
    run(str(SEED_PATH))
    before = row_counts()
    path = write_file(name, content)

    with pytest.raises(CommandError) as error:
        run(str(path), "--slug", "bad")

    message = str(error.value)
    assert error.value.returncode == 1
    assert "\n" not in message
    assert str(path) in message
    assert expected.lower() in message.lower()
    if line:
        assert line.replace("line ", ":") in message
    assert row_counts() == before


def test_too_large_file_is_refused(write_file):
    path = write_file("big.txt", "Heading\n" + "word " * 400)
    with pytest.raises(CommandError, match="larger than the 1,000-byte limit"):
        run(str(path), "--max-bytes", "1000")
    assert row_counts() == (0, 0, 0, 0, 0)


def test_missing_file_is_named():
    with pytest.raises(CommandError, match="nope.txt: no such file"):
        run("nope.txt")


def test_yaml_round_trip(tmp_path):
    run(str(SEED_PATH), "--slug", SEED_SLUG, "--title", SEED_TITLE)
    first = tmp_path / "first.yaml"
    second = tmp_path / "second.yaml"
    call_command("export_briefing", SEED_SLUG, "-o", str(first), stderr=StringIO())
    Briefing.objects.all().delete()

    run(str(first))
    call_command("export_briefing", SEED_SLUG, "-o", str(second), stderr=StringIO())

    exported = yaml.safe_load(first.read_text())
    again = yaml.safe_load(second.read_text())
    exported.pop("exported_at")
    again.pop("exported_at")
    assert again == exported
    assert exported["title"] == SEED_TITLE
    assert len(exported["lessons"]) == 8
    assert exported["lessons"][1]["blocks"][3] == {
        "kind": "table",
        "shape": "key_value",
        "header": ["Focus Area", "Action Plan"],
        "rows": [
            ["Counterterrorism Operations", "Joint exercises and intelligence-led missions"],
            ["Cybersecurity Measures", "Growth of defensive cyber protocols"],
            ["Community Resilience", "Programs aimed at countering radicalization at grassroots"],
        ],
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("version: 1\ntitle: x\nlessons: [\n", "not valid YAML"),
        ("- just\n- a list\n", "YAML mapping"),
        ("version: 3\ntitle: x\nlessons: []\n", "unsupported format version 3 (expected 1 or 2)"),
        ("version: 1\ntitle: x\nlessons: []\n", "no lessons"),
        (
            "version: 1\ntitle: x\nlessons:\n  - slug: a\n    title: A\n    blocks:\n"
            "      - {kind: poem, text: hi}\n",
            "lessons[0].blocks[0].kind: 'poem'",
        ),
        (
            "version: 1\ntitle: x\nlessons:\n  - slug: a\n    title: A\n    blocks:\n"
            "      - {kind: table, shape: key_value, header: [A, B], rows: [[a]]}\n",
            "rows[0] has 1 cells, the header 2",
        ),
    ],
)
def test_bad_yaml_gets_a_clear_error(write_file, content, expected):
    path = write_file("bad.yaml", content)
    with pytest.raises(CommandError, match=None) as error:
        run(str(path))
    assert expected in str(error.value)
    assert row_counts() == (0, 0, 0, 0, 0)


def test_yaml_question_whose_answer_does_not_fit_is_refused(tmp_path):
    run(str(SEED_PATH), "--slug", SEED_SLUG)
    path = tmp_path / "export.yaml"
    call_command("export_briefing", SEED_SLUG, "-o", str(path), stderr=StringIO())
    data = yaml.safe_load(path.read_text())
    choice = next(q for q in data["quizzes"][0]["questions"] if q["kind"] == "choice")
    choice["answer"] = "Not one of the options"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    Briefing.objects.all().delete()

    with pytest.raises(CommandError) as error:
        run(str(path))

    assert "The answer must be the text of one of the options." in str(error.value)
    assert "quizzes[0].questions[" in str(error.value)
    assert row_counts() == (0, 0, 0, 0, 0)


def test_export_unknown_slug_is_a_clear_error():
    with pytest.raises(CommandError, match="No briefing with slug 'nope'"):
        call_command("export_briefing", "nope")


def test_create_demo_users_is_safe_to_run_again(django_user_model):
    first, second = StringIO(), StringIO()
    call_command("create_demo_users", stdout=first)
    call_command("create_demo_users", stdout=second)

    assert django_user_model.objects.count() == 2
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not django_user_model.objects.get(username="learner").is_staff
    password = second.getvalue().split("username: admin")[1].split("password: ")[1].split()[0]
    assert admin.check_password(password)
    assert password not in first.getvalue()
