"""Lint findings stored by sync, shown in the admin and the commands; pool hygiene in attempts."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

import quizzes.generate as generate_module
from learning.attempts import draw_questions, pick_questions, question_facts
from quizzes.generate.facts import candidate
from quizzes.generate.spec import Option, QuestionKind, QuestionSpec, SourceRef
from quizzes.models import Question, Quiz
from quizzes.sync import sync_quizzes
from tests.factories import SEED_PATH
from tests.web.test_admin import question_form

pytestmark = pytest.mark.django_db

DRAWS = 1000


def manual_question(briefing, **fields) -> Question:
    """A hand-written choice question with two options and raw markup: two lint findings."""
    quiz = Quiz.objects.filter(briefing=briefing, lesson__isnull=False).first()
    fields = {
        "prompt": "Which channel is {% slack_channel 'ops' %}?",
        "options": [{"text": "Ops", "feedback": ""}, {"text": "Dev", "feedback": ""}],
        "answer": "Ops",
    } | fields
    return Question.objects.create(
        briefing=briefing,
        quiz=quiz,
        kind="choice",
        origin=Question.Origin.MANUAL,
        fingerprint="manual-test",
        **fields,
    )


def codes(question: Question) -> set[str]:
    return {finding["code"] for finding in question.lint_findings}


def test_sync_stores_findings_and_a_flagged_manual_question_stays_active(seed_briefing):
    question = manual_question(seed_briefing)

    outcome = sync_quizzes(briefing=seed_briefing)

    question.refresh_from_db()
    assert question.flagged and question.active
    assert {"few-options", "markup"} <= codes(question)
    assert all(set(finding) == {"code", "message"} for finding in question.lint_findings)
    assert [item.prompt for item in outcome.lint.flagged] == [question.prompt]
    assert (
        outcome.lint.active == Question.objects.filter(briefing=seed_briefing, active=True).count()
    )


def test_a_flagged_edited_question_stays_active_and_a_fixed_one_is_cleared(seed_briefing):
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    Question.objects.filter(pk=question.pk).update(
        origin=Question.Origin.EDITED, prompt=question.prompt + " <br>"
    )
    sync_quizzes(briefing=seed_briefing)
    question.refresh_from_db()
    assert question.active and question.flagged and "markup" in codes(question)

    Question.objects.filter(pk=question.pk).update(prompt=question.prompt.replace(" <br>", ""))
    sync_quizzes(briefing=seed_briefing)
    question.refresh_from_db()
    assert not question.flagged and question.lint_findings == []


def test_seed_questions_are_generated_clean(seed_briefing):
    active = Question.objects.filter(briefing=seed_briefing, active=True)
    assert active.count() > 0
    assert not active.filter(flagged=True).exists()


def test_admin_list_has_a_lint_column_and_a_flagged_filter(admin_client, seed_briefing):
    flagged = manual_question(seed_briefing)
    sync_quizzes(briefing=seed_briefing)
    clean = Question.objects.filter(briefing=seed_briefing, flagged=False).first()

    html = admin_client.get("/admin/quizzes/question/?flagged__exact=1").content.decode()

    assert f"/admin/quizzes/question/{flagged.pk}/change/" in html
    assert f"/admin/quizzes/question/{clean.pk}/change/" not in html
    assert "few-options, markup" in html
    everything = admin_client.get("/admin/quizzes/question/").content.decode()
    assert "flagged__exact=1" in everything


def test_admin_change_page_shows_the_findings(admin_client, seed_briefing):
    question = manual_question(seed_briefing)
    sync_quizzes(briefing=seed_briefing)

    html = admin_client.get(f"/admin/quizzes/question/{question.pk}/change/").content.decode()

    assert "Question linter" in html
    assert "only 2 options" in html
    assert "A choice question needs at least three options." in html


def test_saving_a_question_in_the_admin_lints_it_again(admin_client, seed_briefing):
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    assert not question.flagged
    data = question_form(admin_client, question) | {
        "prompt": "Which one is [the guide](https://x.org)?"
    }

    response = admin_client.post(f"/admin/quizzes/question/{question.pk}/change/", data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.origin == "edited" and question.flagged and "markup" in codes(question)


def test_lint_questions_prints_the_rate_per_rule_and_the_share_flagged(seed_briefing):
    manual_question(seed_briefing)
    active = Question.objects.filter(briefing=seed_briefing, active=True).count()
    out = StringIO()

    call_command("lint_questions", seed_briefing.slug, stdout=out)

    output = out.getvalue()
    assert f"Question linter: 1 of {active} active questions flagged" in output
    assert "few-options" in output and "markup" in output and "vague-prompt" in output
    few = next(line for line in output.splitlines() if line.strip().startswith("few-options"))
    assert few.split()[1] == "1"
    assert not Question.objects.filter(briefing=seed_briefing, flagged=True).exists()


def test_lint_questions_all_and_errors(seed_briefing):
    out = StringIO()
    call_command("lint_questions", "--all", stdout=out)
    assert seed_briefing.slug in out.getvalue()
    with pytest.raises(CommandError, match="slug or --all"):
        call_command("lint_questions")
    with pytest.raises(CommandError, match="No briefing"):
        call_command("lint_questions", "nope")


def test_dry_run_prints_the_findings(seed_briefing, monkeypatch):
    manual_question(seed_briefing)
    slipped = QuestionSpec(
        kind=QuestionKind.CHOICE,
        lesson=1,
        prompt="Which {% area %} goes with Community Resilience?",
        answer="Grassroots programs",
        explanation="",
        source=SourceRef(1, 0),
        fingerprint="slipped",
        fact="slipped",
        options=(
            Option("Grassroots programs"),
            Option("Cyber protocols"),
            Option("Joint missions"),
        ),
    )

    def careless(document, index, seed, report):
        return [candidate(slipped)]

    monkeypatch.setattr(generate_module, "GENERATORS", (*generate_module.GENERATORS, careless))
    out = StringIO()

    call_command("generate_quizzes", seed_briefing.slug, "--dry-run", stdout=out)

    output = out.getvalue()
    assert "Question linter: 1 of" in output
    assert "flagged (manual): Which channel is" in output
    assert "[few-options] only 2 options" in output
    assert "Left out “Which {% area %} goes with Community Resilience?”" in output
    assert "[markup]" in output  # what generation dropped, with its code
    assert not Question.objects.filter(flagged=True).exists()


def test_import_summary_prints_the_linter_verdict(db):
    out = StringIO()
    call_command("import_briefing", str(SEED_PATH), "--slug", "seed", "--title", "Seed", stdout=out)
    assert "Question linter: 0 of" in out.getvalue()


def lesson_pools(briefing) -> list[list[Question]]:
    return [
        list(quiz.questions.active().order_by("pk"))
        for quiz in Quiz.objects.filter(briefing=briefing, lesson__isnull=False)
    ]


def pair_facts(question: Question) -> frozenset[str]:
    return question_facts(question) - {question.fact}


def test_a_thousand_draws_per_lesson_never_repeat_a_fact(seed_briefing):
    pools = lesson_pools(seed_briefing)
    assert any(
        pair_facts(match) & question_facts(other)
        for pool in pools
        for match in pool
        if match.kind == "match"
        for other in pool
        if other.kind in ("choice", "true_false")
    ), "the seed must have choice or true/false questions on a match question's pairs"
    for pool in pools:
        shared = len({q.fact for q in pool}) < len(pool)
        for seed in range(DRAWS):
            drawn = pick_questions(pool, random.Random(seed), 10)
            facts = [fact for question in drawn for fact in question_facts(question)]
            assert len(facts) == len(set(facts))
            beside = {q.fact for q in drawn if q.kind in ("choice", "true_false")}
            for match in (q for q in drawn if q.kind == "match"):
                assert not pair_facts(match) & beside
        assert not shared or len(drawn) < len(pool), "questions sharing a fact were drawn"


def test_draw_questions_applies_the_rules_to_lesson_quizzes_and_the_exam(seed_briefing):
    rng = random.Random(7)
    for quiz in Quiz.objects.filter(briefing=seed_briefing):
        drawn = draw_questions(quiz, rng)
        facts = [fact for question in drawn for fact in question_facts(question)]
        assert drawn and len(facts) == len(set(facts))
        if quiz.is_final_exam:
            per_lesson = {}
            for question in drawn:
                per_lesson[question.quiz.lesson_id] = per_lesson.get(question.quiz.lesson_id, 0) + 1
            assert max(per_lesson.values()) - min(per_lesson.values()) <= 1 or len(drawn) < 20
