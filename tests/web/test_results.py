"""Results that lead on (try again, practise what you missed, next lesson, review cards,
the exam's lessons, only the missed ones), source links that name their row and lead back
to the question, and "Mark as read" showing the next step."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape

from learning.attempts import best_scores, start_attempt, start_retry, submit_attempt
from learning.models import Attempt, AttemptQuestion, LessonProgress, Response
from learning.progress import quiz_passed
from quizzes.models import Quiz
from tests.web.quiz_helpers import HTMX, answer_data, answer_url, questions_of, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def lesson_quiz(seed_briefing) -> Quiz:
    """The quiz of the seed's second lesson, with every one of its questions."""
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=1)
    quiz.draw = None
    quiz.save()
    return quiz


def take(client, quiz: Quiz, wrong: set[int]) -> Attempt:
    """Answer every question, wrong at the positions in ``wrong``, and submit."""
    attempt = start(client, quiz)
    for item in questions_of(attempt):
        how = "wrong" if item.position in wrong else "right"
        client.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))
    client.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})
    attempt.refresh_from_db()
    return attempt


def result_of(client, attempt: Attempt, query: str = "") -> str:
    return client.get(reverse("learning:result", args=[attempt.pk]) + query).content.decode()


def shown_questions(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<section id="question-(\d+)"', html)]


# The result page


def test_a_failed_result_offers_the_missed_questions_again_and_the_rest(signed_in, lesson_quiz):
    attempt = take(signed_in, lesson_quiz, wrong={0, 2, 3})
    count = len(questions_of(attempt))

    html = result_of(signed_in, attempt)

    assert f"{count - 3} of {count} questions right" in html
    assert "Practise the 3 you missed</button>" in html
    assert f'action="{reverse("learning:retry", args=[attempt.pk])}"' in html
    assert ">Try again</button>" in html
    next_lesson = lesson_quiz.briefing.lessons.get(position=2)
    assert f'href="{next_lesson.get_absolute_url()}">Next lesson: {escape(next_lesson.title)}' in (
        html
    )
    assert "3 cards added to your review" in html
    assert f'<a href="{reverse("learning:result", args=[attempt.pk])}?only=wrong#answers">' in html


def test_a_passed_result_leads_to_the_next_lesson_first(signed_in, lesson_quiz):
    attempt = take(signed_in, lesson_quiz, wrong=set())

    html = result_of(signed_in, attempt)

    assert attempt.passed
    assert "Practise the" not in html
    assert "added to your review" not in html
    assert re.search(r'class="button" href="[^"]*">Next lesson:', html)
    assert "Show only" not in html


def test_try_again_is_offered_only_while_attempts_are_left(signed_in, lesson_quiz):
    lesson_quiz.attempts_allowed = 1
    lesson_quiz.save()
    attempt = take(signed_in, lesson_quiz, wrong={0})

    html = result_of(signed_in, attempt)

    assert ">Try again</button>" not in html
    assert "Practise the one you missed" in html


def test_scores_are_whole_percentages(signed_in, seed_briefing):
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=2)
    quiz.draw = None
    quiz.save()
    attempt = start(signed_in, quiz)
    items = questions_of(attempt)
    signed_in.post(answer_url(attempt, 0), answer_data(items[0].snapshot))
    signed_in.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})
    attempt.refresh_from_db()

    html = result_of(signed_in, attempt)
    quiz_page = signed_in.get(quiz.get_absolute_url()).content.decode()

    whole = f"{round(100 / len(items) + 1e-9)}%"
    assert f'<span class="score-value">{whole}</span>' in html
    assert f"<td>{whole}</td>" in quiz_page
    assert not re.search(r"\d\.\d{3,}", html + quiz_page)


@pytest.mark.parametrize(
    ("share", "shown"), [(0.41666666666666663, "42%"), (0.125, "13%"), (1, "100%"), (0, "0%")]
)
def test_the_percent_filter_rounds_to_a_whole_number(share, shown):
    template = Template("{% load learner %}{{ share|percent }}")

    assert template.render(Context({"share": share})) == shown


