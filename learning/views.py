"""Taking quizzes, results and progress. Thin views: parse, call one function, render.

The review and the flashcard decks are in ``learning.review_views``.

Every attempt, card and progress row is looked up with ``learner=request.user``,
so another learner's URL is a 404, never a page.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import BooleanField, Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url, reswap, retarget

from briefing.content_cache import cached_object, render_with_token_stand_in, with_csrf_token
from briefing.models import Briefing, Lesson
from config.compiled import for_staff_and_others
from learning.access import practice_closed_by
from learning.activity import learner_part
from learning.attempts import (
    AttemptError,
    expire_if_due,
    save_response,
    set_flag,
    start_attempt,
    start_retry,
    submit_attempt,
)
from learning.dashboard import (
    LEGEND,
    briefing_progress,
    continue_with,
    shown_versions,
    today_for,
)
from learning.http import HtmxHttpRequest
from learning.models import Attempt, AttemptQuestion, Response
from learning.progress import mark_read
from learning.review import due_summary, visible_cards
from learning.scoring import (
    InvalidAnswer,
    MalformedAnswer,
    feedback,
    form_view,
    parse_answer,
    placed_count,
    refuse_malformed_post,
)
from learning.templatetags.learner import lesson_actions_context
from quizzes.models import Question, Quiz


def visible_quizzes(request: HtmxHttpRequest):
    return Quiz.objects.filter(
        briefing__in=Briefing.objects.visible_to(request.user)
    ).select_related("briefing", "lesson")


ATTEMPT_FIELDS = [field.attname for field in Attempt._meta.concrete_fields]


def own_attempt_query(pk: int, learner: int, *, staff: bool):
    """The learner's attempt, in a briefing they may see, with the versions of its quiz."""
    attempts = Attempt.objects.filter(pk=pk, learner=learner)
    if not staff:
        attempts = attempts.filter(quiz__briefing__in=Briefing.objects.published())
    return attempts.values_list(*ATTEMPT_FIELDS, *QUIZ_VERSIONS).order_by()


QUIZ_VERSIONS = (
    "quiz__version",
    "quiz__briefing__content_version",
    "quiz__lesson__content_version",
)


# Read on every attempt page and answer: compiled once.
OWN_ATTEMPT = for_staff_and_others(own_attempt_query, pk=-7_654_321_004, learner=-7_654_321_005)


def own_attempt(request: HtmxHttpRequest, pk: int) -> Attempt:
    """The signed-in learner's attempt, or a 404; its quiz, with the briefing and lesson,
    comes from the cache under their versions, read with the attempt."""
    rows = OWN_ATTEMPT[request.user.is_staff].converted_rows(pk=pk, learner=request.user.pk)
    if not rows:
        raise Http404("No such attempt.")
    return attempt_from_row(request, rows[0])


def attempt_from_row(request: HtmxHttpRequest, row: list) -> Attempt:
    """The attempt from its fields and its quiz's versions, as ``own_attempt_query`` reads
    them at the start of ``row``; its quiz from the cache under those versions."""
    fields = row[: len(ATTEMPT_FIELDS)]
    versions = row[len(ATTEMPT_FIELDS) : len(ATTEMPT_FIELDS) + len(QUIZ_VERSIONS)]
    attempt = Attempt.from_db(connection.alias, ATTEMPT_FIELDS, fields)
    attempt.quiz = cached_object(
        ("quiz", attempt.quiz_id, *versions),
        lambda: (
            Quiz.objects.select_related("briefing", "lesson")
            # The briefing's import reports are never shown here: not kept with the quiz.
            .defer("briefing__cleaning_report", "briefing__generation_report")
            .get(pk=attempt.quiz_id)
        ),
    )
    attempt.learner = request.user  # known: not read again for a review card or a link
    return attempt


