"""Lesson progress (opened, read, completed), the dashboard, and spaced review."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from fsrs import Card, Rating, State

from briefing.models import Lesson
from learning.models import Attempt, LessonProgress, ReviewCard, ReviewLog
from learning.progress import mark_read
from learning.review import review_snapshot, schedule_review
from quizzes.models import Question, Quiz
from tests.factories import import_text
from tests.web.quiz_helpers import HTMX, answer_data, answer_url, questions_of, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def lessons(seed_briefing) -> list[Lesson]:
    """The seed's eight lessons in order; the first and the last have no quiz."""
    return list(seed_briefing.lessons.select_related("quiz").order_by("position"))


def quiz_of(lesson: Lesson) -> Quiz:
    return Quiz.objects.get(lesson=lesson)


def take_quiz(client, quiz: Quiz, how: str) -> Attempt:
    """Start an attempt, answer every question ``right`` or ``wrong``, and submit it."""
    attempt = start(client, quiz)
    for item in questions_of(attempt):
        client.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))
    client.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    return attempt


def read(client, lesson: Lesson):
    return client.post(reverse("learning:mark_read", args=[lesson.pk]))


def progress_of(learner, lesson: Lesson) -> LessonProgress:
    return LessonProgress.objects.get(learner=learner, lesson=lesson)


def dashboard_rows(html: str) -> dict[str, tuple[str, str]]:
    """Each lesson's title → (state, label) as the dashboard table shows them."""
    rows = re.findall(
        r'<th scope="row"><a href="[^"]*">([^<]*)</a></th>\s*'
        r'<td[^>]*><span class="state state-([a-z-]+)">([^<]*)</span></td>',
        html,
    )
    return {title: (state, label) for title, state, label in rows}


# The lesson page and "Mark as read"


def test_opening_a_lesson_records_the_first_opening(signed_in, learner, lessons):
    lesson = lessons[1]

    first = signed_in.get(lesson.get_absolute_url())
    opened_at = progress_of(learner, lesson).first_opened_at
    signed_in.get(lesson.get_absolute_url())

    progress = progress_of(learner, lesson)
    assert progress.first_opened_at == opened_at
    assert (progress.read_at, progress.completed_at) == (None, None)
    html = first.content.decode()
    assert f'action="{reverse("learning:mark_read", args=[lesson.pk])}"' in html
    assert ">Mark as read</button>" in html
    quiz = quiz_of(lesson)
    assert f'href="{quiz.get_absolute_url()}">Test yourself: {escape(quiz.title)}</a>' in html


def test_a_lesson_without_a_quiz_offers_no_quiz_link(signed_in, lessons):
    html = signed_in.get(lessons[0].get_absolute_url()).content.decode()

    assert ">Mark as read</button>" in html
    assert "Test yourself" not in html


def test_anonymous_readers_record_nothing_and_are_invited_to_sign_in(client, lessons):
    html = client.get(lessons[1].get_absolute_url()).content.decode()

    assert not LessonProgress.objects.exists()
    assert "Mark as read" not in html
    assert "to take this lesson's quiz and track your progress" in html


def test_mark_as_read_sets_read_at_once(signed_in, learner, lessons):
    lesson = lessons[1]

    response = read(signed_in, lesson)

    assert response.status_code == 302
    assert response.url == f"{lesson.get_absolute_url()}#lesson-actions"
    first = progress_of(learner, lesson).read_at
    assert first is not None

    read(signed_in, lesson)

    assert progress_of(learner, lesson).read_at == first
    html = signed_in.get(lesson.get_absolute_url()).content.decode()
    assert "You marked this lesson as read." in html
    assert ">Mark as read</button>" not in html


def test_marking_a_hidden_or_missing_lesson_read_is_404(signed_in, seed_briefing, lessons):
    seed_briefing.published = False
    seed_briefing.save()

    assert read(signed_in, lessons[1]).status_code == 404
    assert signed_in.post(reverse("learning:mark_read", args=[999_999])).status_code == 404
    assert not LessonProgress.objects.exists()


# Completion


@pytest.mark.parametrize("position", [0, 7])
def test_a_lesson_without_a_quiz_is_completed_when_read(signed_in, learner, lessons, position):
    lesson = lessons[position]
    assert not Quiz.objects.filter(lesson=lesson).exists()

    read(signed_in, lesson)

    progress = progress_of(learner, lesson)
    assert progress.completed_at is not None
    assert progress.completed_at >= progress.read_at


