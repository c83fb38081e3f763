"""Snapshots, answer parsing, scoring and feedback: pure Python, no database."""

import json
import random
from collections.abc import Callable

import pytest

from learning.scoring import (
    InvalidAnswer,
    Score,
    build_snapshot,
    feedback,
    first_sentence,
    form_view,
    is_complete,
    option_note,
    parse_answer,
    placed_count,
    public_view,
    score,
    unique_tokens,
)

SOURCE = {"url": "/briefings/b/lesson/#block-3-row-1", "label": "The Lesson"}

CHOICE = {
    "kind": "choice",
    "prompt": "Which action plan belongs to Community Resilience?",
    "options": [
        {"text": "Joint exercises", "feedback": "That is the plan for Counterterrorism."},
        {"text": "Grassroots programs", "feedback": "Correct."},
        {"text": "Cyber protocols", "feedback": "That is the plan for Cybersecurity."},
    ],
    "answer": "Grassroots programs",
    "explanation": "The table gives Community Resilience: Grassroots programs.",
}
TRUE_FALSE = {
    "kind": "true_false",
    "prompt": "True or false: the plan for Cybersecurity is “Joint exercises”.",
    "options": [
        {"text": "True", "feedback": "No: that is the plan for Counterterrorism."},
        {"text": "False", "feedback": "Correct."},
    ],
    "answer": False,
    "explanation": "The plan for Cybersecurity is Cyber protocols.",
}
MATCH = {
    "kind": "match",
    "prompt": "Match each focus area to its action plan.",
    "answer": {
        "Counterterrorism": "Joint exercises",
        "Cybersecurity": "Cyber protocols",
        "Community Resilience": "Grassroots programs",
    },
    "explanation": "From the table Focus Area | Action Plan.",
}
CATEGORIZE = {
    "kind": "categorize",
    "prompt": "Place each item under its column.",
    "options": [{"text": "Challenges", "feedback": ""}, {"text": "Opportunities", "feedback": ""}],
    "answer": {
        "Insurgent remnants": "Challenges",
        "Political divisions": "Challenges",
        "Economic investment": "Opportunities",
        "Regional diplomacy": "Opportunities",
    },
    "explanation": "From the table Challenges | Opportunities.",
}
CLOZE = {
    "kind": "cloze",
    "prompt": "This realignment emphasizes ____ and enhanced collaboration.",
    "answer": ["capacity building", "capacity-building"],
    "explanation": "The sentence reads: This realignment emphasizes capacity building.",
}
ORDERING = {
    "kind": "ordering",
    "prompt": "Put the steps of handling an incident in order.",
    "answer": ["Establish a lead.", "Inform the team.", "Contain.", "Recover."],
    "explanation": "The steps come in this order: establish, inform, contain, recover.",
}
QUESTIONS = [CHOICE, TRUE_FALSE, MATCH, CATEGORIZE, CLOZE, ORDERING]


def counting_tokens() -> Callable[[], str]:
    numbers = iter(range(1000))
    return lambda: f"t{next(numbers)}"


def snap(question: dict, seed: int = 7) -> dict:
    return build_snapshot(question, rng=random.Random(seed), source=SOURCE, token=counting_tokens())


def text_of(snapshot: dict, token: str) -> str:
    entries = snapshot.get("options", []) + snapshot.get("choices", [])
    return next(entry["text"] for entry in entries if entry["token"] == token)


def posted(data: dict[str, str]) -> Callable[[str], str | None]:
    return data.get


def right_match(snapshot: dict) -> dict[str, str]:
    return dict(snapshot["key"]["correct"])


# build_snapshot


def test_a_snapshot_is_deterministic_for_a_given_rng_and_token_function():
    for question in QUESTIONS:
        assert snap(question, seed=3) == snap(question, seed=3)


def test_a_choice_snapshot_keeps_options_under_tokens_and_the_answer_in_the_key():
    snapshot = snap(CHOICE)

    assert snapshot["kind"] == "choice"
    assert snapshot["prompt"] == CHOICE["prompt"]
    assert [option["token"] for option in snapshot["options"]] == ["t0", "t1", "t2"]
    assert sorted(option["text"] for option in snapshot["options"]) == sorted(
        option["text"] for option in CHOICE["options"]
    )
    assert set(snapshot["options"][0]) == {"token", "text"}
    key = snapshot["key"]
    assert text_of(snapshot, key["correct"]) == "Grassroots programs"
    assert key["feedback"][key["correct"]] == "Correct."
    assert {text_of(snapshot, tok): fb for tok, fb in key["feedback"].items()} == {
        option["text"]: option["feedback"] for option in CHOICE["options"]
    }
    assert key["explanation"] == CHOICE["explanation"]
    assert key["source"] == SOURCE


