"""The attempt life cycle: start (or resume), answer, submit, expire.

Each workflow has one keyword-only, atomic entry point. Views call these and
render; they never score or snapshot anything themselves.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from functools import cache

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from config.compiled import statement_cursor
from learning.activity import bump, bumped_with_write, new_version, with_bump
from learning.models import Attempt, AttemptQuestion, Response
from learning.progress import update_completion
from learning.review import schedule_reviews
from learning.scoring import build_snapshot, is_complete, score
from quizzes.generate.facts import pair_fact
from quizzes.generate.spec import QuestionKind
from quizzes.models import Question, Quiz
from quizzes.shape import InvalidQuestion

logger = logging.getLogger(__name__)


class AttemptError(Exception):
    """Something a learner tried that the rules refuse; the message says why."""


TIME_IS_UP = gettext_lazy("Time is up: the attempt was submitted with the answers saved so far.")
SUBMITTED = gettext_lazy("This attempt has been submitted: answers can no longer change.")


# The row's or term's own block too: ``Question.source_link`` reads its anchor and caption.
SOURCE_RELATED = ("source_block__lesson__briefing", "source_row__block", "source_term__block")


def draw_questions(quiz: Quiz, rng: random.Random, *, learner=None) -> list[Question]:
    """The questions of a new attempt, in the order shown.

    A lesson quiz takes a random ``draw`` of its active questions (every one
    when ``draw`` is empty); the final exam spreads ``draw`` questions evenly
    over the live lessons and, for ``learner``, asks each fact in a kind and
    direction they have not met in practice where the pool has one. A drawn
    attempt never holds two questions that share a fact (see ``pick_questions``).
    """
    related = SOURCE_RELATED
    if not quiz.is_final_exam:
        questions = list(quiz.questions.active().select_related(*related).order_by("pk"))
        if not quiz.draw:
            # "Every active question", as the instructor asked: facts may repeat.
            rng.shuffle(questions)
            return questions
        return pick_questions(questions, rng, quiz.draw)
    pool = (
        Question.objects.active()
        .filter(briefing=quiz.briefing, quiz__lesson__archived=False, quiz__lesson__isnull=False)
        .select_related("quiz", *related)
        .order_by("pk")
    )
    seen = practised(learner=learner, briefing_id=quiz.briefing_id) if learner else frozenset()
    return pick_questions(list(pool), rng, quiz.draw, group=lambda q: q.quiz.lesson_id, seen=seen)


def sightings(question: Question) -> frozenset[tuple[str, str, str]]:
    """Each fact of the question with the kind and direction it is asked in.

    The direction's first part only (``key_to_value`` of ``key_to_value:2``): the
    rest tells apart the columns or blanks of one source, not the way of asking.
    A question without a fact key stands for itself.
    """
    way = question.direction.partition(":")[0]
    facts = question_facts(question) or {f"question:{question.pk}"}
    return frozenset((fact, question.kind, way) for fact in facts)


def is_seen(question: Question, seen: frozenset[tuple[str, str, str]]) -> bool:
    return sightings(question) <= seen


def practised(*, learner, briefing_id: int) -> frozenset[tuple[str, str, str]]:
    """The ``sightings`` of every question the learner met in practice on the briefing:
    the attempts of practice quizzes and the practices of missed questions (one query)."""
    shown = AttemptQuestion.objects.filter(
        Q(attempt__quiz__mode=Quiz.Mode.PRACTICE) | Q(attempt__retry_of__isnull=False),
        attempt__learner=learner,
        attempt__quiz__briefing_id=briefing_id,
    )
    questions = Question.objects.filter(pk__in=shown.values("question")).only(
        "pk", "kind", "direction", "fact", "answer"
    )
    return frozenset(sighting for question in questions for sighting in sightings(question))


def question_facts(question: Question) -> frozenset[str]:
    """The facts a question asks or shows.

    Its own fact key, and for a match question the fact of each of its pairs,
    keyed as the choice and true/false questions on that row or term key theirs
    (``pair_fact``): a match listing three pairs gives away the answers of the
    questions on those pairs.
    """
    facts = {question.fact} if question.fact else set()
    if question.kind == QuestionKind.MATCH and isinstance(question.answer, dict):
        facts |= {pair_fact(left, right) for left, right in question.answer.items()}
    return frozenset(facts)


def pick_questions(
    questions: list[Question],
    rng: random.Random,
    limit: int | None,
    *,
    group: Callable[[Question], object] | None = None,
    seen: frozenset[tuple[str, str, str]] = frozenset(),
) -> list[Question]:
    """Up to ``limit`` of ``questions`` (all when ``None``), no two sharing a fact, shuffled.

    With ``group`` (the final exam's lesson), the questions are taken from each
    group in turn, so that they spread evenly over the groups. With ``seen``
    (``practised``), a fact whose question was met in practice in that kind and
    direction is asked by a question of its group on the same fact that was not,
    where there is one.
    """
    groups: dict[object, list[Question]] = defaultdict(list)
    for question in questions:
        groups[group(question) if group else None].append(question)
    for members in groups.values():
        rng.shuffle(members)
    order = sorted(groups, key=lambda key: (key is None, key))
    limit = limit or len(questions)
    drawn: list[Question] = []
    asked: set[str] = set()
    while len(drawn) < limit and any(groups.values()):
        for key in order:
            members = groups[key]
            while members:
                question = members.pop()
                facts = question_facts(question)
                if not facts & asked:
                    if seen and is_seen(question, seen):
                        question = unseen_twin(question, members, asked, seen) or question
                        facts = question_facts(question)
                    asked |= facts
                    drawn.append(question)
                    break
            if len(drawn) == limit:
                break
    rng.shuffle(drawn)
    return drawn


def unseen_twin(
    question: Question, members: list[Question], asked: set[str], seen: frozenset
) -> Question | None:
    """The next of ``members`` (in draw order) on the same fact as ``question``, not seen
    in its kind and direction and sharing no fact already asked; taken out of ``members``."""
    if not question.fact:
        return None
    for index in range(len(members) - 1, -1, -1):
        twin = members[index]
        if (
            twin.fact == question.fact
            and not is_seen(twin, seen)
            and not question_facts(twin) & asked
        ):
            return members.pop(index)
    return None


def start_attempt(*, learner, quiz: Quiz) -> Attempt:
    """Resume the learner's open attempt at ``quiz``, or start a new one.

    A double click or a second tab gets the same open attempt (a unique
    constraint makes sure of it). Raises ``AttemptError`` when no attempt is left
    or the quiz has no questions.

    A re-import may delete a question the new attempt drew (one nobody had answered)
    and commit first: PostgreSQL checks the attempt's foreign keys when it commits and
    refuses it, and the attempt is drawn again from the questions as they are now
    (``tests/concurrency/test_imports.py``). SQLite's transactions exclude each other.
    """
    try:
        return begin_attempt(learner=learner, quiz=quiz)
    except IntegrityError:
        if transaction.get_connection().in_atomic_block:
            raise  # the caller's transaction is spoilt: it must start again itself
        return begin_attempt(learner=learner, quiz=quiz)


@transaction.atomic
def begin_attempt(*, learner, quiz: Quiz) -> Attempt:
    """``start_attempt`` in one transaction."""
    current = open_attempt(learner=learner, quiz=quiz)
    if current is not None:
        return current
    used = Attempt.objects.counted().filter(learner=learner, quiz=quiz).count()
    if quiz.attempts_allowed is not None and used >= quiz.attempts_allowed:
        allowed = quiz.attempts_allowed
        raise AttemptError(
            ngettext(
                "You have used the one attempt allowed at this quiz.",
                "You have used all %(allowed)d attempts allowed at this quiz.",
                allowed,
            )
            % {"allowed": allowed}
        )
    rng = random.Random()
    drawn = draw_questions(quiz, rng, learner=learner)
    if not drawn:
        raise AttemptError(gettext("This quiz has no questions yet."))
    shown = snapshots(drawn, rng)
    if not shown:
        raise AttemptError(
            gettext("This quiz's questions cannot be shown: an editor needs to fix them.")
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                learner=learner,
                quiz=quiz,
                expires_at=now + quiz.time_limit if quiz.time_limit else None,
            )
    except IntegrityError:
        # Another request started it a moment ago: resume that one.
        return Attempt.objects.counted().get(learner=learner, quiz=quiz, submitted_at__isnull=True)
    freeze_questions(attempt, shown)
    return attempt


def freeze_questions(attempt: Attempt, shown: list[tuple[Question, dict]]) -> None:
    """Store the questions of ``attempt`` with their snapshots, in order, with one insert.

    In the transaction that created the attempt, whose save gave the learner a new
    activity version (``learning.activity``): a bulk insert sends no signal.
    """
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(attempt=attempt, question=question, position=position, snapshot=snapshot)
        for position, (question, snapshot) in enumerate(shown)
    )


def missed_questions(attempt: Attempt) -> list[Question]:
    """The active questions ``attempt`` left unanswered or answered (partly) wrong."""
    missed = attempt.questions.filter(Q(response__isnull=True) | Q(response__correct=False))
    return list(
        Question.objects.active()
        .filter(pk__in=missed.values("question"))
        .select_related(*SOURCE_RELATED)
        .order_by("pk")
    )


@transaction.atomic
def start_retry(*, attempt: Attempt) -> Attempt:
    """A practice of the questions a submitted attempt missed, or the open one already started.

    It checks each answer at once (whatever the quiz's mode), has no time limit
    and counts toward no score, pass or number of attempts allowed. Raises
    ``AttemptError`` when the attempt is still open or missed nothing.
    """
    if attempt.submitted_at is None:
        raise AttemptError(gettext("Finish this attempt first."))
    current = attempt.retries.filter(submitted_at__isnull=True).first()
    if current is not None:
        return current
    questions = missed_questions(attempt)
    if not questions:
        raise AttemptError(gettext("There is no question left to practise from this attempt."))
    rng = random.Random()
    rng.shuffle(questions)
    shown = snapshots(questions, rng)
    if not shown:
        raise AttemptError(gettext("These questions cannot be shown: an editor needs to fix them."))
    try:
        with transaction.atomic():
            retry = Attempt.objects.create(
                learner=attempt.learner, quiz=attempt.quiz, retry_of=attempt
            )
    except IntegrityError:
        return attempt.retries.get(submitted_at__isnull=True)
    freeze_questions(retry, shown)
    return retry


def snapshots(questions: list[Question], rng: random.Random) -> list[tuple[Question, dict]]:
    """Each drawn question with its snapshot; one stored in a shape that cannot be shown
    (the validator keeps them out, but rows written before it may remain) is left out
    of the attempt and logged, so that it cannot take the quiz down for everyone."""
    shown = []
    for question in questions:
        try:
            snapshot = build_snapshot(question.as_data(), rng=rng, source=question.source_link())
        except InvalidQuestion as problem:
            logger.warning("Question %s left out of an attempt: %s", question.pk, problem)
            continue
        shown.append((question, snapshot))
    return shown


def open_attempt(*, learner, quiz: Quiz) -> Attempt | None:
    """The learner's unfinished attempt, after submitting it if its time ran out."""
    attempt = (
        Attempt.objects.counted()
        .filter(learner=learner, quiz=quiz, submitted_at__isnull=True)
        .first()
    )
    if attempt is not None and expire_if_due(attempt):
        return None
    return attempt


def expire_if_due(attempt: Attempt) -> bool:
    """Submit an attempt whose time limit has passed, with what was saved. True if it did."""
    if attempt.submitted_at is None and attempt.expires_at and timezone.now() >= attempt.expires_at:
        submit_attempt(attempt=attempt)
        return True
    return False


def save_response(*, attempt_question: AttemptQuestion, answer: object) -> Response:
    """Save (exam) or save, score and lock (practice) one answer.

    Raises ``AttemptError`` for a submitted or expired attempt (an expired one is
    submitted first, with the answers saved so far), or a practice question
    already answered.

    The answer is written with one statement (``store_response``) that first locks the
    attempt's row and checks it is still open: submitting takes the same lock, so no
    answer lands in an attempt once it is scored. The same statement refuses a locked
    response: no read of the attempt or the response before the write, and no savepoint.
    """
    attempt = attempt_question.attempt
    practice = attempt.is_practice
    response = scored_response(attempt_question, answer, locked=practice)
    if expire_if_due(attempt):  # submitted, with the answers saved so far, and kept
        raise AttemptError(TIME_IS_UP)
    due_for_review = practice and not response.correct
    with transaction.atomic() if due_for_review else nullcontext():
        if not store_response(response, attempt):
            if not Attempt.objects.filter(pk=attempt.pk, submitted_at=None).exists():
                raise AttemptError(SUBMITTED)
            raise AttemptError(gettext("You have already answered this question."))
        if due_for_review:
            schedule_reviews(learner=attempt.learner, question_ids=[attempt_question.question_id])
    attempt_question.response = response
    return response


def scored_response(
    attempt_question: AttemptQuestion, answer: object, *, locked: bool = False
) -> Response:
    """The response ``answer`` makes to the question, scored, not saved yet."""
    result = score(attempt_question.snapshot, answer)
    return Response(
        attempt_question=attempt_question,
        answer=answer,
        score=result.value,
        correct=result.correct,
        locked=locked,
        complete=is_complete(attempt_question.snapshot, answer),
        answered_at=timezone.now(),
    )


def store_response(response: Response, attempt: Attempt) -> bool:
    """Insert the response, or update the one already stored unless it is locked, while the
    attempt is open, and bump the learner's activity version with it (written in SQL: no
    signal).

    One ``INSERT … SELECT … WHERE EXISTS (open attempt FOR UPDATE) ON CONFLICT DO UPDATE
    … WHERE`` (PostgreSQL and SQLite say it alike; SQLite, which has no row locks, takes
    its write lock when the transaction begins). False, and nothing written, when the
    attempt is submitted or a locked response is already there. The attempt's row stays
    locked until the transaction ends, as ``submit_attempt`` locks it first; the unique
    attempt question makes two requests at once store one response, whatever the lock.

    On PostgreSQL the bump rides in the same statement (``with_bump``): an exam's answer
    is one statement, in no transaction of its own. Elsewhere the bump follows the insert,
    in a transaction.
    """
    meta = Response._meta
    values = [
        meta.get_field(name).get_db_prep_save(
            getattr(response, meta.get_field(name).attname), connection
        )
        for name in STORED_FIELDS
    ]
    learner_id = attempt.learner_id
    bump_within = bumps_within(connection.vendor)
    parameters = [*values, attempt.pk, *((new_version(), learner_id) if bump_within else ())]
    with nullcontext() if bump_within else transaction.atomic(savepoint=False):
        with statement_cursor() as cursor:
            cursor.execute(store_response_sql(connection.vendor), parameters)
            row = cursor.fetchone()
        if row is None:
            return False
        if bump_within:
            bumped_with_write(learner_id)
        else:
            bump(learner_id)
    response.pk = row[0]
    return True


STORED_FIELDS = (
    "attempt_question",
    "answer",
    "correct",
    "score",
    "answered_at",
    "locked",
    "complete",
)


@cache
def store_response_sql(vendor: str) -> str:
    """``store_response``'s statement, built once per database vendor (taking the
    ``STORED_FIELDS`` values, then the attempt's id; on PostgreSQL, then the version and
    the learner's id of its bump, ``with_bump``): it runs on every answer."""
    meta, quote = Response._meta, connection.ops.quote_name
    columns = [quote(meta.get_field(name).column) for name in STORED_FIELDS]
    table, key, locked = (
        quote(meta.db_table),
        quote(meta.get_field("attempt_question").column),
        quote(meta.get_field("locked").column),
    )
    attempts = Attempt._meta
    open_attempt = (
        f"SELECT 1 FROM {quote(attempts.db_table)} WHERE {quote(attempts.pk.column)} = %s "
        f"AND {quote(attempts.get_field('submitted_at').column)} IS NULL"
        + (" FOR UPDATE" if connection.features.has_select_for_update else "")
    )
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns[1:])
    write = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(['%s'] * len(STORED_FIELDS))} "
        f"WHERE EXISTS ({open_attempt}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates} WHERE NOT {table}.{locked} "
        f"RETURNING {quote(meta.pk.column)}"
    )
    return with_bump(write) if bumps_within(vendor) else write


