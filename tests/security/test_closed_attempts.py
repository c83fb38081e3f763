"""Answering, flagging or submitting an attempt that is closed (submitted, or out of time)
is refused with a message, and changes nothing that was stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from learning.models import Attempt, AttemptQuestion, Response, ReviewCard
from tests.web.quiz_helpers import (
    HTMX,
    answer_data,
    answer_url,
    attempt_url,
    questions_of,
    result_url,
    start,
    submit_url,
)

pytestmark = pytest.mark.django_db


def stored(attempt: Attempt) -> tuple:
    """Everything a request to the attempt could change."""
    attempt.refresh_from_db()
    return (
        attempt.submitted_at,
        attempt.score,
        attempt.passed,
        sorted(Response.objects.values_list("attempt_question", "answer", "score", "locked")),
        sorted(AttemptQuestion.objects.values_list("pk", "flagged")),
        ReviewCard.objects.count(),
        Attempt.objects.count(),
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_answers_to_a_submitted_attempt_are_refused(signed_in, final_exam, htmx):
    attempt = start(signed_in, final_exam)
    answered, unanswered = questions_of(attempt)[:2]
    signed_in.post(answer_url(attempt, 0), answer_data(answered.snapshot, "wrong"))
    signed_in.post(submit_url(attempt), {"confirm": "yes"})
    attempt.refresh_from_db()
    before = (attempt.submitted_at, attempt.score)

    for item in (answered, unanswered):
        data = answer_data(item.snapshot, "right")
        response = signed_in.post(
            answer_url(attempt, item.position), data, headers=HTMX if htmx else {}
        )
        if htmx:
            assert response.headers["HX-Redirect"] == attempt_url(attempt)
        else:
            assert response.url == attempt_url(attempt)
        shown = signed_in.get(attempt_url(attempt), follow=True)
        assert shown.redirect_chain == [(result_url(attempt), 302)]
        assert "This attempt has been submitted: answers can no longer change." in (
            shown.content.decode()
        )

    assert not Response.objects.get(attempt_question=answered).correct
    assert not Response.objects.filter(attempt_question=unanswered).exists()
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score) == before


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_a_submitted_attempt_refuses_flags_moves_and_a_second_submit(signed_in, final_exam, htmx):
    attempt = start(signed_in, final_exam)
    first = questions_of(attempt)[0]
    signed_in.post(answer_url(attempt, 0), answer_data(first.snapshot, "right"))
    signed_in.post(submit_url(attempt), {"confirm": "yes"})
    before = stored(attempt)
    headers = HTMX if htmx else {}

    for data in ({"flag": "on"}, {"go": "1"} | answer_data(first.snapshot, "wrong")):
        response = signed_in.post(answer_url(attempt, 0), data, headers=headers)
        assert response.status_code == 200 if htmx else 302
        shown = signed_in.get(attempt_url(attempt), follow=True).content.decode()
        assert "answers can no longer change" in shown
    again = signed_in.post(submit_url(attempt), {"confirm": "yes"})

    assert again.url == result_url(attempt)
    assert stored(attempt) == before


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
@pytest.mark.parametrize("request_kind", ["answer", "flag", "move on", "submit"])
def test_an_attempt_out_of_time_refuses_answers_and_keeps_what_was_saved(
    signed_in, final_exam, request_kind, htmx
):
    final_exam.time_limit = timedelta(minutes=20)
    final_exam.save()
    attempt = start(signed_in, final_exam)
    saved, late = questions_of(attempt)[:2]
    signed_in.post(answer_url(attempt, 0), answer_data(saved.snapshot, "right"))
    Attempt.objects.filter(pk=attempt.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    data = {
        "answer": answer_data(late.snapshot, "right"),
        "flag": {"flag": "on"},
        "move on": {"go": "0"} | answer_data(late.snapshot, "right"),
        "submit": {"confirm": "yes"},
    }[request_kind]
    url = submit_url(attempt) if request_kind == "submit" else answer_url(attempt, 1)

    response = signed_in.post(url, data, headers=HTMX if htmx else {})

    assert response.status_code == 200 if htmx and request_kind != "submit" else 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.score == pytest.approx(1 / 20)
    assert not Response.objects.filter(attempt_question=late).exists()
    assert not AttemptQuestion.objects.filter(flagged=True).exists()
    shown = signed_in.get(attempt_url(attempt), follow=True).content.decode()
    assert "Your result" in shown
    if request_kind != "submit":
        assert "Time is up: the attempt was submitted with the answers saved so far." in shown
