"""Persist generated questions: the only code that turns ``QuestionSpec``s into rows.

Regeneration rules (DESIGN.md §5): the same fingerprint keeps the same question
(generated ones get fresh wording and sources, edited and manual ones only new
sources); an edited or manual question is never overwritten or removed, and
when its facts change it is flagged ``source_changed`` and its generated twin is
not added beside it; a question whose facts are gone is deactivated if anyone
answered it, deleted otherwise. No response, progress row or review card is lost.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError

from briefing.importing import field_values, save_changes
from briefing.ingest.document import Document
from briefing.models import Block, Briefing, Lesson, TableRow, Term
from quizzes.content_versions import versions_collected
from quizzes.generate import generate
from quizzes.generate.lint import lint_briefing
from quizzes.generate.phrases import ENGLISH, English, phrase_book
from quizzes.generate.spec import (
    GenerationReport,
    GenerationResult,
    Option,
    QuestionKind,
    QuestionSpec,
    SourceRef,
)
from quizzes.history import count_answers
from quizzes.models import Question, Quiz
from quizzes.shape import answer_shape_errors, explanation_errors

FINAL_EXAM_DRAW = 20
# A practice round of ten questions, drawn afresh from the lesson's pool each attempt.
LESSON_QUIZ_DRAW = 10


@dataclass(frozen=True)
class Change:
    prompt: str
    answers: int = 0  # learners' responses this change touches


@dataclass(frozen=True)
class Flagged:
    """An active question the linter found problems with."""

    prompt: str
    origin: str
    findings: tuple[dict, ...]  # {code, message}


@dataclass
class LintOutcome:
    active: int = 0
    flagged: list[Flagged] = field(default_factory=list)

    def rates(self) -> dict[str, int]:
        """Per rule code, how many active questions break it, most frequent first."""
        counts = Counter(finding["code"] for item in self.flagged for finding in item.findings)
        return dict(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


@dataclass
class SyncOutcome:
    added: list[Change] = field(default_factory=list)
    kept: list[Change] = field(default_factory=list)
    deactivated: list[Change] = field(default_factory=list)
    deleted: list[Change] = field(default_factory=list)
    flagged: list[Change] = field(default_factory=list)
    dry_run: bool = False
    report: dict = field(default_factory=dict)
    lint: LintOutcome = field(default_factory=LintOutcome)

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in ("added", "kept", "deactivated", "deleted", "flagged")
        }


class SourceResolver:
    """Turns a ``SourceRef`` (positions in the live document) into rows, with one query."""

    def __init__(self, briefing: Briefing) -> None:
        self.lessons: list[Lesson] = list(briefing.lessons.live().order_by("position"))
        # Four flat queries grouped here: thousands of lessons cost no query, and no
        # related manager, each.
        index_of = {lesson.pk: index for index, lesson in enumerate(self.lessons)}
        live = {"lesson__briefing": briefing, "lesson__archived": False}
        within = {f"block__{name}": value for name, value in live.items()}
        self.blocks: dict[tuple[int, int], Block] = {}
        for block in Block.objects.filter(**live):
            block.lesson = self.lessons[index_of[block.lesson_id]]
            self.blocks[(index_of[block.lesson_id], block.position)] = block
        self.rows: dict[int, dict[int, TableRow]] = {}
        for row in TableRow.objects.filter(**within):
            self.rows.setdefault(row.block_id, {})[row.position] = row
        self.terms: dict[int, dict[int, Term]] = {}
        for term in Term.objects.filter(**within):
            self.terms.setdefault(term.block_id, {})[term.position] = term
        # The way back, for the linter: blocks to places, rows and terms to positions.
        self.places = {block.pk: place for place, block in self.blocks.items()}
        self.children: dict[int, tuple[dict[int, int], dict[int, int]]] = {
            block.pk: (
                {row.pk: position for position, row in self.rows.get(block.pk, {}).items()},
                {term.pk: position for position, term in self.terms.get(block.pk, {}).items()},
            )
            for block in self.blocks.values()
        }

    def resolve(self, ref: SourceRef) -> dict:
        block = self.blocks[(ref.lesson, ref.block)]
        row = self.rows[block.pk][ref.row] if ref.row is not None else None
        term = self.terms[block.pk][ref.term] if ref.term is not None else None
        return {"source_block": block, "source_row": row, "source_term": term}

    def ref(self, question: Question) -> SourceRef:
        """A question's source as positions in the live document (-1: not in a live lesson)."""
        place = self.places.get(question.source_block_id)
        if place is None:
            return SourceRef(-1, -1)
        rows, terms = self.children.get(question.source_block_id, ({}, {}))
        return SourceRef(
            *place, rows.get(question.source_row_id), terms.get(question.source_term_id)
        )


