"""django-axes in Chromium: the configured number of wrong passwords locks the account, the
page says so, and an administrator unlocks it in the admin."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.test_learning import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def try_password(page, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("learner")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_wrong_passwords_lock_the_account_until_an_admin_unlocks_it(
    browser, live_server, page, screenshot, learner, staff_user
):
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit):
        try_password(page, f"wrong-password-{attempt}")
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()

    try_password(page, f"wrong-password-{limit}")

    expect(page.get_by_role("heading", name="Sign-in paused", level=1)).to_be_visible()
    expect(page.get_by_text(f"There were {limit} failed attempts")).to_be_visible()
    expect(page.get_by_role("link", name="reset it")).to_be_visible()
    screenshot("sign-in-locked-out")

    try_password(page, PASSWORD)
    expect(page.get_by_role("heading", name="Sign-in paused", level=1)).to_be_visible()

    # The same address is locked too, so the administrator arrives with a session made here.
    admin_client = Client()
    admin_client.force_login(staff_user)
    admin = browser.new_context(base_url=live_server.url)
    admin.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": admin_client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    admin_page = admin.new_page()
    admin_page.goto("/admin/axes/accessattempt/")
    row = admin_page.get_by_role("row").filter(has_text="learner")
    row.get_by_role("checkbox").check()
    admin_page.get_by_label("Action:").select_option("delete_selected")
    admin_page.get_by_role("button", name="Go").click()
    admin_page.get_by_role("button", name="Yes, I’m sure").click()
    admin_page.locator(".messagelist .success").wait_for()
    admin.close()
    assert not AccessAttempt.objects.filter(username="learner").exists()

    try_password(page, PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
