"""Another learner's attempt, result, review card or flashcards: a 404, and nothing changes.

Every attempt, card and progress row is looked up with ``learner=request.user``, so
a learner who guesses (or is sent) another learner's URL gets "not found", as they
would for a URL that does not exist.
"""

import pytest
from django.urls import reverse
from fsrs import Rating

from learning.attempts import start_attempt, submit_attempt
from learning.flashcards import deck_lessons, deck_of, rate_flashcard
from learning.models import Attempt, Response, ReviewCard, ReviewLog
from learning.review import review_snapshot
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


def history() -> tuple:
    """Every learner's stored history, to compare before and after."""
    return (
        sorted(Attempt.objects.values_list("pk", "learner", "submitted_at", "score")),
        sorted(Response.objects.values_list("pk", "attempt_question", "answer", "score")),
        sorted(ReviewCard.objects.values_list("pk", "learner", "due")),
        ReviewLog.objects.count(),
    )


def test_another_learners_attempt_is_404_and_nothing_changes(
    client, lesson_quiz, learner, other_learner
):
    client.force_login(learner)
    attempt = start(client, lesson_quiz)
    first, second = questions_of(attempt)[:2]
    client.post(answer_url(attempt, 0), answer_data(first.snapshot, "wrong"))
    card = ReviewCard.objects.get(learner=learner)
    due = card.due
    review_answer = answer_data(review_snapshot(card, reviews=0)) | {"reviews": "0"}
    client.force_login(other_learner)

    requests = [
        ("get", attempt_url(attempt), None, {}),
        ("get", attempt_url(attempt) + "?q=2", None, HTMX),
        ("get", attempt_url(attempt) + "?show=all", None, {}),
        ("get", result_url(attempt), None, {}),
        ("get", submit_url(attempt), None, {}),
        ("post", answer_url(attempt, 1), answer_data(second.snapshot), {}),
        ("post", answer_url(attempt, 1), answer_data(second.snapshot), HTMX),
        ("post", answer_url(attempt, 1), {"flag": "on"}, HTMX),
        ("post", answer_url(attempt, 1), {"go": "finish"}, {}),
        ("post", submit_url(attempt), {"confirm": "yes"}, {}),
        ("post", reverse("learning:retry", args=[attempt.pk]), {}, {}),
        ("post", reverse("learning:review_answer", args=[card.pk]), review_answer, {}),
        ("post", reverse("learning:review_answer", args=[card.pk]), review_answer, HTMX),
    ]
    for method, url, data, headers in requests:
        assert getattr(client, method)(url, data, headers=headers).status_code == 404, url

    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert list(Response.objects.values_list("attempt_question", flat=True)) == [first.pk]
    card.refresh_from_db()
    assert card.due == due
    assert not card.logs.exists()
    assert not Attempt.objects.filter(learner=other_learner).exists()

    submit_attempt(attempt=attempt)
    for url in (result_url(attempt), result_url(attempt) + "?only=wrong"):
        assert client.get(url).status_code == 404
    assert client.post(reverse("learning:retry", args=[attempt.pk])).status_code == 404
    assert not Attempt.objects.filter(learner=other_learner).exists()


def test_another_learners_practice_of_missed_questions_is_404(
    client, lesson_quiz, learner, other_learner
):
    attempt = start_attempt(learner=learner, quiz=lesson_quiz)
    submit_attempt(attempt=attempt)
    client.force_login(learner)
    client.post(reverse("learning:retry", args=[attempt.pk]))
    practice = Attempt.objects.get(retry_of=attempt)
    item = questions_of(practice)[0]
    before = history()
    client.force_login(other_learner)

    for response in (
        client.get(attempt_url(practice)),
        client.post(answer_url(practice, 0), answer_data(item.snapshot)),
        client.post(submit_url(practice), {"confirm": "yes"}),
        client.get(result_url(practice)),
    ):
        assert response.status_code == 404
    assert history() == before


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_another_learners_flashcards_are_404_and_their_deck_is_their_own(
    client, seed_briefing, learner, other_learner, htmx
):
    """A flashcard's review card is the learner's own: another learner rating it by its id
    gets a 404. The deck page is the lesson's, shown with each learner's own cards: rating
    one there makes a card for the one who rated it and leaves the other's alone."""
    lesson = deck_lessons().get(briefing=seed_briefing, position=3)
    flashcard = deck_of(lesson)[0]
    rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Again, reviews=0)
    card = ReviewCard.objects.get(learner=learner, **flashcard.lookup)
    due = card.due
    before = history()
    client.force_login(other_learner)
    headers = HTMX if htmx else {}

    refused = client.post(
        reverse("learning:review_rate", args=[card.pk]),
        {"rating": "4", "reviews": "1"},
        headers=headers,
    )

    assert refused.status_code == 404
    assert history() == before

    rated = client.post(
        reverse("learning:deck_rate", args=[lesson.pk]),
        {"card": flashcard.key, "rating": "4", "reviews": "0"},
        headers=headers,
    )

    assert rated.status_code == (200 if htmx else 302)
    card.refresh_from_db()
    assert (card.due, card.logs.count()) == (due, 1)
    assert ReviewCard.objects.filter(learner=other_learner, **flashcard.lookup).exists()


def test_an_unpublished_briefing_is_404_for_learners(client, seed_briefing, learner, lesson_quiz):
    """Its quizzes, decks and attempts: a learner cannot reach them, even their own attempt."""
    attempt = start_attempt(learner=learner, quiz=lesson_quiz)
    lesson = deck_lessons().get(briefing=seed_briefing, position=3)
    seed_briefing.published = False
    seed_briefing.save()
    client.force_login(learner)
    before = history()

    for response in (
        client.get(lesson_quiz.get_absolute_url()),
        client.post(reverse("learning:start", args=[lesson_quiz.pk])),
        client.get(attempt_url(attempt)),
        client.post(answer_url(attempt, 0), {"choice": "x"}),
        client.get(reverse("learning:deck", args=[lesson.pk])),
        client.post(reverse("learning:deck_rate", args=[lesson.pk]), {"rating": "3"}),
        client.post(reverse("learning:mark_read", args=[lesson.pk])),
    ):
        assert response.status_code == 404
    assert history() == before
