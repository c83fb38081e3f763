"""The plain-text dialect (DESIGN.md section 4): one block per line.

* The **title** is the first line when it reads as a title (the heading tests
  below) and the next line reads as a heading, so that the first line cannot
  be a lesson of its own. A first line ``title: …`` (front matter whose ``---``
  lines were lost) gives the title too: its text up to the next ``key:`` of
  lower-case letters, and the rest of that line is dropped and reported. Else
  ``Document.title`` is ``None`` and the importer names the briefing.
* A **heading** has the shape of one: a line of at most 120 characters that does
  not end in ``. ! ? : ; , …`` (closing quotes and brackets ignored), has no
  ``|``, is not a list item or a separator, contains a letter, and is followed
  by more text (blank lines between a heading and its text are allowed). It
  must also *read* like one: at most 12 words, no comma that ends a clause
  followed by more words, not opening like a scenario step (``Given``,
  ``When``, ``Then``) or a label (``Example:``, ``Note:``). A line with the
  shape that fails these reading tests is a paragraph, reported as
  ``heading_rejected`` with its line.
* A **list item** starts with ``-``, ``*``, ``+``, ``•`` (unordered) or
  ``1.``/``1)`` (ordered) and a space; consecutive items make one run (blank
  lines between them do not break it), nested by indentation (two spaces or
  more deeper than their parent). A run whose top-level items are more than
  half term-shaped (``Term: description``, ``**Term**: description``,
  ``**Term:** description``, ``Term — description``, ``Term – description``,
  ``Term - description``, ``Term -- description``, ``Term = description``,
  French ``**Terme** : description``, a term in backticks followed by ``-``)
  is a term list, its other items lists between the terms; any other run is a
  list (a new list where the marker changes between numbered and bulleted).
  A numbered list starts at the number of its first item (``ItemList.start``),
  so a list resuming at ``5.`` after a paragraph keeps counting from 5 (a
  list numbered from ``0.`` starts at 1: a start is a whole number from 1).
  A numbered line that holds the next numbers after a sentence end ("1. Plan.
  2. Build.") is split into its items, reported as ``list_items_split``.
* A line with a ``|`` followed by a rule line (``---|---``) starts a **table**;
  its rows are the following lines with a ``|``, up to the first line without
  one or the next header row over a ``---|---`` rule (a new table, reported as
  ``table_split``). A leading ``|`` is optional (a header with a leading ``|``
  and one cell fewer than its rule has an empty first cell), a trailing ``|``
  closes the row, ``\\|`` is a literal pipe.
* Lines of only ``-``, ``=``, ``*``, ``_`` or ``~`` (three or more) are
  separators and are skipped. Every other line is a **paragraph**.
* Text before the first heading becomes a first lesson titled "Introduction"
  (merged into the first lesson when that is itself titled "Introduction").
  A heading right under another heading (no text between) is a sub-heading
  (level 3) of that heading's lesson, reported as ``heading_nested``.

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
    ListItem,
    Paragraph,
    Table,
    Term,
    TermList,
)
from briefing.ingest.markup import clean_text, remove_attribute_lists, remove_template_tags
from briefing.ingest.normalise import MAX_LIST_DEPTH

PREAMBLE_TITLE = "Introduction"
MAX_HEADING_LENGTH = 120
MAX_TERM_LENGTH = 80
HEADING_FINAL_PUNCTUATION = ".!?:;,…"
TERM_FINAL_PUNCTUATION = ".!?,;"
CLOSERS = "\"'”’»)]"
MAX_WARNINGS = 50
MAX_HEADING_WORDS = 12
SUB_HEADING_LEVEL = 3
NEST_INDENT = 2
TAB_WIDTH = 4
# A comma before one of these words (and more words after it) ends a clause:
# "If the server fails, then restart it" is a sentence, not a heading.
CLAUSE_STARTERS = frozenset(
    {
        *("then", "when", "if", "so", "but", "which", "while", "where", "because"),
        *("although", "unless", "until", "otherwise", "there", "this", "these", "those"),
        *("i", "we", "you", "it", "they", "he", "she"),
    }
)
# Or this many words on each side of a comma: "As the U.S. transitions to a partnership, Iraq…".
CLAUSE_MIN_WORDS = 4
CLAUSE_COMMA_RE = re.compile(r",\s+(?=\S)")
SCENARIO_STEPS = frozenset({"given", "when", "then"})
LEADING_LABEL_RE = re.compile(
    r"^(?:examples?|notes?|nb|tips?|warning|caution|important|exemples?|remarques?)\s*:",
    re.IGNORECASE,
)
FRONT_MATTER_TITLE_RE = re.compile(r"^title\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
FRONT_MATTER_KEY_RE = re.compile(r"\s[a-z][a-z0-9_-]*:(?:\s|$)")

MARKUP_SIGN_RE = re.compile(r"[<&¹²³⁰-⁹]|\[\^|\[!")
LIST_ITEM_RE = re.compile(r"^(?P<marker>[-*+•]|\d{1,3}[.)])\s+(?P<body>\S.*)$")
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
# A numbered item's number after the end of a sentence ("1. Plan. 2. Build").
NEXT_NUMBER_RE = re.compile(r"(?<=[.!?)\]\"'”’»])\s+(?P<number>\d{1,12})[.)]\s+(?=\S)")

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


def heading_doubt(line: str) -> str | None:
    """Why a line with a heading's shape reads as a sentence instead, or ``None``."""
    words = line.split()
    if len(words) > MAX_HEADING_WORDS:
        return f"it has more than {MAX_HEADING_WORDS} words"
    first = words[0].strip(",").casefold()
    if first in SCENARIO_STEPS and (len(words) < 2 or words[1].casefold() != "to"):
        return f"it opens like a scenario step (“{words[0]}”)"
    label = LEADING_LABEL_RE.match(line.strip())
    if label:
        return f"it opens with a label (“{label.group(0)}”)"
    for clause in CLAUSE_COMMA_RE.finditer(line):
        before, after = line[: clause.start()].split(), line[clause.end() :].split()
        starts_clause = after[0].casefold() in CLAUSE_STARTERS and len(after) > 1
        if starts_clause or min(len(before), len(after)) >= CLAUSE_MIN_WORDS:
            return "a comma ends a clause and more words follow"
    return None


