"""One question at a time: ``?q=N`` pages, the number strip, moving on (saving on the way),
flags, answers that count only when complete, the confirm page, page size and query counts."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.html import escape

from learning.attempts import start_attempt
from learning.models import Attempt, AttemptQuestion, Response
from quizzes.models import Question, Quiz
from tests.web.quiz_helpers import HTMX, answer_data, answer_url, questions_of, section, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture(params=["2-question lesson quiz", "whole lesson quiz", "20-question exam"])
def any_quiz(request, seed_briefing) -> Quiz:
    if request.param == "20-question exam":
        return Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=1)
    quiz.draw = 2 if request.param.startswith("2-") else None
    quiz.save()
    return quiz


def page_url(attempt: Attempt, number: int | None = None) -> str:
    url = reverse("learning:attempt", args=[attempt.pk])
    return url if number is None else f"{url}?q={number}"


def shown_sections(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<section id="question-(\d+)"', html)]


def strip_cells(html: str) -> list[str]:
    """Each cell of the number strip as its screen-reader text ("Question 3: answered").

    In an answer's htmx fragment, the cells it swaps in (out of band) instead of the strip.
    """
    found = re.search(r'<nav id="strip".*?</nav>', html, re.S)
    strip = (
        found.group(0)
        if found
        else "".join(re.findall(r"<li [^>]*hx-swap-oob.*?</li>", html, re.S))
    )
    cells = re.findall(r'class="cell[^"]*".*?</(?:a|button)>', strip, re.S)
    texts = []
    for cell in cells:
        hidden = re.findall(r'<span class="visually-hidden">([^<]*)</span>', cell)
        number = re.search(r'<span class="cell-number">(\d+)</span>', cell).group(1)
        texts.append(f"{hidden[0]}{number}{hidden[1]}")
    return texts


def match_question(attempt: Attempt) -> AttemptQuestion:
    return next(q for q in questions_of(attempt) if q.snapshot["kind"] in ("match", "categorize"))


# The page shows one question


def test_the_page_shows_one_question_the_first_not_answered(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)
    first, second = questions_of(attempt)[:2]
    signed_in.post(answer_url(attempt, 0), answer_data(first.snapshot, "right"))

    html = signed_in.get(page_url(attempt)).content.decode()

    assert shown_sections(html) == [1]
    assert "Question 2 of 10" in html
    assert strip_cells(html)[:3] == [
        "Question 1: right",
        "Question 2: not answered",
        "Question 3: not answered",
    ]
    assert 'aria-current="step"' in re.search(r'href="[^"]*\?q=2"[^>]*>', html).group(0)
    assert f'href="{page_url(attempt, 1)}"' in html and 'rel="prev"' in html
    assert f'href="{page_url(attempt, 3)}"' in html and 'rel="next"' in html
    assert f'href="{page_url(attempt)}?show=all"' in html


def test_any_question_can_be_opened_and_the_last_has_no_next(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)

    last = signed_in.get(page_url(attempt, 10)).content.decode()

    assert shown_sections(last) == [9]
    assert 'rel="next"' not in last
    assert 'rel="prev"' in last


@pytest.mark.parametrize("asked", ["0", "11", "abc", "-1", "1.5"])
def test_a_question_number_out_of_range_is_404(signed_in, lesson_quiz, asked):
    attempt = start(signed_in, lesson_quiz)

    assert signed_in.get(f"{page_url(attempt)}?q={asked}").status_code == 404


@pytest.mark.parametrize("position", [20, 32_767, 2**31, 10**30])
def test_an_answer_to_a_question_number_past_the_attempt_is_404(signed_in, final_exam, position):
    """Past the last question, or past what the database's integers hold: no such question."""
    attempt = start(signed_in, final_exam)

    response = signed_in.post(answer_url(attempt, position), {"choice": "x"}, headers=HTMX)

    assert response.status_code == 404


