"""Lean learner pages: constant query counts at two data sizes, under 60 KB compressed
(stylesheet and htmx included), and nothing fetched from another site.

"small" is one short briefing; "large" is the seed beside a 6-lesson briefing with a
20-row table, a term list and paragraphs in every lesson. Each count is pinned exactly
and must be the same at both sizes: a count that grows with the data is an N+1.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefing.models import Briefing, Lesson
from learning.review import schedule_review
from quizzes.models import Question, Quiz
from tests.factories import SMALL_DOCUMENT, import_seed, import_text
from tests.web.quiz_helpers import HTMX, answer_data, answer_url, questions_of, start

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 60 * 1024
GREEK = [
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
    "Epsilon",
    "Zeta",
    "Theta",
    "Kappa",
    "Lambda",
    "Sigma",
    "Omega",
    "Orion",
]
PLACES = [
    "Harbour",
    "Ridge",
    "Valley",
    "Summit",
    "Delta",
    "Forest",
    "Canyon",
    "Meadow",
    "Island",
    "Plateau",
]


def large_document(lessons: int = 6, rows: int = 20) -> str:
    """A plain-text briefing far larger than the seed, every key and value distinct."""
    lines = ["Operations Handbook"]
    for number in range(lessons):
        lines.append(f"Sector {GREEK[number % 12]} Operations {number + 1}")
        lines.append(
            f"Sector {number + 1} coordinates its stations across the region. "
            "Each station reports to the sector lead every morning."
        )
        lines.extend(
            f"- {GREEK[term]} Protocol {number + 1}: The procedure a station follows "
            f"when alert level {term + 1} is declared in sector {number + 1}."
            for term in range(5)
        )
        lines.append("Station | Standing Task |")
        lines.append("---|---|")
        lines.extend(
            f"{PLACES[row % 10]} Station {GREEK[row // 10]} {number + 1} | "
            f"Patrols the {PLACES[row % 10].lower()} route number {row + 1} in sector "
            f"{number + 1} |"
            for row in range(rows)
        )
        lines.append("Operations continue through the night under the duty officer.")
    return "\n".join(lines) + "\n"


@dataclass
class Site:
    briefing: Briefing
    lesson: Lesson  # the lesson with the most blocks
    quiz: Quiz  # a lesson quiz
    exam: Quiz  # the final exam


@pytest.fixture(params=["small", "large"])
def site(request) -> Site:
    if request.param == "small":
        briefing = import_text(SMALL_DOCUMENT)
    else:
        import_text(large_document(), slug="handbook", filename="handbook.txt")
        briefing = import_seed()
    lesson = max(briefing.lessons.all(), key=lambda lesson: lesson.blocks.count())
    quiz = Quiz.objects.filter(lesson__briefing=briefing).order_by("lesson__position").first()
    exam = Quiz.objects.get(briefing=briefing, lesson__isnull=True)
    return Site(briefing, lesson, quiz, exam)


@pytest.fixture
def signed_in(learner) -> Client:
    client = Client()
    client.force_login(learner)
    return client


def count_queries(client: Client, url: str, *, post: dict | None = None, headers=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        if post is None:
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, post, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_anonymous_pages_take_at_most_two_queries(site):
    """Each page reads the versions of what it shows (one query) and, once rendered, comes
    from the cache; a miss renders it with one or two queries more, or five (lesson:
    the lesson, its siblings, its blocks with their terms and rows)."""
    client = Client()
    pages = [reverse("briefing:home"), site.briefing.get_absolute_url()]
    pages.append(site.lesson.get_absolute_url())
    assert [count_queries(client, url) for url in pages] == [2, 3, 6]
    assert [count_queries(client, url) for url in pages] == [1, 1, 1]


def test_signed_in_pages_add_only_the_learners_own_state(site, signed_in, learner):
    """Beyond the anonymous queries: the session, the learner, and the learner's own rows.

    The session comes from the database here (no shared cache configured); with Redis
    (``cached_db``) it comes from the cache. Every count is the same at both sizes.
    """
    lesson_url = site.lesson.get_absolute_url()
    signed_in.get(lesson_url)  # the progress row exists from now on
    attempt = start(signed_in, site.exam)
    items = questions_of(attempt)
    for item in items[:-1]:
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, "wrong"))
    question = Question.objects.filter(quiz__lesson__briefing=site.briefing).first()
    schedule_review(learner=learner, question_id=question.pk)

    # session, user, then the lesson's versions with the learner's state in it (progress and
    # the lesson's quiz) in one query: the page comes whole from the cache under them
    assert count_queries(signed_in, lesson_url) == 3
    # session, user, attempt, its questions with their responses
    assert count_queries(signed_in, reverse("learning:attempt", args=[attempt.pk])) == 4
    # session, user, the attempt with the question answered, its response and the attempt's
    # counts in one query (no other question is read), then one upsert that locks the open
    # attempt first and, on PostgreSQL, gives the learner a new activity version in the same
    # statement; elsewhere the new version is a statement of its own. No savepoint. Down
    # from 16: nothing is read twice.
    assert count_queries(
        signed_in,
        answer_url(attempt, items[-1].position),
        post=answer_data(items[-1].snapshot, "wrong"),
        headers=HTMX,
    ) == (4 if connection.vendor == "postgresql" else 5)
    # Continue, Today, mastery, and the versions of what it shows; then from the cache
    assert count_queries(signed_in, reverse("learning:dashboard")) == 16
    assert count_queries(signed_in, reverse("learning:dashboard")) == 3
    assert count_queries(signed_in, reverse("learning:review")) == 6  # + the session's count


STATIC_REFERENCE = re.compile(r'<(?:link|script)\b[^>]*?(?:href|src)="([^"]+)"')
FETCHED = re.compile(r"<(?:link|script|img|iframe|source|video|audio|embed)\b[^>]*>", re.S)
URL_IN_CSS = re.compile(r"""(?:url\(|@import)\s*['"]?([^'")\s]+)""")


def compressed_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def static_path(url: str) -> Path:
    assert url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL), url
    name = url.split(settings.STATIC_URL, 1)[1].split("?")[0]
    found = finders.find(name)
    assert found, f"{url} is not a static file"
    return Path(found)


