"""Access rules: whether a learner may take a quiz's attempt now.

After Moodle's quiz access rules: each rule looks at the learner and the attempt
(or the quiz about to be started) and either lets it through or says why not.
Views ask the rules before they start, show or answer an attempt, and show the
refusal with a way on.

The one rule so far keeps an exam an exam: while a learner has an exam attempt
open, the practice of that briefing (its practice quizzes, and practices of the
questions an earlier attempt missed) is closed to them, since practice shows
the right answer of questions the exam may be asking.
"""

from __future__ import annotations

from learning.attempts import expire_if_due
from learning.models import Attempt
from quizzes.models import Quiz


def open_exam(*, learner, briefing_id: int) -> Attempt | None:
    """The learner's open exam attempt on the briefing (one query), or None.

    An exam whose time ran out is submitted on the way (as any request to it
    would), and then it no longer closes anything.
    """
    exam = (
        Attempt.objects.counted()
        .select_related("quiz")
        .filter(
            learner=learner,
            quiz__briefing_id=briefing_id,
            quiz__mode=Quiz.Mode.EXAM,
            submitted_at__isnull=True,
        )
        .order_by("started_at", "pk")
        .first()
    )
    if exam is None or expire_if_due(exam):
        return None
    return exam


def practice_closed_by(*, learner, quiz: Quiz, practice: bool) -> Attempt | None:
    """The open exam that closes this practice to the learner, or None when it may go on.

    ``practice`` tells whether the attempt (to be started, shown or answered) shows
    feedback after each answer: a practice quiz's attempt, or a practice of missed
    questions (of any quiz). An exam attempt is never closed by this rule.
    """
    if not practice:
        return None
    return open_exam(learner=learner, briefing_id=quiz.briefing_id)