def reads_as_heading(line: str) -> bool:
    """A heading's shape and a heading's reading (also the test for a title line)."""
    return is_heading(line) and heading_doubt(line) is None


def _last_content_index(lines: list[str]) -> int:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index
    return -1


def _next_content_index(lines: list[str], start: int) -> int:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return len(lines)


def read_title(lines: list[str], report: CleaningReport) -> tuple[str | None, int]:
    """The document's title from its first line, and the index where its body starts."""
    first = _next_content_index(lines, 0)
    if first >= len(lines):
        return None, 0
    line = lines[first].strip()
    front_matter = FRONT_MATTER_TITLE_RE.match(line)
    if front_matter:
        rest = front_matter["rest"]
        key = FRONT_MATTER_KEY_RE.search(rest)
        title = (rest[: key.start()] if key else rest).strip()
        report.add("front_matter")
        dropped = f"; “{rest[key.start() :].strip()}” dropped" if key else ""
        warn(report, f"line {first + 1}: front matter line read as the title{dropped}")
        return title or None, first + 1
    second = _next_content_index(lines, first + 1)
    if (
        reads_as_heading(line)
        and second < _last_content_index(lines)
        and reads_as_heading(lines[second])
    ):
        return line, first + 1
    return None, 0


def starts_table(lines: list[str], index: int) -> bool:
    """``lines[index]`` is a header row: it has a ``|`` and a table rule follows it."""
    return (
        has_pipe(lines[index])
        and index + 1 < len(lines)
        and is_rule_after(lines[index], lines[index + 1])
    )


def split_header(line: str, rule: str) -> list[str]:
    """Header cells; a leading ``|`` is an empty first cell when the rule says so."""
    cells = split_row(line)
    if line.strip().startswith("|") and len(split_row(rule)) == len(cells) + 1:
        return ["", *cells]
    return cells


