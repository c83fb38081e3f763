"""The question change page edits a question as a question: one form per kind, no JSON,
messages an editor understands, a preview as a learner sees it and the linter beside it."""

import html as html_module

import pytest

from quizzes.models import Question, Quiz
from tests.web.form_helpers import form_data
from tests.web.test_ordering import STEPS, add_ordered_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def url(question: Question) -> str:
    return f"/admin/quizzes/question/{question.pk}/change/"


def page_data(client, question: Question) -> dict[str, str]:
    """The change form as the browser would send it, untouched."""
    return form_data(client.get(url(question)).content.decode(), "question_form")


def first(briefing, kind: str) -> Question:
    return Question.objects.filter(briefing=briefing, kind=kind, active=True).first()


def text_of(response) -> str:
    return html_module.unescape(response.content.decode())


def test_the_json_fields_are_gone_and_the_options_are_rows(admin_client, seed_briefing):
    question = first(seed_briefing, "choice")

    html = admin_client.get(url(question)).content.decode()
    data = form_data(html, "question_form")

    assert 'name="options"' not in html and 'name="answer"' not in html
    texts = [data[f"choice-option-{n}-text"] for n in range(len(question.options))]
    assert texts == [option["text"] for option in question.options]
    correct = int(data["choice-correct"])
    assert question.options[correct]["text"] == question.answer
    assert data[f"choice-option-{correct}-feedback"] == question.options[correct]["feedback"]
    assert 'aria-label="Option 1"' in html and "Option 1 is </span>correct" in html


def test_saving_an_untouched_question_changes_nothing(admin_client, seed_briefing):
    for kind in ("choice", "true_false", "match", "categorize", "cloze"):
        question = first(seed_briefing, kind)
        before = (question.options, question.answer)

        response = admin_client.post(url(question), page_data(admin_client, question))

        assert response.status_code == 302, text_of(response)[:3000]
        question.refresh_from_db()
        assert (question.options, question.answer) == before, kind
        assert question.origin == Question.Origin.GENERATED, kind


def test_a_choice_question_edited_through_its_rows(admin_client, seed_briefing):
    question = first(seed_briefing, "choice")
    data = page_data(admin_client, question)
    wrong = next(n for n in range(len(question.options)) if str(n) != data["choice-correct"])
    data[f"choice-option-{wrong}-text"] = "A brand new right answer."
    data["choice-correct"] = str(wrong)
    data[f"choice-option-{len(question.options)}-text"] = "An added wrong option."
    data[f"choice-option-{len(question.options)}-feedback"] = "That one is made up."

    response = admin_client.post(url(question), data)

    assert response.status_code == 302, text_of(response)[:3000]
    question.refresh_from_db()
    assert question.answer == "A brand new right answer."
    assert question.options[wrong]["text"] == "A brand new right answer."
    assert question.options[-1] == {
        "text": "An added wrong option.",
        "feedback": "That one is made up.",
    }
    assert question.origin == Question.Origin.EDITED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data, n: data.pop("choice-correct"), "Mark exactly one option as correct."),
        (
            lambda data, n: data.update({"choice-correct": str(n)}),
            "is marked as correct but has no text",
        ),
        (
            lambda data, n: data.update({"choice-option-1-text": data["choice-option-0-text"]}),
            "each option must be different.",
        ),
        (
            lambda data, n: data.update(
                {
                    f"choice-option-{i}-text": ""
                    for i in range(n)
                    if str(i) != data["choice-correct"]
                }
                | {f"choice-option-{i}-feedback": "" for i in range(n)}
            ),
            "A choice question needs at least two options.",
        ),
        (
            lambda data, n: data.update({f"choice-option-{n}-feedback": "Orphan feedback"}),
            "has feedback but no text",
        ),
        (
            lambda data, n: data.update({"choice-option-TOTAL_FORMS": "500"}),
            "Please submit at most",
        ),
        (lambda data, n: data.pop("choice-option-TOTAL_FORMS"), "ManagementForm data is missing"),
    ],
)
def test_a_choice_question_that_does_not_fit_gets_a_message_and_nothing_changes(
    admin_client, seed_briefing, change, message
):
    question = first(seed_briefing, "choice")
    before = (question.prompt, question.options, question.answer, question.origin)
    data = page_data(admin_client, question)
    change(data, len(question.options))

    response = admin_client.post(url(question), data)

    assert response.status_code == 200
    assert message in text_of(response)
    assert "Please correct the error" in text_of(response)
    question.refresh_from_db()
    assert (question.prompt, question.options, question.answer, question.origin) == before


def test_a_true_false_question_flips_and_keeps_its_feedback(admin_client, seed_briefing):
    question = first(seed_briefing, "true_false")
    data = page_data(admin_client, question)
    assert data["true-false-answer"] == ("true" if question.answer else "false")
    data["true-false-answer"] = "false" if question.answer else "true"
    data["true-false-feedback_true"] = "It is false, see the table."

    assert admin_client.post(url(question), data).status_code == 302

    before = question.answer
    question.refresh_from_db()
    assert question.answer is (not before)
    assert {"text": "True", "feedback": "It is false, see the table."} in question.options
    assert sorted(option["text"] for option in question.options) == ["False", "True"]