def test_options_are_shuffled_by_the_rng():
    orders = {
        tuple(option["text"] for option in snap(CHOICE, seed=seed)["options"]) for seed in range(30)
    }

    assert len(orders) > 1


def test_a_true_false_snapshot_keys_the_right_word():
    snapshot = snap(TRUE_FALSE)

    assert text_of(snapshot, snapshot["key"]["correct"]) == "False"
    assert snap({**TRUE_FALSE, "answer": True})["key"]["correct"] != snapshot["key"]["correct"]
    true_snapshot = snap({**TRUE_FALSE, "answer": True})
    assert text_of(true_snapshot, true_snapshot["key"]["correct"]) == "True"


def test_a_match_snapshot_shuffles_the_right_hand_choices():
    snapshot = snap(MATCH)

    items = {item["token"]: item["text"] for item in snapshot["items"]}
    assert set(items.values()) == set(MATCH["answer"])
    assert sorted(choice["text"] for choice in snapshot["choices"]) == sorted(
        MATCH["answer"].values()
    )
    correct = snapshot["key"]["correct"]
    assert {items[item]: text_of(snapshot, target) for item, target in correct.items()} == (
        MATCH["answer"]
    )
    orders = {
        tuple(choice["text"] for choice in snap(MATCH, seed=seed)["choices"]) for seed in range(30)
    }
    assert len(orders) > 1


def test_a_categorize_snapshot_offers_the_columns_and_shuffles_the_items():
    snapshot = snap(CATEGORIZE)

    assert [choice["text"] for choice in snapshot["choices"]] == ["Challenges", "Opportunities"]
    items = {item["token"]: item["text"] for item in snapshot["items"]}
    correct = snapshot["key"]["correct"]
    assert {items[item]: text_of(snapshot, target) for item, target in correct.items()} == (
        CATEGORIZE["answer"]
    )
    orders = {
        tuple(item["text"] for item in snap(CATEGORIZE, seed=seed)["items"]) for seed in range(30)
    }
    assert len(orders) > 1


def test_a_cloze_snapshot_keeps_the_accepted_answers_in_the_key():
    snapshot = snap(CLOZE)

    assert set(snapshot) == {"kind", "prompt", "key"}
    assert snapshot["key"]["accepted"] == CLOZE["answer"]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="is not a question kind"):
        snap({"kind": "essay", "prompt": "Discuss.", "answer": None})


def test_tokens_are_unique_even_when_the_token_function_repeats():
    repeating = iter(["a", "a", "b", "a", "b", "c"])

    assert unique_tokens(3, lambda: next(repeating)) == ["a", "b", "c"]


def test_default_tokens_are_opaque_and_new_for_every_snapshot():
    first = build_snapshot(CHOICE, rng=random.Random(1))
    second = build_snapshot(CHOICE, rng=random.Random(1))

    first_tokens = {option["token"] for option in first["options"]}
    second_tokens = {option["token"] for option in second["options"]}
    assert not first_tokens & second_tokens
    for token in first_tokens:
        assert all(word.casefold() not in token.casefold() for word in ("grassroots", "joint"))


# public_view and form_view


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: question["kind"])
def test_public_and_form_views_never_contain_the_key(question):
    snapshot = snap(question)
    key = snapshot["key"]
    saved = {
        "choice": key.get("correct"),
        "true_false": key.get("correct"),
        "match": key.get("correct"),
        "categorize": key.get("correct"),
        "cloze": "my own answer",
        "ordering": key.get("correct"),
    }[question["kind"]]

    for view in (public_view(snapshot), form_view(snapshot), form_view(snapshot, saved)):
        assert "key" not in view
        dumped = json.dumps(view)
        assert question["explanation"] not in dumped
        assert SOURCE["url"] not in dumped
        assert "#block-" not in dumped
        assert "Correct." not in dumped
        for accepted in key.get("accepted", []):
            assert accepted not in dumped
    assert "key" in snapshot  # the snapshot itself is left untouched


