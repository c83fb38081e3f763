"""Every report as CSV, with the numbers formatted as the pages show them.

Files are UTF-8 with a byte order mark (so that spreadsheet programs read the
accents right). A text cell that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@`` first) gets a leading apostrophe; numbers never do.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone

from briefing.models import Lesson
from quizzes.models import Quiz
from reports.queries import BriefingOverview, LearnerRow, QuizItemReport
from reports.statistics import BANDS, band_label, coefficient, percent

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(value: object) -> str:
    value = "" if value is None else str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def moment(value: datetime | None) -> str:
    """A date and time in the site's time zone, as the pages print them."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[object]]):
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


ITEM_HEADER = [
    "Number",
    "Question id",
    "Lesson",
    "Kind",
    "Prompt",
    "Active",
    "Attempts",
    "Facility (%)",
    "Standard deviation (%)",
    "Discrimination index",
    "Not computable because",
    "Flags",
    "Linter findings",
]


def item_rows(report: QuizItemReport) -> Iterable[list[object]]:
    for item in report.items:
        question, statistics = item.question, item.statistics
        lesson = question.quiz.lesson
        yield [
            item.number,
            question.pk,
            text(lesson.title if lesson else ""),
            question.kind,
            text(question.prompt),
            "yes" if question.active else "no",
            statistics.attempts,
            percent(statistics.facility),
            percent(statistics.sd),
            coefficient(statistics.discrimination),
            statistics.discrimination_reason,
            "; ".join(flag.label for flag in statistics.flags),
            "; ".join(
                text(f"{finding.get('code', '')}: {finding.get('message', '')}")
                for finding in question.lint_findings
            ),
        ]


OPTION_HEADER = [
    "Number",
    "Question id",
    "Prompt",
    "Option",
    "Correct",
    "Picked",
    "Picked (%)",
    "Still an option",
]
NO_ANSWER = "(no answer)"


def option_rows(report: QuizItemReport) -> Iterable[list[object]]:
    for item in report.items:
        if not item.options:
            continue
        prompt = text(item.question.prompt)
        for option in item.options:
            yield [
                item.number,
                item.question.pk,
                prompt,
                text(option.text),
                "yes" if option.correct else "no",
                option.picked,
                percent(option.share),
                "yes" if option.current else "no",
            ]
        if item.unanswered:
            row = [item.number, item.question.pk, prompt, NO_ANSWER, "no", item.unanswered]
            yield [*row, percent(item.unanswered_share), ""]


def learner_grid_header(lessons: list[Lesson], exam: Quiz | None) -> list[str]:
    header = ["Learner"]
    for lesson in lessons:
        header += [text(f"{lesson.title}: state"), text(f"{lesson.title}: best score (%)")]
    if exam:
        header.append("Final exam: best score (%)")
    return [*header, "Lessons completed"]


def learner_grid_rows(rows: list[LearnerRow], exam: Quiz | None):
    for row in rows:
        cells = [text(row.learner.get_username())]
        for cell in row.cells:
            cells += [cell.state.label, percent(cell.best)]
        if exam:
            cells.append(percent(row.exam_best))
        yield [*cells, row.completed]


LESSON_HEADER = ["Lesson", "Opened", "Read", "Completed", "Completion rate (%)"]


def lesson_rows(overview: BriefingOverview):
    for summary in overview.lesson_summaries:
        yield [
            text(summary.lesson.title),
            summary.opened,
            summary.read,
            summary.completed,
            percent(summary.rate),
        ]
    yield ["All lessons", "", "", overview.completed_all, percent(overview.completion_rate)]


def quiz_header() -> list[str]:
    bands = [band_label(band) for band in range(BANDS)]
    return [
        "Quiz",
        "Learners",
        "Mean best score (%)",
        "Passed",
        "Pass rate (%)",
        *(f"Best score {band}" for band in bands),
    ]


def quiz_rows(overview: BriefingOverview):
    for summary in overview.quiz_summaries:
        yield [
            text(summary.name),
            summary.learners,
            percent(summary.mean_best),
            summary.passed,
            percent(summary.pass_rate),
            *summary.bands,
        ]


LEARNER_HEADER = [
    "Learner",
    "Name",
    "Attempts submitted",
    "Mean attempt score (%)",
    "Cards due",
    "Reviews done",
    "Last attempt",
]


def learner_rows(learners):
    for learner in learners:
        yield [
            text(learner.get_username()),
            text(learner.get_full_name()),
            learner.attempt_count,
            percent(learner.mean_score),
            learner.cards_due,
            learner.reviews_done,
            moment(learner.last_attempt),
        ]


ATTEMPT_HEADER = [
    "Started",
    "Submitted",
    "Briefing",
    "Quiz",
    "Questions",
    "Answered",
    "Score (%)",
    "Passed",
]


def attempt_rows(attempts):
    for attempt in attempts:
        passed = "" if attempt.passed is None else ("yes" if attempt.passed else "no")
        yield [
            moment(attempt.started_at),
            moment(attempt.submitted_at),
            text(attempt.quiz.briefing.title),
            text(attempt.quiz.title),
            attempt.question_count,
            attempt.answered,
            percent(attempt.score),
            passed,
        ]
