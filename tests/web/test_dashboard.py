"""A reason to come back: the Continue card, today's goal and the streak (counted from the
review logs and responses in the site's time zone), lesson states with a legend, mastery,
flashcard decks, and the briefing page's progress."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape
from fsrs import Rating

from learning.dashboard import DAILY_GOAL, streak, today_for
from learning.flashcards import deck_lessons, deck_of, rate_flashcard
from learning.models import ReviewCard, ReviewLog
from learning.progress import mark_read
from learning.review import schedule_review
from quizzes.models import Question, Quiz
from tests.factories import import_text
from tests.web.quiz_helpers import answer_data, answer_url, questions_of, start

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("learning:dashboard")


@pytest.fixture
def signed_in(clock, client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def lessons(seed_briefing):
    return list(seed_briefing.lessons.select_related("quiz").order_by("position"))


def continue_card(html: str) -> str:
    return re.search(r'<section class="card continue".*?</section>', html, re.S).group(0)


def log_review(card: ReviewCard, when: datetime, rating: int = Rating.Good) -> None:
    ReviewLog.objects.create(card=card, rating=rating, reviewed_at=when)


def answer_some(client, quiz: Quiz, count: int, how: str = "right") -> None:
    """Start a practice attempt, answer ``count`` questions ``how``, and submit it."""
    attempt = start(client, quiz)
    for item in questions_of(attempt)[:count]:
        client.post(answer_url(attempt, item.position), answer_data(item.snapshot, how))
    client.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})


# Continue


def test_a_new_learner_continues_with_the_first_lesson(signed_in, lessons):
    card = continue_card(signed_in.get(DASHBOARD).content.decode())

    assert f'href="{lessons[0].get_absolute_url()}">Read “Introduction”</a>' in card


def test_due_reviews_come_first(signed_in, learner, seed_briefing):
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    schedule_review(learner=learner, question_id=question.pk)

    card = continue_card(signed_in.get(DASHBOARD).content.decode())

    assert f'href="{reverse("learning:review")}">Review 1 card due today</a>' in card


def test_continue_follows_the_briefing_last_worked_in(signed_in, clock, learner, lessons):
    other = import_text("Other Briefing\nSome text about deterrence.\n", slug="other")
    mark_read(learner=learner, lesson=other.lessons.get())  # completed: no quiz
    clock.advance(hours=1)
    mark_read(learner=learner, lesson=lessons[0])

    card = continue_card(signed_in.get(DASHBOARD).content.decode())

    assert f"Read “{escape(lessons[1].title)}”" in card


def test_all_caught_up(signed_in, learner):
    briefing = import_text("Only Lesson\nSome text about deterrence.\n", slug="only")
    mark_read(learner=learner, lesson=briefing.lessons.get())

    html = signed_in.get(DASHBOARD).content.decode()

    assert "You are all caught up" in continue_card(html)


# Today's goal and the streak


def test_todays_goal_counts_reviews_and_answers_of_today_only(
    signed_in, clock, learner, seed_briefing, lessons
):
    questions = Question.objects.filter(briefing=seed_briefing, kind="choice")[:7]
    cards = [schedule_review(learner=learner, question_id=q.pk) for q in questions]
    for card in cards:
        log_review(card, clock.now - timedelta(hours=1))
    log_review(cards[0], clock.now - timedelta(days=1))  # yesterday: not today's
    answer_some(signed_in, lessons[1].quiz, 5)

    today = today_for(learner)
    html = signed_in.get(DASHBOARD).content.decode()

    assert (today.reviewed, today.answered, today.done) == (7, 5, 12)
    assert f"12 of {DAILY_GOAL} done" in html
    assert '<progress max="20" value="12"' in html
    assert "7 cards reviewed and 5 questions answered today" in html
    assert "<strong>2-day streak</strong>" in html


def test_the_goal_is_reached_at_twenty(clock, learner, seed_briefing):
    card = schedule_review(
        learner=learner, question_id=Question.objects.filter(briefing=seed_briefing).first().pk
    )
    for minute in range(DAILY_GOAL + 3):
        log_review(card, clock.now - timedelta(minutes=minute))

    today = today_for(learner)

    assert today.goal_met and today.towards_goal == DAILY_GOAL and today.done == 23


def test_the_streak_counts_days_in_a_row_and_survives_until_today_ends(
    signed_in, clock, learner, seed_briefing
):
    card = schedule_review(
        learner=learner, question_id=Question.objects.filter(briefing=seed_briefing).first().pk
    )
    for days_ago in (1, 2, 3, 5):  # a gap four days ago
        log_review(card, clock.now - timedelta(days=days_ago))

    html = signed_in.get(DASHBOARD).content.decode()

    assert "<strong>3-day streak</strong>: review a card or answer a question today" in html
    log_review(card, clock.now)
    assert today_for(learner).streak == 4
    clock.advance(days=2)
    assert today_for(learner).streak == 0
    assert "No streak yet" in signed_in.get(DASHBOARD).content.decode()


def test_days_are_the_site_time_zones(settings, clock, learner, seed_briefing):
    """At 09:00 UTC it is 23:00 in Honolulu (UTC-10) on the day before: a review at 08:00 UTC
    (22:00 there) is today's there, one at 11:00 UTC the day before is yesterday's."""
    settings.TIME_ZONE = "Pacific/Honolulu"
    card = schedule_review(
        learner=learner, question_id=Question.objects.filter(briefing=seed_briefing).first().pk
    )
    log_review(card, datetime(2026, 3, 10, 8, 0, tzinfo=UTC))  # 9 March, 22:00 local
    log_review(card, datetime(2026, 3, 9, 11, 0, tzinfo=UTC))  # 9 March, 01:00 local
    log_review(card, datetime(2026, 3, 9, 9, 0, tzinfo=UTC))  # 8 March, 23:00 local

    today = today_for(learner)

    assert (today.reviewed, today.streak) == (2, 2)


def test_streak_of_days():
    day = datetime(2026, 3, 10).date()
    one = timedelta(days=1)

    assert streak(set(), day) == 0
    assert streak({day}, day) == 1
    assert streak({day - one, day - 2 * one}, day) == 2
    assert streak({day, day - 2 * one}, day) == 1


# States, legend, mastery, decks


def test_the_legend_explains_every_state_and_mastery(signed_in, seed_briefing):
    html = signed_in.get(DASHBOARD).content.decode()

    legend = re.search(r'<section class="legend".*?</section>', html, re.S).group(0)
    labels = re.findall(r'<span class="state state-[a-z-]+">([^<]+)</span>', legend)
    assert labels == ["Not started", "Started", "Read", "Completed"]
    assert "pass its quiz to complete it" in legend
    assert "answered right at least once, in a quiz or in review" in legend


def lesson_row(html: str, lesson) -> str:
    pattern = rf"<tr>\s*<th scope=\"row\"><a href=\"{lesson.get_absolute_url()}\">.*?</tr>"
    return re.search(pattern, html, re.S).group(0)


def test_mastery_is_the_share_of_facts_answered_right_in_a_quiz_or_a_review(
    signed_in, clock, learner, lessons
):
    lesson = lessons[1]
    facts = set(
        Question.objects.active().filter(quiz__lesson=lesson).exclude(fact="").values_list("fact")
    )
    assert len(facts) >= 4
    html = signed_in.get(DASHBOARD).content.decode()
    assert '0% <span class="meta">(0 of' in lesson_row(html, lesson)

    attempt = start(signed_in, lesson.quiz)
    first, second, third = questions_of(attempt)[:3]
    signed_in.post(answer_url(attempt, 0), answer_data(first.snapshot, "right"))
    signed_in.post(answer_url(attempt, 1), answer_data(second.snapshot, "wrong"))
    signed_in.post(answer_url(attempt, 2), answer_data(third.snapshot, "wrong"))
    # The second fact is then answered right in review; the third is reviewed and missed again.
    log_review(ReviewCard.objects.get(question=second.question), clock.now, Rating.Good)
    log_review(ReviewCard.objects.get(question=third.question), clock.now, Rating.Again)
    # A flashcard rates itself: it does not count.
    for flashcard in deck_of(deck_lessons().get(pk=lesson.pk)):
        rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Easy, reviews=0)

    row = lesson_row(signed_in.get(DASHBOARD).content.decode(), lesson)

    right = {first.question.fact, second.question.fact}
    expected = round(100 * len(right) / len(facts))
    assert f'{expected}% <span class="meta">(2 of {len(facts)} facts)</span>' in row


def test_scores_are_whole_percentages():
    template = Template(
        "{% load learner_progress %}{{ a|percent }} {{ b|percent }} {{ c|percent }}"
    )

    shown = template.render(Context({"a": 5 / 12, "b": 1.0, "c": None}))

    assert shown == "42% 100% "


def test_each_lesson_links_to_its_deck_with_the_cards_not_studied_yet(signed_in, learner, lessons):
    lesson = deck_lessons().get(pk=lessons[1].pk)
    rate_flashcard(learner=learner, flashcard=deck_of(lesson)[0], rating=Rating.Good, reviews=0)

    html = signed_in.get(DASHBOARD).content.decode()

    deck = reverse("learning:deck", args=[lesson.pk])
    assert f'<a href="{deck}">7 cards</a> <span class="meta">(6 new)</span>' in html
    assert "—" in lesson_row(html, lessons[0])  # prose only: no deck


# The briefing page


def test_the_briefing_page_shows_each_lessons_state_and_a_continue_button(
    signed_in, learner, seed_briefing, lessons
):
    mark_read(learner=learner, lesson=lessons[0])
    signed_in.get(lessons[1].get_absolute_url())

    html = signed_in.get(seed_briefing.get_absolute_url()).content.decode()

    states = re.findall(r'<span class="state state-([a-z-]+)">', html.split("legend")[0])
    assert states == ["completed", "opened", *["not-started"] * 6]
    assert f'href="{lessons[1].get_absolute_url()}">Continue: Read “' in html
    assert "1 of 8 lessons completed (12%)" in html
    assert f'href="{reverse("learning:deck", args=[lessons[1].pk])}">Flashcards (7)</a>' in html
    assert "What the lesson states mean" in html


def test_a_visitor_sees_the_plain_list_and_an_invitation(client, seed_briefing):
    html = client.get(seed_briefing.get_absolute_url()).content.decode()

    assert html.count('<li><a href="/briefings/') == 8
    assert "Continue" not in html and "state-" not in html
    assert "to track your progress through these lessons" in html


@pytest.mark.parametrize("busy", [False, True], ids=["new-learner", "busy-learner"])
def test_briefing_page_query_count_is_constant(
    signed_in, learner, seed_briefing, lessons, busy, django_assert_max_num_queries
):
    """The learner's part reads the lessons with their quizzes once and their progress as
    the dashboard does: no query per lesson, attempt, response, card or log."""
    if busy:
        for lesson in lessons:
            mark_read(learner=learner, lesson=lesson)
        answer_some(signed_in, lessons[1].quiz, 6, how="wrong")
        answer_some(signed_in, lessons[2].quiz, 6)

    with django_assert_max_num_queries(12):
        response = signed_in.get(seed_briefing.get_absolute_url())

    assert response.status_code == 200
    assert ("Continue:" in response.content.decode()) is True
