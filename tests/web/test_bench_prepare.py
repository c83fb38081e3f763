"""The data ``make bench`` and ``make bench-http`` prepare, made as they make it: they are
not run by ``make test`` otherwise, and must keep working when the models change."""

import json

import pytest
from django.contrib.auth import get_user_model

from bench import http_prepare
from bench.history import HistorySize, generate_history
from learning.models import AttemptQuestion, Response, ReviewCard

pytestmark = pytest.mark.django_db


def test_prepare_writes_a_slot_for_every_answer_and_review(tmp_path):
    http_prepare.prepare(tmp_path, learners=2)

    data = json.loads((tmp_path / "data.json").read_text(encoding="utf-8"))
    answers = (tmp_path / "answers.tsv").read_text(encoding="utf-8").splitlines()
    reviews = (tmp_path / "reviews.tsv").read_text(encoding="utf-8").splitlines()
    questions = AttemptQuestion.objects.filter(
        attempt__learner__username__startswith=http_prepare.SLOT_PREFIX
    )
    slots, history = (
        questions.filter(attempt__submitted_at=None),
        questions.exclude(attempt__submitted_at=None),
    )
    cards = ReviewCard.objects.filter(learner__username__startswith=http_prepare.SLOT_PREFIX)
    assert len(answers) == data["answer_slots"] == slots.count() > 0
    assert len(reviews) == data["review_slots"] == cards.count() > 0
    assert all(line.split("\t")[0] == "POST" for line in answers + reviews)
    assert data["lesson"].startswith(data["briefing"])
    # the history: every question of a submitted attempt answered, right
    assert history.filter(response__correct=True).count() == history.count() > 0
    assert http_prepare.count() == {"answers": history.count(), "reviews": 0}


def test_the_reports_history_is_stored_through_every_column(seed_briefing):
    """``make bench`` inserts a large history with raw SQL: a field added to the models must
    not break it."""
    generate_history(seed_briefing, HistorySize(learners=3, responses=60), prefix="bench-test")

    learners = get_user_model().objects.filter(username__startswith="bench-test")
    assert learners.count() == 3
    answered = Response.objects.filter(attempt_question__attempt__learner__in=learners)
    assert answered.count() > 0
    assert not AttemptQuestion.objects.filter(flagged=True).exists()
