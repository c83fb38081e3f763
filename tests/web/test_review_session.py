"""A review session ends: each due card is shown once, counted ("Card 3 of 7"), and the
session closes with a summary. Every test runs on a frozen clock (``clock``)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from fsrs import Rating, State

from learning.models import ReviewCard, ReviewLog
from learning.review import (
    LEARN_AHEAD,
    ReviewSession,
    card_is_due,
    due_counts,
    is_due,
    review_snapshot,
    schedule_review,
    session_start,
    session_token,
)
from quizzes.models import Question
from tests.web.quiz_helpers import HTMX, answer_data

pytestmark = pytest.mark.django_db

REVIEW = reverse("learning:review")


@pytest.fixture
def signed_in(clock, client, learner):
    client.force_login(learner)
    return client


def due_cards_for(learner, briefing, count: int) -> list[ReviewCard]:
    """``count`` new cards, due now, on choice questions (as a wrong quiz answer makes them)."""
    questions = Question.objects.filter(briefing=briefing, kind="choice").order_by("pk")[:count]
    assert len(questions) == count
    return [schedule_review(learner=learner, question_id=q.pk) for q in questions]


def shown_card(html: str) -> tuple[ReviewCard, int, str]:
    """The card a review page asks, with its review count and the session it belongs to."""
    card_id = re.search(r'action="/review/(\d+)/"', html).group(1)
    reviews = re.search(r'name="reviews" value="(\d+)"', html).group(1)
    session = re.search(r'name="session" value="(\d+)"', html).group(1)
    return ReviewCard.objects.get(pk=card_id), int(reviews), session


def answer(client, html: str, how: str, **headers) -> tuple[ReviewCard, str]:
    """Answer the card on the page ``right`` or ``wrong``; the card and the reply's HTML."""
    card, reviews, session = shown_card(html)
    data = answer_data(review_snapshot(card, reviews=reviews), how)
    data |= {"reviews": str(reviews), "session": session}
    response = client.post(reverse("learning:review_answer", args=[card.pk]), data, headers=headers)
    assert response.status_code == 200
    return card, response.content.decode()


def next_url(html: str) -> str:
    return re.search(r'<a class="button" href="(/review/\?session=\d+)"', html).group(1)


def test_answering_every_due_card_ends_the_session_with_a_summary(
    signed_in, clock, learner, seed_briefing
):
    """Seven due cards, six answered right and one wrong: each is shown once, counted, and
    the session ends with a summary; a learning step elapsing inside it brings nothing back."""
    cards = due_cards_for(learner, seed_briefing, 7)
    page = signed_in.get(REVIEW).content.decode()
    shown = []

    for number in range(1, 8):
        assert f"Card {number} of 7 ·" in page
        assert f"{number - 1} of 7 cards done" in page
        card, page = answer(signed_in, page, "wrong" if number == 3 else "right")
        shown.append(card.pk)
        assert f"{number} of 7 cards done" in page
        assert ("Next card" in page) is (number < 7)
        clock.advance(minutes=2)  # the wrong card's 1-minute step is over at once
        session_url = next_url(page)
        page = signed_in.get(session_url).content.decode()

    assert sorted(shown) == sorted(card.pk for card in cards)  # each card once
    assert "Session complete" in page
    assert "You reviewed 7 cards." in page
    assert "<strong>6</strong> right" in page
    assert "<strong>1</strong> wrong" in page
    assert "partly right" not in page
    assert "Card 1 of" not in page
    assert ReviewLog.objects.count() == 7
    # Every learning step is over: still nothing comes back in this session.
    clock.advance(minutes=15)
    again = signed_in.get(session_url).content.decode()
    assert "Session complete" in again and "Card 1 of" not in again
    # A new session shows them again.
    assert "Card 1 of 7 ·" in signed_in.get(REVIEW).content.decode()


