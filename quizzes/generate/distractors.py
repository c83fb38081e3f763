"""Distractor selection and the fairness rules every wrong option obeys.

A distractor is of the same type as the answer and is chosen tier by tier:

* for a value: other values of the same column, then values of columns with a
  similar header anywhere in the briefing, then (for descriptions) every term
  description and description column;
* for a key: other keys of the same table or term list, then keys of columns
  with a similar key header, then every other key and term.

Within a tier the choice is the seeded rng's. A candidate is fair when it is
not a right answer for the question's key anywhere in the briefing (or, for a
key, does not have the question's value anywhere), its length is within a
factor of ``LENGTH_FACTOR`` of the answer's, and it is not a near-duplicate of
the answer or of another option.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from random import Random

from .facts import BriefingIndex, Entry, nearest, nearest_of_all
from .fingerprint import normalise_answer, singular_words
from .spec import GenerationReport
from .text import HeaderRole, header_role, human_list, noun_phrase
from .words import content_words, overlap, shared_words

LENGTH_FACTOR = 2.5
#: A distractor whose own fact shares this share of content words with the key's fact
#: (and at least ``MIN_SHARED_WORDS`` of them) could be defended as right.
OVERLAP_LIMIT = 0.25
MIN_SHARED_WORDS = 2
NEAR_DUPLICATE_RATIO = 0.85
MAX_DISTRACTORS = 3
# An ambiguous key's report line names at most this many lessons ("1, 2, … and 40 more").
MAX_LESSONS_NAMED = 10
GENERIC_HEADER_WORDS = frozenset(
    {
        "a",
        "additional",
        "an",
        "and",
        "by",
        "expected",
        "for",
        "general",
        "in",
        "key",
        "main",
        "major",
        "new",
        "of",
        "on",
        "or",
        "other",
        "primary",
        "specific",
        "the",
        "to",
        "value",
        "with",
    }
)


def comparable_length(answer: str, candidate: str) -> bool:
    """Whether neither text is more than ``LENGTH_FACTOR`` times as long as the other."""
    shorter, longer = sorted((len(answer.strip()), len(candidate.strip())))
    return shorter > 0 and longer <= LENGTH_FACTOR * shorter


def near_duplicates(first: str, second: str) -> bool:
    """Equal after normalisation, or a difflib ratio of at least ``NEAR_DUPLICATE_RATIO``."""
    first, second = normalise_answer(first), normalise_answer(second)
    if first == second:
        return True
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    return all(
        bound() >= NEAR_DUPLICATE_RATIO
        for bound in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)
    )


@lru_cache(maxsize=1 << 12)
def header_words(header: str) -> frozenset[str]:
    return frozenset(singular_words(header)) - GENERIC_HEADER_WORDS


@lru_cache(maxsize=1 << 12)
def similar_headers(first: str, second: str) -> bool:
    """Headers sharing a content word once lower-cased and singularised.

    "Action Plan" ~ "Action Steps", "Outcomes" ~ "Expected Outcome"; generic
    modifiers ("key", "main", "expected", …) and little words do not count.
    """
    return bool(header_words(first) & header_words(second))


def is_description(entry: Entry) -> bool:
    return entry.is_term or header_role(entry.value_header) == HeaderRole.DESCRIPTION


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?")


def facts_overlap(first: str, second: str) -> bool:
    """Two facts that say nearly the same thing (shared content words over the limit)."""
    return (
        len(shared_words(first, second)) >= MIN_SHARED_WORDS
        and overlap(first, second) >= OVERLAP_LIMIT
    )


def value_distractors(
    index: BriefingIndex,
    entry: Entry,
    rng: Random,
    limit: int = MAX_DISTRACTORS,
    prefer: frozenset[str] = frozenset(),
) -> list[Entry]:
    """Fair wrong values for "Which <value> belongs to <key>?", best tier first.

    Fair also means really wrong and of the same form: not overlapping any value
    the key has anywhere, not naming the key nor named by the answer (a value of
    Training Programs beside "Providing training programs…"), an instruction
    only beside instructions, a question only beside questions. Candidates
    sharing a word of ``prefer`` (the stem's words found in the key) come first.
    """
    wrong_for_key = index.values_of(entry.key)
    key_values = index.distinct_values(entry.normal_key)
    imperative = entry.imperative
    question = is_question(entry.value)
    key_named = f" {entry.normal_key} "

    def is_fair(candidate: Entry) -> bool:
        return (
            candidate.normal_value not in wrong_for_key
            and key_named not in f" {candidate.normal_value} "
            and f" {candidate.normal_key} " not in f" {entry.normal_value} "
            and not facts_overlap(candidate.value, entry.key)
            and candidate.askable
            and candidate.option_worthy
            and candidate.imperative == imperative
            and is_question(candidate.value) == question
            and comparable_length(entry.value, candidate.value)
            and not any(facts_overlap(candidate.value, value) for value in key_values)
        )

    return _pick(
        entry.value,
        _value_tiers(index, entry),
        lambda c: c.value,
        lambda c: c.normal_value,
        is_fair,
        rng,
        limit,
        prefer,
    )


def key_distractors(
    index: BriefingIndex,
    entry: Entry,
    rng: Random,
    limit: int = MAX_DISTRACTORS,
    prefer: frozenset[str] = frozenset(),
) -> list[Entry]:
    """Fair wrong keys for "Which <key> goes with <value>?", best tier first.

    A key is not fair when one of its own values overlaps the stem's value, or
    names the right key ("Resource Allocation: ensuring logistical support…"
    beside the answer Logistical Support), or when the stem's value names it or
    mostly repeats its words ("Providing training programs…" does not get the
    option Joint Training Programs).
    """
    answer_key = f" {entry.normal_key} "

    def is_fair(candidate: Entry) -> bool:
        own_values = index.distinct_values(candidate.normal_key)
        return (
            candidate.normal_key != entry.normal_key
            and entry.normal_value not in index.values_of(candidate.key)
            and comparable_length(entry.key, candidate.key)
            and not any(facts_overlap(entry.value, value) for value in own_values)
            and not any(answer_key in f" {normalise_answer(value)} " for value in own_values)
            and f" {candidate.normal_key} " not in f" {entry.normal_value} "
            and not facts_overlap(entry.value, candidate.key)
        )

    return _pick(
        entry.key,
        _key_tiers(index, entry),
        lambda c: c.key,
        lambda c: c.normal_key,
        is_fair,
        rng,
        limit,
        prefer,
    )


def _value_tiers(index: BriefingIndex, entry: Entry) -> list[list[Entry]]:
    """Values of the same column, of similar columns elsewhere, then (for a description)
    every description: each tier in document order, windowed by ``facts.nearest``."""

    def elsewhere(candidate: Entry) -> bool:
        return candidate.pool != entry.pool

    tiers = [
        nearest(index.pools[entry.pool], entry, lambda c: c.place != entry.place),
        nearest_of_all(index.similar_value_headers(entry), entry, elsewhere),
    ]
    if is_description(entry):
        tiers.append(nearest(_descriptions(index), entry, elsewhere))
    return tiers


def _descriptions(index: BriefingIndex) -> list[Entry]:
    """The entries that describe their key (terms, description columns), found once."""
    if index.descriptions is None:
        index.descriptions = [entry for entry in index.entries if is_description(entry)]
    return index.descriptions


def _key_tiers(index: BriefingIndex, entry: Entry) -> list[list[Entry]]:
    """Keys of the same block (or sibling sections), of similar key columns, then other terms.

    A table row's key never gets a distractor from an unrelated table: a guardrail
    offered beside cloud profiles is no choice at all.
    """
    block = entry.place[:2]

    def is_sibling(candidate: Entry) -> bool:
        return candidate.place[:2] == block or candidate.pool == entry.pool

    def elsewhere(candidate: Entry) -> bool:
        return not is_sibling(candidate)

    same_block = nearest_of_all([index.by_block[block], index.pools[entry.pool]], entry)
    similar = nearest_of_all(index.similar_key_headers(entry), entry, elsewhere)
    if not entry.is_term:
        return [same_block, similar]
    return [same_block, similar, nearest(index.terms, entry, elsewhere)]


def _pick(
    answer: str,
    tiers: Iterable[list[Entry]],
    text_of: Callable[[Entry], str],
    normal_of: Callable[[Entry], str],
    is_fair: Callable[[Entry], bool],
    rng: Random,
    limit: int,
    prefer: frozenset[str] = frozenset(),
) -> list[Entry]:
    chosen: list[Entry] = []
    seen = {normalise_answer(answer)}
    tiers = list(tiers)
    if prefer:
        chosen = _covering(answer, tiers, text_of, normal_of, is_fair, prefer, limit)
        seen |= {normal_of(candidate) for candidate in chosen}
    for tier in tiers:
        candidates = _first_of_each_text(tier, normal_of, seen)
        rng.shuffle(candidates)
        for candidate in candidates:
            if len(chosen) == limit:
                return chosen
            text = text_of(candidate)
            seen.add(normal_of(candidate))
            shown = [answer, *map(text_of, chosen)]
            if is_fair(candidate) and not any(near_duplicates(text, other) for other in shown):
                chosen.append(candidate)
    return chosen


def _covering(
    answer: str,
    tiers: list[list[Entry]],
    text_of: Callable[[Entry], str],
    normal_of: Callable[[Entry], str],
    is_fair: Callable[[Entry], bool],
    prefer: frozenset[str],
    limit: int,
) -> list[Entry]:
    """Fair candidates that share the stem's words with the answer, one per word still bare.

    Taken in tier and document order, not the rng's: whether a question can be
    asked without a cue must not depend on the seed.
    """
    chosen: list[Entry] = []
    bare = set(prefer)
    for tier in tiers:
        for candidate in tier:
            if not bare or len(chosen) == limit:
                return chosen
            words = content_words(text_of(candidate)) & bare
            shown = [answer, *map(text_of, chosen)]
            if (
                words
                and normal_of(candidate) not in {normalise_answer(text) for text in shown}
                and is_fair(candidate)
                and not any(near_duplicates(text_of(candidate), other) for other in shown)
            ):
                chosen.append(candidate)
                bare -= words
    return chosen


def _first_of_each_text(
    tier: list[Entry], normal_of: Callable[[Entry], str], seen: set[str]
) -> list[Entry]:
    firsts: dict[str, Entry] = {}
    for candidate in tier:
        normal = normal_of(candidate)
        if normal not in seen:
            firsts.setdefault(normal, candidate)
    return list(firsts.values())


def report_ambiguous_keys(index: BriefingIndex, report: GenerationReport) -> None:
    """Say, where each ambiguous key occurs, why it gets no key→value question."""
    for entry in index.entries:
        if index.names_one_value(entry):
            continue
        meanings = index.rival_count(entry) + 1
        lessons = index.lessons_of_key(entry.normal_key)
        shown = [str(lesson + 1) for lesson in lessons[:MAX_LESSONS_NAMED]]
        if len(lessons) > MAX_LESSONS_NAMED:
            shown.append(f"{len(lessons) - MAX_LESSONS_NAMED} more")
        where = human_list(shown)
        asked = noun_phrase(entry.value_header) or "value"
        report.skip(
            entry.source.lesson,
            f"{entry.key} has {meanings} different meanings in the briefing "
            f"(lesson{'s' if len(lessons) > 1 else ''} {where}): no question asks for "
            f"its {asked}, and no true/false statement is made about it.",
        )
