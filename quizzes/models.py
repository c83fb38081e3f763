"""Quizzes, their questions, and each learner's attempts, progress and review cards.

Learner history (attempts, responses, progress, review cards) is never deleted by
content changes: the foreign keys from history use ``PROTECT``, and the
regenerator deactivates questions and the importer archives lessons instead.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from briefing.models import Block, Briefing, Lesson, TableRow, Term
from quizzes.generate.spec import QuestionKind
from quizzes.shape import answer_shape_errors, explanation_errors


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
        return reverse("quizzes:detail", kwargs={"pk": self.pk})

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

    def clean(self) -> None:
        """The question must be one that can be shown (``quizzes.shape``), or attempts
        could not be built from it."""
        errors = answer_shape_errors(
            self.kind, self.prompt, self.options, self.answer
        ) or explanation_errors(self.explanation)
        if errors:
            raise ValidationError(errors)

    def as_data(self) -> dict:
        """What ``quizzes.scoring.build_snapshot`` needs of the question."""
        return {
            "kind": self.kind,
            "prompt": self.prompt,
            "options": self.options,
            "answer": self.answer,
            "explanation": self.explanation,
        }

    def source_link(self) -> dict | None:
        """Where the answer is in the lesson, for the review: ``{"url", "label"}``."""
        block = self.source_block
        if block is None:
            return None
        anchor = (self.source_row or self.source_term or block).anchor
        return {
            "url": f"{block.lesson.get_absolute_url()}#{anchor}",
            "label": block.lesson.title,
        }


class Attempt(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True, help_text="0 to 1, set on submit.")
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_quiz",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.quiz} ({self.started_at:%Y-%m-%d %H:%M})"


class AttemptQuestion(models.Model):
    """A question as this attempt showed it: a snapshot, so reviews survive later edits."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    snapshot = models.JSONField()

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="attempt_question_position_unique"
            ),
            models.UniqueConstraint(fields=["attempt", "question"], name="attempt_question_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} #{self.position + 1}"


class Response(models.Model):
    attempt_question = models.OneToOneField(
        AttemptQuestion, on_delete=models.CASCADE, related_name="response"
    )
    answer = models.JSONField()
    correct = models.BooleanField(default=False)
    score = models.FloatField(default=0, validators=[MinValueValidator(0), MaxValueValidator(1)])
    answered_at = models.DateTimeField(auto_now=True)
    locked = models.BooleanField(default=False, help_text="Practice feedback has been shown.")

    class Meta:
        ordering = ["attempt_question"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="score_0_to_1")
        ]

    def __str__(self) -> str:
        return f"Response to {self.attempt_question}"


class LessonProgress(models.Model):
    """Milestones only: what is earned is stored once and never taken back."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="progress")
    first_opened_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["learner", "lesson"]
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.lesson}"


class ReviewCard(models.Model):
    """A learner's spaced-review card for one question (fsrs state as JSON)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="review_cards")
    state = models.JSONField(help_text="fsrs Card.to_dict().")
    due = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "question"], name="one_card_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.learner}: {self.question}"


class ReviewLog(models.Model):
    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs")
    rating = models.PositiveSmallIntegerField(help_text="fsrs Rating: 1 Again … 4 Easy.")
    answer = models.JSONField(null=True, blank=True)
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.card} rated {self.rating} at {self.reviewed_at:%Y-%m-%d %H:%M}"