def test_the_summary_names_the_next_due_card_and_offers_a_new_session(
    signed_in, clock, learner, seed_briefing
):
    due_cards_for(learner, seed_briefing, 2)
    page = signed_in.get(REVIEW).content.decode()
    _, page = answer(signed_in, page, "right")  # a new card, Good: its next step in 10 minutes
    _, page = answer(signed_in, signed_in.get(next_url(page)).content.decode(), "wrong")
    summary = signed_in.get(next_url(page)).content.decode()

    assert "Your next card is due <strong>today at 09:01</strong>." in summary  # Again: 1 minute
    assert "Cards you missed come back soon" in summary
    # Both cards fall due within the learn-ahead limit: a new session may show them.
    assert "Start another session (2 cards ready)" in summary


def test_a_card_in_a_learning_step_comes_back_in_the_next_session_once_close_to_due(
    signed_in, clock, learner, seed_briefing
):
    """Anki's learn-ahead limit: a card in a learning step is served up to 20 minutes early;
    a card in the Review state is due all day."""
    [card] = due_cards_for(learner, seed_briefing, 1)
    page = signed_in.get(REVIEW).content.decode()
    answer(signed_in, page, "right")
    card.refresh_from_db()
    assert card.state["state"] == State.Learning and card.state["step"] == 1
    assert card.due == clock.now + timedelta(minutes=10)  # the second learning step

    assert due_counts(learner, clock.now) == (1, 0)
    card.due = clock.now + LEARN_AHEAD * 2
    card.save()
    assert due_counts(learner, clock.now) == (0, 1)  # later today, not now
    clock.advance(seconds=1)  # a new session starts after the last one's answer
    empty = signed_in.get(REVIEW).content.decode()
    assert "Nothing to review right now" in empty
    assert "Your next card is due <strong>today at 09:40</strong>." in empty
    dashboard = signed_in.get(reverse("learning:dashboard")).content.decode()
    assert "1 card comes back later today" in dashboard

    clock.advance(minutes=20)
    assert "Card 1 of 1 ·" in signed_in.get(REVIEW).content.decode()


def test_each_answer_updates_the_sessions_progress_out_of_band(signed_in, learner, seed_briefing):
    due_cards_for(learner, seed_briefing, 3)
    page = signed_in.get(REVIEW).content.decode()

    card, fragment = answer(signed_in, page, "right", **HTMX)

    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<section id="review-card"')
    assert '<div id="review-progress" class="progress" hx-swap-oob="true">' in fragment
    assert '<progress max="3" value="1"' in fragment
    assert "1 of 3 cards done" in fragment
    assert "Card 1 of 3 ·" in fragment
    next_card = signed_in.get(next_url(fragment), headers=HTMX).content.decode()
    assert "<html" not in next_card
    assert "Card 2 of 3 ·" in next_card
    assert shown_card(next_card)[0] != card


def test_a_replayed_answer_keeps_the_session(signed_in, learner, seed_briefing):
    due_cards_for(learner, seed_briefing, 2)
    page = signed_in.get(REVIEW).content.decode()
    card, reviews, session = shown_card(page)
    data = answer_data(review_snapshot(card, reviews=0), "right")
    data |= {"reviews": "0", "session": session}
    url = reverse("learning:review_answer", args=[card.pk])
    signed_in.post(url, data)

    replayed = signed_in.post(url, data)

    assert replayed.status_code == 302
    assert replayed.url == f"{REVIEW}?session={session}"
    assert "Card 2 of 2 ·" in signed_in.get(replayed.url).content.decode()
    assert ReviewLog.objects.count() == 1


@pytest.mark.parametrize("token", ["", "abc", "-5", "9" * 30, "yesterday", "future"])
def test_a_missing_malformed_stale_or_future_session_starts_a_new_one(clock, token):
    day = 24 * 60 * 60 * 1_000_000
    now_token = int(session_token(clock.now))
    token = {"yesterday": str(now_token - day), "future": str(now_token + 1)}.get(token, token)

    assert session_start(token, now=clock.now) is None
    assert session_start(str(now_token - 60_000_000), now=clock.now) is not None


