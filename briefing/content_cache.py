"""A lesson's rendered content (its blocks), cached under the lesson's content version.

``Lesson.content_version`` is a random UUID replaced, in the same transaction,
whenever the lesson or one of its blocks, terms or rows is saved or deleted:
the receivers below do it for every ``save()`` and ``delete()``, so the admin,
the importer, regeneration and the shell all keep it current. Code that writes
blocks, terms or rows with ``QuerySet.update()`` or ``bulk_create()`` alone
must call ``Lesson.objects.filter(...).touch()`` in the same transaction (the
importer saves each block before it bulk-creates its rows, so it need not).

Why no request sees stale content: a request reads the version together with
the lesson, before it reads any block, so what it stores under a version is
never older than that version; a write commits its new version with the new
content, and from then on every request asks for the new key. The version is
random rather than a counter so that a database recreated under a shared cache
(Redis) never meets its predecessor's entries, and the key holds a digest of
the template so that a deploy with new markup never serves the old one.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from briefing.models import Block, Lesson, TableRow, Term

TEMPLATE = "briefing/lesson_detail.html"
# Old versions are never read again: let them expire. A live one is rendered again once a day.
TIMEOUT = 24 * 60 * 60


@lru_cache(maxsize=8)
def source_digest(source: str) -> str:
    return hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


def cache_key(lesson: Lesson) -> str:
    # The template loader caches the template (and reloads it when edited under
    # DEBUG): hashing its source costs one dictionary look-up per request.
    digest = source_digest(get_template(TEMPLATE).template.source)
    return f"lesson-content:{lesson.pk}:{lesson.content_version.hex}:{digest}"


def lesson_content(lesson: Lesson) -> SafeString:
    """The lesson's blocks as HTML, from the cache or rendered (with three queries) and stored."""
    key = cache_key(lesson)
    html = cache.get(key)
    if html is None:
        prefetch_related_objects([lesson], "blocks__terms", "blocks__rows")
        html = render_to_string(f"{TEMPLATE}#blocks", {"lesson": lesson})
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # rendered by the template, which escapes the document's text


@receiver(post_save, sender=Lesson, dispatch_uid="lesson_content_lesson_saved")
def lesson_saved(sender, instance: Lesson, **kwargs) -> None:
    instance.content_version = uuid.uuid4()
    Lesson.objects.filter(pk=instance.pk).update(content_version=instance.content_version)


@receiver(post_save, sender=Block, dispatch_uid="lesson_content_block_saved")
@receiver(post_delete, sender=Block, dispatch_uid="lesson_content_block_deleted")
def block_written(sender, instance: Block, **kwargs) -> None:
    Lesson.objects.filter(pk=instance.lesson_id).touch()


@receiver(post_save, sender=Term, dispatch_uid="lesson_content_term_saved")
@receiver(post_delete, sender=Term, dispatch_uid="lesson_content_term_deleted")
@receiver(post_save, sender=TableRow, dispatch_uid="lesson_content_row_saved")
@receiver(post_delete, sender=TableRow, dispatch_uid="lesson_content_row_deleted")
def block_part_written(sender, instance: Term | TableRow, **kwargs) -> None:
    Lesson.objects.filter(blocks=instance.block_id).touch()
