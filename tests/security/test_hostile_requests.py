"""Hostile URLs and hostile posts: clear 4xx answers, never a 500 (production settings:
test_deploy.py)."""

import pytest
from django.test import Client

from learning.models import Attempt, Response
from quizzes.models import Quiz

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/quizzes/99999999999999999999999/",
        "/attempts/99999999999999999999999/",
        "/attempts/99999999999999999999999/result/",
        "/briefings/x/%ff/",
        "/briefings/%00/",
        "/briefings/us-iraq-security-partnership/..%2f..%2fetc%2fpasswd/",
    ],
)
def test_hostile_urls_are_404(client, seed_briefing, learner, url):
    client.force_login(learner)
    assert client.get(url).status_code == 404


def test_answer_to_a_question_that_does_not_exist_is_404(client, seed_briefing, learner):
    attempt = start_practice(client, seed_briefing, learner)
    for position in ("99999999999999999999", "999"):
        url = f"/attempts/{attempt.pk}/questions/{position}/"
        assert client.post(url, {"choice": "x"}).status_code == 404


def start_practice(client, seed_briefing, learner) -> Attempt:
    client.force_login(learner)
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    client.post(f"/quizzes/{quiz.pk}/start/")
    return Attempt.objects.get(learner=learner)


@pytest.mark.parametrize(
    "data",
    [
        {"choice": "x" * 10_000},
        {"choice": ["a", "b"]},
        {"text": "<script>alert(1)</script>" * 100},
        {"item-nope": "nope"},
        {},
    ],
)
def test_hostile_answers_get_a_form_error_and_save_nothing(client, seed_briefing, learner, data):
    attempt = start_practice(client, seed_briefing, learner)

    response = client.post(
        f"/attempts/{attempt.pk}/questions/0/", data, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert b'class="form-error"' in response.content
    assert b"<script>alert" not in response.content
    assert not Response.objects.exists()


def test_answer_posts_need_the_csrf_token(seed_briefing, learner):
    client = Client(enforce_csrf_checks=True)
    attempt = start_practice(Client(), seed_briefing, learner)
    client.force_login(learner)
    snapshot = attempt.questions.get(position=0).snapshot
    token = snapshot.get("options", [{"token": "t"}])[0]["token"]

    response = client.post(f"/attempts/{attempt.pk}/questions/0/", {"choice": token})

    assert response.status_code == 403
    assert b"This form has expired" in response.content
    assert not Response.objects.exists()


def test_htmx_pages_send_the_csrf_token_in_hx_headers(client, seed_briefing, learner):
    attempt = start_practice(client, seed_briefing, learner)
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert 'hx-headers=\'{"x-csrftoken": "' in html
