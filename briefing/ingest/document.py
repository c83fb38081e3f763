"""The dataclasses every stage of the ingest pipeline passes along.

Pure Python: no Django. A ``Document`` is what the parsers produce, what the
normaliser returns, what ``persist`` turns into rows, what the quiz generator
reads, and what ``Briefing.to_document()`` rebuilds from the database.
Positions are implicit (list order, 0-based) and are the only identity the
generator and the YAML format use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class TableShape(StrEnum):
    KEY_VALUE = "key_value"
    PARALLEL_LISTS = "parallel_lists"


class SourceFormat(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    MARKDOWN = "markdown"


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind: str = field(default="paragraph", init=False)


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    description: str


@dataclass(frozen=True, slots=True)
class TermList:
    terms: tuple[Term, ...]
    kind: str = field(default="term_list", init=False)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    shape: TableShape = TableShape.KEY_VALUE
    kind: str = field(default="table", init=False)


@dataclass(frozen=True, slots=True)
class Heading:
    """A sub-heading inside a lesson (``###`` and deeper; a lesson is a ``##`` section)."""

    text: str
    level: int = 3
    kind: str = field(default="heading", init=False)


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list item: its text and its nested items, in source order."""

    text: str
    items: tuple[ListItem, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemList:
    """A bulleted (``ordered=False``) or numbered list, nested to any depth.

    ``start`` is the number of a numbered list's first item: a list that
    resumes after a paragraph, table or code block keeps counting from where
    the source left off. Nested items are not numbered, so it has no meaning there.
    """

    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1
    kind: str = field(default="list", init=False)


@dataclass(frozen=True, slots=True)
class Code:
    """A fenced or indented code block, kept verbatim."""

    text: str
    language: str = ""
    kind: str = field(default="code", init=False)


Block = Paragraph | TermList | Table | Heading | ItemList | Code


@dataclass(frozen=True, slots=True)
class Lesson:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Document:
    title: str | None
    lessons: tuple[Lesson, ...]


@dataclass(frozen=True, slots=True)
class Sample:
    """One before/after example of a repair, for the cleaning report."""

    kind: str
    before: str
    after: str


@dataclass(slots=True)
class CleaningReport:
    """What the cleaner repaired: counts per kind of repair, a few samples, warnings.

    Kinds used: ``mojibake`` (ftfy and the invisible-character forms),
    ``missing_space``, ``capitalised``, ``ragged_row`` (a table row padded or
    trimmed to the header width), ``bom``, ``line_endings``.

    Markup reduced to text (``markup.py``, the Markdown parser):
    ``front_matter`` (keys dropped), ``template_tag`` (Liquid, ``{{ }}``, ERB),
    ``attribute_list`` (kramdown ``{:…}``, heading ids), ``html_reduced`` (tags
    removed or turned into line breaks), ``entity`` (HTML entities decoded),
    ``footnote_marker`` (``[^1]``, ``¹``, ``<sup>1</sup>`` removed),
    ``footnote_moved`` (footnotes gathered at the end of their lesson),
    ``image_without_text``, ``table_header_promoted`` (a bold first row made the
    header of a mostly empty one) and ``table_without_rule`` (pipe lines read as
    a table without a ``---|---`` rule).

    From the plain-text parser: ``table_split`` (a header row over a rule started a
    new table), ``heading_rejected`` (a heading-shaped line read as a sentence),
    ``front_matter`` (a first ``title:`` line), each with a warning naming its line.
    """

    counts: dict[str, int] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    max_samples_per_kind: int = 3

    def add(self, kind: str, count: int = 1, *, before: str = "", after: str = "") -> None:
        if count <= 0:
            return
        self.counts[kind] = self.counts.get(kind, 0) + count
        same_kind = sum(1 for sample in self.samples if sample.kind == kind)
        if before and same_kind < self.max_samples_per_kind:
            self.samples.append(Sample(kind, before, after))

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict:
        return {
            "counts": dict(sorted(self.counts.items())),
            "samples": [
                {"kind": s.kind, "before": s.before, "after": s.after} for s in self.samples
            ],
            "warnings": list(self.warnings),
        }


class IngestError(ValueError):
    """A document that cannot be imported, with a message a person understands.

    ``line`` is the 1-based line number of the source where the problem is,
    when there is one.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True, slots=True)
class IngestResult:
    document: Document
    report: CleaningReport
    format: SourceFormat
    language: str = "en"
    """The document's language, detected (ISO 639-1, see ``language.py``)."""
