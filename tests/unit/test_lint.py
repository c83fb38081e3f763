"""The question linter: one test per rule, on a question that breaks it and one that does not."""

import pytest

import quizzes.generate as generate_module
from quizzes.generate import generate
from quizzes.generate.facts import candidate
from quizzes.generate.lint import (
    RULES,
    detect_language,
    is_identifier,
    lint_briefing,
    lint_quiz,
)
from quizzes.generate.spec import Option, QuestionKind, QuestionSpec, SourceRef
from tests.unit.generate_helpers import document, lesson, paragraph, table, terms

NOWHERE = SourceRef(0, 0)


def spec(kind: QuestionKind, prompt: str, answer, options=(), source=NOWHERE) -> QuestionSpec:
    return QuestionSpec(
        kind=kind,
        lesson=source.lesson,
        prompt=prompt,
        answer=answer,
        explanation="",
        source=source,
        fingerprint=prompt,
        fact=prompt,
        options=tuple(Option(text) for text in options),
    )


def choice(prompt: str, answer: str, *distractors: str, source=NOWHERE) -> QuestionSpec:
    return spec(QuestionKind.CHOICE, prompt, answer, (answer, *distractors), source)


def statement(prompt: str, answer: bool, source=NOWHERE) -> QuestionSpec:
    return spec(QuestionKind.TRUE_FALSE, prompt, answer, ("True", "False"), source)


def cloze(prompt: str, answer: str) -> QuestionSpec:
    return spec(QuestionKind.CLOZE, prompt, [answer])


def codes(question: QuestionSpec, doc=None, **kwargs) -> set[str]:
    return {finding.code for finding in lint_quiz([question], doc, **kwargs)[0]}


def messages(question: QuestionSpec, doc=None) -> str:
    return " ".join(finding.message for finding in lint_quiz([question], doc)[0])


def test_every_rule_has_a_kebab_case_code_and_a_one_line_reason():
    for code, reason in RULES.items():
        assert code == code.lower() and " " not in code and "_" not in code
        assert reason.endswith(".") and "\n" not in reason


def test_cue_word():
    flawed = choice(
        "Which description fits Enhanced Intelligence Coordination?",
        "Sharing intelligence with allies.",
        "Training local units.",
        "Funding new roads.",
    )
    assert "cue-word" in codes(flawed)
    assert "“intelligence” appears in the stem and the right option only" in messages(flawed)
    shared = choice(
        "Which description fits Enhanced Intelligence Coordination?",
        "Sharing intelligence with allies.",
        "Training intelligence officers.",
        "Funding new roads.",
    )
    assert "cue-word" not in codes(shared)


@pytest.mark.parametrize(
    "options",
    [
        ("Joint exercises and missions", "Growth of cyber protocols", "Enhance collaboration."),
        ("Conduct joint training", "Growth of cyber protocols", "Programs at grassroots"),
        ("Joint exercises", "Growth of defensive cyber protocols at every level", "Roads"),
    ],
    ids=["sentence", "imperative", "length"],
)
def test_options_form(options):
    assert "options-form" in codes(choice("Which action plan belongs to X?", *options))


def test_options_of_one_form_pass():
    same = choice(
        "Which action plan belongs to X?",
        "Conduct joint training.",
        "Promote cultural programs.",
        "Support dialogue initiatives.",
    )
    assert "options-form" not in codes(same)


def test_few_options():
    assert "few-options" in codes(choice("Which plan fits X?", "Alpha plan", "Beta plan"))
    assert "few-options" not in codes(
        choice("Which plan fits X?", "Alpha plan", "Beta plan", "Gamma plan")
    )


def test_distractor_overlap_on_shared_words():
    flawed = choice(
        "Which description fits Z?",
        "Remove one octet of the appended UUID",
        "Remove two octets of the appended UUID",
        "Keep every record",
    )
    assert "distractor-overlap" in codes(flawed)
    fair = choice(
        "Which description fits Z?",
        "Remove one octet of the appended UUID",
        "Archive old logs nightly",
        "Keep every record",
    )
    assert "distractor-overlap" not in codes(fair)


LOGISTICS = terms(
    ("Logistical Support", "Ensuring forces have the equipment and resources to operate."),
    ("Resource Allocation", "Ensuring logistical support reaches the troops strategically."),
    ("Training Programs", "Custom courses for elite units."),
    ("Cyber Defence", "Protecting networks against attacks."),
)


