"""True/false statements: a key with its own value, or with another row's value.

Made from key/value table columns and term lists alike, for keys that name one
value in the whole briefing. Within a column the statements alternate between
true and false, starting at a seeded coin flip, so about half are true. A
false statement shows a value from another row of the same column that is not
a right value for the key anywhere and is not a near-duplicate of the right one;
where no such value exists the statement is true.
"""

from __future__ import annotations

from random import Random

from briefing.ingest.document import Document

from .distractors import near_duplicates
from .facts import BriefingIndex, Candidate, Entry, candidate, column_fact
from .fingerprint import fingerprint
from .spec import GenerationReport, Option, QuestionKind, QuestionSpec
from .text import belongs_clause, fact_sentence, quoted, statement

CORRECT = "Correct."
STATEMENT = "statement"


def generate_true_false(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    """One statement per unambiguous entry; ambiguous keys are reported by ``generate``."""
    candidates = []
    for entries in index.pools.values():
        askable = [e for e in entries if index.names_one_value(e) and not e.restates_key]
        if not askable:
            continue
        pairs = [(entry.key, entry.value) for entry in entries]
        pool_fact = column_fact(entries[0].key_header, entries[0].value_header, pairs)
        first_is_true = Random(f"{seed}:{pool_fact}").random() < 0.5
        for position, entry in enumerate(askable):
            wants_true = (position % 2 == 0) == first_is_true
            candidates.append(_statement(index, entry, seed, wants_true))
    return candidates


def _statement(index: BriefingIndex, entry: Entry, seed: int, wants_true: bool) -> Candidate:
    question_fingerprint = fingerprint(QuestionKind.TRUE_FALSE, STATEMENT, entry.key, entry.value)
    rng = Random(f"{seed}:{question_fingerprint}")
    shown = entry if wants_true else (_mismatch(index, entry, rng) or entry)
    is_true = shown is entry
    spec = QuestionSpec(
        kind=QuestionKind.TRUE_FALSE,
        lesson=entry.source.lesson,
        prompt=f"True or false: {statement(entry, shown.value)}.",
        answer=is_true,
        explanation=_explanation(entry, shown),
        source=entry.source,
        fingerprint=question_fingerprint,
        fact=entry.fact,
        options=_options(entry, shown),
        direction=entry.direction(STATEMENT),
    )
    return candidate(spec, entry.index, entry.column)


def _mismatch(index: BriefingIndex, entry: Entry, rng: Random) -> Entry | None:
    """Another row's value of the same column that is wrong for this key everywhere."""
    right_values = index.values_of(entry.key)
    others = [
        other
        for other in index.pools[entry.pool]
        if other.normal_value not in right_values and not near_duplicates(other.value, entry.value)
    ]
    return rng.choice(others) if others else None


def _explanation(entry: Entry, shown: Entry) -> str:
    if shown is entry:
        return fact_sentence(entry)
    where = belongs_clause(shown, entry.source.lesson)
    return f"{fact_sentence(entry)} {quoted(shown.value)} {where}."


def _options(entry: Entry, shown: Entry) -> tuple[Option, Option]:
    if shown is entry:
        return (Option("True", CORRECT), Option("False", f"It is true. {fact_sentence(entry)}"))
    wrong = f"No: {quoted(shown.value)} {belongs_clause(shown, entry.source.lesson)}."
    return (Option("True", wrong), Option("False", CORRECT))
