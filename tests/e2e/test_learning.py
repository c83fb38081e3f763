"""A learner's whole path in Debian's Chromium: read, quiz (with and without JavaScript),
result, source link, dashboard, exam resume, and accessibility."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from learning.models import Attempt, ReviewCard
from quizzes.models import Quiz
from tests.e2e.conftest import wait_for_focus

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
LESSON_SLUG = "shifting-strategies-in-the-fight-against-isis"


def sign_in(page, username: str = "learner") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def wrong_token(snapshot: dict) -> str:
    return next(o["token"] for o in snapshot["options"] if o["token"] != snapshot["key"]["correct"])


def answer(page, position: int, snapshot: dict, *, right: bool, check: bool = True) -> None:
    """Fill in question ``position`` rightly or wrongly, then check (or save) it."""
    section = page.locator(f"#question-{position}")
    kind, key = snapshot["kind"], snapshot["key"]
    if kind in ("choice", "true_false"):
        token = key["correct"] if right else wrong_token(snapshot)
        section.locator(f"input[value='{token}']").check()
    elif kind == "cloze":
        section.locator("input[type=text]").fill(key["accepted"][0] if right else "no idea")
    elif kind == "ordering":
        count = len(key["correct"])
        for item, position in key["correct"].items():
            chosen = position if right else position % count + 1
            section.locator(f"select[name='item-{item}']").select_option(str(chosen))
    else:
        tokens = [choice["token"] for choice in snapshot["choices"]]
        targets = list(key["correct"].values())
        for index, (item, target) in enumerate(key["correct"].items()):
            if right:
                chosen = target
            elif kind == "match":  # each option once (the form moves a reused one), none in place
                chosen = targets[(index + 1) % len(targets)]
            else:
                chosen = next(t for t in tokens if t != target)
            select = section.locator(f"select[name='item-{item}']")
            if select.count():
                select.select_option(chosen)
            else:  # one button per group
                section.locator(f"input[name='item-{item}'][value='{chosen}']").check()
    if check:
        section.get_by_role("button", name="Check").or_(
            section.get_by_role("button", name="Save answer")
        ).click()


def attempt_snapshots(attempt: Attempt) -> list[dict]:
    return [question.snapshot for question in attempt.questions.order_by("position")]


# axe's CSSOM preload re-parses stylesheets with @import (the admin's forms.css) as inline
# <style> elements, which the Content-Security-Policy rightly blocks: only the
# css-orientation-lock rule needs it.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_read_quiz_result_source_dashboard(page, screenshot, seed_briefing, learner):
    sign_in(page)
    lesson = seed_briefing.lessons.get(slug=LESSON_SLUG)
    page.goto(lesson.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Mark as read").click()
    page.get_by_text("You marked this lesson as read.").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True, "marking read reloaded the page"
    next_step = page.get_by_role("link", name="Test yourself")
    wait_for_focus(page, "element.matches('.next-step a')")  # the next step has focus
    assert serious_violations(page) == []

    next_step.click()
    page.get_by_role("button", name="Start").click()
    attempt = Attempt.objects.get(learner=learner)
    snapshots = attempt_snapshots(attempt)
    page.evaluate("window.stillTheSamePage = true")

    for position, snapshot in enumerate(snapshots):
        answer(page, position, snapshot, right=position != 0)
        page.locator(f"#question-{position} .feedback").wait_for()
        if position == 0:
            assert page.locator("#question-0 .verdict").inner_text().strip() == "✘ Not right."
            assert serious_violations(page) == []
            screenshot("practice-feedback")
        if position + 1 < len(snapshots):
            page.get_by_role("link", name="Next question").click()
            page.locator(f"#question-{position + 1}").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True, "answering reloaded the page"
    assert (
        page.locator("#progress-label").inner_text()
        == f"{len(snapshots)} of {len(snapshots)} answered"
    )

    page.get_by_role("button", name="Finish and see my score").click()
    expected = round(100 * (len(snapshots) - 1) / len(snapshots))
    assert page.locator(".score-value").inner_text() == f"{expected}%"
    assert serious_violations(page) == []
    screenshot("result")

    page.locator("#question-0 .source a").click()
    assert LESSON_SLUG in page.url and "#block-" in page.url
    target = page.url.split("#")[1]
    expect(page.locator(f"[id='{target}']")).to_be_visible()
    page.get_by_role("link", name="Back to question 1").click()
    assert page.url.endswith(f"/attempts/{attempt.pk}/result/#question-0")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    assert "1 of 8 lessons completed" in page.locator(".briefing-progress .progress").inner_text()
    expect(page.get_by_role("link", name="Review 1 card due today")).to_be_visible()
    assert ReviewCard.objects.filter(learner=learner).count() == 1
    assert serious_violations(page) == []
    screenshot("dashboard")


def test_the_same_quiz_without_javascript(browser, live_server, seed_briefing, learner):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page)
        lesson = seed_briefing.lessons.get(slug=LESSON_SLUG)
        page.goto(lesson.quiz.get_absolute_url())
        page.get_by_role("button", name="Start").click()
        attempt = Attempt.objects.get(learner=learner)
        snapshots = attempt_snapshots(attempt)
        for position, snapshot in enumerate(snapshots):
            answer(page, position, snapshot, right=position != 0)
            page.locator(f"#question-{position} .feedback").wait_for()
            if position + 1 < len(snapshots):
                page.get_by_role("link", name="Next question").click()
        page.get_by_role("button", name="Finish and see my score").click()
        expected = round(100 * (len(snapshots) - 1) / len(snapshots))
        assert page.locator(".score-value").inner_text() == f"{expected}%"
        attempt.refresh_from_db()
        assert attempt.submitted_at is not None
    finally:
        context.close()


def test_exam_resumes_after_closing_the_tab(browser, live_server, seed_briefing, learner):
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in(page)
    page.goto(exam.get_absolute_url())
    page.get_by_role("button", name="Start").click()
    attempt = Attempt.objects.get(learner=learner, quiz=exam)
    snapshots = attempt_snapshots(attempt)
    answered = range(5)
    for position in answered:
        answer(page, position, snapshots[position], right=position % 2 == 0)
        page.locator(f"#question-{position} .saved").wait_for()
        feedback = page.locator(".feedback")
        expect(feedback, "an exam shows no feedback before submit").to_have_count(0)
        page.get_by_role("button", name="Next question").click()
        page.locator(f"#question-{position + 1}").wait_for()
    page.close()

    page = context.new_page()
    page.goto(exam.get_absolute_url())
    page.get_by_role("button", name="Resume your attempt").click()
    assert page.url.endswith(f"/attempts/{attempt.pk}/")
    expect(page.locator("#question-5"), "resuming opens the first unanswered").to_be_visible()
    page.get_by_role("link", name="Show all questions on one page").click()
    for position in answered:
        snapshot, section = snapshots[position], page.locator(f"#question-{position}")
        response = attempt.questions.get(position=position).response
        if snapshot["kind"] in ("choice", "true_false"):
            assert section.locator(f"input[value='{response.answer}']").is_checked()
        elif snapshot["kind"] == "cloze":
            assert section.locator("input[type=text]").input_value() == response.answer
        elif section.locator("select").count():
            for item, target in response.answer.items():
                chosen = section.locator(f"select[name='item-{item}']").input_value()
                assert chosen == str(target)
        else:
            for item, target in response.answer.items():
                assert section.locator(f"input[name='item-{item}'][value='{target}']").is_checked()
    page.get_by_role("button", name="Submit the exam").click()
    expect(page.get_by_role("heading", name="Submit with unanswered questions?")).to_be_visible()
    expect(page.get_by_role("link", name="Question 6")).to_be_visible()
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    context.close()
