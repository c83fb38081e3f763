from quizzes.generate.fingerprint import (
    answers_match,
    fact_key,
    fingerprint,
    normalise_answer,
    singular_words,
    singularise,
    sorted_pairs,
)


def test_normalise_answer_folds_case_spacing_punctuation_and_articles():
    assert normalise_answer("  The  Joint-Exercises, and a Plan. ") == "joint exercises and plan"
    assert normalise_answer("An apple") == "apple"
    assert normalise_answer("STRASSE") == normalise_answer("straße")


def test_normalise_answer_keeps_letters_of_any_script():
    assert normalise_answer("Łódź — São Paulo!") == "łódź são paulo"
    assert normalise_answer("Ελλάδα") == "ελλάδα"
    assert normalise_answer("3,5 M€") == "3 5 m€"


def test_articles_inside_words_are_kept():
    assert normalise_answer("Theatre and another") == "theatre and another"


def test_a_text_of_articles_only_keeps_them():
    assert normalise_answer("A") == "a"
    assert normalise_answer("The.") == "the"
    assert normalise_answer("A") != normalise_answer("B")


def test_singularise_header_nouns():
    assert singularise("Steps") == "Step"
    assert singularise("outcomes") == "outcome"
    assert singularise("Opportunities") == "Opportunity"
    assert singularise("processes") == "process"
    assert singularise("branches") == "branch"
    assert singularise("challenges") == "challenge"


def test_singularise_leaves_words_that_are_not_plurals():
    for word in ("status", "analysis", "process", "gas", "plan"):
        assert singularise(word) == word


def test_singular_words_lower_cases_and_drops_digits_and_punctuation():
    assert singular_words("Key Focus Areas (2024)") == ("key", "focus", "area")


def test_answers_match_ignores_case_spacing_and_punctuation():
    assert answers_match("intelligence  sharing", ["Intelligence Sharing"])
    assert answers_match("intelligence-sharing", ["Intelligence Sharing"])
    assert answers_match("counter terrorism", ["Counter-terrorism"])
    assert answers_match("Capacity Building.", ["x", "capacity building"])


def test_answers_match_rejects_other_and_empty_answers():
    assert not answers_match("capacity", ["capacity building"])
    assert not answers_match("", ["capacity building"])
    assert not answers_match("...", ["capacity building"])


def test_fingerprints_are_short_hex_over_normalised_content():
    first = fingerprint("choice", "key_to_value", "Community Resilience", "Programs.")
    assert len(first) == 16 and int(first, 16) >= 0
    assert first == fingerprint("choice", "key_to_value", "community  resilience", "programs")
    assert first != fingerprint("choice", "value_to_key", "Community Resilience", "Programs.")
    assert first != fact_key("choice", "key_to_value", "Community Resilience", "Programs.")


def test_sorted_pairs_ignore_order():
    pairs = [("B", "two"), ("A", "one")]
    assert sorted_pairs(pairs) == sorted_pairs(list(reversed(pairs)))
    assert fingerprint("match", "pairs", *sorted_pairs(pairs)) == fingerprint(
        "match", "pairs", *sorted_pairs([("a", "One."), ("b", "Two")])
    )