def test_a_session_that_started_before_midnight_ends_with_the_day(
    signed_in, clock, learner, seed_briefing
):
    due_cards_for(learner, seed_briefing, 2)
    page = signed_in.get(REVIEW).content.decode()
    _, page = answer(signed_in, page, "right")
    clock.advance(days=1)

    tomorrow = signed_in.get(next_url(page)).content.decode()

    assert "Card 1 of 2 ·" in tomorrow  # a new day, a new session


def test_a_partly_right_answer_is_summarised_as_partly_right(signed_in, learner, seed_briefing):
    matches = Question.objects.filter(briefing=seed_briefing, kind="match").order_by("pk")
    question = next(q for q in matches if len(q.answer) >= 3)  # two pairs can't be partly right
    card = schedule_review(learner=learner, question_id=question.pk)
    page = signed_in.get(REVIEW).content.decode()
    _, reviews, session = shown_card(page)
    data = answer_data(review_snapshot(card, reviews=reviews), "partly")
    data |= {"reviews": "0", "session": session}
    page = signed_in.post(reverse("learning:review_answer", args=[card.pk]), data)

    summary = signed_in.get(next_url(page.content.decode())).content.decode()

    assert ReviewLog.objects.get().rating == Rating.Hard
    assert "<strong>1</strong> partly right" in summary
    assert "<strong>0</strong> right" in summary


def test_sessions_count_only_their_own_learners_logs(clock, learner, django_user_model):
    other = django_user_model.objects.create_user("other", password="x" * 20)
    session = ReviewSession(other, started=clock.now, now=clock.now)

    assert session.progress().total == 0


# Query counts: the same at two sizes of due cards and logs.


@pytest.mark.parametrize("cards", [3, 12])
def test_review_page_query_count_is_constant(
    signed_in, learner, seed_briefing, cards, django_assert_max_num_queries
):
    """The next card comes with its question, quiz and source objects; the progress is two
    COUNTs over the logs: no query per card or per log."""
    due_cards_for(learner, seed_briefing, cards)
    page = signed_in.get(REVIEW).content.decode()
    _, page = answer(signed_in, page, "wrong")
    url = next_url(page)

    with django_assert_max_num_queries(8):
        response = signed_in.get(url)

    assert f"Card 2 of {cards} ·" in response.content.decode()


@pytest.mark.parametrize("cards", [2, 12])
def test_review_summary_query_count_is_constant(
    signed_in, learner, seed_briefing, cards, django_assert_max_num_queries
):
    """The summary's tally is one grouped query and the next due card one aggregate."""
    due_cards_for(learner, seed_briefing, cards)
    page = signed_in.get(REVIEW).content.decode()
    for _ in range(cards):
        _, page = answer(signed_in, page, "right")
        session_url = next_url(page)
        page = signed_in.get(session_url).content.decode()

    with django_assert_max_num_queries(9):
        response = signed_in.get(session_url)

    assert f"You reviewed {cards} cards." in response.content.decode()


@pytest.mark.parametrize(
    ("state", "offset", "due"),
    [
        (State.Review, timedelta(hours=14), True),  # later today: a Review card is due all day
        (State.Review, timedelta(hours=16), False),  # tomorrow
        (State.Learning, timedelta(minutes=10), True),  # within the learn-ahead limit
        (State.Learning, timedelta(minutes=30), False),  # later today, in its learning step
        (State.Relearning, -timedelta(hours=2), True),  # overdue
        (State.Relearning, timedelta(minutes=21), False),
    ],
)
def test_due_in_the_database_and_in_hand_agree(clock, learner, seed_briefing, state, offset, due):
    """``is_due`` (a query) and ``card_is_due`` (a card in hand, for decks) say the same."""
    [card] = due_cards_for(learner, seed_briefing, 1)
    card.state = card.state | {"state": int(state), "step": None if state == State.Review else 0}
    card.due = clock.now + offset
    card.save()

    assert card_is_due(card.state, card.due, clock.now) is due
    assert ReviewCard.objects.filter(is_due(clock.now), pk=card.pk).exists() is due
