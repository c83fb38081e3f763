"""Learners' pages from the cache, never stale (``learning.activity``, issue 13).

Every write to a learner's own records gives them a new activity version, once per
transaction; the dashboard and the attempt page's stage are kept under it, under the
content and quiz versions they show, and until the clock changes them. Each test
changes one thing and checks that the next page shows it.
"""

import re
from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fsrs import Card, State

from briefing.content_cache import TOKEN_STAND_IN
from briefing.models import TableRow
from learning.activity import bump
from learning.attempts import set_flag, start_attempt
from learning.models import Attempt, LessonProgress, Response, ReviewCard, ReviewLog
from learning.progress import mark_read, record_opened
from learning.review import schedule_review, schedule_reviews
from quizzes.models import Question, Quiz
from quizzes.sync import sync_quizzes
from tests.web.quiz_helpers import answer_data, answer_url, attempt_url, questions_of, start

DASHBOARD = reverse("learning:dashboard")


@pytest.fixture
def signed_in(clock, client, learner):
    client.force_login(learner)
    return client


def version_of(user):
    return get_user_model().objects.values_list("activity_version", flat=True).get(pk=user.pk)


def first_lesson(briefing):
    """The first lesson with a quiz."""
    return (
        briefing.lessons.filter(quiz__isnull=False)
        .select_related("quiz")
        .order_by("position")
        .first()
    )


def write_attempt(learner, briefing):
    start_attempt(learner=learner, quiz=first_lesson(briefing).quiz)


def write_flag(learner, briefing):
    attempt = start_attempt(learner=learner, quiz=first_lesson(briefing).quiz)
    item = attempt.questions.select_related("attempt").first()
    with transaction.atomic():  # the flag alone: the attempt's own version is committed
        before = version_of(learner)
        set_flag(attempt_question=item, flagged=True)
        assert version_of(learner) != before


def write_progress(learner, briefing):
    record_opened(learner=learner, lesson=first_lesson(briefing))


def write_read(learner, briefing):
    mark_read(learner=learner, lesson=first_lesson(briefing))


def write_cards_in_bulk(learner, briefing):
    schedule_reviews(learner=learner, question_ids=[Question.objects.first().pk])


def write_log(learner, briefing):
    card = schedule_review(learner=learner, question_id=Question.objects.first().pk)
    ReviewLog.objects.create(card=card, rating=3, reviewed_at=card.due)


def delete_attempt(learner, briefing):
    Attempt.objects.filter(learner=learner).delete()


def delete_progress(learner, briefing):
    LessonProgress.objects.filter(learner=learner).delete()


@pytest.mark.parametrize(
    "write",
    [
        write_attempt,
        write_flag,
        write_progress,
        write_read,
        write_cards_in_bulk,
        write_log,
        delete_attempt,
        delete_progress,
    ],
)
def test_every_write_to_a_learners_records_gives_them_a_new_version(
    seed_briefing, learner, django_user_model, write
):
    other = django_user_model.objects.create_user("other", password="x")
    if write in (delete_attempt, delete_progress):
        write_attempt(learner, seed_briefing)
        write_progress(learner, seed_briefing)
    before, others = version_of(learner), version_of(other)

    write(learner, seed_briefing)

    assert version_of(learner) != before
    assert version_of(other) == others


def test_a_response_gives_its_learner_a_new_version(signed_in, learner, seed_briefing):
    attempt = start(signed_in, first_lesson(seed_briefing).quiz)
    item = questions_of(attempt)[0]
    before = version_of(learner)

    signed_in.post(answer_url(attempt, 0), answer_data(item.snapshot))

    assert version_of(learner) != before


def bumps(queries) -> int:
    """Statements that write a learner's version: an update of its own, or one riding in
    an answer's statement (PostgreSQL, ``with_bump``)."""
    return sum('UPDATE "accounts_user" SET "activity_version"' in q["sql"] for q in queries)


