"""Flashcard decks: a lesson's terms and key-value rows, flipped and rated by the learner,
scheduled with the same FSRS cards and logs as questions (one review queue)."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape
from fsrs import Rating, State

from briefing.models import Block, Term
from learning.flashcards import deck_lessons, deck_of, deck_sizes, rate_flashcard
from learning.models import ReviewCard, ReviewLog
from learning.review import review_snapshot, schedule_review, visible_cards
from quizzes.models import Question
from tests.web.quiz_helpers import HTMX, answer_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(clock, client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def lessons(seed_briefing):
    return list(deck_lessons().filter(briefing=seed_briefing).order_by("position"))


@pytest.fixture
def lesson(lessons):
    """The seed's second lesson: a term list of seven terms."""
    return lessons[1]


def deck_url(lesson, **query) -> str:
    url = reverse("learning:deck", args=[lesson.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rate_url(lesson) -> str:
    return reverse("learning:deck_rate", args=[lesson.pk])


def session_of(html: str) -> str:
    return re.search(r"session=(\d+)", html).group(1)


def show_url(html: str) -> str:
    return re.search(r'<a class="button" href="([^"]+)"[^>]*\bdata-flip', html).group(1)


def rating_form(html: str) -> dict[str, str]:
    form = re.search(r'<form method="post" action="[^"]+" class="ratings".*?</form>', html, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def test_every_lesson_with_terms_or_key_value_rows_has_a_deck(lessons):
    """The seed: 17 terms in five lessons' term lists and the rows of four key-value tables;
    the first and last lessons (prose only) and the Challenges | Opportunities table have none."""
    sizes = deck_sizes(lessons)
    decks = {lesson.pk: deck_of(lesson) for lesson in lessons}

    assert sizes == {pk: len(cards) for pk, cards in decks.items() if cards}
    assert not decks[lessons[0].pk] and not decks[lessons[-1].pk]
    terms = Term.objects.filter(block__lesson__in=lessons).count()
    rows = sum(
        block.rows.count()
        for block in Block.objects.filter(lesson__in=lessons, shape=Block.Shape.KEY_VALUE)
    )
    assert terms == 17
    assert sum(sizes.values()) == terms + rows
    assert not any(
        card.row and card.row.block.shape != Block.Shape.KEY_VALUE
        for cards in decks.values()
        for card in cards
    )


def test_a_term_card_and_a_row_card(lessons):
    term = next(card for card in deck_of(lessons[1]) if card.term)
    row = next(card for cards in map(deck_of, lessons) for card in cards if card.row)

    assert (term.front_label, term.front) == ("Term", term.term.term)
    assert term.back == (("", term.term.description),)
    assert term.source_url.endswith(f"#{term.term.anchor}")
    header = row.row.block.header
    assert (row.front_label, row.front) == (header[0], row.row.cells[0])
    assert row.back == tuple(zip(header[1:], row.row.cells[1:], strict=True))
    assert row.source_url.endswith(f"#{row.row.anchor}")
    assert row.source_label == f"{row.row.cells[0]} in “{' | '.join(header)}”"
    assert row.ask == f"Recall its {header[1].lower()}."


def test_the_deck_shows_a_front_flips_to_its_back_and_rates_it(signed_in, clock, learner, lesson):
    first, second = deck_of(lesson)[:2]
    front = signed_in.get(deck_url(lesson)).content.decode()

    assert "Card 1 of 7 · New card from" in front
    assert escape(first.front) in front
    assert ">Show answer <kbd" in front
    back = signed_in.get(show_url(front).replace("&amp;", "&")).content.decode()
    assert escape(first.back[0][1]) in back
    assert f'href="{first.source_url}">See it in the lesson:' in back
    assert re.findall(r'name="rating" value="(\d)"', back) == ["1", "2", "3", "4"]
    assert ">10 min</span>" in back  # Good on a new card: its next learning step

    form = rating_form(back)
    assert form["card"] == first.key and form["reviews"] == "0"
    response = signed_in.post(rate_url(lesson), form | {"rating": "3"})

    assert response.status_code == 302
    assert response.url == deck_url(lesson, session=form["session"])
    card = ReviewCard.objects.get(learner=learner)
    assert (card.term, card.lesson, card.question) == (first.term, lesson, None)
    log = card.logs.get()
    assert log.rating == Rating.Good
    assert log.state_before["stability"] is None and log.state_before["step"] == 0
    assert log.state_after == card.state
    assert (log.state_after["state"], log.state_after["step"]) == (State.Learning, 1)
    assert log.state_after["stability"] > 0
    following = signed_in.get(response.url).content.decode()
    assert "Card 2 of 7 ·" in following and escape(second.front) in following
    assert "1 of 7 cards done" in following


def test_rating_with_htmx_swaps_in_the_next_card_and_the_progress(signed_in, lesson):
    front = signed_in.get(deck_url(lesson)).content.decode()
    back = signed_in.get(show_url(front).replace("&amp;", "&"), headers=HTMX).content.decode()
    assert "<html" not in back and back.lstrip().startswith('<section id="review-card"')

    fragment = signed_in.post(
        rate_url(lesson), rating_form(back) | {"rating": "1"}, headers=HTMX
    ).content.decode()

    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<section id="review-card" class="flashcard"')
    assert "Card 2 of 7 ·" in fragment
    assert '<div id="review-progress" class="progress" hx-swap-oob="true">' in fragment
    assert "1 of 7 cards done" in fragment
    assert ReviewLog.objects.get().rating == Rating.Again


def test_studying_the_whole_deck_ends_with_a_summary_and_nothing_returns(signed_in, clock, lesson):
    url = deck_url(lesson)
    for number in range(7):
        page = signed_in.get(url).content.decode()
        assert f"Card {number + 1} of 7 ·" in page
        back = signed_in.get(show_url(page).replace("&amp;", "&")).content.decode()
        form = rating_form(back)
        url = signed_in.post(rate_url(lesson), form | {"rating": "1" if number < 2 else "3"}).url
        clock.advance(minutes=3)  # Again's one-minute step is over: still not in this session

    summary = signed_in.get(url).content.decode()

    assert "Deck done for now" in summary
    assert "<strong>5</strong> remembered" in summary
    assert "<strong>2</strong> forgotten" in summary
    assert "The next card of this deck is due <strong>now</strong>." in summary
    assert "Study again (7 cards ready)" in summary
    assert ReviewLog.objects.count() == 7


def test_a_replayed_rating_is_logged_once(signed_in, lesson):
    page = signed_in.get(deck_url(lesson)).content.decode()
    form = rating_form(signed_in.get(show_url(page).replace("&amp;", "&")).content.decode())

    signed_in.post(rate_url(lesson), form | {"rating": "3"})
    replayed = signed_in.post(rate_url(lesson), form | {"rating": "4"}, follow=True)

    assert ReviewLog.objects.get().rating == Rating.Good
    assert "That card was already rated" in replayed.content.decode()


@pytest.mark.parametrize(
    "change",
    [{"rating": "5"}, {"rating": ""}, {"reviews": "x"}, {"card": "term-999999"}, {"card": "x-1"}],
)
def test_a_bad_rating_changes_nothing(signed_in, lesson, change):
    page = signed_in.get(deck_url(lesson)).content.decode()
    form = rating_form(signed_in.get(show_url(page).replace("&amp;", "&")).content.decode())

    response = signed_in.post(rate_url(lesson), form | {"rating": "3"} | change)

    assert response.status_code in (302, 404)
    if "card" in change:
        assert response.status_code == 404
    assert not ReviewLog.objects.exists()


def test_a_card_of_another_lesson_or_a_hidden_deck_is_a_404(signed_in, seed_briefing, lessons):
    other = deck_of(lessons[2])[0]
    page = signed_in.get(deck_url(lessons[1])).content.decode()
    form = rating_form(signed_in.get(show_url(page).replace("&amp;", "&")).content.decode())

    assert signed_in.post(rate_url(lessons[1]), form | {"card": other.key}).status_code == 404
    assert signed_in.get(deck_url(lessons[0])).status_code == 404  # no terms, no table
    assert signed_in.get(reverse("learning:deck", args=[999_999])).status_code == 404
    seed_briefing.published = False
    seed_briefing.save()
    assert signed_in.get(deck_url(lessons[1])).status_code == 404
    assert signed_in.post(rate_url(lessons[1]), form | {"rating": "3"}).status_code == 404
    assert not ReviewLog.objects.exists()


def test_another_learners_flashcard_is_a_404_in_the_review(
    signed_in, learner, lesson, django_user_model
):
    other = django_user_model.objects.create_user("other", password="x" * 20)
    rate_flashcard(learner=other, flashcard=deck_of(lesson)[0], rating=Rating.Again, reviews=0)
    card = ReviewCard.objects.get(learner=other)

    response = signed_in.post(
        reverse("learning:review_rate", args=[card.pk]), {"rating": "3", "reviews": "1"}
    )

    assert response.status_code == 404
    assert card.logs.count() == 1
    assert "Nothing to review" in signed_in.get(reverse("learning:review")).content.decode()


def test_due_flashcards_and_questions_share_one_review_queue(
    signed_in, clock, learner, lesson, seed_briefing
):
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    schedule_review(learner=learner, question_id=question.pk)
    flashcard = deck_of(lesson)[0]
    rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Again, reviews=0)
    clock.advance(minutes=2)  # the flashcard's 1-minute step is over

    page = signed_in.get(reverse("learning:review")).content.decode()
    # The question's card is due first (09:00), then the flashcard's (09:01).
    assert "Card 1 of 2 · From" in page
    card = ReviewCard.objects.get(question=question)
    session = re.search(r'name="session" value="(\d+)"', page).group(1)
    data = answer_data(review_snapshot(card, reviews=0), "right")
    signed_in.post(
        reverse("learning:review_answer", args=[card.pk]),
        data | {"reviews": "0", "session": session},
    )
    page = signed_in.get(f"{reverse('learning:review')}?session={session}").content.decode()
    assert "Card 2 of 2 · Flashcard from" in page
    card = ReviewCard.objects.get(term=flashcard.term)
    assert "Flashcard from" in page and escape(flashcard.front) in page
    assert escape(flashcard.back[0][1]) not in page
    back = signed_in.get(show_url(page).replace("&amp;", "&")).content.decode()
    assert escape(flashcard.back[0][1]) in back
    form = rating_form(back)
    assert form["reviews"] == "1"

    response = signed_in.post(
        reverse("learning:review_rate", args=[card.pk]), form | {"rating": "4"}
    )

    assert response.status_code == 302
    assert [log.rating for log in card.logs.order_by("reviewed_at")] == [Rating.Again, Rating.Easy]
    card.refresh_from_db()
    assert card.state["state"] == State.Review


def test_a_card_whose_term_is_gone_keeps_its_history_but_leaves_the_queue(learner, lesson):
    flashcard = deck_of(lesson)[0]
    rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Again, reviews=0)
    card = ReviewCard.objects.get()
    assert visible_cards(learner).filter(pk=card.pk).exists()

    flashcard.term.delete()

    card.refresh_from_db()
    assert (card.term, card.lesson) == (None, lesson)
    assert card.logs.count() == 1
    assert not visible_cards(learner).exists()


def test_a_card_is_a_question_or_one_flashcard(learner, lesson, seed_briefing):
    question = Question.objects.filter(briefing=seed_briefing).first()
    term = deck_of(lesson)[0].term
    row = next(card.row for card in deck_of(lesson.briefing.lessons.get(position=3)) if card.row)
    state, due = {}, "2026-03-10T09:00:00Z"
    for fields in (
        {"question": question, "term": term, "lesson": lesson},
        {"question": question, "lesson": lesson},
        {"term": term},
        {"term": term, "row": row, "lesson": lesson},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReviewCard.objects.create(learner=learner, state=state, due=due, **fields)
    ReviewCard.objects.create(learner=learner, state=state, due=due, term=term, lesson=lesson)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCard.objects.create(learner=learner, state=state, due=due, term=term, lesson=lesson)


# Query counts: the same for a small and a large deck, new or studied.


@pytest.mark.parametrize("position", [4, 3], ids=["3-cards", "8-cards"])
@pytest.mark.parametrize("studied", [False, True], ids=["new", "studied"])
def test_deck_pages_query_count_is_constant(
    signed_in, clock, learner, lessons, position, studied, django_assert_max_num_queries
):
    """The lesson comes with its blocks, terms and rows in three prefetches, and the learner's
    cards with their review counts in one query: no query per card, term, row or log.
    Rating adds the card's get-or-create and lock, its log count, update and log (and six
    savepoints)."""
    lesson = lessons[position]
    cards = deck_of(lesson)
    if studied:
        for flashcard in cards:
            rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Again, reviews=0)
            card = ReviewCard.objects.get(**flashcard.lookup)
            rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Again, reviews=1)
            card.due = card.logs.first().reviewed_at
            card.save()
        clock.advance(minutes=1)  # a new session, after those reviews

    with django_assert_max_num_queries(8):
        front = signed_in.get(deck_url(lesson))
    with django_assert_max_num_queries(8):
        back = signed_in.get(show_url(front.content.decode()).replace("&amp;", "&"))
    with django_assert_max_num_queries(20):
        rated = signed_in.post(
            rate_url(lesson), rating_form(back.content.decode()) | {"rating": "3"}
        )

    assert f"Card 1 of {len(cards)} ·" in front.content.decode()
    assert rated.status_code == 302


@pytest.mark.parametrize("cards", [1, 6])
def test_review_rate_query_count_is_constant(
    signed_in, clock, learner, lessons, cards, django_assert_max_num_queries
):
    """Rating a flashcard of the review locks its card once and counts the session's
    progress with two COUNTs: no query per due card."""
    deck = [card for lesson in lessons for card in deck_of(lesson)][:cards]
    for flashcard in deck:
        rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Again, reviews=0)
    clock.advance(minutes=2)
    page = signed_in.get(reverse("learning:review")).content.decode()
    back = signed_in.get(show_url(page).replace("&amp;", "&")).content.decode()
    card_id = re.search(r'action="/review/(\d+)/rate/"', back).group(1)

    with django_assert_max_num_queries(18):
        response = signed_in.post(
            reverse("learning:review_rate", args=[card_id]),
            rating_form(back) | {"rating": "3"},
            headers=HTMX,
        )

    assert f"1 of {cards} card" in response.content.decode()
