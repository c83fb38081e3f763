"""A demo class: a dozen learners with three weeks of reading, quizzes and reviews.

So that the reports show something on a fresh machine (``make run``). Every
choice comes from one seeded random generator, so two runs on the same briefing
give the same history (its dates are relative to today). Attempts go through the
learner's own code (snapshots, scoring, submission, completion, review cards,
FSRS reviews); only the draw is seeded, and the dates are moved back afterwards.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from briefing.models import Briefing, Lesson
from learning.activity import bump
from learning.attempts import draw_questions, scored_response, submit_attempt
from learning.models import Attempt, AttemptQuestion, LessonProgress, Response, ReviewCard
from learning.progress import mark_read
from learning.review import record_review, review_snapshot
from learning.scoring import build_snapshot
from quizzes.models import Quiz

SEED = 20_260_101
DAYS = 21
LEARNERS = (
    ("amira.haddad", "Amira", "Haddad"),
    ("ben.okafor", "Ben", "Okafor"),
    ("chloe.martin", "Chloé", "Martin"),
    ("daniel.kowalski", "Daniel", "Kowalski"),
    ("elena.rossi", "Elena", "Rossi"),
    ("farid.nasser", "Farid", "Nasser"),
    ("grace.lee", "Grace", "Lee"),
    ("hugo.silva", "Hugo", "Silva"),
    ("ines.garcia", "Inès", "García"),
    ("jonas.berg", "Jonas", "Berg"),
    ("kofi.mensah", "Kofi", "Mensah"),
    ("lena.fischer", "Lena", "Fischer"),
)
RETAKES = 2


@dataclass
class DemoLearner:
    """One learner's simulated ability and the moment their activity has reached."""

    user: object
    ability: float
    clock: datetime


def chance(ability: float, difficulty: float) -> float:
    """The chance of a right answer: logistic in ability minus difficulty."""
    return 1 / (1 + math.exp(difficulty - ability))


def simulated_answer(snapshot: dict, right: float, rng: random.Random) -> object:
    """An answer right with probability ``right`` (each item of a match on its own)."""
    kind, key = snapshot["kind"], snapshot["key"]
    if kind in ("choice", "true_false"):
        if rng.random() < right:
            return key["correct"]
        return rng.choice([o["token"] for o in snapshot["options"] if o["token"] != key["correct"]])
    if kind in ("match", "categorize"):
        tokens = [choice["token"] for choice in snapshot["choices"]]
        return {
            item: target
            if rng.random() < right
            else rng.choice([t for t in tokens if t != target] or tokens)
            for item, target in key["correct"].items()
        }
    if kind == "ordering":
        if rng.random() < right:
            return dict(key["correct"])
        count = len(key["correct"])
        return {item: position % count + 1 for item, position in key["correct"].items()}
    return key["accepted"][0] if rng.random() < right else "I am not sure"


def take_quiz(
    learner: DemoLearner, quiz: Quiz, difficulty: dict[int, float], rng: random.Random
) -> Attempt:
    """One attempt, as ``learning.attempts.start_attempt`` builds it but with a seeded draw
    and tokens, every question answered, then submitted; dated at the learner's clock."""
    attempt = Attempt.objects.create(learner=learner.user, quiz=quiz)
    questions = draw_questions(quiz, rng)

    def token() -> str:
        return f"{rng.getrandbits(64):016x}"

    items = AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            question=question,
            position=position,
            snapshot=build_snapshot(
                question.as_data(), rng=rng, source=question.source_link(), token=token
            ),
        )
        for position, question in enumerate(questions)
    )
    responses = []
    for item in items:
        right = chance(learner.ability, difficulty.get(item.question_id, 0.0))
        answer = simulated_answer(item.snapshot, right, rng)
        responses.append(scored_response(item, answer, locked=quiz.mode == Quiz.Mode.PRACTICE))
    Response.objects.bulk_create(responses)
    attempt = submit_attempt(attempt=attempt)
    minutes = timedelta(minutes=rng.randint(4, 15))
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=learner.clock, submitted_at=learner.clock + minutes
    )
    learner.clock += minutes + timedelta(minutes=rng.randint(5, 90))
    return attempt


def study_lesson(
    learner: DemoLearner, lesson: Lesson, difficulty: dict[int, float], rng: random.Random
) -> None:
    """Read the lesson, then take its quiz until passed or out of retakes (a little better
    each time, having seen the feedback)."""
    mark_read(learner=learner.user, lesson=lesson)
    read = learner.clock + timedelta(minutes=rng.randint(5, 25))
    LessonProgress.objects.filter(learner=learner.user, lesson=lesson).update(
        first_opened_at=learner.clock, read_at=read
    )
    learner.clock = read
    quiz = getattr(lesson, "quiz", None)
    if quiz is None or not quiz.questions.active().exists():
        return
    ability = learner.ability
    for _ in range(1 + RETAKES):
        if take_quiz(learner, quiz, difficulty, rng).passed:
            break
        learner.ability += 0.6
    learner.ability = ability
    LessonProgress.objects.filter(
        learner=learner.user, lesson=lesson, completed_at__isnull=False
    ).update(completed_at=learner.clock)


def review_some(learner: DemoLearner, difficulty: dict[int, float], rng: random.Random) -> None:
    """Review about half of the learner's cards today, as the review page would."""
    cards = list(
        ReviewCard.objects.filter(learner=learner.user).select_related("question").order_by("pk")
    )
    for card in rng.sample(cards, len(cards) // 2):
        snapshot = review_snapshot(card, reviews=0)
        right = chance(learner.ability + 0.8, difficulty.get(card.question_id, 0.0))
        record_review(
            card=card, snapshot=snapshot, answer=simulated_answer(snapshot, right, rng), reviews=0
        )


def demo_learners():
    return get_user_model().objects.filter(username__in=[name for name, _, _ in LEARNERS])


@transaction.atomic
def create_demo_activity(*, briefing: Briefing, seed: int = SEED) -> int:
    """The demo learners and their history at ``briefing``; returns the attempts made.

    Nothing is done (0) when a demo learner already has an attempt there, so the
    command can run on every ``make run``.
    """
    if Attempt.objects.filter(learner__in=demo_learners(), quiz__briefing=briefing).exists():
        return 0
    rng = random.Random(seed)
    lessons = list(briefing.lessons.live().order_by("position").select_related("quiz"))
    questions = briefing.questions.filter(active=True).order_by("fingerprint")
    difficulty = {pk: rng.gauss(-0.4, 1.0) for pk in questions.values_list("pk", flat=True)}
    exam = Quiz.objects.filter(briefing=briefing, lesson__isnull=True).first()
    start = timezone.now() - timedelta(days=DAYS)
    attempts = 0
    for username, first_name, last_name in LEARNERS:
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "password": "!"},
        )
        ability = rng.gauss(0.3, 1.0)
        learner = DemoLearner(user, ability, start + timedelta(hours=rng.randint(0, 5 * 24)))
        # Stronger learners get further; everyone reads at least the first lesson.
        reach = max(1, min(len(lessons), round(len(lessons) * rng.uniform(0.3, 1.0) + ability)))
        for lesson in lessons[:reach]:
            study_lesson(learner, lesson, difficulty, rng)
            learner.clock += timedelta(hours=rng.randint(10, 40))
        if exam and reach == len(lessons) and rng.random() < 0.75:
            take_quiz(learner, exam, difficulty, rng)
        review_some(learner, difficulty, rng)
        bump(user.pk)  # the history is written with bulk inserts and updates
        attempts += Attempt.objects.filter(learner=user, quiz__briefing=briefing).count()
    return attempts