def test_distractor_whose_own_fact_fits_the_stem():
    doc = document(lesson("Support", LOGISTICS))
    flawed = choice(
        "Which term means “Ensuring forces have the equipment and resources to operate”?",
        "Logistical Support",
        "Resource Allocation",
        "Training Programs",
        "Cyber Defence",
    )
    assert "distractor-overlap" in codes(flawed, doc)
    assert "names “Logistical Support”" in messages(flawed, doc)
    fair = choice(
        "Which term means “Ensuring forces have the equipment and resources to operate”?",
        "Logistical Support",
        "Training Programs",
        "Cyber Defence",
    )
    assert "distractor-overlap" not in codes(fair, doc)


def test_distractor_that_is_right_for_the_key_elsewhere():
    doc = document(
        lesson("One", terms(("Deterrence", "Credible defence posture."), ("Other", "Unrelated."))),
        lesson("Two", terms(("Deterrence", "Keeping adversaries from acting."), ("X", "Y z."))),
    )
    flawed = choice(
        "Which description fits Deterrence?",
        "Credible defence posture.",
        "Keeping adversaries from acting.",
        "Unrelated.",
    )
    assert "distractor-overlap" in codes(flawed, doc)
    assert "also given for Deterrence" in messages(flawed, doc)
    fair = choice(
        "Which description fits Deterrence?", "Credible defence posture.", "Unrelated.", "Y z."
    )
    assert "distractor-overlap" not in codes(fair, doc)


def test_tf_answers_other():
    true_one = statement("True or false: the outcome for A is “Increased proficiency”.", True)
    false_one = statement("True or false: the outcome for B is “Increased proficiency”.", False)
    other = statement("True or false: the outcome for C is “Swift response”.", False)
    findings = lint_quiz([true_one, false_one, other])
    assert [{f.code for f in found} for found in findings] == [set(), {"tf-answers-other"}, set()]


def test_tf_wording():
    doc = document(
        lesson(
            "Words",
            terms(
                ("Training Programs", "Customized training initiatives."),
                ("Logistics", "Supplies and repairs."),
            ),
        )
    )
    wording = statement(
        "True or false: Training Programs means “Customized training initiatives”.",
        True,
        SourceRef(0, 0, term=0),
    )
    assert "tf-wording" in codes(wording, doc)
    plain = statement(
        "True or false: Logistics means “Supplies and repairs”.", True, SourceRef(0, 0, term=1)
    )
    assert "tf-wording" not in codes(plain, doc)


@pytest.mark.parametrize("text", ["#P1", "01", "3a", "Test009", "T-12", "(3)", "#", "42", "1,5"])
def test_identifiers_are_recognised(text):
    assert is_identifier(text)


@pytest.mark.parametrize("text", ["Key 1", "Deterrence", "COVID-19 response", "Phase two"])
def test_names_are_not_identifiers(text):
    assert not is_identifier(text)


def test_identifier():
    doc = document(
        lesson(
            "Incidents",
            table(("#", "Priority"), ("#P1", "Critical outage"), ("#P2", "Major loss")),
        )
    )
    flawed = choice(
        "Which of these goes with “Critical outage”?",
        "#P1",
        "#P2",
        "#P3",
        source=SourceRef(0, 0, row=0),
    )
    assert "identifier" in codes(flawed, doc)
    named = choice("Which plan fits X?", "Alpha plan", "Beta plan", "Gamma plan")
    assert "identifier" not in codes(named, doc)


def test_header_row():
    doc = document(lesson("Tests", table(("Title", "Expected Result"), ("Login", "A session"))))
    flawed = choice("Which field goes with X?", "Title", "Login", "Logout")
    assert "header-row" in codes(flawed, doc)
    fair = choice("Which field goes with X?", "Login", "Logout", "Sign up")
    assert "header-row" not in codes(fair, doc)


def test_constant_column():
    rows = [("Risk " + letter, "Not Mitigated") for letter in "ABCD"] + [("Risk E", "Mitigated")]
    doc = document(lesson("Risks", table(("Risk", "Status"), *rows)))
    flawed = statement(
        "True or false: the status for Risk A is “Not Mitigated”.", True, SourceRef(0, 0, row=0)
    )
    assert "constant-column" in codes(flawed, doc)
    varied = document(
        lesson(
            "Risks",
            table(("Risk", "Owner"), *[(f"Risk {c}", f"Team {c}") for c in "ABCDE"]),
        )
    )
    fair = statement(
        "True or false: the owner for Risk A is “Team A”.", True, SourceRef(0, 0, row=0)
    )
    assert "constant-column" not in codes(fair, varied)


@pytest.mark.parametrize(
    "prompt",
    [
        "Which channel is {% slack_channel 'x' %}?",
        "What is {{ site.baseurl }}?",
        "Which title is <%= title %>?",
        "Which cell reads <br> here?",
        "Which one is &nbsp; spaced?",
        "Which page is [the guide](https://example.org)?",
        "Which note has a mark[^1]?",
    ],
)
def test_markup(prompt):
    assert "markup" in codes(choice(prompt, "Alpha plan", "Beta plan", "Gamma plan"))


