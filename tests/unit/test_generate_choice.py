from random import Random

from quizzes.generate.distractors import (
    comparable_length,
    near_duplicates,
    value_distractors,
)
from quizzes.generate.facts import build_index
from quizzes.generate.fingerprint import normalise_answer
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    FOCUS_TABLE,
    check_invariants,
    document,
    generate_unlinted as generate,
    lesson,
    of_kind,
    one_lesson,
    skipped,
    table,
    terms,
)

STEPS_TABLE = table(
    ("Focus Area", "Action Steps"),
    ("Military Cooperation", "Conduct joint military training and exercises."),
    ("Cultural Exchanges", "Promote educational scholarships and cultural programs."),
)


def choices(doc, seed=0):
    return of_kind(generate(doc, seed=seed), QuestionKind.CHOICE)


def asking(questions, prompt):
    (question,) = [q for q in questions if q.prompt == prompt]
    return question


def feedback_of(question):
    return {option.text: option.feedback for option in question.options}


def test_key_to_value_asks_for_the_value_with_feedback_on_each_distractor():
    doc = document(lesson("Strategies", FOCUS_TABLE))
    question = asking(choices(doc), "Which action plan belongs to Community Resilience?")
    assert question.answer == "Programs aimed at countering radicalization at grassroots"
    feedback = feedback_of(question)
    assert feedback[question.answer] == "Correct."
    assert feedback["Growth of defensive cyber protocols"] == (
        "That is the action plan for Cybersecurity Measures."
    )
    assert len(question.options) == 4
    assert question.explanation == (
        "In “Strategies”, the table “Focus Area | Action Plan” gives Community Resilience: "
        "Programs aimed at countering radicalization at grassroots."
    )
    assert question.source.row == 2


def test_value_to_key_asks_for_the_key_with_its_value_as_feedback():
    question = asking(
        choices(one_lesson(FOCUS_TABLE)),
        "Which focus area is pursued through “Joint exercises and intelligence-led missions”?",
    )
    assert question.answer == "Counterterrorism Operations"
    assert feedback_of(question)["Cybersecurity Measures"] == (
        "Cybersecurity Measures: Growth of defensive cyber protocols."
    )


def test_both_directions_share_the_fact_but_not_the_fingerprint():
    questions = [q for q in choices(one_lesson(FOCUS_TABLE)) if q.source.row == 0]
    assert len(questions) == 2
    assert questions[0].fact == questions[1].fact
    assert questions[0].fingerprint != questions[1].fingerprint


def test_same_column_distractors_come_first():
    doc = document(lesson("One", FOCUS_TABLE), lesson("Two", STEPS_TABLE))
    question = asking(choices(doc), "Which action plan belongs to Community Resilience?")
    texts = {option.text for option in question.options}
    assert texts == {row[1] for row in FOCUS_TABLE.rows}


def test_similar_headers_elsewhere_fill_in_with_where_they_belong():
    small = table(
        ("Focus Area", "Action Plan"),
        ("Cybersecurity Measures", "Growth of defensive cyber protocols"),
        ("Community Resilience", "Programs aimed at countering radicalization"),
    )
    steps = table(
        ("Focus Area", "Action Steps"),
        ("Military Cooperation", "Joint military training and exercises"),
        ("Cultural Exchanges", "Educational scholarships and exchange visits"),
    )
    doc = document(lesson("One", small), lesson("Two", steps))
    question = asking(choices(doc), "Which action plan belongs to Community Resilience?")
    assert len(question.options) == 4
    assert feedback_of(question)["Joint military training and exercises"] == (
        "That is the action step for Military Cooperation, in “Two”."
    )


