from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    FOCUS_TABLE,
    check_invariants,
    document,
    generate_unlinted as generate,
    lesson,
    of_kind,
    one_lesson,
    table,
    terms,
)

SIX_ROWS = table(
    ("Focus Area", "Action Steps"),
    ("Economic Development", "Encourage investments in infrastructure."),
    ("Military Cooperation", "Conduct joint military training and exercises."),
    ("Intelligence Sharing", "Enhance intelligence collaboration on threats."),
    ("Cultural Exchanges", "Promote educational scholarships and programs."),
    ("Civil Society Partnerships", "Support dialogue initiatives and projects."),
    ("Diplomatic Engagement", "Facilitate regular bilateral meetings."),
)


def statements(doc, seed=0):
    return of_kind(generate(doc, seed=seed), QuestionKind.TRUE_FALSE)


def test_one_statement_per_row_about_half_of_them_true():
    questions = statements(one_lesson(SIX_ROWS))
    assert len(questions) == 6
    assert 2 <= sum(q.answer for q in questions) <= 3


def test_a_true_statement_reads_well():
    question = next(q for q in statements(one_lesson(SIX_ROWS)) if q.answer)
    key = SIX_ROWS.rows[question.source.row][0]
    value = SIX_ROWS.rows[question.source.row][1].rstrip(".")
    assert question.prompt == f"True or false: the action step for {key} is “{value}”."
    assert [option.text for option in question.options] == ["True", "False"]
    assert question.options[0].feedback == "Correct."
    assert question.options[1].feedback.startswith("It is true. In “Lesson one”")


def test_a_false_statement_names_the_right_value_and_where_the_shown_one_belongs():
    question = next(q for q in statements(document(lesson("Steps", SIX_ROWS))) if not q.answer)
    key, right = SIX_ROWS.rows[question.source.row]
    shown = question.prompt.split("“")[1].split("”")[0]
    owner = next(row[0] for row in SIX_ROWS.rows if row[1].rstrip(".") == shown)
    assert owner != key
    assert right in question.explanation
    assert f"“{shown}” is the action step for {owner}." in question.explanation
    assert question.options[0].feedback == f"No: “{shown}” is the action step for {owner}."
    assert question.options[1].feedback == "Correct."


def test_the_fingerprint_is_the_rows_whatever_the_seed_makes_of_it():
    by_seed = [
        {q.fingerprint: q.answer for q in statements(one_lesson(SIX_ROWS), seed)}
        for seed in range(8)
    ]
    # Which statements are true no longer depends on the seed: a seed must not
    # decide whether a statement can be made at all (see true_false's docstring).
    assert all(each == by_seed[0] for each in by_seed)


def test_statement_shares_the_fact_of_its_row():
    result = generate(one_lesson(FOCUS_TABLE))
    for question in of_kind(result, QuestionKind.TRUE_FALSE):
        same_row = [
            q for q in of_kind(result, QuestionKind.CHOICE) if q.source.row == question.source.row
        ]
        assert {q.fact for q in same_row} <= {question.fact}
    rows = {q.source.row for q in of_kind(result, QuestionKind.CHOICE)}
    assert any(q.source.row in rows for q in of_kind(result, QuestionKind.TRUE_FALSE))


def test_ambiguous_keys_get_no_statement():
    doc = document(
        lesson("One", SIX_ROWS),
        lesson(
            "Two", terms(("Intelligence Sharing", "Collaborative efforts."), ("Other", "Else."))
        ),
    )
    assert not any("Intelligence Sharing" in q.prompt.split("is")[0] for q in statements(doc))


def test_the_false_value_is_never_right_for_the_key_elsewhere():
    block = table(
        ("Country", "Main City", "Largest City"),
        ("France", "Paris", "Marseille"),
        ("Spain", "Marseille", "Madrid"),
    )
    about_france = [
        question
        for seed in range(10)
        for question in statements(one_lesson(block), seed)
        if question.prompt.startswith("True or false: the main city for France")
    ]
    assert all("Marseille" not in q.prompt for q in about_france)


def test_a_constant_column_gets_no_statement():
    block = table(
        ("Item", "Status"), ("First item", "Done"), ("Second item", "Done"), ("Third", "Open")
    )
    assert not statements(one_lesson(block))
    varied = table(
        ("Item", "Status"), ("First item", "Done"), ("Second item", "Open"), ("Third", "Late")
    )
    assert statements(one_lesson(varied))


def test_no_statement_is_true_by_its_wording_alone():
    glossary = terms(
        ("Training Programs", "Customized training initiatives for units."),
        ("Joint Operations", "Collaborative missions with partners."),
        ("Border Watch", "Guarding the frontier at night."),
        ("Air Policing", "Patrols of national airspace."),
    )
    questions = statements(one_lesson(glossary))
    training = [q for q in questions if q.prompt.startswith("True or false: Training Programs")]
    assert training and not any(q.answer for q in training)
    assert any(q.answer for q in questions)


def test_a_false_statement_never_shows_a_value_a_true_one_states():
    for block in (SIX_ROWS, FOCUS_TABLE):
        questions = statements(one_lesson(block))
        true_values = {q.prompt.split("“")[1] for q in questions if q.answer}
        false_values = {q.prompt.split("“")[1] for q in questions if not q.answer}
        assert true_values and false_values
        assert not true_values & false_values


def test_term_lists_give_statements():
    glossary = terms(
        ("Strategic Consultation", "High-level discussions to align objectives."),
        ("Joint Operations", "Collaborative missions that strengthen interoperability."),
        ("Border Watch", "Guarding the frontier at night."),
        ("Air Policing", "Patrols of national airspace."),
    )
    questions = statements(one_lesson(glossary))
    assert len(questions) == 4
    assert any(q.prompt.startswith("True or false: Joint Operations means “") for q in questions)


def test_invariants_hold():
    check_invariants(one_lesson(SIX_ROWS, FOCUS_TABLE))
