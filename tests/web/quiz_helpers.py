"""Shared helpers for the quiz web tests.

Answers are built from a snapshot's ``key`` (which the server keeps and the
test may read), and a question's HTML is read back as the form fields a
browser would send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from learning.models import Attempt, AttemptQuestion
from quizzes.models import Quiz

HTMX = {"HX-Request": "true"}


def answer_data(snapshot: dict, how: str = "right") -> dict[str, str]:
    """Form data answering a snapshot ``right``, ``wrong``, or (match, categorize, ordering)
    ``partly``.

    ``partly`` places the first item right and every other item wrong.
    """
    kind, key = snapshot["kind"], snapshot["key"]
    if kind in ("choice", "true_false"):
        if how == "right":
            return {"choice": key["correct"]}
        return {
            "choice": next(o["token"] for o in snapshot["options"] if o["token"] != key["correct"])
        }
    if kind == "match" and len(snapshot["choices"]) == len(snapshot["items"]):
        # Options pair one to one, each used once: wrong answers rotate the right ones
        # (two pairs cannot be partly right: "partly" swaps them like "wrong").
        tokens = [item["token"] for item in snapshot["items"]]
        rights = [key["correct"][token] for token in tokens]
        count = len(tokens)
        rotate = "wrong" if how == "partly" and count < 3 else how

        def given(index: int) -> str:
            if rotate == "right" or (rotate == "partly" and index == 0):
                return rights[index]
            if rotate == "partly":
                return rights[index % (count - 1) + 1]
            return rights[(index + 1) % count]

        return {f"item-{token}": given(index) for index, token in enumerate(tokens)}
    if kind in ("match", "categorize"):
        data = {}
        for index, item in enumerate(snapshot["items"]):
            right = key["correct"][item["token"]]
            wrong = next(c["token"] for c in snapshot["choices"] if c["token"] != right)
            keep = how == "right" or (how == "partly" and index == 0)
            data[f"item-{item['token']}"] = right if keep else wrong
        return data
    if kind == "ordering":
        # Wrong: every step one place on, the last first. Partly: the first step kept,
        # the others rotated among the places after it.
        count = len(key["correct"])

        def moved(right: int) -> int:
            if how == "right" or (how == "partly" and right == 1):
                return right
            if how == "partly":
                return (right - 1) % (count - 1) + 2
            return right % count + 1

        return {f"item-{token}": str(moved(right)) for token, right in key["correct"].items()}
    return {"text": key["accepted"][0] if how == "right" else "certainly not this"}


def start(client: Client, quiz: Quiz) -> Attempt:
    """Start (or resume) an attempt through the Start button; the open attempt."""
    response = client.post(reverse("learning:start", args=[quiz.pk]))
    assert response.status_code == 302, response
    return Attempt.objects.get(quiz=quiz, submitted_at__isnull=True)


def questions_of(attempt: Attempt) -> list[AttemptQuestion]:
    return list(AttemptQuestion.objects.filter(attempt=attempt).order_by("position"))


def attempt_url(attempt: Attempt) -> str:
    return reverse("learning:attempt", args=[attempt.pk])


def submit_url(attempt: Attempt) -> str:
    return reverse("learning:submit", args=[attempt.pk])


def result_url(attempt: Attempt) -> str:
    return reverse("learning:result", args=[attempt.pk])


def answer_url(attempt: Attempt, position: int) -> str:
    return reverse("learning:answer", args=[attempt.pk, position])


def section(html: str, position: int) -> str:
    """One question's ``<section>`` of an attempt page."""
    match = re.search(rf'<section id="question-{position}".*?</section>', html, re.S)
    assert match, f"no question {position} in the page"
    return match.group(0)


@dataclass
class Fields:
    """What a question's form lets the learner send."""

    radios: list[str] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)
    text_inputs: list[dict[str, str | None]] = field(default_factory=list)


class _FieldParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields = Fields()
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "radio":
            self.fields.radios.append(attributes["value"] or "")
        elif tag == "input" and attributes.get("type") == "text":
            self.fields.text_inputs.append(attributes)
        elif tag == "select":
            self._select = attributes["name"] or ""
            self.fields.selects[self._select] = []
        elif tag == "option" and self._select is not None and attributes.get("value"):
            self.fields.selects[self._select].append(attributes["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_fields(html: str) -> Fields:
    parser = _FieldParser()
    parser.feed(html)
    parser.close()
    return parser.fields