def test_only_the_missed_questions_without_javascript(signed_in, lesson_quiz):
    attempt = take(signed_in, lesson_quiz, wrong={1, 4})
    count = len(questions_of(attempt))

    everything = result_of(signed_in, attempt)
    missed = result_of(signed_in, attempt, "?only=wrong")

    assert shown_questions(everything) == list(range(count))
    assert shown_questions(missed) == [1, 4]
    assert "Showing the 2 questions you missed." in missed
    assert f"Show all {count}</a>" in missed


def test_the_exam_result_breaks_the_score_down_by_lesson(signed_in, final_exam):
    attempt = start(signed_in, final_exam)
    items = list(
        AttemptQuestion.objects.filter(attempt=attempt).select_related("question__quiz__lesson")
    )
    lesson_of = {item.position: item.question.quiz.lesson for item in items}
    first_lesson = min(lesson_of.values(), key=lambda lesson: lesson.position)
    for item in items:
        how = "wrong" if lesson_of[item.position] == first_lesson else "right"
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))
    signed_in.post(reverse("learning:submit", args=[attempt.pk]))

    html = result_of(signed_in, attempt)

    table = re.search(r'<table class="by-lesson">.*?</table>', html, re.S).group(0)
    rows = re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a></th>\s*<td>([^<]*)</td>', table)
    lessons = sorted(set(lesson_of.values()), key=lambda lesson: lesson.position)
    assert [title for title, _ in rows] == [escape(lesson.title) for lesson in lessons]
    in_first = sum(lesson == first_lesson for lesson in lesson_of.values())
    assert rows[0][1] == f"0 of {in_first}"
    assert all(right.split(" of ")[0] == right.split(" of ")[1] for _, right in rows[1:])
    assert "Next lesson" not in html


def test_a_lesson_quiz_result_has_no_lesson_breakdown(signed_in, lesson_quiz):
    assert "By lesson" not in result_of(signed_in, take(signed_in, lesson_quiz, wrong={0}))


# Practising the questions missed


def test_practising_the_missed_questions_takes_them_alone_in_practice_mode(
    signed_in, learner, final_exam
):
    attempt = start(signed_in, final_exam)
    items = questions_of(attempt)
    for item in items[2:]:
        how = "wrong" if item.position in (5, 9) else "right"
        signed_in.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))
    signed_in.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})

    response = signed_in.post(reverse("learning:retry", args=[attempt.pk]))

    practice = Attempt.objects.get(retry_of=attempt)
    assert response.url == reverse("learning:attempt", args=[practice.pk])
    missed = {items[position].question_id for position in (0, 1, 5, 9)}
    assert {item.question_id for item in questions_of(practice)} == missed
    assert practice.is_practice and practice.quiz == final_exam
    assert practice.expires_at is None
    page = signed_in.get(response.url).content.decode()
    assert "Practise what you missed" in page
    assert "Question 1 of 4" in page
    first = questions_of(practice)[0]
    checked = signed_in.post(answer_url(practice, 0), answer_data(first.snapshot), headers=HTMX)
    assert "Right." in checked.content.decode()
    assert Response.objects.get(attempt_question=first).locked


def test_a_practice_of_missed_questions_counts_toward_nothing(signed_in, learner, lesson_quiz):
    lesson_quiz.attempts_allowed = 1
    lesson_quiz.save()
    attempt = take(signed_in, lesson_quiz, wrong={0, 1, 2, 3, 4, 5})
    signed_in.post(reverse("learning:mark_read", args=[lesson_quiz.lesson_id]))
    practice = start_retry(attempt=attempt)
    for item in questions_of(practice):
        signed_in.post(answer_url(practice, item.position), answer_data(item.snapshot))

    signed_in.post(reverse("learning:submit", args=[practice.pk]))

    practice.refresh_from_db()
    assert practice.submitted_at is not None
    assert (practice.score, practice.passed) == (None, None)
    assert best_scores(learner, [lesson_quiz]) == {lesson_quiz.pk: attempt.score}
    assert quiz_passed(learner=learner, lesson=lesson_quiz.lesson) is False
    assert LessonProgress.objects.get(learner=learner).completed_at is None
    html = result_of(signed_in, practice)
    count = len(questions_of(practice))
    assert f'<span class="score-value">{count} of {count}</span> right this time' in html
    assert "You know them all now." in html
    assert "Practise the" not in html
    assert ">Try again</button>" not in html, "the one attempt allowed is used"
    quiz_page = signed_in.get(lesson_quiz.get_absolute_url()).content.decode()
    assert quiz_page.count("Not passed: review") == 1


