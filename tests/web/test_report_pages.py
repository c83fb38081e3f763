"""The briefing report (learners × lessons, completion, scores per quiz, the distribution
chart), the learners list and one learner's report, each with the CSV of its numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from briefing.models import Briefing, Lesson
from learning.models import ReviewCard, ReviewLog
from tests.web.report_helpers import add_learners, build_history, create_user
from tests.web.test_reports import csv_rows, signed_in, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    return build_history()


def briefing_page(client, history, query: str = "") -> str:
    url = reverse("reports:briefing", args=[history.briefing.slug]) + query
    response = signed_in(client, history.staff).get(url)
    assert response.status_code == 200
    return response.content.decode()


def download(client, name: str, *args) -> list[list[str]]:
    return csv_rows(client.get(reverse(f"reports:{name}", args=args)))


def percentless(row: list[str]) -> list[str]:
    return ["" if cell == "–" else cell.removesuffix("%") for cell in row]


# The briefing report ------------------------------------------------------------------


def test_grid_shows_each_learners_state_and_best_score(client, history):
    html = briefing_page(client, history)

    rows = {row[0]: row[1:] for row in table_rows(html, "grid")[1:]}
    # Staff and the instructor (no activity) are not learners of the briefing.
    assert sorted(rows) == ["ann", "bob", "cat", "dan", "eve", "fay"]
    # Pillars, Agencies, Glossary, final exam, completed.
    assert rows["ann"] == ["Completed 100%", "Started 33.3%", "Not started", "Not taken", "1 of 3"]
    assert rows["bob"] == ["Read 62.5%", "Started 0%", "Not started", "Not taken", "0 of 3"]
    assert rows["dan"][0] == "Read 25%"
    # fay's only attempt is still open: no score yet.
    assert rows["fay"] == ["Not started", "Not started", "Not started", "Not taken", "0 of 3"]


def test_lessons_show_completion_rates(client, history):
    html = briefing_page(client, history)

    rows = table_rows(html, "lessons")[1:]
    assert rows == [
        ["Pillars", "5", "5", "2", "33.3%"],
        ["Agencies", "2", "0", "0", "0%"],
        ["Glossary", "0", "0", "0", "0%"],
        ["All lessons", "", "", "0", "0%"],
    ]
    assert "Learners</dt><dd>6</dd>" in html


def test_quizzes_show_mean_best_score_and_pass_rate(client, history):
    html = briefing_page(client, history)

    rows = table_rows(html, "quizzes")[1:]
    # Best scores at Pillars: ann 1 (of 1 and 0), bob and cat .625, dan .25, eve .75.
    assert rows[0][:5] == ["Pillars", "5", "65%", "2", "40%"]
    # Agencies: ann 1/3, bob 0.
    assert rows[1][:5] == ["Agencies", "2", "16.7%", "0", "0%"]
    assert rows[2][:5] == ["Final exam", "0", "–", "0", "–"]


def test_score_distribution_is_an_svg_with_a_text_alternative(client, history):
    html = briefing_page(client, history)

    pillars = history.pillars.pk
    assert f'role="img" aria-labelledby="chart-{pillars}-title chart-{pillars}-desc"' in html
    description = html.split(f'<desc id="chart-{pillars}-desc">')[1].split("</desc>")[0]
    assert description == (
        "0–9%: 0; 10–19%: 0; 20–29%: 1; 30–39%: 0; 40–49%: 0; 50–59%: 0; "
        "60–69%: 2; 70–79%: 1; 80–89%: 0; 90–100%: 1."
    )
    assert html.count('class="bar"') == 30  # ten bands for each of three quizzes
    assert "<script" not in html.split('<div class="report">')[1]


def test_briefing_csv_files_have_the_numbers_of_the_page(client, history):
    html = briefing_page(client, history)
    slug = history.briefing.slug

    lessons = download(client, "briefing_lessons_csv", slug)
    assert lessons[0] == ["Lesson", "Opened", "Read", "Completed", "Completion rate (%)"]
    assert lessons[1:] == [percentless(row) for row in table_rows(html, "lessons")[1:]]

    quizzes = download(client, "briefing_quizzes_csv", slug)
    page_quizzes = table_rows(html, "quizzes")[1:]
    assert [row[:5] for row in quizzes[1:]] == [percentless(row[:5]) for row in page_quizzes]
    assert quizzes[1][5:] == ["0", "0", "1", "0", "0", "0", "2", "1", "0", "1"]
    assert quizzes[0][5] == "Best score 0–9%"


def test_learners_csv_has_every_learner_with_the_numbers_of_the_grid(client, history):
    html = briefing_page(client, history)

    rows = download(client, "briefing_learners_csv", history.briefing.slug)

    assert rows[0][:3] == ["Learner", "Pillars: state", "Pillars: best score (%)"]
    assert rows[0][-2:] == ["Final exam: best score (%)", "Lessons completed"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["ann"] == [
        "ann",
        "Completed",
        "100",
        "Started",
        "33.3",
        "Not started",
        "",
        "",
        "1",
    ]
    for shown in table_rows(html, "grid")[1:]:
        row = by_name[shown[0]]
        # The page writes "Completed 100%" where the CSV has "Completed" and "100".
        assert shown[1] == " ".join(filter(None, [row[1], row[2] and f"{row[2]}%"]))
        assert shown[-1] == f"{row[-1]} of 3"


def test_grid_is_paginated_and_searchable_but_its_csv_has_everyone(client, history):
    add_learners(history, 60)

    first = table_rows(briefing_page(client, history), "grid")[1:]
    second = table_rows(briefing_page(client, history, "?page=2"), "grid")[1:]
    found = table_rows(briefing_page(client, history, "?q=extra05"), "grid")[1:]
    rows = download(client, "briefing_learners_csv", history.briefing.slug)

    assert len(first) == 50
    assert len(second) == 16
    assert [row[0] for row in found] == [f"extra05{n}" for n in range(10)]
    assert len(rows) - 1 == 66
    assert "Learners</dt><dd>66</dd>" in briefing_page(client, history, "?q=extra05")


def test_unknown_briefing_is_a_404(client, history):
    signed_in(client, history.staff)

    assert client.get(reverse("reports:briefing", args=["nope"])).status_code == 404


def test_index_links_every_briefing_and_quiz(client, history):
    html = signed_in(client, history.instructor).get(reverse("reports:index")).content.decode()

    assert reverse("reports:briefing", args=[history.briefing.slug]) in html
    for quiz in history.briefing.quizzes.all():
        assert reverse("reports:quiz", args=[quiz.pk]) in html


# Learners -------------------------------------------------------------------------------


def test_learners_list_their_attempts_scores_and_review_load(client, history):
    card = ReviewCard.objects.filter(learner=history.learners["ann"]).first()
    ReviewLog.objects.create(card=card, rating=1, reviewed_at=timezone.now())
    signed_in(client, history.instructor)

    html = client.get(reverse("reports:learners")).content.decode()

    rows = {row[0]: row[1:] for row in table_rows(html, "learners")[1:]}
    assert "editor" not in rows  # staff
    # ann: Pillars 100% and 0%, Agencies 33.3%; cards for the 6 questions answered wrong.
    assert rows["ann"][1:5] == ["3", "44.4%", "6", "1"]
    assert rows["fay"][1:5] == ["0", "–", "0", "0"]
    assert rows["teacher"][1:5] == ["0", "–", "0", "0"]


def test_learners_csv_has_the_numbers_of_the_page(client, history):
    signed_in(client, history.instructor)
    html = client.get(reverse("reports:learners")).content.decode()

    rows = download(client, "learners_csv")

    assert rows[0][:4] == ["Learner", "Name", "Attempts submitted", "Mean attempt score (%)"]
    page = table_rows(html, "learners")[1:]
    assert [row[:6] for row in rows[1:]] == [percentless(row[:6]) for row in page]


def test_learner_report_shows_attempts_scores_and_review_load(client, history):
    ann = history.learners["ann"]
    card = ReviewCard.objects.filter(learner=ann).first()
    card.due = timezone.now() + timedelta(days=3)
    card.save()
    ReviewLog.objects.create(card=card, rating=3, reviewed_at=timezone.now())
    signed_in(client, history.instructor)

    html = client.get(reverse("reports:learner", args=[ann.pk])).content.decode()

    assert "Review cards</dt><dd>6</dd>" in html
    assert "Due today</dt><dd>5</dd>" in html
    assert "Reviews done</dt><dd>1</dd>" in html
    attempts = table_rows(html, "attempts")[1:]
    assert [row[2:6] for row in attempts] == [
        ["Agencies: practice · Alliance Basics", "3 of 3", "33.3%", "Not passed"],
        ["Pillars: practice · Alliance Basics", "4 of 4", "0%", "Not passed"],
        ["Pillars: practice · Alliance Basics", "4 of 4", "100%", "Passed"],
    ]
    rows = download(client, "learner_csv", ann.pk)
    assert [row[2:8] for row in rows[1:]] == [
        ["Alliance Basics", "Agencies: practice", "3", "3", "33.3", "no"],
        ["Alliance Basics", "Pillars: practice", "4", "4", "0", "no"],
        ["Alliance Basics", "Pillars: practice", "4", "4", "100", "yes"],
    ]
    assert [row[:2] for row in rows[1:]] == [row[:2] for row in attempts]


def test_learner_report_shows_only_the_briefings_the_learner_started(client, history):
    other = Briefing.objects.create(title="Untouched Briefing", slug="untouched")
    Lesson.objects.create(briefing=other, position=1, title="Never opened", slug="never")
    newcomer = create_user("newcomer")
    signed_in(client, history.instructor)

    started = client.get(reverse("reports:learner", args=[history.learners["ann"].pk]))
    empty = client.get(reverse("reports:learner", args=[newcomer.pk]))

    assert "Alliance Basics" in started.content.decode()
    assert "Untouched Briefing" not in started.content.decode()
    assert "not opened a lesson or started a quiz yet" in empty.content.decode()


def test_an_open_attempt_is_in_progress(client, history):
    fay = history.learners["fay"]
    signed_in(client, history.instructor)

    html = client.get(reverse("reports:learner", args=[fay.pk])).content.decode()

    row = table_rows(html, "attempts")[1]
    assert row[1] == "In progress"
    assert row[3:] == ["4 of 4", "–", "–"]


def test_staff_accounts_have_no_learner_report(client, history):
    signed_in(client, history.instructor)

    url = reverse("reports:learner", args=[history.staff.pk])

    assert client.get(url).status_code == 404