def _read_table(lines: list[str], start: int, builder: DocumentBuilder) -> int:
    """Read the table whose header is ``lines[start]``; return the index after it."""
    header = split_header(lines[start], lines[start + 1])
    check_rule(header, lines[start + 1], start + 2)
    rows = []
    index = start + 2
    while index < len(lines) and has_pipe(lines[index]):
        line = lines[index]
        if is_rule_like(line):
            index += 1
            continue
        if index + 1 < len(lines) and is_rule_like(lines[index + 1]):
            builder.report.add("table_split")
            warn(
                builder.report,
                f"line {index + 1}: a new table starts here (a header row over a ---|--- rule)",
            )
            break
        rows.append(fit_row(split_row(line), len(header), index + 1, builder.report))
        index += 1
    builder.add_table(header, rows, start + 1)
    return index


@dataclass
class ItemLine:
    """One list line of the source: its text without the marker, and where it sits."""

    text: str
    indent: int
    ordered: bool
    number: int = 1
    children: list[ItemLine] = field(default_factory=list)
    line: int = 0


def split_numbered(number: int, body: str) -> list[str]:
    """The items of a numbered line that holds the next ones too ("1. A. 2. B. 3. C").

    The next number must follow the end of a sentence or a bracket, so that
    "1. Set it to 2. Then restart" stays one item.
    """
    parts = []
    position = search_from = 0
    while match := NEXT_NUMBER_RE.search(body, search_from):
        if int(match["number"]) != number + 1:
            search_from = match.start() + 1
            continue
        parts.append(body[position : match.start()])
        position = search_from = match.end()
        number += 1
    return [*parts, body[position:]]


def _read_items(lines: list[str], start: int, report: CleaningReport) -> tuple[list[ItemLine], int]:
    """The run of list lines from ``start`` (blank lines and separators inside it skipped)."""
    items = []
    index = start
    while index < len(lines):
        raw = lines[index].expandtabs(TAB_WIDTH)
        stripped = raw.strip()
        if not stripped or SEPARATOR_RE.fullmatch(stripped):
            index += 1
            continue
        match = LIST_ITEM_RE.match(stripped)
        if match is None or starts_table(lines, index):
            break
        indent = len(raw) - len(raw.lstrip())
        marker = match["marker"]
        if not marker[0].isdigit():
            items.append(ItemLine(match["body"], indent, ordered=False, line=index + 1))
            index += 1
            continue
        number = int(marker[:-1])
        bodies = split_numbered(number, match["body"])
        if len(bodies) > 1:
            report.add("list_items_split", len(bodies) - 1)
            warn(report, f"line {index + 1}: one line held {len(bodies)} numbered items; split")
        items.extend(
            ItemLine(body, indent, ordered=True, number=number + offset, line=index + 1)
            for offset, body in enumerate(bodies)
        )
        index += 1
    return items, index


def nest_items(items: list[ItemLine], report: CleaningReport | None = None) -> list[ItemLine]:
    """Put each item under the nearest item before it indented at least two spaces less.

    No deeper than ``MAX_LIST_DEPTH``: an item indented deeper still is kept as
    the next item of that depth (``list_flattened``, with a warning).
    """
    roots: list[ItemLine] = []
    stack: list[ItemLine] = []
    flattened = 0
    for item in items:
        while stack and item.indent < stack[-1].indent + NEST_INDENT:
            stack.pop()
        if len(stack) >= MAX_LIST_DEPTH:
            stack.pop()
            flattened += 1
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    if flattened and report is not None:
        report.add("list_flattened", flattened)
        warn(
            report,
            f"line {items[0].line}: a list nests more than {MAX_LIST_DEPTH} levels deep; "
            f"{flattened} deeper items kept at level {MAX_LIST_DEPTH}",
        )
    return roots


