"""Moving the learner's models from ``quizzes`` to ``learning`` keeps every row and key.

The database is built at the migrations before the move, filled through the
historical models with an attempt, its question snapshot and response, lesson
progress, a review card and its log; then migrated to the newest migrations, and
back, and forward again. Runs on SQLite and PostgreSQL (``.ci/run``).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

LEARNER_MODELS = [
    "Attempt",
    "AttemptQuestion",
    "Response",
    "LessonProgress",
    "ReviewCard",
    "ReviewLog",
]


def migrate(targets):
    """Migrate to ``targets`` and return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def newest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def before_the_move():
    """Every app at its newest migration, but quizzes before the move and no learning app."""
    others = [node for node in newest() if node[0] not in ("quizzes", "learning")]
    return [*others, ("quizzes", "0003_ordering_and_lint"), ("learning", None)]


def fill_history(apps) -> dict[str, dict]:
    """One learner's history, written with the models as they were before the move."""
    now = timezone.now()
    user = apps.get_model("accounts", "User").objects.create(username="kept", password="!")
    briefing = apps.get_model("briefing", "Briefing").objects.create(slug="kept", title="Kept")
    lesson = apps.get_model("briefing", "Lesson").objects.create(
        briefing=briefing, position=0, title="Lesson", slug="lesson"
    )
    quiz = apps.get_model("quizzes", "Quiz").objects.create(
        briefing=briefing, lesson=lesson, title="Quiz"
    )
    question = apps.get_model("quizzes", "Question").objects.create(
        briefing=briefing, quiz=quiz, kind="true_false", prompt="Kept?", answer=True
    )
    attempt = apps.get_model("quizzes", "Attempt").objects.create(
        learner=user, quiz=quiz, submitted_at=now, score=1.0, passed=True
    )
    shown = apps.get_model("quizzes", "AttemptQuestion").objects.create(
        attempt=attempt, question=question, position=0, snapshot={"prompt": "Kept?"}
    )
    apps.get_model("quizzes", "Response").objects.create(
        attempt_question=shown, answer=True, correct=True, score=1.0
    )
    apps.get_model("quizzes", "LessonProgress").objects.create(
        learner=user, lesson=lesson, read_at=now
    )
    card = apps.get_model("quizzes", "ReviewCard").objects.create(
        learner=user, question=question, state={"card_id": 1}, due=now
    )
    apps.get_model("quizzes", "ReviewLog").objects.create(card=card, rating=3, reviewed_at=now)
    return rows_of(apps, "quizzes")


def rows_of(apps, app_label: str) -> dict[str, list[dict]]:
    """Every learner row with its foreign keys, as plain values to compare."""
    return {
        name: list(apps.get_model(app_label, name).objects.order_by("pk").values())
        for name in LEARNER_MODELS
    }


def columns_of(rows: dict[str, list[dict]], like: dict[str, list[dict]]):
    """``rows`` with only the columns ``like`` has (later migrations add columns)."""
    return {
        name: [
            {column: row[column] for column in like[name][0]} if like[name] else row
            for row in table
        ]
        for name, table in rows.items()
    }


@pytest.mark.django_db(transaction=True)
def test_learner_history_survives_the_move_to_the_learning_app():
    try:
        old_apps = migrate(before_the_move())
        before = fill_history(old_apps)
        attempt_type = ContentType.objects.get_or_create(app_label="quizzes", model="attempt")[0]

        new_apps = migrate(newest())
        after = rows_of(new_apps, "learning")
        assert columns_of(after, before) == before
        assert all(rows for rows in before.values())
        # Columns added since (learning 0004) take their defaults.
        assert [row["retry_of_id"] for row in after["Attempt"]] == [None]
        assert [row["flagged"] for row in after["AttemptQuestion"]] == [False]
        # The content type moved with the model, so permissions and admin logs follow it.
        moved = ContentType.objects.get(pk=attempt_type.pk)
        assert (moved.app_label, moved.model) == ("learning", "attempt")
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert "learning_attempt" in tables and "quizzes_attempt" not in tables

        # The current models read the rows, follow every key and write new ones.
        from learning.models import Attempt, ReviewLog

        attempt = Attempt.objects.get()
        assert attempt.quiz.title == "Quiz" and attempt.learner.username == "kept"
        response = attempt.questions.get().response
        assert response.correct and response.attempt_question.question.prompt == "Kept?"
        assert ReviewLog.objects.get().card.question_id == response.attempt_question.question_id
        again = Attempt.objects.create(learner=attempt.learner, quiz=attempt.quiz)
        assert again.pk > attempt.pk

        # And back: the move is reversible, with every row.
        again.delete()
        assert rows_of(migrate(before_the_move()), "quizzes") == before
    finally:
        migrate(newest())


FLASHCARD_FIELDS = {
    "ReviewCard": {"lesson_id", "term_id", "row_id"},
    "ReviewLog": {"state_before", "state_after"},
}


