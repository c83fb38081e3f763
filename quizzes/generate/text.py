"""Prose helpers: turning table headers into English for prompts and feedback.

A header's *role* comes from its head noun (its last word, singularised):
descriptions ("Description", "Meaning") are "described as", actions ("Action
Plan", "Action Steps") are "pursued through", outcomes ("Expected Outcomes")
are "linked to"; any other header falls back to "goes with", and a header
without letters (or longer than six words) to "these".
"""

from __future__ import annotations

import re
from enum import StrEnum

from .facts import Entry
from .fingerprint import singular_words, singularise
from .triage import table_label
from .words import is_imperative

DESCRIPTION_NOUNS = frozenset(
    {"description", "definition", "meaning", "explanation", "summary", "detail"}
)
ACTION_NOUNS = frozenset(
    {
        "action",
        "activity",
        "approach",
        "initiative",
        "intervention",
        "measure",
        "plan",
        "program",
        "programme",
        "recommendation",
        "step",
        "strategy",
        "tactic",
        "task",
    }
)
OUTCOME_NOUNS = frozenset(
    {"aim", "benefit", "effect", "goal", "impact", "objective", "outcome", "result", "target"}
)
MAX_HEADER_WORDS = 6
BLANK = "____"


class HeaderRole(StrEnum):
    DESCRIPTION = "description"
    ACTION = "action"
    OUTCOME = "outcome"
    OTHER = "other"
    UNNAMED = "unnamed"


def header_role(header: str) -> HeaderRole:
    words = singular_words(header)
    if not words or len(header.split()) > MAX_HEADER_WORDS:
        return HeaderRole.UNNAMED
    head = words[-1]
    if head in DESCRIPTION_NOUNS:
        return HeaderRole.DESCRIPTION
    if head in ACTION_NOUNS:
        return HeaderRole.ACTION
    if head in OUTCOME_NOUNS:
        return HeaderRole.OUTCOME
    return HeaderRole.OTHER


def noun_phrase(header: str) -> str:
    """A header as a singular, lower-case noun phrase: "Expected Outcomes" → "expected outcome".

    Acronyms and words with inner capitals keep their case ("KPI Targets" → "KPI target").
    Brackets, emphasis marks and a plural "(s)" are dropped: "Resource(s)" → "resource",
    "(Positive test case)" → "positive test case".
    """
    cleaned = re.sub(r"\(s\)(?=\W|$)", "", header)
    cleaned = re.sub(r"[()\[\]{}*_`]", " ", cleaned)
    words = [_lower_unless_acronym(word) for word in cleaned.split()]
    if words and words[-1].isalpha():
        words[-1] = singularise(words[-1])
    return " ".join(words)


def _lower_unless_acronym(word: str) -> str:
    capitals = sum(1 for char in word if char.isupper())
    return word if capitals > 1 else word.lower()