def test_show_all_keeps_every_question_on_one_page(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)

    html = signed_in.get(f"{page_url(attempt)}?show=all").content.decode()

    assert shown_sections(html) == list(range(10))
    assert 'name="show" value="all"' in html
    assert 'href="#question-3"' in html


def test_an_htmx_move_swaps_the_stage_alone_and_focuses_the_question(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)

    response = signed_in.get(page_url(attempt, 4), headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="stage"')
    assert shown_sections(html) == [3]
    assert 'id="question-3-title" class="question-number" tabindex="-1" autofocus' in html
    assert response.headers["Vary"].count("HX-Request") == 1


def test_a_history_restore_gets_the_whole_page(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)

    html = signed_in.get(
        page_url(attempt, 4), headers=HTMX | {"HX-History-Restore-Request": "true"}
    ).content.decode()

    assert "<html" in html
    assert "autofocus" not in html


# Practice: answer on purpose


def test_a_practice_form_checks_on_submit_only_and_shows_it_is_busy(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)
    choice = next(
        q for q in questions_of(attempt) if q.snapshot["kind"] in ("choice", "true_false")
    )

    html = section(
        signed_in.get(page_url(attempt, choice.position + 1)).content.decode(), choice.position
    )

    form = re.search(r"<form .*?>", html, re.S).group(0)
    assert "hx-trigger" not in form, "a practice answer is checked by its button alone"
    assert 'hx-disabled-elt="find fieldset, find input[type=text], find button"' in form
    assert f'hx-indicator="#busy-{choice.position}"' in form
    assert f'<span id="busy-{choice.position}" class="busy htmx-indicator">Checking…' in html
    assert ">Check</button>" in html


def test_checking_swaps_in_feedback_focused_on_the_verdict(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)
    item = questions_of(attempt)[0]

    html = signed_in.post(
        answer_url(attempt, 0), answer_data(item.snapshot, "wrong"), headers=HTMX
    ).content.decode()

    assert '<p class="verdict" id="verdict-0" tabindex="-1" autofocus>' in html
    assert '<li id="cell-0" hx-swap-oob="true">' in html
    assert 'id="strip"' not in html, "the other cells are not sent again"
    assert strip_cells(html) == ["Question 1: not right"]
    assert 'id="step-nav"' in html and 'hx-swap-oob="true"' in html
    assert 'class="button" rel="next"' in html, "after feedback, Next is the main button"


def test_practice_moves_never_check_an_answer(signed_in, lesson_quiz):
    """A practice has no Next button in its form, and a forged ``go`` checks nothing."""
    attempt = start(signed_in, lesson_quiz)
    item = questions_of(attempt)[0]

    response = signed_in.post(answer_url(attempt, 0), answer_data(item.snapshot) | {"go": "1"})

    assert response.url == page_url(attempt, 2)
    assert not Response.objects.exists()


# Exam: moving on saves, flags


def test_an_exam_move_saves_the_answer_on_screen_and_opens_the_next(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    first = questions_of(attempt)[0]

    response = signed_in.post(answer_url(attempt, 0), answer_data(first.snapshot) | {"go": "1"})

    assert response.status_code == 302
    assert response.url == page_url(attempt, 2)
    assert Response.objects.get(attempt_question=first).correct


def test_an_exam_move_with_no_answer_saves_nothing_and_moves(signed_in, final_exam):
    attempt = start(signed_in, final_exam)

    response = signed_in.post(answer_url(attempt, 3), {"go": "19"})

    assert response.url == page_url(attempt, 20)
    assert not Response.objects.exists()


def test_an_exam_move_with_a_wrong_form_stays_with_the_error(signed_in, final_exam):
    """An answer the form refuses (typed too long) keeps the learner on the question."""
    final_exam.draw = None
    final_exam.save()
    attempt = start(signed_in, final_exam)
    item = next(q for q in questions_of(attempt) if q.snapshot["kind"] == "cloze")
    too_long = {"text": "x" * 501, "go": "0"}

    response = signed_in.post(answer_url(attempt, item.position), too_long, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(
        f"?q={item.position + 1}#question-{item.position}"
    )
    assert f"Question {item.position + 1}: That answer is too long" in html
    assert not Response.objects.exists()


@pytest.mark.parametrize("go", ["20", "999"])
def test_a_move_to_no_question_is_404(signed_in, final_exam, go):
    """A number past the last question (one that is not a number is a 400:
    tests/security/test_hostile_requests.py)."""
    attempt = start(signed_in, final_exam)

    assert signed_in.post(answer_url(attempt, 0), {"go": go}).status_code == 404


def test_an_htmx_exam_move_retargets_the_stage_and_pushes_the_url(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    first = questions_of(attempt)[0]

    response = signed_in.post(
        answer_url(attempt, 0), answer_data(first.snapshot, "wrong") | {"go": "5"}, headers=HTMX
    )

    html = response.content.decode()
    assert response.headers["HX-Retarget"] == "#stage"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert response.headers["HX-Push-Url"] == page_url(attempt, 6)
    assert shown_sections(html) == [5]
    assert strip_cells(html)[0] == "Question 1: answered"
    assert "1 of 20 answered" in html and 'hx-swap-oob="true"' in html
    assert "Not right" not in html


def test_an_exam_navigation_belongs_to_the_question_form(signed_in, final_exam):
    """Without JavaScript, Previous, Next, the strip and Submit send the answer on screen."""
    attempt = start(signed_in, final_exam)

    html = signed_in.get(page_url(attempt, 2)).content.decode()

    assert 'id="form-1"' in html
    for button in re.findall(r"<button [^>]*name=\"go\"[^>]*>", html):
        assert 'form="form-1"' in button and "formnovalidate" in button
    assert len(re.findall(r'name="go"', html)) == 20 + 2 + 1  # strip, previous and next, submit
    assert 'name="go" formnovalidate value="finish"' in html


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_a_flag_is_set_and_taken_off_and_shown_in_the_strip(signed_in, final_exam, htmx):
    attempt = start(signed_in, final_exam)
    item = questions_of(attempt)[2]
    headers = HTMX if htmx else {}

    flagged = signed_in.post(answer_url(attempt, 2), {"flag": "on"}, headers=headers)

    item.refresh_from_db()
    assert item.flagged
    html = flagged.content.decode() if htmx else signed_in.get(flagged.url).content.decode()
    assert "Question 3: not answered, flagged" in strip_cells(html)
    assert 'id="flag-2" name="flag" formnovalidate value="off"' in html
    assert 'aria-pressed="true"' in html
    assert "⚑</span> Flagged" in html
    if not htmx:
        assert flagged.url == f"{page_url(attempt, 3)}#question-2"

    signed_in.post(answer_url(attempt, 2), {"flag": "off"}, headers=headers)

    item.refresh_from_db()
    assert not item.flagged
    assert not Response.objects.exists()


def test_flagging_saves_the_answer_on_screen(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    item = questions_of(attempt)[0]

    signed_in.post(answer_url(attempt, 0), answer_data(item.snapshot) | {"flag": "on"})

    item.refresh_from_db()
    assert item.flagged
    assert Response.objects.get(attempt_question=item).correct


def test_a_practice_has_no_flags(signed_in, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)

    html = signed_in.get(page_url(attempt, 1)).content.decode()
    signed_in.post(answer_url(attempt, 0), {"flag": "on"})

    assert 'name="flag"' not in html
    assert not AttemptQuestion.objects.filter(flagged=True).exists()


def test_a_submitted_attempt_takes_no_flag(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    signed_in.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})

    response = signed_in.post(answer_url(attempt, 0), {"flag": "on"}, follow=True)

    assert "answers can no longer change" in response.content.decode()
    assert not AttemptQuestion.objects.filter(flagged=True).exists()


# Answered means complete


def test_a_match_with_one_item_placed_is_not_answered(signed_in, seed_briefing):
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=1)
    quiz.mode, quiz.draw = Quiz.Mode.EXAM, None
    quiz.save()
    attempt = start(signed_in, quiz)
    item = match_question(attempt)
    token = item.snapshot["items"][0]["token"]
    partial = {f"item-{token}": item.snapshot["key"]["correct"][token]}

    fragment = signed_in.post(answer_url(attempt, item.position), partial, headers=HTMX)

    html = fragment.content.decode()
    assert "Saved" in html
    assert "0 of " in html and " answered" in html
    assert f"Question {item.position + 1}: not answered" in strip_cells(html)
    confirm = signed_in.get(reverse("learning:submit", args=[attempt.pk])).content.decode()
    placed = f"1 of {len(item.snapshot['items'])} placed"
    assert f"Question {item.position + 1}</a>: {placed}" in confirm

    signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, "partly"))

    page = signed_in.get(page_url(attempt, item.position + 1)).content.decode()
    assert "1 of " in page
    assert f"Question {item.position + 1}: answered" in strip_cells(page)


def test_an_answer_counts_the_other_answers_of_the_attempt_once(signed_in, final_exam):
    """The answered count an answer's fragment shows: the attempt's other complete answers,
    plus this one once, however often it is answered again."""
    attempt = start(signed_in, final_exam)
    items = questions_of(attempt)
    for item in items[:2]:
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot))

    for _ in range(2):
        third = items[2]
        fragment = signed_in.post(
            answer_url(attempt, third.position), answer_data(third.snapshot, "wrong"), headers=HTMX
        )
        assert f"3 of {len(items)} answered" in fragment.content.decode()


