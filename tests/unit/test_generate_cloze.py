from quizzes.generate import answers_match
from quizzes.generate.cloze import sentence_spans
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    check_invariants,
    document,
    generate_unlinted as generate,
    lesson,
    of_kind,
    one_lesson,
    paragraph,
    skipped,
    table,
    terms,
)

GLOSSARY = terms(
    ("Intelligence Sharing", "Exchanging details between partner forces."),
    ("Training Programs", "Customized training initiatives for elite units."),
    ("Joint Training Programs", "Specialized courses run together."),
    ("Radar", "A detection system."),
    ("Deterrence", "Keeping adversaries from acting."),
)


def clozes(*blocks):
    return of_kind(generate(one_lesson(GLOSSARY, *blocks)), QuestionKind.CLOZE)


def test_a_sentence_with_a_term_is_blanked():
    text = (
        "The mission is short. Lastly, prioritizing intelligence sharing will help both "
        "nations in combating regional threats."
    )
    (question,) = clozes(paragraph(text))
    assert question.prompt == (
        "Lastly, prioritizing ____ will help both nations in combating regional threats."
    )
    assert question.answer == ["intelligence sharing"]
    assert question.source.block == 1 and question.source.row is None
    assert question.prompt.replace("____", question.answer[0]) in text
    assert "Intelligence Sharing is a term of “Lesson one”." in question.explanation


def test_the_longest_phrase_is_preferred():
    (question,) = clozes(
        paragraph("The army runs joint training programs for all of its new units.")
    )
    assert question.answer == ["joint training programs"]
    assert "____ for all" in question.prompt


def test_plural_and_singular_forms_are_accepted():
    (question,) = clozes(paragraph("Each elite unit now follows a training program built for it."))
    assert question.answer == ["training program", "Training Programs"]
    assert answers_match("Training-Programs", question.answer)


def test_whole_words_only_and_short_single_words_are_never_blanked():
    assert not clozes(paragraph("The radar and the nondeterrence policy were both discussed here."))


def test_a_single_long_word_term_is_blanked():
    (question,) = clozes(
        paragraph("Credible deterrence keeps the region calm for many more years.")
    )
    assert question.answer == ["deterrence"]


def test_table_keys_are_blankable_too():
    block = table(("Focus Area", "Action Steps"), ("Military Cooperation", "Conduct training."))
    (question,) = of_kind(
        generate(
            one_lesson(
                block, paragraph("Strengthening military cooperation will improve the forces.")
            )
        ),
        QuestionKind.CLOZE,
    )
    assert question.answer == ["military cooperation"]
    assert "is a focus area in the table “Focus Area | Action Steps”" in question.explanation


def test_too_short_and_too_long_sentences_are_skipped():
    long_sentence = "Intelligence sharing " + "and more words " * 30 + "ends here."
    assert not clozes(paragraph("Intelligence sharing matters a lot."), paragraph(long_sentence))


def test_a_phrase_twice_in_a_sentence_is_not_blanked():
    text = "Intelligence sharing is not the same as better intelligence sharing at all."
    assert not clozes(paragraph(text))


def test_at_most_two_per_paragraph_and_three_per_lesson():
    text = (
        "The first step is intelligence sharing between all the partners. "
        "The second step is training programs for the new elite units. "
        "The third step is deterrence along the whole of the border."
    )
    second = "Another paragraph about joint training programs for every new unit."
    third = "Yet another sentence about intelligence sharing with the allied forces."
    questions = clozes(paragraph(text), paragraph(second), paragraph(third))
    assert [q.source.block for q in questions] == [1, 1, 2]


def test_one_phrase_is_blanked_once_per_lesson():
    first = "Intelligence sharing between the partners is the first step here."
    second = "Intelligence sharing with the allies is the second step there."
    questions = clozes(paragraph(first), paragraph(second))
    assert len(questions) == 1


def test_sentences_split_at_full_stops_but_not_at_abbreviations():
    text = "The U.S. military advises forces, e.g. in Iraq. This is new! Is it? Yes."
    spans = sentence_spans(text)
    assert [text[start:end] for start, end in spans] == [
        "The U.S. military advises forces, e.g. in Iraq.",
        "This is new!",
        "Is it?",
        "Yes.",
    ]


def test_headings_are_never_blanked():
    doc = document(lesson("Intelligence Sharing in the New Partnership Between Allies", GLOSSARY))
    assert not of_kind(generate(doc), QuestionKind.CLOZE)


def test_a_lesson_without_such_sentences_is_reported():
    result = generate(
        document(lesson("Plain", paragraph("Nothing here names any of the terms at all.")))
    )
    assert "No sentence names a term or table key: no cloze question." in skipped(result)


def test_unicode_sentences():
    glossary = terms(("Łódź Office", "The regional office."), ("Café Naïve", "A meeting place."))
    text = "The Łódź office runs the café naïve meetings every week in spring."
    result = check_invariants(one_lesson(glossary, paragraph(text)))
    questions = of_kind(result, QuestionKind.CLOZE)
    assert [q.answer for q in questions] == [["Łódź office"]]


def test_answers_match_is_exported_for_the_scorer():
    assert answers_match(" Intelligence   SHARING! ", ["intelligence sharing"])
    assert not answers_match("intelligence", ["intelligence sharing"])


def test_invariants_hold():
    text = (
        "The first step is intelligence sharing between all the partners. "
        "The second step is training programs for the new elite units."
    )
    check_invariants(one_lesson(GLOSSARY, paragraph(text)))


def test_phrases_without_letters_are_never_blanked():
    glossary = terms(("------", "A rule."), ("Other term", "Something else."))
    text = "The line ------ separates the two parts of the page nicely."
    assert not of_kind(generate(one_lesson(glossary, paragraph(text))), QuestionKind.CLOZE)