@dataclass(frozen=True)
class Generation:
    """Questions generated from a document before the write transaction opens (generation
    takes seconds on a large briefing; learners' answers must not wait for it)."""

    document: Document
    seed: int
    language: str
    result: GenerationResult

    def fits(self, document: Document, *, seed: int, language: str) -> bool:
        """Whether these are the questions of ``document`` as now stored."""
        return (self.seed, self.language, self.document) == (seed, language, document)


def generate_questions(document: Document, *, seed: int = 0, language: str) -> Generation:
    return Generation(document, seed, language, generate(document, seed=seed, language=language))


def slot(kind: str, direction: str, block_id, row_id, term_id) -> tuple:
    return (kind, direction, block_id, row_id, term_id)


@transaction.atomic
def sync_quizzes(
    *,
    briefing: Briefing,
    seed: int = 0,
    dry_run: bool = False,
    generated: Generation | None = None,
    lint: bool = True,
) -> SyncOutcome:
    """Generate the briefing's questions and bring its quizzes in line with them.

    ``generated``: questions generated beforehand, used when they are those of the
    document as stored (else generated again). Only the questions whose fields change
    are written. ``lint=False`` leaves the linting (``lint_questions``) to the caller.
    """
    document = briefing.to_document()
    if generated is not None and generated.fits(document, seed=seed, language=briefing.language):
        result = generated.result
    else:
        result = generate(document, seed=seed, language=briefing.language)
    resolver = SourceResolver(briefing)
    outcome = SyncOutcome(dry_run=dry_run, report=report_data(result.report, resolver.lessons))

    existing = load_existing(briefing)
    wanted = {spec.fingerprint for spec in result.questions}
    # Edited questions whose generated facts are gone. Manual questions never had
    # generated facts: sync leaves them alone.
    hand_made = [
        question
        for question in existing.values()
        if question.origin == Question.Origin.EDITED and question.fingerprint not in wanted
    ]
    twins_of_hand_made = {
        slot(q.kind, q.direction, q.source_block_id, q.source_row_id, q.source_term_id): q
        for q in hand_made
    }

    specs = showable(result.questions, outcome.report)
    # One new version for each quiz written, however many of its questions were.
    with versions_collected() as written:
        quizzes = lesson_quizzes(briefing, resolver.lessons, specs)
        positions: Counter[int] = Counter()
        new_questions: list[Question] = []
        for spec in specs:
            sources = resolver.resolve(spec.source)
            quiz = quizzes[spec.lesson]
            position = positions[spec.lesson]
            positions[spec.lesson] += 1
            question = existing.get(spec.fingerprint)
            if question is not None:
                outcome.kept.append(Change(question.prompt, question.answer_count))
                before = field_values(question)
                if question.origin == Question.Origin.GENERATED:
                    apply_spec(question, spec, quiz, position, sources)
                else:
                    for name, value in sources.items():
                        setattr(question, name, value)
                save_changes(question, before)
                continue
            twin_slot = slot(
                spec.kind.value,
                spec.direction,
                sources["source_block"].pk,
                getattr(sources["source_row"], "pk", None),
                getattr(sources["source_term"], "pk", None),
            )
            if twin_slot in twins_of_hand_made:
                continue
            question = Question(briefing=briefing, origin=Question.Origin.GENERATED)
            apply_spec(question, spec, quiz, position, sources)
            new_questions.append(question)
            outcome.added.append(Change(question.prompt))
        Question.objects.bulk_create(new_questions)
        written.update(question.quiz_id for question in new_questions)

        for question in hand_made:
            if not question.source_changed:
                question.source_changed = True
                question.save(update_fields=["source_changed"])
                outcome.flagged.append(Change(question.prompt, question.answer_count))

        for fingerprint, question in existing.items():
            if fingerprint in wanted or question.origin != Question.Origin.GENERATED:
                continue
            try:
                with transaction.atomic():
                    # Locked before the check for learner history: an attempt drawing it
                    # meanwhile either committed before (and keeps it) or waits for this
                    # transaction and draws again (``learning.attempts.start_attempt``).
                    Question.objects.select_for_update().filter(pk=question.pk).exists()
                    question.delete()
                outcome.deleted.append(Change(question.prompt))
            except ProtectedError:  # learner history keeps it: it can only be deactivated
                if question.active:
                    question.active = False
                    question.save(update_fields=["active"])
                    outcome.deactivated.append(Change(question.prompt, question.answer_count))

        remove_empty_quizzes(briefing)
        final_exam(briefing)
    if lint:
        outcome.lint = lint_questions(briefing, document=document, resolver=resolver)
    if briefing.generation_report != outcome.report:
        briefing.generation_report = outcome.report
        briefing.save(update_fields=["generation_report"])
    if dry_run:
        transaction.set_rollback(True)
    return outcome


