"""Regression tests for defects found in review: each names what it guards."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from briefing.models import Block, Briefing, TableRow
from learning.models import Attempt
from learning.review import StaleReview, record_review, review_snapshot, schedule_review
from quizzes.models import Question, Quiz, answer_shape_errors
from tests.factories import SEED_PATH, SMALL_DOCUMENT, block_change_data

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_briefing", *args, stdout=out)
    return out.getvalue()


def test_a_slug_that_cannot_be_a_url_is_refused():
    with pytest.raises(CommandError, match="'My Briefing' may only contain letters, digits"):
        run(str(SEED_PATH), "--slug", "My Briefing")
    assert not Briefing.objects.exists()


def test_file_names_without_slug_characters_do_not_overwrite_each_other(write_file):
    run(str(write_file("日本.txt", SMALL_DOCUMENT)))
    run(str(write_file("Ελληνικά.txt", "Heading One\nA different document entirely.\n")))
    assert Briefing.objects.count() == 2
    assert all(
        slug.startswith("briefing-") for slug in Briefing.objects.values_list("slug", flat=True)
    )


def test_a_heading_too_long_for_its_column_is_a_clear_error(write_file):
    path = write_file("long.md", "# Title\n\n## " + "Long " * 70 + "\n\nSome text.\n")
    with pytest.raises(CommandError, match="a heading is longer than 300 characters"):
        run(str(path))
    assert not Briefing.objects.exists()


def test_a_nul_character_is_a_clear_error(write_file):
    with pytest.raises(CommandError, match=r":2: the file contains NUL characters"):
        run(str(write_file("nul.txt", b"Heading\nSome\x00text.\n")))


def test_unpublished_briefings_are_closed_to_review_and_attempts(client, seed_briefing, learner):
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    card = schedule_review(learner=learner, question_id=question.pk)
    attempt = Attempt.objects.create(learner=learner, quiz=question.quiz)
    seed_briefing.published = False
    seed_briefing.save()
    client.force_login(learner)

    assert b"Nothing to review today" in client.get("/review/").content
    assert client.post(f"/review/{card.pk}/", {"reviews": "0"}).status_code == 404
    assert client.get(f"/attempts/{attempt.pk}/").status_code == 404
    assert "No review cards due today." in client.get("/dashboard/").content.decode()


def test_swapping_two_rows_in_the_admin_saves(client, staff_user, seed_briefing):
    client.force_login(staff_user)
    table = Block.objects.get(lesson__briefing=seed_briefing, header=["Focus Area", "Action Plan"])
    rows = list(table.rows.all())
    data = block_change_data(table)
    data["rows-0-position"], data["rows-1-position"] = 1, 0

    response = client.post(f"/admin/briefing/block/{table.pk}/change/", data)

    assert response.status_code == 302
    assert TableRow.objects.get(pk=rows[0].pk).position == 1
    assert TableRow.objects.get(pk=rows[1].pk).position == 0


def test_deleting_a_block_in_the_admin_regenerates_its_questions(client, staff_user, seed_briefing):
    client.force_login(staff_user)
    table = Block.objects.get(lesson__briefing=seed_briefing, header=["Focus Area", "Action Plan"])
    assert Question.objects.filter(source_block=table).exists()

    client.post(f"/admin/briefing/block/{table.pk}/delete/", {"post": "yes"})

    assert not Block.objects.filter(pk=table.pk).exists()
    assert not Question.objects.filter(
        briefing=seed_briefing, source_block__isnull=True, active=True
    ).exists()


def test_quizzes_are_not_added_by_hand_in_the_admin(client, staff_user, seed_briefing):
    client.force_login(staff_user)
    assert client.get("/admin/quizzes/quiz/add/").status_code == 403


def test_option_texts_must_be_texts():
    errors = answer_shape_errors(
        "categorize", "Sort them.", [{"text": ["a"]}, {"text": "b"}], {"x": "b", "y": "b"}
    )
    assert errors == {"options": "Option 1 needs a text."}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda quiz, question: question.update(source={"lesson": "x", "block": [1]}), "source:"),
        (lambda quiz, question: quiz.update(time_limit=10**20), "time_limit: expected a number"),
        (lambda quiz, question: quiz.update(lesson=["x"]), "lesson: no lesson"),
        (lambda quiz, question: question.update(fingerprint="f" * 65), "at most 64 characters"),
    ],
)
def test_malformed_yaml_quizzes_get_clear_errors(tmp_path, seed_briefing, change, message):
    path = tmp_path / "export.yaml"
    call_command("export_briefing", seed_briefing.slug, "-o", str(path), stderr=StringIO())
    data = yaml.safe_load(path.read_text())
    change(data["quizzes"][0], data["quizzes"][0]["questions"][0])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    seed_briefing.delete()

    with pytest.raises(CommandError) as error:
        run(str(path))

    assert message in str(error.value)
    assert not Briefing.objects.exists()


def test_yaml_published_must_be_a_boolean(tmp_path, seed_briefing):
    path = tmp_path / "export.yaml"
    call_command("export_briefing", seed_briefing.slug, "-o", str(path), stderr=StringIO())
    path.write_text(path.read_text().replace("published: true", "published: 'no'"))
    with pytest.raises(CommandError, match="published: expected true or false"):
        run(str(path), "--slug", "copy")


def test_review_order_depends_on_the_secret_key(settings, seed_briefing, learner):
    """The order is not a function of what the page shows (card id and review count)."""
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    card = schedule_review(learner=learner, question_id=question.pk)

    def orders() -> list[list[str]]:
        return [[o["text"] for o in review_snapshot(card, reviews=n)["options"]] for n in range(8)]

    settings.SECRET_KEY = "one-secret-key-" * 4
    first = orders()
    settings.SECRET_KEY = "another-secret-" * 4
    assert orders() != first


def test_a_review_posted_twice_is_logged_once(seed_briefing, learner):
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    card = schedule_review(learner=learner, question_id=question.pk)
    snapshot = review_snapshot(card, reviews=0)
    record_review(card=card, snapshot=snapshot, answer=snapshot["key"]["correct"], reviews=0)

    with pytest.raises(StaleReview):
        record_review(card=card, snapshot=snapshot, answer=snapshot["key"]["correct"], reviews=0)
    assert card.logs.count() == 1


def test_quiz_page_counts_the_questions_an_attempt_draws(client, seed_briefing, learner):
    client.force_login(learner)
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__slug__startswith="shifting")
    assert quiz.questions.active().count() > 10
    html = client.get(quiz.get_absolute_url()).content.decode()
    assert "<li>10 questions</li>" in html
