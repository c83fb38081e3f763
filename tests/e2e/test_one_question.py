"""Quizzes one question at a time in Debian's Chromium: answering by keyboard on purpose, a
practice and an exam with a flag and a question left, with and without JavaScript, and
every new page checked by axe and at 320 px."""

import pytest
from playwright.sync_api import expect

from learning.attempts import start_attempt, start_retry, submit_attempt
from learning.models import Attempt, Response
from quizzes.models import Question, Quiz
from tests.e2e.conftest import ARTIFACTS, wait_for_focus
from tests.e2e.test_learning import answer, attempt_snapshots, serious_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CHOICE_KINDS = ("choice", "true_false")


def ten_question_practice(seed_briefing) -> Quiz:
    """The first lesson's practice quiz drawing 10 from every seed question."""
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=1)
    Question.objects.filter(briefing=seed_briefing).update(quiz=quiz)
    assert quiz.draw == 10
    return quiz


def short_exam(seed_briefing, draw: int = 6) -> Quiz:
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    exam.draw = draw
    exam.save()
    return exam


def answer_posts(page) -> list[str]:
    """Record every answer POST the page sends from now on."""
    posts: list[str] = []
    page.on(
        "request",
        lambda request: (
            posts.append(request.url)
            if request.method == "POST" and "/questions/" in request.url
            else None
        ),
    )
    return posts


@pytest.mark.parametrize("key", ["Space", "Enter"])
def test_a_choice_is_moved_by_arrow_keys_and_checked_only_by_check(
    page, learner, seed_briefing, key
):
    quiz = ten_question_practice(seed_briefing)
    sign_in(page)
    page.goto(quiz.get_absolute_url())
    page.get_by_role("button", name="Start").click()
    attempt = Attempt.objects.get(learner=learner)
    item = next(q for q in attempt.questions.all() if q.snapshot["kind"] in CHOICE_KINDS)
    page.goto(f"/attempts/{attempt.pk}/?q={item.position + 1}")
    section = page.locator(f"#question-{item.position}")
    posts = answer_posts(page)

    section.locator(".question-number").focus()
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.value")
    assert first == item.snapshot["options"][0]["token"]
    page.keyboard.press("ArrowDown")
    moved_to = page.evaluate("document.activeElement.value")
    assert moved_to == item.snapshot["options"][1]["token"]
    assert section.locator(f"input[value='{moved_to}']").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Check"
    page.keyboard.press(key)

    section.locator(".feedback").wait_for()
    assert [post.split("/attempts/")[1] for post in posts] == [
        f"{attempt.pk}/questions/{item.position}/"
    ], "one answer sent, by Check"
    graded = Response.objects.get(attempt_question=item)
    assert graded.answer == moved_to, "the option checked is the one graded"
    wait_for_focus(page, "element.classList.contains('verdict')")
    chosen = section.locator(".answer-option", has=page.locator(".tag"))
    assert chosen.count() >= 1
    expect(section.locator(".answer-option")).to_have_count(len(item.snapshot["options"]))


def go_next(page, position: int) -> None:
    page.get_by_role("navigation", name="Previous and next question").get_by_role(
        "link", name="Next question"
    ).or_(page.get_by_role("button", name="Next question")).click()
    page.locator(f"#question-{position + 1}").wait_for()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_practice_then_exam_one_question_at_a_time(
    browser, live_server, seed_briefing, learner, javascript
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page)
        practice = ten_question_practice(seed_briefing)
        page.goto(practice.get_absolute_url())
        page.get_by_role("button", name="Start").click()
        attempt = Attempt.objects.get(learner=learner, quiz=practice)
        snapshots = attempt_snapshots(attempt)
        assert len(snapshots) == 10

        for position, snapshot in enumerate(snapshots):
            expect(page.locator("section.question")).to_have_count(1)
            current = page.locator("#strip [aria-current='step'] .cell-number")
            assert current.inner_text() == str(position + 1)
            answer(page, position, snapshot, right=position % 3 != 0)
            page.locator(f"#question-{position} .feedback").wait_for()
            verdict = "✘ Not right." if position % 3 == 0 else "✔ Right."
            assert page.locator(f"#question-{position} .verdict").inner_text().strip() == verdict
            if position + 1 < len(snapshots):
                go_next(page, position)
        assert page.locator("#progress-label").inner_text() == "10 of 10 answered"
        states = page.locator("#strip .cell .cell-marks").all_inner_texts()
        assert states == ["✘" if position % 3 == 0 else "✔" for position in range(10)]
        page.get_by_role("button", name="Finish and see my score").click()
        assert page.locator(".score-value").inner_text() == "60%"

        exam = short_exam(seed_briefing)
        page.goto(exam.get_absolute_url())
        page.get_by_role("button", name="Start").click()
        attempt = Attempt.objects.get(learner=learner, quiz=exam)
        snapshots = attempt_snapshots(attempt)
        left_out, flagged = 2, 4
        for position, snapshot in enumerate(snapshots):
            if position != left_out:
                answer(page, position, snapshot, right=True, check=False)
            if position == flagged:
                page.get_by_role("button", name="Flag to come back to").click()
                page.locator(f"#flag-{flagged}[aria-pressed='true']").wait_for()
            if position + 1 < len(snapshots):
                go_next(page, position)
        page.get_by_role("button", name="Submit the exam").click()

        page.get_by_role("heading", name="Submit with unanswered questions?").wait_for()
        expect(page.get_by_text("1 question of")).to_be_visible()
        expect(page.get_by_role("link", name=f"Question {flagged + 1}")).to_be_visible()
        page.get_by_role("link", name=f"Question {left_out + 1}").click()
        page.locator(f"#question-{left_out}").wait_for()
        assert page.url.endswith(f"?q={left_out + 1}")
        answer(page, left_out, snapshots[left_out], right=True, check=False)
        page.get_by_role("button", name="Submit the exam").click()
        page.get_by_role("heading", name="Submit the exam?").wait_for()
        page.get_by_role("button", name="Submit the exam").click()
        page.get_by_role("heading", name="Your result").wait_for()
        assert page.locator(".score-value").inner_text() == "100%"
        attempt.refresh_from_db()
        assert attempt.questions.filter(flagged=True).count() == 1
    finally:
        context.close()


