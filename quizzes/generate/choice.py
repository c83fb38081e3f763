"""Multiple-choice questions, in both directions of every key/value fact.

key → value ("Which action plan belongs to Community Resilience?") only where
the key names one value in the whole briefing; value → key ("Which focus area
is pursued through “…”?") only where the value belongs to one key.
"""

from __future__ import annotations

from random import Random

from briefing.ingest.document import Document

from .distractors import key_distractors, value_distractors
from .facts import BriefingIndex, Candidate, Entry, candidate
from .fingerprint import fingerprint
from .spec import GenerationReport, Option, QuestionKind, QuestionSpec
from .text import (
    fact_sentence,
    human_list,
    key_feedback,
    key_to_value_prompt,
    noun_phrase,
    quoted,
    value_feedback,
    value_to_key_prompt,
)

CORRECT = "Correct."
KEY_TO_VALUE = "key_to_value"
VALUE_TO_KEY = "value_to_key"
WAYS = (KEY_TO_VALUE, VALUE_TO_KEY)


def generate_choice(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    """Both directions of every entry; ambiguous keys are reported by ``generate``."""
    candidates = []
    for entry in index.entries:
        if entry.restates_key:
            report.skip(
                entry.source.lesson, f"{quoted(entry.value)} only repeats its key: no question."
            )
            continue
        if index.names_one_value(entry):
            candidates.append(_key_to_value(index, entry, seed, report))
        if index.value_has_one_key(entry):
            candidates.append(_value_to_key(index, entry, seed, report))
        else:
            _report_shared_value(index, entry, report)
    return [found for found in candidates if found is not None]


def _key_to_value(
    index: BriefingIndex, entry: Entry, seed: int, report: GenerationReport
) -> Candidate | None:
    question_fingerprint = fingerprint(QuestionKind.CHOICE, KEY_TO_VALUE, entry.key, entry.value)
    rng = Random(f"{seed}:{question_fingerprint}")
    prompt = key_to_value_prompt(entry)
    distractors = value_distractors(index, entry, rng)
    if not distractors:
        report.skip(entry.source.lesson, _no_distractor_reason(prompt, entry.value_header))
        return None
    wrong = [Option(d.value, value_feedback(d, entry.source.lesson)) for d in distractors]
    return _question(entry, prompt, entry.value, wrong, rng, question_fingerprint, KEY_TO_VALUE)


def _value_to_key(
    index: BriefingIndex, entry: Entry, seed: int, report: GenerationReport
) -> Candidate | None:
    question_fingerprint = fingerprint(QuestionKind.CHOICE, VALUE_TO_KEY, entry.key, entry.value)
    rng = Random(f"{seed}:{question_fingerprint}")
    prompt = value_to_key_prompt(entry)
    distractors = key_distractors(index, entry, rng)
    if not distractors:
        report.skip(entry.source.lesson, _no_distractor_reason(prompt, entry.key_header))
        return None
    wrong = [Option(d.key, key_feedback(d)) for d in distractors]
    return _question(entry, prompt, entry.key, wrong, rng, question_fingerprint, VALUE_TO_KEY)


def _question(
    entry: Entry,
    prompt: str,
    answer: str,
    wrong: list[Option],
    rng: Random,
    question_fingerprint: str,
    way: str,
) -> Candidate:
    options = [Option(answer, CORRECT), *wrong]
    rng.shuffle(options)
    spec = QuestionSpec(
        kind=QuestionKind.CHOICE,
        lesson=entry.source.lesson,
        prompt=prompt,
        answer=answer,
        explanation=fact_sentence(entry),
        source=entry.source,
        fingerprint=question_fingerprint,
        fact=entry.fact,
        options=tuple(options),
        direction=entry.direction(way),
    )
    return candidate(spec, entry.index, entry.column, WAYS.index(way))


def _no_distractor_reason(prompt: str, header: str) -> str:
    kind = noun_phrase(header) or "option"
    return (
        f"No fair wrong option for “{prompt}”: no other {kind} of comparable length "
        "that is not also right."
    )


def _report_shared_value(index: BriefingIndex, entry: Entry, report: GenerationReport) -> None:
    sharing_keys = index.keys_of(entry.value)
    spelled = {other.normal_key: other.key for other in reversed(index.entries)}
    owners = sorted(spelled[key] for key in sharing_keys)
    asked = noun_phrase(entry.key_header) or "key"
    report.skip(
        entry.source.lesson,
        f"{quoted(entry.value)} belongs to {human_list(owners)}: "
        f"no question asks which {asked} it belongs to.",
    )
