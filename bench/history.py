"""A generated learner history for the report benchmarks: many learners, their attempts,
responses, lesson progress and review cards.

Deterministic for a given seed. Each learner has an ability and each question
a difficulty; a response is right with a logistic chance of the difference, so
the item statistics have something to find. Snapshots hold only what the
reports read (the kind, the options and their tokens, the correct token).
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from briefing.models import Briefing
from learning.models import (
    Attempt,
    AttemptQuestion,
    LessonProgress,
    Response,
    ReviewCard,
    ReviewLog,
)
from quizzes.models import Question

BATCH = 2_000
DRAW = 10  # questions per attempt, as lesson quizzes draw them


@dataclass(frozen=True)
class HistorySize:
    learners: int
    responses: int


@dataclass(frozen=True)
class Item:
    """A question as the generator draws it: its snapshot and how hard it is."""

    question_id: int
    snapshot: dict
    difficulty: float
    partial: bool


def item_for(question: Question, rng: random.Random) -> Item:
    snapshot: dict = {"kind": question.kind, "key": {}}
    if question.kind in ("choice", "true_false"):
        options = [
            {"token": f"q{question.pk}o{index}", "text": option["text"]}
            for index, option in enumerate(question.options)
        ]
        correct = (
            ("True" if question.answer else "False")
            if question.kind == "true_false"
            else question.answer
        )
        snapshot["options"] = options
        snapshot["key"]["correct"] = next(o["token"] for o in options if o["text"] == correct)
    return Item(
        question.pk,
        snapshot,
        difficulty=rng.gauss(0, 1.2),
        partial=question.kind in ("match", "categorize", "ordering"),
    )


def answer_for(item: Item, right: bool, rng: random.Random) -> tuple[object, float]:
    """An answer and its score: right, wrong, or for a match partly right."""
    if "options" in item.snapshot:
        correct = item.snapshot["key"]["correct"]
        wrong = [o["token"] for o in item.snapshot["options"] if o["token"] != correct]
        return (correct, 1.0) if right else (rng.choice(wrong), 0.0)
    if item.partial and not right:
        return {}, rng.choice([0.0, 0.25, 0.5, 0.75])
    return "answer", 1.0 if right else 0.0


def quiz_for(number: int, step: int, count: int) -> int:
    """Which quiz (index) learner ``number`` takes at their ``step``-th attempt: their own
    first, then (one learner in three) a retake of it, then the next ones in turn."""
    if step == 1 and number % 3 == 0:
        step = 0
    return (number + step) % count


def generate_history(briefing: Briefing, size: HistorySize, *, prefix: str, seed: int = 0) -> None:
    """``size.learners`` learners sharing about ``size.responses`` responses at ``briefing``'s
    lesson quizzes (attempts are dealt to the learners in turn until there are enough)."""
    rng = random.Random(seed)
    quizzes = list(briefing.quizzes.filter(lesson__isnull=False).order_by("lesson__position"))
    pools = {
        quiz.pk: [item_for(question, rng) for question in quiz.questions.active().order_by("pk")]
        for quiz in quizzes
    }
    quizzes = [quiz for quiz in quizzes if pools[quiz.pk]]
    now = timezone.now()
    with transaction.atomic():
        learners = get_user_model().objects.bulk_create(
            [
                get_user_model()(username=f"{prefix}-{number:05d}", password="!")
                for number in range(size.learners)
            ],
            batch_size=BATCH,
        )
        abilities = [rng.gauss(0, 1) for _ in learners]
        attempts: list[Attempt] = []
        answers: list[tuple[int, Item, object, float]] = []  # attempt index, item, answer, mark
        step, responses = 0, 0
        while responses < size.responses:
            for number, learner in enumerate(learners):
                quiz = quizzes[quiz_for(number, step, len(quizzes))]
                pool = pools[quiz.pk]
                total = 0.0
                drawn = rng.sample(pool, min(DRAW, len(pool)))
                for item in drawn:
                    right = rng.random() < 1 / (1 + math.exp(item.difficulty - abilities[number]))
                    answered = rng.random() < 0.97  # a few questions are left unanswered
                    answer, mark = answer_for(item, right, rng) if answered else (None, 0.0)
                    answers.append((len(attempts), item, answer, mark))
                    responses += answered
                    total += mark
                score = total / len(drawn)
                attempts.append(
                    Attempt(
                        learner=learner,
                        quiz=quiz,
                        submitted_at=now,
                        score=score,
                        passed=score * 100 >= quiz.pass_mark,
                    )
                )
                if responses >= size.responses:
                    break
            step += 1
        Attempt.objects.bulk_create(attempts, batch_size=BATCH)
        store_answers(attempts, answers)
        taken = {(attempt.learner_id, attempt.quiz.lesson_id) for attempt in attempts}
        passed = {(a.learner_id, a.quiz.lesson_id) for a in attempts if a.passed}
        insert_rows(
            LessonProgress,
            ["learner_id", "lesson_id", "first_opened_at", "read_at", "completed_at"],
            [
                (learner, lesson, now, now, now if (learner, lesson) in passed else None)
                for learner, lesson in sorted(taken)
            ],
        )
        store_reviews(learners, pools[quizzes[0].pk], now, rng)


def store_answers(attempts: list[Attempt], answers: list[tuple[int, Item, object, float]]) -> None:
    """The attempts' questions (snapshots), then the responses to the answered ones."""
    snapshots: dict[int, str] = {}
    positions: dict[int, int] = {}
    rows = []
    for index, item, _, _ in answers:
        positions[index] = positions.get(index, -1) + 1
        snapshot = snapshots.setdefault(item.question_id, json.dumps(item.snapshot))
        rows.append((attempts[index].pk, item.question_id, positions[index], snapshot))
    insert_rows(AttemptQuestion, ["attempt_id", "question_id", "position", "snapshot"], rows)
    # Their ids in the order they were inserted: attempt by attempt, position by position.
    ids = (
        AttemptQuestion.objects.filter(attempt__gte=attempts[0].pk, attempt__lte=attempts[-1].pk)
        .order_by("attempt_id", "position")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    insert_rows(
        Response,
        ["attempt_question_id", "answer", "correct", "score", "answered_at", "locked"],
        [
            (pk, json.dumps(answer), mark == 1, mark, now, True)
            for pk, (_, _, answer, mark) in zip(ids, answers, strict=True)
            if answer is not None
        ],
    )


def store_reviews(learners: list, pool: list[Item], now, rng: random.Random) -> None:
    """Three review cards per learner, every other one reviewed once."""
    cards = ReviewCard.objects.bulk_create(
        [
            ReviewCard(learner=learner, question_id=item.question_id, state={}, due=now)
            for learner in learners
            for item in rng.sample(pool, min(3, len(pool)))
        ],
        batch_size=BATCH,
    )
    insert_rows(
        ReviewLog,
        ["card_id", "rating", "reviewed_at"],
        [(card.pk, 3, now) for card in cards[::2]],
    )


def insert_rows(model: type[Model], columns: list[str], rows: list[tuple]) -> None:
    """``INSERT`` rows with ``executemany``, values ready for the database (JSON dumped).

    ``bulk_create`` builds a model instance and prepares each value of every row,
    which takes minutes for 200,000 rows on a busy machine; this takes seconds. Fields
    not named take their model default, so a field added later needs no change here.
    """
    defaults = [
        field
        for field in model._meta.concrete_fields
        if field.column not in columns and not field.primary_key and field.has_default()
    ]
    values = [field.get_db_prep_save(field.get_default(), connection) for field in defaults]
    columns = [*columns, *(field.column for field in defaults)]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})", [(*row, *values) for row in rows]
        )