def test_a_wrong_practice_answer_and_its_review_card_give_one_new_version(
    signed_in, learner, seed_briefing
):
    attempt = start(signed_in, first_lesson(seed_briefing).quiz)
    item = questions_of(attempt)[0]
    before = version_of(learner)

    with CaptureQueriesContext(connection) as queries:
        signed_in.post(answer_url(attempt, 0), answer_data(item.snapshot, "wrong"))

    assert ReviewCard.objects.filter(learner=learner, question=item.question_id).exists()
    assert version_of(learner) != before
    assert bumps(queries) == 1


def test_an_answer_refused_leaves_the_version_as_it_was(signed_in, learner, final_exam):
    attempt = start(signed_in, final_exam)
    item = questions_of(attempt)[0]
    Attempt.objects.filter(pk=attempt.pk).update(submitted_at=attempt.started_at)
    before = version_of(learner)

    signed_in.post(answer_url(attempt, 0), answer_data(item.snapshot))

    assert version_of(learner) == before
    assert not Response.objects.filter(attempt_question=item).exists()


def test_one_new_version_per_transaction_and_again_after_a_rollback(learner, seed_briefing):
    lessons = list(seed_briefing.lessons.order_by("position")[:3])
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        record_opened(learner=learner, lesson=lessons[0])
        record_opened(learner=learner, lesson=lessons[1])
    assert bumps(queries) == 1

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        try:
            with transaction.atomic():
                bump(learner.pk)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        before = version_of(learner)
        record_opened(learner=learner, lesson=lessons[2])
        assert version_of(learner) != before  # the bump rolled back was made again
    assert bumps(queries) == 2


def dashboard(client) -> str:
    return client.get(DASHBOARD).content.decode()


def test_the_dashboard_is_served_from_the_cache_until_the_learner_acts(
    signed_in, learner, seed_briefing, django_assert_max_num_queries
):
    lesson = first_lesson(seed_briefing)
    started = '<td data-label="State"><span class="state state-opened">'
    assert started not in dashboard(signed_in)
    with django_assert_max_num_queries(3):  # session, learner, versions
        dashboard(signed_in)

    signed_in.get(lesson.get_absolute_url())

    assert started in dashboard(signed_in)


def test_the_dashboard_shows_an_answer_at_once(signed_in, seed_briefing):
    assert "0 of 20 done" in dashboard(signed_in)
    attempt = start(signed_in, first_lesson(seed_briefing).quiz)

    signed_in.post(answer_url(attempt, 0), answer_data(questions_of(attempt)[0].snapshot))

    assert "1 of 20 done" in dashboard(signed_in)


def test_the_dashboard_shows_a_lesson_renamed_at_once(signed_in, seed_briefing):
    lesson = first_lesson(seed_briefing)
    assert lesson.title in dashboard(signed_in)

    lesson.title = "A renamed lesson"
    lesson.save()

    assert "A renamed lesson" in dashboard(signed_in)


def test_the_dashboard_shows_a_question_deactivated_at_once(signed_in, seed_briefing):
    quiz = first_lesson(seed_briefing).quiz
    facts = Question.objects.active().filter(quiz=quiz).values("fact").distinct().count()
    assert f"0 of {facts} facts" in dashboard(signed_in)

    for question in Question.objects.filter(quiz=quiz, fact=quiz.questions.first().fact):
        question.active = False
        question.save()

    assert f"0 of {facts - 1} facts" in dashboard(signed_in)


def test_the_dashboard_counts_a_card_once_it_comes_due(signed_in, learner, seed_briefing, clock):
    card = schedule_review(learner=learner, question_id=Question.objects.first().pk)
    card.due = clock.now + timedelta(hours=2)
    card.state = Card(state=State.Learning, step=1, due=card.due).to_dict()
    card.save()
    assert "No review cards due right now." in dashboard(signed_in)

    clock.advance(minutes=99)
    assert "No review cards due right now." in dashboard(signed_in)  # 21 minutes to go
    clock.advance(minutes=2)

    assert "1 review card due today." in dashboard(signed_in)


def test_the_dashboards_day_ends_at_midnight(signed_in, seed_briefing, clock):
    attempt = start(signed_in, first_lesson(seed_briefing).quiz)
    signed_in.post(answer_url(attempt, 0), answer_data(questions_of(attempt)[0].snapshot))
    assert "1 of 20 done" in dashboard(signed_in)

    clock.advance(days=1)

    assert "0 of 20 done" in dashboard(signed_in)