def question_context(
    attempt_question: AttemptQuestion,
    *,
    reveal: bool,
    error: str = "",
    given: object = None,
    total: int | None = None,
) -> dict:
    """What a question's partial may see: the public snapshot, plus feedback once it is due.

    ``given`` is a refused answer to show back in the form instead of the saved one.
    The source link says which question it came from (``?from=``), so the lesson
    page can lead back to it.
    """
    response = getattr(attempt_question, "response", None)
    saved = response.answer if response else None
    shown = feedback(attempt_question.snapshot, saved) if reveal else None
    source = shown["source"] if shown else None
    return {
        "item": attempt_question,
        "number": attempt_question.position + 1,
        "total": total,
        "question": form_view(attempt_question.snapshot, saved if given is None else given),
        "response": response,
        "feedback": shown,
        "source_href": source_with_return(source["url"], attempt_question) if source else "",
        "error": error,
    }


def source_with_return(url: str, attempt_question: AttemptQuestion) -> str:
    path, _, anchor = url.partition("#")
    return f"{path}?{urlencode({'from': attempt_question.pk})}" + (f"#{anchor}" if anchor else "")


def is_locked(attempt_question: AttemptQuestion) -> bool:
    """Practice feedback has been shown for this question."""
    response = getattr(attempt_question, "response", None)
    return response is not None and response.locked


def is_answered(attempt_question: AttemptQuestion) -> bool:
    """Answered in full: a match with some items placed is not answered yet."""
    response = getattr(attempt_question, "response", None)
    return response is not None and response.complete


def attempt_questions(attempt: Attempt, *related: str) -> list[AttemptQuestion]:
    return list(attempt.questions.select_related("response", *related))


def own_attempt_and_question(
    request: HtmxHttpRequest, pk: int, position: int
) -> tuple[Attempt, AttemptQuestion]:
    """The learner's attempt (as ``own_attempt`` finds it) and its question at ``position``
    with its response, or a 404; with how many questions the attempt holds (``total``)
    and how many are answered (``answered``). One query: no other question is read."""
    rows = ANSWERING[request.user.is_staff].converted_rows(
        pk=pk, learner=request.user.pk, position=position
    )
    if not rows:
        raise Http404("No such question in this attempt.")
    row = rows[0]
    attempt = attempt_from_row(request, row)
    start = len(ATTEMPT_FIELDS) + len(QUIZ_VERSIONS)
    fields = row[start : start + len(QUESTION_FIELDS)]
    stored = row[start + len(QUESTION_FIELDS) : -2]
    found = AttemptQuestion.from_db(connection.alias, QUESTION_FIELDS, fields)
    found.attempt = attempt
    response = None
    if stored[0] is not None:
        response = Response.from_db(connection.alias, RESPONSE_FIELDS, stored)
        response.attempt_question = found
    AttemptQuestion.response.related.set_cached_value(found, response)
    found.total, found.answered = row[-2:]
    return attempt, found


def answering_query(pk: int, learner: int, position: int, *, staff: bool):
    """``own_attempt_query`` read through the attempt's question at ``position``, with its
    response and the attempt's counts."""
    answering = AttemptQuestion.objects.filter(
        attempt=pk, attempt__learner=learner, position=position
    )
    if not staff:
        answering = answering.filter(attempt__quiz__briefing__in=Briefing.objects.published())
    questions = AttemptQuestion.objects.filter(attempt=OuterRef("attempt")).order_by()
    # Each question's response looked up by its own (unique) index: a join would let the
    # planner hash every response in the table to count this attempt's thirty.
    complete = (
        Response.objects.filter(attempt_question=OuterRef("pk")).order_by().values("complete")
    )
    return (
        answering.annotate(
            total=count_of(questions),
            answered=Coalesce(
                count_of(questions.filter(Subquery(complete, output_field=BooleanField()))), 0
            ),
        )
        .values_list(
            *(f"attempt__{name}" for name in ATTEMPT_FIELDS),
            *(f"attempt__{name}" for name in QUIZ_VERSIONS),
            *QUESTION_FIELDS,
            *(f"response__{name}" for name in RESPONSE_FIELDS),
            "total",
            "answered",
        )
        .order_by()
    )


