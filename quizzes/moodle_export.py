"""The active questions of quizzes, gathered from the database for Moodle's GIFT and XML.

The writers themselves are pure (``quizzes.moodle``); this module only reads the
rows, names each question after its provenance, and serves ``export_briefing
--format gift|moodle-xml`` and the admin's export actions.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch

from briefing.models import Briefing
from quizzes.generate.spec import Option
from quizzes.models import Question, Quiz
from quizzes.moodle import (
    FORMATS,
    MoodleCategory,
    MoodleFile,
    MoodleQuestion,
    question_idnumber,
    question_name,
)


class ExportError(Exception):
    """Nothing to export (e.g. no active question): the command says why."""


def moodle_export(quizzes: Iterable[Quiz], file_format: str) -> MoodleFile:
    """The active questions of ``quizzes`` in ``file_format`` ("gift" or "moodle-xml")."""
    return FORMATS[file_format](moodle_categories(quizzes))


def export_briefing_for_moodle(briefing: Briefing, file_format: str) -> tuple[str, list[str]]:
    """``export_briefing --format gift|moodle-xml``: the file, and what to tell the user."""
    exported = moodle_export(Quiz.objects.filter(briefing=briefing), file_format)
    if not exported.written:
        raise ExportError(f"Briefing {briefing.slug!r} has no active question to export.")
    notes = [str(skipped) for skipped in exported.skipped]
    notes.append(f"{exported.written} questions exported, {len(exported.skipped)} skipped.")
    return exported.text, notes


def moodle_categories(quizzes: Iterable[Quiz]) -> list[MoodleCategory]:
    """One category per quiz with active questions: briefing title / quiz title.

    Briefings by title, each one's lesson quizzes in lesson order and its final exam last.
    """
    active = Question.objects.active().select_related(
        "source_block__lesson", "source_row__block", "source_term__block"
    )
    loaded = (
        Quiz.objects.filter(pk__in=[quiz.pk for quiz in quizzes])
        .select_related("briefing", "lesson")
        .prefetch_related(Prefetch("questions", queryset=active, to_attr="active_questions"))
    )
    ordered = sorted(
        loaded,
        key=lambda quiz: (
            quiz.briefing.title,
            quiz.briefing_id,
            quiz.lesson is None,
            quiz.lesson.position if quiz.lesson else 0,
        ),
    )
    return [
        MoodleCategory(
            path=(quiz.briefing.title, quiz.title),
            info=f"Exported from Briefing Trainer: “{quiz.title}” of “{quiz.briefing.title}”.",
            questions=tuple(moodle_question(question, quiz.briefing) for question in questions),
        )
        for quiz in ordered
        if (questions := quiz.active_questions)
    ]


def moodle_question(question: Question, briefing: Briefing) -> MoodleQuestion:
    """The question with its provenance: lesson and anchor in the name, briefing in the idnumber.

    The anchor is the one the lesson page gives the source (``#block-3-row-2``, 0-based
    positions as in the YAML export); a question without a source says its origin.
    """
    block = question.source_block
    if block is not None:
        anchor = (question.source_row or question.source_term or block).anchor
        provenance = f"{block.lesson.slug}#{anchor}"
    else:
        provenance = question.get_origin_display().lower()
    options = question.options if isinstance(question.options, list) else []
    return MoodleQuestion(
        kind=question.kind,
        prompt=question.prompt,
        answer=question.answer,
        explanation=question.explanation,
        name=question_name(question.prompt, provenance),
        idnumber=question_idnumber(briefing.slug, question.fingerprint),
        options=tuple(
            Option(str(option.get("text", "")), str(option.get("feedback") or ""))
            for option in options
            if isinstance(option, dict)
        ),
    )
