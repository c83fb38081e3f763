from briefing.ingest.document import Heading, ItemList, ListItem
from quizzes.generate import generate
from quizzes.generate.ordering import list_subject, subject_of_title
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    check_invariants,
    document,
    lesson,
    of_kind,
    one_lesson,
    paragraph,
    skipped,
    steps,
)

PLAN_STEPS = steps(
    "Collect the test cases.",
    "Group them by feature.",
    "Order each group by risk.",
    "Write the test plan.",
)


def orderings(doc, seed=0):
    return of_kind(check_invariants(doc, seed), QuestionKind.ORDERING)


def test_a_numbered_list_of_four_steps_is_one_question_with_the_steps_in_order():
    doc = one_lesson(Heading("Grouping test cases into a test plan"), PLAN_STEPS, title="Testing")
    (question,) = orderings(doc)
    assert question.prompt == "Put the steps of grouping test cases into a test plan in order."
    assert question.answer == [
        "Collect the test cases.",
        "Group them by feature.",
        "Order each group by risk.",
        "Write the test plan.",
    ]
    assert question.options == ()
    assert (question.source.lesson, question.source.block) == (0, 1)
    assert question.explanation == (
        "In “Testing”, the steps come in this order: 1. Collect the test cases; "
        "2. Group them by feature; 3. Order each group by risk; 4. Write the test plan."
    )


def test_three_and_seven_steps_make_questions():
    three = steps("Plan.", "Build.", "Ship.")
    seven = steps(*(f"Step number {n}." for n in range(1, 8)))
    assert len(orderings(one_lesson(three))) == 1
    assert len(orderings(one_lesson(seven))) == 1


def test_two_or_eight_steps_make_none_and_the_report_says_why():
    two = steps("Plan the work.", "Do the work.")
    eight = steps(*(f"Step number {n}." for n in range(1, 9)))
    result = generate(one_lesson(two, eight))
    assert of_kind(result, QuestionKind.ORDERING) == []
    assert skipped(result) == [
        "The numbered list starting “Plan the work”: 2 steps; "
        "an ordering question needs 3 to 7, no ordering question.",
        "The numbered list starting “Step number 1”: 8 steps; "
        "an ordering question needs 3 to 7, no ordering question.",
    ]


def test_a_bulleted_list_is_not_a_sequence():
    result = generate(one_lesson(steps("Plan.", "Build.", "Ship.", ordered=False)))
    assert of_kind(result, QuestionKind.ORDERING) == []
    assert skipped(result) == []


def test_a_step_longer_than_200_characters_makes_no_question():
    long_step = "Review " + "every line of the plan carefully " * 7
    assert len(long_step) > 200
    result = generate(one_lesson(steps("Plan.", long_step, "Ship.")))
    assert of_kind(result, QuestionKind.ORDERING) == []
    assert "a step is longer than 200 characters" in skipped(result)[0]


def test_a_repeated_step_makes_no_question():
    result = generate(one_lesson(steps("Check the logs.", "Restart.", "check the logs")))
    assert of_kind(result, QuestionKind.ORDERING) == []
    assert skipped(result) == [
        "The numbered list starting “Check the logs”: the step “check the logs” appears twice, "
        "no ordering question."
    ]


def test_an_empty_step_makes_no_question():
    result = generate(one_lesson(steps("Plan.", " ", "Ship.")))
    assert of_kind(result, QuestionKind.ORDERING) == []
    assert "a step is empty" in skipped(result)[0]


def test_nested_items_stay_with_their_step_and_are_not_asked():
    nested = ItemList(
        (
            ListItem("Plan.", (ListItem("Write it down."), ListItem("Share it."))),
            ListItem("Build."),
            ListItem("Ship."),
        ),
        ordered=True,
    )
    (question,) = orderings(one_lesson(nested))
    assert question.answer == ["Plan.", "Build.", "Ship."]


def test_the_fingerprint_is_stable_when_another_list_changes():
    other = steps("Open the ticket.", "Assign it.", "Close it.")
    changed = steps("Open the ticket.", "Assign it to a lead.", "Close it.")
    before = orderings(one_lesson(PLAN_STEPS, other))
    after = orderings(one_lesson(PLAN_STEPS, changed))
    assert before[0].fingerprint == after[0].fingerprint
    assert before[0].fact == after[0].fact
    assert before[1].fingerprint != after[1].fingerprint


def test_the_fingerprint_does_not_depend_on_position_and_changes_with_the_order():
    moved = orderings(document(lesson("Other"), lesson("Later", paragraph("Intro."), PLAN_STEPS)))
    (first,) = orderings(one_lesson(PLAN_STEPS))
    assert moved[0].fingerprint == first.fingerprint
    swapped = steps("Group them by feature.", "Collect the test cases.", "Write the test plan.")
    assert orderings(one_lesson(swapped))[0].fingerprint != first.fingerprint


def test_the_introducing_paragraph_names_the_steps():
    intro = paragraph("Releases are cut every week. To publish a release, follow these steps:")
    (question,) = orderings(one_lesson(Heading("Releases"), intro, PLAN_STEPS))
    assert question.prompt == "Put the steps to publish a release in order."


def test_an_introducing_paragraph_that_names_nothing_falls_back_to_the_heading():
    intro = paragraph("First, make sure you can:")
    (question,) = orderings(one_lesson(Heading("Release process"), intro, PLAN_STEPS))
    assert question.prompt == "Put the steps of the release process in order."


def test_a_paragraph_that_does_not_introduce_the_list_is_not_read():
    prose = paragraph("To publish a release, ask the lead.")
    assert list_subject((Heading("Deployment steps"), prose), "Lesson") == "the deployment steps"


def test_without_a_heading_the_lesson_title_names_the_steps():
    (question,) = orderings(one_lesson(PLAN_STEPS, title="How to Rotate Keys"))
    assert question.prompt == "Put the steps to rotate keys in order."


def test_titles_become_the_subject_of_the_prompt():
    assert subject_of_title("Grouping Test Cases Into A Test Plan") == (
        "the steps of grouping test cases into a test plan"
    )
    assert subject_of_title("Installing ScubaGear") == "the steps of installing ScubaGear"
    assert subject_of_title("3. Steps to deploy the app") == "the steps to deploy the app"
    assert subject_of_title("Onboarding stages") == "the onboarding stages"
    assert subject_of_title("Tock") == "the steps under “Tock”"


def test_an_introducing_paragraph_whose_goal_is_a_pronoun_falls_back_to_the_heading():
    intro = paragraph("Keys expire yearly. To do so, follow these steps:")
    (question,) = orderings(one_lesson(Heading("Rotating keys"), intro, PLAN_STEPS))
    assert question.prompt == "Put the steps of rotating keys in order."
    named = paragraph("To rotate the keys, follow these steps:")
    (question,) = orderings(one_lesson(Heading("Rotating keys"), named, PLAN_STEPS))
    assert question.prompt == "Put the steps to rotate the keys in order."


def test_the_explanation_numbers_the_steps_as_the_lesson_does():
    resumed = ItemList(PLAN_STEPS.items, ordered=True, start=5)
    (question,) = orderings(one_lesson(Heading("Grouping test cases"), resumed, title="Testing"))
    assert "5. Collect the test cases; 6. Group them by feature;" in question.explanation
