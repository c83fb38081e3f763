"""The quiz generator: a ``Document`` in, ``QuestionSpec``s and a report out.

Pure Python (no Django), deterministic for a given document and seed: the seed
changes option order and the choice of distractors, never the facts asked or
the fingerprints.
"""

from __future__ import annotations

from briefing.ingest.document import Document

from .categorize import generate_categorize
from .choice import generate_choice
from .cloze import generate_cloze
from .distractors import report_ambiguous_keys
from .facts import Candidate, build_index
from .fingerprint import answers_match, normalise_answer
from .match import generate_match
from .ordering import generate_ordering
from .phrases import BOOKS, phrase_book
from .spec import GenerationReport, GenerationResult, QuestionKind, QuestionSpec
from .triage import triage_tables
from .true_false import generate_true_false

__all__ = ["GENERATORS", "answers_match", "generate", "normalise_answer"]

GENERATORS = (
    generate_match,
    generate_choice,
    generate_true_false,
    generate_categorize,
    generate_cloze,
    generate_ordering,
)


def generate(document: Document, *, seed: int = 0, language: str = "en") -> GenerationResult:
    """Every question of every kind, ordered by lesson, block, kind and row.

    Prompts, explanations and feedback are written in ``language`` (its phrase
    book, reached by generators as ``index.phrases``); tables are triaged first
    (``triage``), each decision reported. A language without a phrase book gets
    no question at all, rather than English prompts, and the report says so.
    A question whose fingerprint repeats an earlier one (the same fact stated
    twice in the briefing) is dropped and reported.
    """
    report = GenerationReport()
    phrases = phrase_book(language)
    if phrases is None:
        report.skip(
            0,
            f"No phrase book for the language “{language}”: no question from tables, "
            "term lists, sections or prose, whose prompts would not be in the document's "
            f"language (phrase books: {', '.join(sorted(BOOKS))}).",
        )
        return GenerationResult((), report)
    index = build_index(document, triage_tables(document, report), phrases)
    report_ambiguous_keys(index, report)
    candidates = [
        found for generator in GENERATORS for found in generator(document, index, seed, report)
    ]
    candidates.sort(key=lambda found: found.order)
    questions = _without_repeats(candidates, report)
    for question in questions:
        report.count(question.lesson, question.kind)
    report.counts = dict(sorted(report.counts.items()))
    report.skipped = dict(sorted(report.skipped.items()))
    return GenerationResult(tuple(questions), report)


def _without_repeats(candidates: list[Candidate], report: GenerationReport) -> list[QuestionSpec]:
    kept: dict[str, QuestionSpec] = {}
    for found in candidates:
        question = found.spec
        first = kept.get(question.fingerprint)
        if first is None:
            kept[question.fingerprint] = question
        else:
            report.skip(question.lesson, _repeat_reason(question, first))
    return list(kept.values())


def _repeat_reason(question: QuestionSpec, first: QuestionSpec) -> str:
    kind = QuestionKind(question.kind).value.replace("_", "/")
    return (
        f"Left out a {kind} question that repeats one of lesson {first.lesson + 1}: "
        f"“{question.prompt}”."
    )