def count_of(rows) -> Subquery:
    return Subquery(rows.values("attempt").annotate(rows=Count("pk")).values("rows"))


QUESTION_FIELDS = [field.attname for field in AttemptQuestion._meta.concrete_fields]
RESPONSE_FIELDS = [field.attname for field in Response._meta.concrete_fields]
# Read on every answer: compiled once.
ANSWERING = for_staff_and_others(
    answering_query, pk=-7_654_321_006, learner=-7_654_321_007, position=32_123
)


def progress_context(questions: list[AttemptQuestion]) -> dict:
    return {"answered": sum(map(is_answered, questions)), "total": len(questions)}


# Each state of a strip cell: its mark, and what a screen reader says instead.
CELL_STATES = {
    "right": ("✔", gettext_lazy("right")),
    "wrong": ("✘", gettext_lazy("not right")),
    "partly": ("◐", gettext_lazy("partly right")),
    "answered": ("●", gettext_lazy("answered")),
    "unanswered": ("○", gettext_lazy("not answered")),
}


def strip_cells(questions: list[AttemptQuestion], *, practice: bool, current: int | None):
    """The number strip: each question's number, state and flag, the current one marked."""
    cells = []
    for attempt_question in questions:
        response = getattr(attempt_question, "response", None)
        if practice and response is not None and response.locked:
            state = "right" if response.correct else "partly" if response.score > 0 else "wrong"
        elif is_answered(attempt_question):
            state = "answered"
        else:
            state = "unanswered"
        cells.append(
            {
                "position": attempt_question.position,
                "number": attempt_question.position + 1,
                "state": state,
                "mark": CELL_STATES[state][0],
                "label": CELL_STATES[state][1],
                "flagged": attempt_question.flagged,
                "current": attempt_question.position == current,
            }
        )
    return cells


def missing_answers(questions: list[AttemptQuestion]) -> list[dict]:
    """The questions not answered in full, each with what is missing, for the confirm page."""
    missing = []
    for attempt_question in questions:
        if is_answered(attempt_question):
            continue
        response = getattr(attempt_question, "response", None)
        placed, items = placed_count(
            attempt_question.snapshot, response.answer if response else None
        )
        missing.append({"number": attempt_question.position + 1, "placed": placed, "items": items})
    return missing


def questions_per_attempt(quiz: Quiz) -> int:
    """How many questions an attempt will show: the draw, or fewer when the pool is smaller."""
    pool = (
        Question.objects.active().filter(
            briefing=quiz.briefing_id, quiz__lesson__isnull=False, quiz__lesson__archived=False
        )
        if quiz.is_final_exam
        else quiz.questions.active()
    ).count()
    return min(pool, quiz.draw) if quiz.draw else pool


def exam_first(request: HtmxHttpRequest, exam: Attempt, *, page: str = "") -> HttpResponse:
    """Practice refused while an exam is open (``learning.access``): a 403 page saying so,
    with the way back to the exam. htmx does not swap a 403, so an htmx request is sent
    to ``page``, which shows it whole."""
    if request.htmx and page:
        return HttpResponseClientRedirect(page)
    return render(request, "learning/exam_first.html", {"exam": exam}, status=403)


@login_required
@require_GET
def quiz_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    quiz = get_object_or_404(visible_quizzes(request), pk=pk)
    attempts = list(Attempt.objects.counted().filter(learner=request.user, quiz=quiz))
    return render(
        request,
        "learning/quiz_detail.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "open_attempt": next((a for a in attempts if a.submitted_at is None), None),
            "question_count": questions_per_attempt(quiz),
            "exam": practice_closed_by(
                learner=request.user, quiz=quiz, practice=quiz.mode == Quiz.Mode.PRACTICE
            ),
        },
    )


