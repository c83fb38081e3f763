"""Ordering questions: the snapshot hides the order, parsing, partial scores, feedback."""

import pytest

from learning.scoring import InvalidAnswer, Score, feedback, form_view, parse_answer, score
from tests.unit.test_scoring import ORDERING, snap

STEPS = ORDERING["answer"]


def right_order(snapshot: dict) -> dict[str, int]:
    return dict(snapshot["key"]["correct"])


def as_posted(answer: dict[str, int]) -> dict[str, str]:
    return {f"item-{token}": str(position) for token, position in answer.items()}


def test_the_snapshot_shows_every_step_under_a_token_and_keys_its_position():
    snapshot = snap(ORDERING)

    assert sorted(item["text"] for item in snapshot["items"]) == sorted(STEPS)
    assert snapshot["positions"] == [1, 2, 3, 4]
    text_of = {item["token"]: item["text"] for item in snapshot["items"]}
    by_position = sorted(snapshot["key"]["correct"].items(), key=lambda pair: pair[1])
    assert [text_of[token] for token, _ in by_position] == STEPS


def test_the_steps_are_never_shown_in_their_right_order():
    three = {**ORDERING, "answer": STEPS[:3]}
    for question in (ORDERING, three):
        orders = set()
        for seed in range(60):
            shown = [item["text"] for item in snap(question, seed=seed)["items"]]
            assert shown != question["answer"]
            orders.add(tuple(shown))
        assert len(orders) > 2
    two = {**ORDERING, "answer": STEPS[:2]}
    assert [item["text"] for item in snap(two)["items"]] == [STEPS[1], STEPS[0]]


def test_the_form_view_has_no_key_and_marks_only_the_learners_positions():
    snapshot = snap(ORDERING)
    first = snapshot["items"][0]["token"]

    view = form_view(snapshot, {first: 2})

    assert "key" not in view
    assert [item["selected"] for item in view["items"]] == [2, "", "", ""]


def test_parse_a_complete_order():
    snapshot = snap(ORDERING)
    right = right_order(snapshot)

    assert parse_answer(snapshot, as_posted(right).get) == right


@pytest.mark.parametrize("complete", [False, True])
def test_an_order_with_a_step_unplaced_is_no_answer_yet(complete):
    snapshot = snap(ORDERING)
    right = right_order(snapshot)
    last = snapshot["items"][-1]["token"]
    partial = {token: position for token, position in right.items() if token != last}

    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(snapshot, as_posted(partial).get, complete=complete)

    assert str(refused.value) == "Give every step a position from 1 to 4: 1 still to place."
    assert refused.value.given == partial


def test_two_steps_in_one_position_are_refused_with_both_named():
    snapshot = snap(ORDERING)
    right = right_order(snapshot)
    first, second = snapshot["items"][0], snapshot["items"][1]
    clash = right | {second["token"]: right[first["token"]]}

    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(snapshot, as_posted(clash).get)

    position = right[first["token"]]
    assert str(refused.value) == (
        f"“{first['text']}” and “{second['text']}” are both at position {position}: "
        "give each step its own position."
    )
    assert refused.value.given == clash


@pytest.mark.parametrize("value", ["0", "5", "two", "-1", "1.5"])
def test_a_position_out_of_range_is_refused(value):
    snapshot = snap(ORDERING)
    token = snapshot["items"][0]["token"]

    with pytest.raises(InvalidAnswer, match="A position is a number from 1 to 4."):
        parse_answer(snapshot, {f"item-{token}": value}.get)


def test_an_empty_order_is_refused():
    with pytest.raises(InvalidAnswer, match="Give each step its position first."):
        parse_answer(snap(ORDERING), {}.get)


def test_score_the_share_of_steps_in_their_right_position():
    snapshot = snap(ORDERING)
    right = right_order(snapshot)
    tokens = sorted(right, key=right.get)
    half = right | {tokens[0]: 2, tokens[1]: 1}
    none = {token: (right[token] % 4) + 1 for token in tokens}

    assert score(snapshot, right) == Score(1.0, True)
    assert score(snapshot, half) == Score(0.5, False)
    assert score(snapshot, none) == Score(0.0, False)
    assert score(snapshot, None) == Score(0.0, False)


def test_feedback_shows_the_right_order_beside_the_learners():
    snapshot = snap(ORDERING)
    right = right_order(snapshot)
    tokens = sorted(right, key=right.get)
    swapped = right | {tokens[0]: 2, tokens[1]: 1}

    shown = feedback(snapshot, swapped)

    assert shown["order"] == [
        {"position": 1, "right_answer": STEPS[0], "your_answer": STEPS[1], "correct": False},
        {"position": 2, "right_answer": STEPS[1], "your_answer": STEPS[0], "correct": False},
        {"position": 3, "right_answer": STEPS[2], "your_answer": STEPS[2], "correct": True},
        {"position": 4, "right_answer": STEPS[3], "your_answer": STEPS[3], "correct": True},
    ]
    assert shown["explanation"] == ORDERING["explanation"]
    unanswered = feedback(snapshot, None)["order"]
    assert [row["your_answer"] for row in unanswered] == [None] * 4
