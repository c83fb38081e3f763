import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "another-long-test-password"


def signup_data(**kwargs: str) -> dict[str, str]:
    kwargs.setdefault("username", "newcomer")
    kwargs.setdefault("email", "newcomer@example.com")
    kwargs.setdefault("password1", PASSWORD)
    kwargs.setdefault("password2", PASSWORD)
    return kwargs


def landing_url() -> str:
    """Where sign-up sends people: their dashboard."""
    return reverse("learning:dashboard")


def signed_in_user_id(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def test_signup_creates_a_learner_signs_in_and_redirects(client):
    response = client.post(reverse("accounts:signup"), signup_data())

    assert response.status_code == 302
    assert response.url == landing_url()
    user = User.objects.get(username="newcomer")
    assert user.email == "newcomer@example.com"
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["learners"]
    assert signed_in_user_id(client) == user.pk
    assert b"Welcome, newcomer!" in client.get(response.url).content


def test_signup_rejects_an_email_already_used_in_another_case(client, learner):
    response = client.post(reverse("accounts:signup"), signup_data(email="LEARNER@Example.COM"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"email": ["A user with that e-mail address already exists."]}
    assert b'aria-invalid="true"' in response.content
    assert b'class="error-summary"' in response.content
    assert not User.objects.filter(username="newcomer").exists()
    assert signed_in_user_id(client) is None


def test_signup_page_and_link_are_gone_when_signup_is_closed(client, settings):
    settings.SIGNUP_OPEN = False
    signup_url = reverse("accounts:signup")

    assert client.get(signup_url).status_code == 404
    assert client.post(signup_url, signup_data()).status_code == 404
    assert not User.objects.exists()
    login_page = client.get(reverse("login")).content.decode()
    assert signup_url not in login_page
    assert "Create an account" not in login_page


def test_signed_in_user_is_sent_home_from_signup(client, learner):
    client.force_login(learner)

    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 302
    assert response.url == reverse("briefing:home")


def test_signup_follows_a_local_next(client):
    response = client.post(reverse("accounts:signup"), signup_data(next="/briefings/x/"))

    assert response.url == "/briefings/x/"


def test_signup_ignores_an_offsite_next(client):
    response = client.post(
        reverse("accounts:signup"), signup_data(next="https://evil.example/steal")
    )

    assert response.status_code == 302
    assert response.url == landing_url()


def test_signup_post_needs_a_csrf_token():
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:signup"), signup_data())

    assert response.status_code == 403
    assert not User.objects.exists()


def test_signup_page_renders_the_form(client, django_assert_max_num_queries):
    """An anonymous visitor's sign-up page needs no queries (no session or user lookups)."""
    with django_assert_max_num_queries(0):
        response = client.get(reverse("accounts:signup") + "?next=/briefings/x/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="email"' in html
    assert 'autocomplete="new-password"' in html
    assert 'name="next" value="/briefings/x/"' in html


def test_login_page_links_to_password_reset_and_signup(client, django_assert_max_num_queries):
    """An anonymous visitor's sign-in page needs no queries (no session or user lookups)."""
    with django_assert_max_num_queries(0):
        response = client.get(reverse("login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="current-password"' in html
    assert reverse("password_reset") in html
    assert reverse("accounts:signup") in html


def test_login_failure_is_summarised(client, learner):
    response = client.post(reverse("login"), {"username": "learner", "password": "wrong"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    assert 'class="error-summary" role="alert"' in html
    assert "Please enter a correct username and password" in html


def test_password_change_requires_login(client):
    url = reverse("password_change")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_password_change_sets_the_new_password_and_keeps_the_session(client, learner):
    client.force_login(learner)
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)
    assert client.get(response.url).status_code == 200
    assert signed_in_user_id(client) == learner.pk


def test_password_reset_mails_a_link_that_sets_a_new_password(client, learner, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "Learner@Example.com"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["learner@example.com"]
    assert message.subject == "Reset your Briefing Trainer password"
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body)
    assert link

    response = client.get(link.group(0), follow=True)

    assert response.status_code == 200
    assert response.context["validlink"]
    assert b'name="new_password1"' in response.content
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.url == reverse("password_reset_complete")
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_sends_nothing(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_logout_is_post_only(client, learner):
    client.force_login(learner)

    assert client.get(reverse("logout")).status_code == 405
    assert signed_in_user_id(client) == learner.pk

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("briefing:home")
    assert signed_in_user_id(client) is None


def test_layout_offers_signup_and_password_links(client, learner, settings):
    home = reverse("briefing:home")
    assert reverse("accounts:signup") in client.get(home).content.decode()

    settings.SIGNUP_OPEN = False
    assert reverse("accounts:signup") not in client.get(home).content.decode()

    client.force_login(learner)
    assert reverse("password_change") in client.get(home).content.decode()


def test_password_reset_link_that_is_not_valid_offers_a_new_one(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))

    assert response.status_code == 200
    assert not response.context["validlink"]
    html = response.content.decode()
    assert "<title>Link no longer works" in html
    assert reverse("password_reset") in html


def test_a_sign_up_race_on_the_same_username_is_a_form_error(client, monkeypatch):
    from django.db import IntegrityError

    from accounts.forms import SignupForm

    def taken(self, commit=True):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(SignupForm, "save", taken)
    response = client.post(reverse("accounts:signup"), signup_data(username="racer"))

    assert response.status_code == 200
    assert "That username or e-mail address was just taken." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "queries"),
    [("password_change", 2), ("password_reset", 0), ("password_reset_done", 0)],
)
def test_password_pages_query_count(client, learner, django_assert_max_num_queries, name, queries):
    """A signed-in page costs the session and the user (no more); anonymous pages nothing."""
    if queries:
        client.force_login(learner)
    with django_assert_max_num_queries(queries):
        response = client.get(reverse(name))
    assert response.status_code == 200