def test_form_view_marks_only_the_learners_own_answer():
    choice = snap(CHOICE)
    wrong = next(o["token"] for o in choice["options"] if o["token"] != choice["key"]["correct"])

    unanswered = form_view(choice)
    answered = form_view(choice, wrong)

    assert [option["checked"] for option in unanswered["options"]] == [False, False, False]
    assert [option["token"] for option in answered["options"] if option["checked"]] == [wrong]
    match = snap(MATCH)
    first = match["items"][0]["token"]
    chosen = form_view(match, {first: match["choices"][0]["token"]})
    assert [item["selected"] for item in chosen["items"]] == [match["choices"][0]["token"], "", ""]
    assert [item["selected"] for item in form_view(match)["items"]] == ["", "", ""]
    assert form_view(snap(CLOZE))["text"] == ""
    assert form_view(snap(CLOZE), "my try")["text"] == "my try"


# parse_answer


def test_parse_a_choice():
    snapshot = snap(CHOICE)
    token = snapshot["options"][1]["token"]

    assert parse_answer(snapshot, posted({"choice": token})) == token


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose an answer first."),
        ({"choice": ""}, "Choose an answer first."),
        ({"choice": "forged"}, "not one of this question's options"),
        ({"choice": "Grassroots programs"}, "not one of this question's options"),
    ],
)
def test_parse_a_choice_refuses_empty_and_unknown_tokens(data, message):
    with pytest.raises(InvalidAnswer, match=message):
        parse_answer(snap(CHOICE), posted(data))


def test_parse_a_match_keeps_the_items_answered():
    snapshot = snap(MATCH)
    first, second, _ = (item["token"] for item in snapshot["items"])
    target = snapshot["choices"][2]["token"]

    answer = parse_answer(snapshot, posted({f"item-{first}": target, f"item-{second}": ""}))

    assert answer == {first: target}


def test_a_match_checked_at_once_needs_every_item():
    """Practice and review lock an answer when it is checked: a half-filled match is refused."""
    snapshot = snap(MATCH)
    first, second, third = (item["token"] for item in snapshot["items"])
    target = snapshot["choices"][2]["token"]
    partial = posted({f"item-{first}": target})

    with pytest.raises(InvalidAnswer, match="Choose an answer for every item first."):
        parse_answer(snapshot, partial, complete=True)
    choices = [choice["token"] for choice in snapshot["choices"]]
    full = {
        f"item-{token}": choice
        for token, choice in zip((first, second, third), choices, strict=True)
    }
    assert len(parse_answer(snapshot, posted(full), complete=True)) == 3


def test_a_one_to_one_match_refuses_an_option_chosen_twice_and_keeps_the_choices():
    snapshot = snap(MATCH)
    first, second, third = (item["token"] for item in snapshot["items"])
    target = snapshot["choices"][0]["token"]
    twice = {f"item-{first}": target, f"item-{third}": target}
    names = {item["token"]: item["text"] for item in snapshot["items"]}

    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(snapshot, posted(twice))

    chosen = snapshot["choices"][0]["text"]
    assert str(refused.value) == (
        f"“{chosen}” is chosen for both “{names[first]}” and “{names[third]}”: "
        "each answer goes with one item."
    )
    assert refused.value.given == {first: target, third: target}
    assert form_view(snapshot, refused.value.given)["one_each"] is True


def test_a_categorize_puts_several_items_in_one_group():
    snapshot = snap(CATEGORIZE)
    group = snapshot["choices"][0]["token"]
    every = {f"item-{item['token']}": group for item in snapshot["items"]}

    assert set(parse_answer(snapshot, posted(every), complete=True).values()) == {group}
    assert form_view(snapshot)["buttons"] is True


def test_a_match_marks_the_options_chosen_so_far():
    snapshot = snap(MATCH)
    first = snapshot["items"][0]["token"]
    target = snapshot["choices"][1]["token"]

    view = form_view(snapshot, {first: target})

    assert view["chosen"] == [target]
    assert view["one_each"] is True


@pytest.mark.parametrize("kind_question", [MATCH, CATEGORIZE], ids=["match", "categorize"])
def test_parse_a_match_refuses_empty_and_unknown_choices(kind_question):
    snapshot = snap(kind_question)
    first = snapshot["items"][0]["token"]

    with pytest.raises(InvalidAnswer, match="Choose at least one answer first."):
        parse_answer(snapshot, posted({}))
    with pytest.raises(InvalidAnswer, match="Choose at least one answer first."):
        parse_answer(snapshot, posted({"item-forged": snapshot["choices"][0]["token"]}))
    with pytest.raises(InvalidAnswer, match="not one of this question's options"):
        parse_answer(snapshot, posted({f"item-{first}": "forged"}))