def bumps_within(vendor: str) -> bool:
    """Whether the answer's statement bumps the learner itself: PostgreSQL's ``WITH`` can
    write, SQLite's cannot."""
    return vendor == "postgresql"


@transaction.atomic
def submit_attempt(*, attempt: Attempt) -> Attempt:
    """Score and close an attempt; submitting twice gives one result."""
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        return attempt
    questions = list(attempt.questions.select_related("response"))
    scores = [getattr(question, "response", None) for question in questions]
    if attempt.retry_of_id is None:
        total = sum(response.score for response in scores if response is not None)
        attempt.score = total / len(questions) if questions else 0.0
        attempt.passed = attempt.score * 100 >= attempt.quiz.pass_mark - 1e-9
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["score", "passed", "submitted_at"])
    schedule_reviews(
        learner=attempt.learner,
        question_ids=[
            question.question_id
            for question, response in zip(questions, scores, strict=True)
            if response is not None and not response.correct
        ],
    )
    if attempt.quiz.lesson_id and attempt.retry_of_id is None:
        update_completion(learner=attempt.learner, lesson=attempt.quiz.lesson)
    return attempt


def set_flag(*, attempt_question: AttemptQuestion, flagged: bool) -> None:
    """Flag a question to come back to (or take the flag off) while the attempt is open."""
    if expire_if_due(attempt_question.attempt):
        raise AttemptError(TIME_IS_UP)
    with transaction.atomic():  # the flag and the learner's new version commit together
        updated = AttemptQuestion.objects.filter(
            pk=attempt_question.pk, attempt__submitted_at__isnull=True
        ).update(flagged=flagged)
        if not updated:
            raise AttemptError(SUBMITTED)
        bump(attempt_question.attempt.learner_id)
    attempt_question.flagged = flagged


def best_scores(learner, quizzes) -> dict[int, float]:
    """The learner's best submitted score per quiz id."""
    return dict(
        Attempt.objects.counted()
        .filter(learner=learner, quiz__in=quizzes, submitted_at__isnull=False)
        .values("quiz")
        .annotate(best=Max("score"))
        .values_list("quiz", "best")
    )
