import pytest
from playwright.sync_api import expect

from tests.factories import SEED_TITLE

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_to_briefing_to_lesson_shows_the_table(page, screenshot, seed_briefing):
    page.goto("/")
    page.get_by_role("link", name=SEED_TITLE).click()
    page.get_by_role("link", name="Shifting Strategies in the Fight Against ISIS").click()

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Shifting Strategies in the Fight Against ISIS"
    )
    table = page.locator("table").first
    assert table.locator("thead th").all_inner_texts() == ["Focus Area", "Action Plan"]
    expect(table.locator("tbody tr")).to_have_count(3)
    assert "Joint exercises and intelligence-led missions" in table.inner_text()
    screenshot("lesson-desktop")


def test_lesson_reads_on_a_phone_and_keyboard_reaches_the_skip_link(
    page, screenshot, seed_briefing
):
    page.set_viewport_size({"width": 390, "height": 844})
    lesson = seed_briefing.lessons.get(position=4)
    page.goto(lesson.get_absolute_url())
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    assert skip_link.evaluate("element => element === document.activeElement")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    screenshot("lesson-phone")


def test_every_seed_lesson_fits_a_320px_screen(page, seed_briefing):
    """Each lesson has its own pager titles: a long word in one must not push the page wide."""
    page.set_viewport_size({"width": 320, "height": 700})
    too_wide = {}
    for lesson in seed_briefing.lessons.order_by("position"):
        page.goto(lesson.get_absolute_url())
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[lesson.title] = width
    assert too_wide == {}
