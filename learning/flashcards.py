"""Flashcard decks: a lesson's terms and key-value table rows, scheduled like questions.

Each lesson with a term list or a key-value table has a deck. A term's card
shows the term on its front and its description on the back; a row's card
shows its key cell on the front and each value under its column header on
the back; both backs link to the term or row in the lesson. Nothing is stored
for a deck: it is read from the lesson's blocks, so an edit to a term shows on
its card at once. A learner's card is a ``ReviewCard`` pointing at the term or
row, created when it is first rated, and rated Again, Hard, Good or Easy by the
learner; its due reviews join the questions' in the one review queue.

A deck is studied in sessions, as the review is (``learning.review``): the
cards due and the cards never studied, each shown once, then a summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy
from fsrs import Card, Rating, Scheduler

from briefing.models import Block, Lesson, TableRow, Term
from learning.models import ReviewCard, ReviewLog
from learning.review import (
    DESIRED_RETENTION,
    SessionProgress,
    SessionSummary,
    StaleReview,
    apply_rating,
    card_is_due,
    describe_due,
    session_token,
    verdict_of,
    visible_cards,
)
from quizzes.generate.facts import row_name, states_something
from quizzes.generate.triage import is_identifier

TERM_LABEL = gettext_lazy("Term")
RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
RATING_LABELS = {
    Rating.Again: pgettext_lazy("rating", "Again"),
    Rating.Hard: pgettext_lazy("rating", "Hard"),
    Rating.Good: pgettext_lazy("rating", "Good"),
    Rating.Easy: pgettext_lazy("rating", "Easy"),
}
# Previews of the next interval on the rating buttons: the scheduler without its random fuzz.
preview_scheduler = Scheduler(desired_retention=DESIRED_RETENTION, enable_fuzzing=False)


@dataclass(frozen=True)
class Flashcard:
    """One card of a deck, read from a term or a row (exactly one of them)."""

    key: str  # "term-12" or "row-34": names the card in links and forms
    lesson: Lesson
    front_label: str
    front: str
    ask: str  # what to recall, shown under the front
    back: tuple[tuple[str, str], ...]  # (label, text); a term's one label is empty
    source_url: str
    source_label: str
    term: Term | None = None
    row: TableRow | None = None

    @property
    def lookup(self) -> dict:
        """The ``ReviewCard`` fields that name this card."""
        return {"term": self.term} if self.term else {"row": self.row}


def term_makes_a_card(term: str, description: str) -> bool:
    return bool(term.strip()) and states_something(description)


def row_makes_a_card(cells: list[str], header: list[str]) -> bool:
    """A row with a key (not an identifier, not the header again) and something to recall."""
    if len(header) < 2 or not cells or not cells[0].strip() or is_identifier(cells[0]):
        return False
    if [cell.strip().casefold() for cell in cells] == [cell.strip().casefold() for cell in header]:
        return False
    return any(states_something(cell) for cell in cells[1:])


def term_card(lesson: Lesson, term: Term) -> Flashcard:
    return Flashcard(
        key=f"term-{term.pk}",
        lesson=lesson,
        front_label=TERM_LABEL,
        front=term.term.strip(),
        ask=gettext("What does it mean?"),
        back=(("", term.description.strip()),),
        source_url=f"{lesson.get_absolute_url()}#{term.anchor}",
        source_label=gettext("%(what)s in “%(where)s”")
        % {"what": term.term.strip(), "where": lesson.title},
        term=term,
    )


def row_card(lesson: Lesson, block: Block, row: TableRow) -> Flashcard:
    header = list(block.header)
    values = tuple(
        (header[column] if column < len(header) else "", cell.strip())
        for column, cell in enumerate(row.cells[1:], start=1)
        if states_something(cell)
    )
    labels = [label for label, _ in values if label]
    return Flashcard(
        key=f"row-{row.pk}",
        lesson=lesson,
        front_label=header[0],
        front=row.cells[0].strip(),
        ask=gettext("Recall its %(labels)s.")
        % {"labels": join_words([label.lower() for label in labels])}
        if labels
        else gettext("What goes with it?"),
        back=values,
        source_url=f"{lesson.get_absolute_url()}#{row.anchor}",
        source_label=gettext("%(what)s in “%(where)s”")
        % {"what": row_name(row.cells[0]), "where": block.caption},
        row=row,
    )


def join_words(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def deck_of(lesson: Lesson) -> list[Flashcard]:
    """The lesson's cards in reading order; its blocks come prefetched with terms and rows."""
    cards = []
    for block in lesson.blocks.all():
        if block.kind == Block.Kind.TERM_LIST:
            cards += [
                term_card(lesson, term)
                for term in block.terms.all()
                if term_makes_a_card(term.term, term.description)
            ]
        elif block.kind == Block.Kind.TABLE and block.shape == Block.Shape.KEY_VALUE:
            cards += [
                row_card(lesson, block, row)
                for row in block.rows.all()
                if row_makes_a_card(row.cells, block.header)
            ]
    return cards