def test_parse_a_cloze_strips_the_text():
    assert parse_answer(snap(CLOZE), posted({"text": "  Capacity Building \n"})) == (
        "Capacity Building"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Type an answer first."),
        ({"text": "   "}, "Type an answer first."),
        ({"text": "x" * 501}, "too long"),
        ({"text": "capacity\x00building"}, "not allowed"),
    ],
)
def test_parse_a_cloze_refuses_empty_long_and_nul_answers(data, message):
    with pytest.raises(InvalidAnswer, match=message):
        parse_answer(snap(CLOZE), posted(data))


def test_invalid_answer_is_a_value_error():
    assert issubclass(InvalidAnswer, ValueError)


# score


def test_score_a_choice():
    snapshot = snap(CHOICE)
    right = snapshot["key"]["correct"]
    wrong = next(o["token"] for o in snapshot["options"] if o["token"] != right)

    assert score(snapshot, right) == Score(1.0, True)
    assert score(snapshot, wrong) == Score(0.0, False)
    assert score(snapshot, None) == Score(0.0, False)


def test_score_true_false():
    snapshot = snap(TRUE_FALSE)
    right = snapshot["key"]["correct"]
    wrong = next(o["token"] for o in snapshot["options"] if o["token"] != right)

    assert score(snapshot, right) == Score(1.0, True)
    assert score(snapshot, wrong) == Score(0.0, False)


def test_score_a_match_by_the_fraction_right():
    snapshot = snap(MATCH)
    right = right_match(snapshot)
    items = [item["token"] for item in snapshot["items"]]
    swapped = dict(right) | {items[0]: right[items[1]], items[1]: right[items[0]]}

    assert score(snapshot, right) == Score(1.0, True)
    assert score(snapshot, swapped) == Score(pytest.approx(1 / 3), False)
    assert score(snapshot, {items[2]: right[items[2]]}) == Score(pytest.approx(1 / 3), False)
    assert score(snapshot, {}) == Score(0.0, False)
    assert score(snapshot, "not a dict") == Score(0.0, False)


def test_score_a_categorize_by_the_fraction_right():
    snapshot = snap(CATEGORIZE)
    right = right_match(snapshot)
    columns = [choice["token"] for choice in snapshot["choices"]]
    other = {column: next(c for c in columns if c != column) for column in columns}
    items = [item["token"] for item in snapshot["items"]]
    one_wrong = dict(right) | {items[0]: other[right[items[0]]]}
    all_wrong = {item: other[target] for item, target in right.items()}

    assert score(snapshot, right) == Score(1.0, True)
    assert score(snapshot, one_wrong) == Score(0.75, False)
    assert score(snapshot, all_wrong) == Score(0.0, False)


@pytest.mark.parametrize(
    "typed",
    [
        "capacity building",
        "Capacity Building",
        "CAPACITY-BUILDING!",
        " capacity   building. ",
        "capacity-building",
        "the capacity building",
    ],
)
def test_score_a_cloze_ignoring_case_spacing_and_punctuation(typed):
    assert score(snap(CLOZE), typed) == Score(1.0, True)


@pytest.mark.parametrize("typed", ["capacity", "building capacity", "", "  ", None])
def test_score_a_wrong_cloze(typed):
    assert score(snap(CLOZE), typed) == Score(0.0, False)


# feedback


def test_feedback_for_a_wrong_choice_names_both_answers_and_why():
    snapshot = snap(CHOICE)
    right = snapshot["key"]["correct"]
    wrong = next(
        o["token"]
        for o in snapshot["options"]
        if text_of(snapshot, o["token"]) == "Cyber protocols"
    )

    shown = feedback(snapshot, wrong)

    options = shown.pop("options")
    assert shown == {
        "explanation": CHOICE["explanation"],
        "source": SOURCE,
        "right_answer": "Grassroots programs",
        "your_answer": "Cyber protocols",
        "option_feedback": "That is the plan for Cybersecurity.",
    }
    assert [option["text"] for option in options] == [o["text"] for o in snapshot["options"]]
    marks = {option["text"]: (option["right"], option["chosen"]) for option in options}
    assert marks == {
        "Grassroots programs": (True, False),
        "Cyber protocols": (False, True),
        "Joint exercises": (False, False),
    }
    assert feedback(snapshot, right)["option_feedback"] == ""
    assert feedback(snapshot, right)["your_answer"] == "Grassroots programs"
    assert feedback(snapshot, None)["your_answer"] is None