@login_required
@require_POST
def start(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    quiz = get_object_or_404(visible_quizzes(request), pk=pk)
    practice = quiz.mode == Quiz.Mode.PRACTICE
    if exam := practice_closed_by(learner=request.user, quiz=quiz, practice=practice):
        return exam_first(request, exam)
    try:
        attempt = start_attempt(learner=request.user, quiz=quiz)
    except AttemptError as error:
        messages.error(request, str(error))
        return redirect(quiz)
    return redirect("learning:attempt", pk=attempt.pk)


@login_required
@require_POST
def retry(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Practise the questions a submitted attempt missed."""
    attempt = own_attempt(request, pk)
    if exam := practice_closed_by(learner=request.user, quiz=attempt.quiz, practice=True):
        return exam_first(request, exam)
    try:
        practice = start_retry(attempt=attempt)
    except AttemptError as error:
        messages.error(request, str(error))
        return redirect("learning:result", pk=pk)
    return redirect("learning:attempt", pk=practice.pk)


def attempt_url(attempt: Attempt, *, position: int | None = None, show_all: bool = False) -> str:
    """The attempt page at one question (``?q=`` counts from 1), or with every question."""
    url = reverse("learning:attempt", args=[attempt.pk])
    if show_all:
        url += "?show=all"
    elif position is not None:
        url += f"?q={position + 1}"
    return url + (f"#question-{position}" if show_all and position is not None else "")


def requested_position(request: HtmxHttpRequest, questions: list[AttemptQuestion]) -> int:
    """The question asked for with ``?q=N`` (404 out of range), else the first not answered."""
    asked = request.GET.get("q")
    if asked is None:
        return next((q.position for q in questions if not is_answered(q)), 0)
    if not asked.isdecimal() or not 1 <= int(asked) <= len(questions):
        raise Http404("No such question in this attempt.")
    return int(asked) - 1


def stage_context(
    attempt: Attempt, questions: list[AttemptQuestion], position: int, *, practice: bool
) -> dict:
    """The one question shown, with the number strip and the previous and next numbers."""
    current = questions[position]
    return {
        "entry": question_context(
            current, reveal=practice and is_locked(current), total=len(questions)
        ),
        "strip": strip_cells(questions, practice=practice, current=position),
        "attempt_url": reverse("learning:attempt", args=[attempt.pk]),
    } | neighbours(position, len(questions))


def neighbours(position: int, count: int) -> dict:
    """The question on screen and the ones before and after it (None at either end)."""
    return {
        "current_position": position,
        "previous": position - 1 if position > 0 else None,
        "next": position + 1 if position + 1 < count else None,
    }


def is_fragment_request(request: HtmxHttpRequest) -> bool:
    """An htmx swap (not a history restore, which needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


@login_required
@require_GET
@vary_on_headers("HX-Request")
def attempt_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One question at a time (``?q=N``), or every question with ``?show=all``."""
    attempt = own_attempt(request, pk)
    if expire_if_due(attempt):
        messages.warning(
            request, gettext("Time is up: your attempt was submitted with the answers saved.")
        )
        return redirect("learning:result", pk=pk)
    if attempt.submitted_at is not None:
        return redirect("learning:result", pk=pk)
    practice = attempt.is_practice
    if exam := practice_closed_by(learner=request.user, quiz=attempt.quiz, practice=practice):
        return exam_first(request, exam, page=request.get_full_path())
    if request.GET.get("show") != "all":
        return attempt_page(request, attempt, practice=practice)
    questions = attempt_questions(attempt)
    context = {"attempt": attempt, "practice": practice} | progress_context(questions)
    items = [
        question_context(q, reveal=practice and is_locked(q), total=len(questions))
        for q in questions
    ]
    strip = strip_cells(questions, practice=practice, current=None)
    return render(
        request,
        "learning/attempt.html",
        context | {"show_all": True, "items": items, "strip": strip},
    )


def attempt_page(request: HtmxHttpRequest, attempt: Attempt, *, practice: bool) -> HttpResponse:
    """One question, from the cache until the learner's activity changes it or the time
    limit ends (``learner_part``); an htmx swap gets the stage alone."""
    fragment = is_fragment_request(request)
    shown = learner_part(
        request,
        "attempt-stage",
        (attempt.pk, request.GET.get("q"), fragment),
        lambda: attempt_stage(request, attempt, practice=practice, fragment=fragment),
        "learning/attempt.html",
    )
    stage = with_csrf_token(shown["stage"], request)
    if fragment:
        return HttpResponse(stage)
    context = {
        "attempt": attempt,
        "practice": practice,
        "stage": stage,
        "attempt_url": reverse("learning:attempt", args=[attempt.pk]),
    }
    return render(request, "learning/attempt.html", context | shown["progress"])


def attempt_stage(request: HtmxHttpRequest, attempt: Attempt, *, practice: bool, fragment: bool):
    """The stage's HTML (with a stand-in CSRF token) and the progress, and when they stop
    being right: at the attempt's time limit, if it has one."""
    questions = attempt_questions(attempt)
    position = requested_position(request, questions)
    progress = progress_context(questions)
    context = (
        {"attempt": attempt, "practice": practice}
        | progress
        | stage_context(attempt, questions, position, practice=practice)
    )
    if fragment:
        context["autofocus"] = "question"
    stage = render_with_token_stand_in("learning/attempt.html#stage", context, request)
    return {"stage": stage, "progress": progress}, attempt.expires_at


def has_answer(posted: QueryDict) -> bool:
    """Whether the form holds any answer at all (moving on from an empty question saves nothing)."""
    return any(
        value.strip()
        for name, value in posted.items()
        if name in ("choice", "text") or name.startswith("item-")
    )


def parse_go(value: str | None, total: int) -> int | str | None:
    """Where a navigation button leads: a position, ``"finish"``, or None (stay)."""
    if value is None or value == "":
        return None
    if value == "finish":
        return value
    if not value.isdecimal():
        raise MalformedAnswer(gettext("“go” is a question number or “finish”."))
    if int(value) < total:
        return int(value)
    raise Http404("No such question in this attempt.")


def bad_request(request: HtmxHttpRequest, message: str) -> HttpResponse:
    """A post no page of the app sends: 400, saying what was wrong, nothing stored."""
    return render(request, "400.html", {"message": message}, status=400)


@login_required
@require_POST
def answer(request: HtmxHttpRequest, pk: int, position: int) -> HttpResponse:
    """Save (exam) or check (practice) one answer; then stay, or move on (``go``) or flag.

    An exam's Previous, Next, number and Submit buttons belong to the question's
    form, so without JavaScript an answer is saved on the way to the next
    question; a practice answer is only ever checked by its Check button.
    """
    attempt, attempt_question = own_attempt_and_question(request, pk, position)
    practice = attempt.is_practice
    if exam := practice_closed_by(learner=request.user, quiz=attempt.quiz, practice=practice):
        return exam_first(request, exam, page=reverse("learning:attempt", args=[pk]))
    total = attempt_question.total
    try:
        refuse_malformed_post(attempt_question.snapshot, request.POST)
        go = parse_go(request.POST.get("go"), total)
    except MalformedAnswer as malformed:
        return bad_request(request, str(malformed))
    show_all = request.POST.get("show") == "all"
    flag = request.POST.get("flag")
    checking = go is None and flag is None
    error, given = "", None
    answered_before = is_answered(attempt_question)
    try:
        if checking or (not practice and has_answer(request.POST)):
            answer_value = parse_answer(
                attempt_question.snapshot, request.POST.get, complete=practice
            )
            save_response(attempt_question=attempt_question, answer=answer_value)
        if flag is not None and not practice:
            set_flag(attempt_question=attempt_question, flagged=flag == "on")
    except MalformedAnswer as malformed:
        return bad_request(request, str(malformed))
    except InvalidAnswer as invalid:
        error, given = str(invalid), invalid.given
    except AttemptError as refused:
        messages.error(request, str(refused))
        if request.htmx:
            return HttpResponseClientRedirect(reverse("learning:attempt", args=[pk]))
        return redirect("learning:attempt", pk=pk)
    if not error and go == "finish":
        return finish(request, attempt, attempt_questions(attempt))
    if not request.htmx:
        if error:
            messages.error(
                request,
                gettext("Question %(number)d: %(error)s")
                % {"number": position + 1, "error": error},
            )
        elif go is not None:
            return redirect(attempt_url(attempt, position=go))
        return redirect(
            attempt_url(attempt, position=position, show_all=show_all)
            + ("" if show_all else f"#question-{position}")
        )
    if not error and go is not None:
        questions = attempt_questions(attempt)
        context = {"attempt": attempt, "practice": practice} | progress_context(questions)
        context |= stage_context(attempt, questions, go, practice=practice)
        response = render(
            request, "learning/attempt.html#moved", context | {"autofocus": "question"}
        )
        response = retarget(reswap(response, "outerHTML"), "#stage")
        return push_url(response, attempt_url(attempt, position=go))
    # The answered count as read, moved by this answer alone: the other questions are
    # neither read nor changed here.
    answered = attempt_question.answered - answered_before + is_answered(attempt_question)
    context = question_context(
        attempt_question,
        reveal=practice and is_locked(attempt_question),
        error=error,
        given=given,
        total=total,
    )
    return render(
        request,
        "learning/attempt.html#answered",
        {
            "attempt": attempt,
            "practice": practice,
            "show_all": show_all,
            "cell": strip_cells(
                [attempt_question], practice=practice, current=None if show_all else position
            )[0],
            "attempt_url": reverse("learning:attempt", args=[attempt.pk]),
            "autofocus": "verdict" if context["feedback"] else "",
            **context,
        }
        | neighbours(position, total)
        | {"answered": answered, "total": total},
    )


def finish(request: HtmxHttpRequest, attempt: Attempt, questions: list[AttemptQuestion]):
    """Submit at once when every question is answered and none flagged; else ask first."""
    if missing_answers(questions) or any(q.flagged for q in questions):
        url = reverse("learning:submit", args=[attempt.pk])
    else:
        submit_attempt(attempt=attempt)
        url = reverse("learning:result", args=[attempt.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET: what is left to answer, with links to it. POST: submit (asking first if needed)."""
    attempt = own_attempt(request, pk)
    # An expired attempt is submitted as it is, without asking.
    if attempt.submitted_at is None and not expire_if_due(attempt):
        questions = attempt_questions(attempt)
        missing = missing_answers(questions)
        if request.method == "GET" or (missing and request.POST.get("confirm") != "yes"):
            return render(
                request,
                "learning/confirm_submit.html",
                {
                    "attempt": attempt,
                    "practice": attempt.is_practice,
                    "missing": missing,
                    "unanswered": len(missing),
                    "flagged": [q.position + 1 for q in questions if q.flagged],
                    "total": len(questions),
                    "attempt_url": reverse("learning:attempt", args=[attempt.pk]),
                },
            )
        submit_attempt(attempt=attempt)
    return redirect("learning:result", pk=pk)


@login_required
@require_GET
def result(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    attempt = own_attempt(request, pk)
    if expire_if_due(attempt):
        attempt.refresh_from_db(fields=["submitted_at", "score", "passed"])
    if attempt.submitted_at is None:
        return redirect("learning:attempt", pk=pk)
    questions = attempt_questions(attempt, "question__quiz__lesson__briefing")
    only_wrong = request.GET.get("only") == "wrong"
    missed = [q for q in questions if not (is_answered(q) and q.response.correct)]
    shown = missed if only_wrong else questions
    return render(
        request,
        "learning/result.html",
        {
            "attempt": attempt,
            "items": [question_context(q, reveal=True, total=len(questions)) for q in shown],
            "total": len(questions),
            "right": len(questions) - len(missed),
            "missed": len(missed),
            "only_wrong": only_wrong,
        }
        | result_next_steps(request.user, attempt, questions, missed),
    )


def result_next_steps(
    learner, attempt: Attempt, questions: list[AttemptQuestion], missed: list[AttemptQuestion]
) -> dict:
    """Where a result leads: again, the missed questions, the next lesson, the review."""
    quiz = attempt.quiz
    lessons = lesson_breakdown(questions) if quiz.is_final_exam else []
    practisable = [q for q in missed if q.question.active]
    wrong = [q.question_id for q in missed if getattr(q, "response", None) is not None]
    attempts = Attempt.objects.filter(learner=learner, quiz=quiz).aggregate(
        used=Count("pk", filter=Q(retry_of__isnull=True)),
        open_retry=Max("pk", filter=Q(retry_of=attempt, submitted_at__isnull=True)),
    )
    next_lesson = (
        Lesson.objects.live()
        .select_related("briefing")
        .filter(briefing=quiz.briefing_id, position__gt=quiz.lesson.position)
        .order_by("position")
        .first()
        if quiz.lesson_id
        else None
    )
    return {
        "lessons": lessons,
        "practisable": len(practisable),
        "open_retry": attempts["open_retry"],
        "can_retake": quiz.attempts_allowed is None or attempts["used"] < quiz.attempts_allowed,
        "next_lesson": next_lesson,
        "review_cards": visible_cards(learner).filter(question_id__in=wrong).count()
        if wrong
        else 0,
    }


def lesson_breakdown(questions: list[AttemptQuestion]) -> list[dict]:
    """The exam's score per lesson, in lesson order: where to read again."""
    per_lesson: dict[int, dict] = {}
    for attempt_question in questions:
        lesson = attempt_question.question.quiz.lesson
        if lesson is None:
            continue
        row = per_lesson.setdefault(
            lesson.pk, {"lesson": lesson, "questions": 0, "right": 0, "score": 0.0}
        )
        response = getattr(attempt_question, "response", None)
        row["questions"] += 1
        row["right"] += bool(response and response.correct)
        row["score"] += response.score if response else 0.0
    rows = sorted(per_lesson.values(), key=lambda row: row["lesson"].position)
    for row in rows:
        row["score"] /= row["questions"]
    return rows


@login_required
@require_POST
def mark_lesson_read(request: HtmxHttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(
        Lesson.objects.select_related("briefing").filter(
            briefing__in=Briefing.objects.visible_to(request.user)
        ),
        pk=lesson_id,
    )
    mark_read(learner=request.user, lesson=lesson)
    if request.htmx:
        # The lesson's actions swap in place, with the next step in focus.
        context = lesson_actions_context(request, lesson) | {"just_read": True}
        return render(request, "learning/lesson_actions.html", context)
    messages.success(request, gettext("“%(title)s” marked as read.") % {"title": lesson.title})
    return redirect(f"{lesson.get_absolute_url()}#lesson-actions")


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """The page's content comes from the cache until the learner, the briefings or the
    clock change it (``learner_part``)."""
    body = learner_part(
        request,
        "dashboard",
        shown_versions(request.user),
        lambda: dashboard_body(request),
        "learning/dashboard.html",
    )
    return render(request, "learning/dashboard.html", {"body": mark_safe(body)})


def dashboard_body(request: HtmxHttpRequest) -> tuple[str, datetime]:
    """The dashboard's content as HTML, and when the clock alone changes it."""
    briefings = (
        Briefing.objects.visible_to(request.user).defer("cleaning_report", "generation_report")
    ).prefetch_related(
        Prefetch(
            "lessons", queryset=Lesson.objects.live().order_by("position").select_related("quiz")
        )
    )
    rows = briefing_progress(request.user, list(briefings))
    due = due_summary(request.user)
    html = render_to_string(
        "learning/dashboard.html#body",
        {
            "briefings": rows,
            "due_count": due.now,
            "later_count": due.later,
            "today": today_for(request.user),
            "next": continue_with(rows, due.now),
            "legend": LEGEND,
        },
        request=request,
    )
    return html, due.changes_at
