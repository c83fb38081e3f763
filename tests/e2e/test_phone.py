"""Every learner page fits a 320 px screen: nothing makes the page scroll sideways.

``LEARNER_PAGES`` lists each page with the set-up that brings a learner to it
(``setup(learner, briefing) -> url``); add a page by adding a line. Each is checked in
English and in French, whose words are longer. The same list drives the accessibility
check of the pages it marks as new.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from fsrs import Rating

from learning.attempts import save_response, start_attempt, submit_attempt
from learning.flashcards import deck_lessons, deck_of, rate_flashcard
from learning.models import Attempt, ReviewCard
from learning.progress import mark_read
from learning.review import record_review, review_snapshot, schedule_review, session_token
from quizzes.models import Question, Quiz
from tests.e2e.test_learning import serious_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 720}


@dataclass(frozen=True)
class LearnerPage:
    name: str
    setup: Callable  # (learner, briefing) -> the page's URL
    new: bool = True  # checked by axe here (older pages are checked by their own tests)
    signed_in: bool = True  # False: an account page a visitor sees


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


def lesson_page(learner, briefing) -> str:
    """The lesson with a key-value table, read: its next step shows."""
    lesson = briefing.lessons.get(position=3)
    mark_read(learner=learner, lesson=lesson)
    return lesson.get_absolute_url()


def lesson_quiz(briefing) -> Quiz:
    return Quiz.objects.get(briefing=briefing, lesson__position=3)


def final_exam(briefing) -> Quiz:
    exam = Quiz.objects.get(briefing=briefing, lesson__isnull=True)
    exam.mode = Quiz.Mode.EXAM
    exam.save()
    return exam


def answered(learner, quiz: Quiz, count: int | None = None) -> Attempt:
    """An attempt with its first ``count`` questions (all by default) answered right."""
    attempt = start_attempt(learner=learner, quiz=quiz)
    for item in list(attempt.questions.order_by("position"))[:count]:
        key = item.snapshot["key"]
        save_response(attempt_question=item, answer=key.get("correct") or key["accepted"][0])
    return attempt


def quiz_page(learner, briefing) -> str:
    submit_attempt(attempt=answered(learner, lesson_quiz(briefing)))
    return lesson_quiz(briefing).get_absolute_url()


def practice_feedback(learner, briefing) -> str:
    """A practice question answered: its feedback, with the source link."""
    attempt = answered(learner, lesson_quiz(briefing), count=1)
    return f"/attempts/{attempt.pk}/?q=1"


def exam_match(learner, briefing) -> str:
    """An exam's match question, its widest form (selects beside their items)."""
    attempt = answered(learner, final_exam(briefing), count=1)
    match = attempt.questions.filter(snapshot__kind="match").order_by("position").first()
    return f"/attempts/{attempt.pk}/?q={(match.position if match else 1) + 1}"


def all_questions(learner, briefing) -> str:
    attempt = answered(learner, final_exam(briefing), count=2)
    return f"/attempts/{attempt.pk}/?show=all"


def confirm_page(learner, briefing) -> str:
    attempt = answered(learner, final_exam(briefing), count=2)
    return f"/attempts/{attempt.pk}/submit/"


def result_page(learner, briefing) -> str:
    attempt = submit_attempt(attempt=answered(learner, final_exam(briefing), count=3))
    return f"/attempts/{attempt.pk}/result/"


def visitor_page(url: str) -> Callable:
    return lambda learner, briefing: url


LEARNER_PAGES = [
    LearnerPage("dashboard", dashboard),
    LearnerPage("briefing", briefing_page),
    LearnerPage("lesson", lesson_page, new=False),
    LearnerPage("quiz", quiz_page, new=False),
    LearnerPage("practice-feedback", practice_feedback, new=False),
    LearnerPage("exam-match", exam_match, new=False),
    LearnerPage("all-questions", all_questions, new=False),
    LearnerPage("confirm", confirm_page, new=False),
    LearnerPage("result", result_page, new=False),
    LearnerPage("password-change", visitor_page("/accounts/password_change/"), new=False),
    LearnerPage("sign-in", visitor_page("/accounts/login/"), new=False, signed_in=False),
    LearnerPage("sign-up", visitor_page("/accounts/signup/"), new=False, signed_in=False),
    LearnerPage(
        "password-reset", visitor_page("/accounts/password_reset/"), new=False, signed_in=False
    ),
    LearnerPage("not-found", visitor_page("/no-such-page/"), new=False, signed_in=False),
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


def read_in(page, language: str) -> None:
    """Choose the interface language as the footer's switcher does (its cookie)."""
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}
    page.context.add_cookies([cookie])


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("learner_page", LEARNER_PAGES, ids=lambda p: p.name)
def test_the_page_is_no_wider_than_a_320px_screen(
    page, seed_briefing, learner, learner_page, language
):
    url = learner_page.setup(learner, seed_briefing)
    page.set_viewport_size(PHONE)
    if learner_page.signed_in:
        sign_in(page)
    else:
        page.goto("/")
    read_in(page, language)

    response = page.goto(url)

    assert response.status == (404 if learner_page.name == "not-found" else 200)
    assert page.locator("html").get_attribute("lang") == language
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
