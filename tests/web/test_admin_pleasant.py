"""The admin an instructor uses: labelled inputs, active questions in order, filters that
name their sides, learner history read-only with scores as percentages."""

import re

import pytest

from briefing.models import Block
from learning.attempts import save_response, start_attempt, submit_attempt
from learning.models import Attempt
from learning.scoring import right_answer
from quizzes.models import Question, Quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def unlabelled_inputs(html: str) -> list[str]:
    """Visible inputs with neither a <label for> nor an aria-label (what axe calls "label").

    The changelist's action select sits inside its <label>: it is not checked here.
    """
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    missing = []
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
        skipped = re.search(r'type="(hidden|submit|button)"|name="action"', tag)
        if skipped or "aria-label=" in tag:
            continue
        found = re.search(r'id="([^"]+)"', tag)
        if not found or found.group(1) not in labelled:
            missing.append(tag)
    return missing


def test_inline_inputs_are_labelled(admin_client, seed_briefing):
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    table = Block.objects.filter(lesson__briefing=seed_briefing, kind="table").first()
    terms = Block.objects.filter(lesson__briefing=seed_briefing, kind="term_list").first()
    for url in (
        f"/admin/briefing/briefing/{seed_briefing.pk}/change/",
        f"/admin/quizzes/quiz/{quiz.pk}/change/",
        f"/admin/briefing/block/{table.pk}/change/",
        f"/admin/briefing/block/{terms.pk}/change/",
        "/admin/quizzes/question/",
    ):
        html = admin_client.get(url).content.decode()
        inputs = [tag for tag in unlabelled_inputs(html) if "__prefix__" not in tag]
        assert inputs == [], url
    html = admin_client.get(f"/admin/briefing/briefing/{seed_briefing.pk}/change/").content.decode()
    assert 'aria-label="Title, lesson 2"' in html
    assert 'aria-label="Delete, lesson 2"' in html


def test_a_quiz_lists_its_active_questions_in_order_and_links_to_the_inactive_ones(
    admin_client, seed_briefing
):
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    questions = list(quiz.questions.order_by("position"))
    retired = questions[0]
    retired.active = False
    retired.save()
    # A regenerated twin at the same position is what made the inline confusing.
    questions[1].position = 0
    questions[1].save()

    html = admin_client.get(f"/admin/quizzes/quiz/{quiz.pk}/change/").content.decode()

    shown = re.findall(r'name="questions-\d+-id" value="(\d+)"', html)
    active = quiz.questions.filter(active=True).order_by("position", "pk")
    assert shown == [str(question.pk) for question in active]
    assert str(retired.pk) not in shown
    link = f"/admin/quizzes/question/?quiz__id__exact={quiz.pk}&amp;active__exact=0"
    assert f'href="{link}">1 inactive</a>' in html

    listed = admin_client.get(link.replace("&amp;", "&")).content.decode()
    assert f"/admin/quizzes/question/{retired.pk}/change/" in listed
    assert f"/admin/quizzes/question/{questions[2].pk}/change/" not in listed


def test_the_final_exam_says_what_it_draws_from(admin_client, seed_briefing):
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    pool = Question.objects.filter(
        briefing=seed_briefing, active=True, quiz__lesson__isnull=False
    ).count()

    page = admin_client.get(f"/admin/quizzes/quiz/{exam.pk}/change/").content.decode()
    listing = admin_client.get("/admin/quizzes/quiz/").content.decode()

    assert f"each attempt draws 20 of the {pool} active questions of the live lessons" in page
    assert "questions-TOTAL_FORMS" not in page
    assert f"{pool} in the lessons" in listing


def test_question_filters_name_their_sides(admin_client, seed_briefing):
    html = admin_client.get("/admin/quizzes/question/").content.decode()

    for title, sides in (
        ("status", ("Active", "Inactive")),
        ("linter", ("Flagged", "Not flagged")),
        ("source", ("Source changed", "Source unchanged")),
    ):
        assert f"By {title}" in html
        assert all(f">{side}</a>" in html for side in sides)
    assert "?active__exact=0" in html and "?flagged__exact=1" in html
    assert "?source_changed__exact=1" in html


def attempt_with_score(seed_briefing, learner) -> Attempt:
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    attempt = start_attempt(learner=learner, quiz=quiz)
    items = list(attempt.questions.order_by("position"))
    for item in items[:-1]:
        save_response(attempt_question=item, answer=right_answer(item.snapshot))
    return submit_attempt(attempt=attempt)


def test_learner_history_is_read_only_with_scores_as_percentages(
    admin_client, seed_briefing, learner
):
    attempt = attempt_with_score(seed_briefing, learner)
    expected = f"{round(attempt.score * 100)}%"

    listing = admin_client.get("/admin/learning/attempt/").content.decode()
    page = admin_client.get(f"/admin/learning/attempt/{attempt.pk}/change/").content.decode()

    assert f'<td class="field-score_percent">{expected}</td>' in listing
    assert str(attempt.score) not in listing
    assert "View attempt" in page and expected in page
    assert 'name="_save"' not in page
    assert "questions of the attempt" in page.lower() and "100%" in page
    assert admin_client.get("/admin/learning/attempt/add/").status_code == 403
    change = admin_client.post(f"/admin/learning/attempt/{attempt.pk}/change/", {"score": "1"})
    assert change.status_code == 403
    attempt.refresh_from_db()
    assert f"{round(attempt.score * 100)}%" == expected


def test_internal_history_rows_are_not_models_of_their_own(admin_client, seed_briefing):
    index = admin_client.get("/admin/").content.decode()

    assert "Attempt questions" not in index and "Review logs" not in index
    assert "/admin/learning/attempt/add/" not in index
    assert admin_client.get("/admin/learning/attemptquestion/").status_code == 404
    assert admin_client.get("/admin/learning/reviewlog/").status_code == 404


def test_deleting_a_learner_with_history_is_not_blocked(admin_client, seed_briefing, learner):
    attempt_with_score(seed_briefing, learner)

    page = admin_client.get(f"/admin/accounts/user/{learner.pk}/delete/").content.decode()

    assert "Are you sure" in page and "permission to delete" not in page
    admin_client.post(f"/admin/accounts/user/{learner.pk}/delete/", {"post": "yes"})
    assert not Attempt.objects.exists()
