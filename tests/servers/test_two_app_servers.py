"""Two app servers (gunicorn, production settings) on one PostgreSQL database and one Redis.

The "many machines" deployment in miniature: nothing lives on an app server, so a
learner can move between them, an edit made through one shows on the other at once,
and answers posted to both at the same moment are each stored once.

Runs when the suite runs on PostgreSQL (``.ci/run``'s second pass); on SQLite it is
deselected (see ``tests/servers/conftest.py``). Without Redis it is skipped on a
developer's machine and fails in CI (``CI`` set).
"""

from __future__ import annotations

import http.client
import re
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from briefing.models import Block, TableRow
from learning.models import AttemptQuestion, Response
from quizzes.models import Quiz
from tests.factories import block_change_data
from tests.web.quiz_helpers import answer_data

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


class Browser:
    """Cookies shared by both servers, as behind one load balancer (Secure cookies too: the
    servers run without TLS here); CSRF from the cookie; redirects returned, not followed."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, base: str, path: str, data: dict | None = None, *, htmx: bool = False, **headers
    ) -> tuple[int, http.client.HTTPMessage, str]:
        parts = urlsplit(base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        headers = dict(headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        connection.request("POST" if data is not None else "GET", path, body, headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.msg, content

    def get(self, base: str, path: str, **headers) -> tuple[int, str]:
        status, _, content = self.request(base, path, **headers)
        return status, content

    def sign_in(self, base: str, username: str) -> None:
        self.get(base, "/accounts/login/")  # the CSRF cookie
        status, _, content = self.request(
            base, "/accounts/login/", {"username": username, "password": PASSWORD}
        )
        assert status == 302, content[:500]


def test_a_learner_moves_between_servers_and_sees_the_same_state(
    app_servers, learner, seed_briefing
):
    first, second = app_servers
    browser = Browser()
    browser.sign_in(first, learner.username)
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)

    status, msg, _ = browser.request(first, reverse("learning:start", args=[exam.pk]), {})
    assert status == 302
    attempt_path = msg["Location"]
    items = list(AttemptQuestion.objects.filter(attempt__learner=learner).order_by("position"))
    status, _, fragment = browser.request(
        first, f"{attempt_path}questions/0/", answer_data(items[0].snapshot), htmx=True
    )
    assert status == 200, fragment[:500]

    # The session and the attempt are the same on the other server.
    status, page = browser.get(second, attempt_path)
    assert status == 200
    assert "Sign out" in page
    assert f"1 of {len(items)} answered" in page
    status, _, fragment = browser.request(
        second, f"{attempt_path}questions/1/", answer_data(items[1].snapshot), htmx=True
    )
    assert status == 200, fragment[:500]
    assert f"2 of {len(items)} answered" in fragment
    assert Response.objects.filter(attempt_question__attempt__learner=learner).count() == 2

    # Signed out on one server is signed out on both.
    browser.request(second, "/accounts/logout/", {})
    status, _ = browser.get(first, attempt_path)
    assert status == 302


def test_an_admin_edit_on_one_server_shows_at_once_on_the_other(
    app_servers, staff_user, seed_briefing
):
    first, second = app_servers
    row = TableRow.objects.select_related("block__lesson__briefing").get(
        block__lesson__briefing=seed_briefing, cells__0="Cybersecurity Measures"
    )
    lesson_path = row.block.lesson.get_absolute_url()
    visitor = Browser()
    for server in app_servers:  # each server has the page cached now
        status, page = visitor.get(server, lesson_path)
        assert status == 200
        assert "Growth of defensive cyber protocols" in page

    editor = Browser()
    editor.sign_in(first, staff_user.username)
    data = block_change_data(Block.objects.get(pk=row.block_id))
    data[f"rows-{row.position}-cells_1"] = "Red-team drills every quarter"
    change_page = f"/admin/briefing/block/{row.block_id}/change/"
    status, _, content = editor.request(first, change_page, data)
    assert status == 302, content[:2000]

    for server in (second, first):
        status, page = visitor.get(server, lesson_path)
        assert "Red-team drills every quarter" in page
        assert "Growth of defensive cyber protocols" not in page


def test_answers_posted_to_both_servers_at_once_are_each_stored_once(
    app_servers, learner, seed_briefing
):
    first, second = app_servers
    browser = Browser()
    browser.sign_in(first, learner.username)
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    status, msg, _ = browser.request(second, reverse("learning:start", args=[exam.pk]), {})
    attempt_path = msg["Location"]
    items = list(AttemptQuestion.objects.filter(attempt__learner=learner).order_by("position"))

    def post(job: tuple[str, AttemptQuestion]) -> int:
        server, item = job
        path = f"{attempt_path}questions/{item.position}/"
        return browser.request(server, path, answer_data(item.snapshot), htmx=True)[0]

    # Every answer sent to both servers at the same moment, all answers at once.
    jobs = [(server, item) for item in items for server in app_servers]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, jobs))

    assert statuses == [200] * len(jobs)
    stored = Response.objects.filter(attempt_question__attempt__learner=learner)
    assert stored.count() == len(items)
    assert sorted(stored.values_list("attempt_question__position", flat=True)) == [
        item.position for item in items
    ]
    assert all(response.correct for response in stored)
    status, page = browser.get(first, attempt_path)
    assert f"{len(items)} of {len(items)} answered" in page


def test_static_files_are_hashed_compressed_and_cached_for_a_year(app_servers, seed_briefing):
    first, _ = app_servers
    browser = Browser()
    status, page = browser.get(first, "/")
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    assert re.search(r"site\.[0-9a-f]{12}\.css$", stylesheet), stylesheet

    status, headers, _ = browser.request(first, stylesheet, **{"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
