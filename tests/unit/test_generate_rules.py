"""Item-writing rules kept by the generators (issue 9): one test per rule."""

from briefing.ingest.document import Heading, Table, Term, TermList
from quizzes.generate import generate
from quizzes.generate.spec import QuestionKind
from quizzes.generate.words import content_words, is_imperative
from tests.unit.generate_helpers import (
    check_invariants,
    document,
    lesson,
    of_kind,
    one_lesson,
    paragraph,
    skipped,
    table,
    terms,
)


def choices(doc):
    return of_kind(generate(doc), QuestionKind.CHOICE)


def test_no_stem_word_appears_only_in_the_key():
    cued = terms(
        ("Cyber Defence", "Protecting cyber networks from attacks."),
        ("Border Watch", "Guarding the frontier at night."),
        ("Air Policing", "Patrols of national airspace."),
        ("Sea Control", "Holding the shipping lanes open."),
    )
    result = generate(one_lesson(cued))
    for question in of_kind(result, QuestionKind.CHOICE):
        wrong = set().union(
            *(content_words(o.text) for o in question.options if o.text != question.answer)
        )
        cues = content_words(question.prompt) & content_words(question.answer)
        assert cues <= wrong, question.prompt
    assert any("appears only in the right option" in reason for reason in skipped(result))
    assert not any("Cyber Defence" in q.prompt for q in of_kind(result, QuestionKind.CHOICE))


def test_a_distractor_sharing_the_stem_word_keeps_the_question():
    shared = terms(
        ("Cyber Defence", "Protecting cyber networks from attacks."),
        ("Cyber Offence", "Striking hostile cyber infrastructure."),
        ("Border Watch", "Guarding the frontier at night."),
        ("Air Policing", "Patrols of national airspace."),
    )
    prompts = [q.prompt for q in choices(one_lesson(shared))]
    assert "Which description fits Cyber Defence?" in prompts


def test_a_choice_question_has_at_least_three_options():
    small = table(("City", "Landmark"), ("Paris", "The tower"), ("Rome", "The arena"))
    result = generate(one_lesson(small))
    assert not of_kind(result, QuestionKind.CHOICE)
    bigger = table(
        ("City", "Landmark"), ("Paris", "Tower"), ("Rome", "Arena"), ("Athens", "Temple")
    )
    assert all(len(q.options) >= 3 for q in choices(one_lesson(bigger)))
    assert choices(one_lesson(bigger))


def test_instructions_are_asked_as_steps_among_instructions_only():
    steps = table(
        ("Focus Area", "Action Steps"),
        ("Diplomacy", "Facilitate regular bilateral meetings."),
        ("Culture", "Promote educational scholarships."),
        ("Economy", "Encourage foreign investment in ports."),
        ("Defence", "Joint patrols of the coast"),
    )
    questions = choices(one_lesson(steps))
    prompts = [q.prompt for q in questions]
    assert "Which focus area calls for the step “Facilitate regular bilateral meetings”?" in prompts
    assert "Which focus area is pursued through “Joint patrols of the coast”?" in prompts
    for question in questions:
        if question.answer.startswith(("Facilitate", "Promote", "Encourage")):
            assert all(is_imperative(option.text) for option in question.options)


def test_imperatives_are_recognised():
    assert is_imperative("Facilitate regular meetings.")
    assert is_imperative("Support dialogue initiatives.")
    assert not is_imperative("Support costs for the year")
    assert not is_imperative("Complete outage, or ongoing unauthorised access")
    assert is_imperative("Planifier la continuité", "fr")
    assert not is_imperative("Obligatoire (pour la facturation)", "fr")


def test_options_all_end_with_a_full_stop_or_none_does():
    block = table(
        ("Focus Area", "Action Plan"),
        ("Alpha", "Joint exercises and missions."),
        ("Beta", "Growth of cyber protocols"),
        ("Gamma", "Programs against radicalization."),
        ("Delta", "Patrols along the frontier"),
    )
    for question in choices(one_lesson(block)):
        endings = {option.text.endswith(".") for option in question.options}
        assert len(endings) == 1, question.prompt


