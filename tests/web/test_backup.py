"""``backup_db`` and ``restore_db`` (``make backup`` / ``make restore``): a round trip keeps
every attempt, response, review card and review log, on the database the suite runs on
(SQLite's backup API, or pg_dump/pg_restore on PostgreSQL)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from accounts.models import User
from learning.models import (
    Attempt,
    AttemptQuestion,
    LessonProgress,
    Response,
    ReviewCard,
    ReviewLog,
)
from learning.review import review_snapshot
from quizzes.models import Quiz
from tests.web.quiz_helpers import answer_data, answer_url, questions_of, start

# The commands read and replace the database from outside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

LEARNER_HISTORY = (User, Attempt, AttemptQuestion, Response, LessonProgress, ReviewCard, ReviewLog)


def learner_history() -> dict[str, list[dict]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in LEARNER_HISTORY
    }


def make_history(client, seed_briefing, learner) -> None:
    """A practice attempt answered (one wrong: a review card), a lesson read, one review."""
    client.force_login(learner)
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    attempt = start(client, quiz)
    for item in questions_of(attempt):
        how = "wrong" if item.position == 0 else "right"
        client.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))
    client.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})
    client.post(reverse("learning:mark_read", args=[quiz.lesson.pk]))
    card = ReviewCard.objects.get(learner=learner)
    data = answer_data(review_snapshot(card, reviews=0), "right") | {"reviews": "0"}
    client.post(reverse("learning:review_answer", args=[card.pk]), data)


def test_a_backup_restores_every_attempt_response_and_review_log(
    client, seed_briefing, learner, tmp_path, capsys
):
    make_history(client, seed_briefing, learner)
    before = learner_history()
    assert all(before[model.__name__] for model in LEARNER_HISTORY), before
    path = tmp_path / "site-backup"

    call_command("backup_db", str(path))
    assert str(path) in capsys.readouterr().out

    # What happens after the backup is lost by the restore, and nothing else is.
    ReviewLog.objects.all().delete()
    Response.objects.all().delete()
    User.objects.create_user("later", "later@example.com", "a-long-test-password")
    start(client, Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).last())

    call_command("restore_db", str(path), "--no-input")

    assert learner_history() == before
    assert client.get(reverse("learning:dashboard")).status_code == 200


def test_a_backup_without_a_path_goes_to_the_backup_dir(db, settings, tmp_path, capsys):
    settings.BACKUP_DIR = tmp_path / "backups"

    call_command("backup_db")

    written = list((tmp_path / "backups").iterdir())
    assert len(written) == 1
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
    assert written[0].suffix == suffix
    assert not written[0].name.endswith(".partial")
    assert str(written[0]) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text", "not a"),
        (b"", "not a"),
    ],
)
def test_restoring_a_file_that_is_not_a_backup_changes_nothing(learner, tmp_path, content, message):
    path = tmp_path / "not-a-backup"
    path.write_bytes(content)
    before = learner_history()

    with pytest.raises(CommandError, match=message):
        call_command("restore_db", str(path), "--no-input")

    assert learner_history() == before


def test_restoring_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore_db", str(tmp_path / "nothing-here"), "--no-input")


def test_a_restore_asks_first_and_stops_on_no(learner, tmp_path, monkeypatch):
    path = tmp_path / "backup"
    call_command("backup_db", str(path))
    User.objects.create_user("kept", "kept@example.com", "a-long-test-password")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Restore cancelled: nothing was changed."):
        call_command("restore_db", str(path))

    assert User.objects.filter(username="kept").exists()
