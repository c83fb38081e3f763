"""A signed-in learner's lesson page, whole from the cache, without the content app knowing
what a learner is.

The page shows the lesson (its versions say when it changes) and, in the lesson's actions,
the learner's own state, which only the learning app knows. That app registers, in its
``AppConfig.ready`` as it registers its answer counter, the one reader that says in a
single query both the lesson's versions and a ``stamp`` of everything of the learner the
page shows (``register_lesson_visit_reader``). The page is then kept under those values,
the visitor's name and the templates, with a stand-in for the CSRF token that each
response replaces with its own (``with_csrf_token``).

With no reader registered (the content app alone), a learner's page is rendered each time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest

from briefing.content_cache import cached_object, interface, templates_digest


@dataclass(frozen=True)
class LessonVisit:
    """What a learner's visit to a lesson page depends on, as one query reads it."""

    versions: tuple  # the lesson's and its briefing's content versions
    stamp: tuple  # everything of the learner the page shows, as values that change with it


LessonVisitReader = Callable[[HttpRequest, str, str], LessonVisit | None]
"""(request, briefing slug, lesson slug) → the visit, or None when there is no such lesson."""

_reader: LessonVisitReader | None = None


def register_lesson_visit_reader(reader: LessonVisitReader | None) -> None:
    global _reader
    _reader = reader


def visit_reader(request: HttpRequest) -> LessonVisitReader | None:
    """The reader, for a signed-in learner (not staff, who also see unpublished briefings)
    asking for the page alone (a query may hold anything: such a page is rendered, never
    kept), with no message waiting to be shown (a message is shown once)."""
    user = request.user
    if _reader is None or not user.is_authenticated or user.is_staff or request.GET:
        return None
    if len(messages.get_messages(request)):
        return None
    return _reader


def learner_page(
    request: HttpRequest, visit: LessonVisit, render: Callable[[], str], *templates: str
) -> str:
    """The learner's page (with the CSRF token stand-in), from the cache or rendered and kept."""
    signature = (
        "learner-page",
        request.path,
        visit.versions,
        visit.stamp,
        request.user.pk,
        request.user.get_username(),
        templates_digest("base.html", *templates),
        getattr(staticfiles_storage, "manifest_hash", ""),
        interface(),
    )
    return cached_object(signature, render)
