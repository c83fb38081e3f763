"""The pure GIFT and Moodle XML writers, read back by gift-pegjs and by Moodle's XML structure."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from quizzes.generate.spec import Option
from quizzes.moodle import (
    IDNUMBER_MAX,
    NAME_MAX,
    MoodleCategory,
    MoodleQuestion,
    category_path,
    gift_escape,
    question_idnumber,
    question_name,
    write_gift,
    write_moodle_xml,
)
from tests.moodle_formats import check_moodle_xml, gift_plain, text_of, xml_plain

EXPLANATION = "From the table “Pillar | Lead”."


def make_question(kind: str, **kwargs) -> MoodleQuestion:
    kwargs.setdefault("prompt", "Which agency leads Deterrence?")
    kwargs.setdefault("answer", "Ministry of Defence")
    kwargs.setdefault("explanation", EXPLANATION)
    kwargs.setdefault("name", f"A {kind} question [alliance-basics#block-3-row-0]")
    kwargs.setdefault("idnumber", f"small:{kind}")
    return MoodleQuestion(kind=kind, **kwargs)


def one_category(*questions: MoodleQuestion) -> list[MoodleCategory]:
    return [
        MoodleCategory(path=("Field Manual", "Alliance Basics: practice quiz"), questions=questions)
    ]


CHOICE = make_question(
    "choice",
    options=(
        Option("Civil Protection Office", "That is the lead agency for Resilience."),
        Option("Ministry of Defence", "Correct."),
        Option("Foreign Office", ""),
    ),
)
TRUE_FALSE = make_question(
    "true_false",
    prompt="True or false: Deterrence is led by the Civil Protection Office.",
    answer=False,
    options=(Option("True", "No: the Ministry of Defence leads it."), Option("False", "Correct.")),
)
MATCH = make_question(
    "match",
    prompt="Match each pillar to its lead agency.",
    answer={"Deterrence": "Ministry of Defence", "Resilience": "Civil Protection Office"},
)
CATEGORIZE = make_question(
    "categorize",
    prompt="Sort each item: is it a challenge or an opportunity?",
    answer={"Aging equipment": "Challenges", "Joint training": "Opportunities"},
    options=(Option("Challenges"), Option("Opportunities"), Option("Unknowns")),
)
CLOZE = make_question(
    "cloze",
    prompt="The alliance rests on ____, each with a lead agency.",
    answer=["three pillars", "3 pillars"],
)
ORDERING = make_question(
    "ordering",
    prompt="Put the steps of opening an office in order.",
    answer=["Find a building.", "Sign the lease.", "Hire the staff."],
)


def gift_questions(gift_parser, *questions: MoodleQuestion) -> list[dict]:
    parsed = gift_parser(write_gift(one_category(*questions)).text)
    assert parsed[0] == {"type": "Category", "title": "Field Manual/Alliance Basics: practice quiz"}
    return parsed[1:]


def xml_questions(*questions: MoodleQuestion) -> list[ET.Element]:
    exported = write_moodle_xml(one_category(*questions))
    checked = check_moodle_xml(exported.text)
    assert {category for category, _ in checked} == {"Field Manual/Alliance Basics: practice quiz"}
    return [element for _, element in checked]


def test_choice_is_a_multichoice_question_with_its_right_answer_and_feedback(gift_parser):
    [parsed] = gift_questions(gift_parser, CHOICE)
    assert parsed["type"] == "MC"
    assert parsed["id"] == "small:choice"
    assert parsed["title"] == CHOICE.name
    assert gift_plain(parsed["stem"]) == CHOICE.prompt
    assert gift_plain(parsed["globalFeedback"]) == EXPLANATION
    choices = [
        (gift_plain(c["text"]), c["isCorrect"], c["feedback"] and gift_plain(c["feedback"]))
        for c in parsed["choices"]
    ]
    assert choices == [
        ("Civil Protection Office", False, "That is the lead agency for Resilience."),
        ("Ministry of Defence", True, "Correct."),
        ("Foreign Office", False, None),
    ]

    [element] = xml_questions(CHOICE)
    assert element.get("type") == "multichoice"
    assert text_of(element, "single") == "true"
    assert text_of(element, "idnumber") == "small:choice"
    assert text_of(element, "name/text") == CHOICE.name
    assert xml_plain(element.find("generalfeedback")) == EXPLANATION
    options = [
        (xml_plain(a), a.get("fraction"), xml_plain(a.find("feedback")))
        for a in element.findall("answer")
    ]
    assert options == [
        ("Civil Protection Office", "0", "That is the lead agency for Resilience."),
        ("Ministry of Defence", "100", "Correct."),
        ("Foreign Office", "0", ""),
    ]


@pytest.mark.parametrize("answer", [True, False])
def test_true_false_keeps_the_feedback_of_each_answer(gift_parser, answer):
    question = make_question(
        "true_false",
        prompt="True or false: Deterrence is led by the Ministry of Defence.",
        answer=answer,
        options=(Option("True", "Said of true."), Option("False", "Said of false.")),
    )
    [parsed] = gift_questions(gift_parser, question)
    assert parsed["type"] == "TF"
    assert parsed["isTrue"] is answer
    # Moodle's GIFT reads {TRUE#feedback when wrong#feedback when right}; gift-pegjs calls the
    # two "trueFeedback" and "falseFeedback" by position.
    wrong, right = (
        ("Said of false.", "Said of true.") if answer else ("Said of true.", "Said of false.")
    )
    assert gift_plain(parsed["trueFeedback"]) == wrong
    assert gift_plain(parsed["falseFeedback"]) == right
    assert gift_plain(parsed["globalFeedback"]) == EXPLANATION

    [element] = xml_questions(question)
    assert element.get("type") == "truefalse"
    by_text = {
        text_of(a): (a.get("fraction"), xml_plain(a.find("feedback")))
        for a in element.findall("answer")
    }
    assert by_text == {
        "true": ("100" if answer else "0", "Said of true."),
        "false": ("0" if answer else "100", "Said of false."),
    }


def test_true_false_with_feedback_only_when_right(gift_parser):
    question = make_question(
        "true_false", answer=True, options=(Option("True", "Correct."), Option("False", ""))
    )
    [parsed] = gift_questions(gift_parser, question)
    assert parsed["isTrue"] is True
    assert parsed["trueFeedback"] is None
    assert gift_plain(parsed["falseFeedback"]) == "Correct."


def test_match_is_a_matching_question_with_every_pair(gift_parser):
    [parsed] = gift_questions(gift_parser, MATCH)
    assert parsed["type"] == "Matching"
    pairs = {gift_plain(p["subquestion"]): gift_plain(p["subanswer"]) for p in parsed["matchPairs"]}
    assert pairs == MATCH.answer
    assert gift_plain(parsed["globalFeedback"]) == EXPLANATION

    [element] = xml_questions(MATCH)
    assert element.get("type") == "matching"
    pairs = {xml_plain(s): text_of(s, "answer/text") for s in element.findall("subquestion")}
    assert pairs == MATCH.answer


def test_categorize_matches_each_item_to_its_group_and_offers_unused_groups(gift_parser):
    [parsed] = gift_questions(gift_parser, CATEGORIZE)
    assert parsed["type"] == "Matching"
    pairs = [
        (gift_plain(p["subquestion"]), gift_plain(p["subanswer"])) for p in parsed["matchPairs"]
    ]
    assert pairs == [
        ("Aging equipment", "Challenges"),
        ("Joint training", "Opportunities"),
        ("", "Unknowns"),  # a blank left side: an extra wrong answer, as Moodle documents
    ]

    [element] = xml_questions(CATEGORIZE)
    assert element.get("type") == "matching"
    pairs = [(xml_plain(s), text_of(s, "answer/text")) for s in element.findall("subquestion")]
    assert pairs == [
        ("Aging equipment", "Challenges"),
        ("Joint training", "Opportunities"),
        ("", "Unknowns"),
    ]


def test_cloze_is_a_short_answer_accepting_every_answer(gift_parser):
    [parsed] = gift_questions(gift_parser, CLOZE)
    assert parsed["type"] == "Short"
    assert gift_plain(parsed["stem"]) == CLOZE.prompt
    assert [(gift_plain(c["text"]), c["isCorrect"]) for c in parsed["choices"]] == [
        ("three pillars", True),
        ("3 pillars", True),
    ]

    [element] = xml_questions(CLOZE)
    assert element.get("type") == "shortanswer"
    assert text_of(element, "usecase") == "0"  # the app ignores case, and so does Moodle
    assert [text_of(a) for a in element.findall("answer")] == ["three pillars", "3 pillars"]


def test_ordering_is_a_qtype_ordering_question_in_xml_and_left_out_of_gift_with_a_note(
    gift_parser,
):
    exported = write_gift(one_category(CHOICE, ORDERING))
    assert exported.written == 1
    [skipped] = exported.skipped
    assert skipped.name == ORDERING.name
    assert "export as Moodle XML" in skipped.reason
    assert f"// Skipped “{gift_escape(ORDERING.name)}”" in exported.text
    assert [q["type"] for q in gift_parser(exported.text)] == ["Category", "MC"]

    [element] = xml_questions(ORDERING)
    assert element.get("type") == "ordering"
    assert [xml_plain(a) for a in element.findall("answer")] == ORDERING.answer
    assert text_of(element, "selecttype") == "ALL"
    assert text_of(element, "gradingtype") == "ABSOLUTE_POSITION"  # the app's own scoring


HOSTILE = "A ~ B = C # D { E } F : G \\ H \\n <script>alert(1)</script> ]]> & I"


def hostile_questions() -> list[MoodleQuestion]:
    def hostile(kind: str, **kwargs) -> MoodleQuestion:
        return make_question(
            kind,
            name=f"{HOSTILE} ::name:: [lesson#block-0]",
            prompt=f"{HOSTILE}\nsecond line?",
            explanation=f"Because {HOSTILE}",
            **kwargs,
        )

    return [
        hostile(
            "choice",
            answer=f"=right {HOSTILE}",
            options=(
                Option(f"=right {HOSTILE}", f"#yes {HOSTILE}"),
                Option(f"~wrong {HOSTILE}", f"feedback {HOSTILE}"),
                Option("%50% weighted-looking", "not a weight"),
                Option("[plain] format-looking", "not a format"),
            ),
        ),
        hostile(
            "true_false",
            answer=True,
            options=(Option("True", f"right {HOSTILE}"), Option("False", f"wrong {HOSTILE}")),
        ),
        hostile(
            "match",
            answer={f"left -> {HOSTILE}": f"right -> {HOSTILE}", "plain": "TRUE"},
        ),
        hostile("cloze", answer=[f"x {HOSTILE}", "%20% off", "TRUE", "a*b"]),
    ]


def test_hostile_text_survives_gift_exactly(gift_parser):
    exported = write_gift(one_category(*hostile_questions()))
    assert exported.written == 4
    choice, true_false, match, cloze = gift_parser(exported.text)[1:]
    html_texts = [q["stem"] for q in (choice, true_false, match, cloze)]
    html_texts += [c[key] for c in choice["choices"] for key in ("text", "feedback")]
    html_texts += [true_false["trueFeedback"], match["matchPairs"][0]["subquestion"]]
    for text in html_texts:  # what Moodle shows as HTML is escaped HTML
        assert text["format"] == "html"
        assert "<script>" not in text["text"]
    assert "&lt;script&gt;" in choice["stem"]["text"]
    one_line_hostile = " ".join(HOSTILE.split())

    assert [q["type"] for q in (choice, true_false, match, cloze)] == [
        "MC",
        "TF",
        "Matching",
        "Short",
    ]
    for parsed in (choice, true_false, match, cloze):
        assert parsed["title"] == f"{one_line_hostile} ::name:: [lesson#block-0]"
        assert gift_plain(parsed["stem"]) == f"{HOSTILE}\nsecond line?"
        assert gift_plain(parsed["globalFeedback"]) == f"Because {HOSTILE}"
        assert parsed["id"] == "small:" + {"MC": "choice", "TF": "true_false"}.get(
            parsed["type"], {"Matching": "match", "Short": "cloze"}.get(parsed["type"])
        )
    assert [
        (gift_plain(c["text"]), c["isCorrect"], gift_plain(c["feedback"]))
        for c in choice["choices"]
    ] == [
        (f"=right {HOSTILE}", True, f"#yes {HOSTILE}"),
        (f"~wrong {HOSTILE}", False, f"feedback {HOSTILE}"),
        ("%50% weighted-looking", False, "not a weight"),
        ("[plain] format-looking", False, "not a format"),
    ]
    assert all(c["weight"] is None for c in choice["choices"])
    assert true_false["isTrue"] is True
    assert gift_plain(true_false["trueFeedback"]) == f"wrong {HOSTILE}"
    assert gift_plain(true_false["falseFeedback"]) == f"right {HOSTILE}"
    pairs = {gift_plain(p["subquestion"]): gift_plain(p["subanswer"]) for p in match["matchPairs"]}
    # A matching answer is a menu entry in Moodle: one line.
    assert pairs == {f"left -> {HOSTILE}": f"right -> {one_line_hostile}", "plain": "TRUE"}
    # Short answers are plain text; "\*" is Moodle's literal star (a bare * is its wildcard).
    assert [gift_plain(c["text"]) for c in cloze["choices"]] == [
        f"x {one_line_hostile}",
        "%20% off",
        "TRUE",
        "a\\*b",
    ]
    assert all(c["weight"] == 100 and c["isCorrect"] for c in cloze["choices"])


def test_hostile_text_survives_moodle_xml_exactly():
    exported = write_moodle_xml(one_category(*hostile_questions()))
    assert "]]>" not in exported.text  # ElementTree escapes every text: no CDATA to break
    choice, true_false, match, cloze = xml_questions(*hostile_questions())
    for element in choice.iter():  # what Moodle shows as HTML is escaped HTML
        if element.get("format") == "html":
            assert "<script>" not in text_of(element)
    assert "&lt;script&gt;" in text_of(choice.find("questiontext"))
    one_line_hostile = " ".join(HOSTILE.split())
    for element in (choice, true_false, match, cloze):
        assert text_of(element, "name/text") == f"{one_line_hostile} ::name:: [lesson#block-0]"
        assert xml_plain(element.find("questiontext")) == f"{HOSTILE}\nsecond line?"
        assert xml_plain(element.find("generalfeedback")) == f"Because {HOSTILE}"
    assert [(xml_plain(a), a.get("fraction")) for a in choice.findall("answer")] == [
        (f"=right {HOSTILE}", "100"),
        (f"~wrong {HOSTILE}", "0"),
        ("%50% weighted-looking", "0"),
        ("[plain] format-looking", "0"),
    ]
    assert xml_plain(true_false.findall("answer")[0].find("feedback")) == f"right {HOSTILE}"
    pairs = {xml_plain(s): text_of(s, "answer/text") for s in match.findall("subquestion")}
    assert pairs == {f"left -> {HOSTILE}": f"right -> {one_line_hostile}", "plain": "TRUE"}
    assert [text_of(a) for a in cloze.findall("answer")] == [
        f"x {one_line_hostile}",
        "%20% off",
        "TRUE",
        "a\\*b",
    ]


def test_a_cloze_answer_with_an_arrow_is_left_out_of_gift_only(gift_parser):
    arrow = make_question("cloze", answer=["a -> b"])
    exported = write_gift(one_category(CHOICE, arrow))
    assert exported.written == 1
    assert "matching" in exported.skipped[0].reason
    assert [q["type"] for q in gift_parser(exported.text)] == ["Category", "MC"]
    [_, element] = xml_questions(CHOICE, arrow)
    assert text_of(element.find("answer")) == "a -> b"


def test_characters_xml_cannot_hold_are_dropped():
    question = make_question(
        "cloze", prompt="Bell\x07 and ____\x0b here.", answer=["vertical\x0c tab"]
    )
    [element] = xml_questions(question)
    assert xml_plain(element.find("questiontext")) == "Bell and ____ here."
    assert text_of(element.find("answer")) == "vertical tab"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        (make_question("choice", answer="Gone", options=(Option("A"), Option("B"))), "exactly one"),
        (make_question("choice", answer="A", options=(Option("A"), Option(" "))), "no text"),
        (make_question("match", answer={"Only": "one"}), "two pairs"),
        (make_question("cloze", answer=[""]), "no accepted answer"),
        (make_question("ordering", answer=["Alone"]), "two steps"),
        (make_question("essay"), "no question type"),
        (make_question("choice", prompt=" "), "no question text"),
    ],
)
def test_a_question_moodle_cannot_hold_is_skipped_with_its_reason(gift_parser, question, reason):
    for write in (write_gift, write_moodle_xml):
        exported = write(one_category(CHOICE, question))
        assert exported.written == 1
        assert [(s.name, reason in s.reason) for s in exported.skipped] == [(question.name, True)]
    assert [q["type"] for q in gift_parser(write_gift(one_category(CHOICE, question)).text)] == [
        "Category",
        "MC",
    ]
    assert len(xml_questions(CHOICE, question)) == 1


def test_categories_follow_each_quiz_and_escape_slashes(gift_parser):
    categories = [
        MoodleCategory(path=("Field / Manual", "Lesson one: practice quiz"), questions=(CHOICE,)),
        MoodleCategory(path=("Field / Manual", "C:\\temp\\ lesson"), questions=(MATCH,)),
    ]
    parsed = gift_parser(write_gift(categories).text)
    assert [(q["type"], q.get("title")) for q in parsed] == [
        ("Category", "Field // Manual/Lesson one: practice quiz"),
        ("MC", CHOICE.name),
        # GIFT reads no escape on a $CATEGORY line: a backslash is written as a (doubled) slash.
        ("Category", "Field // Manual/C://temp// lesson"),
        ("Matching", MATCH.name),
    ]
    checked = check_moodle_xml(write_moodle_xml(categories).text)
    assert [(category, q.get("type")) for category, q in checked] == [
        ("Field // Manual/Lesson one: practice quiz", "multichoice"),
        ("Field // Manual/C:\\temp\\ lesson", "matching"),
    ]


def test_category_path_as_moodle_assembles_it():
    # Moodle's own test: qformat_default_test::test_assemble_category_path.
    names = ["Tim's questions", "Tricky things like / // and so on", "Category name ending in /"]
    names.append("/ and one that starts with one")
    assert category_path(names) == (
        "Tim's questions/Tricky things like // //// and so on/Category name ending in // "
        "/ // and one that starts with one"
    )


def test_question_names_and_idnumbers_fit_moodles_columns():
    long_prompt = "Which " + "very " * 100 + "long question?"
    provenance = "a-lesson-slug-" + "x" * 110 + "#block-12-row-30"
    name = question_name(long_prompt, provenance)
    assert len(name) <= NAME_MAX
    assert name.startswith("Which very ")
    assert "…" in name
    assert question_name("Short\nprompt?", "lesson#block-1") == "Short prompt? [lesson#block-1]"
    idnumber = question_idnumber("s" * 100, "0123456789abcdef")
    assert len(idnumber) == IDNUMBER_MAX
    assert idnumber.endswith(":0123456789abcdef")
