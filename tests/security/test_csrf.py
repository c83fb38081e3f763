"""Every POST without a valid CSRF token is refused, on every URL of the project.

The URLs are read from the resolver, not from a list kept by hand: a view added
later is tried as soon as it has a URL. A view that opts out of CSRF must be
named in ``CSRF_EXEMPT`` with its reason, or the suite fails.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from accounts.models import User
from briefing.models import Briefing, Lesson
from learning.models import Attempt, LessonProgress, Response, ReviewCard, ReviewLog
from quizzes.models import Question, Quiz

pytestmark = pytest.mark.django_db

#: Views that take POSTs without a token, and why that is safe.
CSRF_EXEMPT = {
    # Browsers send Content-Security-Policy reports without one; a report only logs a line.
    "csp_report",
}

SAMPLES = {"int": "1", "slug": "x", "path": "1", "str": "x", "uuid": "0" * 32}
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<\w+>([^|)]*)[^)]*\)")


def sample_url(parts: list) -> str:
    """A URL that the pattern ``parts`` matches: a sample value in each parameter."""
    url = ""
    for pattern in parts:
        text = str(pattern)
        if isinstance(pattern, RegexPattern):
            # The first of the alternatives (admin's app labels), or the sample for ".*".
            text = REGEX_GROUP.sub(lambda found: found.group(1).strip(".*") or "x", text)
            text = text.removeprefix("^").removesuffix("$")
        else:
            text = CONVERTER.sub(lambda found: SAMPLES[found.group("converter") or "str"], text)
        url += text
    return "/" + url


def every_url() -> list[tuple[str, str, bool, object]]:
    """(URL, view name, exempt from CSRF, view) for every pattern of the project."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, [*prefix, entry.pattern])
                continue
            url = sample_url([*prefix, entry.pattern])
            name = entry.name or entry.lookup_str
            exempt = getattr(entry.callback, "csrf_exempt", False)
            found.append((url, name, exempt, entry.callback))

    walk(get_resolver().url_patterns, [])
    return found


URLS = every_url()


def stored() -> tuple:
    return tuple(
        model.objects.count()
        for model in (User, Briefing, Lesson, Quiz, Question, Attempt, Response, ReviewCard)
    ) + (ReviewLog.objects.count(), LessonProgress.objects.count())


def test_every_url_is_tried_and_reaches_its_own_view():
    assert len(URLS) > 100  # the project's own URLs and the admin's
    for url, _, _, view in URLS:
        assert resolve(url).func == view, url


def test_only_the_listed_views_are_exempt_from_csrf():
    assert {name for _, name, exempt, _ in URLS if exempt} == CSRF_EXEMPT


@pytest.fixture(params=["anonymous", "learner", "staff"])
def csrf_client(request, learner, staff_user) -> Client:
    client = Client(enforce_csrf_checks=True)
    user = {"anonymous": None, "learner": learner, "staff": staff_user}[request.param]
    if user is not None:
        client.force_login(user)
    return client


def test_every_post_without_a_token_is_refused(seed_briefing, csrf_client, tried):
    tried("URLs posted to without a CSRF token", sum(not exempt for _, _, exempt, _ in URLS))
    before = stored()
    for url, name, exempt, _ in URLS:
        if exempt:
            continue
        for headers in ({}, {"HX-Request": "true"}):
            response = csrf_client.post(url, {"confirm": "yes", "rating": "3"}, headers=headers)
            assert response.status_code == 403, (url, name, response.status_code)
            assert b"This form has expired" in response.content, url
    assert stored() == before


def test_a_token_from_another_session_is_refused(seed_briefing, learner, other_learner):
    """A token is tied to its session's cookie: one read from another browser does not pass."""
    theirs = Client(enforce_csrf_checks=True)
    theirs.force_login(other_learner)
    theirs.get("/accounts/login/")
    token = theirs.cookies["csrftoken"].value
    ours = Client(enforce_csrf_checks=True)
    ours.force_login(learner)
    ours.get("/accounts/login/")
    before = stored()

    for url, _, exempt, _ in URLS:
        if exempt:
            continue
        response = ours.post(url, {"csrfmiddlewaretoken": token}, headers={"X-CSRFToken": token})
        assert response.status_code == 403, url
    assert stored() == before


def test_with_its_own_token_a_post_gets_through(seed_briefing, learner):
    """The refusals above are the token's doing: the same client with its token is let in."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()

    response = client.post(f"/quizzes/{quiz.pk}/start/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Attempt.objects.filter(learner=learner).count() == 1
