"""Table triage (issue 9): key column, identifiers, constant columns, records, long cells."""

from quizzes.generate import generate
from quizzes.generate.spec import QuestionKind
from quizzes.generate.triage import is_constant, is_identifier, is_option_worthy, triage_tables
from tests.unit.generate_helpers import document, lesson, of_kind, one_lesson, skipped, table

PRIORITIES = table(
    ("#", "Type", "Example"),
    ("#P1", "Critical", "Complete outage of the service"),
    ("#P2", "Major", "Substantial degradation of service"),
    ("#P3", "Significant", "Intermittent errors for some users"),
    ("#P4", "Minor", "A failed component with no impact yet"),
)


def test_identifiers_are_recognised():
    for cell in ("#P1", "1", "(3)", "3a", "Test009", "T-12", "01", ">/=7", "1-3"):
        assert is_identifier(cell), cell
    for cell in ("Critical", "Paris", "Joint exercises", "Go"):
        assert not is_identifier(cell), cell


def test_the_key_column_is_the_first_of_unique_names():
    verdict = triage_tables(one_lesson(PRIORITIES)).of(0, 0)
    assert verdict.key_column == 1
    assert verdict.value_columns == (2,)


def test_no_question_is_asked_on_an_identifier():
    result = generate(one_lesson(PRIORITIES))
    assert result.questions
    for question in result.questions:
        assert "#P" not in question.prompt
        assert all("#P" not in option.text for option in question.options)
        if question.kind == QuestionKind.MATCH:
            assert not any(key.startswith("#P") for key in question.answer)


def test_a_table_without_a_key_column_asks_nothing():
    block = table(("#", "Step"), ("1", "10"), ("2", "20"), ("3", "30"))
    result = generate(one_lesson(block))
    assert not result.questions
    assert any("no column has unique names" in reason for reason in skipped(result))


def test_constant_columns():
    assert is_constant(["Not Mitigated"] * 5, 5)
    assert is_constant(["Yes", "No", "Yes"], 3)
    assert is_constant(["A", "A", "B", "C"], 4)
    assert not is_constant(["A", "B", "C", "D"], 4)
    assert not is_constant(["A", "B"], 2)


def test_a_constant_column_gets_no_true_false_choice_or_match():
    block = table(
        ("Risk", "Status", "Owner"),
        ("Data loss", "Not Mitigated", "Storage team"),
        ("Outage", "Not Mitigated", "Platform team"),
        ("Breach", "Not Mitigated", "Security team"),
    )
    result = generate(one_lesson(block))
    assert not any("Not Mitigated" in q.prompt for q in result.questions)
    assert not any("Not Mitigated" in option.text for q in result.questions for option in q.options)
    assert any("“Status” repeats the same few values" in r for r in skipped(result))
    assert of_kind(result, QuestionKind.MATCH)


def test_two_column_records_repeated_across_sibling_tables_ask_nothing():
    def record(datatype: str, default: str):
        return table(
            ("Parameter", "Value"),
            ("Optional", "Yes"),
            ("Datatype", datatype),
            ("Default", default),
        )

    doc = document(
        lesson("AppID", record("String", "n/a")),
        lesson("DarkMode", record("Switch", "Off")),
        lesson("LogIn", record("Boolean", "$true")),
    )
    result = generate(doc)
    assert not result.questions
    assert not any("Optional" in q.prompt for q in result.questions)
    assert any("one record of a kind" in reason for reason in skipped(result))
    # The same table twice is not a record: its facts are simply stated twice.
    same = document(lesson("One", record("String", "n/a")), lesson("Two", record("String", "n/a")))
    assert not any("one record of a kind" in reason for reason in skipped(generate(same)))


def test_a_row_that_repeats_the_header_is_never_asked_about():
    block = table(
        ("Country", "Capital"),
        ("Country", "Capital"),
        ("France", "Paris"),
        ("Japan", "Tokyo"),
        ("Peru", "Lima"),
    )
    result = generate(one_lesson(block))
    assert result.questions
    assert not any("“Capital”" in q.prompt or q.answer == "Capital" for q in result.questions)


def test_long_or_multi_sentence_cells_are_not_options():
    assert is_option_worthy("Joint exercises and missions.")
    assert not is_option_worthy("First sentence here. Second sentence there.")
    assert not is_option_worthy("word " * 50)
    long_value = "Patrols along the frontier, day and night, with partner units. " * 4
    block = table(
        ("Focus Area", "Action Plan"),
        ("Alpha", "Joint exercises and missions"),
        ("Beta", "Growth of cyber protocols"),
        ("Gamma", long_value.strip()),
        ("Delta", "Programs against radicalization"),
    )
    result = generate(one_lesson(block))
    for question in result.questions:
        assert all(option.text != long_value.strip() for option in question.options)
        if question.kind == QuestionKind.MATCH:
            assert long_value.strip() not in question.answer.values()