def test_a_lesson_with_a_quiz_is_completed_when_read_and_passed(signed_in, learner, lessons):
    lesson = lessons[1]
    read(signed_in, lesson)
    assert progress_of(learner, lesson).completed_at is None

    take_quiz(signed_in, quiz_of(lesson), "wrong")
    assert progress_of(learner, lesson).completed_at is None

    passed = take_quiz(signed_in, quiz_of(lesson), "right")

    assert passed.passed is True
    assert progress_of(learner, lesson).completed_at is not None


def test_passing_before_reading_completes_the_lesson_on_reading(signed_in, learner, lessons):
    lesson = lessons[2]
    take_quiz(signed_in, quiz_of(lesson), "right")
    assert progress_of(learner, lesson).completed_at is None

    read(signed_in, lesson)

    assert progress_of(learner, lesson).completed_at is not None


def test_completion_is_never_taken_back_by_a_later_failed_attempt(signed_in, learner, lessons):
    lesson = lessons[1]
    read(signed_in, lesson)
    take_quiz(signed_in, quiz_of(lesson), "right")
    completed_at = progress_of(learner, lesson).completed_at

    failed = take_quiz(signed_in, quiz_of(lesson), "wrong")

    assert failed.passed is False
    assert progress_of(learner, lesson).completed_at == completed_at
    html = signed_in.get(reverse("learning:dashboard")).content.decode()
    assert "1 of 8 lessons completed" in html
    assert dashboard_rows(html)[lesson.title] == ("completed", "Completed")


# The dashboard


def test_a_new_learners_dashboard(signed_in, lessons):
    html = signed_in.get(reverse("learning:dashboard")).content.decode()

    assert "0 of 8 lessons completed (0%)" in html
    rows = dashboard_rows(html)
    assert list(rows) == [escape(lesson.title) for lesson in lessons]
    assert set(rows.values()) == {("not-started", "Not started")}
    first = lessons[0]
    assert f'Next: <a href="{first.get_absolute_url()}">Read “{escape(first.title)}”</a>' in html
    assert "Final exam: not taken yet." in html
    assert "No review cards due today." in html


def test_the_dashboard_shows_each_lessons_state_the_exam_reviews_and_next_step(
    signed_in, learner, lessons
):
    read(signed_in, lessons[0])  # no quiz: completed
    read(signed_in, lessons[1])
    take_quiz(signed_in, quiz_of(lessons[1]), "right")  # completed
    read(signed_in, lessons[2])
    wrong = take_quiz(signed_in, quiz_of(lessons[2]), "wrong")  # read, a card per question
    signed_in.get(lessons[3].get_absolute_url())  # opened

    html = signed_in.get(reverse("learning:dashboard")).content.decode()

    assert "2 of 8 lessons completed (25%)" in html
    rows = dashboard_rows(html)
    states = [rows[escape(lesson.title)] for lesson in lessons]
    assert states == [
        ("completed", "Completed"),
        ("completed", "Completed"),
        ("read", "Read"),
        ("opened", "Started"),
        *[("not-started", "Not started")] * 4,
    ]
    quiz = quiz_of(lessons[2])
    assert f'<a href="{quiz.get_absolute_url()}">0%</a>' in html
    assert f'<a href="{quiz_of(lessons[1]).get_absolute_url()}">100%</a>' in html
    assert (
        f'Next: <a href="{quiz.get_absolute_url()}">Pass the quiz on “{escape(lessons[2].title)}”'
        in html
    )
    # The draw holds at most one question per fact: as many cards as questions drawn.
    cards = wrong.questions.count()
    assert cards >= 2
    assert f'href="{reverse("learning:review")}">Review {cards} cards due today</a>' in html
    assert "Final exam: not taken yet." in html


def test_the_dashboard_points_to_the_final_exam_once_every_lesson_is_completed(
    signed_in, learner, lessons, seed_briefing
):
    for lesson in lessons:
        quiz = Quiz.objects.filter(lesson=lesson).first()
        if quiz is not None:
            Attempt.objects.create(
                learner=learner, quiz=quiz, submitted_at=timezone.now(), score=1, passed=True
            )
        mark_read(learner=learner, lesson=lesson)
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)

    before = signed_in.get(reverse("learning:dashboard")).content.decode()
    take_quiz(signed_in, exam, "right")
    after = signed_in.get(reverse("learning:dashboard")).content.decode()

    assert "8 of 8 lessons completed (100%)" in before
    assert f'Next: <a href="{exam.get_absolute_url()}">Take the final exam</a>' in before
    assert "Final exam: best 100% (passed)." in after
    assert "Next:" not in after