def test_a_response_saved_alone_keeps_whether_it_is_complete(signed_in, seed_briefing):
    """``Response.complete`` follows the answer when a response is saved one by one (the
    admin, the shell), as the answer POST keeps it."""
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=1)
    quiz.mode, quiz.draw = Quiz.Mode.EXAM, None
    quiz.save()
    item = match_question(start(signed_in, quiz))
    key = item.snapshot["key"]["correct"]
    first = next(iter(key))

    response = Response.objects.create(attempt_question=item, answer={first: key[first]})
    assert not response.complete
    response.answer = dict(key)
    response.save(update_fields=["answer"])
    response.refresh_from_db()
    assert response.complete


# Submitting


def test_the_confirm_page_links_to_each_unanswered_and_flagged_question(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    items = questions_of(attempt)
    for item in items:
        if item.position != 3:
            signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot))
    signed_in.post(answer_url(attempt, 6), {"flag": "on"})

    response = signed_in.post(answer_url(attempt, 19), {"go": "finish"})

    assert response.url == reverse("learning:submit", args=[attempt.pk])
    html = signed_in.get(response.url).content.decode()
    assert "Submit with unanswered questions?" in html
    assert "1 question of" in html
    assert f'<a href="{page_url(attempt, 4)}">Question 4</a>: not answered' in html
    assert "Flagged to come back to" in html
    assert f'<a href="{page_url(attempt, 7)}">Question 7</a>' in html
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_finishing_an_exam_with_everything_answered_and_no_flag_submits(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    items = questions_of(attempt)
    for item in items[:-1]:
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot))

    response = signed_in.post(
        answer_url(attempt, 19), answer_data(items[-1].snapshot) | {"go": "finish"}, headers=HTMX
    )

    assert response.headers["HX-Redirect"] == reverse("learning:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (1.0, True)


def test_a_flag_asks_before_submitting_even_when_all_is_answered(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    for item in questions_of(attempt):
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot))
    signed_in.post(answer_url(attempt, 0), {"flag": "on"})

    response = signed_in.post(answer_url(attempt, 0), {"go": "finish"}, follow=True)

    html = response.content.decode()
    assert "Submit the exam?" in html
    assert "All 20 questions are answered." in html
    assert f'<a href="{page_url(attempt, 1)}">Question 1</a>' in html
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


