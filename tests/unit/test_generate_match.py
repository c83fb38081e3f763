from quizzes.generate.match import balanced_chunks
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    FOCUS_TABLE,
    check_invariants,
    generate_unlinted as generate,
    of_kind,
    one_lesson,
    skipped,
    table,
    terms,
)


def matches(doc):
    return of_kind(generate(doc), QuestionKind.MATCH)


def numbered_table(count: int, header=("Item", "Detail")):
    rows = [(f"Item {chr(65 + i)}", f"Detail number {i} of the list") for i in range(count)]
    return table(header, *rows)


def test_a_key_value_table_gives_one_match_in_source_order():
    (question,) = matches(one_lesson(FOCUS_TABLE, title="Strategies"))
    assert question.prompt == "In “Strategies”, match each focus area to its action plan."
    # Cybersecurity Measures ↔ "…cyber protocols" could be matched on "cyber" alone: left out.
    kept = [row[0] for row in FOCUS_TABLE.rows if row[0] != "Cybersecurity Measures"]
    assert list(question.answer) == kept
    assert question.answer["Community Resilience"] == (
        "Programs aimed at countering radicalization at grassroots"
    )
    assert question.explanation == "From the table “Focus Area | Action Plan” in “Strategies”."
    assert (question.source.lesson, question.source.block) == (0, 0)
    assert question.source.row is None and question.source.term is None


def test_a_term_list_gives_a_match_of_terms_to_descriptions():
    block = terms(("Deterrence", "Keeping adversaries from acting."), ("Resilience", "Recovering."))
    (question,) = matches(one_lesson(block))
    assert question.prompt == "In “Lesson one”, match each term to its description."
    assert question.answer == {
        "Deterrence": "Keeping adversaries from acting.",
        "Resilience": "Recovering.",
    }


def test_a_three_column_table_gives_one_match_per_value_column():
    block = table(
        ("Country", "Capital", "Currency"),
        ("France", "Paris", "Euro"),
        ("Japan", "Tokyo", "Yen"),
        ("Peru", "Lima", "Sol"),
    )
    questions = matches(one_lesson(block))
    assert [q.prompt for q in questions] == [
        "In “Lesson one”, match each country to its capital.",
        "In “Lesson one”, match each country to its currency.",
    ]
    assert questions[1].answer == {"France": "Euro", "Japan": "Yen", "Peru": "Sol"}
    assert questions[0].fact != questions[1].fact


def test_seven_pairs_split_four_and_three():
    questions = matches(one_lesson(numbered_table(7)))
    assert [len(q.answer) for q in questions] == [4, 3]
    assert questions[0].prompt.endswith("(part 1 of 2).")
    assert len({q.fact for q in questions}) == 1
    assert len({q.fingerprint for q in questions}) == 2


def test_chunks_are_balanced_and_never_single():
    for count in range(2, 40):
        sizes = [len(chunk) for chunk in balanced_chunks([(str(i), "x") for i in range(count)], 6)]
        assert sum(sizes) == count
        assert max(sizes) <= 6 and min(sizes) >= 2
        assert max(sizes) - min(sizes) <= 1


def test_six_pairs_stay_one_question():
    assert [len(q.answer) for q in matches(one_lesson(numbered_table(6)))] == [6]


def test_a_one_row_table_is_too_small_and_reported():
    doc = one_lesson(table(("Focus Area", "Action Plan"), ("Only", "One plan here")))
    result = generate(doc)
    assert not of_kind(result, QuestionKind.MATCH)
    assert (
        "Table “Focus Area | Action Plan” has only 1 usable row: too small for a match question."
        in skipped(result)
    )


def test_empty_cells_are_left_out_and_reported():
    block = table(
        ("Focus Area", "Action Plan"),
        ("Alpha", "First plan of action"),
        ("Beta", ""),
        ("", "Orphan plan of action"),
        ("Gamma", "Third plan of action"),
    )
    result = generate(one_lesson(block))
    (question,) = of_kind(result, QuestionKind.MATCH)
    assert question.answer == {"Alpha": "First plan of action", "Gamma": "Third plan of action"}
    reasons = skipped(result)
    assert any("row 2 has an empty cell" in reason for reason in reasons)
    assert any("row 3 has an empty cell" in reason for reason in reasons)


def test_duplicate_left_items_are_ambiguous_and_left_out():
    # A table's key column is unique by triage; a term list can still repeat a term.
    block = terms(
        ("Alpha", "First plan"),
        ("alpha.", "Second plan"),
        ("Beta", "Third plan"),
        ("Gamma", "Fourth plan"),
    )
    result = generate(one_lesson(block))
    (question,) = of_kind(result, QuestionKind.MATCH)
    assert question.answer == {"Beta": "Third plan", "Gamma": "Fourth plan"}
    assert any("appears more than once on the left" in reason for reason in skipped(result))


def test_duplicate_right_items_are_ambiguous_and_left_out():
    block = table(
        ("Focus Area", "Action Plan"),
        ("Alpha", "The shared plan."),
        ("Beta", "shared plan"),
        ("Gamma", "Own plan"),
        ("Delta", "Fifth plan"),
        ("Epsilon", "Sixth plan"),
    )
    result = generate(one_lesson(block))
    (question,) = of_kind(result, QuestionKind.MATCH)
    assert set(question.answer) == {"Gamma", "Delta", "Epsilon"}
    assert any("appears more than once on the right" in reason for reason in skipped(result))


def test_a_table_whose_values_are_all_the_same_gives_no_match():
    block = table(("Item", "Status"), ("A one", "Done"), ("B two", "Done"), ("C three", "done"))
    assert not matches(one_lesson(block))


def test_reordering_rows_keeps_the_fingerprints():
    rows = [(f"Key {i}", f"Value number {i}") for i in range(9)]
    forward = matches(one_lesson(table(("Key", "Value"), *rows)))
    backward = matches(one_lesson(table(("Key", "Value"), *reversed(rows))))
    assert {q.fingerprint for q in forward} == {q.fingerprint for q in backward}
    assert {q.fact for q in forward} == {q.fact for q in backward}


def test_parallel_lists_tables_give_no_match():
    block = table(
        ("Challenges", "Opportunities"),
        ("A risk", "A chance"),
        ("B risk", "B chance"),
        parallel=True,
    )
    assert not matches(one_lesson(block))


def test_invariants_hold_on_adversarial_tables():
    check_invariants(one_lesson(numbered_table(13), numbered_table(1), FOCUS_TABLE))