def without_flashcard_fields(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Rows as they were before learning 0003, which adds only empty (null) fields."""
    kept = {}
    for name, table in rows.items():
        added = FLASHCARD_FIELDS.get(name, set())
        assert all(row[field] is None for row in table for field in added), table
        kept[name] = [{k: v for k, v in row.items() if k not in added} for row in table]
    return kept


def before_flashcards():
    """Every app at its newest migration, learning before the flashcards."""
    others = [node for node in newest() if node[0] != "learning"]
    return [*others, ("learning", "0002_rename_tables")]


@pytest.mark.django_db(transaction=True)
def test_the_flashcard_migration_keeps_every_card_and_log_both_ways():
    """Question cards and their logs survive learning 0003 forward and back; going back
    while flashcards exist is refused with a clear message, and changes nothing."""
    from learning.models import ReviewCard

    try:
        old_apps = migrate(before_flashcards())
        now = timezone.now()
        user = old_apps.get_model("accounts", "User").objects.create(username="kept", password="!")
        briefing = old_apps.get_model("briefing", "Briefing").objects.create(slug="k", title="K")
        lesson = old_apps.get_model("briefing", "Lesson").objects.create(
            briefing=briefing, position=0, title="Lesson", slug="lesson"
        )
        quiz = old_apps.get_model("quizzes", "Quiz").objects.create(
            briefing=briefing, lesson=lesson, title="Quiz"
        )
        question = old_apps.get_model("quizzes", "Question").objects.create(
            briefing=briefing, quiz=quiz, kind="true_false", prompt="Kept?", answer=True
        )
        card = old_apps.get_model("learning", "ReviewCard").objects.create(
            learner=user, question=question, state={"card_id": 1}, due=now
        )
        old_apps.get_model("learning", "ReviewLog").objects.create(
            card=card, rating=3, reviewed_at=now
        )
        before = rows_of(old_apps, "learning")

        new_apps = migrate(newest())
        assert without_flashcard_fields(rows_of(new_apps, "learning")) == before

        block = new_apps.get_model("briefing", "Block").objects.create(
            lesson_id=lesson.pk, position=0, kind="term_list"
        )
        term = new_apps.get_model("briefing", "Term").objects.create(
            block=block, position=0, term="Kept", description="Still here."
        )
        flashcard = ReviewCard.objects.create(
            learner_id=user.pk, lesson_id=lesson.pk, term_id=term.pk, state={}, due=now
        )
        with pytest.raises(RuntimeError, match="1 flashcard review card"):
            migrate(before_flashcards())
        assert ReviewCard.objects.filter(pk=flashcard.pk).exists()

        flashcard.delete()
        assert rows_of(migrate(before_flashcards()), "learning") == before
    finally:
        migrate(newest())


def before_complete_answers():
    """Every app at its newest migration, learning before ``Response.complete``."""
    others = [node for node in newest() if node[0] != "learning"]
    return [*others, ("learning", "0004_attempt_retry_of_and_flags")]


@pytest.mark.django_db(transaction=True)
def test_stored_answers_are_marked_complete_when_they_answer_the_whole_question():
    """learning 0005 marks each stored answer by its snapshot: a match with one of two
    items placed is not complete, a full match and a choice are, an empty text is not."""
    try:
        old_apps = migrate(before_complete_answers())
        user = old_apps.get_model("accounts", "User").objects.create(username="kept", password="!")
        briefing = old_apps.get_model("briefing", "Briefing").objects.create(slug="k", title="K")
        quiz = old_apps.get_model("quizzes", "Quiz").objects.create(briefing=briefing, title="Q")
        attempt = old_apps.get_model("learning", "Attempt").objects.create(learner=user, quiz=quiz)
        match = {"kind": "match", "items": [{"token": "a"}, {"token": "b"}]}
        answers = {
            "partial match": (match, {"a": 1}),
            "full match": (match, {"a": 1, "b": 2}),
            "choice": ({"kind": "choice"}, "x7"),
            "empty text": ({"kind": "short_answer"}, ""),
        }
        for position, (snapshot, answer) in enumerate(answers.values()):
            question = old_apps.get_model("quizzes", "Question").objects.create(
                briefing=briefing,
                quiz=quiz,
                kind="match",
                prompt="Match",
                answer=True,
                fingerprint=f"m{position}",
            )
            shown = old_apps.get_model("learning", "AttemptQuestion").objects.create(
                attempt=attempt, question=question, position=position, snapshot=snapshot
            )
            old_apps.get_model("learning", "Response").objects.create(
                attempt_question=shown, answer=answer
            )

        new_apps = migrate(newest())
        stored = new_apps.get_model("learning", "Response").objects.order_by(
            "attempt_question__position"
        )
        complete = dict(zip(answers, stored.values_list("complete", flat=True), strict=True))
        assert complete == {
            "partial match": False,
            "full match": True,
            "choice": True,
            "empty text": False,
        }
    finally:
        migrate(newest())
