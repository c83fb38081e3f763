from briefing.ingest.document import Table
from quizzes.generate.distractors import similar_headers
from quizzes.generate.facts import build_index
from quizzes.generate.text import (
    HeaderRole,
    as_sentence,
    header_role,
    key_to_value_prompt,
    noun_phrase,
    quoted,
    statement,
    value_to_key_prompt,
)
from tests.unit.generate_helpers import one_lesson, table, terms


def entry_of(block):
    return build_index(one_lesson(block)).entries[0]


def row_entry(key_header: str, value_header: str):
    block: Table = table((key_header, value_header), ("Community Resilience", "Programs."))
    return entry_of(block)


def test_noun_phrase_is_singular_and_lower_case():
    assert noun_phrase("Expected Outcomes") == "expected outcome"
    assert noun_phrase("Action Steps") == "action step"
    assert noun_phrase("Description") == "description"
    assert noun_phrase("KPI Targets") == "KPI target"
    assert noun_phrase("Key Focus Areas") == "key focus area"


def test_header_roles():
    assert header_role("Description") == HeaderRole.DESCRIPTION
    assert header_role("Action Plan") == HeaderRole.ACTION
    assert header_role("Action Steps") == HeaderRole.ACTION
    assert header_role("Expected Outcomes") == HeaderRole.OUTCOME
    assert header_role("Capital") == HeaderRole.OTHER
    assert header_role("#") == HeaderRole.UNNAMED
    assert header_role("") == HeaderRole.UNNAMED
    assert header_role("one two three four five six seven") == HeaderRole.UNNAMED


def test_key_to_value_prompts_read_as_english():
    assert (
        key_to_value_prompt(row_entry("Focus Area", "Action Plan"))
        == "Which action plan belongs to Community Resilience?"
    )
    assert (
        key_to_value_prompt(row_entry("Key Focus Areas", "Expected Outcomes"))
        == "Which expected outcome is linked to Community Resilience?"
    )
    assert (
        key_to_value_prompt(row_entry("Component", "Description"))
        == "Which description fits Community Resilience?"
    )
    assert (
        key_to_value_prompt(row_entry("Country", "Capitals"))
        == "Which capital goes with Community Resilience?"
    )
    # A column without a header is never asked about (table triage): no entry, no prompt.
    assert not build_index(one_lesson(table(("Country", ""), ("France", "Paris")))).entries


def test_value_to_key_prompts_quote_the_value_without_its_full_stop():
    assert value_to_key_prompt(row_entry("Focus Area", "Action Plan")) == (
        "Which focus area is pursued through “Programs”?"
    )
    assert value_to_key_prompt(row_entry("Key Focus Areas", "Expected Outcomes")) == (
        "Which key focus area is expected to lead to “Programs”?"
    )
    assert value_to_key_prompt(row_entry("component", "Description")) == (
        "Which component is described as “Programs”?"
    )
    assert value_to_key_prompt(row_entry("Country", "Capital")) == (
        "Which country has the capital “Programs”?"
    )
    assert value_to_key_prompt(row_entry("", "Capital")) == (
        "Which of these has the capital “Programs”?"
    )


def test_term_prompts():
    entry = entry_of(terms(("Training Programs", "Customized training initiatives.")))
    assert key_to_value_prompt(entry) == "Which description fits Training Programs?"
    assert value_to_key_prompt(entry) == "Which term means “Customized training initiatives”?"
    assert statement(entry, entry.value) == (
        "Training Programs means “Customized training initiatives”"
    )


def test_statements():
    assert statement(row_entry("Focus Area", "Action Plan"), "Growth.") == (
        "the action plan for Community Resilience is “Growth”"
    )
    assert statement(row_entry("Component", "Description"), "Growth") == (
        "Community Resilience is described as “Growth”"
    )


def test_similar_headers_share_a_content_word_after_singularising():
    assert similar_headers("Action Plan", "Action Steps")
    assert similar_headers("Expected Outcomes", "Outcome")
    assert similar_headers("Description", "Short descriptions")
    assert not similar_headers("Expected Outcomes", "Expected Costs")
    assert not similar_headers("Key Risks", "Key Dates")
    assert not similar_headers("Action Plan", "Description")


def test_quoting_and_sentences():
    assert quoted("Ends here.") == "“Ends here”"
    assert quoted("Wait...") == "“Wait...”"
    assert as_sentence("No stop") == "No stop."
    assert as_sentence("Stop!") == "Stop!"
