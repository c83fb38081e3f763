"""The generator on the cleaned seed document (needs ``briefing.ingest.ingest``)."""

import pytest

from briefing.ingest.document import Table, TableShape, TermList
from quizzes.generate.fingerprint import normalise_answer
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import check_invariants, seed_document, skipped

SEED = seed_document()
pytestmark = pytest.mark.skipif(SEED is None, reason="briefing.ingest.ingest is not there yet")
AMBIGUOUS = {
    "Intelligence Sharing",
    "Logistical Support",
    "Capacity Building",
    "Economic Development",
    "Diplomatic Engagement",
}


def blocks_of(kind):
    return [
        (lesson_position, block_position, block)
        for lesson_position, lesson in enumerate(SEED.lessons)
        for block_position, block in enumerate(lesson.blocks)
        if isinstance(block, kind)
    ]


@pytest.fixture(scope="module", params=[0, 1, 2])
def result(request):
    return check_invariants(SEED, request.param)


def test_the_seed_is_the_shape_the_generator_expects():
    assert len(SEED.lessons) == 8
    tables = [block for _, _, block in blocks_of(Table)]
    assert [" | ".join(t.header) for t in tables] == [
        "Focus Area | Action Plan",
        "Component | Description",
        "Key Focus Areas | Expected Outcomes",
        "Focus Area | Action Steps",
        "Challenges | Opportunities",
    ]
    assert [len(t.rows) for t in tables] == [3, 3, 4, 6, 3]
    assert tables[-1].shape == TableShape.PARALLEL_LISTS
    term_lists = [block for _, _, block in blocks_of(TermList)]
    assert len(term_lists) == 5
    assert sum(len(block.terms) for block in term_lists) == 17


def test_many_questions_of_most_kinds(result):
    assert len(result.questions) >= 60
    assert len({q.kind for q in result.questions}) >= 4


def test_every_key_value_table_and_term_list_yields_questions(result):
    """Issue 9's acceptance: each of them, with 3 or more usable rows, yields questions."""
    asked = {(q.lesson, q.source.block) for q in result.questions}
    sources = [
        (lesson, block)
        for lesson, block, item in blocks_of(Table)
        if item.shape == TableShape.KEY_VALUE
    ] + [(lesson, block) for lesson, block, _ in blocks_of(TermList)]
    assert len(sources) == 9
    assert set(sources) <= asked


def test_intelligence_sharing_is_never_asked_for_its_meaning(result):
    for question in result.questions:
        if question.kind in (QuestionKind.CHOICE, QuestionKind.TRUE_FALSE):
            assert not question.prompt.endswith("Intelligence Sharing?"), question.prompt
            assert not question.prompt.startswith("True or false: Intelligence Sharing ")


def test_challenges_and_opportunities_give_a_categorize_question(result):
    (lesson, block, _) = next(
        place for place in blocks_of(Table) if place[2].shape == TableShape.PARALLEL_LISTS
    )
    (question,) = [q for q in result.questions if q.kind == QuestionKind.CATEGORIZE]
    assert (question.lesson, question.source.block) == (lesson, block)
    assert set(question.answer.values()) == {"Challenges", "Opportunities"}
    assert len(question.answer) == 6


def test_keys_with_several_meanings_are_never_asked_for_their_value(result):
    ambiguous = {normalise_answer(key) for key in AMBIGUOUS}
    for question in result.questions:
        if question.kind not in (QuestionKind.CHOICE, QuestionKind.TRUE_FALSE):
            continue
        block = SEED.lessons[question.lesson].blocks[question.source.block]
        if question.source.term is not None:
            key = block.terms[question.source.term].term
        else:
            key = block.rows[question.source.row][0]
        if normalise_answer(key) in ambiguous:
            assert question.kind == QuestionKind.CHOICE
            assert question.answer == key, question.prompt


def test_the_report_says_why_ambiguous_keys_are_not_asked(result):
    reasons = skipped(result)
    assert any(r.startswith("Intelligence Sharing has 4 different meanings") for r in reasons)
    assert any(r.startswith("Logistical Support has 2 different meanings") for r in reasons)


def test_prompts_read_like_the_examples(result):
    prompts = {q.prompt for q in result.questions}
    assert "Which action plan belongs to Community Resilience?" in prompts
    assert (
        "Which focus area is pursued through “Joint exercises and intelligence-led missions”?"
        in prompts
    )
    assert (
        "In “Shifting Strategies in the Fight Against ISIS”, match each focus area to its "
        "action plan." in prompts
    )
