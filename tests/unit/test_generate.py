import ast
from pathlib import Path

import quizzes.generate
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    FOCUS_TABLE,
    check_invariants,
    document,
    generate_unlinted as generate,
    lesson,
    paragraph,
    steps,
    table,
    terms,
)

GLOSSARY = terms(
    ("Deterrence", "Keeping adversaries from acting through credible defence."),
    ("Resilience", "Recovering quickly from shocks to infrastructure."),
    ("Community Resilience", "Local programs that help towns recover."),
)
CHALLENGES = table(
    ("Challenges", "Opportunities"),
    ("Coordination between forces", "Joint training initiatives"),
    ("Preventing reliance on support", "Local economic projects"),
    parallel=True,
)


def mixed_document():
    return document(
        lesson(
            "Basics",
            paragraph("Credible deterrence keeps the whole region calm for years to come."),
            GLOSSARY,
            FOCUS_TABLE,
        ),
        lesson(
            "Outlook",
            CHALLENGES,
            paragraph("Community resilience grows with every project."),
            steps("Survey the towns.", "Fund the projects.", "Measure the recovery."),
        ),
    )


def test_every_kind_is_generated_in_lesson_block_kind_order():
    result = check_invariants(mixed_document())
    kinds = {question.kind for question in result.questions}
    assert kinds == set(QuestionKind)
    order = [(q.lesson, q.source.block, list(QuestionKind).index(q.kind)) for q in result.questions]
    assert order == sorted(order)


def test_within_a_block_questions_follow_the_rows():
    result = generate(document(lesson("Basics", FOCUS_TABLE)))
    rows = [q.source.row for q in result.questions if q.kind == QuestionKind.CHOICE]
    assert rows == sorted(rows)
    directions = [q.direction for q in result.questions if q.kind == QuestionKind.CHOICE]
    assert directions[:2] == ["key_to_value", "value_to_key"]


def test_same_document_and_seed_give_identical_output():
    assert generate(mixed_document(), seed=7) == generate(mixed_document(), seed=7)


def test_another_seed_keeps_the_facts_and_fingerprints():
    first, second = generate(mixed_document(), seed=1), generate(mixed_document(), seed=2)
    assert [q.fingerprint for q in first.questions] == [q.fingerprint for q in second.questions]
    assert [q.fact for q in first.questions] == [q.fact for q in second.questions]
    assert [q.options for q in first.questions] != [q.options for q in second.questions]


def test_the_report_counts_every_kind_per_lesson():
    result = generate(mixed_document())
    assert result.report.counts[1] == {"categorize": 1, "cloze": 1, "ordering": 1}
    assert sum(sum(per_kind.values()) for per_kind in result.report.counts.values()) == len(
        result.questions
    )


def test_duplicate_facts_are_dropped_and_reported():
    result = generate(document(lesson("One", FOCUS_TABLE), lesson("Two", FOCUS_TABLE)))
    assert {q.lesson for q in result.questions} == {0}
    drops = [reason for reason in result.report.skipped[1] if "repeats one of" in reason]
    assert drops and all("repeats one of lesson 1" in reason for reason in drops)
    assert "Left out a match question that repeats one of lesson 1" in drops[0]


def test_a_document_without_blocks_gives_nothing():
    result = generate(document(lesson("Empty"), title=None))
    assert result.questions == ()
    assert result.report.counts == {}


def test_directions_tell_apart_questions_on_one_source():
    block = table(
        ("Country", "Capital", "Currency"),
        ("France", "Paris", "Euro currency"),
        ("Japan", "Tokyo", "Yen currency"),
        ("Peru", "Lima", "Sol currency"),
    )
    result = check_invariants(document(lesson("Atlas", block)))
    france = {(q.kind.value, q.direction) for q in result.questions if q.source.row == 0}
    assert ("choice", "key_to_value:1") in france
    assert ("choice", "value_to_key:2") in france
    assert ("true_false", "statement:2") in france
    matches = [q.direction for q in result.questions if q.kind == QuestionKind.MATCH]
    assert matches == ["1", "2"]


def test_the_generator_imports_no_django():
    package = Path(quizzes.generate.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path.name
