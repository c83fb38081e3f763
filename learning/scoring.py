"""Snapshots of questions as shown, and scoring: pure Python, no Django.

A snapshot is what an attempt (or a review) showed: the prompt, the choices
under per-attempt opaque tokens in shuffled order, and, kept apart under
``key``, everything that gives the answer away (the correct tokens, accepted
cloze answers, feedback, explanation, source link). Only ``public_view`` of a
snapshot ever reaches a template before the answer is due.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext

from quizzes.generate.fingerprint import answers_match
from quizzes.generate.phrases import true_false_labels
from quizzes.shape import check_question

TOKEN_BYTES = 6


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def build_snapshot(
    question: dict,
    *,
    rng: random.Random,
    source: dict | None = None,
    token: Callable[[], str] = new_token,
) -> dict:
    """Freeze a question (kind, prompt, options, answer, explanation) for one attempt.

    ``source`` is ``{"url": …, "label": …}`` for the link to the lesson, or None.
    Raises ``InvalidQuestion`` (naming the field) for a question that cannot be
    shown, rather than failing half-way on a malformed option.
    """
    check_question(question)
    kind = question["kind"]
    snapshot = {"kind": kind, "prompt": question["prompt"]}
    key: dict = {"explanation": question.get("explanation", ""), "source": source}
    if kind in ("choice", "true_false"):
        options = [dict(option) for option in question["options"]]
        rng.shuffle(options)
        tokens = unique_tokens(len(options), token)
        labels = true_false_labels(question.get("language", "")) if kind == "true_false" else {}
        snapshot["options"] = [
            {"token": tok, "text": labels.get(option["text"], option["text"])}
            for tok, option in zip(tokens, options, strict=True)
        ]
        correct_text = (
            ("True" if question["answer"] else "False")
            if kind == "true_false"
            else question["answer"]
        )
        key["correct"] = next(
            tok
            for tok, option in zip(tokens, options, strict=True)
            if option["text"] == correct_text
        )
        key["feedback"] = {
            tok: option.get("feedback", "") for tok, option in zip(tokens, options, strict=True)
        }
    elif kind in ("match", "categorize"):
        pairs = list(question["answer"].items())
        targets = sorted(set(question["answer"].values()), key=str)
        if kind == "categorize":
            columns = [option["text"] for option in question.get("options", [])] or targets
            targets = columns
            rng.shuffle(pairs)
        else:
            rng.shuffle(targets)
        left_tokens = unique_tokens(len(pairs), token)
        target_tokens = unique_tokens(len(targets), token)
        snapshot["items"] = [
            {"token": tok, "text": left} for tok, (left, _) in zip(left_tokens, pairs, strict=True)
        ]
        snapshot["choices"] = [
            {"token": tok, "text": text} for tok, text in zip(target_tokens, targets, strict=True)
        ]
        token_of_target = dict(zip(targets, target_tokens, strict=True))
        key["correct"] = {
            tok: token_of_target[right] for tok, (_, right) in zip(left_tokens, pairs, strict=True)
        }
    elif kind == "cloze":
        key["accepted"] = list(question["answer"])
    elif kind == "ordering":
        steps = list(question["answer"])
        shown = shuffled_out_of_order(len(steps), rng)
        tokens = unique_tokens(len(steps), token)
        snapshot["items"] = [
            {"token": tok, "text": steps[step]} for tok, step in zip(tokens, shown, strict=True)
        ]
        snapshot["positions"] = list(range(1, len(steps) + 1))
        key["correct"] = {tok: step + 1 for tok, step in zip(tokens, shown, strict=True)}
    else:
        raise ValueError(f"unknown question kind {kind!r}")
    snapshot["key"] = key
    return snapshot


def shuffled_out_of_order(count: int, rng: random.Random) -> list[int]:
    """``0..count-1`` shuffled, never in their own order (which would show the answer)."""
    order = list(range(count))
    if count < 2:
        return order
    while order == sorted(order):
        rng.shuffle(order)
    return order


def unique_tokens(count: int, token: Callable[[], str]) -> list[str]:
    tokens: list[str] = []
    while len(tokens) < count:
        candidate = token()
        if candidate not in tokens:
            tokens.append(candidate)
    return tokens


def public_view(snapshot: dict) -> dict:
    """The snapshot without anything that reveals the answer."""
    return {name: value for name, value in snapshot.items() if name != "key"}


# Categorize into this many groups or fewer: one button per group beside each item.
MAX_GROUP_BUTTONS = 3


def pairs_one_to_one(snapshot: dict) -> bool:
    """A match whose options pair one to one with its items: each option is used once."""
    return snapshot["kind"] == "match" and len(snapshot["choices"]) == len(snapshot["items"])


def form_view(snapshot: dict, saved: object | None = None) -> dict:
    """The public snapshot shaped for a form, with a saved (not yet revealed) answer filled in.

    ``saved`` is the learner's own answer, so showing it reveals nothing.
    """
    view = public_view(snapshot)
    if "options" in view:
        view["options"] = [
            option | {"checked": option["token"] == saved} for option in view["options"]
        ]
    if "items" in view:
        chosen = saved if isinstance(saved, dict) else {}
        view["items"] = [
            item | {"selected": chosen.get(item["token"], "")} for item in view["items"]
        ]
        view["chosen"] = list(chosen.values())
    if view["kind"] == "match":
        view["one_each"] = pairs_one_to_one(snapshot)
    if view["kind"] == "categorize":
        view["buttons"] = len(view["choices"]) <= MAX_GROUP_BUTTONS
    if view["kind"] == "cloze":
        view["text"] = saved if isinstance(saved, str) else ""
    return view


def right_answer(snapshot: dict) -> object:
    """The answer that scores full marks, as a learner would give it (tokens, positions)."""
    key = snapshot["key"]
    if snapshot["kind"] == "cloze":
        return key["accepted"][0] if key["accepted"] else ""
    return key["correct"]


class InvalidAnswer(ValueError):
    """A posted answer that does not fit the question (unknown token, wrong shape).

    ``given`` is what the learner posted, when the form should show it back
    (an ordering with two steps in one position keeps the positions chosen).
    """

    def __init__(self, message: str, *, given: object | None = None) -> None:
        super().__init__(message)
        self.given = given


class MalformedAnswer(InvalidAnswer):
    """A post that no form of the question sends: a token of another question or attempt,
    a field sent twice or unknown, an answer over ``MAX_POSTED`` characters. Refused with
    a 400 (a form error is for what a learner can get wrong)."""


#: No field of an answer form is longer: option tokens are short, typed answers are cut at
#: ``MAX_TYPED`` with a form error, and anything over this was not typed in the form.
MAX_POSTED = 1000
MAX_TYPED = 500
SCALAR_FIELDS = ("choice", "text", "go", "flag", "show", "confirm", "reviews", "session")


def refuse_malformed_post(snapshot: dict, post) -> None:
    """Raise ``MalformedAnswer`` for a post of the wrong shape for ``snapshot``.

    ``post`` is a ``QueryDict``: a field sent twice, an ``item-`` field that names no
    item of this question, or a field longer than ``MAX_POSTED`` characters.
    """
    items = {f"item-{item['token']}" for item in snapshot.get("items", [])}
    for name in post:
        values = post.getlist(name)
        if (name in SCALAR_FIELDS or name.startswith("item-")) and len(values) > 1:
            raise MalformedAnswer(
                gettext("The field “%(name)s” was sent more than once.") % {"name": name[:40]}
            )
        if name.startswith("item-") and name not in items:
            raise MalformedAnswer(gettext("That item is not one of this question's items."))
        if any(len(value) > MAX_POSTED for value in values):
            raise MalformedAnswer(too_long(MAX_POSTED))


def parse_answer(
    snapshot: dict, posted: Callable[[str], str | None], *, complete: bool = False
) -> object:
    """Read a learner's answer from form data; ``posted(name)`` returns a field or None.

    Field names: ``choice`` for choice and true/false, ``item-<token>`` for each
    match, categorize or ordering item, ``text`` for cloze. With ``complete`` (an
    answer that is checked and locked at once), every match or categorize item
    needs a choice; an exam saves partial answers as they are made. An ordering
    is an answer only when complete, each position used once. Raises ``InvalidAnswer``.
    """
    kind = snapshot["kind"]
    if kind == "ordering":
        return parse_order(snapshot, posted)
    if kind in ("choice", "true_false"):
        value = posted("choice")
        if not value:
            raise InvalidAnswer(gettext("Choose an answer first."))
        if value not in {option["token"] for option in snapshot["options"]}:
            raise MalformedAnswer(gettext("That choice is not one of this question's options."))
        return value
    if kind in ("match", "categorize"):
        choices = {choice["token"] for choice in snapshot["choices"]}
        answer = {}
        for item in snapshot["items"]:
            value = posted(f"item-{item['token']}") or ""
            if value and value not in choices:
                raise MalformedAnswer(gettext("That choice is not one of this question's options."))
            if value:
                answer[item["token"]] = value
        if not answer:
            raise InvalidAnswer(gettext("Choose at least one answer first."))
        if pairs_one_to_one(snapshot):
            refuse_an_option_used_twice(snapshot, answer)
        if complete and len(answer) < len(snapshot["items"]):
            raise InvalidAnswer(gettext("Choose an answer for every item first."), given=answer)
        return answer
    text = (posted("text") or "").strip()
    if not text:
        raise InvalidAnswer(gettext("Type an answer first."))
    if len(text) > MAX_POSTED:
        raise MalformedAnswer(too_long(MAX_POSTED))
    if len(text) > MAX_TYPED:
        raise InvalidAnswer(too_long(MAX_TYPED))
    if "\x00" in text:
        # PostgreSQL cannot store a NUL character in JSON: refuse it like Django's forms do.
        raise InvalidAnswer(gettext("That answer contains a character that is not allowed."))
    return text


def too_long(limit: int) -> str:
    return gettext("That answer is too long (%(limit)s characters at most).") % {
        "limit": number_format(limit, force_grouping=True)
    }


def refuse_an_option_used_twice(snapshot: dict, answer: dict[str, str]) -> None:
    """In a one-to-one match, each option goes with one item (the form moves it with JS)."""
    text_of = {entry["token"]: entry["text"] for entry in snapshot["items"] + snapshot["choices"]}
    items_of: dict[str, list[str]] = {}
    for item, choice in answer.items():
        items_of.setdefault(choice, []).append(text_of[item])
    for choice, items in items_of.items():
        if len(items) > 1:
            raise InvalidAnswer(
                gettext(
                    "“%(choice)s” is chosen for both %(items)s: each answer goes with one item."
                )
                % {"choice": text_of[choice], "items": quoted_list(items)},
                given=answer,
            )


def quoted_list(texts: list[str]) -> str:
    """“a” and “b” (“a”, “b” and “c”), in the interface language."""
    quoted = [gettext("“%(text)s”") % {"text": text} for text in texts]
    if len(quoted) == 1:
        return quoted[0]
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(quoted[:-1]), "last": quoted[-1]}


def parse_order(snapshot: dict, posted: Callable[[str], str | None]) -> dict[str, int]:
    """``{step token: position}``, every step placed, no position given twice."""
    positions = snapshot["positions"]
    given: dict[str, int] = {}
    for item in snapshot["items"]:
        value = (posted(f"item-{item['token']}") or "").strip()
        if not value:
            continue
        if not value.isdecimal() or int(value) not in positions:
            raise MalformedAnswer(
                gettext("A position is a number from 1 to %(last)d.") % {"last": len(positions)}
            )
        given[item["token"]] = int(value)
    if not given:
        raise InvalidAnswer(gettext("Give each step its position first."))
    text_of = {item["token"]: item["text"] for item in snapshot["items"]}
    steps_at: dict[int, list[str]] = {}
    for token, position in given.items():
        steps_at.setdefault(position, []).append(text_of[token])
    for position in sorted(steps_at):
        if len(steps_at[position]) > 1:
            raise InvalidAnswer(
                gettext(
                    "%(steps)s are both at position %(position)d: give each step its own position."
                )
                % {"steps": quoted_list(steps_at[position]), "position": position},
                given=given,
            )
    if len(given) < len(snapshot["items"]):
        raise InvalidAnswer(
            gettext("Give every step a position from 1 to %(last)d: %(left)d still to place.")
            % {"last": len(positions), "left": len(snapshot["items"]) - len(given)},
            given=given,
        )
    return given


def is_complete(snapshot: dict, answer: object | None) -> bool:
    """Whether a saved answer answers the whole question.

    An exam saves a match or categorize answer as it is made, so a saved
    answer may place only some items: such a question is not answered yet.
    """
    if answer in (None, "", {}):
        return False
    if snapshot["kind"] in ("match", "categorize", "ordering"):
        return isinstance(answer, dict) and len(answer) >= len(snapshot["items"])
    return True


def placed_count(snapshot: dict, answer: object | None) -> tuple[int, int]:
    """(items placed, items) of a match, categorize or ordering answer."""
    return (len(answer) if isinstance(answer, dict) else 0), len(snapshot.get("items", []))


# A sentence ends at . ! or ? (and any closing quotes) before a capital, outside
# quotation marks, and not after initials ("U.S.", "e.g.") or a title ("Gen.").
_SENTENCE_BREAK = re.compile(r"[.!?][”»’\")\]]*(?=\s+[“«‘\"(\[]?[A-ZÀ-Ý])")
_INITIALS = re.compile(r"(?:(?:\b\w\.){2,}|\b(?:Mr|Mrs|Ms|Dr|St|Mt|No|Gen|Col|Lt|Capt|Maj)\.)$")
_OPENING, _CLOSING = "“«", "”»"


def first_sentence(text: str) -> str:
    """The first sentence of ``text``: a quotation inside it is never cut."""
    text = " ".join(text.split())
    for found in _SENTENCE_BREAK.finditer(text):
        before = text[: found.end()]
        depth = sum(before.count(mark) for mark in _OPENING) - sum(
            before.count(mark) for mark in _CLOSING
        )
        if depth > 0 or _INITIALS.search(text[: found.start() + 1]):
            continue
        return before
    return text


@dataclass(frozen=True)
class Score:
    value: float  # 0..1
    correct: bool


def score(snapshot: dict, answer: object) -> Score:
    """Equal weights; match and categorize score the fraction right, ordering the
    share of steps in their right position."""
    kind, key = snapshot["kind"], snapshot["key"]
    if kind in ("choice", "true_false"):
        right = answer == key["correct"]
        return Score(1.0 if right else 0.0, right)
    if kind in ("match", "categorize", "ordering"):
        given = answer if isinstance(answer, dict) else {}
        hits = sum(given.get(item) == target for item, target in key["correct"].items())
        total = len(key["correct"]) or 1
        return Score(hits / total, hits == total)
    right = isinstance(answer, str) and answers_match(answer, key["accepted"])
    return Score(1.0 if right else 0.0, right)


def option_note(text: str, note: str) -> str:
    """An option's feedback shown beside it, without repeating the option
    ("Community Resilience: Programs…" beside *Community Resilience* reads "Programs…")."""
    if note.startswith(f"{text}:"):
        rest = note[len(text) + 1 :].strip()
        return rest[:1].upper() + rest[1:]
    return note


def feedback(snapshot: dict, answer: object | None) -> dict:
    """What the learner sees once the answer is due: theirs, the right one, and why."""
    kind, key = snapshot["kind"], snapshot["key"]
    shown = {
        "explanation": first_sentence(key.get("explanation", "")),
        "source": key.get("source"),
    }
    if kind in ("choice", "true_false"):
        text_of = {option["token"]: option["text"] for option in snapshot["options"]}
        shown["right_answer"] = text_of[key["correct"]]
        shown["your_answer"] = text_of.get(answer) if answer else None
        shown["option_feedback"] = (
            key["feedback"].get(answer, "") if answer and answer != key["correct"] else ""
        )
        shown["options"] = [
            {
                "text": option["text"],
                "right": option["token"] == key["correct"],
                "chosen": option["token"] == answer,
                # Where a wrong option really belongs teaches too: every one of a choice
                # question's, and true/false's only when chosen (the other is the answer).
                "note": option_note(option["text"], key["feedback"].get(option["token"], ""))
                if option["token"] != key["correct"]
                and (kind == "choice" or option["token"] == answer)
                else "",
            }
            for option in snapshot["options"]
        ]
    elif kind in ("match", "categorize"):
        text_of = {choice["token"]: choice["text"] for choice in snapshot["choices"]}
        given = answer if isinstance(answer, dict) else {}
        shown["rows"] = [
            {
                "item": item["text"],
                "your_answer": text_of.get(given.get(item["token"])),
                "right_answer": text_of[key["correct"][item["token"]]],
                "correct": given.get(item["token"]) == key["correct"][item["token"]],
            }
            for item in snapshot["items"]
        ]
    elif kind == "ordering":
        text_of = {item["token"]: item["text"] for item in snapshot["items"]}
        given = answer if isinstance(answer, dict) else {}
        placed = {position: token for token, position in given.items()}
        right_order = sorted(key["correct"], key=key["correct"].get)
        shown["order"] = [
            {
                "position": position,
                "right_answer": text_of[token],
                "your_answer": text_of.get(placed.get(position)),
                "correct": given.get(token) == position,
            }
            for position, token in enumerate(right_order, start=1)
        ]
    else:
        shown["right_answer"] = key["accepted"][0] if key["accepted"] else ""
        shown["your_answer"] = answer or None
    return shown