# Every new page: axe, 320 px, and screenshots on a desktop and a phone


def check_page(page, name: str) -> None:
    """No serious or critical axe finding, no sideways scroll at 320 px, and screenshots."""
    assert serious_violations(page) == [], name
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} is {scroll_width} px wide at {width} px"
        if width != 320:
            label = "desktop" if width == 1280 else "phone"
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_every_new_page_passes_axe_and_fits_320_px(page, seed_briefing, learner):
    practice = ten_question_practice(seed_briefing)
    sign_in(page)
    attempt = start_attempt(learner=learner, quiz=practice)
    items = list(attempt.questions.order_by("position"))
    choice = next(q for q in items if q.snapshot["kind"] in CHOICE_KINDS)

    page.goto(f"/attempts/{attempt.pk}/?q={choice.position + 1}")
    check_page(page, "question")
    wrong = next(
        o for o in choice.snapshot["options"] if o["token"] != choice.snapshot["key"]["correct"]
    )
    page.locator(f"input[value='{wrong['token']}']").check()
    page.get_by_role("button", name="Check").click()
    page.locator(".feedback").wait_for()
    check_page(page, "feedback")
    page.goto(f"/attempts/{attempt.pk}/?show=all")
    check_page(page, "show-all")

    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    exam_attempt = start_attempt(learner=learner, quiz=exam)
    exam_items = list(exam_attempt.questions.order_by("position"))
    for item in exam_items[:12]:
        if item.snapshot["kind"] in CHOICE_KINDS:
            right = item.snapshot["key"]["correct"]
            Response.objects.create(attempt_question=item, answer=right, correct=True, score=1)
    exam_items[3].flagged = True
    exam_items[3].save()
    page.goto(f"/attempts/{exam_attempt.pk}/?q=4")
    check_page(page, "exam-question")
    page.goto(f"/attempts/{exam_attempt.pk}/submit/")
    check_page(page, "confirm")

    exam_attempt = submit_attempt(attempt=exam_attempt)
    page.goto(f"/attempts/{exam_attempt.pk}/result/")
    check_page(page, "exam-result")
    page.goto(f"/attempts/{exam_attempt.pk}/result/?only=wrong")
    check_page(page, "exam-result-missed")

    retry = start_retry(attempt=exam_attempt)
    page.goto(f"/attempts/{retry.pk}/")
    check_page(page, "practise-missed")

    source = exam_items[0].snapshot["key"]["source"]
    path, anchor = source["url"].split("#")
    page.goto(f"{path}?from={exam_items[0].pk}#{anchor}")
    page.get_by_role("link", name="Back to question 1").wait_for()
    check_page(page, "lesson-way-back")


def sorting_practice(seed_briefing) -> Quiz:
    """A practice holding the seed's categorize question and matches of three or four pairs."""
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=6)
    Question.objects.filter(quiz__lesson__position=3).update(quiz=quiz)
    quiz.draw = None
    quiz.save()
    return quiz


def test_sorting_by_keyboard_and_a_match_that_moves_a_used_option(page, seed_briefing, learner):
    quiz = sorting_practice(seed_briefing)
    sign_in(page)
    page.goto(quiz.get_absolute_url())
    page.get_by_role("button", name="Start").click()
    attempt = Attempt.objects.get(learner=learner)
    items = list(attempt.questions.order_by("position"))
    sort = next(q for q in items if q.snapshot["kind"] == "categorize")
    page.goto(f"/attempts/{attempt.pk}/?q={sort.position + 1}")
    section = page.locator(f"#question-{sort.position}")
    choices = [choice["token"] for choice in sort.snapshot["choices"]]

    section.locator("input[type=radio]").first.focus()
    for entry in sort.snapshot["items"]:
        assert page.evaluate("document.activeElement.name") == f"item-{entry['token']}"
        page.keyboard.press("Space")
        for _ in range(choices.index(sort.snapshot["key"]["correct"][entry["token"]])):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Check"
    page.keyboard.press("Enter")
    section.locator(".feedback").wait_for()
    assert section.locator(".verdict").inner_text().strip() == "✔ Right."

    match = next(q for q in items if q.snapshot["kind"] == "match" and len(q.snapshot["items"]) > 2)
    page.goto(f"/attempts/{attempt.pk}/?q={match.position + 1}")
    section = page.locator(f"#question-{match.position}")
    key = match.snapshot["key"]["correct"]
    first, second, *rest = match.snapshot["items"]
    taken = key[second["token"]]
    section.locator(f"select[name='item-{first['token']}']").select_option(taken)
    used = section.locator(f"select[name='item-{second['token']}'] option[value='{taken}']")
    assert used.inner_text().endswith("(used)")

    section.locator(f"select[name='item-{second['token']}']").select_option(taken)

    assert section.locator(f"select[name='item-{first['token']}']").input_value() == ""
    assert "moved here from" in section.locator(".moved").inner_text()
    for entry in [first, *rest]:
        section.locator(f"select[name='item-{entry['token']}']").select_option(key[entry["token"]])
    section.get_by_role("button", name="Check").click()
    section.locator(".feedback").wait_for()
    assert section.locator(".verdict").inner_text().strip() == "✔ Right."
    assert Response.objects.get(attempt_question=match).correct
    assert serious_violations(page) == []
