"""Cached lesson content and visitors' pages, keyed by content versions so never stale.

``Lesson.content_version`` is a random UUID replaced, in the same transaction,
whenever the lesson or one of its blocks, terms or rows is saved or deleted;
``Briefing.content_version`` whenever the briefing or one of its lessons is.
The receivers below do it for every ``save()`` and ``delete()``, so the admin,
the importer, regeneration and the shell all keep them current. Code that
writes those rows with ``QuerySet.update()`` or ``bulk_create()`` alone must
call ``Lesson.objects.filter(...).touch()`` in the same transaction (the
importer saves each block before it bulk-creates its rows, so it need not).

Three layers, each keyed by what it shows:

* a lesson's blocks, rendered once per lesson version (``lesson_content``);
* the lesson page's header (with "Lesson 3 of 8") and its pager, once per lesson
  and briefing version (``lesson_parts``): the siblings are read only then;
* a whole page as a visitor who is not signed in sees it (``cache_for_visitors``),
  under the versions one query reads: such a page holds nothing personal (no
  CSRF token, no message), so every such visitor gets the same bytes.

Why no request sees stale content: a request reads the versions before any
content, so what it stores under a version is never older than that version; a
write commits its new version with the new content, and from then on every
request asks for the new key. Versions are random rather than counters so that
a database recreated under a shared cache (Redis) never meets its predecessor's
entries, and keys hold a digest of the templates (and of the static files'
manifest) so that a deploy with new markup never serves the old one. Each key also
holds the interface language and a digest of the translation catalogues: a page in
French is never served to a learner reading in English, nor an old translation after a
deploy.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from briefing.models import Block, Briefing, Lesson, TableRow, Term

LESSON_TEMPLATE = "briefing/lesson_detail.html"
# Old versions are never read again: let them expire. A live one is rendered again once a day.
TIMEOUT = 24 * 60 * 60


class VersionedCache:
    """The cache, with the process's own memory in front of it, for entries whose key
    names the versions of all they hold: such an entry never changes once stored, so a
    copy kept here is as good as the shared cache's (Redis), without the round trip.

    The copies expire with the entry's timeout and the oldest go first past ``size``.
    """

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self.copies: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        now = time.monotonic()
        with self.lock:
            copy = self.copies.get(key)
            if copy is not None and copy[0] > now:
                self.copies.move_to_end(key)
                return copy[1]
        value = cache.get(key)
        if value is not None:
            self.keep(key, value, TIMEOUT)
        return value

    def set(self, key: str, value: object, timeout: int = TIMEOUT) -> None:
        cache.set(key, value, timeout)
        self.keep(key, value, timeout)

    def keep(self, key: str, value: object, timeout: int) -> None:
        with self.lock:
            self.copies[key] = (time.monotonic() + timeout, value)
            self.copies.move_to_end(key)
            while len(self.copies) > self.size:
                self.copies.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.copies.clear()


versioned = VersionedCache()


@lru_cache(maxsize=64)
def source_digest(source: str) -> str:
    return hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


def templates_digest(*names: str) -> str:
    """What the templates say now: a digest of each source, computed once per source.

    Under DEBUG the loader reloads an edited template, so the templates are looked up on
    each call; otherwise the cached loader keeps them for the life of the process, and so
    does this digest.
    """
    if settings.DEBUG:
        return read_templates_digest(names)
    return loaded_templates_digest(names)


def read_templates_digest(names: tuple[str, ...]) -> str:
    return "".join(source_digest(get_template(name).template.source) for name in names)


loaded_templates_digest = lru_cache(maxsize=64)(read_templates_digest)


@lru_cache(maxsize=1)
def catalogues_digest() -> str:
    """The translation catalogues as this process loaded them (once: so does gettext)."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def interface() -> str:
    """The interface language and its catalogue, a part of every key of rendered HTML."""
    return f"{get_language()}:{catalogues_digest()}"


# Rendered in the place of the CSRF token in a cached part, and replaced by this request's
# token when the part is served: the token is masked anew on every response.
TOKEN_STAND_IN = "csrf-token-stand-in-5f0d1c7a9e"


def render_with_token_stand_in(template_name: str, context: dict, request) -> str:
    return render_to_string(template_name, context | {"csrf_token": TOKEN_STAND_IN}, request)


def with_csrf_token(html: str, request) -> SafeString:
    """A cached part as this request serves it: with its own CSRF token.

    The token is masked once per response, for all the parts it serves (masking costs
    a random choice per character).
    """
    if TOKEN_STAND_IN not in html:
        return mark_safe(html)
    return mark_safe(html.replace(TOKEN_STAND_IN, masked_csrf_token(request)))


def part_in_context(html: str, context) -> SafeString:
    """A cached part placed in the template being rendered, with this response's CSRF
    token; or with the stand-in still when that template is itself rendered to be kept
    (``render_with_token_stand_in``), so that a kept page never holds a token."""
    request = context.get("request")
    if request is None or context.get("csrf_token") is TOKEN_STAND_IN:
        return mark_safe(html)
    return with_csrf_token(html, request)


def masked_csrf_token(request: HttpRequest) -> str:
    """This response's CSRF token, masked once for every form and part of the page."""
    token = getattr(request, "masked_csrf_token", None)
    if token is None:
        token = request.masked_csrf_token = get_token(request)
    return token


def csrf_token(request: HttpRequest) -> dict:
    """Context processor: ``csrf_token`` as Django's own gives it, masked once per response
    (Django's masks again in each template rendered, and masking is slow). Listed after
    Django's built-in one, it takes its place."""
    return {"csrf_token": SimpleLazyObject(lambda: masked_csrf_token(request))}


