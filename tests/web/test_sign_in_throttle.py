"""Sign-in that resists guessing: django-axes locks an account and an address after the
configured number of failures (the site's sign-in and the admin's), shows a page that says
what happened, and an administrator unlocks it in the admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.throttle import address_key, client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Many sign-ins per test: a cheap hasher, since hashing is not what is tested here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client: Client, username: str, password: str, url: str = LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, times: int, username: str = "learner", url: str = LOGIN, **extra):
    return [sign_in(client, username, "wrong-password", url, **extra) for _ in range(times)]


def test_sign_in_locks_the_account_at_the_failure_limit(client, learner, settings):
    answers = fail(client, settings.AXES_FAILURE_LIMIT)

    assert [a.status_code for a in answers[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = answers[-1]
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    html = locked.content.decode()
    assert "<title>Sign-in paused" in html
    assert f"There were {settings.AXES_FAILURE_LIMIT} failed attempts" in html
    assert "signing in is paused for 15 minutes" in html
    assert locked["Retry-After"] == "900"
    assert reverse("password_reset") in html

    right = sign_in(client, "learner", PASSWORD)

    assert right.status_code == 429
    assert not signed_in(client)


def test_the_failure_limit_is_a_setting(client, learner, settings):
    settings.AXES_FAILURE_LIMIT = 2

    assert [a.status_code for a in fail(client, 2)] == [200, 429]


def test_the_admin_sign_in_is_throttled_too(client, staff_user, settings):
    answers = fail(client, settings.AXES_FAILURE_LIMIT, "editor", ADMIN_LOGIN)

    assert answers[-1].status_code == 429
    assert "Sign-in paused" in answers[-1].content.decode()
    assert sign_in(client, "editor", PASSWORD, ADMIN_LOGIN).status_code == 429
    assert not signed_in(client)


def test_an_account_stays_locked_from_every_address(learner, django_user_model, settings):
    """Spreading the guesses over many addresses does not help."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(Client(REMOTE_ADDR=f"198.51.100.{number + 1}"), 1)

    fresh = Client(REMOTE_ADDR="203.0.113.50")
    assert sign_in(fresh, "learner", PASSWORD).status_code == 429
    django_user_model.objects.create_user("other", "other@example.com", PASSWORD)
    assert sign_in(fresh, "other", PASSWORD).status_code == 302


def test_an_address_is_locked_for_every_account(learner, settings):
    """Guessing one password for many accounts from one address is stopped too."""
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(guesser, 1, username=f"someone-{number}")

    assert sign_in(guesser, "learner", PASSWORD).status_code == 429
    elsewhere = Client(REMOTE_ADDR="203.0.113.8")
    assert sign_in(elsewhere, "learner", PASSWORD).status_code == 302


def test_a_lock_out_ends_after_the_cool_off(client, learner, settings):
    fail(client, settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert sign_in(client, "learner", PASSWORD).status_code == 302
    assert signed_in(client)


def test_failures_below_the_limit_still_sign_in(client, learner, settings):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)

    assert sign_in(client, "learner", PASSWORD).status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(client, learner, staff_user, settings):
    fail(client, settings.AXES_FAILURE_LIMIT)
    admin = Client()
    admin.force_login(staff_user)

    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "learner" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="learner")
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302

    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "learner", PASSWORD).status_code == 302


def test_the_lock_out_page_is_a_page_of_the_site_with_the_csp(client, learner, settings):
    locked = fail(client, settings.AXES_FAILURE_LIMIT)[-1]

    assert "Content-Security-Policy" in locked
    assert 'class="site-header"' in locked.content.decode()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1"),  # no proxy: the header is the client's own claim
        (1, "10.9.9.9, 203.0.113.9", "203.0.113.9"),  # what the one proxy saw
        (2, "10.9.9.9, 203.0.113.9, 192.0.2.77", "203.0.113.9"),
        (2, "203.0.113.9", "192.0.2.1"),  # fewer hops than proxies: fall back
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("", "unknown"),
    ],
)
def test_an_ipv6_client_is_counted_by_its_64_network(address, key):
    assert address_key(address) == key
