"""A quiz's ``version``: replaced whenever the quiz or one of its questions changes.

Learners' pages that show a quiz or what its questions ask (the lesson's actions, the
dashboard's facts and quiz links) are cached under it, with the lesson's and briefing's
content versions (``briefing.content_cache``). The receivers below give a quiz a new
version, in the same transaction, on every save or delete of it or of its questions;
``sync_quizzes`` and other bulk writers call ``touch`` on the quizzes they wrote, and may
collect the touches of many saves into one (``versions_collected``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from quizzes.models import Question, Quiz

# While set, the quizzes whose version is due, touched once when the block ends.
collected: ContextVar[set[int] | None] = ContextVar("collected_quiz_versions", default=None)


@contextmanager
def versions_collected() -> Iterator[set[int]]:
    """Touch each quiz written in the block once, at its end (inside the caller's
    transaction), rather than once per question saved."""
    quizzes: set[int] = set()
    token = collected.set(quizzes)
    try:
        yield quizzes
    finally:
        collected.reset(token)
    touch(quizzes)


def touch(quiz_ids) -> None:
    quiz_ids = set(quiz_ids) - {None}
    if quiz_ids:
        Quiz.objects.filter(pk__in=quiz_ids).touch()


def quiz_written_to(quiz_id: int | None) -> None:
    if (quizzes := collected.get()) is not None:
        quizzes.add(quiz_id)
    else:
        touch([quiz_id])


@receiver(post_save, sender=Question, dispatch_uid="content_versions_question_saved")
@receiver(post_delete, sender=Question, dispatch_uid="content_versions_question_deleted")
def question_written(sender, instance: Question, **kwargs) -> None:
    quiz_written_to(instance.quiz_id)
    stored = getattr(instance, "stored_quiz_id", None)
    if stored is not None and stored != instance.quiz_id:
        quiz_written_to(stored)


@receiver(post_save, sender=Quiz, dispatch_uid="content_versions_quiz_saved")
def quiz_saved(sender, instance: Quiz, update_fields=None, **kwargs) -> None:
    """A saved quiz's new fields need a new version too; one ``update`` gives it."""
    if update_fields is None or "version" not in update_fields:
        quiz_written_to(instance.pk)