def lesson_content(lesson: Lesson) -> SafeString:
    """The lesson's blocks as HTML, from the cache or rendered (with three queries) and stored."""
    digest = templates_digest(LESSON_TEMPLATE)
    key = f"lesson-content:{lesson.pk}:{lesson.content_version.hex}:{digest}:{interface()}"
    html = versioned.get(key)
    if html is None:
        prefetch_related_objects([lesson], "blocks__terms", "blocks__rows")
        html = render_to_string(f"{LESSON_TEMPLATE}#blocks", {"lesson": lesson})
        versioned.set(key, html)
    return mark_safe(html)  # rendered by the template, which escapes the document's text


def lesson_parts(lesson: Lesson) -> dict[str, SafeString]:
    """The lesson page's ``body`` (header and blocks) and ``pager``, as HTML.

    They depend on the lesson's siblings (position, previous and next), read only
    when the briefing's version is new.
    """
    briefing = lesson.briefing
    key = (
        f"lesson-parts:{lesson.pk}:{lesson.content_version.hex}:"
        f"{briefing.content_version.hex}:{templates_digest(LESSON_TEMPLATE)}:{interface()}"
    )
    parts = versioned.get(key)
    if parts is None:
        siblings = list(briefing.lessons.live().order_by("position"))
        index = next((i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk), None)
        following = index + 1 if index is not None else len(siblings)
        context = {
            "briefing": briefing,
            "lesson": lesson,
            "content": lesson_content(lesson),
            "previous_lesson": siblings[index - 1] if index else None,
            "next_lesson": siblings[following] if following < len(siblings) else None,
            "position": (index or 0) + 1,
            "lesson_count": len(siblings),
        }
        parts = {
            name: render_to_string(f"{LESSON_TEMPLATE}#{name}", context)
            for name in ("body", "pager")
        }
        versioned.set(key, parts)
    return {name: mark_safe(html) for name, html in parts.items()}


def cached_object(signature: tuple, read: Callable[[], object]) -> object:
    """What ``read`` returns, from the cache under ``signature`` (which holds the versions
    of what it reads), or read and stored."""
    key = f"object:{hashlib.blake2b(repr(signature).encode(), digest_size=16).hexdigest()}"
    found = versioned.get(key)
    if found is None:
        found = read()
        versioned.set(key, found)
    return found


def plain_visitor(request: HttpRequest) -> bool:
    """Not signed in and no message waiting: the page holds nothing of this request's own."""
    return not request.user.is_authenticated and not len(messages.get_messages(request))


def cache_for_visitors(stamp: Callable[..., object], *templates: str):
    """Serve a page to plain visitors from the cache, under the key ``stamp(**kwargs)`` reads.

    ``stamp`` reads, in one query, the versions of everything the page shows, or
    returns None when there is nothing to show (the view then answers, with its
    404). Signed-in learners, and visitors with a message waiting, get the view.
    A response that sets a cookie (a CSRF token) is never stored.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
            if not plain_visitor(request):
                return view(request, **kwargs)
            versions = stamp(**kwargs)
            if versions is None:
                return view(request, **kwargs)
            manifest = getattr(staticfiles_storage, "manifest_hash", "")
            parts = (
                request.path,
                versions,
                templates_digest("base.html", *templates),
                manifest,
                interface(),
            )
            signature = repr((*parts, settings.SIGNUP_OPEN)).encode()
            key = f"page:{hashlib.blake2b(signature, digest_size=16).hexdigest()}"
            html = versioned.get(key)
            if html is not None:
                return HttpResponse(html)
            response = view(request, **kwargs)
            if response.status_code == 200 and not response.cookies:
                versioned.set(key, response.content)
            return response

        return wrapper

    return decorator


def new_version(model: type[Briefing] | type[Lesson], pk: int | None) -> uuid.UUID:
    version = uuid.uuid4()
    model.objects.filter(pk=pk).update(content_version=version)
    return version


# What an import records about itself: no page shows it, so writing it alone leaves the
# cached pages as they are.
BOOKKEEPING = frozenset(
    {"source_name", "source_sha256", "imported_at", "cleaning_report", "generation_report"}
)


@receiver(post_save, sender=Briefing, dispatch_uid="content_cache_briefing_saved")
def briefing_saved(sender, instance: Briefing, update_fields=None, **kwargs) -> None:
    if update_fields is not None and update_fields <= BOOKKEEPING:
        return
    instance.content_version = new_version(Briefing, instance.pk)


@receiver(post_save, sender=Lesson, dispatch_uid="content_cache_lesson_saved")
@receiver(post_delete, sender=Lesson, dispatch_uid="content_cache_lesson_deleted")
def lesson_written(sender, instance: Lesson, **kwargs) -> None:
    """A lesson's title, position or archiving shows on its siblings' pages too."""
    instance.content_version = new_version(Lesson, instance.pk)
    new_version(Briefing, instance.briefing_id)


@receiver(post_save, sender=Block, dispatch_uid="content_cache_block_saved")
@receiver(post_delete, sender=Block, dispatch_uid="content_cache_block_deleted")
def block_written(sender, instance: Block, **kwargs) -> None:
    Lesson.objects.filter(pk=instance.lesson_id).touch()


@receiver(post_save, sender=Term, dispatch_uid="content_cache_term_saved")
@receiver(post_delete, sender=Term, dispatch_uid="content_cache_term_deleted")
@receiver(post_save, sender=TableRow, dispatch_uid="content_cache_row_saved")
@receiver(post_delete, sender=TableRow, dispatch_uid="content_cache_row_deleted")
def block_part_written(sender, instance: Term | TableRow, **kwargs) -> None:
    Lesson.objects.filter(blocks=instance.block_id).touch()