def list_blocks(items: list[ItemLine]) -> list[Block]:
    """A term list when more than half of the items are terms, else lists."""
    terms = [split_term(item.text) for item in items]
    if 2 * sum(term is not None for term in terms) <= len(items):
        return _item_lists(items)
    blocks: list[Block] = []
    run_terms: list[Term] = []
    run_items: list[ItemLine] = []

    def flush() -> None:
        if run_terms:
            blocks.append(TermList(tuple(run_terms)))
            run_terms.clear()
        if run_items:
            blocks.extend(_item_lists(run_items))
            run_items.clear()

    for item, term in zip(items, terms, strict=True):
        if term is None:
            if run_terms:
                flush()
            run_items.append(item)
            continue
        if run_items:
            flush()
        run_terms.append(term)
        if item.children:
            flush()
            blocks.extend(list_blocks(item.children))
    flush()
    return blocks


def _item_lists(items: list[ItemLine]) -> list[ItemList]:
    """One list per run of numbered or of bulleted items; a numbered one starts at
    its first item's number."""
    runs: list[list[ItemLine]] = []
    for item in items:
        if not runs or runs[-1][0].ordered != item.ordered:
            runs.append([])
        runs[-1].append(item)
    return [
        ItemList(
            tuple(_list_item(item) for item in run),
            ordered=run[0].ordered,
            start=max(run[0].number, 1) if run[0].ordered else 1,
        )
        for run in runs
    ]


def _list_item(item: ItemLine) -> ListItem:
    return ListItem(item.text, tuple(_list_item(child) for child in item.children))


def _add_heading(builder: DocumentBuilder, line: str, number: int) -> None:
    """A heading starts a lesson, unless it follows its lesson's heading with no text
    between: then it is a sub-heading of that lesson ("Quick Reference" over "Common
    Commands"), so that neither heading is lost."""
    lesson = builder.lessons[-1] if builder.lessons else None
    if lesson is None or lesson.blocks or builder.terms:
        builder.start_lesson(line, number)
        return
    builder.report.add("heading_nested")
    warn(
        builder.report,
        f"line {number}: “{line}” follows the heading “{lesson.title}” with no text between; "
        "kept as a sub-heading of that lesson",
    )
    builder.add_heading(line, SUB_HEADING_LEVEL)


def _reduce_markup(text: str, report: CleaningReport) -> str:
    """Template tags, attribute lists, HTML, entities and footnote marks reduced to text,
    as in Markdown (``markup.py``); each line keeps its place and its indentation."""
    text = remove_attribute_lists(remove_template_tags(text, report), report)
    lines = []
    for line in text.split("\n"):
        body = line.lstrip()
        if MARKUP_SIGN_RE.search(body):
            body = " ".join(clean_text(body, report).split("\n"))
        lines.append(line[: len(line) - len(line.lstrip())] + body)
    return "\n".join(lines)


def parse_plaintext(text: str) -> tuple[Document, CleaningReport]:
    """Parse repaired plain text into a ``Document``."""
    builder = DocumentBuilder()
    lines = _reduce_markup(text, builder.report).split("\n")
    last_content = _last_content_index(lines)
    title, index = read_title(lines, builder.report)
    while index < len(lines):
        line = lines[index].strip()
        if not line or SEPARATOR_RE.fullmatch(line):
            index += 1
            continue
        if is_rule_like(line):
            raise IngestError("table rule without a header row above it", line=index + 1)
        if starts_table(lines, index):
            index = _read_table(lines, index, builder)
            continue
        if LIST_ITEM_RE.match(line):
            items, index = _read_items(lines, index, builder.report)
            for block in list_blocks(nest_items(items, builder.report)):
                builder.add(block)
            continue
        if is_heading(line) and index < last_content:
            doubt = heading_doubt(line)
            if doubt is None:
                _add_heading(builder, line, index + 1)
            else:
                builder.report.add("heading_rejected")
                warn(builder.report, f"line {index + 1}: “{line}” kept as text: {doubt}")
                builder.add_paragraph(line)
        else:
            builder.add_paragraph(line)
        index += 1
    return builder.build(title, no_heading=NO_HEADING), builder.report
