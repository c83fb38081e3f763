"""A small, hand-written learner history for the report tests.

``build_history()`` stores one briefing with two lesson quizzes and the attempts
whose statistics ``tests/unit/test_report_statistics.py`` works out by hand:

    quiz "Pillars" (A choice, B true/false, C match, D choice), first attempts:
    learner  A            B      C      D      total
    ann      Deterrence   True   2/2    right  4
    bob      Deterrence   False  1/2    right  2.5
    cat      Resilience   True   1/2    right  2.5
    dan      (no answer)  False  (none) right  1
    eve      Deterrence   False  2/2    right  3

    quiz "Agencies" (E true/false, F choice, H cloze):
    ann      E right, F wrong, H wrong
    bob      E wrong, F wrong (H not drawn)

plus attempts the statistics must leave out: ann's second attempt at "Pillars"
(all wrong), a staff member's (all right) and fay's unsubmitted one (all right).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from briefing.models import Briefing, Lesson
from learning.attempts import submit_attempt
from learning.models import Attempt, AttemptQuestion, Response
from learning.progress import mark_read
from learning.scoring import build_snapshot, score
from quizzes.models import Question, Quiz
from reports.permissions import INSTRUCTORS


def make_question(quiz: Quiz, position: int, kind: str, prompt: str, options, answer, **extra):
    return Question.objects.create(
        briefing=quiz.briefing,
        quiz=quiz,
        position=position,
        kind=kind,
        prompt=prompt,
        options=[{"text": text, "feedback": ""} for text in options],
        answer=answer,
        fingerprint=f"{quiz.pk}-{position}",
        **extra,
    )


def answer_for(snapshot: dict, given) -> object:
    """The form value for ``given``: an option text, a bool, a cloze text, or for a match
    or categorize question the number of items placed right (the rest placed wrong)."""
    kind = snapshot["kind"]
    if kind == "true_false":
        given = "True" if given else "False"
    if kind in ("choice", "true_false"):
        return next(o["token"] for o in snapshot["options"] if o["text"] == given)
    if kind in ("match", "categorize"):
        key = snapshot["key"]["correct"]
        tokens = [choice["token"] for choice in snapshot["choices"]]
        return {
            item["token"]: (
                key[item["token"]]
                if index < given
                else next(t for t in tokens if t != key[item["token"]])
            )
            for index, item in enumerate(snapshot["items"])
        }
    return given


def record_attempt(learner, quiz: Quiz, answers: dict, *, submit: bool = True) -> Attempt:
    """An attempt showing the questions of ``answers`` in order, each answered with its value
    (``None``: shown, not answered), then submitted as the learner would."""
    attempt = Attempt.objects.create(learner=learner, quiz=quiz)
    rng = random.Random(attempt.pk)
    for position, (question, given) in enumerate(answers.items()):
        snapshot = build_snapshot(question.as_data(), rng=rng)
        item = AttemptQuestion.objects.create(
            attempt=attempt, question=question, position=position, snapshot=snapshot
        )
        if given is not None:
            answer = answer_for(snapshot, given)
            result = score(snapshot, answer)
            Response.objects.create(
                attempt_question=item, answer=answer, score=result.value, correct=result.correct
            )
    return submit_attempt(attempt=attempt) if submit else attempt


@dataclass
class History:
    briefing: Briefing
    pillars: Quiz
    agencies: Quiz
    questions: dict[str, Question]
    learners: dict[str, object]
    staff: object
    instructor: object


def create_user(username: str, **extra):
    """Without a password (tests sign in with ``force_login``): hashing one takes a while."""
    return get_user_model().objects.create_user(username, f"{username}@example.com", None, **extra)


def build_history() -> History:
    briefing = Briefing.objects.create(title="Alliance Basics", slug="alliance")
    lessons = [
        Lesson.objects.create(briefing=briefing, position=n, title=title, slug=title.lower())
        for n, title in enumerate(["Pillars", "Agencies", "Glossary"])
    ]
    pillars = Quiz.objects.create(briefing=briefing, lesson=lessons[0], title="Pillars: practice")
    agencies = Quiz.objects.create(briefing=briefing, lesson=lessons[1], title="Agencies: practice")
    Quiz.objects.create(briefing=briefing, title="Alliance Basics: final exam", mode="exam")
    pillar_options = ["Deterrence", "Resilience", "Recovery"]
    questions = {
        "A": make_question(
            pillars,
            0,
            "choice",
            "Which pillar keeps adversaries from acting?",
            pillar_options,
            "Deterrence",
            lint_findings=[{"code": "cue-word", "message": "“acting” is only in the key."}],
            flagged=True,
        ),
        "B": make_question(
            pillars, 1, "true_false", "True or false: resilience means recovery.", [], True
        ),
        "C": make_question(
            pillars,
            2,
            "match",
            "Match each pillar to its lead agency.",
            [],
            {"Deterrence": "Ministry of Defence", "Resilience": "Civil Protection Office"},
        ),
        "D": make_question(
            pillars, 3, "choice", "Which pillar is about shocks?", pillar_options, "Resilience"
        ),
        "E": make_question(agencies, 0, "true_false", "True or false: Defence leads.", [], True),
        "F": make_question(
            agencies, 1, "choice", "Who leads resilience?", ["Civil Protection", "Army"], "Army"
        ),
        "H": make_question(
            agencies, 2, "cloze", "The ____ Office leads resilience.", [], ["Civil Protection"]
        ),
    }
    for question in questions.values():
        if question.kind == "true_false":
            question.options = [{"text": "True", "feedback": ""}, {"text": "False", "feedback": ""}]
            question.save(update_fields=["options"])
    learners = {name: create_user(name) for name in ["ann", "bob", "cat", "dan", "eve", "fay"]}
    staff = create_user("editor", is_staff=True)
    instructor = create_user("teacher")
    # get_or_create: a browser test on the same worker flushes the rows migrations made.
    instructor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS)[0])
    q = questions
    first_attempts = {
        "ann": ("Deterrence", True, 2, "Resilience"),
        "bob": ("Deterrence", False, 1, "Resilience"),
        "cat": ("Resilience", True, 1, "Resilience"),
        "dan": (None, False, None, "Resilience"),
        "eve": ("Deterrence", False, 2, "Resilience"),
    }
    for name, answers in first_attempts.items():
        mark_read(learner=learners[name], lesson=lessons[0])
        record_attempt(
            learners[name],
            pillars,
            dict(zip([q["A"], q["B"], q["C"], q["D"]], answers, strict=True)),
        )
    wrong = {q["A"]: "Recovery", q["B"]: False, q["C"]: 0, q["D"]: "Recovery"}
    right = {q["A"]: "Deterrence", q["B"]: True, q["C"]: 2, q["D"]: "Resilience"}
    record_attempt(learners["ann"], pillars, wrong)
    record_attempt(staff, pillars, right)
    record_attempt(learners["fay"], pillars, right, submit=False)
    record_attempt(
        learners["ann"], agencies, {q["E"]: True, q["F"]: "Civil Protection", q["H"]: "Army"}
    )
    record_attempt(learners["bob"], agencies, {q["E"]: False, q["F"]: "Civil Protection"})
    return History(briefing, pillars, agencies, questions, learners, staff, instructor)


def add_learners(history: History, count: int, *, prefix: str = "extra") -> None:
    """``count`` more learners, each having read "Pillars" and taken both quizzes twice."""
    q = history.questions
    lesson = history.pillars.lesson
    for number in range(count):
        learner = create_user(f"{prefix}{number:03d}")
        mark_read(learner=learner, lesson=lesson)
        for _ in range(2):
            answers = {q["A"]: "Recovery", q["B"]: True, q["C"]: 1, q["D"]: "Resilience"}
            record_attempt(learner, history.pillars, answers)
            record_attempt(learner, history.agencies, {q["E"]: True, q["F"]: "Army"})
