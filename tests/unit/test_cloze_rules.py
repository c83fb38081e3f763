"""The cloze rules of issue 9: once per phrase per briefing, never an enumeration item,
and no single meaning cited for a term with several."""

from quizzes.generate.cloze import blank_in_enumeration
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    document,
    generate_unlinted,
    lesson,
    of_kind,
    paragraph,
    terms,
)

GLOSSARY = terms(
    ("Deterrence", "Keeping adversaries from acting through credible defence."),
    ("Resilience", "Recovering quickly from shocks to infrastructure."),
)


def clozes(doc):
    return of_kind(generate_unlinted(doc), QuestionKind.CLOZE)


def test_a_phrase_is_blanked_once_in_the_whole_briefing():
    doc = document(
        lesson("One", GLOSSARY, paragraph("Credible deterrence keeps every adversary far away.")),
        lesson("Two", paragraph("Regional deterrence depends on the patience of allies.")),
    )
    assert [q.lesson for q in clozes(doc)] == [0]


def test_a_phrase_in_another_lesson_is_still_blanked_once_each():
    doc = document(
        lesson("One", GLOSSARY, paragraph("Credible deterrence keeps every adversary far away.")),
        lesson("Two", paragraph("Regional resilience depends on the patience of allies.")),
    )
    assert [q.answer[0] for q in clozes(doc)] == ["deterrence", "resilience"]


def test_an_enumeration_item_is_not_blanked():
    listed = paragraph("The plan covers training, deterrence, and planning for all units.")
    assert clozes(document(lesson("One", GLOSSARY, listed))) == []
    pinned = paragraph("Credible deterrence keeps every adversary far away from the border.")
    assert len(clozes(document(lesson("One", GLOSSARY, pinned)))) == 1


def test_enumeration_shapes():
    assert blank_in_enumeration("training, planning, and ", " today.")
    assert blank_in_enumeration("training, planning and ", ".")
    assert blank_in_enumeration("joint training, ", ", and strategic planning")
    assert blank_in_enumeration("Teams rely on ", ", joint training and planning.")
    assert not blank_in_enumeration("Lastly, prioritizing ", " will help both nations.")
    assert not blank_in_enumeration("This realignment emphasizes ", " and enhanced collaboration.")


def test_a_term_with_several_meanings_gets_no_single_meaning_in_the_explanation():
    doc = document(
        lesson("One", GLOSSARY, paragraph("Credible deterrence keeps every adversary far away.")),
        lesson("Two", terms(("Deterrence", "Nuclear posture of the alliance."), ("X", "Y."))),
    )
    (question,) = clozes(doc)
    assert "several meanings" in question.explanation
    assert "“One” and “Two”" in question.explanation
    assert "is a term of" not in question.explanation
    single = document(
        lesson("One", GLOSSARY, paragraph("Credible deterrence keeps every adversary far away."))
    )
    (plain,) = clozes(single)
    assert "Deterrence is a term of “One”." in plain.explanation
