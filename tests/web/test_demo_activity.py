"""``create_demo_activity``: a dozen learners with history, the same every time, once."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from learning.demo import LEARNERS, demo_learners
from learning.models import Attempt, LessonProgress, ReviewCard, ReviewLog
from learning.review import end_of_today

pytestmark = pytest.mark.django_db


def history_digest() -> list[tuple]:
    return list(
        Attempt.objects.order_by("learner__username", "started_at").values_list(
            "learner__username", "quiz__title", "score", "passed"
        )
    )


def test_demo_learners_have_attempts_progress_and_reviews(seed_briefing, capsys):
    call_command("create_demo_activity", seed_briefing.slug)

    assert demo_learners().count() == len(LEARNERS) == 12
    attempts = Attempt.objects.filter(learner__in=demo_learners())
    assert attempts.count() > 50
    assert attempts.filter(passed=True).exists() and attempts.filter(passed=False).exists()
    assert attempts.filter(quiz__lesson__isnull=True).exists()  # someone took the final exam
    assert LessonProgress.objects.filter(completed_at__isnull=False).exists()
    assert ReviewLog.objects.exists()
    assert ReviewCard.objects.filter(due__lt=end_of_today()).exists()  # cards still due
    assert not any(user.has_usable_password() for user in demo_learners())
    assert "12 learners" in capsys.readouterr().out


def test_demo_history_is_spread_over_the_last_three_weeks(seed_briefing):
    call_command("create_demo_activity", seed_briefing.slug)

    now = timezone.now()
    dates = Attempt.objects.values_list("started_at", "submitted_at")
    assert all(
        now - timedelta(days=22) < started < submitted <= now for started, submitted in dates
    )
    days = {started.date() for started, _ in dates}
    assert len(days) > 7


def test_running_it_again_changes_nothing(seed_briefing, capsys):
    call_command("create_demo_activity", seed_briefing.slug)
    before = history_digest()

    call_command("create_demo_activity", seed_briefing.slug)

    assert history_digest() == before
    assert "already there: nothing to do" in capsys.readouterr().out


def test_the_history_comes_from_a_fixed_seed(seed_briefing):
    call_command("create_demo_activity", seed_briefing.slug)
    first = history_digest()
    demo_learners().delete()

    call_command("create_demo_activity", seed_briefing.slug)

    assert history_digest() == first


def test_an_unknown_briefing_is_a_command_error(db):
    with pytest.raises(CommandError, match="No briefing with the slug 'nope'"):
        call_command("create_demo_activity", "nope")
