"""The learner's activity version: what keys the parts of their pages kept in the cache.

``User.activity_version`` is a random UUID replaced, in the same transaction, by every
save or delete of the learner's own records: attempts, their questions and responses,
lesson progress, review cards and logs. The receivers below do it for every ``save()``
and ``delete()`` (views, the admin, reports, the shell); code that writes those rows with
``QuerySet.update()`` or ``bulk_create()`` alone calls ``bump`` in the same transaction.

The user row is read on every signed-in request anyway (the session's user), so the
version costs no query. A learner's cached part is keyed by it and by the content
versions it shows (``briefing.content_cache``), and stays right for the same reason
content does: a request reads the versions before the rows, so what it stores is never
older than its key, and a write commits a new version with its rows. A part that
depends on the time as well (cards coming due, the day's counts, an exam's deadline)
is stored with the moment it stops being right (``valid_until``).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import datetime
from functools import cache, partial

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from briefing.content_cache import TIMEOUT, interface, templates_digest, versioned
from config.compiled import statement_cursor
from learning.models import (
    Attempt,
    AttemptQuestion,
    LessonProgress,
    Response,
    ReviewCard,
    ReviewLog,
)


@cache
def bump_sql(learner_of: str) -> str:
    """``UPDATE`` of the version of the learner ``learner_of`` names (SQL taking the row id).

    Raw SQL, built once from the models' tables: it runs on every answer, and building
    the same update with the ORM costs ten times as much as running it.
    """
    quote = connection.ops.quote_name
    user = get_user_model()._meta
    attempt, attempt_question = Attempt._meta.db_table, AttemptQuestion._meta.db_table
    learners = {
        "learner": "%s",
        "attempt": f"SELECT learner_id FROM {quote(attempt)} WHERE id = %s",
        "attempt_question": (
            f"SELECT a.learner_id FROM {quote(attempt)} a "
            f"JOIN {quote(attempt_question)} q ON q.attempt_id = a.id WHERE q.id = %s"
        ),
        "card": f"SELECT learner_id FROM {quote(ReviewCard._meta.db_table)} WHERE id = %s",
    }
    column = quote(user.get_field("activity_version").column)
    return f"UPDATE {quote(user.db_table)} SET {column} = %s WHERE id = ({learners[learner_of]})"


def bump(learner_id: int | None, *, learner_of: str = "learner") -> None:
    """Give the learner (or the learner of the attempt, attempt question or card whose id
    this is) a new activity version: their cached parts are stale.

    Once per transaction: a second write in it commits with the first one's version.
    """
    if learner_id is None or already_bumped((learner_of, learner_id)):
        return
    with statement_cursor() as cursor:
        cursor.execute(bump_sql(learner_of), [new_version(), learner_id])


def new_version() -> object:
    """A new activity version, as the database takes it."""
    field = get_user_model()._meta.get_field("activity_version")
    return field.get_db_prep_value(uuid.uuid4(), connection)


def with_bump(write_sql: str) -> str:
    """PostgreSQL: the write ``write_sql`` (``… RETURNING`` its rows), which also bumps the
    learner when it returns a row, as one statement: no transaction of its own to begin and
    commit, and one round trip instead of two. It takes ``write_sql``'s parameters, then
    ``new_version()`` and the learner's id; the caller records the bump with
    ``bumped_with_write``.

    The bump is a data-modifying ``WITH`` that waits for the write's first row (``EXISTS``)
    before it can touch the user's row: the write's locks are taken first, as when
    ``bump`` follows the write, so the lock order every transaction keeps holds.
    """
    return (
        f"WITH written AS ({write_sql}), "
        f"bumped AS ({bump_sql('learner')} AND EXISTS (SELECT FROM written)) "
        "SELECT * FROM written"
    )


def bumped_with_write(learner_id: int) -> None:
    """Record a bump made by a ``with_bump`` statement, so that the open transaction (if
    any) does not bump the learner again."""
    already_bumped(("learner", learner_id))


def already_bumped(learner: tuple[str, int]) -> bool:
    """Whether the open transaction has bumped this learner, and record that it has now.

    The record lives on the outermost atomic block the code opened (a test case's own
    blocks, which Django marks, never commit), as a callback left to run on its commit:
    Django drops it when the block, or a savepoint within it, rolls back the bump.
    """
    wrapper = transaction.get_connection()  # this thread's, not the proxy all threads share
    outermost = next(
        (block for block in wrapper.atomic_blocks if not getattr(block, "_from_testcase", False)),
        None,
    )
    if outermost is None:
        return False
    bumped = outermost.__dict__.setdefault("activity_bumped", {})
    marker = bumped.get(learner)
    if marker is not None and any(entry[1] is marker for entry in wrapper.run_on_commit):
        return True
    marker = partial(bumped.pop, learner, None)
    wrapper.on_commit(marker)
    bumped[learner] = marker
    return False


@receiver(post_save, sender=Attempt, dispatch_uid="activity_attempt_saved")
@receiver(post_delete, sender=Attempt, dispatch_uid="activity_attempt_deleted")
@receiver(post_save, sender=LessonProgress, dispatch_uid="activity_progress_saved")
@receiver(post_delete, sender=LessonProgress, dispatch_uid="activity_progress_deleted")
@receiver(post_save, sender=ReviewCard, dispatch_uid="activity_card_saved")
@receiver(post_delete, sender=ReviewCard, dispatch_uid="activity_card_deleted")
def own_row_written(sender, instance, **kwargs) -> None:
    bump(instance.learner_id)


@receiver(post_save, sender=AttemptQuestion, dispatch_uid="activity_attempt_question_saved")
@receiver(post_delete, sender=AttemptQuestion, dispatch_uid="activity_attempt_question_deleted")
def attempt_question_written(sender, instance: AttemptQuestion, **kwargs) -> None:
    bump_through(instance, "attempt")


@receiver(post_save, sender=Response, dispatch_uid="activity_response_saved")
@receiver(post_delete, sender=Response, dispatch_uid="activity_response_deleted")
def response_written(sender, instance: Response, **kwargs) -> None:
    bump(instance.attempt_question_id, learner_of="attempt_question")


@receiver(post_save, sender=ReviewLog, dispatch_uid="activity_log_saved")
@receiver(post_delete, sender=ReviewLog, dispatch_uid="activity_log_deleted")
def log_written(sender, instance: ReviewLog, **kwargs) -> None:
    bump_through(instance, "card")


def bump_through(instance, parent: str) -> None:
    """Bump the learner of the row ``instance`` points to by ``parent`` (an attempt or a
    card). With that row in hand its learner is known, and the bump counts with the
    learner's other writes in the transaction; else SQL finds the learner."""
    row = instance._meta.get_field(parent).get_cached_value(instance, default=None)
    if row is not None:
        bump(row.learner_id)
    else:
        bump(getattr(instance, f"{parent}_id"), learner_of=parent)


def learner_part(
    request,
    name: str,
    versions: tuple,
    build: Callable[[], tuple[object, datetime | None]],
    *templates: str,
):
    """A part of the signed-in learner's page, from the cache or built and stored.

    ``build`` returns the part (anything the cache can hold, usually HTML) and the moment
    it stops being right (None: not before the versions change). The key holds the
    learner, their activity version, the content ``versions`` the part shows, the
    templates it is rendered with and the interface language.
    """
    user = request.user
    signature = repr(
        (user.activity_version.hex, user.is_staff, versions, templates_digest(*templates))
    )
    digest = hashlib.blake2b(signature.encode(), digest_size=16).hexdigest()
    key = f"learner-part:{name}:{user.pk}:{digest}:{interface()}"
    now = timezone.now()
    stored = versioned.get(key)
    if stored is not None and (stored[1] is None or now < stored[1]):
        return stored[0]
    part, valid_until = build()
    timeout = TIMEOUT
    if valid_until is not None:
        timeout = max(1, min(TIMEOUT, int((valid_until - now).total_seconds()) + 1))
    versioned.set(key, (part, valid_until), timeout)
    return part
