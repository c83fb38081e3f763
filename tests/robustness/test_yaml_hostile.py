"""YAML exports edited by hand or by an attacker: each wrong value is a clear error.

Every case starts from a real export, changes one value, and imports the file
back over the briefing it came from. The error names the value's path in the
file (and its line); nothing is written; NUL and over-long text are refused on
SQLite as they would be by PostgreSQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from briefing.exchange import MAX_ALIAS_EXPANSION, MAX_YAML_ALIASES, MAX_YAML_DEPTH
from briefing.models import Block, Briefing
from quizzes.exchange import export_data
from quizzes.models import Question
from tests.factories import SMALL_DOCUMENT
from tests.robustness.test_hostile_imports import row_counts

pytestmark = pytest.mark.django_db

SLUG = "small"


@pytest.fixture
def export(tmp_path) -> dict:
    """The small document's export, with one manual question sourced from a table row."""
    path = tmp_path / "small.txt"
    path.write_text(SMALL_DOCUMENT, encoding="utf-8")
    call_command("import_briefing", str(path), "--slug", SLUG, stdout=StringIO())
    data = export_data(Briefing.objects.get(slug=SLUG))
    table = Block.objects.get(lesson__briefing__slug=SLUG, kind="table")
    terms = Block.objects.get(lesson__briefing__slug=SLUG, kind="term_list")
    data["quizzes"][-1]["questions"].append(
        {
            "kind": "choice",
            "prompt": "Which agency leads on deterrence?",
            "options": [
                {"text": "Ministry of Defence", "feedback": ""},
                {"text": "Civil Protection Office", "feedback": "That one leads resilience."},
            ],
            "answer": "Ministry of Defence",
            "explanation": "From the table of pillars.",
            "source": {"lesson": table.lesson.slug, "block": table.position, "row": 0},
            "origin": "manual",
            "fingerprint": "manual-deterrence",
            "fact": "",
            "active": True,
            "source_changed": False,
        }
    )
    data["quizzes"][-1]["questions"].append(
        {
            **data["quizzes"][-1]["questions"][-1],
            "source": {"lesson": terms.lesson.slug, "block": terms.position, "term": 0},
            "fingerprint": "manual-term",
        }
    )
    return data


def import_yaml_text(tmp_path, text: str) -> None:
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    call_command("import_briefing", str(path), stdout=StringIO())


def manual(data: dict) -> dict:
    return data["quizzes"][-1]["questions"][-2]


def first_block(data: dict, kind: str) -> dict:
    return next(
        block for lesson in data["lessons"] for block in lesson["blocks"] if block["kind"] == kind
    )


Change = Callable[[dict], object]
CASES: list[tuple[str, Change, str]] = [
    ("questions-float", lambda d: d["quizzes"][-1].update(questions=1.5), "expected a list"),
    ("archived-no", lambda d: d["lessons"][0].update(archived="no"), "archived: expected true"),
    ("active-yes", lambda d: manual(d).update(active="yes"), "active: expected true or false"),
    ("changed-one", lambda d: manual(d).update(source_changed=1), "expected true or false"),
    ("pass-mark-true", lambda d: d["quizzes"][-1].update(pass_mark=True), "pass_mark"),
    ("version-list", lambda d: d.update(version=[2]), "unsupported format version"),
    ("slug-list", lambda d: d.update(slug=["x"]), "slug: expected text"),
    ("prompt-list", lambda d: manual(d).update(prompt=["Which?"]), "prompt: expected text"),
    ("explanation-number", lambda d: manual(d).update(explanation=3), "explanation: expected"),
    ("quiz-title-list", lambda d: d["quizzes"][-1].update(title=["x"]), "title: expected text"),
    ("option-string", lambda d: manual(d).update(options=["A", "B"]), "Option 1 is not a"),
    ("option-extra", lambda d: manual(d)["options"][0].update(rank=1), "fields other than"),
    ("answer-date", lambda d: manual(d).update(answer=datetime.date(2024, 1, 1)), "answer"),
    ("cleaning-text", lambda d: d.update(cleaning={"mojibake": "many"}), "cleaning.mojibake"),
    ("source-list", lambda d: d.update(source=["x"]), "source: expected"),
    ("nul-paragraph", lambda d: first_block(d, "paragraph").update(text="a\0b"), "NUL"),
    ("nul-lesson-title", lambda d: d["lessons"][0].update(title="A\0"), "NUL"),
    ("nul-term", lambda d: first_block(d, "term_list")["terms"][0].update(term="T\0"), "NUL"),
    ("nul-cell", lambda d: first_block(d, "table")["rows"][0].__setitem__(0, "\0"), "NUL"),
    ("nul-feedback", lambda d: manual(d)["options"][1].update(feedback="\0"), "NUL"),
    ("nul-explanation", lambda d: manual(d).update(explanation="x\0"), "NUL"),
    ("nul-cleaning-key", lambda d: d.update(cleaning={"a\0": 1}), "NUL"),
    ("long-term", lambda d: first_block(d, "term_list")["terms"][0].update(term="T" * 301), "300"),
    ("long-lesson-title", lambda d: d["lessons"][0].update(title="T" * 301), "300"),
    ("long-source-name", lambda d: d.update(source={"name": "n" * 256}), "longer than 255"),
    ("long-sha256", lambda d: d.update(source={"sha256": "f" * 65}), "longer than 64"),
    ("long-fingerprint", lambda d: manual(d).update(fingerprint="f" * 65), "64 characters"),
    ("missing-row", lambda d: manual(d)["source"].update(row=99), "has no row 99"),
    ("missing-term", lambda d: d["quizzes"][-1]["questions"][-1]["source"].update(term=9), "term"),
    ("missing-block", lambda d: manual(d)["source"].update(block=99), "no such lesson and block"),
    ("missing-lesson", lambda d: manual(d)["source"].update(lesson="nowhere"), "no such lesson"),
]


