"""Spaced review with FSRS (the ``fsrs`` package, default parameters, retention 0.9).

A card is created for every question answered wrong or partly wrong. The
review page shows due cards one at a time; right is rated Good, partly right
Hard, wrong Again.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from fsrs import Card, Rating, Scheduler

from briefing.models import Briefing
from learning.models import ReviewCard, ReviewLog
from learning.scoring import Score, build_snapshot, score

DESIRED_RETENTION = 0.9
scheduler = Scheduler(desired_retention=DESIRED_RETENTION)


def schedule_review(*, learner, question_id: int) -> ReviewCard:
    """The learner's card for a question, created due now if it does not exist yet."""
    card = ReviewCard.objects.filter(learner=learner, question_id=question_id).first()
    if card is not None:
        return card
    now = timezone.now()
    state = Card(due=now)
    try:
        with transaction.atomic():
            return ReviewCard.objects.create(
                learner=learner, question_id=question_id, state=state.to_dict(), due=now
            )
    except IntegrityError:
        return ReviewCard.objects.get(learner=learner, question_id=question_id)


def schedule_reviews(*, learner, question_ids: list[int]) -> None:
    """Cards, due now, for several questions in one query; cards that exist are kept."""
    now = timezone.now()
    ReviewCard.objects.bulk_create(
        [
            ReviewCard(
                learner=learner, question_id=question_id, state=Card(due=now).to_dict(), due=now
            )
            for question_id in question_ids
        ],
        ignore_conflicts=True,
    )


def end_of_today() -> datetime:
    """Midnight at the end of today in the site's time zone: "due today" means before it."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))


def visible_cards(learner):
    """The learner's cards on active questions of briefings they may see."""
    return ReviewCard.objects.filter(
        learner=learner,
        question__active=True,
        question__briefing__in=Briefing.objects.visible_to(learner),
    )


def due_cards(learner):
    return visible_cards(learner).filter(due__lt=end_of_today()).order_by("due", "pk")


def review_snapshot(card: ReviewCard, *, reviews: int) -> dict:
    """The card's question as shown at this review, rebuilt identically on the answer's POST.

    The shuffle and the tokens come from an HMAC of the card, its review count
    (``reviews``, the number of logs so far) and the secret key: opaque to the
    learner (neither the order nor the tokens can be predicted from what the
    page shows), reproducible by the server, new at every review.
    """
    seed = secret_digest(f"review:{card.pk}:{reviews}")
    counter = iter(range(1_000))

    def token() -> str:
        return secret_digest(f"{seed}:{next(counter)}")[:10]

    question = card.question
    return build_snapshot(
        question.as_data(), rng=random.Random(seed), source=question.source_link(), token=token
    )


def secret_digest(message: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def rating_for(result: Score) -> Rating:
    if result.correct:
        return Rating.Good
    return Rating.Hard if result.value > 0 else Rating.Again


class StaleReview(Exception):
    """The card was reviewed since this answer's page was shown (a replayed or double post)."""


@transaction.atomic
def record_review(
    *, card: ReviewCard, snapshot: dict, answer: object, reviews: int
) -> tuple[Score, ReviewLog]:
    """Score the answer, reschedule the card with FSRS and log the review.

    ``reviews`` is the review count the answered page was built with; checked
    under the row lock, so two simultaneous posts log one review.
    """
    card = ReviewCard.objects.select_for_update().get(pk=card.pk)
    if card.logs.count() != reviews:
        raise StaleReview
    result = score(snapshot, answer)
    now = timezone.now()
    state, _ = scheduler.review_card(Card.from_dict(card.state), rating_for(result), now)
    card.state, card.due = state.to_dict(), state.due
    card.save(update_fields=["state", "due"])
    log = ReviewLog.objects.create(
        card=card, rating=int(rating_for(result)), answer=answer, reviewed_at=now
    )
    return result, log
