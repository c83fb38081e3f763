"""Every input of the hostile corpus, imported whole: a clean import or a clear error.

Each is imported with ``import_briefing`` (the command, with quiz generation)
over an existing briefing of the same slug. An import that succeeds leaves
pages that render with the text escaped and questions the validator accepts;
one that fails raises ``CommandError`` naming the file and the problem, and
leaves every table's row count as it was. Any other exception fails the test
with its traceback. Sizes are small (``Hostile.small``); ``make bench`` times
them at full size.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from briefing.models import Briefing
from quizzes.models import Question
from quizzes.shape import answer_shape_errors, explanation_errors
from tests.factories import SMALL_DOCUMENT
from tests.robustness.hostile import CORPUS, SCRIPT, Hostile

pytestmark = pytest.mark.django_db

SLUG = "hostile"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def row_counts() -> dict[str, int]:
    """Rows in every table of the project (Django's own included)."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def import_file(path: Path) -> str:
    out = StringIO()
    call_command("import_briefing", str(path), "--slug", SLUG, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def existing(tmp_path):
    """A briefing under the slug the hostile file is imported to: an update, not a create."""
    path = tmp_path / "small.txt"
    path.write_text(SMALL_DOCUMENT, encoding="utf-8")
    import_file(path)
    return Briefing.objects.get(slug=SLUG)


def write(tmp_path: Path, hostile: Hostile) -> Path:
    path = tmp_path / hostile.filename
    path.write_bytes(hostile.make(hostile.small))
    return path


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda hostile: hostile.name)
def test_a_hostile_input_imports_cleanly_or_fails_clearly(
    hostile, tmp_path, existing, client, learner
):
    path = write(tmp_path, hostile)
    before = row_counts()
    if hostile.expect is not None:
        with pytest.raises(CommandError) as error:
            import_file(path)
        message = str(error.value)
        assert message.startswith(str(path)), message
        assert hostile.expect in message
        assert "\n" not in message and "Traceback" not in message
        assert row_counts() == before
        return

    import_file(path)
    briefing = Briefing.objects.get(slug=SLUG)
    assert briefing.source_name == hostile.filename
    for question in Question.objects.filter(briefing=briefing):
        assert not answer_shape_errors(
            question.kind, question.prompt, question.options, question.answer
        )
        assert not explanation_errors(question.explanation)
    client.force_login(learner)
    lessons = list(briefing.lessons.live().order_by("position"))
    for lesson in {lessons[0], lessons[-1]}:
        page = client.get(lesson.get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        assert SCRIPT not in html and "onerror=" not in html


def test_markup_is_shown_as_text_never_run(tmp_path, existing, client, learner):
    """The ``<script>`` kept verbatim in a code block reaches the page escaped."""
    hostile = next(hostile for hostile in CORPUS if hostile.name == "markup")
    import_file(write(tmp_path, hostile))
    client.force_login(learner)
    lesson = Briefing.objects.get(slug=SLUG).lessons.get()
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert ESCAPED_SCRIPT in html
    assert "<script>alert" not in html


def test_deep_quotes_keep_every_paragraph(tmp_path, existing):
    hostile = next(hostile for hostile in CORPUS if hostile.name == "deep_quotes")
    output = import_file(write(tmp_path, hostile))
    assert f"{hostile.small} paragraphs" in output
    assert "warning: line" in output and "quotes nested more than" in output


def test_the_corpus_names_each_input_once():
    names = [hostile.name for hostile in CORPUS]
    assert len(names) == len(set(names)) >= 25
