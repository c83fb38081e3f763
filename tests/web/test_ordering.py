"""Ordering questions through the web: generation into a quiz, practice and exam, with and
without htmx, the result and review pages, nothing revealed before it is due, admin and YAML."""

import html as html_module
import re
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse

from briefing.ingest.document import ListItem
from briefing.models import Block, Briefing, list_items_to_json
from learning.models import Response, ReviewCard, ReviewLog
from learning.review import review_snapshot, schedule_review
from quizzes.models import Question, Quiz, answer_shape_errors
from quizzes.sync import sync_quizzes
from tests.factories import import_text, make_source
from tests.security.test_no_leak import assert_fields_reveal_nothing, assert_reveals_nothing
from tests.web.form_helpers import form_data
from tests.web.quiz_helpers import HTMX, answer_url, questions_of, section, start

pytestmark = pytest.mark.django_db

STEPS = [
    "Find a building near the ministry.",
    "Sign the lease with the city.",
    "Hire the local staff.",
    "Open the office to the public.",
]
PROMPT = "Put the steps to open a new office in order."


def add_ordered_list(briefing: Briefing) -> Briefing:
    """Give the briefing's last lesson an introduced numbered list, and regenerate its quizzes."""
    lesson = briefing.lessons.order_by("position").last()
    position = lesson.blocks.count()
    Block.objects.create(
        lesson=lesson,
        position=position,
        kind=Block.Kind.PARAGRAPH,
        text="To open a new office, follow these steps:",
    )
    Block.objects.create(
        lesson=lesson,
        position=position + 1,
        kind=Block.Kind.LIST,
        ordered=True,
        items=list_items_to_json(tuple(ListItem(step) for step in STEPS)),
    )
    sync_quizzes(briefing=briefing)
    return briefing


@pytest.fixture
def briefing():
    return add_ordered_list(import_text(make_source()))


@pytest.fixture
def ordering_question(briefing) -> Question:
    return Question.objects.get(briefing=briefing, kind="ordering")


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def quiz_of(question: Question, mode: str = Quiz.Mode.PRACTICE) -> Quiz:
    quiz = question.quiz
    quiz.mode = mode
    quiz.save()
    return quiz


def ordering_item(attempt):
    return next(item for item in questions_of(attempt) if item.snapshot["kind"] == "ordering")


def order_data(snapshot: dict, how: str = "right") -> dict[str, str]:
    """Positions for every step: all ``right``, ``half`` right (the first two swapped), or
    with two steps ``sharing`` one position."""
    right = snapshot["key"]["correct"]
    tokens = sorted(right, key=right.get)
    positions = dict(right)
    if how == "half":
        positions |= {tokens[0]: 2, tokens[1]: 1}
    elif how == "sharing":
        positions |= {tokens[1]: 1}
    return {f"item-{token}": str(position) for token, position in positions.items()}


def selected_positions(fragment: str) -> dict[str, str]:
    """``{select name: chosen position}`` as the form shows it."""
    chosen = {}
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', fragment, re.S):
        found = re.search(r'<option value="(\d+)" selected>', body)
        chosen[name] = found.group(1) if found else ""
    return chosen


# Generation and validation


def test_sync_puts_the_ordering_question_in_its_lessons_quiz(ordering_question, briefing):
    lesson = briefing.lessons.order_by("position").last()
    assert ordering_question.quiz.lesson == lesson
    assert ordering_question.prompt == PROMPT
    assert ordering_question.answer == STEPS
    assert ordering_question.options == []
    assert ordering_question.source_block.kind == Block.Kind.LIST
    assert ordering_question.full_clean() is None


@pytest.mark.parametrize(
    ("options", "answer", "errors"),
    [
        ([], ["Plan.", "Build.", "Ship."], {}),
        (
            [{"text": "Plan.", "feedback": ""}],
            ["Plan.", "Build."],
            {"options": "An ordering question has no options: list its steps as the answer."},
        ),
        (
            [],
            {"Plan.": 1},
            {"answer": "The answer must be a list of the steps, in the right order."},
        ),
        ([], ["Plan."], {"answer": "An ordering question needs at least two steps."}),
        ([], ["Plan.", " "], {"answer": "Every step needs a text: remove the empty ones."}),
        (
            [],
            ["Plan.", "Build.", "plan"],
            {"answer": "The step “plan” is listed twice: each step must be different."},
        ),
    ],
)
def test_an_ordering_answer_lists_two_or_more_different_steps(options, answer, errors):
    assert answer_shape_errors("ordering", "Put them in order.", options, answer) == errors


# Practice