def deck_lessons():
    """Lessons with their blocks, terms and rows, ready for ``deck_of``."""
    return Lesson.objects.select_related("briefing").prefetch_related(
        "blocks__terms", "blocks__rows"
    )


def flashcard_of(card: ReviewCard) -> Flashcard | None:
    """A learner's card as a flashcard (its term or row with block, lesson and briefing)."""
    if card.term_id:
        return term_card(card.lesson, card.term)
    if card.row_id:
        return row_card(card.lesson, card.row.block, card.row)
    return None


FLASHCARD_RELATED = ("lesson__briefing", "term__block", "row__block")


def deck_sizes(lessons: list[Lesson]) -> dict[int, int]:
    """Lesson id → the number of cards in its deck: two queries for any number of lessons."""
    sizes: Counter[int] = Counter()
    terms = Term.objects.filter(block__lesson__in=lessons, block__kind=Block.Kind.TERM_LIST)
    for lesson_id, term, description in terms.values_list(
        "block__lesson_id", "term", "description"
    ):
        sizes[lesson_id] += term_makes_a_card(term, description)
    rows = TableRow.objects.filter(
        block__lesson__in=lessons, block__kind=Block.Kind.TABLE, block__shape=Block.Shape.KEY_VALUE
    )
    for lesson_id, cells, header in rows.values_list("block__lesson_id", "cells", "block__header"):
        sizes[lesson_id] += row_makes_a_card(cells, header)
    return {lesson_id: size for lesson_id, size in sizes.items() if size}


def parse_key(key: str | None) -> tuple[str, int] | None:
    """``"term-12"`` → ``("term", 12)``; None for anything else."""
    kind, _, number = (key or "").partition("-")
    if kind in ("term", "row") and number.isdecimal() and len(number) < 19:
        return kind, int(number)
    return None


@dataclass(frozen=True)
class RatingChoice:
    value: int
    name: str  # "again", "hard", "good", "easy": the button's class
    label: str  # the same, in the interface language
    when: str  # the next interval this rating would give ("10 min", "3 days")


def rating_choices(state: dict | None, now: datetime) -> list[RatingChoice]:
    """The four ratings, each with the interval it would schedule (without fuzz)."""
    card = Card.from_dict(state) if state else Card(due=now)
    return [
        RatingChoice(
            int(rating),
            rating.name.lower(),
            str(RATING_LABELS[rating]),
            describe_interval(preview_scheduler.review_card(card, rating, now)[0].due - now),
        )
        for rating in RATINGS
    ]


def describe_interval(interval: timedelta) -> str:
    minutes = round(interval.total_seconds() / 60)
    if minutes < 60:
        return gettext("%(count)d min") % {"count": max(minutes, 1)}
    if minutes < 24 * 60:
        return gettext("%(count)d h") % {"count": round(minutes / 60)}
    days = round(minutes / (24 * 60))
    if days < 31:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if days < 365:
        return gettext("%(count)d mo") % {"count": round(days / 30)}
    years = round(days / 365, 1)
    return gettext("%(count)s yr") % {"count": formats.number_format(f"{years:g}")}