def test_dissimilar_headers_never_give_distractors():
    small = table(
        ("Focus Area", "Action Plan"),
        ("Cybersecurity Measures", "Growth of defensive cyber protocols"),
        ("Community Resilience", "Programs aimed at countering radicalization"),
    )
    other = table(("City", "Landmark"), ("Paris", "The tower built for the fair of 1889"))
    doc = document(lesson("One", small), lesson("Two", other))
    result = generate(doc)
    assert not of_kind(result, QuestionKind.CHOICE)
    assert any(
        reason.startswith("No choice question “Which action plan belongs to Community Resilience?”")
        and "only 1 fair wrong action plan" in reason
        for reason in skipped(result)
    )


def test_term_descriptions_are_distractors_for_descriptions():
    component = table(
        ("Component", "Description"),
        ("Strategic Consultation", "High-level discussions to align security objectives."),
        ("Joint Operations", "Collaborative missions that strengthen interoperability."),
    )
    glossary = terms(
        ("Training Programs", "Customized training initiatives for elite units."),
        ("Logistical Support", "Providing supplies and maintenance for equipment."),
    )
    doc = document(lesson("One", component), lesson("Two", glossary))
    question = asking(choices(doc), "Which description fits Joint Operations?")
    assert len(question.options) == 4
    assert feedback_of(question)["Customized training initiatives for elite units."] == (
        "That describes Training Programs, in “Two”."
    )


def test_a_key_with_two_meanings_gets_no_key_to_value_question():
    doc = document(
        lesson("One", terms(("Capacity Building", "Development programs for institutions."))),
        lesson(
            "Two",
            table(
                ("Focus Area", "Action Plan"),
                ("Capacity Building", "Training forces."),
                ("Joint Patrols", "Patrolling together."),
                ("Border Watch", "Guarding the frontier."),
            ),
        ),
    )
    result = generate(doc)
    prompts = [q.prompt for q in result.questions]
    assert not any("Capacity Building?" in prompt for prompt in prompts)
    assert not any(
        q.kind == QuestionKind.TRUE_FALSE and "Capacity Building" in q.prompt
        for q in result.questions
    )
    assert (
        "Capacity Building has 2 different meanings in the briefing (lessons 1 and 2): "
        "no question asks for its description, and no true/false statement is made about it."
    ) in result.report.skipped[0]
    assert any(q.answer == "Capacity Building" for q in of_kind(result, QuestionKind.CHOICE))


def test_the_same_key_and_value_twice_is_one_fact_asked_once():
    glossary = terms(
        ("Deterrence", "Keeping adversaries from acting."), ("Resilience", "Recovering fast.")
    )
    result = generate(document(lesson("One", glossary), lesson("Two", glossary)))
    fingerprints = [q.fingerprint for q in result.questions]
    assert len(fingerprints) == len(set(fingerprints))
    assert all(q.lesson == 0 for q in result.questions)
    assert any("repeats one of lesson 1" in reason for reason in result.report.skipped[1])


def test_other_columns_of_the_same_row_do_not_make_a_key_ambiguous():
    block = table(
        ("Country", "Main City", "Largest City"),
        ("France", "Paris", "Marseille"),
        ("Japan", "Tokyo", "Osaka"),
        ("Peru", "Lima", "Arequipa"),
    )
    questions = choices(one_lesson(block))
    question = asking(questions, "Which main city goes with France?")
    assert question.answer == "Paris"
    assert "Marseille" not in {option.text for option in question.options}


def test_a_value_shared_by_two_keys_gets_no_value_to_key_question():
    block = table(
        ("Focus Area", "Action Plan"),
        ("Alpha", "Shared plan of action"),
        ("Beta", "Shared plan of action"),
        ("Gamma", "Own plan of action"),
        ("Delta", "Patrols along the river"),
        ("Epsilon", "Training in the north"),
    )
    result = generate(one_lesson(block))
    assert not any(
        "“Shared plan of action”" in q.prompt for q in of_kind(result, QuestionKind.CHOICE)
    )
    assert (
        "“Shared plan of action” belongs to Alpha and Beta: "
        "no question asks which focus area it belongs to."
    ) in skipped(result)


