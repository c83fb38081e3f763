"""Small hand-written builders for test data (no fixtures files for tests)."""

from __future__ import annotations

from pathlib import Path

from briefing.forms import items_to_outline
from briefing.importing import ImportOutcome, apply_document
from briefing.ingest.document import (
    Code,
    Document,
    Heading,
    ItemList,
    Lesson,
    ListItem,
    Paragraph,
    Table,
    Term,
    TermList,
)
from briefing.models import Briefing, list_items_from_json
from quizzes.publishing import import_document
from quizzes.sync import sync_quizzes

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "fixtures" / "000_37c95f02dd4935a7.txt"
SEED_SLUG = "us-iraq-security-partnership"
SEED_TITLE = "From Operation Inherent Resolve to a U.S.-Iraq Bilateral Security Partnership"

SMALL_DOCUMENT = """\
Alliance Basics
The alliance rests on three pillars,and each has a lead agency.The pillars are listed below:
- Deterrence: Keeping adversaries from acting through credible defence.
- Resilience: Recovering quickly from shocks to infrastructure.
Pillar | Lead Agency |
---|---|
Deterrence | Ministry of Defence |
Resilience | Civil Protection Office |
Łódź Office
The château in São Paulo hosts a naïve exhibit at 3,5 M€ — open at 20 °C.
"""


def make_document(**kwargs) -> Document:
    """A small briefing with every kind of block, nested list items and line breaks.

    Built as dataclasses, not parsed, so that these tests do not depend on the parsers.
    """
    kwargs.setdefault("title", "Field Manual")
    kwargs.setdefault(
        "lessons",
        (
            Lesson(
                "Getting Started",
                (
                    Paragraph("Read this first.\nThen read the rest."),
                    Heading("Before You Begin", 3),
                    ItemList(
                        (
                            ListItem("Install the tools"),
                            ListItem(
                                "Configure the account",
                                (ListItem("Choose a name"), ListItem("Set a <script> password")),
                            ),
                            ListItem("Run the checks"),
                        ),
                        ordered=True,
                    ),
                    Heading("Deeper Detail", 5),
                    Code("make check\nmake run", "shell"),
                ),
            ),
            Lesson(
                "Reference",
                (
                    TermList(
                        (
                            Term("Runbook", "Steps for an incident.\nKept up to date."),
                            Term("Rota", "Who is on call this week."),
                        )
                    ),
                    Table(
                        ("Role", "Duty"),
                        (("Lead", "Decides\nand reports"), ("Scribe", "Keeps the log")),
                    ),
                    ItemList((ListItem("Plain bullet"), ListItem("Another bullet"))),
                ),
            ),
        ),
    )
    return Document(**kwargs)


def persist_document(document: Document, briefing: Briefing | None = None) -> ImportOutcome:
    """Store a ``Document`` as the importer does (a new briefing, or over ``briefing``)."""
    created = briefing is None
    if created:
        briefing = Briefing.objects.create(slug="field-manual", title=document.title or "Untitled")
    outcome = ImportOutcome(briefing, created=created)
    apply_document(briefing, document, outcome=outcome)
    sync_quizzes(briefing=briefing)
    return outcome


def make_source(**kwargs: str) -> str:
    """A small plain-text briefing; override ``text`` to replace it entirely."""
    kwargs.setdefault("text", SMALL_DOCUMENT)
    return kwargs["text"]


def import_text(text: str, **kwargs) -> Briefing:
    kwargs.setdefault("filename", "small.txt")
    kwargs.setdefault("slug", "small")
    return import_document(source=text.encode(), **kwargs).briefing


def import_seed() -> Briefing:
    return import_document(
        source=SEED_PATH.read_bytes(),
        filename=SEED_PATH.name,
        slug=SEED_SLUG,
        title=SEED_TITLE,
    ).briefing


def briefing_change_data(briefing: Briefing) -> dict:
    """The POST data of a Briefing's admin change page, as the page shows it."""
    lessons = list(briefing.lessons.order_by("position"))
    data = {
        "title": briefing.title,
        "slug": briefing.slug,
        "language": briefing.language,
        "lessons-TOTAL_FORMS": len(lessons),
        "lessons-INITIAL_FORMS": len(lessons),
        "lessons-MIN_NUM_FORMS": 0,
        "lessons-MAX_NUM_FORMS": 1000,
    }
    if briefing.published:
        data["published"] = "on"
    for index, lesson in enumerate(lessons):
        fields = {"id": lesson.pk, "briefing": briefing.pk, "position": lesson.position}
        fields |= {"title": lesson.title, "slug": lesson.slug}
        data |= {f"lessons-{index}-{name}": value for name, value in fields.items()}
    return data


def block_change_data(block) -> dict:
    """The POST data of a Block's admin change page, as the page shows it (one field per cell)."""
    data = {
        "lesson": block.lesson_id,
        "position": block.position,
        "kind": block.kind,
        "text": block.text,
        "shape": block.shape,
        "level": block.level or "",
        "language": block.language,
        "items": items_to_outline(list_items_from_json(block.items)),
        "start": block.start,
    }
    if block.ordered:
        data["ordered"] = "on"
    data |= {f"header_{column}": cell for column, cell in enumerate(block.header or ["", ""])}
    if block.kind == "table":
        prefix, children = "rows", list(block.rows.all())
    else:
        prefix, children = "terms", list(block.terms.all())
    data |= {
        f"{prefix}-TOTAL_FORMS": len(children),
        f"{prefix}-INITIAL_FORMS": len(children),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, child in enumerate(children):
        fields = (
            {f"cells_{column}": cell for column, cell in enumerate(child.cells)}
            if prefix == "rows"
            else {"term": child.term, "description": child.description}
        )
        fields |= {"id": child.pk, "block": block.pk, "position": child.position}
        data |= {f"{prefix}-{index}-{name}": value for name, value in fields.items()}
    return data