def test_a_distractor_whose_fact_overlaps_the_key_is_never_offered():
    glossary = terms(
        ("Logistical Support", "Ensuring forces have the equipment and resources to operate."),
        ("Resource Allocation", "Ensuring logistical support and resources are allocated."),
        ("Training Programs", "Customized courses for elite units."),
        ("Air Policing", "Patrols of national airspace."),
        ("Border Watch", "Guarding the frontier at night."),
    )
    asked = [q for q in choices(one_lesson(glossary)) if q.answer == "Logistical Support"]
    assert asked
    for question in asked:
        assert "Resource Allocation" not in {option.text for option in question.options}


def test_match_pairs_never_share_a_word_with_their_own_match_only():
    glossary = terms(
        ("Cyber Defence", "Protecting cyber networks."),
        ("Border Watch", "Guarding the frontier at night."),
        ("Air Policing", "Patrols of national airspace."),
    )
    (question,) = of_kind(generate(one_lesson(glossary)), QuestionKind.MATCH)
    assert "Cyber Defence" not in question.answer
    assert len(question.answer) == 2


def test_categorize_and_match_prompts_name_what_is_judged():
    pros_cons = table(("Pros", "Cons"), ("Fast builds", "Large images"), parallel=True)
    doc = document(lesson("Tooling", Heading("Running CI in the dev container"), pros_cons))
    (question,) = of_kind(generate(doc), QuestionKind.CATEGORIZE)
    assert question.prompt == (
        "Sort each item: is it a pro or a con in “Running CI in the dev container”?"
    )


def test_headers_never_become_broken_nouns():
    block = table(
        ("Focus Area", "Resource(s)"),
        ("Alpha", "Two trucks and a crane"),
        ("Beta", "A field hospital"),
        ("Gamma", "Three patrol boats"),
    )
    prompts = [q.prompt for q in generate(one_lesson(block)).questions]
    assert "Which resource goes with Alpha?" in prompts
    assert not any("(s)" in prompt or "resource(" in prompt for prompt in prompts)


def test_a_section_defined_by_its_first_paragraph_is_a_fact():
    doc = document(
        lesson(
            "Test plans",
            Heading("Smoke plan"),
            paragraph("Purpose: check that the build starts at all."),
            Heading("Regression plan"),
            paragraph("Purpose: catch old bugs that come back."),
            Heading("Load plan"),
            paragraph("Purpose: measure behaviour under heavy traffic."),
        )
    )
    result = check_invariants(doc)
    prompts = [q.prompt for q in result.questions]
    assert "Which section of “Test plans” has the purpose “catch old bugs that come back”?" in (
        prompts
    )
    assert of_kind(result, QuestionKind.MATCH)
    two_only = document(
        lesson("Plans", Heading("A plan"), paragraph("Purpose: one."), Heading("B plan"))
    )
    assert not generate(two_only).questions


def test_a_value_of_punctuation_only_is_never_asked():
    doc = document(
        lesson(
            "One",
            Table(("Area", "Status"), (("Beta", "Open"), ("Gamma", "------"), ("Delta", "Late"))),
            TermList((Term("Alpha", "—"), Term("Omega", "A plan"), Term("Sigma", "A goal"))),
        )
    )
    for question in generate(doc, lint=False).questions:
        shown = [question.prompt, *(option.text for option in question.options)]
        assert not any("------" in text or "“—”" in text for text in shown), question.prompt


def test_a_key_cell_of_several_lines_names_its_row_by_its_first_line():
    doc = one_lesson(
        table(
            ("Meeting", "Timing"),
            ("Team Coffee\nUpdates, trainings and reports", "75 minutes fortnightly"),
            ("Chapter meetings\nChapter practices and news", "60 minutes monthly"),
            ("Pipeline\nIncoming work and capacity", "30 minutes weekly"),
        )
    )
    questions = generate(doc).questions
    assert questions
    for question in questions:
        assert "\n" not in question.prompt
        if question.kind == QuestionKind.MATCH:
            assert set(question.answer) == {"Team Coffee", "Chapter meetings", "Pipeline"}
    assert "Which timing goes with Team Coffee?" in [q.prompt for q in questions]
