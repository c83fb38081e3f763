"""The Content-Security-Policy in Chromium: it blocks what it should, the guard in conftest.py
hears it, a script in a table cell stays text, and the admin works under the policy."""

import pytest
from playwright.sync_api import expect

from briefing.models import Block, TableRow
from tests.e2e.test_learning import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_violations(page, violations: list[str], count: int) -> None:
    """Let Playwright deliver the page's reports (each round trip hands over pending ones)."""
    for _ in range(200):
        if len(violations) >= count:
            return
        page.evaluate("1")
    pytest.fail(f"expected {count} CSP violation(s), got {violations}")


def test_the_policy_blocks_inline_code_and_the_guard_reports_it(page, no_csp_violation):
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineScriptRan = true";
            document.body.append(script);
            document.querySelector("h1").setAttribute("style", "color: red");
        }"""
    )

    wait_for_violations(page, no_csp_violation, 2)
    assert page.evaluate("window.inlineScriptRan") is None
    assert page.locator("h1").evaluate("h => getComputedStyle(h).color") != "rgb(255, 0, 0)"
    assert any(v.startswith("script-src-elem blocked inline") for v in no_csp_violation)
    assert any(v.startswith("style-src-attr blocked inline") for v in no_csp_violation)
    no_csp_violation.clear()  # expected here: the guard must not fail this test


def test_a_script_in_a_table_cell_is_text_and_opens_no_dialog(page, seed_briefing, screenshot):
    table = Block.objects.filter(lesson__briefing=seed_briefing, kind="table").first()
    TableRow.objects.filter(block=table, position=0).update(
        cells=["<script>alert(1)</script>", "ok"]
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(table.lesson.get_absolute_url())

    cell = page.locator("table").get_by_text("<script>alert(1)</script>", exact=True)
    expect(cell).to_be_visible()
    screenshot("script-in-a-cell-is-text")
    assert dialogs == []
    # The guard (conftest.py) fails the test if the page tried to run anything inline.


def sign_in_to_the_admin(page, username: str = "editor") -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Site administration").wait_for()


def test_the_admin_works_under_the_policy(page, seed_briefing, staff_user, screenshot):
    """Sign in, add an inline row with the admin's JavaScript, save, use list actions and the
    theme toggle: all scripts of Django's admin run from 'self' without a violation."""
    sign_in_to_the_admin(page)
    table = Block.objects.filter(lesson__briefing=seed_briefing, kind="table").first()
    rows_before = table.rows.count()

    page.goto(f"/admin/briefing/block/{table.pk}/change/")
    page.get_by_role("button", name="Add another Table row").click()
    page.locator(f"input[name='rows-{rows_before}-position']").fill(str(rows_before))
    page.locator(f"input[name='rows-{rows_before}-cells_0']").fill("Maritime Security")
    page.locator(f"input[name='rows-{rows_before}-cells_1']").fill("Joint coastal patrols")
    screenshot("admin-block-under-csp")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist .success").wait_for()
    assert table.rows.count() == rows_before + 1

    page.goto("/admin/briefing/lesson/")
    page.locator("#action-toggle").check()
    counter = page.locator(".action-counter")
    assert "selected" in counter.inner_text()
    expect(page.locator("tr.selected")).to_have_count(seed_briefing.lessons.count())

    theme = page.locator("button.theme-toggle").first
    before = page.evaluate("document.documentElement.dataset.theme || 'auto'")
    theme.click()
    after = page.evaluate("document.documentElement.dataset.theme")
    assert after and after != before, "the admin's theme toggle (its JavaScript) did not run"