def test_practice_without_htmx_saves_scores_and_shows_the_right_order(signed_in, ordering_question):
    attempt = start(signed_in, quiz_of(ordering_question))
    item = ordering_item(attempt)

    response = signed_in.post(answer_url(attempt, item.position), order_data(item.snapshot))

    assert response.status_code == 302
    saved = Response.objects.get(attempt_question=item)
    assert (saved.correct, saved.score, saved.locked) == (True, 1.0, True)
    page = signed_in.get(
        reverse("learning:attempt", args=[attempt.pk]) + "?show=all"
    ).content.decode()
    shown = section(page, item.position)
    assert "✔</span> Right." in shown
    assert '<th scope="col">Right step</th>' in shown
    rows = re.findall(r'<th scope="row">(\d)</th>\s*<td>([^<]*)</td>', shown)
    assert [(int(n), html_module.unescape(step)) for n, step in rows] == list(
        enumerate(STEPS, start=1)
    )


def test_practice_with_htmx_checks_and_swaps_in_partial_feedback(signed_in, ordering_question):
    attempt = start(signed_in, quiz_of(ordering_question))
    item = ordering_item(attempt)

    response = signed_in.post(
        answer_url(attempt, item.position), order_data(item.snapshot, "half"), headers=HTMX
    )

    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "Partly right (50%)" in fragment
    assert 'hx-swap-oob="true"' in fragment
    saved = Response.objects.get(attempt_question=item)
    assert (saved.correct, saved.score) == (False, 0.5)
    assert ReviewCard.objects.filter(question=ordering_question).exists()


def test_two_steps_sharing_a_position_are_refused_and_the_choices_kept(
    signed_in, ordering_question
):
    attempt = start(signed_in, quiz_of(ordering_question))
    item = ordering_item(attempt)
    data = order_data(item.snapshot, "sharing")

    response = signed_in.post(answer_url(attempt, item.position), data, headers=HTMX)

    fragment = html_module.unescape(response.content.decode())
    assert "are both at position 1: give each step its own position." in fragment
    assert '<p class="form-error" role="alert">' in fragment
    assert selected_positions(fragment) == data
    assert not Response.objects.exists()


def test_without_htmx_a_refused_order_is_a_message_on_the_page(signed_in, ordering_question):
    attempt = start(signed_in, quiz_of(ordering_question))
    item = ordering_item(attempt)

    response = signed_in.post(
        answer_url(attempt, item.position), order_data(item.snapshot, "sharing"), follow=True
    )

    page = html_module.unescape(response.content.decode())
    assert f"Question {item.position + 1}: “" in page
    assert "give each step its own position." in page
    assert not Response.objects.exists()


# Exam


def test_an_exam_saves_a_complete_order_only_and_reveals_nothing(signed_in, ordering_question):
    attempt = start(signed_in, quiz_of(ordering_question, Quiz.Mode.EXAM))
    item = ordering_item(attempt)
    data = order_data(item.snapshot, "half")
    first = next(iter(data))

    partial = signed_in.post(answer_url(attempt, item.position), {first: "1"}, headers=HTMX)

    assert "3 still to place" in partial.content.decode()
    assert selected_positions(partial.content.decode())[first] == "1"
    assert not Response.objects.exists()

    saved = signed_in.post(answer_url(attempt, item.position), data, headers=HTMX)

    fragment = saved.content.decode()
    assert "Saved" in fragment
    assert selected_positions(fragment) == data
    assert_reveals_nothing(fragment, item.snapshot)
    assert_fields_reveal_nothing(fragment, item.snapshot, saved=data)
    assert Response.objects.get(attempt_question=item).score == 0.5
    page = signed_in.get(
        reverse("learning:attempt", args=[attempt.pk]) + "?show=all"
    ).content.decode()
    assert f"1 of {len(questions_of(attempt))} answered" in page
    assert selected_positions(section(page, item.position)) == data


def test_revising_a_saved_exam_order_keeps_the_saved_one_until_it_is_complete_again(
    signed_in, ordering_question
):
    attempt = start(signed_in, quiz_of(ordering_question, Quiz.Mode.EXAM))
    item = ordering_item(attempt)
    url = answer_url(attempt, item.position)
    signed_in.post(url, order_data(item.snapshot), headers=HTMX)

    clash = signed_in.post(url, order_data(item.snapshot, "sharing"), headers=HTMX)

    fragment = clash.content.decode()
    assert "give each step its own position." in fragment
    assert "Saved" not in fragment
    assert Response.objects.get(attempt_question=item).score == 1.0
    revised = signed_in.post(url, order_data(item.snapshot, "half"), headers=HTMX)
    assert "Saved" in revised.content.decode()
    assert Response.objects.get(attempt_question=item).score == 0.5


def test_the_result_page_shows_the_right_order_after_the_exam(signed_in, ordering_question):
    attempt = start(signed_in, quiz_of(ordering_question, Quiz.Mode.EXAM))
    item = ordering_item(attempt)
    signed_in.post(answer_url(attempt, item.position), order_data(item.snapshot, "half"))

    signed_in.post(reverse("learning:submit", args=[attempt.pk]), {"confirm": "yes"})
    page = signed_in.get(reverse("learning:result", args=[attempt.pk])).content.decode()

    shown = html_module.unescape(section(page, item.position))
    assert "Partly right (50%)" in shown
    assert f"<td>{STEPS[0]}</td>" in shown
    assert "wrong:</span> " + STEPS[1] in shown