# Review cards


def test_a_wrong_practice_answer_creates_a_card_due_now(signed_in, learner, lessons):
    attempt = start(signed_in, quiz_of(lessons[1]))
    wrong, right = questions_of(attempt)[:2]

    signed_in.post(answer_url(attempt, 0), answer_data(wrong.snapshot, "wrong"))
    signed_in.post(answer_url(attempt, 1), answer_data(right.snapshot, "right"))

    card = ReviewCard.objects.get(learner=learner)
    assert card.question_id == wrong.question_id
    assert card.due <= timezone.now()
    html = signed_in.get(reverse("learning:dashboard")).content.decode()
    assert "Review 1 card due today" in html


def test_a_wrong_exam_answer_creates_a_card_only_after_submit(signed_in, learner, seed_briefing):
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    attempt = start(signed_in, exam)
    wrong, right = questions_of(attempt)[:2]
    signed_in.post(answer_url(attempt, 0), answer_data(wrong.snapshot, "wrong"))
    signed_in.post(answer_url(attempt, 1), answer_data(right.snapshot, "right"))
    assert not ReviewCard.objects.exists()

    signed_in.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})

    assert list(ReviewCard.objects.values_list("question", flat=True)) == [wrong.question_id]


def make_card(learner, question: Question, *, due: datetime | None = None) -> ReviewCard:
    """A new card due now, or a card in the Review state (past its learning steps) due ``due``."""
    card = schedule_review(learner=learner, question_id=question.pk)
    if due is not None:
        card.due = due
        card.state = Card(
            state=State.Review,
            stability=3.0,
            difficulty=5.0,
            due=due,
            last_review=due - timedelta(days=3),
        ).to_dict()
        card.save()
    return card


def match_question(seed_briefing) -> Question:
    """A match of three pairs or more: two pairs matched one to one can't be partly right."""
    matches = Question.objects.filter(briefing=seed_briefing, kind="match").order_by("pk")
    return next(question for question in matches if len(question.answer) > 2)


def test_the_review_page_shows_a_due_card_and_not_a_later_one(signed_in, learner, seed_briefing):
    due, later = Question.objects.filter(briefing=seed_briefing, kind="choice")[:2]
    make_card(learner, due)
    make_card(learner, later, due=timezone.now() + timedelta(days=3))

    html = signed_in.get(reverse("learning:review")).content.decode()

    assert escape(due.prompt) in html
    assert escape(later.prompt) not in html
    card = ReviewCard.objects.get(question=due)
    assert f'action="{reverse("learning:review_answer", args=[card.pk])}"' in html
    assert '<input type="hidden" name="reviews" value="0">' in html
    assert "Card 1 of 1 ·" in html


def test_nothing_to_review(signed_in):
    html = signed_in.get(reverse("learning:review")).content.decode()

    assert "Nothing to review today." in html


@pytest.mark.parametrize(
    ("how", "rating"), [("right", Rating.Good), ("partly", Rating.Hard), ("wrong", Rating.Again)]
)
def test_a_review_answer_is_rated_and_rescheduled(signed_in, learner, seed_briefing, how, rating):
    card = make_card(learner, match_question(seed_briefing))
    data = answer_data(review_snapshot(card, reviews=0), how) | {"reviews": "0"}

    response = signed_in.post(reverse("learning:review_answer", args=[card.pk]), data)

    assert response.status_code == 200
    log = ReviewLog.objects.get(card=card)
    assert log.rating == int(rating)
    assert log.answer == {
        name.removeprefix("item-"): value for name, value in data.items() if name != "reviews"
    }
    card.refresh_from_db()
    assert card.due > log.reviewed_at
    assert card.due > timezone.now()
    html = response.content.decode()
    assert "<html" in html
    verdict = {"right": "Right.", "partly": "Partly right (", "wrong": "Not right."}[how]
    assert verdict in html