def spec_options(spec: QuestionSpec) -> list[dict]:
    """A generated question's options as ``Question.options`` stores them."""
    return [{"text": option.text, "feedback": option.feedback} for option in spec.options]


def showable(specs: tuple[QuestionSpec, ...], report: dict) -> tuple[QuestionSpec, ...]:
    """The generated questions that pass the one validator every stored question passes
    (``quizzes.shape``); any other is left out and named in the lesson's report."""
    kept = []
    for spec in specs:
        errors = answer_shape_errors(
            spec.kind.value, spec.prompt, spec_options(spec), spec.answer
        ) or explanation_errors(spec.explanation)
        if not errors:
            kept.append(spec)
            continue
        problems = "; ".join(f"{field}: {message}" for field, message in errors.items())
        lessons = report["lessons"]
        if 0 <= spec.lesson < len(lessons):
            lessons[spec.lesson]["skipped"].append(f"Left out “{spec.prompt}”: {problems}")
    return tuple(kept)


def lint_questions(
    briefing: Briefing,
    *,
    document: Document | None = None,
    resolver: SourceResolver | None = None,
    save: bool = True,
) -> LintOutcome:
    """Lint every active question of each quiz, generated, edited or manual alike.

    With ``save`` the findings are stored on each question (``lint_findings``,
    ``flagged``); an inactive question's are cleared. A flagged question stays
    active: the flag is for the instructor to see, not a verdict.
    """
    document = document if document is not None else briefing.to_document()
    resolver = resolver or SourceResolver(briefing)
    questions = list(briefing.questions.order_by("quiz", "position", "pk"))
    by_quiz: dict[int, list[Question]] = {}
    for question in questions:
        if question.active:
            by_quiz.setdefault(question.quiz_id, []).append(question)
    quizzes = list(by_quiz.values())
    specs = [
        [question_spec(question, resolver.ref(question)) for question in quiz] for quiz in quizzes
    ]
    findings = lint_briefing(specs, document, language=briefing.language)
    outcome = LintOutcome(active=sum(len(quiz) for quiz in quizzes))
    found_for: dict[int, list[dict]] = {}
    for quiz, per_question in zip(quizzes, findings, strict=True):
        for question, found in zip(quiz, per_question, strict=True):
            found_for[question.pk] = [finding.as_dict() for finding in found]
            if found:
                outcome.flagged.append(
                    Flagged(question.prompt, question.origin, tuple(found_for[question.pk]))
                )
    if save:
        changed = []
        for question in questions:
            stored = found_for.get(question.pk, [])
            if question.lint_findings != stored or question.flagged != bool(stored):
                question.lint_findings, question.flagged = stored, bool(stored)
                changed.append(question)
        Question.objects.bulk_update(changed, ["lint_findings", "flagged"])  # one transaction
    return outcome


