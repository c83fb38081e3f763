"""Normalisation of answers and the hashes that identify questions and facts.

Hashes cover normalised content, never positions: reordering a table or
moving a lesson keeps every fingerprint and fact key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

ARTICLES = frozenset({"a", "an", "the"})
HASH_LENGTH = 16
_SEPARATOR = "\x1f"
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1 << 16)
def normalise_answer(text: str) -> str:
    """Case-fold, drop punctuation and the articles a/an/the, collapse whitespace.

    Punctuation becomes a space (``U.S.-Iraq`` → ``u s iraq``), so the result
    is a sequence of words separated by single spaces. A text of articles only
    keeps them (``"A"`` → ``"a"``), so that table keys "A" and "B" stay apart.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    without_punctuation = "".join(
        " " if unicodedata.category(char).startswith("P") else char for char in folded
    )
    words = without_punctuation.split()
    return " ".join([word for word in words if word not in ARTICLES] or words)


def answers_match(given: str, accepted: Iterable[str]) -> bool:
    """Whether a typed answer equals one of the accepted ones.

    Compares ignoring case, spacing, punctuation and articles, so
    ``"counter terrorism"`` matches ``"Counter-terrorism"``.
    """
    typed = _squashed(given)
    return bool(typed) and any(typed == _squashed(answer) for answer in accepted)


def _squashed(text: str) -> str:
    return normalise_answer(text).replace(" ", "")


def singularise(word: str) -> str:
    """A plain English singular: good enough for header nouns (steps → step).

    Words ending in -ss, -us or -is are left alone (process, status, analysis).
    """
    lower = word.lower()
    if len(lower) <= 3 or not lower.endswith("s") or lower.endswith(("ss", "us", "is")):
        return word
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + ("Y" if word[-1].isupper() else "y")
    if lower.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=1 << 12)
def singular_words(text: str) -> tuple[str, ...]:
    """The words of ``text``, lower-cased and singularised, without digits or punctuation."""
    return tuple(singularise(word) for word in _WORD.findall(text.casefold()))


def short_hash(*parts: object) -> str:
    """A short hex sha256 of the normalised parts, in order."""
    joined = _SEPARATOR.join(normalise_answer(str(part)) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def fingerprint(kind: str, direction: str, *facts: object) -> str:
    """The identity of one question: its kind, its direction and the facts it shows."""
    return short_hash(kind, direction, *facts)


def fact_key(scope: str, *facts: object) -> str:
    """The identity of the fact a question tests, shared by every question on it."""
    return short_hash("fact", scope, *facts)


def sorted_pairs(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Pairs as order-independent hash parts: ``left → right``, normalised and sorted."""
    return sorted(
        f"{normalise_answer(left)}\u2192{normalise_answer(right)}" for left, right in pairs
    )