def lesson_page(client, lesson, query: str = ""):
    return client.get(lesson.get_absolute_url() + query)


def test_the_lesson_page_is_served_whole_from_the_cache_until_the_learner_acts(
    signed_in, seed_briefing, django_assert_max_num_queries
):
    lesson = first_lesson(seed_briefing)
    lesson_page(signed_in, lesson)  # opened: the learner's first visit writes
    assert lesson_page(signed_in, lesson).templates  # rendered once more, and kept

    with django_assert_max_num_queries(3):  # session, learner, versions with the state
        cached = lesson_page(signed_in, lesson)
    assert cached.templates == []
    assert "Mark as read" in cached.content.decode()

    mark_read(learner=cached.wsgi_request.user, lesson=lesson)

    html = lesson_page(signed_in, lesson).content.decode()
    assert "You marked this lesson as read." in html and "Mark as read" not in html


def test_the_lesson_page_shows_a_cell_edit_and_a_quiz_renamed_at_once(signed_in, seed_briefing):
    lesson = first_lesson(seed_briefing)
    row = (
        lesson.blocks.filter(kind="table").values_list("rows", flat=True).exclude(rows=None).first()
    )
    for _ in range(2):
        lesson_page(signed_in, lesson)

    edited = TableRow.objects.get(pk=row)
    edited.cells = ["A cell edited in the admin", *edited.cells[1:]]
    edited.save()
    lesson.quiz.title = "A quiz renamed"
    lesson.quiz.save()

    html = lesson_page(signed_in, lesson).content.decode()
    assert "A cell edited in the admin" in html and "A quiz renamed" in html


def test_a_lesson_page_with_a_query_or_a_message_is_rendered_and_never_kept(
    rf, signed_in, seed_briefing
):
    """A query may hold anything, and a message is shown once: such a page is the request's
    own; the page alone is kept as it was."""
    lesson = first_lesson(seed_briefing)
    for _ in range(2):
        assert lesson_page(signed_in, lesson, "?from=12").templates

    storage = CookieStorage(rf.get(lesson.get_absolute_url()))
    storage.add(messages.INFO, "A message for this learner.")
    carrier = HttpResponse()
    storage.update(carrier)
    signed_in.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value

    with_message = lesson_page(signed_in, lesson)
    assert with_message.templates
    assert "A message for this learner." in with_message.content.decode()
    assert "A message for this learner." not in lesson_page(signed_in, lesson).content.decode()


def test_a_regeneration_writes_one_version_per_quiz(seed_briefing):
    versions = dict(Quiz.objects.values_list("pk", "version"))
    Question.objects.filter(briefing=seed_briefing, quiz__lesson__position=1).delete()

    with CaptureQueriesContext(connection) as queries:
        sync_quizzes(briefing=seed_briefing)

    touches = [q for q in queries if q["sql"].startswith('UPDATE "quizzes_quiz" SET "version"')]
    assert len(touches) == 1
    changed = {
        pk for pk, version in Quiz.objects.values_list("pk", "version") if versions[pk] != version
    }
    assert changed == {first_lesson(seed_briefing).quiz.pk}


def test_a_question_moved_to_another_quiz_changes_both(seed_briefing):
    first, second = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False)[:2]
    versions = dict(Quiz.objects.values_list("pk", "version"))
    question = Question.objects.filter(quiz=first).first()

    question.quiz = second
    question.save()

    after = dict(Quiz.objects.values_list("pk", "version"))
    assert after[first.pk] != versions[first.pk] and after[second.pk] != versions[second.pk]


def stage(client, attempt) -> str:
    return client.get(attempt_url(attempt), headers={"HX-Request": "true"}).content.decode()