@transaction.atomic
def rate_flashcard(*, learner, flashcard: Flashcard, rating: Rating, reviews: int) -> ReviewLog:
    """Rate a flashcard: its card is created (due now) at its first rating, then rescheduled
    with FSRS and the review logged.

    ``reviews`` is the card's review count when it was shown; checked under the
    row lock, so a double post logs one review (``StaleReview``).
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            ReviewCard.objects.get_or_create(
                learner=learner,
                **flashcard.lookup,
                defaults={"lesson": flashcard.lesson, "state": Card(due=now).to_dict(), "due": now},
            )
    except IntegrityError:
        pass  # created by a simultaneous post: locked and checked below
    card = ReviewCard.objects.select_for_update().get(learner=learner, **flashcard.lookup)
    if card.logs.count() != reviews:
        raise StaleReview
    return apply_rating(card, rating, now=now)


@dataclass(frozen=True)
class DeckCard:
    flashcard: Flashcard
    reviews: int  # the learner's reviews of it so far
    state: dict | None  # its fsrs state, None when never studied


class DeckSession:
    """One sitting at a deck: its due cards, then its new ones, each shown once."""

    def __init__(
        self, learner, lesson: Lesson, cards: list[Flashcard], *, started: datetime, now=None
    ):
        self.learner = learner
        self.lesson = lesson
        self.started = started
        self.now = now or timezone.now()
        here = ReviewLog.objects.filter(card=OuterRef("pk"), reviewed_at__gte=started)
        mine = {
            (f"term-{row['term']}" if row["term"] else f"row-{row['row']}"): row
            for row in ReviewCard.objects.filter(learner=learner, lesson=lesson)
            .filter(Q(term__isnull=False) | Q(row__isnull=False))
            .annotate(reviews=Count("logs"), here=Exists(here))
            .values("term", "row", "state", "due", "reviews", "here")
        }
        self.done = sum(1 for card in cards if mine.get(card.key, {}).get("here"))
        due: list[DeckCard] = []
        new: list[DeckCard] = []
        self.fresh = 0  # what a new session would show now: due cards and new ones
        for flashcard in cards:
            row = mine.get(flashcard.key)
            if row is None:
                new.append(DeckCard(flashcard, 0, None))
            elif card_is_due(row["state"], row["due"], self.now):
                if not row["here"]:
                    due.append(DeckCard(flashcard, row["reviews"], row["state"]))
            else:
                continue
            self.fresh += 1
        self.due_count, self.new_count = len(due), len(new)
        self.queue = due + new
        self.size = len(cards)

    @property
    def token(self) -> str:
        return session_token(self.started)

    def progress(self) -> SessionProgress:
        return SessionProgress(done=self.done, left=len(self.queue))

    def find(self, key: str | None) -> DeckCard | None:
        return next((card for card in self.queue if card.flashcard.key == key), None)

    def summary(self) -> SessionSummary:
        """What the learner remembered in this session, and when the deck's next card is due."""
        tally: Counter[str] = Counter()
        for rating, count in (
            ReviewLog.objects.filter(
                card__learner=self.learner, card__lesson=self.lesson, reviewed_at__gte=self.started
            )
            .values_list("rating")
            .annotate(count=Count("pk"))
            .order_by()
        ):
            tally[verdict_of(rating, flashcard=True)] += count
        upcoming = (
            visible_cards(self.learner)
            .filter(lesson=self.lesson)
            .order_by("due")
            .values_list("due", flat=True)
            .first()
        )
        return SessionSummary(
            tally["right"],
            tally["partly"],
            tally["wrong"],
            upcoming,
            self.fresh,
            describe_due(upcoming, now=self.now) if upcoming else "",
        )
