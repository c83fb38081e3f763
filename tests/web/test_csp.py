"""The Content-Security-Policy: on every page and fragment (the site's and the admin's), and
no page needs what it forbids (inline script, inline event handlers, style attributes)."""

import json
import logging
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from quizzes.models import Quiz
from tests.web.quiz_helpers import HTMX, answer_data, answer_url, questions_of, start

pytestmark = pytest.mark.django_db

EXPECTED_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "report-uri /csp-report/",
]


class InlineCodeFinder(HTMLParser):
    """Everything in a page that a strict policy blocks: inline scripts and styles,
    ``on…=`` handlers, ``style=`` attributes and ``javascript:`` links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        # JSON data blocks (json_script) are never run, so the policy allows them.
        is_code = attributes.get("type") != "application/json"
        if tag == "script" and "src" not in attributes and is_code:
            self.found.append(f"inline <script {attrs}>")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "hx-on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.found


def admin_urls() -> list[str]:
    """Every registered model's list, add and first change page, and the admin's own pages."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:app_list", args=[info[0]]))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
        if model_admin.has_add_permission(_FakeRequest()):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    return sorted(set(urls))


class _FakeRequest:
    """Enough of a superuser's request for ``has_add_permission``."""

    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


def site_pages(client: Client, seed_briefing, learner) -> dict[str, object]:
    """Every page and fragment a learner meets, fetched as that learner."""
    client.force_login(learner)
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    attempt = start(client, quiz)
    first = questions_of(attempt)[0]
    pages = {"/": client.get("/"), "briefing": client.get(seed_briefing.get_absolute_url())}
    for lesson in seed_briefing.lessons.all():
        pages[lesson.slug] = client.get(lesson.get_absolute_url())
    pages["quiz"] = client.get(quiz.get_absolute_url())
    pages["exam"] = client.get(exam.get_absolute_url())
    pages["attempt"] = client.get(reverse("learning:attempt", args=[attempt.pk]))
    pages["answer fragment"] = client.post(
        answer_url(attempt, 0), answer_data(first.snapshot, "wrong"), headers=HTMX
    )
    pages["submit"] = client.post(reverse("learning:submit", args=[attempt.pk]), follow=True)
    pages["result"] = client.get(reverse("learning:result", args=[attempt.pk]))
    pages["dashboard"] = client.get(reverse("learning:dashboard"))
    pages["review"] = client.get(reverse("learning:review"))
    pages["password change"] = client.get(reverse("password_change"))
    pages["404"] = client.get("/no-such-page/")
    anonymous = Client()
    for name in ("login", "password_reset", "password_reset_done", "accounts:signup"):
        pages[name] = anonymous.get(reverse(name))
    pages["admin login"] = anonymous.get(reverse("admin:login"))
    pages["bad reset link"] = anonymous.get(
        reverse("password_reset_confirm", args=["MQ", "bad-token"])
    )
    pages["csrf failure"] = Client(enforce_csrf_checks=True).post(reverse("login"), {})
    return pages


def assert_under_the_policy(name: str, response) -> None:
    policy = response.get("Content-Security-Policy", "")
    for directive in EXPECTED_DIRECTIVES:
        assert directive in policy, (name, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (name, policy)
    if "html" in response.get("Content-Type", ""):
        assert inline_code(response.content.decode()) == [], name


def test_every_site_page_and_fragment_has_the_csp_and_no_inline_code(
    client, seed_briefing, learner
):
    pages = site_pages(client, seed_briefing, learner)

    assert pages["answer fragment"].status_code == 200
    assert b"<html" not in pages["answer fragment"].content
    assert pages["404"].status_code == 404
    assert pages["csrf failure"].status_code == 403
    for name, response in pages.items():
        assert_under_the_policy(name, response)


def test_every_admin_page_has_the_csp_and_no_inline_code(client, seed_briefing, staff_user):
    client.force_login(staff_user)
    urls = admin_urls()

    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_under_the_policy(url, response)


def test_the_finder_sees_what_the_policy_blocks():
    """The check above is only as good as this finder."""
    assert inline_code(
        '<script>alert(1)</script><p onclick="x()" style="color:red">'
        '<a href="javascript:x()">x</a><style>p{}</style><div hx-on:click="x()">'
    ) == [
        "inline <script []>",
        "<p onclick='x()'>",
        "<p style='color:red'>",
        "<a href='javascript:x()'>",
        "inline <style>",
        "<div hx-on:click='x()'>",
    ]
    assert inline_code('<script src="/static/x.js"></script>') == []
    assert inline_code('<script type="application/json" id="d">{}</script>') == []


def test_a_script_in_a_table_cell_is_shown_as_text(client, seed_briefing):
    from briefing.models import Block, TableRow

    table = Block.objects.filter(lesson__briefing=seed_briefing, kind="table").first()
    TableRow.objects.filter(block=table, position=0).update(
        cells=["<script>alert(1)</script>", "ok"]
    )

    response = client.get(table.lesson.get_absolute_url())

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_under_the_policy("lesson", response)


def test_the_report_endpoint_logs_a_violation(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://trainer.example.org/briefings/x/",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "blocked-uri": "inline",
        }
    }
    with caplog.at_level(logging.WARNING, logger="config.csp"):
        response = client.post(
            reverse("csp_report"), json.dumps(report), content_type="application/csp-report"
        )

    assert response.status_code == 204
    assert [record.getMessage() for record in caplog.records] == [
        "CSP violation on 'https://trainer.example.org/briefings/x/': "
        "'script-src-elem' blocked 'inline'"
    ]


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"csp-report": "x"}'])
def test_the_report_endpoint_refuses_what_is_not_a_report(client, body, caplog):
    response = client.post(reverse("csp_report"), body, content_type="application/json")

    assert response.status_code == 400
    assert not [record for record in caplog.records if record.name == "config.csp"]


def test_the_report_endpoint_takes_only_posts(client):
    assert client.get(reverse("csp_report")).status_code == 405