@pytest.mark.parametrize(("change", "phrase"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_wrong_value_is_an_error_naming_it_and_writes_nothing(tmp_path, export, change, phrase):
    change(export)
    text = yaml.dump(export, allow_unicode=True, sort_keys=False)
    before = row_counts()
    with pytest.raises(CommandError) as error:
        import_yaml_text(tmp_path, text)
    message = str(error.value)
    assert phrase in message
    assert message.startswith(str(tmp_path / "edited.yaml"))
    assert row_counts() == before


def test_the_export_with_its_manual_questions_imports_back(tmp_path, export):
    import_yaml_text(tmp_path, yaml.dump(export, allow_unicode=True, sort_keys=False))
    question = Question.objects.get(fingerprint="manual-deterrence")
    assert question.source_row.cells[0] == "Deterrence"
    assert Question.objects.get(fingerprint="manual-term").source_term.term == "Deterrence"


def test_a_few_aliases_of_short_texts_are_fine(tmp_path, export):
    text = yaml.dump(export, allow_unicode=True, sort_keys=False)
    text = text.replace("explanation: From the table of pillars.", "explanation: &why Pillars.", 1)
    text = text.replace("explanation: From the table of pillars.", "explanation: *why", 1)
    import_yaml_text(tmp_path, text)
    assert Question.objects.get(fingerprint="manual-term").explanation == "Pillars."


def aliased(count: int, text: str = "x") -> str:
    anchors = f"a: &a {text}\n" + "".join(f"b{n}: *a\n" for n in range(count))
    return anchors + "version: 2\ntitle: T\nlessons: []\n"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (aliased(MAX_YAML_ALIASES + 1), f"more than {MAX_YAML_ALIASES} aliases"),
        (aliased(3, "y" * (MAX_ALIAS_EXPANSION // 2)), "repeat more than"),
        (
            "version: 2\ntitle: T\nlessons: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * 40,
            f"nested more than {MAX_YAML_DEPTH} levels",
        ),
        ("version: 2\ntitle: T\nlessons: *nowhere\n", "not valid YAML"),
        ("!!python/object/apply:os.system ['echo hacked']\n", "not valid YAML"),
    ],
    ids=["aliases", "alias-expansion", "depth", "undefined-alias", "python-tag"],
)
def test_yaml_that_would_expand_recurse_or_run_code_is_refused(tmp_path, text, phrase):
    before = row_counts()
    with pytest.raises(CommandError) as error:
        import_yaml_text(tmp_path, text)
    assert phrase in str(error.value)
    assert row_counts() == before


def test_a_yaml_file_larger_than_a_briefing_may_be_is_refused(tmp_path, export, monkeypatch):
    """The limit on blocks, rows, terms and list items holds for YAML as for text."""
    monkeypatch.setattr("briefing.ingest.MAX_PARTS", 3)
    before = row_counts()
    with pytest.raises(CommandError, match="a briefing holds at most 3"):
        import_yaml_text(tmp_path, yaml.dump(export, allow_unicode=True, sort_keys=False))
    assert row_counts() == before