def test_feedback_for_a_match_gives_a_row_per_item():
    snapshot = snap(MATCH)
    right = right_match(snapshot)
    first = snapshot["items"][0]

    shown = feedback(snapshot, {first["token"]: right[first["token"]]})

    rows = {row["item"]: row for row in shown["rows"]}
    assert list(rows) == [item["text"] for item in snapshot["items"]]
    assert rows[first["text"]]["correct"] is True
    assert rows[first["text"]]["your_answer"] == MATCH["answer"][first["text"]]
    for item in snapshot["items"][1:]:
        row = rows[item["text"]]
        assert (row["correct"], row["your_answer"]) == (False, None)
        assert row["right_answer"] == MATCH["answer"][item["text"]]
    assert shown["explanation"] == MATCH["explanation"]


def test_feedback_for_a_cloze_gives_the_first_accepted_answer():
    shown = feedback(snap(CLOZE), "capacity")

    assert shown["right_answer"] == "capacity building"
    assert shown["your_answer"] == "capacity"
    assert feedback(snap(CLOZE), None)["your_answer"] is None


def test_feedback_keeps_every_option_and_says_where_each_wrong_one_belongs():
    """A choice question's wrong options each carry their feedback; the right one none."""
    snapshot = snap(CHOICE)
    right = snapshot["key"]["correct"]

    options = feedback(snapshot, right)["options"]

    notes = {option["text"]: option["note"] for option in options}
    assert notes == {
        "Grassroots programs": "",
        "Joint exercises": "That is the plan for Counterterrorism.",
        "Cyber protocols": "That is the plan for Cybersecurity.",
    }
    assert [option["chosen"] for option in options] == [
        option["token"] == right for option in snapshot["options"]
    ]


def test_true_false_feedback_notes_only_the_wrong_option_chosen():
    snapshot = snap(TRUE_FALSE)
    right = snapshot["key"]["correct"]
    wrong = next(o["token"] for o in snapshot["options"] if o["token"] != right)

    assert all(option["note"] == "" for option in feedback(snapshot, right)["options"])
    chosen = feedback(snapshot, wrong)["options"]
    assert {option["text"]: option["note"] for option in chosen} == {
        "True": "No: that is the plan for Counterterrorism.",
        "False": "",
    }


def test_an_option_note_does_not_repeat_the_option():
    assert option_note("Community Resilience", "Community Resilience: programs at grassroots.") == (
        "Programs at grassroots."
    )
    assert option_note("Joint", "That is the plan for X.") == "That is the plan for X."


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One sentence only", "One sentence only"),
        ("The table gives A: B. “B” is the plan for C.", "The table gives A: B."),
        (
            "The sentence reads: “It emphasizes capacity. Building on U.S. Military aid.” "
            "Capacity Building has several meanings.",
            "The sentence reads: “It emphasizes capacity. Building on U.S. Military aid.”",
        ),
        ("Support from the U.S. Army is key. Then more.", "Support from the U.S. Army is key."),
        ("Le tableau « A. B » donne C. Puis D.", "Le tableau « A. B » donne C."),
        ("  Spaces   and\nlines. Kept  short.  ", "Spaces and lines."),
        ("", ""),
    ],
)
def test_the_explanation_is_its_first_sentence(text, first):
    assert first_sentence(text) == first


def test_feedback_gives_one_sentence_of_explanation():
    question = CHOICE | {"explanation": "The table gives X: Y. Y is also the plan for Z."}

    assert feedback(snap(question), None)["explanation"] == "The table gives X: Y."


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: question["kind"])
def test_an_answer_is_complete_only_when_every_item_is_placed(question):
    snapshot = snap(question)
    kind = snapshot["kind"]

    assert not is_complete(snapshot, None)
    assert not is_complete(snapshot, {})
    if kind in ("match", "categorize", "ordering"):
        full = dict(snapshot["key"]["correct"])
        first = next(iter(full))
        assert is_complete(snapshot, full)
        assert not is_complete(snapshot, {first: full[first]})
        assert placed_count(snapshot, {first: full[first]}) == (1, len(full))
    elif kind == "cloze":
        assert is_complete(snapshot, "capacity")
        assert not is_complete(snapshot, "")
    else:
        assert is_complete(snapshot, snapshot["key"]["correct"])
