"""Spaced review with FSRS (the ``fsrs`` package, default parameters, retention 0.9).

A card is created for every question answered wrong or partly wrong. The
review page shows due cards one at a time; right is rated Good, partly right
Hard, wrong Again.

**A review session ends.** A session is the cards due when it starts (and
those that fall due while it lasts), each shown once: a card answered in the
session does not come back in it, even when an FSRS learning step (1 or 10
minutes) makes it due again before the session is over. It waits for the next
session, which serves it once it is due, or up to ``LEARN_AHEAD`` early, as
Anki's learn-ahead limit does. A card in the Review state is due on its day
(before midnight in the site's time zone); a card in a learning step is due at
its time, less ``LEARN_AHEAD``. A session is only its start time, carried in
the page's links and forms: what it has done is read back from the review logs.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Min, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from fsrs import Card, Rating, Scheduler, State

from briefing.models import Block, Briefing
from learning.activity import bump
from learning.models import ReviewCard, ReviewLog
from learning.scoring import Score, build_snapshot, score

DESIRED_RETENTION = 0.9
LEARN_AHEAD = timedelta(minutes=20)
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
    bump(learner.pk)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of_today(now: datetime | None = None) -> datetime:
    """Midnight at the end of today in the site's time zone: "due today" means before it."""
    today = timezone.localdate(now)
    return start_of_day(today + timedelta(days=1))


def visible_cards(learner):
    """The learner's cards on active questions, and flashcards whose term or key-value row
    is still in a live lesson, of briefings they may see."""
    visible = Briefing.objects.visible_to(learner)
    question = Q(question__active=True, question__briefing__in=visible)
    flashcard = Q(question__isnull=True, lesson__archived=False, lesson__briefing__in=visible) & (
        Q(term__isnull=False) | Q(row__block__shape=Block.Shape.KEY_VALUE)
    )
    return ReviewCard.objects.filter(learner=learner).filter(question | flashcard)


def is_due(now: datetime) -> Q:
    """Due now: a Review card on its day, a card in a learning step at its time (less
    ``LEARN_AHEAD``). A card without FSRS state counts by its time."""
    return Q(due__lt=end_of_today(now)) & (
        Q(state__state=State.Review.value) | Q(due__lte=now + LEARN_AHEAD)
    )


def card_is_due(state: dict | None, due: datetime, now: datetime) -> bool:
    """``is_due`` for one card in hand."""
    if due >= end_of_today(now):
        return False
    return (state or {}).get("state") == State.Review.value or due <= now + LEARN_AHEAD


def due_cards(learner, now: datetime | None = None):
    now = now or timezone.now()
    return visible_cards(learner).filter(is_due(now)).order_by("due", "pk")


def due_counts(learner, now: datetime | None = None) -> tuple[int, int]:
    """(due now, due later today): cards in a learning step come back later the same day."""
    counts = due_summary(learner, now)
    return counts.now, counts.later


@dataclass(frozen=True)
class DueSummary:
    now: int
    later: int
    changes_at: datetime  # the first moment either count may change without a review


def due_summary(learner, now: datetime | None = None) -> DueSummary:
    """``due_counts``, and when they change by the clock alone: a card comes due (less
    ``LEARN_AHEAD``), or the day ends. One query."""
    now = now or timezone.now()
    midnight = end_of_today(now)
    stepping = [State.Learning.value, State.Relearning.value]
    counts = visible_cards(learner).aggregate(
        now=Count("pk", filter=is_due(now)),
        later=Count(
            "pk",
            filter=Q(due__lt=midnight, due__gt=now + LEARN_AHEAD, state__state__in=stepping),
        ),
        coming=Min("due", filter=Q(due__lt=midnight, due__gt=now + LEARN_AHEAD)),
    )
    coming = counts["coming"]
    changes_at = min(coming - LEARN_AHEAD, midnight) if coming else midnight
    return DueSummary(counts["now"], counts["later"], changes_at)