def test_a_new_attempt_can_start_beside_an_open_practice(signed_in, learner, lesson_quiz):
    attempt = take(signed_in, lesson_quiz, wrong={0})
    practice = start_retry(attempt=attempt)

    again = start_attempt(learner=learner, quiz=lesson_quiz)

    assert again.pk not in (attempt.pk, practice.pk)
    assert again.retry_of is None
    assert start_retry(attempt=attempt) == practice, "the open practice is resumed"
    html = result_of(signed_in, attempt)
    assert "Continue practising what you missed" in html


def test_a_practice_of_the_practice_takes_what_is_still_missed(signed_in, lesson_quiz):
    attempt = take(signed_in, lesson_quiz, wrong={0, 1, 2})
    practice = start_retry(attempt=attempt)
    items = questions_of(practice)
    for item in items:
        how = "wrong" if item.position == 0 else "right"
        signed_in.post(answer_url(practice, item.position), answer_data(item.snapshot, how))
    signed_in.post(reverse("learning:submit", args=[practice.pk]))

    html = result_of(signed_in, practice)
    assert "Practise the one you still missed" in html
    assert "Take the whole quiz again" in html
    assert f'href="{reverse("learning:result", args=[attempt.pk])}"' in html

    practice.refresh_from_db()
    again = start_retry(attempt=practice)
    assert [item.question_id for item in questions_of(again)] == [items[0].question_id]


@pytest.mark.parametrize("situation", ["nothing missed", "still open", "another learner's"])
def test_practising_missed_questions_is_refused_clearly(
    client, learner, lesson_quiz, django_user_model, situation
):
    client.force_login(learner)
    if situation == "nothing missed":
        attempt = take(client, lesson_quiz, wrong=set())
    else:
        attempt = start(client, lesson_quiz)
    if situation == "another learner's":
        submit_attempt(attempt=attempt)
        other = django_user_model.objects.create_user("other", "o@example.com", "a-long-pass-1")
        client.force_login(other)

    response = client.post(reverse("learning:retry", args=[attempt.pk]), follow=True)

    assert not Attempt.objects.filter(retry_of__isnull=False).exists()
    if situation == "another learner's":
        assert response.status_code == 404
        return
    message = {
        "nothing missed": "There is no question left to practise from this attempt.",
        "still open": "Finish this attempt first.",
    }[situation]
    assert message in response.content.decode()


# Source links that name the row, and lead back


def test_the_source_link_names_the_row_and_its_table(signed_in, lesson_quiz):
    attempt = take(signed_in, lesson_quiz, wrong=set())
    rows = [
        item
        for item in questions_of(attempt)
        if item.question.source_row_id and item.question.source_row.block.shape == "key_value"
    ]
    assert rows

    html = result_of(signed_in, attempt)

    for item in rows:
        source = item.snapshot["key"]["source"]
        row = item.question.source_row
        assert source["what"] == row.cells[0]
        assert source["where"] == " | ".join(row.block.header)
        path, anchor = source["url"].split("#")
        link = f'<a href="{path}?from={item.pk}#{anchor}">{escape(row.cells[0])} in <i>'
        assert link in html


def test_an_old_snapshot_source_still_reads(signed_in, lesson_quiz):
    attempt = take(signed_in, lesson_quiz, wrong=set())
    item = questions_of(attempt)[0]
    item.snapshot["key"]["source"] = {"url": "/old/#block-1", "label": "Old lesson title"}
    item.save()

    html = result_of(signed_in, attempt)

    assert f'<a href="/old/?from={item.pk}#block-1">Old lesson title</a>' in html


def lesson_page(client, lesson, came_from: str) -> str:
    return client.get(f"{lesson.get_absolute_url()}?from={came_from}").content.decode()


def test_the_lesson_page_leads_back_to_the_question(signed_in, learner, lesson_quiz):
    attempt = start(signed_in, lesson_quiz)
    item = questions_of(attempt)[2]
    lesson = lesson_quiz.lesson

    open_page = lesson_page(signed_in, lesson, str(item.pk))
    submit_attempt(attempt=attempt)
    submitted_page = lesson_page(signed_in, lesson, str(item.pk))

    attempt_url = reverse("learning:attempt", args=[attempt.pk])
    result_url = reverse("learning:result", args=[attempt.pk])
    assert f'href="{attempt_url}?q=3#question-2"' in open_page
    assert "Back to question 3" in open_page
    assert f'href="{result_url}#question-2"' in submitted_page


