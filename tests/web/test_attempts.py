"""Taking a quiz through the test client: start, answer, submit, expire, results, access."""

from collections import Counter
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from learning.attempts import question_facts, start_attempt, submit_attempt
from learning.models import Attempt, AttemptQuestion, LessonProgress, Response, ReviewCard
from quizzes.models import Question, Quiz
from tests.web.quiz_helpers import (
    HTMX,
    answer_data,
    answer_url,
    attempt_url,
    questions_of,
    result_url,
    section,
    start,
    submit_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture(params=["2-question lesson quiz", "whole lesson quiz", "20-question exam"])
def any_quiz(request, seed_briefing) -> Quiz:
    """Quizzes of different sizes and modes: a query count must hold for all of them."""
    if request.param == "20-question exam":
        return Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=1)
    quiz.draw = 2 if request.param.startswith("2-") else None
    quiz.save()
    return quiz


def answer_all(client, attempt: Attempt, how: str = "right") -> None:
    for item in questions_of(attempt):
        response = client.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))
        assert response.status_code == 302


# Signing in and HTTP methods


def learner_urls(attempt: Attempt, card: ReviewCard) -> list[tuple[str, str]]:
    quiz = attempt.quiz
    return [
        ("get", reverse("learning:dashboard")),
        ("get", reverse("learning:quiz", args=[quiz.pk])),
        ("post", reverse("learning:start", args=[quiz.pk])),
        ("get", attempt_url(attempt)),
        ("post", answer_url(attempt, 0)),
        ("get", submit_url(attempt)),
        ("post", submit_url(attempt)),
        ("get", result_url(attempt)),
        ("post", reverse("learning:retry", args=[attempt.pk])),
        ("post", reverse("learning:mark_read", args=[quiz.lesson_id])),
        ("get", reverse("learning:review")),
        ("post", reverse("learning:review_answer", args=[card.pk])),
    ]


def test_anonymous_users_are_sent_to_sign_in_and_nothing_changes(client, lesson_quiz, learner):
    attempt = start_attempt(learner=learner, quiz=lesson_quiz)
    item = questions_of(attempt)[0]
    card = ReviewCard.objects.create(
        learner=learner, question=item.question, state={}, due=timezone.now()
    )

    for method, url in learner_urls(attempt, card):
        data = answer_data(item.snapshot) | {"confirm": "yes", "reviews": "0"}
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next=")
        assert unquote(response.url).endswith(f"?next={url}")

    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert Attempt.objects.count() == 1
    assert not Response.objects.exists()
    assert not LessonProgress.objects.exists()
    assert not card.logs.exists()


def test_post_only_urls_refuse_get_and_pages_refuse_post(signed_in, lesson_quiz, learner):
    attempt = start_attempt(learner=learner, quiz=lesson_quiz)
    card = ReviewCard.objects.create(
        learner=learner, question=questions_of(attempt)[0].question, state={}, due=timezone.now()
    )
    # The submit page answers both: GET asks, POST submits.
    urls = [
        (method, url) for method, url in learner_urls(attempt, card) if url != submit_url(attempt)
    ]

    for method, url in urls:
        wrong_method = signed_in.get if method == "post" else signed_in.post
        assert wrong_method(url).status_code == 405, url
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not LessonProgress.objects.filter(read_at__isnull=False).exists()


# Starting


def test_start_draws_ten_questions_and_freezes_them_in_snapshots(signed_in, lesson_quiz):
    response = signed_in.post(reverse("learning:start", args=[lesson_quiz.pk]))

    attempt = Attempt.objects.get(quiz=lesson_quiz)
    assert response.status_code == 302
    assert response.url == attempt_url(attempt)
    assert attempt.expires_at is None
    items = questions_of(attempt)
    assert [item.position for item in items] == list(range(10))
    active = {question.pk: question for question in lesson_quiz.questions.active()}
    assert len(active) == Question.objects.filter(briefing=lesson_quiz.briefing).count()
    assert len({item.question_id for item in items}) == 10
    facts = [fact for item in items for fact in question_facts(active[item.question_id])]
    assert len(facts) == len(set(facts))
    for item in items:
        question = active[item.question_id]
        assert item.snapshot["kind"] == question.kind
        assert item.snapshot["prompt"] == question.prompt
        assert item.snapshot["key"]["explanation"] == question.explanation


