"""Flashcards and the review session in Debian's Chromium: by keyboard, with htmx and
without JavaScript, checked by axe and photographed at desktop and phone widths."""

import pytest
from fsrs import Rating, State
from playwright.sync_api import expect

from learning.flashcards import deck_lessons, deck_of, rate_flashcard
from learning.models import ReviewCard, ReviewLog
from learning.review import end_of_today, schedule_review
from quizzes.models import Question
from tests.e2e.conftest import ARTIFACTS, wait_for_focus
from tests.e2e.test_learning import serious_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"desktop": 1280, "phone": 390}


def photograph(page, name: str) -> None:
    """Full-page screenshots at a desktop and a phone width (looked at by people)."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)


def test_a_flashcard_is_flipped_and_rated_by_keyboard(page, seed_briefing, learner):
    """Space shows the back, 3 rates it Good: a review log records the FSRS state change,
    and the next card's front takes the focus, all without reloading the page."""
    lesson = deck_lessons().get(briefing=seed_briefing, position=1)
    first, second = deck_of(lesson)[:2]
    sign_in(page)
    page.goto(f"/flashcards/{lesson.pk}/")
    page.evaluate("window.stillTheSamePage = true")
    card = page.locator("#review-card")
    assert card.locator(".flashcard-front").inner_text() == first.front
    assert first.back[0][1] not in card.inner_text()
    assert serious_violations(page) == []
    photograph(page, "flashcard-front")

    page.keyboard.press("Space")

    card.locator(".flashcard-back").wait_for()
    assert first.back[0][1] in card.locator(".flashcard-back").inner_text()
    wait_for_focus(page, "element.textContent.trim().startsWith('Card 1 of 7')")
    expect(page.get_by_role("button", name="Good")).to_be_visible()
    assert serious_violations(page) == []
    photograph(page, "flashcard-back")
    assert not ReviewLog.objects.exists()

    page.keyboard.press("3")

    page.get_by_text("Card 2 of 7").wait_for()
    assert card.locator(".flashcard-front").inner_text() == second.front
    assert page.locator("#review-progress-label").inner_text() == "1 of 7 cards done"
    wait_for_focus(page, "element.textContent.trim().startsWith('Card 2 of 7')")
    assert page.evaluate("window.stillTheSamePage") is True, "rating reloaded the page"
    log = ReviewLog.objects.get()
    assert log.rating == Rating.Good
    assert log.card.term == first.term and log.card.learner == learner
    assert log.state_before["stability"] is None  # a new card
    assert (log.state_after["state"], log.state_after["step"]) == (State.Learning, 1)
    assert log.state_after["stability"] > 0
    assert log.state_after == ReviewCard.objects.get().state


def test_space_on_a_focused_rating_button_presses_that_button(page, seed_briefing, learner):
    lesson = deck_lessons().get(briefing=seed_briefing, position=1)
    sign_in(page)
    page.goto(f"/flashcards/{lesson.pk}/")
    page.get_by_role("link", name="Show answer").click()
    page.locator(".flashcard-back").wait_for()
    # Once htmx has settled the swap, review.js moves the focus to the card's heading.
    page.wait_for_function("document.activeElement.matches('.focus-on-swap')")
    page.get_by_role("button", name="Easy").focus()

    page.keyboard.press("Space")  # activates the focused button: Easy, not a shortcut

    page.get_by_text("Card 2 of 7").wait_for()
    assert ReviewLog.objects.get().rating == Rating.Easy


def test_a_flashcard_without_javascript(browser, live_server, seed_briefing, learner):
    lesson = deck_lessons().get(briefing=seed_briefing, position=1)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page)
        page.goto(f"/flashcards/{lesson.pk}/")
        page.get_by_role("link", name="Show answer").click()
        assert "show=" in page.url
        page.get_by_role("button", name="Hard").click()
        expect(page.get_by_text("Card 2 of 7")).to_be_visible()
        assert page.locator("#review-progress-label").inner_text() == "1 of 7 cards done"
        assert ReviewLog.objects.get().rating == Rating.Hard
    finally:
        context.close()


def test_a_review_session_mixing_questions_and_flashcards_ends_with_a_summary(
    page, seed_briefing, learner
):
    questions = Question.objects.filter(briefing=seed_briefing, kind="true_false")[:2]
    for question in questions:
        schedule_review(learner=learner, question_id=question.pk)
    lesson = deck_lessons().get(briefing=seed_briefing, position=3)
    row_card = next(card for card in deck_of(lesson) if card.row)
    rate_flashcard(learner=learner, flashcard=row_card, rating=Rating.Again, reviews=0)
    ReviewCard.objects.filter(row=row_card.row).update(due="2000-01-01T00:00:00Z")
    sign_in(page)
    page.goto("/review/")
    expect(page.get_by_text("Card 1 of 3")).to_be_visible()
    assert serious_violations(page) == []
    photograph(page, "review-flashcard")

    for number in range(1, 4):
        card = page.locator("#review-card")
        if card.locator("[data-flip]").count():
            page.keyboard.press("Space")
            card.locator(".flashcard-back").wait_for()
            page.keyboard.press("1")
        else:
            card.locator("input[type=radio]").first.check()
            card.get_by_role("button", name="Check").click()
            card.locator(".feedback").wait_for()
            assert (
                page.locator("#review-progress-label").inner_text() == f"{number} of 3 cards done"
            )
            card.get_by_role(
                "link", name="Next card" if number < 3 else "Finish the session"
            ).click()
        if number < 3:
            page.get_by_text(f"Card {number + 1} of 3").wait_for()

    page.get_by_role("heading", name="Session complete").wait_for()
    expect(page.get_by_text("You reviewed 3 cards.")).to_be_visible()
    assert ReviewLog.objects.count() == 4
    assert serious_violations(page) == []
    photograph(page, "review-summary")


def test_the_dashboard_starts_with_continue_today_and_the_lessons(page, seed_briefing, learner):
    from tests.e2e.test_phone import some_progress

    some_progress(learner, seed_briefing)
    lesson = deck_lessons().get(briefing=seed_briefing, position=1)
    rate_flashcard(learner=learner, flashcard=deck_of(lesson)[0], rating=Rating.Good, reviews=0)
    sign_in(page)
    page.goto("/dashboard/")

    headings = page.locator("main h2").all_inner_texts()
    assert headings[:2] == ["Continue", "Today"]
    # The quiz's missed questions are due now; the flashcard rated Good comes back in
    # minutes, which is tomorrow when the test runs just before midnight.
    due = ReviewCard.objects.filter(learner=learner, due__lt=end_of_today()).count()
    assert due >= 2
    expect(page.get_by_role("link", name=f"Review {due} cards due today").first).to_be_visible()
    expect(page.get_by_text("1-day streak")).to_be_visible()
    photograph(page, "dashboard")
    page.goto(seed_briefing.get_absolute_url())
    expect(page.get_by_role("link", name="Continue: Pass the quiz on")).to_be_visible()
    photograph(page, "briefing-progress")