def test_a_right_review_is_scheduled_later_than_a_wrong_one(signed_in, learner, seed_briefing):
    right, wrong = Question.objects.filter(briefing=seed_briefing, kind="choice")[:2]
    cards = {"right": make_card(learner, right), "wrong": make_card(learner, wrong)}
    for how, card in cards.items():
        data = answer_data(review_snapshot(card, reviews=0), how) | {"reviews": "0"}
        signed_in.post(reverse("learning:review_answer", args=[card.pk]), data)

    for card in cards.values():
        card.refresh_from_db()
    assert cards["right"].due > cards["wrong"].due > timezone.now()
    assert cards["right"].logs.get().rating == Rating.Good == 3
    assert cards["wrong"].logs.get().rating == Rating.Again == 1


def test_a_review_answer_with_htmx_swaps_in_the_feedback(signed_in, learner, seed_briefing):
    card = make_card(learner, match_question(seed_briefing))
    data = answer_data(review_snapshot(card, reviews=0), "right") | {"reviews": "0"}

    response = signed_in.post(reverse("learning:review_answer", args=[card.pk]), data, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="review-card"')
    assert "Right." in html
    assert f'<a class="button" href="{reverse("learning:review")}?session=' in html
    assert ReviewLog.objects.filter(card=card).count() == 1


def test_each_review_is_logged_and_a_replayed_post_is_not(signed_in, learner, seed_briefing):
    card = make_card(learner, match_question(seed_briefing))
    url = reverse("learning:review_answer", args=[card.pk])
    data = answer_data(review_snapshot(card, reviews=0), "wrong") | {"reviews": "0"}
    signed_in.post(url, data)
    card.refresh_from_db()
    due = card.due

    replayed = signed_in.post(url, data, follow=True)

    [(redirected_to, status)] = replayed.redirect_chain
    assert (redirected_to.split("?")[0], status) == (reverse("learning:review"), 302)
    assert "That card was already reviewed" in replayed.content.decode()
    assert ReviewLog.objects.filter(card=card).count() == 1
    card.refresh_from_db()
    assert card.due == due

    second = answer_data(review_snapshot(card, reviews=1), "right") | {"reviews": "1"}
    signed_in.post(url, second)

    assert [log.rating for log in ReviewLog.objects.filter(card=card).order_by("pk")] == [
        int(Rating.Again),
        int(Rating.Good),
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_an_invalid_review_answer_gives_a_form_error(signed_in, learner, seed_briefing, htmx):
    card = make_card(learner, match_question(seed_briefing))
    url = reverse("learning:review_answer", args=[card.pk])

    response = signed_in.post(url, {"reviews": "0"}, headers=HTMX if htmx else {})

    if htmx:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html
        assert '<p class="form-error" role="alert">' in html
        assert '<input type="hidden" name="reviews" value="0">' in html
    else:
        assert response.status_code == 302
        assert response.url.startswith(f"{reverse('learning:review')}?session=")
        html = signed_in.get(response.url).content.decode()
        assert '<li class="message message-error">Choose at least one answer first.</li>' in html
    assert not ReviewLog.objects.exists()


def test_due_today_means_today_in_the_site_time_zone(signed_in, learner, seed_briefing, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: its day ends 10 hours before UTC's.
    zone = ZoneInfo(settings.TIME_ZONE)
    local_today = timezone.now().astimezone(zone).date()
    end_of_local_day = datetime.combine(local_today + timedelta(days=1), time.min, tzinfo=zone)
    later_today, tomorrow = Question.objects.filter(briefing=seed_briefing, kind="choice")[:2]
    today_card = make_card(learner, later_today, due=end_of_local_day - timedelta(minutes=1))
    tomorrow_card = make_card(learner, tomorrow, due=end_of_local_day + timedelta(minutes=1))
    # In UTC the day ends at another moment, so one of the two cards would be misjudged.
    end_of_utc_day = datetime.combine(
        timezone.now().astimezone(UTC).date() + timedelta(days=1), time.min, tzinfo=UTC
    )
    assert today_card.due >= end_of_utc_day or tomorrow_card.due < end_of_utc_day

    dashboard = signed_in.get(reverse("learning:dashboard")).content.decode()
    review = signed_in.get(reverse("learning:review")).content.decode()

    assert "Review 1 card due today" in dashboard
    assert escape(later_today.prompt) in review
    assert escape(tomorrow.prompt) not in review


# Query counts


def test_lesson_page_query_count_when_signed_in(signed_in, lessons, django_assert_max_num_queries):
    """The session, the learner, the lesson (its blocks cached), opening it (one
    get-or-create, whose read time the actions reuse) and its quiz: no query per block,
    row or term."""
    for lesson in lessons:
        signed_in.get(lesson.get_absolute_url())  # progress rows exist from now on
        with django_assert_max_num_queries(5):
            response = signed_in.get(lesson.get_absolute_url())
        assert response.status_code == 200


def test_mark_read_query_count(signed_in, lessons, django_assert_max_num_queries):
    """Completion checks the lesson's quiz with one exists() per step: no query per question
    or attempt. The learner's new activity version is written first (``mark_read``)."""
    take_quiz(signed_in, quiz_of(lessons[1]), "right")
    take_quiz(signed_in, quiz_of(lessons[1]), "wrong")

    with django_assert_max_num_queries(12):
        response = read(signed_in, lessons[1])

    assert response.status_code == 302


@pytest.mark.parametrize("busy", [False, True], ids=["new-learner", "busy-learner"])
def test_dashboard_query_count(signed_in, learner, lessons, busy, django_assert_max_num_queries):
    """Lessons (with their quiz) are prefetched per briefing; progress, best scores and passes,
    facts and right answers, deck sizes and studied cards, today's logs and responses by day
    and the due counts are each read once for all briefings: no query per briefing, lesson,
    attempt, response, card or log. Then the page comes from the cache, under the versions
    one query reads (``learning.activity.learner_part``)."""
    import_text("Second Briefing\nSome text about deterrence.\n", slug="second")
    if busy:
        for lesson in lessons[:4]:
            read(signed_in, lesson)
        take_quiz(signed_in, quiz_of(lessons[1]), "right")
        take_quiz(signed_in, quiz_of(lessons[2]), "wrong")
        take_quiz(signed_in, quiz_of(lessons[3]), "wrong")
        from learning.flashcards import deck_lessons, deck_of, rate_flashcard

        for flashcard in deck_of(deck_lessons().get(pk=lessons[1].pk)):
            rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Good, reviews=0)
        assert ReviewLog.objects.count() > 5

    with django_assert_max_num_queries(16):
        response = signed_in.get(reverse("learning:dashboard"))
    # session, learner, the versions of what it shows
    with django_assert_max_num_queries(3):
        again = signed_in.get(reverse("learning:dashboard"))

    assert response.status_code == 200
    assert "Second Briefing" in response.content.decode()
    assert again.content.decode().count("Second Briefing") == response.content.decode().count(
        "Second Briefing"
    )


def test_review_page_query_count(signed_in, learner, seed_briefing, django_assert_max_num_queries):
    """The first due card comes with its question, quiz, source block, lesson, briefing, row
    and term: no query per due card or per related object."""
    for question in Question.objects.filter(briefing=seed_briefing, source_row__isnull=False)[:20]:
        make_card(learner, question)

    with django_assert_max_num_queries(6):
        response = signed_in.get(reverse("learning:review"))

    assert "Card 1 of 20 ·" in response.content.decode()


@pytest.mark.parametrize("cards", [2, 7])
@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_review_answer_query_count(
    signed_in, learner, seed_briefing, htmx, cards, django_assert_max_num_queries
):
    """The card comes with its question and source objects and the session's progress is
    two COUNTs: no query per due card. One write gives the learner a new activity version
    (``learning.activity``)."""
    answered = match_question(seed_briefing)
    others = Question.objects.filter(briefing=seed_briefing, kind="match").exclude(pk=answered.pk)
    questions = [answered, *others[: cards - 1]]
    assert len(questions) == cards
    for question in questions:
        make_card(learner, question)
    card = ReviewCard.objects.get(question=answered)
    data = answer_data(review_snapshot(card, reviews=0), "partly") | {"reviews": "0"}

    with django_assert_max_num_queries(13):
        response = signed_in.post(
            reverse("learning:review_answer", args=[card.pk]), data, headers=HTMX if htmx else {}
        )

    assert response.status_code == 200
    assert ("<html" in response.content.decode()) is not htmx
    assert "Partly right (" in response.content.decode()
    assert ReviewLog.objects.count() == 1
