"""Every learner page fits a 320 px screen: nothing makes the page scroll sideways.

``LEARNER_PAGES`` lists each page with the set-up that brings a learner to it
(``setup(learner, briefing) -> url``); add a page by adding a line. The same
list drives the accessibility check of the pages it marks as new.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from fsrs import Rating

from learning.flashcards import deck_lessons, deck_of, rate_flashcard
from learning.models import ReviewCard
from learning.progress import mark_read
from learning.review import record_review, review_snapshot, schedule_review, session_token
from quizzes.models import Question
from tests.e2e.test_learning import serious_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 720}


@dataclass(frozen=True)
class LearnerPage:
    name: str
    setup: Callable  # (learner, briefing) -> the page's URL
    new: bool = True  # checked by axe here (older pages are checked by their own tests)


def some_progress(learner, briefing) -> None:
    lessons = list(briefing.lessons.order_by("position"))
    for lesson in lessons[:3]:
        mark_read(learner=learner, lesson=lesson)
    for question in Question.objects.filter(briefing=briefing, kind="match")[:2]:
        schedule_review(learner=learner, question_id=question.pk)


def dashboard(learner, briefing) -> str:
    some_progress(learner, briefing)
    return "/dashboard/"


def briefing_page(learner, briefing) -> str:
    some_progress(learner, briefing)
    return briefing.get_absolute_url()


def deck_lesson(briefing):
    """The lesson with the widest flashcards: a key-value table's rows."""
    return deck_lessons().get(briefing=briefing, position=3)


def due_flashcard(learner, briefing) -> ReviewCard:
    flashcard = next(card for card in deck_of(deck_lesson(briefing)) if card.row)
    rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Again, reviews=0)
    card = ReviewCard.objects.get(learner=learner, **flashcard.lookup)
    card.due = timezone.now() - timedelta(minutes=1)
    card.save()
    return card


def review_question(learner, briefing) -> str:
    question = Question.objects.filter(briefing=briefing, kind="match").first()
    schedule_review(learner=learner, question_id=question.pk)
    return "/review/"


def review_flashcard_back(learner, briefing) -> str:
    card = due_flashcard(learner, briefing)
    return f"/review/?show={card.pk}"


def review_summary(learner, briefing) -> str:
    started = timezone.now() - timedelta(seconds=1)
    for question in Question.objects.filter(briefing=briefing, kind="match")[:2]:
        card = schedule_review(learner=learner, question_id=question.pk)
        snapshot = review_snapshot(card, reviews=0)
        record_review(card=card, snapshot=snapshot, answer=snapshot["key"]["correct"], reviews=0)
    return f"/review/?session={session_token(started)}"


def deck_front(learner, briefing) -> str:
    return f"/flashcards/{deck_lesson(briefing).pk}/"


def deck_back(learner, briefing) -> str:
    lesson = deck_lesson(briefing)
    key = next(card.key for card in deck_of(lesson) if card.row)
    return f"/flashcards/{lesson.pk}/?show={key}"


def deck_summary(learner, briefing) -> str:
    started = timezone.now() - timedelta(seconds=1)
    lesson = deck_lessons().get(briefing=briefing, position=4)
    for flashcard in deck_of(lesson):
        rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Good, reviews=0)
    return f"/flashcards/{lesson.pk}/?session={session_token(started)}"


LEARNER_PAGES = [
    LearnerPage("dashboard", dashboard),
    LearnerPage("briefing", briefing_page),
    LearnerPage("review-question", review_question),
    LearnerPage("review-flashcard-back", review_flashcard_back),
    LearnerPage("review-summary", review_summary),
    LearnerPage("deck-front", deck_front),
    LearnerPage("deck-back", deck_back),
    LearnerPage("deck-summary", deck_summary),
]


def overflowing(page) -> list[str]:
    """The elements that reach past the right edge of the screen, for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 5)
            .map((element) => element.tagName.toLowerCase() + "." + element.className + ": "
                 + (element.textContent || "").trim().slice(0, 40))"""
    )


@pytest.mark.parametrize("learner_page", LEARNER_PAGES, ids=lambda p: p.name)
def test_the_page_is_no_wider_than_a_320px_screen(page, seed_briefing, learner, learner_page):
    url = learner_page.setup(learner, seed_briefing)
    page.set_viewport_size(PHONE)
    sign_in(page)

    response = page.goto(url)

    assert response.status == 200
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{width}px wide: {overflowing(page)}"


@pytest.mark.parametrize("learner_page", [p for p in LEARNER_PAGES if p.new], ids=lambda p: p.name)
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_serious_violation(page, seed_briefing, learner, learner_page, width):
    url = learner_page.setup(learner, seed_briefing)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page)
    page.goto(url)

    assert serious_violations(page) == []
