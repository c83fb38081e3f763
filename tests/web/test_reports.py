"""The item statistics page: Moodle's numbers on a hand-computed fixture, options picked,
its CSV files, who may read it, and its queries."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import AttemptQuestion
from reports.queries import first_attempts, quiz_item_report
from reports.statistics import (
    LOW_DISCRIMINATION,
    ONE_ATTEMPT,
    SAME_MARKS,
    SAME_REST,
    TOO_EASY,
    TOO_HARD,
)
from tests.web.report_helpers import add_learners, build_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    return build_history()


def signed_in(client, user):
    client.force_login(user)
    return client


class TableParser(HTMLParser):
    """The rows of the first ``<table>`` with ``class_``: each a list of its cells' texts."""

    def __init__(self, class_: str) -> None:
        super().__init__()
        self.class_ = class_
        self.depth = 0  # nesting of tables inside the one we read
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.done = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and not self.done:
            if self.depth or self.class_ in classes:
                self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self.rows.append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
            self.done = self.depth == 0
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, class_: str) -> list[list[str]]:
    parser = TableParser(class_)
    parser.feed(html)
    assert parser.rows, f"no table.{class_} in the page"
    return parser.rows


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def by_prompt(report) -> dict[str, object]:
    return {item.question.prompt: item for item in report.items}


# The numbers -----------------------------------------------------------------------


def test_item_statistics_agree_with_hand_computed_values(history):
    """The values worked out in tests/unit/test_report_statistics.py, through the database."""
    report = quiz_item_report(history.pillars)
    items = {item.question.pk: item.statistics for item in report.items}
    q = history.questions

    expected = {"A": (0.6, 0.548, 0.289), "B": (0.4, 0.548, 0.050), "C": (0.6, 0.418, 0.845)}
    for name, (facility, sd, discrimination) in expected.items():
        statistics = items[q[name].pk]
        assert statistics.attempts == 5
        assert round(statistics.facility, 3) == facility
        assert round(statistics.sd, 3) == sd
        assert round(statistics.discrimination, 3) == discrimination
    assert items[q["B"].pk].flags == [LOW_DISCRIMINATION]
    assert items[q["A"].pk].flags == []


def test_all_correct_is_flagged_easy_and_its_discrimination_not_computable(history):
    statistics = quiz_item_report(history.pillars).items[3].statistics

    assert (statistics.attempts, statistics.facility, statistics.sd) == (5, 1.0, 0.0)
    assert statistics.discrimination is None
    assert statistics.discrimination_reason == SAME_MARKS
    assert statistics.flags == [TOO_EASY]


def test_one_attempt_and_a_constant_rest_are_not_computable(history):
    items = {item.question.pk: item.statistics for item in quiz_item_report(history.agencies).items}
    q = history.questions

    e, f, h = items[q["E"].pk], items[q["F"].pk], items[q["H"].pk]
    assert (e.attempts, e.facility, round(e.sd, 3)) == (2, 0.5, 0.707)
    assert (e.discrimination, e.discrimination_reason) == (None, SAME_REST)
    assert (f.attempts, f.facility, f.sd, f.discrimination_reason) == (2, 0.0, 0.0, SAME_MARKS)
    assert f.flags == [TOO_HARD]
    assert (h.attempts, h.facility, h.sd, h.discrimination) == (1, 0.0, None, None)
    assert h.discrimination_reason == ONE_ATTEMPT


def test_only_each_learners_first_submitted_attempt_counts(history):
    """Not ann's retake, not a staff member's preview, not fay's unsubmitted attempt."""
    learners = set(first_attempts(history.pillars).values_list("learner__username", flat=True))

    assert learners == {"ann", "bob", "cat", "dan", "eve"}


def test_quiz_summary_is_of_the_first_attempts(history):
    summary = quiz_item_report(history.pillars).summary

    # Scores 1, .625, .625, .25, .75.
    assert summary.attempts == 5
    assert round(summary.mean, 3) == 0.65
    assert round(summary.sd, 3) == 0.271


def test_how_often_each_option_was_picked(history):
    items = by_prompt(quiz_item_report(history.pillars))

    a = items["Which pillar keeps adversaries from acting?"]
    picks = [(o.text, o.correct, o.picked, o.share) for o in a.options]
    assert picks == [
        ("Deterrence", True, 3, 0.6),
        ("Resilience", False, 1, 0.2),
        ("Recovery", False, 0, 0.0),
    ]
    assert a.unanswered == 1
    b = items["True or false: resilience means recovery."]
    assert [(o.text, o.correct, o.picked) for o in b.options] == [
        ("True", True, 2),
        ("False", False, 3),
    ]
    assert items["Match each pillar to its lead agency."].options == []


def test_true_false_picks_shown_in_french_count_as_true_and_false(history):
    """A French briefing's learners read "Vrai" and "Faux": the report counts them under the
    stored words, right answer included."""
    b = history.questions["B"]
    history.briefing.language = "fr"
    history.briefing.save()
    for item in AttemptQuestion.objects.filter(question=b):
        for option in item.snapshot["options"]:
            option["text"] = {"True": "Vrai", "False": "Faux"}[option["text"]]
        item.save()

    row = by_prompt(quiz_item_report(history.pillars))[b.prompt]

    assert [(o.text, o.correct, o.picked) for o in row.options] == [
        ("True", True, 2),
        ("False", False, 3),
    ]


