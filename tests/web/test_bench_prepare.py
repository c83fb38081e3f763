"""``make bench-http`` prepares its data with the app's own services: it must keep working
when they change (it is not run by ``make test`` otherwise)."""

import json

import pytest

from bench import http_prepare
from learning.models import AttemptQuestion, ReviewCard

pytestmark = pytest.mark.django_db


def test_prepare_writes_a_slot_for_every_answer_and_review(tmp_path):
    http_prepare.prepare(tmp_path, learners=2)

    data = json.loads((tmp_path / "data.json").read_text(encoding="utf-8"))
    answers = (tmp_path / "answers.tsv").read_text(encoding="utf-8").splitlines()
    reviews = (tmp_path / "reviews.tsv").read_text(encoding="utf-8").splitlines()
    slots = AttemptQuestion.objects.filter(
        attempt__learner__username__startswith=http_prepare.SLOT_PREFIX
    )
    cards = ReviewCard.objects.filter(learner__username__startswith=http_prepare.SLOT_PREFIX)
    assert len(answers) == data["answer_slots"] == slots.count() > 0
    assert len(reviews) == data["review_slots"] == cards.count() > 0
    assert all(line.split("\t")[0] == "POST" for line in answers + reviews)
    assert data["lesson"].startswith(data["briefing"])
    assert http_prepare.count() == {"answers": 0, "reviews": 0}
