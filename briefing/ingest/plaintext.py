"""The plain-text dialect (DESIGN.md section 4): one block per line.

* A **heading** is a line of at most 120 characters that does not end in
  ``. ! ? : ; , …`` (closing quotes and brackets ignored), has no ``|``, is not a
  list item or a separator, contains a letter, and is followed by more text.
  Blank lines between a heading and its text are allowed, so documents that
  separate blocks with blank lines work too.
* A **list item** starts with ``-``, ``*``, ``+``, ``•`` or ``1.``/``1)`` and a
  space. An item with a term separator (``Term: description``,
  ``**Term**: description``, ``**Term:** description``, ``Term — description``,
  ``Term – description``, ``Term - description``, ``Term -- description``,
  ``Term = description``, French ``**Terme** : description`` with a space or
  no-break space before the colon, a term in backticks followed by ``-``) is a
  term; consecutive terms form one term list (blank lines between them do not
  break it). An item without a separator becomes a
  paragraph of its text, without the marker.
* A line with a ``|`` followed by a rule line (``---|---``) starts a **table**;
  its rows are the following lines with a ``|``, up to the first line without
  one. A leading ``|`` is optional, a trailing ``|`` closes the row, ``\\|`` is a
  literal pipe.
* Lines of only ``-``, ``=``, ``*``, ``_`` or ``~`` (three or more) are
  separators and are skipped. Every other line is a **paragraph**.
* Text before the first heading becomes a first lesson titled "Introduction"
  (merged into the first lesson when that is itself titled "Introduction").
  A heading with nothing under it is skipped with a warning.
* Plain text has no title line: ``Document.title`` is ``None``.

The helpers for terms, table rows and lesson assembly are shared with the
Markdown parser, so both formats make the same blocks from the same content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.ingest.document import (
    Block,
    CleaningReport,
    Code,
    Document,
    Heading,
    IngestError,
    ItemList,
    Lesson,
    Paragraph,
    Table,
    Term,
    TermList,
)

PREAMBLE_TITLE = "Introduction"
MAX_HEADING_LENGTH = 120
MAX_TERM_LENGTH = 80
HEADING_FINAL_PUNCTUATION = ".!?:;,…"
TERM_FINAL_PUNCTUATION = ".!?,;"
CLOSERS = "\"'”’»)]"
MAX_WARNINGS = 50

LIST_ITEM_RE = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+(?P<body>\S.*)$")
SEPARATOR_RE = re.compile(r"^(?:[-=*_~]\s*){3,}$")
PIPE_RE = re.compile(r"(?<!\\)\|")
RULE_CHARS_RE = re.compile(r"[\s|:-]+")
DASH_RULE_RE = re.compile(r"\s*:?-{3,}:?\s*")
RULE_CELL_RE = re.compile(r":?-+:?")
BOLD_TERM_RES = (
    re.compile(r"^\*\*(?P<term>[^*]+?):\*\*\s+(?P<desc>\S.*)$"),
    re.compile(r"^\*\*(?P<term>[^*]+?)\*\*(?:\s*:|\s+(?:[—–=]|--?))\s+(?P<desc>\S.*)$"),
    re.compile(r"^`(?P<term>[^`]+?)`(?:\s*:|\s+(?:[—–=]|--?))\s+(?P<desc>\S.*)$"),
)
TERM_SEPARATOR_RE = re.compile(r":\s+|\s+(?:[—–=]|--?)\s+")

NO_HEADING = (
    "no heading found: a plain-text briefing needs at least one heading, a short line "
    "without final punctuation followed by its text"
)


def split_term(text: str) -> Term | None:
    """A ``Term`` when a list item's text is ``Term: description`` (or a variant)."""
    for pattern in BOLD_TERM_RES:
        match = pattern.match(text)
        if match:
            return _valid_term(match["term"], match["desc"])
    match = TERM_SEPARATOR_RE.search(text)
    if match is None:
        return None
    return _valid_term(text[: match.start()], text[match.end() :])


