"""A malformed question is refused wherever it comes from, and never takes a quiz down.

Defect 3 of issue 14: an option that is not a mapping passed the check, from
YAML or the admin, and then 10 of 15 starts of the quiz were a 500 for every
learner. One validator (``quizzes.shape``) now guards the admin, the YAML
restore and generation; a row stored before it is left out of attempts.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from quizzes.models import Question, Quiz
from tests.robustness.test_hostile_imports import row_counts
from tests.web.quiz_helpers import questions_of, start

pytestmark = pytest.mark.django_db


def question_form(question: Question, **changes: str) -> dict:
    return {
        "quiz": question.quiz_id,
        "kind": question.kind,
        "prompt": question.prompt,
        "options": json.dumps(question.options),
        "answer": json.dumps(question.answer),
        "explanation": question.explanation,
        "origin": question.origin,
        "active": "on",
        "source_block": question.source_block_id or "",
        "source_row": question.source_row_id or "",
        "source_term": question.source_term_id or "",
    } | changes


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ('["Joint drills", "Border patrols", "Air support"]', "Option 1 is not a"),
        ('[{"text": "A"}, {"text": "A"}]', "Two options have the text"),
        ('[{"text": "A", "feedback": 3}, {"text": "B"}]', "The feedback of option 1"),
        ('[{"text": "A\\u0000"}, {"text": "B"}]', "Option 1 contains a NUL character"),
        ('[{"text": "A", "score": 1}, {"text": "B"}]', "fields other than text and feedback"),
    ],
    ids=["strings", "twice", "feedback-number", "nul", "extra-field"],
)
def test_the_admin_refuses_an_option_that_could_not_be_shown(
    admin_client, seed_briefing, options, message
):
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    before = row_counts(), (question.options, question.answer)

    response = admin_client.post(
        f"/admin/quizzes/question/{question.pk}/change/",
        question_form(question, options=options, answer='"A"'),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    question.refresh_from_db()
    assert (row_counts(), (question.options, question.answer)) == before


def test_the_admin_refuses_a_nul_in_the_answer(admin_client, seed_briefing):
    question = Question.objects.filter(briefing=seed_briefing, kind="cloze").first()
    response = admin_client.post(
        f"/admin/quizzes/question/{question.pk}/change/",
        question_form(question, answer='["a\\u0000b"]'),
    )
    assert response.status_code == 200
    assert "The answer contains a NUL character." in response.content.decode()


def test_a_stored_question_that_cannot_be_shown_is_left_out_of_the_attempt(
    client, learner, seed_briefing
):
    """Written past the validator (as rows stored before it may be), it does not
    stop the quiz: every start succeeds, without that question."""
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    quiz.draw = None
    quiz.save()
    broken = quiz.questions.filter(kind="choice").first()
    Question.objects.filter(pk=broken.pk).update(options=["Joint drills", "Border patrols"])
    client.force_login(learner)

    attempt = start(client, quiz)

    shown = [aq.question_id for aq in questions_of(attempt)]
    assert broken.pk not in shown
    assert len(shown) == quiz.questions.active().count() - 1
    assert client.get(reverse("learning:attempt", args=[attempt.pk])).status_code == 200


def test_a_quiz_whose_every_question_is_broken_says_so(client, learner, seed_briefing):
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    quiz.questions.update(options=["x"], kind="choice")
    client.force_login(learner)

    response = client.post(reverse("learning:start", args=[quiz.pk]), follow=True)

    assert response.status_code == 200
    assert "questions cannot be shown: an editor needs to fix them" in response.content.decode()
