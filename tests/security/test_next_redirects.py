"""``?next=`` never sends anyone off the site: sign-in, sign-out and sign-up.

Each hostile ``next`` is tried in the form and in the query string. The
redirect is read as a browser would read it (backslashes as slashes, leading
spaces and control characters dropped) and must stay on this host.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
HOSTILE_NEXT = [
    "//evil.com",
    "///evil.com",
    "https://evil.com",
    "http://evil.com/dashboard/",
    "https:evil.com",
    "https:/evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    " //evil.com",
    "\t//evil.com",
    "//evil.com@testserver",
    "http://testserver@evil.com/",
    "//testserver.evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "//evil%2Ecom",
    "/%09/evil.com",
]


def stays_on_site(location: str) -> bool:
    """Whether a browser following ``location`` stays on ``testserver``."""
    seen = location.lstrip("".join(map(chr, range(33)))).replace("\\", "/")
    parts = urlsplit(seen)
    if parts.scheme or seen.startswith("//"):
        # "https:evil.com" from an http page goes to evil.com: a scheme needs this host.
        return parts.scheme in ("", "http", "https") and parts.netloc == "testserver"
    return True


def test_the_check_itself_tells_on_site_from_off_site():
    assert all(stays_on_site(url) for url in ("/", "/dashboard/", "?next=//evil.com"))
    assert not any(stays_on_site(url) for url in HOSTILE_NEXT if "%" not in url)


@pytest.mark.parametrize("where", ["form", "query"])
def test_sign_in_never_redirects_off_site(client, learner, where, tried):
    tried("hostile next= values, at sign-in, sign-out and sign-up", len(HOSTILE_NEXT))
    for target in HOSTILE_NEXT:
        client.logout()
        data = {"username": "learner", "password": PASSWORD}
        url = reverse("login")
        if where == "form":
            data["next"] = target
        else:
            url += "?" + f"next={target}"
        response = client.post(url, data)
        assert response.status_code == 302, target
        assert stays_on_site(response.url), (target, response.url)


def test_sign_in_follows_a_local_next(client, learner):
    data = {"username": "learner", "password": PASSWORD, "next": "/dashboard/"}
    assert client.post(reverse("login"), data).url == "/dashboard/"


def test_the_sign_in_page_links_nowhere_off_site(client):
    for target in HOSTILE_NEXT:
        html = client.get(reverse("login"), {"next": target}).content.decode()
        for link in ('href="//', 'href="http', 'href="javascript', 'action="//'):
            assert link not in html.replace('href="https://', 'href="s:'), (target, link)


@pytest.mark.parametrize("where", ["form", "query"])
def test_sign_out_never_redirects_off_site(learner, where):
    client = Client()
    for target in HOSTILE_NEXT:
        client.force_login(learner)
        url = reverse("logout")
        data = {}
        if where == "form":
            data["next"] = target
        else:
            url += f"?next={target}"
        response = client.post(url, data)
        assert response.status_code == 302, target
        assert stays_on_site(response.url), (target, response.url)
        assert "_auth_user_id" not in client.session


def test_sign_up_never_redirects_off_site(client, settings):
    settings.SIGNUP_OPEN = True
    settings.SIGNUP_RATE_LIMIT = len(HOSTILE_NEXT)
    for number, target in enumerate(HOSTILE_NEXT):
        client.logout()
        data = {
            "username": f"newcomer{number}",
            "email": f"newcomer{number}@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": target,
        }
        response = client.post(reverse("accounts:signup"), data)
        assert response.status_code == 302, target
        assert stays_on_site(response.url), (target, response.url)
    assert User.objects.count() == len(HOSTILE_NEXT)