#: A final full stop that belongs to an abbreviation ("2 p.m.", "U.S.", "e.g.").
ABBREVIATION_END = re.compile(r"(?:^|[\s.])[^\W\d_]{1,2}\.$")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a full stop that ends a sentence, not an abbreviation."""
    text = text.strip()
    return text.endswith(".") and not text.endswith("..") and not ABBREVIATION_END.search(text)


def unquoted_end(text: str) -> str:
    """A text to put inside quotation marks in a sentence: without its final full stop."""
    text = text.strip()
    return text[:-1] if ends_sentence(text) else text


def quoted(text: str) -> str:
    return f"“{unquoted_end(text)}”"


def as_sentence(text: str) -> str:
    """The text, ending with a full stop unless it already ends a sentence."""
    text = text.strip()
    return text if re.search(r"[.!?…][”’\"')]*$", text) else f"{text}."


def lesson_label(title: str, position: int) -> str:
    """How an explanation names a lesson: its title in quotes, or its number."""
    return f"“{title.strip()}”" if title.strip() else f"lesson {position + 1}"


def human_list(items: list[str], conjunction: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def phrase_case(text: str) -> str:
    """A title as words inside a sentence: Title Case is lowered, acronyms and names kept.

    In a sentence-case title only the first word is lowered (unless it is an acronym).
    """
    words = text.split()
    capitalised = [word for word in words if word[:1].isupper()]
    title_case = len(words) > 1 and len(capitalised) > len(words) / 2
    lowered = [
        _lowered(word) if index == 0 or title_case else word for index, word in enumerate(words)
    ]
    return " ".join(lowered)


def _lowered(word: str) -> str:
    capitals = sum(1 for char in word if char.isupper())
    return word if capitals > 1 else word.lower()


def part_suffix(part: int, parts: int) -> str:
    return f" (part {part + 1} of {parts})" if parts > 1 else ""


def key_to_value_prompt(entry: Entry) -> str:
    """ "Which action plan belongs to Community Resilience?" """
    value_noun = noun_phrase(entry.value_header)
    if entry.is_heading:
        return f"Which {value_noun} fits the section {quoted(entry.key)}?"
    match header_role(entry.value_header):
        case HeaderRole.DESCRIPTION:
            return f"Which {value_noun} fits {entry.key}?"
        case HeaderRole.ACTION:
            return f"Which {value_noun} belongs to {entry.key}?"
        case HeaderRole.OUTCOME:
            return f"Which {value_noun} is linked to {entry.key}?"
        case HeaderRole.OTHER:
            return f"Which {value_noun} goes with {entry.key}?"
    return f"Which of these goes with {entry.key}?"


def value_to_key_prompt(entry: Entry) -> str:
    """ "Which focus area is pursued through “Joint exercises and intelligence-led missions”?"

    A value that is an instruction gets "Which focus area calls for the step “…”?".
    """
    value = quoted(entry.value)
    if entry.is_term and not entry.is_heading:
        return f"Which term means {value}?"
    subject = _subject(entry.key_header)
    if entry.is_heading:
        subject = f"Which section of {quoted(entry.context)}"
        if header_role(entry.value_header) != HeaderRole.DESCRIPTION:
            return f"{subject} has the {noun_phrase(entry.value_header)} {value}?"
    if is_imperative(entry.value):
        return f"{subject} calls for the step {value}?"
    match header_role(entry.value_header):
        case HeaderRole.DESCRIPTION:
            return f"{subject} is described as {value}?"
        case HeaderRole.ACTION:
            return f"{subject} is pursued through {value}?"
        case HeaderRole.OUTCOME:
            return f"{subject} is expected to lead to {value}?"
        case HeaderRole.OTHER:
            # Name the column: "1 hour" could be a response time or an update frequency.
            return f"{subject} has the {noun_phrase(entry.value_header)} {value}?"
    return f"{subject} goes with {value}?"


def _subject(key_header: str) -> str:
    if header_role(key_header) == HeaderRole.UNNAMED:
        return "Which of these"
    return f"Which {noun_phrase(key_header)}"


def statement(entry: Entry, shown_value: str) -> str:
    """The true/false claim that ``shown_value`` is this entry's value, without a full stop."""
    value = quoted(shown_value)
    if entry.is_heading:
        return (
            f"the {noun_phrase(entry.value_header)} of the section {quoted(entry.key)} is {value}"
        )
    if entry.is_term:
        return f"{entry.key} means {value}"
    role = header_role(entry.value_header)
    if role == HeaderRole.DESCRIPTION:
        return f"{entry.key} is described as {value}"
    if role == HeaderRole.UNNAMED:
        return f"{entry.key} goes with {value}"
    return f"the {noun_phrase(entry.value_header)} for {entry.key} is {value}"


def belongs_clause(entry: Entry, asked_lesson: int) -> str:
    """Where a value really belongs: "is the action plan for Cybersecurity Measures".

    Names the lesson too when it is not the lesson the question is asked in.
    """
    role = header_role(entry.value_header)
    if entry.is_heading:
        clause = f"is the {noun_phrase(entry.value_header)} of the section {quoted(entry.key)}"
    elif entry.is_term or role == HeaderRole.DESCRIPTION:
        clause = f"describes {entry.key}"
    elif role == HeaderRole.UNNAMED:
        clause = f"goes with {entry.key}"
    else:
        clause = f"is the {noun_phrase(entry.value_header)} for {entry.key}"
    if entry.source.lesson != asked_lesson:
        clause += f", in {lesson_label(entry.lesson_title, entry.source.lesson)}"
    return clause


def value_feedback(entry: Entry, asked_lesson: int) -> str:
    """Feedback on a wrong value: "That is the action plan for Cybersecurity Measures." """
    return f"That {belongs_clause(entry, asked_lesson)}."


def key_feedback(entry: Entry) -> str:
    """Feedback on a wrong key: "Cybersecurity Measures: Growth of defensive cyber protocols." """
    return f"{entry.key}: {as_sentence(entry.value)}"


def fact_sentence(entry: Entry) -> str:
    """The fact as its source states it, for explanations."""
    lesson = lesson_label(entry.lesson_title, entry.source.lesson)
    if entry.is_heading:
        return f"In {lesson}, the section {quoted(entry.key)} opens: {as_sentence(entry.value)}"
    if entry.table_header is None:
        return f"In {lesson}, the list of terms gives {entry.key}: {as_sentence(entry.value)}"
    table = table_label(entry.table_header)
    if len(entry.table_header) > 2:
        about = f"the {noun_phrase(entry.value_header) or 'value'} for {entry.key}"
        return f"In {lesson}, the table {table} gives {about}: {as_sentence(entry.value)}"
    return f"In {lesson}, the table {table} gives {entry.key}: {as_sentence(entry.value)}"


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
