"""Quizzes and their questions, generated from a briefing or written by hand.

The learning app's history (attempts, review cards) points at questions and
quizzes with ``PROTECT``: the regenerator deactivates a question that has
history instead of deleting it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from briefing.models import Block, Briefing, Lesson, TableRow, Term
from quizzes.generate.spec import QuestionKind
from quizzes.shape import answer_shape_errors, explanation_errors


class QuizQuerySet(models.QuerySet):
    def touch(self) -> int:
        """Give these quizzes a new ``version``: pages showing them are stale."""
        return self.update(version=uuid.uuid4())


class Quiz(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice (feedback after each answer)"
        EXAM = "exam", "Exam (feedback after submitting)"

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="quizzes")
    lesson = models.OneToOneField(
        Lesson,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quiz",
        help_text="Empty for the briefing's final exam.",
    )
    title = models.CharField(max_length=300)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.PRACTICE)
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)", default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    draw = models.PositiveSmallIntegerField(
        "questions drawn per attempt",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Empty: every active question.",
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Empty: unlimited."
    )
    time_limit = models.DurationField(
        null=True,
        blank=True,
        validators=[MinValueValidator(timedelta(minutes=1))],
        help_text="Empty: no time limit.",
    )
    # Replaced whenever the quiz or one of its questions is saved or deleted
    # (``quizzes.content_versions``): learners' cached pages that show it are keyed by it.
    version = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["briefing", "lesson__position"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.UniqueConstraint(
                fields=["briefing"], condition=Q(lesson__isnull=True), name="one_final_exam"
            ),
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="pass_mark_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:quiz", kwargs={"pk": self.pk})

    @property
    def is_final_exam(self) -> bool:
        return self.lesson_id is None


class QuestionQuerySet(models.QuerySet):
    def active(self) -> QuestionQuerySet:
        return self.filter(active=True)


class Question(models.Model):
    Kind = models.TextChoices("Kind", [(kind.value, kind.value) for kind in QuestionKind])

    class Origin(models.TextChoices):
        GENERATED = "generated", "Generated"
        EDITED = "edited", "Generated, then edited"
        MANUAL = "manual", "Written by hand"

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="questions")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    direction = models.CharField(
        max_length=40, blank=True, help_text="Which way a generated question asks about its source."
    )
    prompt = models.TextField()
    options = models.JSONField(
        default=list, blank=True, help_text="Choice and true/false: [{text, feedback}, …]."
    )
    answer = models.JSONField(
        help_text=(
            "choice: the option text; true_false: true or false; match: {left: right}; "
            "categorize: {item: column}; cloze: [accepted answers]."
        )
    )
    explanation = models.TextField(blank=True)
    source_block = models.ForeignKey(
        Block, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    source_row = models.ForeignKey(
        TableRow, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    source_term = models.ForeignKey(
        Term, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    fingerprint = models.CharField(max_length=64)
    fact = models.CharField("fact key", max_length=64, blank=True)
    source_changed = models.BooleanField(
        default=False, help_text="Edited or manual question whose source facts have changed."
    )
    active = models.BooleanField(default=True)
    lint_findings = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="What the question linter found: [{code, message}, ...].",
    )
    flagged = models.BooleanField(
        default=False, editable=False, help_text="The linter found at least one problem."
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["quiz", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "fingerprint"], name="question_fingerprint_unique"
            )
        ]

    def __str__(self) -> str:
        return self.prompt[:80]

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the quiz it was read in: moved to another, both quizzes change."""
        question = super().from_db(db, field_names, values)
        question.stored_quiz_id = question.__dict__.get("quiz_id")
        return question

    def clean(self) -> None:
        """The question must be one that can be shown (``quizzes.shape``), or attempts
        could not be built from it."""
        errors = answer_shape_errors(
            self.kind, self.prompt, self.options, self.answer
        ) or explanation_errors(self.explanation)
        if errors:
            raise ValidationError(errors)

    def as_data(self) -> dict:
        """What ``learning.scoring.build_snapshot`` needs of the question."""
        return {
            "kind": self.kind,
            "prompt": self.prompt,
            "options": self.options,
            "answer": self.answer,
            "explanation": self.explanation,
            "language": self.content_language,
        }

    @property
    def content_language(self) -> str:
        """The language of the briefing the question is written in: through its source
        block, which the learner's queries select with the question, else its briefing."""
        block = self.source_block
        return (block.lesson.briefing if block else self.briefing).language

    def source_link(self) -> dict | None:
        """Where the answer is in the lesson: ``{"url", "label", "what", "where"}``.

        ``label`` is the lesson's title; ``what`` names the row (its key) or the
        term, and ``where`` the table (its header cells) or the lesson holding the
        term, so feedback can say "Cybersecurity Measures in *Focus Area | Action
        Plan*". Snapshots made before ``what`` and ``where`` have only the first two.
        """
        block = self.source_block
        if block is None:
            return None
        anchor = (self.source_row or self.source_term or block).anchor
        what, where = "", ""
        if self.source_row is not None:
            where = self.source_row.block.caption
            cells = self.source_row.cells
            if self.source_row.block.shape == Block.Shape.KEY_VALUE and cells:
                what = str(cells[0]).split("\n")[0].strip()
        elif self.source_term is not None:
            what, where = self.source_term.term, block.lesson.title
        elif block.kind == Block.Kind.TABLE:
            where = block.caption
        return {
            "url": f"{block.lesson.get_absolute_url()}#{anchor}",
            "label": block.lesson.title,
            "what": what,
            "where": where,
        }
