"""The review session and the flashcard decks. Thin views: parse, call one function, render.

Every card is looked up among the learner's own (``visible_cards``), and every
deck in a visible briefing's live lesson: another learner's card is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect
from fsrs import Rating

from briefing.models import Briefing, Lesson
from config.compiled import for_staff_and_others, prepared_queries
from learning.flashcards import (
    FLASHCARD_RELATED,
    DeckSession,
    Flashcard,
    deck_lessons,
    deck_of,
    flashcard_of,
    rate_flashcard,
    rating_choices,
)
from learning.http import HtmxHttpRequest
from learning.review import (
    ReviewSession,
    StaleReview,
    record_review,
    review_snapshot,
    session_start,
    visible_cards,
)
from learning.scoring import (
    InvalidAnswer,
    MalformedAnswer,
    feedback,
    form_view,
    parse_answer,
    refuse_malformed_post,
)

REVIEW_CARD_RELATED = (
    "question__quiz",
    "question__source_block__lesson__briefing",
    "question__source_row__block",
    "question__source_term__block",
    *FLASHCARD_RELATED,
)


def review_card_query(pk: int, learner: int, *, staff: bool):
    """The learner's card ``pk`` on a question they may see, with what its review shows."""
    visitor = get_user_model()(pk=learner, is_staff=staff)
    return (
        visible_cards(visitor)
        .filter(pk=pk, question__isnull=False)
        .select_related(*REVIEW_CARD_RELATED)
    )


# Read on every review answer, with a dozen tables joined: compiled once.
REVIEW_CARD = for_staff_and_others(review_card_query, pk=-7_654_321_008, learner=-7_654_321_009)

CHOOSE_A_RATING = gettext_lazy("Choose how well you remembered it: Again, Hard, Good or Easy.")


def review_session(request: HtmxHttpRequest, token: str | None) -> ReviewSession:
    """The session a link or form names, or a new one starting now."""
    now = timezone.now()
    return ReviewSession(request.user, started=session_start(token, now=now) or now, now=now)


def already_reviewed(request: HtmxHttpRequest, session: ReviewSession) -> HttpResponse:
    messages.info(request, gettext("That card was already reviewed; here is the next one."))
    url = f"{reverse('learning:review')}?session={session.token}"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def review_page(request: HtmxHttpRequest, context: dict) -> HttpResponse:
    """The whole page, or (htmx) the card with the session's progress out of band."""
    template = "learning/review.html#step" if request.htmx else "learning/review.html"
    return render(request, template, context)


@login_required
@require_GET
@prepared_queries()
def review(request: HtmxHttpRequest) -> HttpResponse:
    """The session's next card, or its summary once every card has been shown."""
    session = review_session(request, request.GET.get("session"))
    return next_review(request, session, show=request.GET.get("show"))


def next_review(request: HtmxHttpRequest, session: ReviewSession, *, show: str | None = None):
    """The session's next card (a flashcard's back when ``show`` names it), or its summary."""
    card = session.queue().select_related(*REVIEW_CARD_RELATED).first()
    progress = session.progress()
    context = {"session": session, "progress": progress, "position": progress.position}
    if card is None:
        context["summary"] = session.summary()
        return review_page(request, context)
    reviews = card.logs.count()
    context |= {"card": card, "reviews": reviews}
    if card.is_flashcard:
        url = f"{reverse('learning:review')}?session={session.token}"
        context |= flashcard_context(
            flashcard_of(card),
            state=card.state,
            flipped=show == str(card.pk),
            show_url=f"{url}&show={card.pk}",
            rate_url=reverse("learning:review_rate", args=[card.pk]),
            now=session.now,
        )
    else:
        context["question"] = form_view(review_snapshot(card, reviews=reviews))
    return review_page(request, context)


@login_required
@require_POST
@prepared_queries()
def review_answer(request: HtmxHttpRequest, card_id: int) -> HttpResponse:
    cards = REVIEW_CARD[request.user.is_staff].instances(pk=card_id, learner=request.user.pk)
    if not cards:
        raise Http404("No such card.")
    card = cards[0]
    session = review_session(request, request.POST.get("session"))
    reviews = card.logs.count()
    if request.POST.get("reviews") != str(reviews):
        return already_reviewed(request, session)
    snapshot = review_snapshot(card, reviews=reviews)
    try:
        refuse_malformed_post(snapshot, request.POST)
        answer_value = parse_answer(snapshot, request.POST.get, complete=True)
    except MalformedAnswer as malformed:
        return render(request, "400.html", {"message": str(malformed)}, status=400)
    except InvalidAnswer as invalid:
        if request.htmx:
            # Swap the card back in with the error, not a redirect to a whole page inside it.
            progress = session.progress()
            return render(
                request,
                "learning/review.html#card",
                {
                    "card": card,
                    "reviews": reviews,
                    "question": form_view(snapshot, invalid.given),
                    "error": str(invalid),
                    "session": session,
                    "progress": progress,
                    "position": progress.position,
                },
            )
        messages.error(request, str(invalid))
        return redirect(f"{reverse('learning:review')}?session={session.token}")
    try:
        result_score, _ = record_review(
            card=card, snapshot=snapshot, answer=answer_value, reviews=reviews
        )
    except StaleReview:
        return already_reviewed(request, session)
    progress = session.progress()
    context = {
        "card": card,
        "question": form_view(snapshot),
        "feedback": feedback(snapshot, answer_value),
        "response": {"correct": result_score.correct, "score": result_score.value},
        "session": session,
        "progress": progress,
        "position": progress.done,
    }
    return review_page(request, context)


