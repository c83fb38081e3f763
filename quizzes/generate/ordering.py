"""Ordering questions: put the steps of a numbered list back in order.

One question per numbered list of ``MIN_STEPS``..``MAX_STEPS`` top-level items
(nested items stay with their step and are not asked). A list is left out,
with its reason in the report, when it is shorter or longer than that, when a
step is empty or longer than ``MAX_STEP_CHARS`` (too long to place at a
glance), or when two steps say the same thing (their order could not be told).

The prompt names what the steps are for, from the nearest text that says so:
the paragraph that introduces the list ("To deploy the service, follow these
steps:"), else the nearest heading above it, else the lesson title.
"""

from __future__ import annotations

import re

from briefing.ingest.document import Document, Heading, ItemList, Paragraph

from .facts import BriefingIndex, Candidate, candidate
from .fingerprint import fact_key, fingerprint, normalise_answer
from .phrases import ENGLISH, English
from .spec import GenerationReport, QuestionKind, QuestionSpec, SourceRef
from .text import quoted

MIN_STEPS = 3
MAX_STEPS = 7
MAX_STEP_CHARS = 200
MAX_SUBJECT_WORDS = 14
DIRECTION = "steps"

_NUMBERING = re.compile(
    r"^\s*(?:(?:step|part|phase|étape|partie)\s+)?[\divxlc]+\s?[.):]\s+", re.IGNORECASE
)


def generate_ordering(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    phrases = index.phrases
    candidates = []
    for lesson_position, lesson in enumerate(document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            if not (isinstance(block, ItemList) and block.ordered):
                continue
            steps = [item.text.strip() for item in block.items]
            problem = step_problem(steps)
            if problem:
                label = f"The numbered list starting {quoted(steps[0]) if steps else '(empty)'}"
                report.skip(lesson_position, f"{label}: {problem}")
                continue
            subject = list_subject(lesson.blocks[:block_position], lesson.title, phrases)
            source = SourceRef(lesson_position, block_position)
            spec = QuestionSpec(
                kind=QuestionKind.ORDERING,
                lesson=lesson_position,
                prompt=phrases.ordering_prompt(subject),
                answer=steps,
                explanation=phrases.ordering_explanation(
                    steps, lesson.title, lesson_position, block.start
                ),
                source=source,
                fingerprint=fingerprint(QuestionKind.ORDERING, DIRECTION, *steps),
                fact=fact_key("steps", *steps),
                direction=DIRECTION,
            )
            candidates.append(candidate(spec))
    return candidates


def step_problem(steps: list[str]) -> str:
    """Why these steps make no ordering question, or "" when they make one."""
    if not MIN_STEPS <= len(steps) <= MAX_STEPS:
        return (
            f"{len(steps)} step{'s' if len(steps) != 1 else ''}; an ordering question needs "
            f"{MIN_STEPS} to {MAX_STEPS}, no ordering question."
        )
    if not all(steps):
        return "a step is empty, no ordering question."
    too_long = next((step for step in steps if len(step) > MAX_STEP_CHARS), None)
    if too_long is not None:
        return (
            f"a step is longer than {MAX_STEP_CHARS} characters "
            f"({len(too_long)}), too long to place; no ordering question."
        )
    seen: set[str] = set()
    for step in steps:
        if normalise_answer(step) in seen:
            return f"the step {quoted(step)} appears twice, no ordering question."
        seen.add(normalise_answer(step))
    return ""


def list_subject(before: tuple, lesson_title: str, phrases: English = ENGLISH) -> str:
    """What the steps are for, as the object of the prompt: "the steps of grouping …".

    ``before`` holds the lesson's blocks above the list, nearest last. The
    phrase book reads the introducing sentence or the title in its language.
    """
    if before and isinstance(before[-1], Paragraph) and before[-1].text.rstrip().endswith(":"):
        sentence = re.split(r"(?<=[.!?])\s+", before[-1].text.strip())[-1]
        sentence = sentence.rstrip(": \u00a0\u202f").strip()
        from_intro = _bounded(phrases.steps_of_intro(sentence)) if sentence else ""
        if from_intro:
            return from_intro
    heading = next((block for block in reversed(before) if isinstance(block, Heading)), None)
    return subject_of_title(heading.text if heading is not None else lesson_title, phrases)


def subject_of_title(title: str, phrases: English = ENGLISH) -> str:
    """A heading or lesson title as the steps' subject, read by the phrase book.

    "Grouping test cases into a test plan" → "the steps of grouping test cases
    into a test plan"; a title that names no process, or whose subject would be
    too long, is quoted: "the steps under “Tock”".
    """
    title = _NUMBERING.sub("", title.strip()).rstrip(" .:;\u00a0\u202f").strip()
    if not title:
        return phrases.these_steps()
    return _bounded(phrases.steps_of_title(title)) or phrases.steps_under(title)


def _bounded(subject: str) -> str:
    """The subject, or "" when it is too long to read as part of a prompt."""
    return subject if len(subject.split()) <= MAX_SUBJECT_WORDS else ""