def question_spec(question: Question, source: SourceRef) -> QuestionSpec:
    """A question row as the pure linter reads it."""
    options = question.options if isinstance(question.options, list) else []
    return QuestionSpec(
        kind=QuestionKind(question.kind),
        lesson=source.lesson,
        prompt=question.prompt,
        answer=question.answer,
        explanation=question.explanation,
        source=source,
        fingerprint=question.fingerprint,
        fact=question.fact,
        options=tuple(
            Option(str(option.get("text", "")), str(option.get("feedback", "")))
            for option in options
            if isinstance(option, dict)
        ),
        direction=question.direction,
    )


def load_existing(briefing: Briefing) -> dict[str, Question]:
    """Every question of the briefing by fingerprint, with its learner answers counted."""
    questions = briefing.questions.all()
    answered = count_answers(questions)
    by_fingerprint = {}
    for question in questions:
        question.answer_count = answered.get(question.pk, 0)
        by_fingerprint[question.fingerprint] = question
    return by_fingerprint


def apply_spec(
    question: Question, spec: QuestionSpec, quiz: Quiz, position: int, sources: dict
) -> None:
    question.quiz = quiz
    question.position = position
    question.kind = spec.kind.value
    question.direction = spec.direction
    question.prompt = spec.prompt
    question.options = spec_options(spec)
    question.answer = spec.answer
    question.explanation = spec.explanation
    question.fingerprint = spec.fingerprint
    question.fact = spec.fact
    question.active = True
    for name, value in sources.items():
        setattr(question, name, value)


def lesson_quizzes(
    briefing: Briefing, lessons: list[Lesson], specs: tuple[QuestionSpec, ...]
) -> dict[int, Quiz]:
    """One practice quiz per lesson that has questions, keyed by lesson index: the existing
    ones read with one query, the missing ones created with one insert."""
    wanted = sorted({spec.lesson for spec in specs})
    stored = {
        quiz.lesson_id: quiz
        for quiz in Quiz.objects.filter(
            briefing=briefing, lesson__in=[lessons[index] for index in wanted]
        ).order_by("-pk")
    }
    quizzes = {
        index: stored.get(lessons[index].pk)
        or Quiz(
            briefing=briefing,
            lesson=lessons[index],
            title=titles_in(briefing).practice_quiz_title(lessons[index].title[:280]),
            mode=Quiz.Mode.PRACTICE,
            draw=LESSON_QUIZ_DRAW,
        )
        for index in wanted
    }
    Quiz.objects.bulk_create([quiz for quiz in quizzes.values() if quiz.pk is None])
    return quizzes


def remove_empty_quizzes(briefing: Briefing) -> None:
    """A lesson quiz left without questions has no reason to exist, unless attempts keep it."""
    for quiz in Quiz.objects.filter(
        briefing=briefing, lesson__isnull=False, questions__isnull=True
    ):
        try:
            with transaction.atomic():
                quiz.delete()
        except ProtectedError:
            pass


def titles_in(briefing: Briefing) -> English:
    """The phrase book that names the briefing's quizzes (English when it has none)."""
    return phrase_book(briefing.language) or ENGLISH


def final_exam(briefing: Briefing) -> Quiz:
    exam, _ = Quiz.objects.get_or_create(
        briefing=briefing,
        lesson=None,
        defaults={
            "title": titles_in(briefing).final_exam_title(briefing.title[:280]),
            "mode": Quiz.Mode.EXAM,
            "draw": FINAL_EXAM_DRAW,
        },
    )
    return exam


def report_data(report: GenerationReport, lessons: list[Lesson]) -> dict:
    """The generation report as JSON for the briefing: per lesson, kinds counted and skips."""
    return {
        "lessons": [
            {
                "title": lesson.title,
                "counts": dict(sorted(report.counts.get(index, {}).items())),
                "skipped": list(report.skipped.get(index, [])),
            }
            for index, lesson in enumerate(lessons)
        ]
    }