# Page size (issue 13: the attempt page stays small) and query counts


def static_bytes(path: str) -> bytes:
    found = finders.find(path)
    assert found, path
    with open(found, "rb") as file:
        return file.read()


def test_the_exam_page_sends_one_question_and_stays_under_60_kb_compressed(signed_in, final_exam):
    """The 20-question exam page, with its stylesheet and htmx, gzipped: under 60 KB."""
    attempt = start(signed_in, final_exam)
    for item in questions_of(attempt)[::2]:
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot))

    html = signed_in.get(page_url(attempt, 2)).content
    assert len(shown_sections(html.decode())) == 1
    assets = [
        static_bytes(path) for path in re.findall(r'(?:href|src)="/static/([^"]+)"', html.decode())
    ]
    assert {"css/site.css", "django_htmx/htmx-2.min.js"} <= set(
        re.findall(r'(?:href|src)="/static/([^"]+)"', html.decode())
    )
    compressed = sum(len(gzip.compress(body)) for body in [html, *assets])

    assert compressed < 60_000, compressed
    assert len(html) < 20_000, len(html)


def test_attempt_page_query_count_with_every_question(
    signed_in, any_quiz, django_assert_max_num_queries
):
    """ "Show all" reads every question with its response in one query (and a practice
    attempt asks the access rule for an open exam in one more)."""
    attempt = start(signed_in, any_quiz)
    items = questions_of(attempt)
    for item in items[::2]:
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, "wrong"))

    with django_assert_max_num_queries(5):
        response = signed_in.get(f"{page_url(attempt)}?show=all")

    assert len(shown_sections(response.content.decode())) == len(items)