def test_the_attempt_shows_its_snapshot_not_later_edits(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)
    item = questions_of(attempt)[0]
    old_prompt = item.snapshot["prompt"]
    item.question.prompt = "An edited prompt, written after the attempt began"
    item.question.save()

    html = signed_in.get(attempt_url(attempt)).content.decode()

    assert "An edited prompt" not in html
    assert escape(old_prompt) in html


def test_the_final_exam_draws_twenty_over_all_lessons_one_per_fact(signed_in, final_exam):
    attempt = start(signed_in, final_exam)

    items = list(AttemptQuestion.objects.filter(attempt=attempt).select_related("question__quiz"))
    assert len(items) == 20
    facts = [item.question.fact for item in items]
    assert all(facts)
    assert len(set(facts)) == 20
    per_lesson = Counter(item.question.quiz.lesson_id for item in items)
    lessons_with_quizzes = set(
        Quiz.objects.filter(briefing=final_exam.briefing, lesson__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    assert set(per_lesson) == lessons_with_quizzes
    # Evenly, as far as facts allow: a lesson left behind has no question on a new fact.
    drawn_facts = {fact for item in items for fact in question_facts(item.question)}
    for lesson, count in per_lesson.items():
        if count < max(per_lesson.values()) - 1:
            others = Question.objects.active().filter(quiz__lesson_id=lesson)
            assert all(question_facts(question) & drawn_facts for question in others)
    assert all(item.question.active for item in items)


def test_a_second_start_resumes_the_open_attempt(signed_in, lesson_quiz):
    url = reverse("learning:start", args=[lesson_quiz.pk])

    first = signed_in.post(url)
    second = signed_in.post(url)

    attempt = Attempt.objects.get(quiz=lesson_quiz)
    assert first.url == second.url == attempt_url(attempt)
    assert AttemptQuestion.objects.filter(attempt__quiz=lesson_quiz).count() == 10
    assert b"Resume your attempt" in signed_in.get(lesson_quiz.get_absolute_url()).content


def test_attempts_allowed_is_enforced_with_a_clear_message(signed_in, lesson_quiz):
    lesson_quiz.attempts_allowed = 2
    lesson_quiz.save()
    for _ in range(2):
        attempt = start(signed_in, lesson_quiz)
        signed_in.post(submit_url(attempt), {"confirm": "yes"})

    response = signed_in.post(reverse("learning:start", args=[lesson_quiz.pk]), follow=True)

    assert response.redirect_chain == [(lesson_quiz.get_absolute_url(), 302)]
    assert "You have used all 2 attempts allowed at this quiz." in response.content.decode()
    assert Attempt.objects.filter(quiz=lesson_quiz).count() == 2
    assert b"Attempts allowed: 2" in response.content


def test_a_quiz_without_active_questions_says_so(signed_in, lesson_quiz):
    lesson_quiz.questions.update(active=False)

    response = signed_in.post(reverse("learning:start", args=[lesson_quiz.pk]), follow=True)

    assert response.redirect_chain == [(lesson_quiz.get_absolute_url(), 302)]
    assert "This quiz has no questions yet." in response.content.decode()
    assert not Attempt.objects.exists()


# Answering


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_a_practice_answer_locks_and_a_second_answer_is_refused(signed_in, lesson_quiz, htmx):
    headers = HTMX if htmx else {}
    attempt = start(signed_in, lesson_quiz)
    item = questions_of(attempt)[0]
    url = answer_url(attempt, 0)

    first = signed_in.post(url, answer_data(item.snapshot, "wrong"), headers=headers)

    saved = Response.objects.get(attempt_question=item)
    assert (saved.locked, saved.correct, saved.score) == (True, False, 0)
    if htmx:
        html = first.content.decode()
        assert first.status_code == 200
        assert "<html" not in html
        assert 'id="progress" class="progress" hx-swap-oob="true"' in html
        assert "1 of 10 answered" in html
        assert "Not right." in html
        assert "<form" not in section(html, 0), "the checked question has no form left"
    else:
        assert first.url == f"{attempt_url(attempt)}?q=1#question-0"
        assert "Not right." in signed_in.get(first.url).content.decode()

    second = signed_in.post(url, answer_data(item.snapshot, "right"), headers=headers)

    if htmx:
        assert second.status_code == 200
        assert second.headers["HX-Redirect"] == attempt_url(attempt)
    else:
        assert second.status_code == 302
        assert second.url == attempt_url(attempt)
    page = signed_in.get(attempt_url(attempt)).content.decode()
    assert "You have already answered this question." in page
    again = Response.objects.get(attempt_question=item)
    assert (again.answer, again.correct, again.score, again.answered_at) == (
        saved.answer,
        False,
        0,
        saved.answered_at,
    )


def test_exam_answers_stay_editable_and_show_no_feedback_before_submit(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    item = questions_of(attempt)[0]
    url = answer_url(attempt, 0)

    fragment = signed_in.post(url, answer_data(item.snapshot, "wrong"), headers=HTMX)

    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html
    assert "1 of 20 answered" in html
    assert "Saved" in html
    assert "<form" in html
    for revealing in ('class="feedback', "Right answer", "Not right", "Right.", "✘", "✔"):
        assert revealing not in html
    assert not Response.objects.get(attempt_question=item).correct

    signed_in.post(url, answer_data(item.snapshot, "right"), headers=HTMX)

    changed = Response.objects.get(attempt_question=item)
    assert (changed.correct, changed.score, changed.locked) == (True, 1.0, False)
    assert Response.objects.filter(attempt_question__attempt=attempt).count() == 1
    page = signed_in.get(attempt_url(attempt)).content.decode()
    for revealing in ('class="feedback', "Right answer", "Right.", "✔"):
        assert revealing not in page
    assert "1 of 20 answered" in page
    assert not ReviewCard.objects.exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_invalid_answers_give_a_form_error_never_a_500(signed_in, every_kind_quiz, htmx):
    attempt = start(signed_in, every_kind_quiz)
    for item in questions_of(attempt):
        for data in invalid_answers(item.snapshot):
            url = answer_url(attempt, item.position)
            response = signed_in.post(url, data, headers=HTMX if htmx else {})
            if htmx:
                html = response.content.decode()
                assert response.status_code == 200, data
                assert "<html" not in html
                assert '<p class="form-error" role="alert">' in html, data
                assert f'<section id="question-{item.position}"' in html
                assert 'hx-swap-oob="true"' in html
            else:
                assert response.status_code == 302, data
                assert (
                    response.url
                    == f"{attempt_url(attempt)}?q={item.position + 1}#question-{item.position}"
                )
                page = signed_in.get(response.url).content.decode()
                message = f'<li class="message message-error">Question {item.position + 1}: '
                assert message in page, data
    assert not Response.objects.exists()


def invalid_answers(snapshot: dict) -> list[dict[str, str]]:
    """What a learner can get wrong in the form of a question of any kind: nothing chosen,
    a typed answer too long or with a character not allowed. (Forged posts get a 400:
    tests/security/test_hostile_requests.py.)"""
    kind = snapshot["kind"]
    if kind in ("choice", "true_false"):
        return [{}, {"choice": ""}]
    if kind in ("match", "categorize"):
        first = snapshot["items"][0]["token"]
        return [{}, {f"item-{first}": ""}]
    return [{}, {"text": "   "}, {"text": "x" * 501}, {"text": "capacity\x00building"}]


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_a_question_position_that_does_not_exist_is_404(signed_in, lesson_quiz, htmx):
    attempt = start(signed_in, lesson_quiz)

    response = signed_in.post(
        answer_url(attempt, 10), {"choice": "x"}, headers=HTMX if htmx else {}
    )

    assert response.status_code == 404
    assert not Response.objects.exists()


# Submitting and scoring


def test_submitting_with_unanswered_questions_asks_for_confirmation(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)
    first = questions_of(attempt)[0]
    signed_in.post(answer_url(attempt, 0), answer_data(first.snapshot, "right"))

    asked = signed_in.post(submit_url(attempt))
    declined = signed_in.post(submit_url(attempt), {"confirm": "no"})

    for response in (asked, declined):
        assert response.status_code == 200
        html = response.content.decode()
        assert "Submit with unanswered questions?" in html
        assert "9 questions of" in html
        assert '<input type="hidden" name="confirm" value="yes">' in html
    attempt.refresh_from_db()
    assert attempt.submitted_at is None

    confirmed = signed_in.post(submit_url(attempt), {"confirm": "yes"})

    assert confirmed.status_code == 302
    assert confirmed.url == result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.score == pytest.approx(0.1)


def test_a_fully_answered_attempt_submits_without_confirmation(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)
    answer_all(signed_in, attempt)

    response = signed_in.post(submit_url(attempt))

    assert response.url == result_url(attempt)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (1.0, True)


def test_a_double_submit_gives_one_result(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)
    answer_all(signed_in, attempt, "wrong")
    signed_in.post(submit_url(attempt), {"confirm": "yes"})
    attempt.refresh_from_db()
    first = (attempt.submitted_at, attempt.score, attempt.passed)

    second = signed_in.post(submit_url(attempt), {"confirm": "yes"})

    assert second.status_code == 302
    assert second.url == result_url(attempt)
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score, attempt.passed) == first
    assert Attempt.objects.filter(quiz=lesson_quiz).count() == 1
    assert ReviewCard.objects.count() == 10


@pytest.mark.parametrize("request_kind", ["attempt page", "answer", "submit", "result"])
def test_an_expired_attempt_is_submitted_with_its_saved_answers_by_any_request(
    signed_in, final_exam, request_kind
):
    final_exam.time_limit = timedelta(minutes=20)
    final_exam.save()
    attempt = start(signed_in, final_exam)
    assert attempt.expires_at == pytest.approx(
        attempt.started_at + timedelta(minutes=20), abs=timedelta(seconds=5)
    )
    saved, late = questions_of(attempt)[:2]
    signed_in.post(answer_url(attempt, 0), answer_data(saved.snapshot, "right"))
    Attempt.objects.filter(pk=attempt.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    late_answer = answer_data(late.snapshot, "right")
    send = {
        "attempt page": lambda: signed_in.get(attempt_url(attempt)),
        "answer": lambda: signed_in.post(answer_url(attempt, 1), late_answer),
        "submit": lambda: signed_in.post(submit_url(attempt)),
        "result": lambda: signed_in.get(result_url(attempt)),
    }[request_kind]

    response = send()

    assert response.status_code in (200, 302)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.score == pytest.approx(1 / 20)
    assert attempt.passed is False
    assert not Response.objects.filter(attempt_question=late).exists()
    if request_kind == "answer":
        shown = signed_in.get(response.url, follow=True).content.decode()
        assert "Time is up: the attempt was submitted with the answers saved so far." in shown

    refused = signed_in.post(answer_url(attempt, 1), late_answer, follow=True)

    assert refused.redirect_chain[-1] == (result_url(attempt), 302)
    assert "answers can no longer change" in refused.content.decode()
    assert not Response.objects.filter(attempt_question=late).exists()


@pytest.mark.parametrize(("right", "passed"), [(7, True), (6, False)])
def test_questions_weigh_equally_and_the_pass_mark_decides(signed_in, lesson_quiz, right, passed):
    attempt = start(signed_in, lesson_quiz)
    for item in questions_of(attempt):
        how = "right" if item.position < right else "wrong"
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))

    response = signed_in.post(submit_url(attempt), follow=True)

    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(right / 10)
    assert attempt.passed is passed
    html = response.content.decode()
    assert f'<span class="score-value">{right * 10}%</span>' in html
    assert ("Passed" if passed else "Not passed yet") in html
    assert "the pass mark is 70%" in html


def test_match_and_categorize_earn_partial_credit(signed_in, every_kind_quiz):
    # The fourth lesson's matches have three and four pairs (two pairs matched one to one
    # can't be partly right): its questions join the quiz.
    Question.objects.filter(quiz__lesson__position=3).update(quiz=every_kind_quiz)
    attempt = start(signed_in, every_kind_quiz)
    items = questions_of(attempt)
    expected = 0.0
    partial = []
    for item in items:
        kind, count = item.snapshot["kind"], len(item.snapshot.get("items", []))
        # Two pairs matched one to one are both right or both wrong: never partly right.
        can_be_partly = kind == "categorize" or (kind == "match" and count > 2)
        how = "partly" if can_be_partly else "wrong"
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))
        if how == "partly":
            share = 1 / len(item.snapshot["items"])
            expected += share
            partial.append((item, share))
    assert {item.snapshot["kind"] for item, _ in partial} == {"match", "categorize"}

    for item, share in partial:
        response = Response.objects.get(attempt_question=item)
        assert response.score == pytest.approx(share)
        assert response.correct is False
    result = signed_in.post(submit_url(attempt), follow=True)

    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(expected / len(items))
    assert attempt.passed is False
    assert "Partly right (" in result.content.decode()


