"""The French interface in Chromium: the footer's switcher, then pages in French at a
phone's width (French words are longer), and back to English."""

import pytest
from playwright.sync_api import expect

from learning.attempts import save_response, start_attempt
from learning.progress import mark_read
from learning.review import review_snapshot, schedule_review
from learning.scoring import pairs_one_to_one
from quizzes.models import Question, Quiz
from tests.e2e.test_learning import serious_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_switcher_turns_the_site_french_and_back(page, seed_briefing, learner, screenshot):
    for lesson in seed_briefing.lessons.order_by("position")[:2]:
        mark_read(learner=learner, lesson=lesson)
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=2)
    attempt = start_attempt(learner=learner, quiz=quiz)
    first = attempt.questions.order_by("position").first()
    key = first.snapshot["key"]
    save_response(attempt_question=first, answer=key.get("correct") or key["accepted"][0])
    page.set_viewport_size(PHONE)
    sign_in(page)
    page.goto("/dashboard/")

    page.get_by_role("link", name="Read this site in Français").click()

    page.wait_for_url("**/dashboard/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Mon tableau de bord"
    expect(page.get_by_role("link", name="Tableau de bord")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    screenshot("french-dashboard-390")
    assert serious_violations(page) == []

    page.goto(f"/attempts/{attempt.pk}/?q=2")
    expect(page.get_by_role("button", name="Vérifier")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    screenshot("french-question-390")
    page.goto(f"/attempts/{attempt.pk}/?q=1")
    assert (
        page.get_by_text("Bonne réponse").first.is_visible()
        or page.get_by_text("Juste.").first.is_visible()
    )
    assert scroll_width(page) <= PHONE["width"]
    screenshot("french-feedback-390")

    page.get_by_role("link", name="Lire ce site en English").click()

    page.wait_for_url("**/attempts/*/")  # the same attempt, at its first unanswered question
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("button", name="Check")).to_be_visible()
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()


def test_a_review_match_moves_a_used_option_in_french(page, seed_briefing, learner):
    """The review page loads quiz.js too, which takes its words from the page's language."""
    for question in Question.objects.filter(briefing=seed_briefing, kind="match"):
        card = schedule_review(learner=learner, question_id=question.pk)
        snapshot = review_snapshot(card, reviews=0)
        if pairs_one_to_one(snapshot) and len(snapshot["items"]) >= 3:
            break
        card.delete()
    key = snapshot["key"]["correct"]
    first, second, *_ = snapshot["items"]
    taken = key[second["token"]]
    sign_in(page)
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.url}])
    page.goto("/review/")
    card = page.locator("#review-card")

    card.locator(f"select[name='item-{first['token']}']").select_option(taken)

    used = card.locator(f"select[name='item-{second['token']}'] option[value='{taken}']")
    assert used.inner_text().endswith("(déjà pris)")
    card.locator(f"select[name='item-{second['token']}']").select_option(taken)
    assert card.locator(f"select[name='item-{first['token']}']").input_value() == ""
    assert "déplacé ici depuis" in card.locator(".moved").inner_text()