def test_a_match_question_edited_as_pairs(admin_client, seed_briefing):
    question = first(seed_briefing, "match")
    data = page_data(admin_client, question)
    count = len(question.answer)
    data[f"match-pair-{count}-left"] = "Border Security"
    data[f"match-pair-{count}-right"] = "Patrols along the frontier"

    assert admin_client.post(url(question), data).status_code == 302
    question.refresh_from_db()
    assert question.answer["Border Security"] == "Patrols along the frontier"
    assert len(question.answer) == count + 1

    data = page_data(admin_client, question)
    data["match-pair-0-right"] = ""
    refused = admin_client.post(url(question), data)
    assert "Pair 1 needs both an item and its match." in text_of(refused)


def test_a_categorize_question_edited_as_groups_and_items(admin_client, seed_briefing):
    question = first(seed_briefing, "categorize")
    data = page_data(admin_client, question)
    groups = [option["text"] for option in question.options]
    assert [data[f"categorize-group-{n}-name"] for n in range(len(groups))] == groups
    # Rename the first group: its items follow it. Move item 1 to the other group.
    data["categorize-group-0-name"] = "Risks"
    data["categorize-item-0-group"] = "1" if data["categorize-item-0-group"] == "0" else "0"
    moved = data["categorize-item-0-text"]

    response = admin_client.post(url(question), data)

    assert response.status_code == 302, text_of(response)[:3000]
    question.refresh_from_db()
    assert [option["text"] for option in question.options] == ["Risks", groups[1]]
    assert set(question.answer.values()) == {"Risks", groups[1]}
    assert question.answer[moved] == (
        "Risks" if data["categorize-item-0-group"] == "0" else groups[1]
    )

    data = page_data(admin_client, question)
    data["categorize-item-1-group"] = ""
    refused = admin_client.post(url(question), data)
    assert "Choose a group for item 2" in text_of(refused)


def test_a_cloze_question_takes_another_accepted_answer(admin_client, seed_briefing):
    question = first(seed_briefing, "cloze")
    data = page_data(admin_client, question)
    data[f"cloze-answer-{len(question.answer)}-text"] = "capacity-building"

    assert admin_client.post(url(question), data).status_code == 302
    question.refresh_from_db()
    assert question.answer[-1] == "capacity-building"

    data = page_data(admin_client, question) | {"prompt": "A prompt without its blank."}
    refused = admin_client.post(url(question), data)
    assert "A cloze prompt shows the blank as ____" in text_of(refused)


def test_an_ordering_question_is_reordered_by_position(admin_client):
    from tests.factories import import_text, make_source

    briefing = add_ordered_list(import_text(make_source()))
    question = first(briefing, "ordering")
    data = page_data(admin_client, question)
    assert [data[f"ordering-step-{n}-text"] for n in range(len(STEPS))] == STEPS
    data["ordering-step-0-ORDER"], data["ordering-step-1-ORDER"] = "2", "1"

    assert admin_client.post(url(question), data).status_code == 302
    question.refresh_from_db()
    assert question.answer == [STEPS[1], STEPS[0], *STEPS[2:]]

    data = page_data(admin_client, question)
    data["ordering-step-1-text"] = data["ordering-step-0-text"]
    refused = admin_client.post(url(question), data)
    assert "is listed twice" in text_of(refused)


def test_a_new_question_is_written_with_its_kind_editor(admin_client, seed_briefing):
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    html = admin_client.get("/admin/quizzes/question/add/").content.decode()
    data = form_data(html, "question_form")
    assert all(f'data-kind="{kind}"' in html for kind in Question.Kind.values)
    data |= {
        "quiz": str(quiz.pk),
        "kind": "choice",
        "prompt": "Which body leads the partnership?",
        "choice-option-0-text": "The joint committee",
        "choice-option-1-text": "The city council",
        "choice-option-1-feedback": "The council has no say here.",
        "choice-option-2-text": "The press office",
        "choice-correct": "0",
        # Another kind's rows are ignored: only the chosen kind's editor is read.
        "match-pair-0-left": "stray",
    }

    response = admin_client.post("/admin/quizzes/question/add/", data)

    assert response.status_code == 302, text_of(response)[:3000]
    question = Question.objects.get(prompt="Which body leads the partnership?")
    assert question.answer == "The joint committee"
    assert [option["text"] for option in question.options] == [
        "The joint committee",
        "The city council",
        "The press office",
    ]
    assert question.origin == Question.Origin.MANUAL
    assert question.position == quiz.questions.exclude(pk=question.pk).count()


def test_the_preview_shows_the_question_as_a_learner_and_the_findings_beside_it(
    admin_client, seed_briefing
):
    question = first(seed_briefing, "choice")

    html = admin_client.get(url(question)).content.decode()

    preview = html.split("Preview as a learner", 1)[1]
    assert 'class="learner-preview"' in preview
    assert '<fieldset class="preview-fields" disabled>' in preview
    assert html_module.escape(question.prompt, quote=False) in preview
    assert all(html_module.escape(o["text"], quote=False) in preview for o in question.options)
    assert "After a right answer" in preview and "✔" in preview
    assert "Question linter" in preview and "No problem found." in preview


def test_the_preview_shows_the_saved_question_after_a_refused_edit(admin_client, seed_briefing):
    question = first(seed_briefing, "choice")
    data = page_data(admin_client, question) | {"prompt": "An unsaved prompt?"}
    data.pop("choice-correct")

    response = admin_client.post(url(question), data)

    preview = response.content.decode().split("Preview as a learner", 1)[1]
    assert "An unsaved prompt?" not in preview
    assert html_module.escape(question.prompt, quote=False) in preview