def _valid_term(term: str, description: str) -> Term | None:
    term, description = term.strip(), description.strip()
    if not term or not description or len(term) > MAX_TERM_LENGTH:
        return None
    if term[-1] in TERM_FINAL_PUNCTUATION or not any(char.isalpha() for char in term):
        return None
    return Term(term, description)


def has_pipe(line: str) -> bool:
    return PIPE_RE.search(line) is not None


def split_row(line: str) -> list[str]:
    """Cells of a table line: optional leading ``|``, closing trailing ``|``, ``\\|`` escapes."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [cell.strip().replace("\\|", "|") for cell in PIPE_RE.split(stripped)]


def is_rule_like(line: str) -> bool:
    """Looks like a table rule (only dashes, colons, pipes, spaces), valid or not."""
    stripped = line.strip()
    return "|" in stripped and "-" in stripped and RULE_CHARS_RE.fullmatch(stripped) is not None


def is_rule_after(previous: str, line: str) -> bool:
    """``line`` is meant as the rule of a table whose header is ``previous``."""
    if not has_pipe(previous):
        return False
    return is_rule_like(line) or DASH_RULE_RE.fullmatch(line) is not None


def check_rule(header: list[str], rule: str, line: int) -> None:
    """Raise ``IngestError`` unless ``rule`` is a valid rule for ``header``."""
    cells = split_row(rule)
    if any(RULE_CELL_RE.fullmatch(cell) is None for cell in cells):
        raise IngestError(
            f"malformed table rule “{rule.strip()}”: every column needs dashes, as in ---|---",
            line=line,
        )
    if len(cells) != len(header):
        raise IngestError(
            f"the table rule has {_columns(len(cells))} but the header row above it "
            f"has {_columns(len(header))}",
            line=line,
        )


def _columns(count: int) -> str:
    return f"{count} column" if count == 1 else f"{count} columns"


def warn(report: CleaningReport, message: str) -> None:
    """Add a warning, keeping at most ``MAX_WARNINGS`` and counting the rest."""
    if len(report.warnings) < MAX_WARNINGS:
        report.warn(message)
    else:
        report.add("warnings_not_shown")


def fit_row(cells: list[str], width: int, line: int, report: CleaningReport) -> tuple[str, ...]:
    """Pad a short row, or fold extra cells into the last column, with a warning."""
    if len(cells) == width:
        return tuple(cells)
    report.add("ragged_row")
    if len(cells) < width:
        warn(
            report,
            f"line {line}: table row has {len(cells)} of {_columns(width)}; "
            "padded with empty cells",
        )
        return (*cells, *[""] * (width - len(cells)))
    extra = [cell for cell in cells[width:] if cell]
    if not extra:
        warn(report, f"line {line}: empty cells after the last column dropped")
        return tuple(cells[:width])
    warn(
        report,
        f"line {line}: table row has {len(cells)} cells for {_columns(width)}; "
        "the extra cells were joined into the last column",
    )
    last = " | ".join(cell for cell in [cells[width - 1], *extra] if cell)
    return (*cells[: width - 1], last)


@dataclass
class LessonDraft:
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class DocumentBuilder:
    """Collects blocks under headings; both parsers use it to assemble a ``Document``."""

    report: CleaningReport = field(default_factory=CleaningReport)
    preamble: list[Block] = field(default_factory=list)
    lessons: list[LessonDraft] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)

    def start_lesson(self, title: str, line: int) -> None:
        self._flush_terms()
        self.lessons.append(LessonDraft(title.strip(), line))

    def add(self, block: Block) -> None:
        self._flush_terms()
        self._blocks.append(block)

    def add_paragraph(self, text: str) -> None:
        if text.strip():
            self.add(Paragraph(text.strip()))

    def add_item(self, text: str) -> None:
        """A list item: a term of the open term list, or a paragraph."""
        term = split_term(text)
        if term is None:
            self.add_paragraph(text)
        else:
            self.terms.append(term)

    def end_list(self) -> None:
        self._flush_terms()

    def add_heading(self, text: str, level: int) -> None:
        if text.strip():
            self.add(Heading(text.strip(), level))

    def add_list(self, item_list: ItemList) -> None:
        if item_list.items:
            self.add(item_list)

    def add_code(self, text: str, language: str = "") -> None:
        if text.strip():
            self.add(Code(text.rstrip("\n"), language.strip()))

    def add_to_lesson(self, position: int, block: Block) -> None:
        """Append ``block`` to the lesson at ``position`` (``-1``: the text before any)."""
        self._flush_terms()
        target = self.lessons[position].blocks if position >= 0 else self.preamble
        target.append(block)

    def add_table(self, header: list[str], rows: list[tuple[str, ...]], line: int) -> None:
        rows = [row for row in rows if any(cell for cell in row)]
        if not rows:
            warn(self.report, f"line {line}: table has a header but no rows; skipped")
            return
        self.add(Table(tuple(header), tuple(rows)))

    @property
    def _blocks(self) -> list[Block]:
        return self.lessons[-1].blocks if self.lessons else self.preamble

    def _flush_terms(self) -> None:
        if self.terms:
            self._blocks.append(TermList(tuple(self.terms)))
            self.terms = []

    def build(self, title: str | None, *, no_heading: str) -> Document:
        self._flush_terms()
        if not self.lessons:
            raise IngestError(no_heading)
        drafts = list(self.lessons)
        if self.preamble:
            if drafts[0].title.casefold() == PREAMBLE_TITLE.casefold():
                drafts[0] = LessonDraft(
                    drafts[0].title, drafts[0].line, self.preamble + drafts[0].blocks
                )
            else:
                drafts.insert(0, LessonDraft(PREAMBLE_TITLE, 1, self.preamble))
        lessons = []
        for draft in drafts:
            if draft.blocks:
                lessons.append(Lesson(draft.title, tuple(draft.blocks)))
            else:
                warn(
                    self.report,
                    f"line {draft.line}: heading “{draft.title}” has no text under it; skipped",
                )
        if not lessons:
            raise IngestError("no heading has any text under it", line=drafts[0].line)
        return Document(title, tuple(lessons))


def is_heading(line: str) -> bool:
    """The shape of a heading line; whether text follows is checked by the caller."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_HEADING_LENGTH or "|" in stripped:
        return False
    if LIST_ITEM_RE.match(stripped) or SEPARATOR_RE.fullmatch(stripped):
        return False
    core = stripped.rstrip(CLOSERS)
    if not core or core[-1] in HEADING_FINAL_PUNCTUATION:
        return False
    return any(char.isalpha() for char in stripped)


