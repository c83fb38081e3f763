"""Turn the bytes of a briefing into a clean ``Document``: pure Python, no Django.

``ingest`` runs the whole pipeline of DESIGN.md section 4:
size check → decode → repair text → parse (plain text or Markdown) → normalise
structure → detect the language. It raises only ``IngestError``, whose message
a person can act on.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from briefing.ingest.document import (
    Block,
    CleaningReport,
    Code,
    Document,
    Heading,
    IngestError,
    IngestResult,
    ItemList,
    Lesson,
    ListItem,
    Paragraph,
    Sample,
    SourceFormat,
    Table,
    TableShape,
    Term,
    TermList,
)
from briefing.ingest.language import detect_language
from briefing.ingest.markdown import parse_markdown
from briefing.ingest.normalise import normalise
from briefing.ingest.plaintext import parse_plaintext
from briefing.ingest.repair import check_size, decode, merge_reports, repair

DEFAULT_MAX_BYTES = 5_000_000
# A briefing holds at most this many blocks, table rows, terms and list items. Each
# becomes rows in the database and a place questions are generated from; the seed
# repeated to 5 MB has about 25,000. A file of one-word lines is 250,000 blocks a
# megabyte: refused before it is stored, not stored for a minute and 500 MB.
MAX_PARTS = 50_000
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"})
MARKDOWN_SIGNS_RE = re.compile(r"^(?:#{1,6}[ \t]+\S|\*\*)", re.MULTILINE)


def detect_format(text: str, filename: str = "") -> SourceFormat:
    """By the file name's suffix, else Markdown when a line starts with ``# `` or ``**``."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix in MARKDOWN_SUFFIXES:
        return SourceFormat.MARKDOWN
    if suffix in TEXT_SUFFIXES:
        return SourceFormat.TEXT
    if MARKDOWN_SIGNS_RE.search(text):
        return SourceFormat.MARKDOWN
    return SourceFormat.TEXT


def ingest(
    raw: bytes,
    *,
    source_format: SourceFormat = SourceFormat.AUTO,
    filename: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestResult:
    """Clean and parse one source file into a ``Document`` and its cleaning report."""
    check_size(raw, max_bytes)
    text, report = decode(raw)
    if not text.strip():
        raise IngestError("the document contains only whitespace")
    text, repair_report = repair(text)
    merge_reports(report, repair_report)
    if not text.strip():
        raise IngestError("the document has no text left once invisible characters are removed")
    if source_format is SourceFormat.AUTO:
        source_format = detect_format(text, filename)
    parse = parse_markdown if source_format is SourceFormat.MARKDOWN else parse_plaintext
    document, parse_report = parse(text)
    merge_reports(report, parse_report)
    document, normalise_report = normalise(document)
    merge_reports(report, normalise_report)
    check_parts(document)
    return IngestResult(document, report, source_format, detect_language(document))


def count_parts(document: Document) -> int:
    """Blocks, table rows, terms and list items (at every depth) of a document."""
    parts = 0
    for lesson in document.lessons:
        for block in lesson.blocks:
            parts += 1
            if isinstance(block, Table):
                parts += len(block.rows)
            elif isinstance(block, TermList):
                parts += len(block.terms)
            elif isinstance(block, ItemList):
                pending = list(block.items)
                while pending:
                    parts += 1
                    pending.extend(pending.pop().items)
    return parts


def check_parts(document: Document) -> None:
    """Refuse a document of more than ``MAX_PARTS`` blocks, rows, terms and list items."""
    parts = count_parts(document)
    if parts > MAX_PARTS:
        raise IngestError(
            f"the document has {parts:,} blocks, table rows, terms and list items; "
            f"a briefing holds at most {MAX_PARTS:,}: split it into several briefings"
        )


__all__ = [
    "Block",
    "CleaningReport",
    "Code",
    "Document",
    "Heading",
    "IngestError",
    "IngestResult",
    "ItemList",
    "Lesson",
    "ListItem",
    "Paragraph",
    "Sample",
    "SourceFormat",
    "Table",
    "TableShape",
    "Term",
    "TermList",
    "check_parts",
    "detect_format",
    "detect_language",
    "ingest",
]
