"""Many learners at once, through the real views, on SQLite and PostgreSQL.

Unique constraints and row locks hold these, not timing: each test releases its
threads together (a barrier) and counts the rows afterwards.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import learning.attempts
from learning.attempts import SUBMITTED, AttemptError, save_response, start_attempt
from learning.models import Attempt, Response, ReviewCard
from learning.scoring import parse_answer
from quizzes.models import Quiz
from tests.concurrency.learners import (
    ANSWERS,
    THREADS,
    answering,
    import_copies,
    make_learners,
    questions_to_answer,
    run_together,
    signed_in,
)
from tests.web.quiz_helpers import answer_data, answer_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_database")]


def test_sixteen_learners_post_two_thousand_answers_and_every_one_is_stored_once(
    django_user_model,
):
    briefing, _ = import_copies(4)
    learners = make_learners(django_user_model, THREADS)
    per_learner = ANSWERS // THREADS
    work = [
        (signed_in(learner), questions_to_answer(learner, briefing, per_learner))
        for learner in learners
    ]

    statuses = run_together([answering(client, items) for client, items in work])

    posted = [status for per_thread in statuses for status in per_thread]
    assert len(posted) == ANSWERS
    assert set(posted) == {302}
    assert Response.objects.count() == ANSWERS
    assert Response.objects.filter(correct=True, locked=True).count() == ANSWERS


def test_an_exam_submitted_twice_at_once_is_scored_once(
    django_user_model, seed_briefing, monkeypatch
):
    (learner,) = make_learners(django_user_model, 1)
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    attempt = start_attempt(learner=learner, quiz=exam)
    tab = signed_in(learner)
    for item in attempt.questions.order_by("position")[:3]:  # wrong: each gets a review card
        tab.post(answer_url(attempt, item.position), answer_data(item.snapshot, "wrong"))
    scorings = []
    schedule_reviews = learning.attempts.schedule_reviews

    def counted(**kwargs):
        scorings.append(threading.get_ident())
        return schedule_reviews(**kwargs)

    monkeypatch.setattr(learning.attempts, "schedule_reviews", counted)
    url = reverse("learning:submit", args=[attempt.pk])
    tabs = [tab, signed_in(learner)]

    statuses = run_together(
        [lambda tab=tab: tab.post(url, {"confirm": "yes"}).status_code for tab in tabs]
    )

    assert statuses == [302, 302]
    assert len(scorings) == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.score == 0
    assert ReviewCard.objects.filter(learner=learner).count() == 3


@pytest.mark.parametrize("mode", [Quiz.Mode.PRACTICE, Quiz.Mode.EXAM])
def test_two_tabs_answering_the_same_question_leave_one_response(
    django_user_model, seed_briefing, mode
):
    (learner,) = make_learners(django_user_model, 1)
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    Quiz.objects.filter(pk=quiz.pk).update(mode=mode)
    quiz.refresh_from_db()
    attempt = start_attempt(learner=learner, quiz=quiz)
    first = signed_in(learner)
    second = Client()  # the same browser: the same session
    second.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME].value

    for item in attempt.questions.order_by("position"):
        url = answer_url(attempt, item.position)
        data = answer_data(item.snapshot)
        statuses = run_together(
            [
                lambda tab=tab, url=url, data=data: tab.post(url, data).status_code
                for tab in (first, second)
            ]
        )
        assert statuses == [302, 302]

    assert Response.objects.filter(attempt_question__attempt=attempt).count() == (
        attempt.questions.count()
    )


def test_two_tabs_starting_the_same_quiz_at_once_get_one_attempt(django_user_model, seed_briefing):
    (learner,) = make_learners(django_user_model, 1)
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    url = reverse("learning:start", args=[quiz.pk])
    tabs = [signed_in(learner), signed_in(learner)]

    responses = run_together([lambda tab=tab: tab.post(url) for tab in tabs])

    attempt = Attempt.objects.get(learner=learner, quiz=quiz)
    assert [response.status_code for response in responses] == [302, 302]
    assert {response.url for response in responses} == {
        reverse("learning:attempt", args=[attempt.pk])
    }
    positions = list(attempt.questions.order_by("position").values_list("position", flat=True))
    assert positions == list(range(len(positions))) and positions  # one draw, stored once


def test_an_answer_posted_while_the_exam_is_submitted_waits_and_is_refused(
    django_user_model, seed_briefing
):
    """The answer's one statement locks the attempt's row as submitting does: an answer
    that arrives while a submission holds that lock waits for it, then finds the attempt
    closed and stores nothing, so no answer lands in an attempt once it is scored."""
    (learner,) = make_learners(django_user_model, 1)
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    attempt = start_attempt(learner=learner, quiz=exam)
    item = attempt.questions.order_by("position").first()
    submitting, answered = threading.Event(), []

    def submit_slowly():
        with transaction.atomic():
            locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
            submitting.set()
            time.sleep(0.5)  # the answer arrives meanwhile
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["submitted_at"])

    def answer_meanwhile():
        assert submitting.wait(timeout=30)
        item.attempt = Attempt.objects.get(pk=attempt.pk)  # read open, before the submission
        try:
            answer = parse_answer(item.snapshot, answer_data(item.snapshot).get, complete=True)
            save_response(attempt_question=item, answer=answer)
        except AttemptError as refused:
            answered.append(str(refused))

    run_together([submit_slowly, answer_meanwhile])

    assert answered == [str(SUBMITTED)]
    assert not Response.objects.filter(attempt_question=item).exists()