def flashcard_context(
    flashcard: Flashcard, *, state: dict | None, flipped: bool, show_url: str, rate_url: str, now
) -> dict:
    """What the flashcard partial shows: the front, and the back only once it is flipped."""
    context = {"flashcard": flashcard, "flipped": flipped, "is_new": state is None}
    if flipped:
        context |= {"rate_url": rate_url, "ratings": rating_choices(state, now)}
    else:
        context["show_url"] = show_url
    return context


def posted_rating(request: HtmxHttpRequest) -> Rating | None:
    value = request.POST.get("rating", "")
    return Rating(int(value)) if value in ("1", "2", "3", "4") else None


def posted_reviews(request: HtmxHttpRequest) -> int:
    value = request.POST.get("reviews", "")
    return int(value) if value.isdecimal() and len(value) < 10 else -1


@login_required
@require_POST
def review_rate(request: HtmxHttpRequest, card_id: int) -> HttpResponse:
    """A due flashcard of the review, rated by the learner; then the session's next card."""
    card = get_object_or_404(
        visible_cards(request.user)
        .filter(question__isnull=True)
        .select_related(*FLASHCARD_RELATED),
        pk=card_id,
    )
    session = review_session(request, request.POST.get("session"))
    url = f"{reverse('learning:review')}?session={session.token}"
    rating = posted_rating(request)
    if rating is None:
        messages.error(request, CHOOSE_A_RATING)
        back = f"{url}&show={card.pk}"
        return HttpResponseClientRedirect(back) if request.htmx else redirect(back)
    try:
        rate_flashcard(
            learner=request.user,
            flashcard=flashcard_of(card),
            rating=rating,
            reviews=posted_reviews(request),
        )
    except StaleReview:
        return already_reviewed(request, session)
    if not request.htmx:
        return redirect(url)
    return next_review(request, session)


# Flashcard decks


def deck_with_cards(request: HtmxHttpRequest, lesson_id: int) -> tuple[Lesson, list[Flashcard]]:
    """A live lesson of a visible briefing and its deck; 404 when it has no flashcards."""
    lesson = get_object_or_404(
        deck_lessons().filter(
            archived=False, briefing__in=Briefing.objects.visible_to(request.user)
        ),
        pk=lesson_id,
    )
    cards = deck_of(lesson)
    if not cards:
        raise Http404("This lesson has no flashcards.")
    return lesson, cards


def deck_session(request: HtmxHttpRequest, lesson, cards, token: str | None) -> DeckSession:
    now = timezone.now()
    started = session_start(token, now=now) or now
    return DeckSession(request.user, lesson, cards, started=started, now=now)


def deck_page(request: HtmxHttpRequest, session: DeckSession, *, show: str | None = None):
    """The deck's next card (its back when ``show`` names it), or the session's summary."""
    progress = session.progress()
    context = {
        "lesson": session.lesson,
        "deck": session,
        "session": session,
        "progress": progress,
        "position": progress.position,
    }
    current = session.find(show) or (session.queue[0] if session.queue else None)
    if current is None:
        context["summary"] = session.summary()
    else:
        url = f"{reverse('learning:deck', args=[session.lesson.pk])}?session={session.token}"
        context["reviews"] = current.reviews
        context |= flashcard_context(
            current.flashcard,
            state=current.state,
            flipped=show == current.flashcard.key,
            show_url=f"{url}&show={current.flashcard.key}",
            rate_url=reverse("learning:deck_rate", args=[session.lesson.pk]),
            now=session.now,
        )
    template = "learning/deck.html#step" if request.htmx else "learning/deck.html"
    return render(request, template, context)


@login_required
@require_GET
def deck(request: HtmxHttpRequest, lesson_id: int) -> HttpResponse:
    lesson, cards = deck_with_cards(request, lesson_id)
    session = deck_session(request, lesson, cards, request.GET.get("session"))
    return deck_page(request, session, show=request.GET.get("show"))


@login_required
@require_POST
def deck_rate(request: HtmxHttpRequest, lesson_id: int) -> HttpResponse:
    """Rate a card of the deck (creating the learner's card at its first rating)."""
    lesson, cards = deck_with_cards(request, lesson_id)
    key = request.POST.get("card")
    flashcard = next((card for card in cards if card.key == key), None)
    if flashcard is None:
        raise Http404("No such card in this deck.")
    session = deck_session(request, lesson, cards, request.POST.get("session"))
    url = f"{reverse('learning:deck', args=[lesson.pk])}?session={session.token}"
    rating = posted_rating(request)
    if rating is None:
        messages.error(request, CHOOSE_A_RATING)
        back = f"{url}&show={key}"
        return HttpResponseClientRedirect(back) if request.htmx else redirect(back)
    try:
        rate_flashcard(
            learner=request.user,
            flashcard=flashcard,
            rating=rating,
            reviews=posted_reviews(request),
        )
    except StaleReview:
        messages.info(request, gettext("That card was already rated; here is the next one."))
    if not request.htmx:
        return redirect(url)
    return deck_page(request, deck_session(request, lesson, cards, session.token))