# Query counts: each must hold for a 2-question quiz, a whole lesson quiz and the exam.


def test_quiz_detail_query_count(signed_in, any_quiz, learner, django_assert_max_num_queries):
    """Attempts come annotated with their question counts: no query per attempt. A practice
    quiz asks the access rule for an open exam of the briefing (one query)."""
    for _ in range(3):
        submit_attempt(attempt=start_attempt(learner=learner, quiz=any_quiz))
    start_attempt(learner=learner, quiz=any_quiz)

    with django_assert_max_num_queries(7):
        response = signed_in.get(any_quiz.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count("Not passed: review") == 3


def test_start_query_count(signed_in, any_quiz, django_assert_max_num_queries):
    """Questions come with their block, lesson, row and term (and the row's or term's block)
    for the source link, and are frozen with one bulk insert: no query per question. One
    more: a practice quiz asks the access rule for an open exam; the final exam reads the
    questions the learner met in practice. One write gives the learner a new activity
    version (``learning.activity``)."""
    with django_assert_max_num_queries(14):
        response = signed_in.post(reverse("learning:start", args=[any_quiz.pk]))

    assert response.status_code == 302
    drawn = AttemptQuestion.objects.filter(attempt__quiz=any_quiz).select_related("question")
    limit = any_quiz.draw or any_quiz.questions.active().count()
    facts = [fact for item in drawn for fact in question_facts(item.question)]
    assert 0 < len(drawn) <= limit
    if any_quiz.draw:  # a drawn attempt asks each fact once; an undrawn one shows every question
        assert len(facts) == len(set(facts))


def test_attempt_page_query_count(signed_in, any_quiz, django_assert_max_num_queries):
    """Each question's response comes with it (select_related): no query per question.
    A practice attempt asks the access rule for an open exam (one query)."""
    attempt = start(signed_in, any_quiz)
    items = questions_of(attempt)
    for item in items[::2]:
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, "wrong"))

    with django_assert_max_num_queries(5):
        response = signed_in.get(attempt_url(attempt))

    assert response.status_code == 200
    assert f"{len(items[::2])} of {len(items)} answered" in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_answer_query_count(signed_in, any_quiz, htmx, django_assert_max_num_queries):
    """One query reads the attempt, the question answered with its response, and the counts
    the answered fragment's progress bar shows: no other question is read. The answer is
    stored with one statement that locks the open attempt first (no read of the attempt or
    the response before it), and gives the learner a new activity version
    (``learning.activity``). Down from 22 and 21: nothing is read twice."""
    attempt = start(signed_in, any_quiz)
    *others, last = questions_of(attempt)
    for item in others:
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, "wrong"))
    data = answer_data(last.snapshot, "wrong")

    # Two more for a practice attempt: the access rule's look for an open exam, and the
    # review card of the wrong answer. The test's transaction adds a savepoint and its release.
    with django_assert_max_num_queries(9 if any_quiz.mode == Quiz.Mode.PRACTICE else 7):
        response = signed_in.post(
            answer_url(attempt, last.position), data, headers=HTMX if htmx else {}
        )

    if htmx:
        fragment = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in fragment
        assert f'<section id="question-{last.position}"' in fragment
        assert 'id="progress" class="progress" hx-swap-oob="true"' in fragment
        assert f"{len(others) + 1} of {len(others) + 1} answered" in fragment
    else:
        assert response.status_code == 302
        assert (
            response.url == f"{attempt_url(attempt)}?q={last.position + 1}#question-{last.position}"
        )


def test_submit_query_count(signed_in, any_quiz, django_assert_max_num_queries):
    """Responses come with their questions, and the review cards for every wrong answer are
    created in one bulk insert: no query per question. The submission gives the learner a
    new activity version (``learning.activity``), once."""
    attempt = start(signed_in, any_quiz)
    answer_all(signed_in, attempt, "wrong")
    count = len(questions_of(attempt))

    with django_assert_max_num_queries(17):
        response = signed_in.post(submit_url(attempt))

    assert response.url == result_url(attempt)
    assert ReviewCard.objects.count() == count


def test_result_query_count(signed_in, any_quiz, django_assert_max_num_queries):
    """Feedback comes from the snapshots, responses and lessons come with their questions,
    and the next steps take three queries (the attempts used with any open practice of
    the missed questions, the next lesson, the review cards): none per question or lesson."""
    attempt = start(signed_in, any_quiz)
    answer_all(signed_in, attempt, "partly")
    signed_in.post(submit_url(attempt))

    with django_assert_max_num_queries(7):
        response = signed_in.get(result_url(attempt))

    assert response.status_code == 200
    assert response.content.decode().count('<section id="question-') == len(questions_of(attempt))
