"""An instructor's day in the admin, in Debian's Chromium: import a Markdown document with a
preview, confirm, edit a generated choice question through its form, a learner sees the
change; a re-import preview names the questions whose answers it deactivates. Every admin
page on the way passes axe (no critical or serious violation)."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from briefing.models import Block, Briefing
from learning.models import Attempt
from quizzes.models import Question
from tests.e2e.test_learning import PASSWORD, answer, serious_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT = """\
# Field Office Handbook

## Opening an Office

Every office opens with a clear plan,and each step has an owner.

| Task | Owner |
|---|---|
| Lease signing | Facilities Team |
| Staff hiring | Human Resources |
| Network setup | IT Services |
| Budget approval | Finance Office |

## Daily Operations

- **Morning Briefing**: A short meeting where the team reviews the day's priorities.
- **Incident Log**: The record where every security incident is written down.
- **Supply Check**: The weekly count of food, fuel and medical supplies.
- **Radio Check**: The hourly test of the radio link with headquarters.
"""
EDITED_OPTION = "The regional facilities office in Erbil"


@pytest.fixture
def instructor(django_user_model):
    """Staff who may edit content and questions and read learner history, not a superuser."""
    user = django_user_model.objects.create_user(
        "instructor", "instructor@example.com", PASSWORD, is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["briefing", "quizzes"])
        | Permission.objects.filter(content_type__app_label="learning", codename__startswith="view")
    )
    return user


def admin_sign_in(page) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", "instructor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()


def answer_rightly(page, position: int, snapshot: dict) -> None:
    """Answer a practice question rightly, check it, and wait for its feedback."""
    answer(page, position, snapshot, right=True)
    page.locator(f"#question-{position}").locator(".feedback").wait_for()


def assert_accessible(page, what: str) -> None:
    assert serious_violations(page) == [], what


def import_through_the_admin(page, path: Path) -> None:
    page.goto("/admin/briefing/briefing/")
    page.get_by_role("link", name="Import a document").click()
    assert_accessible(page, "the import form")
    page.get_by_label("Document").set_input_files(str(path))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Preview the import").wait_for()


def test_import_edit_a_question_a_learner_sees_it_then_reimport(
    browser, live_server, page, screenshot, instructor, learner, tmp_path
):
    path = tmp_path / "handbook.md"
    path.write_text(DOCUMENT)
    admin_sign_in(page)

    import_through_the_admin(page, path)
    expect(page.get_by_text("This creates the briefing “Field Office Handbook”")).to_be_visible()
    expect(page.get_by_text("“plan,and” → “plan, and”")).to_be_visible()
    expect(page.get_by_text("Network setup | IT Services")).to_be_visible()
    assert not Briefing.objects.exists(), "the preview wrote nothing"
    assert_accessible(page, "the import preview")
    screenshot("admin-import-preview")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("Imported “Field Office Handbook” (handbook)")).to_be_visible()
    briefing = Briefing.objects.get(slug="handbook")
    assert_accessible(page, "the briefing's page")

    # The lesson's quiz asks every question, so the learner surely meets the edited one.
    lesson = briefing.lessons.get(position=0)
    page.goto(f"/admin/quizzes/quiz/{lesson.quiz.pk}/change/")
    assert_accessible(page, "the quiz's page")
    page.get_by_label("Questions drawn per attempt").fill("")
    page.get_by_role("button", name="Save and continue editing").click()
    question = Question.objects.filter(quiz=lesson.quiz, kind="choice").order_by("position")[0]
    right = [option["text"] for option in question.options].index(question.answer)
    chosen = (right + 1) % len(question.options)

    row = page.locator("tr.form-row", has_text=question.prompt).first
    row.get_by_role("link", name="Change").click()
    expect(page.get_by_role("heading", name="Options")).to_be_visible()
    assert page.get_by_label(f"Option {right + 1} is correct").is_checked()
    page.get_by_label(f"Option {chosen + 1}", exact=True).fill(EDITED_OPTION)
    page.get_by_label(f"Option {chosen + 1} is correct").check()
    page.get_by_label(f"Feedback for option {right + 1}").fill("That was right before the edit.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    preview = page.locator(".learner-preview")
    expect(preview.get_by_text(EDITED_OPTION).first).to_be_visible()
    assert_accessible(page, "the question's page")
    screenshot("admin-question-editor")
    question.refresh_from_db()
    assert (question.answer, question.origin) == (EDITED_OPTION, Question.Origin.EDITED)

    table = Block.objects.get(lesson=lesson, kind="table")
    page.goto(f"/admin/briefing/block/{table.pk}/change/")
    paragraph_text = page.locator("textarea[name='text']")
    expect(paragraph_text, "a table shows no paragraph text").to_have_count(0)
    assert_accessible(page, "a table block's page")

    learner_context = browser.new_context(base_url=live_server.url)
    learner_page = learner_context.new_page()
    try:
        sign_in(learner_page)
        learner_page.goto(lesson.quiz.get_absolute_url())
        learner_page.get_by_role("button", name="Start").click()
        learner_page.get_by_role("link", name="Show all questions on one page").click()
        expect(learner_page.get_by_text(EDITED_OPTION)).to_be_visible()
        attempt = Attempt.objects.get(learner=learner)
        for item in attempt.questions.order_by("position"):
            answer_rightly(learner_page, item.position, item.snapshot)
        edited = attempt.questions.get(question=question)
        assert "Right" in learner_page.locator(f"#question-{edited.position} .verdict").inner_text()
    finally:
        learner_context.close()

    # The network row goes: the questions the learner answered on it are deactivated.
    path.write_text(DOCUMENT.replace("| Network setup | IT Services |\n", ""))
    import_through_the_admin(page, path)
    deactivated = page.locator("table.question-changes").first
    expect(deactivated.get_by_text("Which owner goes with Network setup?")).to_be_visible()
    assert deactivated.locator("td.number").first.inner_text() == "1"
    assert_accessible(page, "the re-import preview")
    screenshot("admin-reimport-preview")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("Updated “Field Office Handbook” (handbook)")).to_be_visible()
    gone = Question.objects.get(briefing=briefing, prompt="Which owner goes with Network setup?")
    assert not gone.active