def test_a_table_whose_values_are_all_the_same_gives_no_choice():
    block = table(
        ("Item", "Status"), ("First item", "Done"), ("Second item", "Done"), ("Third item", "Done")
    )
    result = generate(one_lesson(block))
    assert not of_kind(result, QuestionKind.CHOICE)
    assert (
        "Table “Item | Status”: column “Status” repeats the same few values: "
        "no true/false, choice or match question on it."
    ) in skipped(result)


def test_length_rule_keeps_very_long_and_very_short_cells_out():
    long_value = "A very long description " * 8
    block = table(
        ("Focus Area", "Action Plan"),
        ("Alpha", "Joint exercises and missions"),
        ("Beta", "Growth of cyber protocols"),
        ("Gamma", long_value.strip()),
        ("Delta", "Go"),
        ("Epsilon", "Patrols along the border"),
    )
    question = asking(choices(one_lesson(block)), "Which action plan belongs to Alpha?")
    assert {option.text for option in question.options} == {
        "Joint exercises and missions",
        "Growth of cyber protocols",
        "Patrols along the border",
    }
    result = generate(one_lesson(block))
    assert any("Which action plan belongs to Delta?" in reason for reason in skipped(result))


def test_comparable_length_and_near_duplicates():
    assert comparable_length("x" * 10, "y" * 25)
    assert not comparable_length("x" * 10, "y" * 26)
    assert not comparable_length("", "y")
    assert near_duplicates("Joint exercises and missions", "joint exercises and missions.")
    assert near_duplicates("Joint exercises and missions", "Joint exercise and missions")
    assert not near_duplicates("Joint exercises and missions", "Growth of cyber protocols")


def test_near_duplicate_values_are_never_both_options():
    block = table(
        ("Focus Area", "Action Plan"),
        ("Alpha", "Joint exercises and missions"),
        ("Beta", "Joint exercise and missions"),
        ("Gamma", "Growth of cyber protocols"),
        ("Delta", "Programs against radicalization"),
    )
    question = asking(choices(one_lesson(block)), "Which action plan belongs to Alpha?")
    assert "Joint exercise and missions" not in {option.text for option in question.options}


def test_distractor_is_never_right_for_the_key_elsewhere():
    index = build_index(
        document(
            lesson(
                "One",
                table(
                    ("Focus Area", "Action Plan"),
                    ("Alpha", "Plan one"),
                    ("Beta", "Plan two"),
                    ("Gamma", "Plan three"),
                ),
            ),
            lesson("Two", table(("Focus Area", "Action Plan"), ("Beta", "Plan one"))),
        )
    )
    alpha = index.entries[0]
    for seed in range(20):
        chosen = value_distractors(index, alpha, Random(seed))
        assert normalise_answer("Plan one") not in {d.normal_value for d in chosen}
        assert all(d.normal_value not in index.values_of("Alpha") for d in chosen)


def test_another_seed_changes_option_order_not_fingerprints():
    doc = one_lesson(FOCUS_TABLE)
    orders = {tuple(o.text for o in choices(doc, seed)[0].options) for seed in range(10)}
    assert len(orders) > 1
    fingerprints = {tuple(q.fingerprint for q in choices(doc, seed)) for seed in range(10)}
    assert len(fingerprints) == 1


def test_unicode_keys_and_values():
    block = table(
        ("Ville", "Monument"),
        ("Łódź", "Manufaktura — ancienne usine"),
        ("São Paulo", "Catedral da Sé, naïve façade"),
        ("Αθήνα", "Ακρόπολη και Παρθενώνας"),
    )
    result = check_invariants(one_lesson(block))
    assert asking(of_kind(result, QuestionKind.CHOICE), "Which monument goes with Łódź?")


def test_invariants_hold_on_inline_documents():
    check_invariants(document(lesson("One", FOCUS_TABLE), lesson("Two", STEPS_TABLE)))
