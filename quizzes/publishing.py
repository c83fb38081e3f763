"""Content in, questions out: the one place where changed content regenerates its questions.

Every way a briefing's content changes ends here, and its questions are brought in
line in the same transaction, so an import is all or nothing:

* a source file: ``import_document`` (the ``import_briefing`` command);
* a YAML export: ``import_yaml`` (the same command), which also restores the
  questions as they were stored before regenerating;
* an editor's save in the content admin: ``briefing`` sends
  ``briefing.signals.content_edited``, which ``QuizzesConfig.ready`` connects to
  ``regenerate_after_edit``.

``briefing`` cannot call this module (it sits below ``quizzes``), hence the signal
for the admin; the commands call it directly, so their flow reads top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction

from briefing.exchange import restore_content
from briefing.importing import ImportOutcome, prepare_import, write_import
from briefing.models import Briefing
from quizzes.exchange import restore_quizzes
from quizzes.sync import (
    Generation,
    SyncOutcome,
    generate_questions,
    lint_questions,
    sync_quizzes,
)


@dataclass
class Publication:
    """What an import did: to the content, and to the questions (None when unchanged).

    ``inspected`` is what the caller's ``inspect`` read of the briefing as written,
    before a dry run rolled it back (the admin's import preview diffs it).
    """

    content: ImportOutcome
    questions: SyncOutcome | None
    inspected: object = None

    @property
    def briefing(self) -> Briefing:
        return self.content.briefing


Inspect = Callable[[Briefing], object]


def import_document(
    *, dry_run: bool = False, inspect: Inspect | None = None, **options
) -> Publication:
    """Import a plain-text or Markdown file (``briefing.importing.prepare_import``'s
    options), then regenerate its questions.

    The file is cleaned and parsed, and its questions generated, before the write
    transaction opens: on SQLite a learner's answer waits for that transaction, so it
    holds only the writes (of the rows that changed).
    """
    prepared = prepare_import(**options)
    generated = (
        None
        if prepared.unchanged
        else generate_questions(prepared.document, language=prepared.language)
    )
    return publish(
        lambda: write_import(prepared),
        dry_run=dry_run,
        inspect=inspect,
        generated=generated,
    )


def import_yaml(
    *,
    source: bytes,
    filename: str,
    slug: str | None = None,
    dry_run: bool = False,
    inspect: Inspect | None = None,
) -> Publication:
    """Restore a YAML export: its content, its questions as stored, then regenerate."""

    def restore() -> ImportOutcome:
        content, data = restore_content(source=source, filename=filename, slug=slug)
        restore_quizzes(content.briefing, data.get("quizzes") or [], outcome=content)
        return content

    return publish(restore, dry_run=dry_run, inspect=inspect)


def publish(
    write_content: Callable[[], ImportOutcome],
    *,
    dry_run: bool,
    inspect: Inspect | None = None,
    generated: Generation | None = None,
) -> Publication:
    """Write the content and regenerate the questions in one transaction (``generated``:
    generated beforehand, see ``sync_quizzes``); a dry run rolls both back.

    The linter then reads the questions as committed and stores its findings in a short
    transaction of its own: on SQLite learners' answers wait for the first one only.
    """
    with transaction.atomic():
        content = write_content()
        questions = (
            None
            if content.unchanged
            else sync_quizzes(briefing=content.briefing, generated=generated, lint=dry_run)
        )
        inspected = inspect(content.briefing) if inspect is not None else None
        if dry_run:
            content.dry_run = True
            transaction.set_rollback(True)
    if questions is not None and not dry_run:
        questions.lint = lint_questions(content.briefing)
    return Publication(content, questions, inspected)


def regenerate_after_edit(sender, *, briefing: Briefing, request=None, **kwargs) -> SyncOutcome:
    """Receiver of ``content_edited``: regenerate, and tell the editor what changed."""
    outcome = sync_quizzes(briefing=briefing)
    if request is not None:
        counts = ", ".join(f"{n} {name}" for name, n in outcome.counts().items() if n)
        messages.info(request, f"Quizzes of “{briefing}” regenerated: {counts}.")
    return outcome