def _last_content_index(lines: list[str]) -> int:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index
    return -1


def _read_table(lines: list[str], start: int, builder: DocumentBuilder) -> int:
    """Read the table whose header is ``lines[start]``; return the index after it."""
    header = split_row(lines[start])
    check_rule(header, lines[start + 1], start + 2)
    rows = []
    index = start + 2
    while index < len(lines) and has_pipe(lines[index]):
        line = lines[index]
        if not is_rule_like(line):
            rows.append(fit_row(split_row(line), len(header), index + 1, builder.report))
        index += 1
    builder.add_table(header, rows, start + 1)
    return index


def parse_plaintext(text: str) -> tuple[Document, CleaningReport]:
    """Parse repaired plain text into a ``Document`` (title ``None``)."""
    lines = text.split("\n")
    last_content = _last_content_index(lines)
    builder = DocumentBuilder()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line or SEPARATOR_RE.fullmatch(line):
            index += 1
            continue
        if is_rule_like(line):
            raise IngestError("table rule without a header row above it", line=index + 1)
        if has_pipe(line) and index + 1 < len(lines) and is_rule_after(line, lines[index + 1]):
            index = _read_table(lines, index, builder)
            continue
        item = LIST_ITEM_RE.match(line)
        if item:
            builder.add_item(item["body"])
        elif is_heading(line) and index < last_content:
            builder.start_lesson(line, index + 1)
        else:
            builder.add_paragraph(line)
        index += 1
    return builder.build(None, no_heading=NO_HEADING), builder.report
