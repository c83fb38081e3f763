"""An ordering question answered by keyboard alone in Debian's Chromium (htmx on)."""

import pytest
from playwright.sync_api import expect

from learning.models import Attempt, Response
from quizzes.models import Question, Quiz
from tests.e2e.test_learning import serious_violations, sign_in
from tests.factories import import_text, make_source
from tests.web.test_ordering import STEPS, add_ordered_list

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_ordering_question_answered_by_keyboard(page, screenshot, learner):
    briefing = add_ordered_list(import_text(make_source()))
    question = Question.objects.get(briefing=briefing, kind="ordering")
    sign_in(page)
    page.goto(question.quiz.get_absolute_url())
    page.get_by_role("button", name="Start").click()
    attempt = Attempt.objects.get(learner=learner)
    item = next(q for q in attempt.questions.all() if q.snapshot["kind"] == "ordering")
    page.goto(f"/attempts/{attempt.pk}/?q={item.position + 1}")
    section = page.locator(f"#question-{item.position}")
    page.evaluate("window.stillTheSamePage = true")

    selects = section.get_by_role("combobox")
    assert selects.count() == len(STEPS)
    for shown in item.snapshot["items"]:
        expect(section.get_by_label(shown["text"])).to_be_visible()
    assert serious_violations(page) == []
    screenshot("ordering-form")
    selects.first.focus()
    for shown in item.snapshot["items"]:
        page.keyboard.press(str(item.snapshot["key"]["correct"][shown["token"]]))
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Check"
    page.keyboard.press("Enter")

    section.locator(".feedback").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True, "checking reloaded the page"
    assert section.locator(".verdict").inner_text().strip() == "✔ Right."
    rows = section.locator(".feedback-table tbody tr td:first-of-type").all_inner_texts()
    assert rows == STEPS
    assert Response.objects.get(attempt_question=item).score == 1.0
    assert serious_violations(page) == []
    screenshot("ordering-feedback")


def test_an_exam_by_keyboard_keeps_the_focus_and_every_position(page, learner):
    """Each change posts at once; a later change replaces a request still under way
    (``hx-sync``), so a fast keyboard user's earlier positions are not swapped away."""
    briefing = add_ordered_list(import_text(make_source()))
    question = Question.objects.get(briefing=briefing, kind="ordering")
    question.quiz.mode = Quiz.Mode.EXAM
    question.quiz.save()
    sign_in(page)
    page.goto(question.quiz.get_absolute_url())
    page.get_by_role("button", name="Start").click()
    attempt = Attempt.objects.get(learner=learner)
    item = next(q for q in attempt.questions.all() if q.snapshot["kind"] == "ordering")
    page.goto(f"/attempts/{attempt.pk}/?q={item.position + 1}")
    section = page.locator(f"#question-{item.position}")

    section.get_by_role("combobox").first.focus()
    for shown in item.snapshot["items"]:
        page.keyboard.press(str(item.snapshot["key"]["correct"][shown["token"]]))
        section.locator("select:focus").wait_for()
        assert page.evaluate("document.activeElement.name") == f"item-{shown['token']}"
        page.keyboard.press("Tab")

    section.locator(".saved").wait_for()
    assert Response.objects.get(attempt_question=item).score == 1.0
    expect(section.locator(".feedback")).to_have_count(0)
