"""True/false statements: a key with its own value, or with another row's value.

Made from key/value table columns, term lists and section definitions, for
keys that name one value in the whole briefing, on columns that are not
constant. Each statement is true or false by a coin flip seeded by its own
fact: not by the generation seed (whether a statement can be made at all
depends on which are true, and the seed must not change the questions asked),
and not by its neighbours (editing one row must not turn the statements of the
other rows around). About half are true. Two rules keep them honest:

* a statement whose value shares a content word with its key would be true by
  its wording alone ("Training Programs means “Customized training…”"): it is
  made false, or left out;
* a false statement shows the value of another *false* statement of its pool
  (or of a row not asked about), never a value that a true statement of the
  lesson states, so the statements of one quiz do not answer each other.
"""

from __future__ import annotations

from random import Random

from briefing.ingest.document import Document

from .distractors import facts_overlap, near_duplicates
from .facts import BriefingIndex, Candidate, Entry, candidate, nearest
from .fingerprint import fingerprint
from .spec import GenerationReport, Option, QuestionKind, QuestionSpec
from .words import shared_words

STATEMENT = "statement"
TRUE_SHARE = 0.5


def generate_true_false(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    """One statement per unambiguous entry; ambiguous keys are reported by ``generate``."""
    plans = [_plan(index, entries) for entries in index.pools.values()]
    stated_true: dict[int, set[str]] = {}
    for truths, _ in plans:
        for entry in truths:
            stated_true.setdefault(entry.source.lesson, set()).add(entry.normal_value)
    candidates = []
    for (truths, falsehoods), entries in zip(plans, index.pools.values(), strict=True):
        candidates.extend(_statement(index, entry, entry) for entry in truths)
        used: set[str] = set()
        for entry in falsehoods:
            true_here = stated_true.get(entry.source.lesson, set())
            shown = _mismatch(index, entry, entries, truths, true_here | used)
            if shown is None and _may_be_true(entry, used):
                shown = entry
            if shown is None:
                report.skip(
                    entry.source.lesson,
                    f"No true/false statement on {entry.key}: it would be true by its wording, "
                    "and no other value of its list is free to make it false.",
                )
                continue
            used.add(shown.normal_value)
            candidates.append(_statement(index, entry, shown))
    return candidates


def _plan(index: BriefingIndex, entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """Which entries of a pool are stated true and which false."""
    askable = [e for e in entries if e.askable and index.names_one_value(e) and not e.restates_key]
    if not askable:
        return [], []
    truths, falsehoods = [], []
    for entry in askable:
        wants_true = Random(entry.fact).random() < TRUE_SHARE
        if wants_true and not true_by_wording(entry.key, entry.value):
            truths.append(entry)
        else:
            falsehoods.append(entry)
    return truths, falsehoods


def _may_be_true(entry: Entry, shown_values: set[str]) -> bool:
    """A false statement without a free value is stated true instead, when that is fair:
    not true by its wording, and its value not already shown by a false statement."""
    return not true_by_wording(entry.key, entry.value) and entry.normal_value not in shown_values


def true_by_wording(key: str, value: str) -> bool:
    """A value that repeats a content word of its key: the statement answers itself."""
    return bool(shared_words(key, value))


def _mismatch(
    index: BriefingIndex,
    entry: Entry,
    pool: list[Entry],
    truths: list[Entry],
    taken: set[str],
) -> Entry | None:
    """A value of the pool that is wrong for this key everywhere and states nothing true."""
    right_values = index.values_of(entry.key)
    own_values = index.distinct_values(entry.normal_key)
    stated = {truth.normal_value for truth in truths}

    def fits(other: Entry) -> bool:
        """Wrong for the key and free; the cheap tests first, difflib last."""
        return (
            other.normal_value not in right_values
            and other.normal_value not in stated
            and other.normal_value not in taken
            and other.askable
            and not true_by_wording(entry.key, other.value)
            and not any(facts_overlap(other.value, value) for value in own_values)
            and not near_duplicates(other.value, entry.value)
        )

    others = nearest(pool, entry, fits)
    question_fingerprint = fingerprint(QuestionKind.TRUE_FALSE, STATEMENT, entry.key, entry.value)
    return Random(question_fingerprint).choice(others) if others else None


def _statement(index: BriefingIndex, entry: Entry, shown: Entry) -> Candidate:
    phrases = index.phrases
    is_true = shown is entry
    if is_true:
        options = (Option("True", phrases.correct), Option("False", phrases.it_is_true(entry)))
        explanation = phrases.fact_sentence(entry)
    else:
        wrong = phrases.it_is_false(shown, entry.source.lesson)
        options = (Option("True", wrong), Option("False", phrases.correct))
        explanation = phrases.false_explanation(entry, shown)
    spec = QuestionSpec(
        kind=QuestionKind.TRUE_FALSE,
        lesson=entry.source.lesson,
        prompt=phrases.true_or_false(entry, shown.value),
        answer=is_true,
        explanation=explanation,
        source=entry.source,
        fingerprint=fingerprint(QuestionKind.TRUE_FALSE, STATEMENT, entry.key, entry.value),
        fact=entry.fact,
        options=options,
        direction=entry.direction(STATEMENT),
    )
    return candidate(spec, entry.index, entry.column)