def test_an_option_edited_away_is_still_counted(history):
    """The snapshot keeps what was shown: a renamed option's picks stay visible."""
    question = history.questions["A"]
    question.options[1]["text"] = "Resistance"
    question.save()

    a = by_prompt(quiz_item_report(history.pillars))[question.prompt]
    rows = {o.text: (o.picked, o.current) for o in a.options}
    assert rows == {
        "Deterrence": (3, True),
        "Resistance": (0, True),
        "Recovery": (0, True),
        "Resilience": (1, False),
    }


def test_the_final_exam_lists_its_pool(history):
    exam = history.briefing.quizzes.get(lesson__isnull=True)

    report = quiz_item_report(exam)

    assert len(report.items) == len(history.questions)
    assert all(item.statistics.attempts == 0 for item in report.items)
    assert report.summary.attempts == 0


# The page and its CSV files ----------------------------------------------------------


def quiz_page(client, history, quiz=None):
    response = client.get(reverse("reports:quiz", args=[(quiz or history.pillars).pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_statistics_flags_and_lint_findings_side_by_side(client, history):
    html = quiz_page(signed_in(client, history.staff), history)

    rows = {row[1].split(" Multiple choice")[0]: row for row in table_rows(html, "items")[1:]}
    a = rows["Which pillar keeps adversaries from acting?"]
    assert a[2:6] == ["5", "60%", "54.8%", "0.29"]
    assert "cue-word" in a[7] and "“acting” is only in the key." in a[7]
    assert "Too easy" in rows["Which pillar is about shocks?"][6]
    assert "not computable (every mark the same)" in rows["Which pillar is about shocks?"][5]
    assert "First attempts</dt><dd>5" in html
    assert "Mean score</dt><dd>65%" in html


def test_page_shows_the_options_picked(client, history):
    html = quiz_page(signed_in(client, history.staff), history)

    rows = table_rows(html, "options")
    assert rows[1:] == [
        ["Deterrence (correct)", "3", "60%"],
        ["Resilience", "1", "20%"],
        ["Recovery", "0", "0%"],
        ["No answer", "1", "20%"],
    ]


def as_in_csv(value: str) -> str:
    """A page's number as its CSV writes it: no percent sign, nothing for a dash."""
    return "" if value == "–" else value.removesuffix("%")


def test_items_csv_has_the_numbers_of_the_page(client, history):
    signed_in(client, history.staff)
    for quiz in (history.pillars, history.agencies):
        page = table_rows(quiz_page(client, history, quiz), "items")[1:]
        rows = csv_rows(client.get(reverse("reports:quiz_items_csv", args=[quiz.pk])))

        assert rows[0][6:11] == [
            "Attempts",
            "Facility (%)",
            "Standard deviation (%)",
            "Discrimination index",
            "Not computable because",
        ]
        assert len(rows) - 1 == len(page)
        for shown, row in zip(page, rows[1:], strict=True):
            assert shown[0] == row[0]
            assert shown[1].startswith(row[4])
            assert [as_in_csv(cell) for cell in shown[2:5]] == row[6:9]
            discrimination = row[9] or f"not computable ({row[10]})"
            assert shown[5] == discrimination


def test_options_csv_has_the_numbers_of_the_page(client, history):
    signed_in(client, history.staff)
    page = table_rows(quiz_page(client, history), "options")[1:]  # question A's table
    rows = csv_rows(client.get(reverse("reports:quiz_options_csv", args=[history.pillars.pk])))

    a_rows = [row for row in rows[1:] if row[0] == "1"]
    assert [[r[3], r[5], r[6]] for r in a_rows] == [
        ["Deterrence", "3", "60"],
        ["Resilience", "1", "20"],
        ["Recovery", "0", "0"],
        ["(no answer)", "1", "20"],
    ]
    assert [[cell.removesuffix(" (correct)") for cell in row[:2]] for row in page] == [
        ["Deterrence", "3"],
        ["Resilience", "1"],
        ["Recovery", "0"],
        ["No answer", "1"],
    ]
    b_rows = [row for row in rows[1:] if row[0] == "2"]
    assert [[r[3], r[4], r[5], r[6]] for r in b_rows] == [
        ["True", "yes", "2", "40"],
        ["False", "no", "3", "60"],
    ]


def test_csv_cells_never_start_a_formula(client, history):
    question = history.questions["A"]
    question.prompt = "=HYPERLINK(1)"
    question.save()
    signed_in(client, history.staff)

    rows = csv_rows(client.get(reverse("reports:quiz_items_csv", args=[history.pillars.pk])))

    assert rows[1][4] == "'=HYPERLINK(1)"


def test_questions_link_to_their_admin_page_for_staff_only(client, history):
    question = history.questions["A"]
    change = reverse("admin:quizzes_question_change", args=[question.pk])

    assert change in quiz_page(signed_in(client, history.staff), history)
    assert change not in quiz_page(signed_in(client, history.instructor), history)


def test_unknown_quiz_is_a_404(client, history):
    signed_in(client, history.staff)

    assert client.get(reverse("reports:quiz", args=[9999])).status_code == 404


# Links from the admin ---------------------------------------------------------------


def test_admin_index_links_to_the_reports(client, history):
    history.staff.is_superuser = True
    history.staff.save()

    html = signed_in(client, history.staff).get(reverse("admin:index")).content.decode()

    assert f'href="{reverse("reports:index")}"' in html
    assert f'href="{reverse("reports:learners")}"' in html


def test_quiz_admin_page_links_to_its_item_statistics(client, history):
    history.staff.is_superuser = True
    history.staff.save()
    url = reverse("admin:quizzes_quiz_change", args=[history.pillars.pk])

    html = signed_in(client, history.staff).get(url).content.decode()

    assert f'href="{reverse("reports:quiz", args=[history.pillars.pk])}"' in html


# Who may read the reports ------------------------------------------------------------


def report_urls(history) -> list[str]:
    learner = history.learners["ann"]
    slug = history.briefing.slug
    return [
        reverse("reports:index"),
        reverse("reports:quiz", args=[history.pillars.pk]),
        reverse("reports:quiz_items_csv", args=[history.pillars.pk]),
        reverse("reports:quiz_options_csv", args=[history.pillars.pk]),
        reverse("reports:briefing", args=[slug]),
        reverse("reports:briefing_learners_csv", args=[slug]),
        reverse("reports:briefing_lessons_csv", args=[slug]),
        reverse("reports:briefing_quizzes_csv", args=[slug]),
        reverse("reports:learners"),
        reverse("reports:learners_csv"),
        reverse("reports:learner", args=[learner.pk]),
        reverse("reports:learner_csv", args=[learner.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, history):
    for url in report_urls(history):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_learners_are_refused(client, history):
    signed_in(client, history.learners["ann"])

    for url in report_urls(history):
        assert client.get(url).status_code == 403, url


def test_instructors_and_staff_may_read_every_report(client, history):
    for user in (history.instructor, history.staff):
        signed_in(client, user)
        for url in report_urls(history):
            assert client.get(url).status_code == 200, (user, url)


def test_an_inactive_instructor_is_signed_out(client, history):
    signed_in(client, history.instructor)
    history.instructor.is_active = False
    history.instructor.save()

    response = client.get(reverse("reports:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reports_only_answer_get(client, history):
    signed_in(client, history.staff)

    assert client.post(reverse("reports:quiz", args=[history.pillars.pk])).status_code == 405


# Queries ----------------------------------------------------------------------------

QUERY_BUDGETS = {
    # url name: queries (session, user, the quiz or briefing, then the report's own)
    "quiz": 7,
    "quiz_items_csv": 7,
    "quiz_options_csv": 7,
    "briefing": 13,
    "briefing_learners_csv": 8,
    "briefing_lessons_csv": 10,
    "briefing_quizzes_csv": 10,
    "learners": 4,
    "learners_csv": 3,
    "learner": 17,
    "learner_csv": 4,
    "index": 4,
}


def url_for(name: str, history) -> str:
    if name.startswith("quiz"):
        return reverse(f"reports:{name}", args=[history.pillars.pk])
    if name.startswith("briefing"):
        return reverse(f"reports:{name}", args=[history.briefing.slug])
    if name.startswith("learner_") or name == "learner":
        return reverse(f"reports:{name}", args=[history.learners["ann"].pk])
    return reverse(f"reports:{name}")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_each_report_runs_the_same_queries_for_more_learners(client, history):
    """Aggregated in the database: no query per learner, attempt, question or response.

    Counted with the fixture's six learners, then with 25 more (each with four
    attempts, their responses, progress and review cards)."""
    signed_in(client, history.staff)
    small = {name: queries_for(client, url_for(name, history)) for name in QUERY_BUDGETS}
    add_learners(history, 25)
    large = {name: queries_for(client, url_for(name, history)) for name in QUERY_BUDGETS}

    assert large == small
    assert small == QUERY_BUDGETS


def test_a_page_past_the_last_is_the_last_page(client, history):
    add_learners(history, 3)
    signed_in(client, history.staff)

    response = client.get(reverse("reports:learners") + "?page=99")

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert client.get(reverse("reports:learners") + "?page=abc").status_code == 200


def test_search_finds_learners_by_username(client, history):
    signed_in(client, history.staff)

    html = client.get(reverse("reports:learners") + "?q=AN").content.decode()

    names = [row[0] for row in table_rows(html, "learners")[1:]]
    assert names == ["ann", "dan"]
    assert re.search(r"2 learners matching “AN”", html)


def test_briefing_admin_page_links_to_its_report(client, history):
    history.staff.is_superuser = True
    history.staff.save()
    url = reverse("admin:briefing_briefing_change", args=[history.briefing.pk])

    html = signed_in(client, history.staff).get(url).content.decode()

    assert f'href="{reverse("reports:briefing", args=[history.briefing.slug])}"' in html