@pytest.mark.parametrize("came_from", ["", "abc", "-1", "99999", "1e3", "https://evil.example/"])
def test_a_bad_from_shows_no_way_back(signed_in, lesson_quiz, came_from):
    start(signed_in, lesson_quiz)

    html = lesson_page(signed_in, lesson_quiz.lesson, came_from)

    assert "Back to question" not in html
    assert "evil" not in html.replace("evil.example%2F", "")


def test_another_learners_question_shows_no_way_back(
    client, learner, lesson_quiz, django_user_model
):
    attempt = start_attempt(learner=learner, quiz=lesson_quiz)
    item = questions_of(attempt)[0]
    other = django_user_model.objects.create_user("other", "o@example.com", "a-long-pass-1")
    client.force_login(other)

    assert "Back to question" not in lesson_page(client, lesson_quiz.lesson, str(item.pk))
    client.logout()
    assert "Back to question" not in lesson_page(client, lesson_quiz.lesson, str(item.pk))


def test_lesson_page_query_count_with_a_way_back(
    signed_in, lesson_quiz, django_assert_max_num_queries
):
    """The way back is one query of the learner's own attempt question."""
    attempt = start(signed_in, lesson_quiz)
    item = questions_of(attempt)[0]
    lesson_page(signed_in, lesson_quiz.lesson, str(item.pk))

    with django_assert_max_num_queries(10):
        html = lesson_page(signed_in, lesson_quiz.lesson, str(item.pk))

    assert "Back to question 1" in html


# Mark as read shows the next step


def test_mark_as_read_with_htmx_swaps_in_the_next_step(signed_in, lesson_quiz):
    lesson = lesson_quiz.lesson

    response = signed_in.post(reverse("learning:mark_read", args=[lesson.pk]), headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.startswith('<div id="lesson-actions"')
    assert "You marked this lesson as read." in html
    assert (
        f'Next step: <a class="button" href="{lesson_quiz.get_absolute_url()}" autofocus>'
        "Test yourself:" in html
    )


def test_a_lesson_without_a_quiz_leads_to_the_next_lesson(signed_in, seed_briefing):
    first, second = seed_briefing.lessons.order_by("position")[:2]
    assert not Quiz.objects.filter(lesson=first).exists()

    response = signed_in.post(reverse("learning:mark_read", args=[first.pk]))
    page = signed_in.get(response.url).content.decode()

    assert response.url == f"{first.get_absolute_url()}#lesson-actions"
    assert f'href="{second.get_absolute_url()}">Next lesson: {escape(second.title)}' in page


def test_mark_read_with_htmx_query_count(signed_in, lesson_quiz, django_assert_max_num_queries):
    """Marking and completing as without htmx, and the next step in one more query (the
    lesson with its quiz, whether it is read, and the next lesson). One write gives the
    learner a new activity version (``learning.activity``)."""
    with django_assert_max_num_queries(15):
        response = signed_in.post(
            reverse("learning:mark_read", args=[lesson_quiz.lesson_id]), headers=HTMX
        )

    assert response.status_code == 200


# Query counts of the new pages


def test_retry_query_count(signed_in, final_exam, django_assert_max_num_queries):
    """The missed questions come with their sources and are frozen in one insert."""
    attempt = take(signed_in, final_exam, wrong=set(range(20)))

    with django_assert_max_num_queries(14):
        response = signed_in.post(reverse("learning:retry", args=[attempt.pk]))

    assert response.status_code == 302
    assert AttemptQuestion.objects.filter(attempt__retry_of=attempt).count() == 20


def test_practice_result_query_count(signed_in, final_exam, django_assert_max_num_queries):
    attempt = take(signed_in, final_exam, wrong=set(range(20)))
    practice = start_retry(attempt=attempt)
    for item in questions_of(practice):
        signed_in.post(answer_url(practice, item.position), answer_data(item.snapshot, "wrong"))
    signed_in.post(reverse("learning:submit", args=[practice.pk]))

    with django_assert_max_num_queries(7):
        html = result_of(signed_in, practice)

    assert len(shown_questions(html)) == 20
