"""Idle sessions end, sign-up is rate-limited per address, and password reset answers the
same whether or not an account exists."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def set_last_activity(client: Client, seconds_ago: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_signing_in_starts_the_idle_clock(client, learner):
    client.force_login(learner)

    assert abs(client.session[LAST_ACTIVITY_KEY] - time.time()) < 60


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(client, learner, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    client.force_login(learner)
    set_last_activity(client, 1801)

    response = client.get(reverse("learning:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "You were signed out after 30 minutes without activity." in page


def test_activity_keeps_a_session_alive(client, learner, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    client.force_login(learner)
    set_last_activity(client, 1790)

    assert client.get(reverse("learning:dashboard")).status_code == 200
    assert abs(client.session[LAST_ACTIVITY_KEY] - time.time()) < 60
    set_last_activity(client, 1790)
    assert client.get(reverse("learning:dashboard")).status_code == 200


def test_the_idle_clock_is_written_at_most_once_a_minute(client, learner):
    """Pages do not write the session on every request (SQLite's write lock stays free)."""
    client.force_login(learner)
    set_last_activity(client, 30)
    before = client.session[LAST_ACTIVITY_KEY]

    client.get(reverse("learning:dashboard"))

    assert client.session[LAST_ACTIVITY_KEY] == before


def test_anonymous_visitors_get_no_session(client, seed_briefing):
    response = client.get("/")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def signup_data(username: str) -> dict[str, str]:
    return {
        "username": username,
        "email": f"{username}@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def test_sign_up_is_rate_limited_per_address(settings):
    settings.SIGNUP_RATE_LIMIT = 2
    url = reverse("accounts:signup")
    answers = [
        Client(REMOTE_ADDR="198.51.100.1").post(url, signup_data(f"newcomer{number}"))
        for number in range(3)
    ]

    assert [a.status_code for a in answers] == [302, 302, 429]
    refused = answers[-1]
    html = refused.content.decode()
    assert "Too many sign-up attempts from your network. Please try again in" in html
    assert 'class="error-summary"' in html
    assert 0 < int(refused["Retry-After"]) <= settings.SIGNUP_RATE_WINDOW_SECONDS
    assert 'value="newcomer2"' in html, "the refused form keeps the username typed"
    assert not User.objects.filter(username="newcomer2").exists()

    other_address = Client(REMOTE_ADDR="203.0.113.1").post(url, signup_data("newcomer3"))
    assert other_address.status_code == 302


def test_failed_sign_ups_count_too(settings, learner):
    """Each attempt counts, so the form cannot be used to test names and addresses en masse."""
    settings.SIGNUP_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR="198.51.100.2")
    url = reverse("accounts:signup")
    taken = [client.post(url, signup_data("learner")) for _ in range(3)]

    assert [a.status_code for a in taken] == [200, 200, 429]
    assert "A user with that username already exists." not in taken[-1].content.decode()


def test_showing_the_sign_up_form_is_not_counted(client, settings):
    settings.SIGNUP_RATE_LIMIT = 1
    url = reverse("accounts:signup")
    for _ in range(3):
        assert client.get(url).status_code == 200

    assert client.post(url, signup_data("newcomer")).status_code == 302


def without_csrf_token(html: bytes) -> str:
    """The page with its per-request CSRF token blanked out."""
    return re.sub(r'"x-csrftoken": "[^"]+"', '"x-csrftoken": ""', html.decode())


def test_password_reset_answers_alike_for_known_and_unknown_addresses(learner, mailoutbox):
    url = reverse("password_reset")
    known = Client().post(url, {"email": "learner@example.com"}, follow=True)
    unknown = Client().post(url, {"email": "nobody@example.com"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert known.status_code == unknown.status_code == 200
    assert without_csrf_token(known.content) == without_csrf_token(unknown.content)
    assert "If an account uses the address you entered" in known.content.decode()
    assert [message.to for message in mailoutbox] == [["learner@example.com"]]
