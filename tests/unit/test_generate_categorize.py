from quizzes.generate.categorize import spread_over_chunks
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    check_invariants,
    generate_unlinted as generate,
    of_kind,
    one_lesson,
    skipped,
    table,
)

CHALLENGES = table(
    ("Challenges", "Opportunities"),
    ("Coordination between forces", "Joint training initiatives"),
    ("Preventing reliance on support", "Local economic projects"),
    ("Addressing extremist threats", "Community resilience programs"),
    parallel=True,
)


def sorts(doc, seed=0):
    return of_kind(generate(doc, seed=seed), QuestionKind.CATEGORIZE)


def test_each_item_goes_under_its_column():
    (question,) = sorts(one_lesson(CHALLENGES, title="Future"))
    assert question.prompt == "Sort each item: is it a challenge or an opportunity in “Future”?"
    assert [option.text for option in question.options] == ["Challenges", "Opportunities"]
    assert question.answer["Joint training initiatives"] == "Opportunities"
    assert question.answer["Addressing extremist threats"] == "Challenges"
    assert len(question.answer) == 6
    assert question.explanation.startswith(
        "In “Future”, the table “Challenges | Opportunities” lists under Challenges: "
        "“Coordination between forces”"
    )


def test_item_order_is_shuffled_by_the_seed_but_the_fingerprint_is_not():
    orders = {tuple(sorts(one_lesson(CHALLENGES), seed)[0].answer) for seed in range(8)}
    assert len(orders) > 1
    assert len({sorts(one_lesson(CHALLENGES), seed)[0].fingerprint for seed in range(8)}) == 1


def test_an_item_under_two_columns_is_left_out_and_reported():
    block = table(
        ("Strengths", "Weaknesses"),
        ("Local knowledge", "Local knowledge"),
        ("Training", "Funding gaps"),
        ("Equipment", "Slow logistics"),
        parallel=True,
    )
    result = generate(one_lesson(block))
    (question,) = of_kind(result, QuestionKind.CATEGORIZE)
    assert "Local knowledge" not in question.answer
    assert (
        "Table “Strengths | Weaknesses”: “Local knowledge” appears under Strengths and "
        "Weaknesses, left out of the question."
    ) in skipped(result)


def test_large_tables_are_split_with_two_columns_in_every_part():
    rows = [(f"Risk {i}", f"Chance {i}", f"Lesson {i}") for i in range(7)]
    block = table(("Risks", "Chances", "Lessons"), *rows, parallel=True)
    questions = sorts(one_lesson(block))
    assert len(questions) == 3
    assert sum(len(q.answer) for q in questions) == 21
    assert all(len(q.answer) <= 8 for q in questions)
    assert all(len(set(q.answer.values())) >= 2 for q in questions)
    assert (
        questions[0].prompt
        == "Sort each item: is it a risk, a chance or a lesson in “Lesson one” (part 1 of 3)?"
    )


def test_spread_keeps_chunks_balanced():
    items = {"A": [f"a{i}" for i in range(9)], "B": [f"b{i}" for i in range(9)]}
    sizes = [len(chunk) for chunk in spread_over_chunks(items, 8)]
    assert sorted(sizes) == [6, 6, 6]


def test_a_one_sided_table_gives_nothing_and_says_so():
    block = table(
        ("Challenges", "Opportunities"),
        ("Only a challenge", ""),
        ("Another one", ""),
        parallel=True,
    )
    result = generate(one_lesson(block))
    assert not of_kind(result, QuestionKind.CATEGORIZE)
    assert any("fewer than two columns have items" in reason for reason in skipped(result))


def test_a_lopsided_split_skips_parts_with_one_column():
    rows = [(f"Risk number {i}", "Rare chance" if i == 0 else "") for i in range(12)]
    block = table(("Risks", "Chances"), *rows, parallel=True)
    result = generate(one_lesson(block))
    questions = of_kind(result, QuestionKind.CATEGORIZE)
    assert len(questions) == 1
    assert any("would sort into one column only" in reason for reason in skipped(result))


def test_key_value_tables_give_no_categorize_question():
    block = table(("Focus Area", "Action Plan"), ("A area", "A plan"), ("B area", "B plan"))
    assert not sorts(one_lesson(block))


def test_invariants_hold():
    check_invariants(one_lesson(CHALLENGES))