# Sessions

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def session_token(started: datetime) -> str:
    """A session's start as it travels in links and forms: microseconds since 1970."""
    return str((started - EPOCH) // timedelta(microseconds=1))


def session_start(token: str | None, *, now: datetime) -> datetime | None:
    """The start a link or form carries, or None when it is missing, malformed or stale.

    A session belongs to the day it started on (site time zone): tomorrow's
    cards start a new one. A start in the future is refused.
    """
    if not token or not token.isdecimal() or len(token) > 20:
        return None
    try:
        started = EPOCH + timedelta(microseconds=int(token))
    except OverflowError:
        return None
    if started > now or timezone.localdate(started) != timezone.localdate(now):
        return None
    return started


@dataclass(frozen=True)
class SessionProgress:
    done: int  # cards answered in the session
    left: int  # cards still to show

    @property
    def total(self) -> int:
        return self.done + self.left

    @property
    def position(self) -> int:
        """The number of the card on screen ("Card 3 of 7")."""
        return min(self.done + 1, self.total)


@dataclass(frozen=True)
class SessionSummary:
    right: int
    partly: int
    wrong: int
    next_due: datetime | None
    due_now: int  # what a new session would show at once
    when_next: str  # the next due card, as a learner reads it ("tomorrow")

    @property
    def reviewed(self) -> int:
        return self.right + self.partly + self.wrong

    @property
    def next_due_today(self) -> bool:
        return self.next_due is not None and self.when_next.startswith(("now", "today"))


class ReviewSession:
    """One sitting at the review page: the due cards, each shown once (see the module doc)."""

    def __init__(self, learner, *, started: datetime, now: datetime | None = None) -> None:
        self.learner = learner
        self.started = started
        self.now = now or timezone.now()

    @property
    def token(self) -> str:
        return session_token(self.started)

    def answered_here(self):
        """This session's logs."""
        return ReviewLog.objects.filter(card__learner=self.learner, reviewed_at__gte=self.started)

    def queue(self):
        """The cards still to show, in order: due and not answered in this session."""
        answered = self.answered_here().filter(card=OuterRef("pk"))
        return due_cards(self.learner, self.now).exclude(Exists(answered))

    def progress(self) -> SessionProgress:
        done = self.answered_here().values("card").distinct().count()
        return SessionProgress(done=done, left=self.queue().count())

    def summary(self) -> SessionSummary:
        """Right, partly right and wrong answers of the session, and the next due card.

        A question's review is right when rated Good, partly right when Hard; a
        flashcard is remembered (right) unless it is rated Again.
        """
        flashcard = ExpressionWrapper(Q(card__question__isnull=True), output_field=BooleanField())
        tally: Counter[str] = Counter()
        rows = (
            self.answered_here()
            .annotate(flashcard=flashcard)
            .values_list("flashcard", "rating")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for is_flashcard, rating, count in rows:
            tally[verdict_of(rating, flashcard=is_flashcard)] += count
        upcoming = visible_cards(self.learner).aggregate(
            next_due=Min("due"), due_now=Count("pk", filter=is_due(self.now))
        )
        next_due = upcoming["next_due"]
        return SessionSummary(
            tally["right"],
            tally["partly"],
            tally["wrong"],
            next_due,
            upcoming["due_now"],
            describe_due(next_due, now=self.now) if next_due else "",
        )


def describe_due(due: datetime, *, now: datetime) -> str:
    """When a card is due, as a learner reads it: "now", "today at 14:32", "tomorrow",
    "on Monday 3 March" (site time zone)."""
    if due <= now:
        return gettext("now")
    local = timezone.localtime(due)
    today = timezone.localdate(now)
    if local.date() == today:
        return gettext("today at %(time)s") % {"time": f"{local:%H:%M}"}
    if local.date() == today + timedelta(days=1):
        return gettext("tomorrow")
    return gettext("on %(date)s") % {"date": date_format(local, pgettext("due date", "l j F"))}


def verdict_of(rating: int, *, flashcard: bool) -> str:
    if rating == Rating.Again:
        return "wrong"
    if rating == Rating.Hard and not flashcard:
        return "partly"
    return "right"


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
    log = apply_rating(card, rating_for(result), now=timezone.now(), answer=answer)
    return result, log


def apply_rating(
    card: ReviewCard, rating: Rating, *, now: datetime, answer: object = None
) -> ReviewLog:
    """Reschedule a (locked) card with FSRS and log the review with the state it changed."""
    before = card.state
    state, _ = scheduler.review_card(Card.from_dict(card.state), rating, now)
    card.state, card.due = state.to_dict(), state.due
    card.save(update_fields=["state", "due"])
    return ReviewLog.objects.create(
        card=card,
        rating=int(rating),
        answer=answer,
        reviewed_at=now,
        state_before=before,
        state_after=card.state,
    )