# Nothing before it is due


def test_the_attempt_page_shows_the_steps_out_of_order_and_no_answer(signed_in, ordering_question):
    for _ in range(5):
        attempt = start(signed_in, quiz_of(ordering_question))
        item = ordering_item(attempt)
        page = signed_in.get(
            reverse("learning:attempt", args=[attempt.pk]) + "?show=all"
        ).content.decode()
        shown = section(page, item.position)

        assert_reveals_nothing(shown, item.snapshot)
        assert "#block-" not in page
        labels = re.findall(r'<label for="item-[^"]+">([^<]*)</label>', shown)
        assert sorted(html_module.unescape(label) for label in labels) == sorted(STEPS)
        assert [html_module.unescape(label) for label in labels] != STEPS
        assert_fields_reveal_nothing(shown, item.snapshot)
        attempt.delete()


def test_the_review_card_reveals_nothing_and_scores_through_the_same_code(
    signed_in, learner, ordering_question
):
    card = schedule_review(learner=learner, question_id=ordering_question.pk)
    page = signed_in.get(reverse("learning:review")).content.decode()
    fragment = re.search(r'<section id="review-card".*?</section>', page, re.S).group(0)
    snapshot = review_snapshot(card, reviews=0)
    assert_reveals_nothing(fragment, snapshot, public=(ordering_question.quiz.title,))
    assert_fields_reveal_nothing(fragment, snapshot)

    data = order_data(snapshot, "half") | {"reviews": "0"}
    response = signed_in.post(reverse("learning:review_answer", args=[card.pk]), data, headers=HTMX)

    answered = response.content.decode()
    assert "Partly right (50%)" in answered
    assert "Right step" in answered
    assert ReviewLog.objects.get(card=card).rating == 2  # Hard: partly right


# Admin and YAML


def test_the_admin_change_page_saves_an_ordering_question(admin_client, ordering_question):
    url = f"/admin/quizzes/question/{ordering_question.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "question_form")
    assert [data[f"ordering-step-{n}-text"] for n in range(len(STEPS))] == STEPS
    data["ordering-step-3-text"] = "Celebrate the opening."

    refused = admin_client.post(url, data | {"ordering-step-1-text": STEPS[0]})
    assert "is listed twice" in html_module.unescape(refused.content.decode())

    saved = admin_client.post(url, data)
    assert saved.status_code == 302
    ordering_question.refresh_from_db()
    assert ordering_question.answer == [*STEPS[:3], "Celebrate the opening."]
    assert ordering_question.origin == Question.Origin.EDITED


def manual_ordering_question(briefing: Briefing) -> Question:
    """A hand-written ordering question on a briefing without lists.

    The briefing half of the YAML format does not carry list blocks yet.
    """
    quiz = Quiz.objects.filter(briefing=briefing, lesson__isnull=False).first()
    return Question.objects.create(
        briefing=briefing,
        quiz=quiz,
        position=99,
        kind="ordering",
        prompt=PROMPT,
        answer=STEPS,
        explanation="Building, lease, staff, opening.",
        source_block=quiz.lesson.blocks.first(),
        origin=Question.Origin.MANUAL,
        fingerprint="manual-ordering",
    )


def export(slug: str, path) -> dict:
    call_command("export_briefing", slug, "-o", str(path), stderr=StringIO())
    return yaml.safe_load(path.read_text())


def test_an_ordering_question_survives_the_yaml_round_trip(tmp_path):
    briefing = import_text(make_source())
    manual_ordering_question(briefing)
    first = export(briefing.slug, tmp_path / "first.yaml")
    briefing.delete()

    call_command("import_briefing", str(tmp_path / "first.yaml"), stdout=StringIO())
    again = export(first["slug"], tmp_path / "again.yaml")

    first.pop("exported_at")
    again.pop("exported_at")
    assert again == first
    [exported] = [
        question
        for quiz in first["quizzes"]
        for question in quiz["questions"]
        if question["kind"] == "ordering"
    ]
    assert exported["answer"] == STEPS
    assert exported["options"] == []
    assert "answer:\n    - Find a building" in (tmp_path / "first.yaml").read_text()


def test_a_yaml_ordering_question_with_a_repeated_step_is_refused(tmp_path):
    briefing = import_text(make_source())
    manual_ordering_question(briefing)
    data = export(briefing.slug, tmp_path / "export.yaml")
    for quiz in data["quizzes"]:
        for question in quiz["questions"]:
            if question["kind"] == "ordering":
                question["answer"] = [STEPS[0], STEPS[1], STEPS[0]]
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    briefing.delete()

    with pytest.raises(CommandError) as error:
        call_command("import_briefing", str(tmp_path / "bad.yaml"), stdout=StringIO())

    assert "answer: The step “Find a building near the ministry.” is listed twice" in str(
        error.value
    )
    assert not Briefing.objects.exists()
