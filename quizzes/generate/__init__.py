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
from .facts import BriefingIndex, Candidate, build_index
from .fingerprint import answers_match, normalise_answer
from .lint import lint_briefing
from .match import generate_match
from .ordering import generate_ordering
from .phrases import BOOKS, phrase_book
from .spec import GenerationReport, GenerationResult, QuestionKind, QuestionSpec
from .triage import triage_tables
from .true_false import generate_true_false

__all__ = ["GENERATORS", "answers_match", "generate", "normalise_answer"]

REFERENCE_SEED = 0
GENERATORS = (
    generate_match,
    generate_choice,
    generate_true_false,
    generate_categorize,
    generate_cloze,
    generate_ordering,
)


def generate(
    document: Document, *, seed: int = 0, language: str = "en", lint: bool = True
) -> GenerationResult:
    """Every question of every kind, ordered by lesson, block, kind and row.

    Prompts, explanations and feedback are written in ``language`` (its phrase
    book, reached by generators as ``index.phrases``); tables are triaged first
    (``triage``), each decision reported. A language without a phrase book gets
    no question at all, rather than English prompts, and the report says so.
    A question whose fingerprint repeats an earlier one (the same fact stated
    twice in the briefing) is dropped and reported, and so is every question
    the linter finds a problem with (``language`` is the briefing's, for the
    linter's language rule). ``lint=False`` keeps them: the generators' own
    output, for tests of their mechanics.
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
    questions = _candidates(document, index, seed, report)
    # The linter judges the reference draw, so that another seed shuffles options and
    # picks other distractors but never changes which questions exist.
    judged = (
        questions
        if seed == REFERENCE_SEED
        else _candidates(document, index, REFERENCE_SEED, GenerationReport())
    )
    dropped = _lint_drops(judged, document, language, report) if lint else set()
    questions = [question for question in questions if question.fingerprint not in dropped]
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


def _candidates(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[QuestionSpec]:
    candidates = [
        found for generator in GENERATORS for found in generator(document, index, seed, report)
    ]
    candidates.sort(key=lambda found: found.order)
    return _without_repeats(candidates, report)


def _lint_drops(
    questions: list[QuestionSpec], document: Document, language: str, report: GenerationReport
) -> set[str]:
    """The fingerprints the linter rejects, each lesson's pool linted as the quiz it becomes."""
    pools: dict[int, list[QuestionSpec]] = {}
    for question in questions:
        pools.setdefault(question.lesson, []).append(question)
    lessons = sorted(pools)
    findings = lint_briefing([pools[lesson] for lesson in lessons], document, language=language)
    dropped: set[str] = set()
    for lesson, per_question in zip(lessons, findings, strict=True):
        for question, found in zip(pools[lesson], per_question, strict=True):
            if found:
                dropped.add(question.fingerprint)
                problems = "; ".join(f"[{finding.code}] {finding.message}" for finding in found)
                report.skip(lesson, f"Left out “{question.prompt}”: {problems}.")
    return dropped


def _repeat_reason(question: QuestionSpec, first: QuestionSpec) -> str:
    kind = QuestionKind(question.kind).value.replace("_", "/")
    return (
        f"Left out a {kind} question that repeats one of lesson {first.lesson + 1}: "
        f"“{question.prompt}”."
    )
