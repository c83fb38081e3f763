"""Hostile URLs and hostile posts: clear 4xx answers, never a 500 (production settings:
test_deploy.py).

A post that no page of the app sends (a token of another question or attempt, an
unknown option or item, an answer over 1,000 characters, a field sent twice, a
position that is not a number) gets a 400 that says what was wrong, and stores
nothing. What a learner can get wrong in a real form (nothing chosen, an answer
over 500 characters typed) gets a form error instead: tests/web/test_attempts.py.
"""

import html
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.attempts import start_attempt
from learning.models import Attempt, AttemptQuestion, Response, ReviewCard, ReviewLog
from learning.review import review_snapshot
from quizzes.models import Question, Quiz
from tests.web.quiz_helpers import HTMX, answer_url, questions_of, start

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


def stored() -> tuple:
    """Everything an answer could write."""
    return (
        Attempt.objects.filter(submitted_at__isnull=False).count(),
        Attempt.objects.count(),
        Response.objects.count(),
        AttemptQuestion.objects.filter(flagged=True).count(),
        ReviewCard.objects.count(),
        ReviewLog.objects.count(),
    )


def tokens(snapshot: dict, field: str) -> list[str]:
    return [entry["token"] for entry in snapshot.get(field, [])]


def hostile_answers(snapshot: dict, foreign: list[str]) -> list[dict]:
    """Posts to one question that no form of it sends. ``foreign`` are tokens of other
    questions (of this attempt and of another attempt)."""
    kind = snapshot["kind"]
    posts: list[dict] = [
        {"go": "next"},
        {"go": "-1"},
        {"go": "1.5"},
        {"go": ["0", "1"]},
        {"flag": ["on", "off"]},
        {"item-forged": "x"},
    ]
    if kind in ("choice", "true_false"):
        options = tokens(snapshot, "options")
        posts += [{"choice": token} for token in foreign]
        posts += [
            {"choice": "forged"},
            {"choice": options[0] + "x"},
            {"choice": options[:2]},
            {"choice": "x" * 1001},
            {"choice": options[0] + " " * 1001},
        ]
    elif kind in ("match", "categorize"):
        first = f"item-{tokens(snapshot, 'items')[0]}"
        choices = tokens(snapshot, "choices")
        posts += [{first: token} for token in foreign]
        posts += [{f"item-{token}": choices[0]} for token in foreign]
        posts += [{first: "forged"}, {first: choices[:2]}, {first: "x" * 1001}]
    else:
        posts += [{"text": "x" * 1001}, {"text": ["a", "b"]}, {"text": "x" * 100_000}]
    return posts


def foreign_tokens(attempt: Attempt, other: Attempt, position: int) -> list[str]:
    """A token of another question of this attempt and one of another attempt."""
    found = []
    for source in (attempt, other):
        for item in questions_of(source):
            if source == attempt and item.position == position:
                continue
            shown = [*tokens(item.snapshot, "options"), *tokens(item.snapshot, "choices")]
            if shown:
                found.append(shown[0])
                break
    return found


@pytest.mark.parametrize("mode", [Quiz.Mode.PRACTICE, Quiz.Mode.EXAM])
@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_hostile_answers_get_a_400_with_a_message_and_store_nothing(
    signed_in, learner, seed_briefing, every_kind_quiz, mode, htmx, tried
):
    every_kind_quiz.mode = mode
    every_kind_quiz.save()
    attempt = start(signed_in, every_kind_quiz)
    other = start_attempt(
        learner=learner, quiz=Quiz.objects.get(briefing=seed_briefing, lesson__position=3)
    )
    before = stored()
    kinds = set()
    posts = 0

    for item in questions_of(attempt):
        foreign = foreign_tokens(attempt, other, item.position)
        assert len(foreign) == 2
        for data in hostile_answers(item.snapshot, foreign):
            response = signed_in.post(
                answer_url(attempt, item.position), data, headers=HTMX if htmx else {}
            )
            page = response.content.decode()
            assert response.status_code == 400, (item.snapshot["kind"], data)
            assert '<p class="form-error" role="alert">' in page, data
            assert "x" * 1001 not in page
            posts += 1
        kinds.add(item.snapshot["kind"])

    assert stored() == before
    assert kinds == {"choice", "true_false", "match", "categorize", "cloze"}
    tried("forged answer posts to the questions of a quiz of every kind", posts)


def test_a_refusal_says_what_was_wrong(signed_in, every_kind_quiz):
    attempt = start(signed_in, every_kind_quiz)
    items = {item.snapshot["kind"]: item for item in questions_of(attempt)}
    choice, cloze = items["choice"], items["cloze"]
    two_options = tokens(choice.snapshot, "options")[:2]
    refusals = [
        (choice, {"choice": "forged"}, "That choice is not one of this question's options."),
        (choice, {"choice": two_options}, "was sent more than once"),
        (cloze, {"text": "x" * 1001}, "too long (1,000 characters at most)"),
        (choice, {"go": "next"}, "a question number or “finish”"),
    ]
    for item, data, message in refusals:
        response = signed_in.post(answer_url(attempt, item.position), data)
        assert response.status_code == 400
        assert message in html.unescape(response.content.decode()), message


def test_hostile_review_answers_get_a_400_and_log_nothing(signed_in, learner, seed_briefing, tried):
    """The review's question cards take the same answers, and refuse the same posts."""
    kinds = {}
    for question in Question.objects.filter(briefing=seed_briefing, active=True).order_by("pk"):
        kinds.setdefault(question.kind, question)
    assert set(kinds) == {"choice", "true_false", "match", "categorize", "cloze"}
    posts = 0
    for question in kinds.values():
        card = ReviewCard.objects.create(
            learner=learner, question=question, state={}, due=timezone.now()
        )
        snapshot = review_snapshot(card, reviews=0)
        url = reverse("learning:review_answer", args=[card.pk])
        for data in hostile_answers(snapshot, ["forged-token"]):
            if "go" in data or "flag" in data:
                continue
            for headers in ({}, HTMX):
                response = signed_in.post(url, data | {"reviews": "0"}, headers=headers)
                assert response.status_code == 400, (question.kind, data)
                assert '<p class="form-error" role="alert">' in response.content.decode()
                posts += 1
        assert not ReviewLog.objects.exists()
        card.refresh_from_db()
        assert card.state == {}
    tried("forged review answer posts", posts)


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[1, 2]", b'{"csp-report": [1]}', b"{" * 10_000, b"\xff\xfe"],
    ids=["empty", "text", "list", "report-list", "deep", "bytes"],
)
def test_a_malformed_csp_report_is_a_400(client, body):
    response = client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 400
    assert response.content == b"Not a CSP report."


def test_a_good_csp_report_is_taken(client):
    report = {"csp-report": {"document-uri": "/", "blocked-uri": "inline"}}
    response = client.post("/csp-report/", json.dumps(report), content_type="application/json")
    assert response.status_code == 204


def test_htmx_pages_send_the_csrf_token_in_hx_headers(client, seed_briefing, learner):
    attempt = start_practice(client, seed_briefing, learner)
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert 'hx-headers=\'{"x-csrftoken": "' in html