def test_stage_swap_query_count(signed_in, any_quiz, django_assert_max_num_queries):
    """The strip reads every question's state from the one query of the attempt's
    questions with their responses: no query per cell. A practice attempt asks the access
    rule for an open exam (one query). The attempt's quiz is read on this first page, then
    kept in the cache under the versions read with the attempt."""
    attempt = start(signed_in, any_quiz)

    with django_assert_max_num_queries(6):
        response = signed_in.get(page_url(attempt, 2), headers=HTMX)

    assert shown_sections(response.content.decode()) == [1]


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_move_and_flag_query_count(signed_in, final_exam, htmx, django_assert_max_num_queries):
    """Saving, flagging and rendering the next question read the question answered with the
    attempt's counts, then, after saving, every question with its response: no query per
    question. The answer
    and the flag, two writes, each give the learner a new activity version
    (``learning.activity``)."""
    attempt = start(signed_in, final_exam)
    first = questions_of(attempt)[0]
    data = answer_data(first.snapshot) | {"go": "1", "flag": "on"}

    with django_assert_max_num_queries(19):
        response = signed_in.post(answer_url(attempt, 0), data, headers=HTMX if htmx else {})

    assert response.status_code in (200, 302)
    first.refresh_from_db()
    assert first.flagged


def test_confirm_page_query_count(signed_in, any_quiz, django_assert_max_num_queries):
    """The unanswered and flagged questions come from the one query of the attempt's
    questions with their responses. The attempt's quiz is read on this first page, then
    kept in the cache under the versions read with the attempt."""
    attempt = start(signed_in, any_quiz)

    with django_assert_max_num_queries(5):
        response = signed_in.get(reverse("learning:submit", args=[attempt.pk]))

    assert response.content.decode().count("</a>: not answered") == len(questions_of(attempt))


def test_another_learner_cannot_move_or_flag(client, final_exam, learner, django_user_model):
    attempt = start_attempt(learner=learner, quiz=final_exam)
    other = django_user_model.objects.create_user("other", "o@example.com", "a-long-password-1")
    client.force_login(other)

    for data in ({"go": "1"}, {"flag": "on"}, {"go": "finish"}):
        assert client.post(answer_url(attempt, 0), data).status_code == 404
    assert client.get(reverse("learning:submit", args=[attempt.pk])).status_code == 404
    assert client.get(f"{page_url(attempt, 2)}").status_code == 404
    assert not AttemptQuestion.objects.filter(flagged=True).exists()


