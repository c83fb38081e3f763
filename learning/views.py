"""Taking quizzes, results and progress. Thin views: parse, call one function, render.

The review and the flashcard decks are in ``learning.review_views``.

Every attempt, card and progress row is looked up with ``learner=request.user``,
so another learner's URL is a 404, never a page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from briefing.models import Briefing, Lesson
from learning.attempts import (
    AttemptError,
    expire_if_due,
    save_response,
    start_attempt,
    submit_attempt,
)
from learning.dashboard import LEGEND, briefing_progress, continue_with, today_for
from learning.http import HtmxHttpRequest
from learning.models import Attempt, AttemptQuestion
from learning.progress import mark_read
from learning.review import due_counts
from learning.scoring import InvalidAnswer, feedback, form_view, parse_answer
from quizzes.models import Question, Quiz


def visible_quizzes(request: HtmxHttpRequest):
    return Quiz.objects.filter(
        briefing__in=Briefing.objects.visible_to(request.user)
    ).select_related("briefing", "lesson")


def own_attempt(request: HtmxHttpRequest, pk: int) -> Attempt:
    return get_object_or_404(
        Attempt.objects.select_related("quiz__briefing", "quiz__lesson")
        # The briefing's import reports are never shown here: not read on every answer.
        .defer("quiz__briefing__cleaning_report", "quiz__briefing__generation_report")
        .filter(quiz__briefing__in=Briefing.objects.visible_to(request.user)),
        pk=pk,
        learner=request.user,
    )


def question_context(
    attempt_question: AttemptQuestion, *, reveal: bool, error: str = "", given: object = None
) -> dict:
    """What a question's partial may see: the public snapshot, plus feedback once it is due.

    ``given`` is a refused answer to show back in the form instead of the saved one.
    """
    response = getattr(attempt_question, "response", None)
    saved = response.answer if response else None
    return {
        "item": attempt_question,
        "question": form_view(attempt_question.snapshot, saved if given is None else given),
        "response": response,
        "feedback": feedback(attempt_question.snapshot, saved) if reveal else None,
        "error": error,
    }


def is_locked(attempt_question: AttemptQuestion) -> bool:
    """Practice feedback has been shown for this question."""
    response = getattr(attempt_question, "response", None)
    return response is not None and response.locked


def attempt_questions(attempt: Attempt) -> list[AttemptQuestion]:
    return list(attempt.questions.select_related("response"))


def progress_context(questions: list[AttemptQuestion]) -> dict:
    answered = sum(1 for question in questions if hasattr(question, "response"))
    return {"answered": answered, "total": len(questions)}


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


@login_required
@require_GET
def quiz_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    quiz = get_object_or_404(visible_quizzes(request), pk=pk)
    attempts = list(Attempt.objects.filter(learner=request.user, quiz=quiz))
    return render(
        request,
        "learning/quiz_detail.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "open_attempt": next((a for a in attempts if a.submitted_at is None), None),
            "question_count": questions_per_attempt(quiz),
        },
    )


@login_required
@require_POST
def start(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    quiz = get_object_or_404(visible_quizzes(request), pk=pk)
    try:
        attempt = start_attempt(learner=request.user, quiz=quiz)
    except AttemptError as error:
        messages.error(request, str(error))
        return redirect(quiz)
    return redirect("learning:attempt", pk=attempt.pk)


@login_required
@require_GET
def attempt_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    attempt = own_attempt(request, pk)
    if expire_if_due(attempt):
        messages.warning(request, "Time is up: your attempt was submitted with the answers saved.")
        return redirect("learning:result", pk=pk)
    if attempt.submitted_at is not None:
        return redirect("learning:result", pk=pk)
    questions = attempt_questions(attempt)
    practice = attempt.quiz.mode == Quiz.Mode.PRACTICE
    items = [question_context(q, reveal=practice and is_locked(q)) for q in questions]
    return render(
        request,
        "learning/attempt.html",
        {"attempt": attempt, "items": items, "practice": practice} | progress_context(questions),
    )


@login_required
@require_POST
def answer(request: HtmxHttpRequest, pk: int, position: int) -> HttpResponse:
    attempt = own_attempt(request, pk)
    attempt_question = get_object_or_404(
        AttemptQuestion.objects.select_related("response"), attempt=attempt, position=position
    )
    practice = attempt.quiz.mode == Quiz.Mode.PRACTICE
    error, given = "", None
    try:
        answer_value = parse_answer(attempt_question.snapshot, request.POST.get, complete=practice)
        save_response(attempt_question=attempt_question, answer=answer_value)
    except InvalidAnswer as invalid:
        error, given = str(invalid), invalid.given
    except AttemptError as refused:
        messages.error(request, str(refused))
        if request.htmx:
            return HttpResponseClientRedirect(reverse("learning:attempt", args=[pk]))
        return redirect("learning:attempt", pk=pk)
    if not request.htmx:
        if error:
            messages.error(request, f"Question {position + 1}: {error}")
        return redirect(f"{reverse('learning:attempt', args=[pk])}#question-{position}")
    attempt_question = AttemptQuestion.objects.select_related("response").get(
        pk=attempt_question.pk
    )
    questions = attempt_questions(attempt)
    context = question_context(
        attempt_question, reveal=practice and is_locked(attempt_question), error=error, given=given
    )
    return render(
        request,
        "learning/attempt.html#answered",
        {"attempt": attempt, "practice": practice, **context} | progress_context(questions),
    )


@login_required
@require_POST
def submit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    attempt = own_attempt(request, pk)
    # An expired attempt is submitted as it is, without asking.
    if attempt.submitted_at is None and not expire_if_due(attempt):
        questions = attempt_questions(attempt)
        unanswered = sum(1 for question in questions if not hasattr(question, "response"))
        if unanswered and request.POST.get("confirm") != "yes":
            return render(
                request,
                "learning/confirm_submit.html",
                {"attempt": attempt, "unanswered": unanswered},
            )
        submit_attempt(attempt=attempt)
    return redirect("learning:result", pk=pk)


@login_required
@require_GET
def result(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    attempt = own_attempt(request, pk)
    expire_if_due(attempt)
    attempt.refresh_from_db(fields=["submitted_at", "score", "passed"])
    if attempt.submitted_at is None:
        return redirect("learning:attempt", pk=pk)
    items = [question_context(q, reveal=True) for q in attempt_questions(attempt)]
    return render(request, "learning/result.html", {"attempt": attempt, "items": items})


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
    messages.success(request, f"“{lesson.title}” marked as read.")
    return redirect(lesson)


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    briefings = (
        Briefing.objects.visible_to(request.user).defer("cleaning_report", "generation_report")
    ).prefetch_related(
        Prefetch(
            "lessons", queryset=Lesson.objects.live().order_by("position").select_related("quiz")
        )
    )
    rows = briefing_progress(request.user, list(briefings))
    due_count, later_count = due_counts(request.user)
    return render(
        request,
        "learning/dashboard.html",
        {
            "briefings": rows,
            "due_count": due_count,
            "later_count": later_count,
            "today": today_for(request.user),
            "next": continue_with(rows, due_count),
            "legend": LEGEND,
        },
    )
