"""Headings, nested lists and code read well on a phone: only a code block scrolls sideways."""

import pytest

from briefing.ingest.document import Code, Heading, ItemList, Lesson, ListItem, Paragraph
from tests.factories import make_document, persist_document

pytestmark = pytest.mark.django_db(transaction=True)

LONG_LINE = "kubectl --namespace=production rollout restart deployment/" + "x" * 80
LONG_WORD = "https://example.org/" + "a-very-long-path-segment/" * 6


@pytest.fixture
def long_lesson():
    lesson = Lesson(
        "Rolling Back",
        (
            Heading("When the Deploy Fails", 3),
            Paragraph(f"See {LONG_WORD} for the runbook.\nThen act."),
            ItemList(
                (
                    ListItem("Stop the rollout", (ListItem(f"Check {LONG_WORD}"),)),
                    ListItem("Restart the service"),
                ),
                ordered=True,
            ),
            Code(f"{LONG_LINE}\nkubectl get pods", "shell"),
        ),
    )
    briefing = persist_document(make_document(lessons=(lesson,))).briefing
    return briefing.lessons.get()


def test_a_phone_scrolls_only_inside_the_code_block(page, screenshot, long_lesson):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(long_lesson.get_absolute_url())

    assert page.get_by_role("heading", level=3).inner_text() == "When the Deploy Fails"
    assert page.locator("ol > li > ul > li").inner_text().startswith("Check https://")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, "the page scrolls sideways on a phone"
    code = page.locator("pre.code")
    assert code.evaluate("element => element.scrollWidth > element.clientWidth")
    screenshot("structure-phone")
