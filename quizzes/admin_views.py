"""The admin's "Import a document" page: a preview of the whole import, then a confirmation.

The page belongs to ``quizzes`` because an import regenerates the questions
(``quizzes.publishing``); ``QuizAdmin.get_urls`` adds it to the admin site and
the briefing list links to it. The flow:

1. The form takes a file (plain text, Markdown or a YAML export) or pasted text,
   with a slug, a title, a language and a format.
2. *Preview* runs the whole import as a dry run and shows the cleaning report,
   the lessons and blocks it creates or changes (a diff against the stored
   briefing), and the questions it adds, keeps, flags and deactivates, with the
   learner answers each one touches. The source waits in the session; the page
   carries a signed token of its sha256 and of the stored briefing's state.
3. *Confirm* checks the token against the session and the briefing's state
   again, in the transaction that writes the import: if anything changed since
   the preview (an edit, another import), nothing is written and the new
   preview is shown instead.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from briefing.importing import SLUG_MAX_LENGTH
from briefing.ingest.document import IngestError, SourceFormat
from briefing.models import Briefing
from quizzes.import_preview import content_diff, content_state, state_digest
from quizzes.publishing import Publication, import_document, import_yaml

DRAFT_KEY = "quizzes.import_draft"  # the session entry holding the previewed source
TOKEN_SALT = "quizzes.import_document"
TOKEN_MAX_AGE = 60 * 60  # seconds a preview stays good for
YAML_SUFFIXES = (".yaml", ".yml")
YAML_START_RE = re.compile(r"\A\s*(?:#[^\n]*\n\s*)*version:\s*\d+\s*$", re.MULTILINE)
# Those the language detector knows; questions are written in English or French.
LANGUAGES = [
    ("", "Detect it (a re-import keeps the briefing's language)"),
    ("en", "English"),
    ("fr", "French"),
    ("de", "German"),
    ("es", "Spanish"),
    ("it", "Italian"),
    ("nl", "Dutch"),
    ("pt", "Portuguese"),
]
FORMATS = [
    ("auto", "Guess from the file name or the text"),
    ("markdown", "Markdown"),
    ("text", "Plain text"),
    ("yaml", "YAML export of a briefing"),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Document",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.yaml,.yml,text/*"}),
    )
    text = forms.CharField(
        label="Or paste its text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "spellcheck": "false"}),
    )
    slug = forms.SlugField(
        required=False,
        max_length=SLUG_MAX_LENGTH,
        help_text=(
            "The briefing's name in its address. Empty: taken from the file name (or from "
            "the title, for pasted text). The slug of an existing briefing re-imports it."
        ),
    )
    title = forms.CharField(
        required=False,
        max_length=Briefing._meta.get_field("title").max_length,
        help_text="Empty: the document's own title, else one made from the file name.",
    )
    language = forms.ChoiceField(
        choices=LANGUAGES,
        required=False,
        help_text="Questions are written in it (English and French have phrase books).",
    )
    format = forms.ChoiceField(choices=FORMATS, initial="auto")

    def __init__(self, *args, max_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["file"].help_text = (
            f"Plain text (.txt), Markdown (.md) or a YAML export (.yaml), "
            f"at most {max_bytes:,} bytes."
        )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError("Choose a file or paste a text, not both.")
        if not upload and not text.strip():
            raise forms.ValidationError("Choose a file, or paste the document's text.")
        if upload is not None and upload.size > self.max_bytes:
            self.add_error("file", f"The file is larger than the {self.max_bytes:,}-byte limit.")
        if text and len(text.encode()) > self.max_bytes:
            self.add_error("text", f"The text is larger than the {self.max_bytes:,}-byte limit.")
        if not upload and text.strip() and not (cleaned.get("slug") or cleaned.get("title")):
            self.add_error(
                "slug", "Give a slug (or a title): pasted text has no file name to take one from."
            )
        if self.errors:
            return cleaned
        if self.source_format() == "yaml":
            for name in ("title", "language"):
                if cleaned.get(name):
                    self.add_error(name, f"A YAML export names its own {name}: leave this empty.")
        return cleaned

    def source_format(self) -> str:
        """``auto`` resolved for YAML (by the file name, or pasted text starting ``version:``)."""
        chosen = self.cleaned_data.get("format") or "auto"
        if chosen != "auto":
            return chosen
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return "yaml" if upload.name.lower().endswith(YAML_SUFFIXES) else "auto"
        return "yaml" if YAML_START_RE.match(self.cleaned_data.get("text") or "") else "auto"

    def draft(self) -> Draft:
        data = self.cleaned_data
        upload = data["file"]
        if upload is not None:
            source, filename = upload.read(), upload.name
        else:
            source = data["text"].encode()
            filename = data["slug"] or slugify(data["title"])[:SLUG_MAX_LENGTH]
        return Draft(
            source=source,
            filename=filename,
            slug=data["slug"],
            title=data["title"],
            language=data["language"],
            format=self.source_format(),
            pasted=upload is None,
        )


@dataclass
class Draft:
    """An import waiting for its confirmation: the source and the options it runs with."""

    source: bytes
    filename: str
    slug: str = ""
    title: str = ""
    language: str = ""
    format: str = "auto"
    pasted: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.source).hexdigest()

    @property
    def size(self) -> int:
        return len(self.source)

    def run(self, *, dry_run: bool, inspect=None) -> Publication:
        if self.format == "yaml":
            return import_yaml(
                source=self.source,
                filename=self.filename,
                slug=self.slug or None,
                dry_run=dry_run,
                inspect=inspect,
            )
        return import_document(
            source=self.source,
            filename=self.filename,
            slug=self.slug or None,
            title=self.title or None,
            language=self.language or None,
            source_format=SourceFormat(self.format),
            max_bytes=settings.IMPORT_MAX_BYTES,
            dry_run=dry_run,
            inspect=inspect,
        )

    def to_session(self) -> dict:
        fields = {
            "filename": self.filename,
            "slug": self.slug,
            "title": self.title,
            "language": self.language,
            "format": self.format,
            "pasted": self.pasted,
        }
        return fields | {"source": base64.b64encode(self.source).decode("ascii")}

    @classmethod
    def from_session(cls, stored: dict) -> Draft:
        fields = dict(stored)
        return cls(source=base64.b64decode(fields.pop("source")), **fields)


@dataclass
class Preview:
    """What the import would do, as the page shows it."""

    draft: Draft
    publication: Publication
    slug: str
    state: str  # the stored briefing's state_digest when the preview was made
    lessons: list = field(default_factory=list)

    @property
    def content(self):
        return self.publication.content

    @property
    def questions(self):
        return self.publication.questions

    @property
    def token(self) -> str:
        return signing.dumps(
            {"source": self.draft.sha256, "state": self.state, "slug": self.slug},
            salt=TOKEN_SALT,
        )

    @property
    def language(self) -> str:
        code = self.publication.briefing.language
        return dict(LANGUAGES).get(code, code) if code else ""

    @property
    def changed_lessons(self) -> list:
        return [lesson for lesson in self.lessons if lesson.change != "same"]

    @property
    def unchanged_lessons(self) -> list:
        return [lesson for lesson in self.lessons if lesson.change == "same"]


def preview(draft: Draft) -> Preview:
    """Run the import as a dry run and diff what it wrote against what is stored."""
    publication = draft.run(dry_run=True, inspect=content_state)
    slug = publication.briefing.slug
    stored = Briefing.objects.filter(slug=slug).first()
    before = content_state(stored)
    after = before if publication.content.unchanged else publication.inspected
    return Preview(
        draft=draft,
        publication=publication,
        slug=slug,
        state=state_digest(stored),
        lessons=content_diff(before, after),
    )


class StalePreview(Exception):
    """The briefing changed between the preview and its confirmation."""


@transaction.atomic
def confirm(draft: Draft, *, slug: str, state: str) -> Publication:
    """Write the previewed import, if the briefing is as it was when previewed."""
    stored = Briefing.objects.select_for_update().filter(slug=slug).first()
    if state_digest(stored) != state:
        raise StalePreview
    publication = draft.run(dry_run=False)
    if publication.briefing.slug != slug:  # cannot happen: the same bytes name the same slug
        raise StalePreview
    return publication


def ingest_message(error: IngestError, draft: Draft) -> str:
    where = "the pasted text" if draft.pasted else draft.filename
    return (
        f"{where}, line {error.line}: {error.message}"
        if error.line
        else f"{where}: {error.message}"
    )


def may_import(request: HttpRequest, slug: str | None, *, created: bool) -> str | None:
    """Why this user may not write this import (None: they may)."""
    if created or request.user.has_perm("briefing.change_briefing"):
        return None
    return (
        f"A briefing with the slug “{slug}” exists, and you may add briefings but not "
        "change them: choose another slug."
    )


@require_http_methods(["GET", "POST"])
def import_document_view(request: HttpRequest, *, admin_site: admin.AdminSite) -> HttpResponse:
    """The import page: the form, its preview, and the confirmation (``action=confirm``)."""
    if not request.user.has_perm("briefing.add_briefing"):
        raise PermissionDenied
    max_bytes = settings.IMPORT_MAX_BYTES
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return confirm_view(request, admin_site)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        max_bytes=max_bytes,
    )
    shown = None
    if form.is_bound and form.is_valid():
        draft = form.draft()
        try:
            shown = preview(draft)
        except IngestError as error:
            form.add_error("text" if draft.pasted else "file", ingest_message(error, draft))
        else:
            refusal = may_import(request, shown.slug, created=shown.content.created)
            if refusal:
                form.add_error("slug", refusal)
                shown = None
            else:
                request.session[DRAFT_KEY] = draft.to_session()
    return render(request, admin_site, form=form, preview=shown)


def confirm_view(request: HttpRequest, admin_site: admin.AdminSite) -> HttpResponse:
    """Write the previewed import, or say why not and show the form or a fresh preview."""
    stored = request.session.get(DRAFT_KEY)
    try:
        token = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        draft = Draft.from_session(stored)
    except signing.SignatureExpired:
        return restart(request, admin_site, "This preview is over an hour old: preview it again.")
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        return restart(request, admin_site, "This preview is no longer available: preview again.")
    if draft.sha256 != token.get("source"):
        return restart(
            request,
            admin_site,
            "Another preview was made since this one (in another tab?): preview again.",
        )
    refusal = may_import(request, token["slug"], created=token["state"] == "absent")
    if refusal:
        raise PermissionDenied(refusal)
    try:
        publication = confirm(draft, slug=token["slug"], state=token["state"])
    except StalePreview:
        messages.warning(
            request,
            f"“{token['slug']}” changed since your preview (an edit or another import). "
            "Here is the preview again: confirm if it is still what you want.",
        )
        return render(request, admin_site, form=None, preview=preview(draft))
    except IngestError as error:
        return restart(request, admin_site, ingest_message(error, draft))
    request.session.pop(DRAFT_KEY, None)
    messages.success(request, summary(publication))
    briefing = publication.briefing
    return HttpResponseRedirect(reverse("admin:briefing_briefing_change", args=[briefing.pk]))


def restart(request: HttpRequest, admin_site: admin.AdminSite, message: str) -> HttpResponse:
    form = ImportForm(max_bytes=settings.IMPORT_MAX_BYTES)
    messages.error(request, message)
    return render(request, admin_site, form=form, preview=None)


def summary(publication: Publication) -> str:
    content, briefing = publication.content, publication.briefing
    if content.unchanged:
        return f"“{briefing.title}” is unchanged: the document is the one imported last."
    verb = "Imported" if content.created else "Updated"
    counts = ", ".join(f"{name}: {n}" for name, n in content.summary.items())
    text = f"{verb} “{briefing.title}” ({briefing.slug}): {counts}."
    if publication.questions is not None:
        changes = ", ".join(
            f"{name}: {n}" for name, n in publication.questions.counts().items() if n
        )
        text += f" Questions: {changes or 'none'}."
    return text


def render(
    request: HttpRequest, admin_site: admin.AdminSite, *, form, preview: Preview | None
) -> TemplateResponse:
    context = admin_site.each_context(request) | {
        "title": "Import a document",
        "form": form,
        "preview": preview,
        "opts": Briefing._meta,
        "max_bytes": settings.IMPORT_MAX_BYTES,
    }
    return TemplateResponse(request, "admin/quizzes/import_document.html", context)
