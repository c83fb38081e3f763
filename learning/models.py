"""Each learner's attempts, responses, lesson progress and review cards.

Learner history is never deleted by content changes: its foreign keys to
lessons, quizzes and questions use ``PROTECT``, so the regenerator deactivates
questions and the importer archives lessons instead.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from briefing.models import Lesson, TableRow, Term
from learning.scoring import is_complete
from quizzes.models import Question, Quiz


class AttemptQuerySet(models.QuerySet):
    def counted(self) -> AttemptQuerySet:
        """Attempts at the quiz itself, without practices of missed questions."""
        return self.filter(retry_of__isnull=True)


class Attempt(models.Model):
    """A learner's attempt at a quiz, or (``retry_of`` set) a practice of the questions
    another attempt missed.

    Such a practice counts toward nothing: it keeps ``score`` and ``passed`` empty, so
    no best score, pass or completion can come from practising only the questions
    missed; its result page counts its responses instead.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    retry_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retries",
        help_text="The attempt whose missed questions this practice repeats.",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(
        null=True,
        blank=True,
        help_text="0 to 1, set on submit; empty for a practice of missed questions.",
    )
    passed = models.BooleanField(null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "quiz"],
                condition=Q(submitted_at__isnull=True, retry_of__isnull=True),
                name="one_open_attempt_per_quiz",
            ),
            models.UniqueConstraint(
                fields=["retry_of"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_retry_per_attempt",
            ),
        ]

    def __str__(self) -> str:
        what = "missed questions of " if self.retry_of_id else ""
        return f"{self.learner} on {what}{self.quiz} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def is_practice(self) -> bool:
        """Feedback after each answer: a practice quiz, or a practice of missed questions."""
        return self.retry_of_id is not None or self.quiz.mode == Quiz.Mode.PRACTICE


class AttemptQuestion(models.Model):
    """A question as this attempt showed it: a snapshot, so reviews survive later edits."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    snapshot = models.JSONField()
    flagged = models.BooleanField(default=False, help_text="The learner means to come back to it.")

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
    # Kept with the answer so that counting what is answered reads no snapshot: the
    # snapshot never changes, so neither does this for a given answer.
    complete = models.BooleanField(
        default=False, help_text="The answer answers the whole question (every item placed)."
    )

    class Meta:
        ordering = ["attempt_question"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="score_0_to_1")
        ]

    def __str__(self) -> str:
        return f"Response to {self.attempt_question}"

    def save(self, *args, **kwargs) -> None:
        # Kept right for a response saved one by one (the admin, the shell); the answer's
        # own write and the demo's bulk insert set it themselves.
        self.complete = is_complete(self.attempt_question.snapshot, self.answer)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "answer" in update_fields:
            kwargs["update_fields"] = {*update_fields, "complete"}
        super().save(*args, **kwargs)


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
    """A learner's spaced-review card (fsrs state as JSON): a question, or a flashcard.

    A flashcard is a term of a term list or a row of a key-value table, in its
    lesson's deck: its front and back are read from the term or row as they are
    now. When the import removes the term or row, the card keeps its lesson and
    its logs but is no longer shown (as a deactivated question's card is not).
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="review_cards"
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flashcard_reviews",
        help_text="A flashcard's lesson (its deck).",
    )
    term = models.ForeignKey(
        Term, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_cards"
    )
    row = models.ForeignKey(
        TableRow, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_cards"
    )
    state = models.JSONField(help_text="fsrs Card.to_dict().")
    due = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "question"], name="one_card_per_question"),
            models.UniqueConstraint(
                fields=["learner", "term"],
                condition=Q(term__isnull=False),
                name="one_card_per_term",
            ),
            models.UniqueConstraint(
                fields=["learner", "row"], condition=Q(row__isnull=False), name="one_card_per_row"
            ),
            models.CheckConstraint(
                condition=Q(
                    question__isnull=False, lesson__isnull=True, term__isnull=True, row__isnull=True
                )
                | (
                    Q(question__isnull=True, lesson__isnull=False)
                    & (Q(term__isnull=True) | Q(row__isnull=True))
                ),
                name="card_is_a_question_or_a_flashcard",
                violation_error_message=(
                    "A card is a question, or a flashcard of a lesson's term or table row."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner}: {self.question if self.question_id else self.flashcard_name}"

    @property
    def is_flashcard(self) -> bool:
        return self.question_id is None

    @property
    def flashcard_name(self) -> str:
        if self.term_id:
            return f"flashcard “{self.term.term}”"
        if self.row_id:
            return f"flashcard “{self.row.cells[0] if self.row.cells else ''}”"
        return "flashcard (its term or row is gone)"


class ReviewLog(models.Model):
    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs")
    rating = models.PositiveSmallIntegerField(help_text="fsrs Rating: 1 Again … 4 Easy.")
    answer = models.JSONField(null=True, blank=True)
    reviewed_at = models.DateTimeField()
    state_before = models.JSONField(
        null=True, blank=True, help_text="The card's fsrs state before this review."
    )
    state_after = models.JSONField(
        null=True, blank=True, help_text="The card's fsrs state this review scheduled."
    )

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.card} rated {self.rating} at {self.reviewed_at:%Y-%m-%d %H:%M}"
