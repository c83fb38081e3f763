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
from .spec import GenerationReport, QuestionKind, QuestionSpec, SourceRef
from .text import lesson_label, quoted

MIN_STEPS = 3
MAX_STEPS = 7
MAX_STEP_CHARS = 200
MAX_SUBJECT_WORDS = 14
DIRECTION = "steps"

PROCESS_NOUNS = frozenset(
    {"checklist", "method", "procedure", "process", "routine", "sequence", "workflow"}
)
STEP_NOUNS = frozenset({"phase", "phases", "stage", "stages", "step", "steps"})
_NUMBERING = re.compile(r"^\s*(?:(?:step|part|phase)\s+)?[\divxlc]+[.):]\s+", re.IGNORECASE)
_TO_CLAUSE = re.compile(r"^(?:first,?\s+)?to\s+(?P<goal>[^,:;]+?)\s*(?:,|$)", re.IGNORECASE)
_STEPS_TO = re.compile(
    r"^(?:(?:the|these)\s+)?(?:following\s+)?(?:steps?|stages?|phases?)\s+"
    r"(?P<link>to|for|of|in)\s+(?P<goal>.+?)"
    r"(?:\s+(?:are|is|include|includes|consist of|as follows))?$",
    re.IGNORECASE,
)
_PROCESS_INCLUDES = re.compile(
    r"^(?P<process>.+?)\s+(?:includes|include|involves|involve|consists of|has|goes through)"
    r"(?:\s+(?:the\s+)?(?:following|these)(?:\s+(?:steps|stages|phases))?)?$",
    re.IGNORECASE,
)
_HOW_TO = re.compile(r"^how\s+to\s+(?P<goal>.+)$", re.IGNORECASE)


def generate_ordering(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
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
            subject = list_subject(lesson.blocks[:block_position], lesson.title)
            source = SourceRef(lesson_position, block_position)
            spec = QuestionSpec(
                kind=QuestionKind.ORDERING,
                lesson=lesson_position,
                prompt=f"Put {subject} in order.",
                answer=steps,
                explanation=_explanation(steps, lesson.title, lesson_position),
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


def list_subject(before: tuple, lesson_title: str) -> str:
    """What the steps are for, as the object of "Put … in order": "the steps of grouping …".

    ``before`` holds the lesson's blocks above the list, nearest last.
    """
    if before and isinstance(before[-1], Paragraph) and before[-1].text.rstrip().endswith(":"):
        from_intro = _subject_of_intro(before[-1].text)
        if from_intro:
            return from_intro
    heading = next((block for block in reversed(before) if isinstance(block, Heading)), None)
    return subject_of_title(heading.text if heading is not None else lesson_title)


def _subject_of_intro(paragraph: str) -> str:
    """ "To deploy the app, follow these steps:" → "the steps to deploy the app"; else ""."""
    sentence = re.split(r"(?<=[.!?])\s+", paragraph.strip())[-1].rstrip(": ").strip()
    if not sentence:
        return ""
    to_clause = _TO_CLAUSE.match(sentence)
    if to_clause:
        return _bounded(f"the steps to {to_clause['goal']}")
    steps_to = _STEPS_TO.match(sentence)
    if steps_to:
        return _bounded(f"the steps {steps_to['link'].lower()} {steps_to['goal']}")
    includes = _PROCESS_INCLUDES.match(sentence)
    if includes:
        process = _phrase_case(includes["process"])
        if _last_word(process) in PROCESS_NOUNS | STEP_NOUNS:
            return _bounded(_steps_of(process))
    return ""


def subject_of_title(title: str) -> str:
    """A heading or lesson title as the steps' subject.

    "Grouping test cases into a test plan" → "the steps of grouping test cases
    into a test plan"; "How to rotate keys" → "the steps to rotate keys";
    "Deployment steps" → "the deployment steps"; "Release process" → "the steps
    of the release process"; any other title is quoted: "the steps under “Tock”".
    """
    title = _NUMBERING.sub("", title.strip()).rstrip(" .:;").strip()
    if not title:
        return "these steps"
    phrase = _phrase_case(title)
    how_to = _HOW_TO.match(phrase)
    if how_to:
        return _bounded(f"the steps to {how_to['goal']}") or _under(title)
    steps_to = _STEPS_TO.match(phrase)
    if steps_to:
        return _bounded(f"the steps {steps_to['link'].lower()} {steps_to['goal']}") or _under(title)
    first, last = phrase.split()[0].lower(), _last_word(phrase)
    if last in STEP_NOUNS:
        return _bounded(f"the {phrase}") or _under(title)
    if last in PROCESS_NOUNS:
        return _bounded(_steps_of(phrase)) or _under(title)
    if first.endswith("ing") and len(first) > 4:
        return _bounded(f"the steps of {phrase}") or _under(title)
    return _under(title)


def _steps_of(process: str) -> str:
    article = "" if process.split()[0].lower() in ("the", "a", "an", "this", "our") else "the "
    return f"the steps of {article}{process}"


def _under(title: str) -> str:
    return f"the steps under {quoted(title)}"


def _bounded(subject: str) -> str:
    """The subject, or "" when it is too long to read as part of a prompt."""
    return subject if len(subject.split()) <= MAX_SUBJECT_WORDS else ""


def _last_word(phrase: str) -> str:
    words = re.findall(r"[^\W\d_]+", phrase.lower())
    return words[-1] if words else ""


def _phrase_case(text: str) -> str:
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


def _explanation(steps: list[str], title: str, lesson: int) -> str:
    numbered = "; ".join(f"{number}. {step.rstrip('.')}" for number, step in enumerate(steps, 1))
    return f"In {lesson_label(title, lesson)}, the steps come in this order: {numbered}."
