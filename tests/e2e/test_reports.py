"""The reports in Debian's Chromium on the demo class: they read well at 1280 px (screenshots,
looked at by people), an instructor gets there from the admin, and axe finds nothing serious."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.test_learning import serious_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def first_lesson_quiz(briefing):
    return briefing.quizzes.filter(lesson__isnull=False).order_by("lesson__position").first()


@pytest.fixture
def demo_class(seed_briefing):
    call_command("create_demo_activity", seed_briefing.slug)
    return seed_briefing


def test_item_statistics_and_briefing_report(page, screenshot, demo_class, staff_user):
    sign_in(page, "editor")
    page.goto("/admin/")
    page.get_by_role("link", name="Briefings and item statistics").click()
    page.get_by_role("link", name=demo_class.title).click()

    expect(page.get_by_role("heading", name=demo_class.title, level=1)).to_be_visible()
    expect(page.locator("table.grid tbody tr")).to_have_count(12)
    expect(page.locator("figure.chart svg[role=img]")).to_have_count(demo_class.quizzes.count())
    assert serious_violations(page) == []
    screenshot("reports-briefing")

    quiz = first_lesson_quiz(demo_class)
    title = quiz.lesson.title
    page.get_by_role("link", name=f"Item statistics for {title}").click()
    expect(page.get_by_role("heading", name=f"Item statistics: {title}")).to_be_visible()
    expect(page.locator("table.items tbody tr")).to_have_count(quiz.questions.active().count())
    page.get_by_text("How these numbers are computed").click()
    assert serious_violations(page) == []
    screenshot("reports-item-statistics")


def test_learners_and_one_learner(page, screenshot, demo_class, staff_user):
    sign_in(page, "editor")
    page.goto("/reports/learners/")
    page.get_by_label("Find a learner").fill("Fischer")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("table.learners tbody tr")).to_have_count(1)
    assert serious_violations(page) == []

    page.get_by_role("link", name="lena.fischer").click()
    expect(page.get_by_role("heading", name="Review load")).to_be_visible()
    assert serious_violations(page) == []
    screenshot("reports-learner")


def test_quiz_admin_page_links_to_the_item_statistics(page, demo_class, staff_user):
    quiz = first_lesson_quiz(demo_class)
    sign_in(page, "editor")
    page.goto(f"/admin/quizzes/quiz/{quiz.pk}/change/")

    page.get_by_role("link", name="Item statistics").click()

    assert page.url.endswith(f"/reports/quizzes/{quiz.pk}/")