def test_the_attempt_stage_is_cached_with_each_responses_own_csrf_token(
    signed_in, seed_briefing, django_assert_max_num_queries
):
    attempt = start(signed_in, first_lesson(seed_briefing).quiz)
    first = stage(signed_in, attempt)
    # session, learner, the attempt, the access rule (an open exam closes practice)
    with django_assert_max_num_queries(4):
        again = stage(signed_in, attempt)

    tokens = [html.split('name="csrfmiddlewaretoken" value="')[1][:64] for html in (first, again)]
    assert tokens[0] != tokens[1]  # masked anew on each response
    assert TOKEN_STAND_IN not in again
    assert first.replace(tokens[0], "") == again.replace(tokens[1], "")


def test_the_attempt_stage_shows_an_answer_at_once(signed_in, seed_briefing):
    attempt = start(signed_in, first_lesson(seed_briefing).quiz)
    assert "0 of" in signed_in.get(attempt_url(attempt)).content.decode()
    item = questions_of(attempt)[0]

    signed_in.post(answer_url(attempt, 0), answer_data(item.snapshot) | {"go": "0"})

    assert "1 of" in signed_in.get(attempt_url(attempt)).content.decode()


def test_the_attempt_page_after_its_time_limit_submits_the_attempt(signed_in, final_exam, clock):
    final_exam.time_limit = timedelta(minutes=10)
    final_exam.save()
    attempt = start(signed_in, final_exam)
    stage(signed_in, attempt)

    clock.advance(minutes=11)
    response = signed_in.get(attempt_url(attempt))

    assert response.status_code == 302
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is not None


def test_cards_made_in_bulk_are_counted_at_once(signed_in, learner, seed_briefing):
    assert "No review cards due today." in dashboard(signed_in)

    schedule_reviews(learner=learner, question_ids=[Question.objects.first().pk])

    assert ReviewCard.objects.filter(learner=learner).count() == 1
    assert "1 review card due today." in dashboard(signed_in)


def csrf_tokens(html: str) -> list[str]:
    """Every CSRF token in a page: the forms' and the one htmx sends."""
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) + re.findall(
        r'"x-csrftoken": "([^"]+)"', html
    )


def test_cached_parts_carry_the_responses_own_token_and_a_post_with_it_passes(
    learner, seed_briefing
):
    """The site header's sign-out form and the lesson's mark-as-read form come from cached
    parts; each response has its own masked token, valid for this browser's secret."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    lesson = first_lesson(seed_briefing)
    pages = [client.get(lesson.get_absolute_url()).content.decode() for _ in range(2)]

    for html in pages:
        assert TOKEN_STAND_IN not in html
        assert len(set(csrf_tokens(html))) == 1  # masked once per response
    assert csrf_tokens(pages[0])[0] != csrf_tokens(pages[1])[0]
    response = client.post(
        reverse("learning:mark_read", args=[lesson.pk]),
        {"csrfmiddlewaretoken": csrf_tokens(pages[1])[0]},
    )
    assert response.status_code == 302


def test_no_learner_page_holds_the_token_stand_in(signed_in, seed_briefing, final_exam):
    attempt = start(signed_in, final_exam)
    urls = [
        DASHBOARD,
        first_lesson(seed_briefing).get_absolute_url(),
        attempt_url(attempt),
        reverse("learning:review"),
    ]
    for url in urls * 2:  # rendered, then from the cache
        page = signed_in.get(url).content.decode()
        fragment = signed_in.get(url, headers={"HX-Request": "true"}).content.decode()
        assert TOKEN_STAND_IN not in page + fragment, url
        assert csrf_tokens(page), url


def test_the_header_shows_a_new_username_and_staff_link_at_once(signed_in, learner):
    assert "Admin</a>" not in dashboard(signed_in)

    learner.username = "renamed-learner"
    learner.is_staff = True
    learner.save()

    html = dashboard(signed_in)
    assert "renamed-learner" in html and "Admin</a>" in html


def test_a_flag_and_the_learners_new_version_commit_together(learner, final_exam, monkeypatch):
    item = start_attempt(learner=learner, quiz=final_exam).questions.first()

    def fails(learner_id, **kwargs):
        raise RuntimeError("the new version could not be written")

    monkeypatch.setattr("learning.attempts.bump", fails)
    with pytest.raises(RuntimeError):
        set_flag(attempt_question=item, flagged=True)

    item.refresh_from_db()
    assert not item.flagged