def transfer_size(client: Client, url: str) -> tuple[int, str]:
    """Bytes a browser downloads for ``url`` on a first visit: the gzip-compressed page and the
    compressed stylesheets and scripts it links to (whitenoise serves them precompressed)."""
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == "gzip", "the page is not compressed"
    html = gzip.decompress(response.content).decode()
    assets = {static_path(src) for src in STATIC_REFERENCE.findall(html)}
    return len(response.content) + sum(compressed_size(path) for path in assets), html


def learner_urls(site: Site, signed_in: Client) -> dict[str, str]:
    attempt = start(signed_in, site.exam)
    for item in questions_of(attempt):
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, "wrong"))
    signed_in.post(reverse("learning:submit", args=[attempt.pk]))
    practice = start(signed_in, site.quiz)  # after the exam: practice is closed while it is open
    return {
        "home": reverse("briefing:home"),
        "briefing": site.briefing.get_absolute_url(),
        "lesson": site.lesson.get_absolute_url(),
        "quiz": site.quiz.get_absolute_url(),
        "attempt": reverse("learning:attempt", args=[practice.pk]),
        "result": reverse("learning:result", args=[attempt.pk]),
        "dashboard": reverse("learning:dashboard"),
        "review": reverse("learning:review"),
    }


def test_every_learner_page_is_under_60_kb_compressed(site, signed_in):
    for name, url in learner_urls(site, signed_in).items():
        size, _ = transfer_size(signed_in, url)
        assert size < PAGE_BUDGET, f"{name}: {size / 1024:.1f} KB"
    anonymous, _ = transfer_size(Client(), site.lesson.get_absolute_url())
    assert anonymous < PAGE_BUDGET


def test_no_learner_page_fetches_anything_from_another_site(site, signed_in):
    """Scripts, stylesheets, images and frames come from this site: no CDN, no font
    service, no analytics (the stylesheet's url() and @import included)."""
    for name, url in learner_urls(site, signed_in).items():
        html = signed_in.get(url).content.decode()
        for tag in FETCHED.findall(html):
            for link in re.findall(r'(?:src|href)="([^"]*)"', tag):
                assert not re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*:|//)", link), f"{name}: {tag}"
        for src in STATIC_REFERENCE.findall(html):
            if src.endswith(".css"):
                for link in URL_IN_CSS.findall(static_path(src).read_text(encoding="utf-8")):
                    assert not re.match(r"(?i)^(?:https?:|//)", link), f"{src}: {link}"


def test_every_css_block_is_closed():
    """A media query left open swallows every rule after it: the quiz page's number strip
    was styled on phones only. Braces outside comments must balance, never going below 0."""
    for path in Path(settings.BASE_DIR, "static").rglob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for line_number, line in enumerate(text.splitlines(), start=1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{path.name}:{line_number} closes a block never opened"
        assert depth == 0, f"{path.name} leaves {depth} block(s) open"