# Match and categorize that feel direct


@pytest.fixture
def sorting_exam(seed_briefing) -> Quiz:
    """An exam holding the seed's categorize question and its matches of three or four pairs."""
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=6)
    Question.objects.filter(quiz__lesson__position=3).update(quiz=quiz)
    quiz.mode, quiz.draw = Quiz.Mode.EXAM, None
    quiz.save()
    return quiz


def first_of(attempt: Attempt, kind: str, *, pairs: int = 0) -> AttemptQuestion:
    return next(
        q
        for q in questions_of(attempt)
        if q.snapshot["kind"] == kind and len(q.snapshot["items"]) > pairs
    )


def test_a_categorize_into_two_groups_is_a_button_per_group_beside_each_item(
    signed_in, sorting_exam
):
    attempt = start(signed_in, sorting_exam)
    item = first_of(attempt, "categorize")
    snapshot = item.snapshot
    assert len(snapshot["choices"]) == 2

    html = section(
        signed_in.get(page_url(attempt, item.position + 1)).content.decode(), item.position
    )

    assert "<select" not in html
    for entry in snapshot["items"]:
        group = re.search(
            rf'<fieldset class="sort-item" id="sort-{entry["token"]}" hx-preserve>\s*'
            rf"<legend>{re.escape(escape(entry['text']))}</legend>(.*?)</fieldset>",
            html,
            re.S,
        )
        assert group, entry["text"]
        radios = re.findall(rf'name="item-{entry["token"]}" value="([^"]+)"', group.group(1))
        assert radios == [choice["token"] for choice in snapshot["choices"]]
    response = signed_in.post(answer_url(attempt, item.position), answer_data(snapshot))
    assert Response.objects.get(attempt_question=item).correct
    assert signed_in.get(response.url).content.decode().count(" checked>") == len(snapshot["items"])


def test_a_match_marks_options_used_elsewhere_and_refuses_one_chosen_twice(signed_in, sorting_exam):
    attempt = start(signed_in, sorting_exam)
    item = first_of(attempt, "match", pairs=2)
    snapshot = item.snapshot
    first, second = snapshot["items"][:2]
    option = snapshot["choices"][0]
    url = page_url(attempt, item.position + 1)

    signed_in.post(answer_url(attempt, item.position), {f"item-{first['token']}": option["token"]})
    html = section(signed_in.get(url).content.decode(), item.position)

    assert 'class="pairs one-each"' in html
    assert html.count(f"{escape(option['text'])} (used)</option>") == len(snapshot["items"]) - 1
    assert f'<option value="{option["token"]}" selected>{escape(option["text"])}</option>' in html

    twice = {f"item-{entry['token']}": option["token"] for entry in (first, second)}
    refused = signed_in.post(answer_url(attempt, item.position), twice, follow=True)

    message = (
        f"“{option['text']}” is chosen for both “{first['text']}” and “{second['text']}”: "
        "each answer goes with one item."
    )
    assert escape(message) in refused.content.decode()
    assert Response.objects.get(attempt_question=item).answer == {first["token"]: option["token"]}


def test_a_practice_match_refused_keeps_the_choices_made(signed_in, seed_briefing):
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=3)
    quiz.draw = None
    quiz.save()
    attempt = start(signed_in, quiz)
    item = first_of(attempt, "match", pairs=2)
    token = item.snapshot["items"][0]["token"]
    choice = item.snapshot["choices"][1]["token"]

    fragment = signed_in.post(
        answer_url(attempt, item.position), {f"item-{token}": choice}, headers=HTMX
    ).content.decode()

    assert "Choose an answer for every item first." in fragment
    assert f'<option value="{choice}" selected>' in fragment
    assert not Response.objects.exists()