def test_no_markup_in_plain_text():
    plain = choice("Which plan (the first) is 3 < 4 & 5?", "Alpha plan", "Beta plan", "Gamma plan")
    assert "markup" not in codes(plain)


@pytest.mark.parametrize(
    "prompt",
    [
        "This partnership emphasizes joint training, ____, and strategic planning today.",
        "The mission works through training, planning, and ____ every single day.",
        "The mission works through training, planning and ____ every single day.",
        "Teams rely on ____, joint training and planning in every mission.",
    ],
)
def test_cloze_enumeration(prompt):
    assert "cloze-enumeration" in codes(cloze(prompt, "intelligence sharing"))


def test_a_pinned_down_cloze_passes():
    pinned = cloze(
        "Lastly, prioritizing ____ will help both nations combat regional threats effectively.",
        "intelligence sharing",
    )
    assert "cloze-enumeration" not in codes(pinned)


def test_cloze_repeat_across_quizzes_of_the_briefing():
    first = cloze("Lastly, prioritizing ____ will help both nations.", "intelligence sharing")
    again = cloze("Issues involve the integration of ____ protocols.", "Intelligence-sharing")
    other = cloze("First, fostering ____ will create jobs for youth.", "economic development")
    findings = lint_briefing([[first], [again, other]])
    assert [[{f.code for f in found} for found in quiz] for quiz in findings] == [
        [set()],
        [{"cloze-repeat"}, set()],
    ]


def test_vague_prompt():
    answer = {"Joint training": "Opportunities", "Extremist threats": "Challenges"}
    vague = spec(
        QuestionKind.CATEGORIZE,
        "Sort each item under Challenges or Opportunities.",
        answer,
        ("Challenges", "Opportunities"),
    )
    assert "vague-prompt" in codes(vague)
    named = spec(
        QuestionKind.CATEGORIZE,
        "Sort each point: is it a challenge or an opportunity of the post-transition period?",
        answer,
        ("Challenges", "Opportunities"),
    )
    assert "vague-prompt" not in codes(named)
    pairs = {"A": "1", "B": "2"}
    assert "vague-prompt" in codes(
        spec(QuestionKind.MATCH, "Match each item to what goes with it.", pairs)
    )
    assert "vague-prompt" not in codes(
        spec(QuestionKind.MATCH, "Match each focus area to its action plan.", pairs)
    )


FRENCH = document(
    lesson(
        "Portée",
        paragraph("Les mesures de sécurité sont appliquées dans les environnements infonuagiques."),
        paragraph("Chaque ministère est responsable de la mise en œuvre des contrôles."),
    )
)


def test_language():
    english = choice("Which control goes with “Accès”?", "Alpha", "Bêta", "Gamma")
    assert detect_language(" ".join(block.text for block in FRENCH.lessons[0].blocks)) == "fr"
    assert "language" in codes(english, FRENCH)
    assert "language" in codes(english, language="fr")
    french = choice("Quel contrôle va avec « Accès » pour chaque ministère ?", "A1", "B2", "C3")
    assert "language" not in codes(french, FRENCH)
    assert "language" not in codes(english, language="en")


def test_broken_noun():
    assert "broken-noun" in codes(choice("Which (positive test case) goes with Title?", "A", "B"))
    assert "broken-noun" in codes(choice("Which resource(s) fit the plan?", "A", "B", "C"))
    assert "broken-noun" not in codes(
        choice("Which test case (part 1 of 2) checks the login?", "A", "B", "C")
    )


def test_generation_drops_flagged_questions_and_reports_each_with_its_code(monkeypatch):
    """A generator that slips (here one writing a vague, marked-up prompt) is caught."""
    doc = document(
        lesson(
            "Risks",
            table(
                ("Risk", "Owner"), ("Flooding", "Estates"), ("Fire", "Safety"), ("Theft", "Guards")
            ),
        )
    )
    slipped = choice("Which {% owner %} goes with Flooding?", "Estates", "Safety", "Guards")

    def careless(document, index, seed, report):
        return [candidate(slipped)]

    monkeypatch.setattr(generate_module, "GENERATORS", (*generate_module.GENERATORS, careless))
    kept = generate(doc)
    every = generate(doc, lint=False)
    dropped = {q.prompt for q in every.questions} - {q.prompt for q in kept.questions}
    assert dropped == {slipped.prompt}
    reasons = kept.report.skipped[0]
    assert any(slipped.prompt in reason and "[markup]" in reason for reason in reasons)
    assert all(not found for found in lint_quiz(kept.questions, doc))
