"""Markdown (CommonMark + GFM tables + footnotes, via markdown-it-py) into the same ``Document``.

Before parsing, ``markup`` removes the front matter, template tags and
attribute lists (keeping line numbers). Then:

* **Title and lessons.** When the document has ``##`` headings, the first ``#``
  heading before them is the title and the ``##`` headings (and any other ``#``)
  are lessons. Without ``##``: several ``#`` headings are all lessons (no title);
  a single ``#`` heading is the title and also names the one lesson. Without
  ``#`` or ``##``, the highest heading level present makes the lessons.
  The front matter ``title`` is the title when there is no ``#`` title or the
  ``#`` heading is empty once its template tags are removed
  (``# <%= current_page.data.title %>``); a real ``#`` heading wins. A document
  with no heading at all but a front matter title is one lesson of that name.
  A lesson heading that is empty once its markup is removed starts no lesson
  (its text stays in the lesson before), with a warning.
* **Deeper headings** (``###`` and below under the lesson level) are
  ``Heading`` blocks with their source level.
* **Lists** are ``ItemList`` blocks, nested to any depth, in source order. The
  paragraphs of an item before its nested list are its text (joined by a
  space); a paragraph after a nested list becomes one more nested item, so it
  stays after the list it follows. Inside an item, paragraphs written
  ``a. text`` (lettered sub-items, which CommonMark does not know) are nested
  items, and a list right after one is nested under it. A table, code block
  or HTML block inside a list ends the list there: the list so far, the block,
  then a new list carrying on (its open items continue as items without text).
  A numbered list keeps its source numbering in ``ItemList.start``: the first
  item's number (``5.`` after a paragraph starts at 5), and a list carrying on
  after a block starts at the number of the item it continues (or the next one,
  when that item's text after the block became a paragraph). A list numbered
  from ``0.`` starts at 1.
* **Term lists.** A list without nesting whose items are more than half
  ``Term: description`` (``plaintext.split_term``) is a term list; its runs of
  plain items stay lists between the term lists, in order. A list with nested
  items is always an ``ItemList`` (its items keep their full text).
* **Code** (fenced or indented) is a ``Code`` block, verbatim, with the first
  word of the info string as its language.
* **Inline markup** is reduced to plain text: emphasis and code lose their
  markers, links keep their text, images their alt text, ``<br>`` and hard
  breaks become line breaks, other inline HTML its text (``markup.html_to_text``).
  A paragraph of images without alt text becomes ``Image: name`` and is
  reported (``image_without_text``), so an image-only section is not lost.
* **Footnotes** (``[^1]``, and paragraphs written ``¹ text``, as in a
  ``> ¹ …`` block) are removed from the text and their text becomes one
  paragraph, ``Notes:`` and one line per footnote, at the end of the lesson
  that first refers to them (``footnote_moved``). A definition nothing refers
  to goes to the last lesson, with a warning.
* **Tables** follow GFM: ``\\|`` is a literal pipe; a row with fewer cells is
  padded and one with more has its extra cells joined into the last column (GFM
  would drop them), both with a warning naming the line. A header row whose
  cells are mostly empty over a first row whose cells are all bold: that row is
  the header (``table_header_promoted``, with a warning). An empty top-left
  header cell alone changes nothing, and rows whose first cell is empty
  (continuation rows) stay rows as written: no key is invented for them. A
  paragraph of two or more lines that all start with ``|`` is a table written
  without its ``---|---`` rule: its first line is the header (with a warning).
* Block quotes are unwrapped; GitHub alert markers (``> [!NOTE]``) become
  ``Note:``; HTML blocks are reduced to their text (paragraphs at blank lines);
  thematic breaks are ignored.
* Text before the first lesson heading becomes a lesson titled "Introduction".
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from briefing.ingest.document import (
    CleaningReport,
    Document,
    IngestError,
    ItemList,
    ListItem,
    Paragraph,
)
from briefing.ingest.markup import (
    ENTITY_RE,
    clean_text,
    defined_footnotes,
    footnote_definition,
    html_to_text,
    remove_attribute_lists,
    remove_template_tags,
    split_front_matter,
)
from briefing.ingest.plaintext import (
    DocumentBuilder,
    check_rule,
    fit_row,
    is_rule_after,
    split_row,
    split_term,
    warn,
)

# Blocks nest (quotes, lists: two levels each) up to this depth; markdown-it drops what
# is deeper without a word, so ``run`` warns when a document reaches it.
MAX_NESTING = 100
# Block quotes deeper than this are read at this depth (quotes are unwrapped anyway),
# so that no text of a deeply quoted document is lost to ``MAX_NESTING``.
MAX_QUOTE_DEPTH = 20
# markdown-it-py spends 10 to 50 µs on each of these (a link label scanned, an emphasis
# delimiter balanced): a document of nothing else would take minutes. The corpus
# has under 2 per 100 characters, so this allows 5 % of a document at the size limit.
MAX_DELIMITERS = 250_000
DELIMITERS = "[*_"
PARSER = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").use(footnote_plugin)
NO_HEADING = "no heading found: a Markdown briefing needs at least one # or ## heading"
TEXT_TYPES = frozenset({"text", "text_special"})
QUOTE_PREFIX_RE = re.compile(r"^\s*(?:>\s?)*")
DEEP_QUOTE_RE = re.compile(rf"^(?P<indent>[ \t]*)(?:>[ \t]?){{{MAX_QUOTE_DEPTH + 1},}}", re.M)
LETTERED_RE = re.compile(r"^[a-z][.)]\s+\S")
LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
LIST_CLOSE = frozenset({"bullet_list_close", "ordered_list_close"})
INTERRUPTING = frozenset({"table_open", "fence", "code_block", "html_block"})
NOTES_LABEL = "Notes:"
BLOCK_NAMES = {
    "table_open": "table",
    "fence": "code block",
    "code_block": "code block",
    "html_block": "HTML block",
}


@dataclass
class _Dropped:
    """What reducing an inline token to text left out: images without text, footnotes."""

    images_without_text: list[str] = field(default_factory=list)
    footnotes: list[int] = field(default_factory=list)


def _fragment(children: Sequence[Token], dropped: _Dropped) -> str:
    """Inline children as an HTML fragment: text escaped, inline HTML as written."""
    parts = []
    for child in children:
        if child.type in TEXT_TYPES or child.type == "code_inline":
            parts.append(html.escape(child.content, quote=False))
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("<br>")
        elif child.type == "html_inline":
            parts.append(child.content)
        elif child.type == "image":
            alt = _fragment(child.children or (), dropped)
            if not html.unescape(alt).strip():
                alt = html.escape(child.attrs.get("title") or "", quote=False)
            if not alt.strip():
                dropped.images_without_text.append(str(child.attrs.get("src") or ""))
            parts.append(alt)
        elif child.type == "footnote_ref":
            dropped.footnotes.append(child.meta["id"])
            if parts:  # "template [^1]." reads "template.", not "template ."
                parts[-1] = parts[-1].rstrip(" ")
    return "".join(parts)


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _heading_plan(tokens: Sequence[Token]) -> tuple[int | None, int]:
    """Index of the title's ``heading_open`` token (or ``None``) and the lesson level."""
    headings = [
        (index, int(token.tag[1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    if not headings:
        return None, 1
    levels = [level for _, level in headings]
    first_h1 = next((index for index, level in headings if level == 1), None)
    if 2 in levels:
        first_h2 = next(index for index, level in headings if level == 2)
        title = first_h1 if first_h1 is not None and first_h1 < first_h2 else None
        return title, 2
    if levels.count(1) == 1:
        return first_h1, 1
    return None, min(levels)


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index of the token closing the one opened at ``start``."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _is_bold(token: Token) -> bool:
    """The whole inline token is one ``**strong**`` span."""
    children = [
        child
        for child in token.children or ()
        if not (child.type in TEXT_TYPES and not child.content.strip())
    ]
    return (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and not any(child.type == "strong_open" for child in children[1:-1])
    )


@dataclass
class _ItemDraft:
    parts: list[str] = field(default_factory=list)
    children: list[_ItemDraft] = field(default_factory=list)
    lettered: bool = False
    continuation: bool = False

    def to_item(self) -> ListItem | None:
        items = tuple(item for item in (child.to_item() for child in self.children) if item)
        text = " ".join(part for part in self.parts if part)
        return ListItem(text, items) if text or items else None


@dataclass
class _ListFrame:
    items: list[_ItemDraft]
    ordered: bool
    start: int = 1


class _Reader:
    """One pass over the token stream, feeding a ``DocumentBuilder``."""

    def __init__(self, text: str, report: CleaningReport) -> None:
        self.env: dict = {}
        self.tokens = PARSER.parse(text, self.env)
        self.lines = text.split("\n")
        self.defined = defined_footnotes(text)
        self.builder = DocumentBuilder(report=report)
        self.report = report
        self.footnote_lessons: dict[int, int] = {}
        self.footnotes: dict[int, list[str]] = {}
        self.superscript_notes: dict[int, list[str]] = {}

    # Inline text

    def inline(self, token: Token, line: int | None = None) -> str:
        """The plain text of an ``inline`` token (see the module docstring)."""
        reduced = _Dropped()
        fragment = _fragment(token.children or (), reduced)
        text = clean_text(fragment, self.report, self.defined, escaped=True) if fragment else ""
        entities = [
            entity for entity in ENTITY_RE.findall(token.content) if html.unescape(entity) != entity
        ]
        self.report.add("entity", len(entities), before=token.content[:60], after=text[:60])
        lesson = len(self.builder.lessons) - 1
        for footnote in reduced.footnotes:
            self.footnote_lessons.setdefault(footnote, lesson)
        self.report.add("footnote_marker", len(reduced.footnotes))
        if reduced.images_without_text:
            names = [PurePosixPath(src).name or src for src in reduced.images_without_text]
            self.report.add(
                "image_without_text", len(names), before=", ".join(names)[:60], after=""
            )
            if not text and any(names):
                text = "Image: " + ", ".join(name for name in names if name)
                warn(
                    self.report,
                    f"line {line or _line(token)}: image without alt text kept as “{text}”",
                )
        return text

    # Blocks

    def run(self, front_title: str | None) -> Document:
        tokens = self.tokens
        self.check_nesting()
        title_index, lesson_level = _heading_plan(tokens)
        title = None
        if not any(token.type == "heading_open" for token in tokens) and front_title:
            self.builder.start_lesson(front_title, 1)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            # A quote is read from the inside: its end is not needed (and finding it
            # for each of many nested quotes would cost their depth times their length).
            nested = token.nesting == 1 and token.type != "blockquote_open"
            end = _closing(tokens, index) if nested else index
            if token.type == "heading_open":
                heading = self.inline(tokens[index + 1])
                level = int(token.tag[1])
                if index == title_index:
                    title = heading or front_title
                    if lesson_level == 1:
                        self.start_lesson(title or "", _line(token))
                elif level <= lesson_level:
                    self.start_lesson(heading, _line(token))
                else:
                    self.builder.add_heading(heading, level)
            elif token.type in LIST_OPEN:
                self.read_list(index, end)
            elif token.type == "table_open":
                self.table(index, end)
            elif token.type == "paragraph_open":
                self.paragraph(index)
            elif token.type in ("fence", "code_block", "html_block"):
                self.leaf(token)
            elif token.type == "footnote_block_open":
                self.footnote_block(index, end)
            index = end + 1
        self.add_notes()
        return self.builder.build(title or front_title, no_heading=NO_HEADING)

    def check_nesting(self) -> None:
        """Warn when blocks reach ``MAX_NESTING``: markdown-it left out what was deeper."""
        deepest = max(self.tokens, key=lambda token: token.level, default=None)
        if deepest is not None and deepest.level >= MAX_NESTING - 1:
            self.report.add("nesting_too_deep")
            warn(
                self.report,
                f"line {_line(deepest)}: blocks (lists, quotes) nested more than "
                f"{MAX_NESTING} levels deep; the text deeper than that was left out",
            )

    def start_lesson(self, title: str, line: int) -> None:
        """A new lesson, unless its heading is empty once markup is removed."""
        if title:
            self.builder.start_lesson(title, line)
        else:
            warn(
                self.report,
                f"line {line}: heading is empty once its markup is removed; "
                "its text stays in the lesson before",
            )

    def leaf(self, token: Token) -> None:
        if token.type == "html_block":
            for paragraph in html_to_text(token.content, self.report).split("\n\n"):
                self.builder.add_paragraph(paragraph)
        else:
            language = token.info.split()[0] if token.info.split() else ""
            self.builder.add_code(token.content, language)

    def paragraph(self, index: int) -> None:
        token = self.tokens[index]
        self._check_table_rules(token)
        if self._rule_less_table(token):
            return
        text = self.inline(self.tokens[index + 1], _line(token))
        note = footnote_definition(text)
        if note is not None:
            lesson = len(self.builder.lessons) - 1
            self.superscript_notes.setdefault(lesson, []).append(note)
            self.report.add("footnote_moved", before=text[:60], after=note[:60])
            return
        self.builder.add_paragraph(text)

    # Lists

    def read_list(self, start: int, end: int) -> None:
        """The list between ``start`` and ``end`` (see the module docstring)."""
        tokens = self.tokens
        frames = [_ListFrame([], tokens[start].type == "ordered_list_open")]
        if frames[0].ordered:
            frames[0].start = max(int(tokens[start].attrGet("start") or 1), 1)
        open_items: list[_ItemDraft] = []
        index = start + 1
        while index < end:
            token = tokens[index]
            if token.type == "list_item_open":
                item = _ItemDraft()
                frames[-1].items.append(item)
                open_items.append(item)
            elif token.type == "list_item_close":
                open_items.pop()
            elif token.type in LIST_OPEN:
                owner = open_items[-1]
                if owner.children and owner.children[-1].lettered:
                    owner = owner.children[-1]
                frames.append(_ListFrame(owner.children, token.type == "ordered_list_open"))
            elif token.type in LIST_CLOSE:
                frames.pop()
            elif token.type == "inline" and open_items:
                self._item_text(open_items[-1], self.inline(token))
            elif token.type in INTERRUPTING:
                block_end = _closing(tokens, index) if token.nesting == 1 else index
                self._emit_list(frames[0], _line(tokens[start]))
                warn(
                    self.report,
                    f"line {_line(token)}: a {BLOCK_NAMES[token.type]} inside a list item "
                    "ends the list there; the list carries on after it",
                )
                if token.type == "table_open":
                    self.table(index, block_end)
                else:
                    self.leaf(token)
                self._continue_after_block(frames, open_items)
                index = block_end
            index += 1
        self._emit_list(frames[0], _line(tokens[start]))

    @staticmethod
    def _item_text(item: _ItemDraft, text: str) -> None:
        if not text:
            return
        if LETTERED_RE.match(text) and (item.parts or item.children):
            item.children.append(_ItemDraft([text], lettered=True))
        elif item.children:
            item.children.append(_ItemDraft([text]))
        else:
            item.parts.append(text)

    @staticmethod
    def _continue_after_block(frames: list[_ListFrame], open_items: list[_ItemDraft]) -> None:
        """Fresh items without text continue the open items after a block ended the list."""
        fresh = [_ItemDraft(continuation=True) for _ in open_items]
        for depth, frame in enumerate(frames):
            container = [fresh[depth]] if depth < len(fresh) else []
            if depth > 0 and depth - 1 < len(fresh):
                fresh[depth - 1].children = container
            frame.items = container
        open_items[:] = fresh

    def _emit_list(self, frame: _ListFrame, line: int) -> None:
        """The list so far; ``frame.start`` becomes the number of its last (open) item,
        which carries on after the block that ended the list."""
        numbered = [(frame.start + offset, draft) for offset, draft in enumerate(frame.items)]
        frame.items.clear()
        if numbered:
            frame.start = numbered[-1][0]
        if numbered and numbered[0][1].continuation and not numbered[0][1].children:
            self.builder.add_paragraph(" ".join(numbered.pop(0)[1].parts))
        pairs = [(number, item) for number, draft in numbered if (item := draft.to_item())]
        if not pairs:
            return
        numbers = [number for number, _ in pairs]
        items = [item for _, item in pairs]
        terms = [split_term(item.text) if not item.items else None for item in items]
        flat = all(not item.items for item in items)
        if not flat or sum(term is not None for term in terms) * 2 <= len(items):
            self.builder.add_list(self._item_list(items, frame.ordered, numbers[0]))
            return
        plain = [item.text for item, term in zip(items, terms, strict=True) if term is None]
        if plain:
            warn(
                self.report,
                f"line {line}: a list of mostly terms read as a term list; "
                f"{len(plain)} item(s) without a term stay list items, such as “{plain[0][:40]}”",
            )
        run: list[ListItem] = []
        run_start = numbers[0]
        for number, item, term in zip(numbers, items, terms, strict=True):
            if term is None:
                if not run:
                    run_start = number
                run.append(item)
                continue
            if run:
                self.builder.add_list(self._item_list(run, frame.ordered, run_start))
                run = []
            self.builder.terms.append(term)
        self.builder.end_list()
        if run:
            self.builder.add_list(self._item_list(run, frame.ordered, run_start))

    @staticmethod
    def _item_list(items: list[ListItem], ordered: bool, start: int) -> ItemList:
        return ItemList(tuple(items), ordered, start if ordered else 1)

    # Tables

    def table(self, start: int, end: int) -> None:
        header: list[str] = []
        rows: list[tuple[str, ...]] = []
        rows_bold: list[bool] = []
        cells: list[str] = []
        bold: list[bool] = []
        in_body = False
        row_line = 1
        for token in self.tokens[start:end]:
            if token.type == "tbody_open":
                in_body = True
            elif token.type == "tr_open":
                cells, bold = [], []
                row_line = _line(token)
            elif token.type == "inline":
                cells.append(self.inline(token, row_line))
                bold.append(_is_bold(token))
            elif token.type == "tr_close" and not in_body:
                header = cells
            elif token.type == "tr_close":
                rows.append(self._body_row(cells, row_line, len(header)))
                rows_bold.append(
                    all(flag for flag, cell in zip(bold, cells, strict=True) if cell) and any(cells)
                )
        line = _line(self.tokens[start])
        header, rows = self._promote_bold_row(header, rows, rows_bold, line)
        self.builder.add_table(header, rows, line)

    def _promote_bold_row(
        self, header: list[str], rows: list[tuple[str, ...]], rows_bold: list[bool], line: int
    ) -> tuple[list[str], list[tuple[str, ...]]]:
        """A mostly empty header over an all-bold first row: that row is the header."""
        empty = sum(1 for cell in header if not cell)
        if not rows or not rows_bold[0] or empty * 2 <= len(header):
            return header, rows
        self.report.add(
            "table_header_promoted", before=" | ".join(header), after=" | ".join(rows[0])
        )
        warn(
            self.report,
            f"line {line}: table header row is mostly empty; its first row, in bold, "
            "is taken as the header",
        )
        return list(rows[0]), rows[1:]

    def _body_row(self, cells: list[str], line: int, width: int) -> tuple[str, ...]:
        """GFM pads and truncates rows silently; recount the source line to keep and report."""
        source = split_row(QUOTE_PREFIX_RE.sub("", self.lines[line - 1]))
        if len(source) <= width:
            return fit_row(cells[: len(source)], width, line, self.report)
        extra = [self._cell(cell) for cell in source[width:]]
        return fit_row([*cells, *extra], width, line, self.report)

    def _cell(self, source: str) -> str:
        tokens = PARSER.parseInline(source, self.env)
        return self.inline(tokens[0]) if tokens else ""

    def _check_table_rules(self, token: Token) -> None:
        """A paragraph that holds a table header and rule means GFM rejected the rule."""
        if not token.map:
            return
        first, last = token.map
        lines = self.lines
        for index in range(first + 1, min(last, len(lines))):
            if is_rule_after(lines[index - 1], lines[index]):
                check_rule(split_row(lines[index - 1]), lines[index], index + 1)

    def _rule_less_table(self, token: Token) -> bool:
        """Two or more lines all starting with ``|``: a table written without its rule."""
        if not token.map:
            return False
        first, last = token.map
        source = [QUOTE_PREFIX_RE.sub("", line).strip() for line in self.lines[first:last]]
        if len(source) < 2 or not all(line.startswith("|") for line in source):
            return False
        header = [self._cell(cell) for cell in split_row(source[0])]
        if len(header) < 2:
            return False
        rows = [
            fit_row(
                [self._cell(cell) for cell in split_row(line)],
                len(header),
                first + 2 + offset,
                self.report,
            )
            for offset, line in enumerate(source[1:])
        ]
        warn(
            self.report,
            f"line {first + 1}: lines starting with “|” without a ---|--- rule read as a table; "
            "its first line is the header",
        )
        self.report.add("table_without_rule", before=source[0][:60], after=" | ".join(header)[:60])
        self.builder.add_table(header, rows, first + 1)
        return True

    # Footnotes

    def footnote_block(self, start: int, end: int) -> None:
        current: int | None = None
        for token in self.tokens[start:end]:
            if token.type == "footnote_open":
                current = token.meta["id"]
                self.footnotes[current] = []
            elif token.type == "inline" and current is not None:
                self.footnotes[current].append(self.inline(token))
        unused = [
            label for label, id_ in self.env.get("footnotes", {}).get("refs", {}).items() if id_ < 0
        ]
        for label in unused:
            warn(self.report, f"footnote [^{label.lstrip(':')}] is never referred to; dropped")

    def add_notes(self) -> None:
        per_lesson: dict[int, list[str]] = {}
        for footnote, parts in self.footnotes.items():
            text = " ".join(part for part in parts if part)
            if not text:
                continue
            lesson = self.footnote_lessons.get(footnote, len(self.builder.lessons) - 1)
            per_lesson.setdefault(lesson, []).append(text)
            self.report.add("footnote_moved", before=text[:60], after=NOTES_LABEL)
        for lesson, notes in self.superscript_notes.items():
            per_lesson.setdefault(lesson, []).extend(notes)
        for lesson, notes in sorted(per_lesson.items()):
            self.builder.add_to_lesson(lesson, Paragraph("\n".join([NOTES_LABEL, *notes])))


def preprocess(text: str, report: CleaningReport) -> tuple[str, str | None]:
    """Front matter, template tags and attribute lists removed; the front matter title."""
    text, title = split_front_matter(text, report)
    text = remove_template_tags(text, report)
    return remove_attribute_lists(text, report), title


def check_delimiters(text: str) -> None:
    """Refuse a document with more than ``MAX_DELIMITERS`` ``[``, ``*`` and ``_``."""
    count = sum(text.count(char) for char in DELIMITERS)
    if count > MAX_DELIMITERS:
        raise IngestError(
            f"the document holds {count:,} Markdown delimiters ([, * and _); at most "
            f"{MAX_DELIMITERS:,} are read: it is mostly markup, not a briefing"
        )


def flatten_deep_quotes(text: str, report: CleaningReport) -> str:
    """Lines quoted more than ``MAX_QUOTE_DEPTH`` levels deep, quoted that deep instead."""
    first_line = None

    def flatten(match: re.Match[str]) -> str:
        nonlocal first_line
        if first_line is None:
            first_line = text.count("\n", 0, match.start()) + 1
        report.add("quote_flattened")
        return match["indent"] + "> " * MAX_QUOTE_DEPTH

    flattened = DEEP_QUOTE_RE.sub(flatten, text)
    if first_line is not None:
        warn(
            report,
            f"line {first_line}: block quotes nested more than {MAX_QUOTE_DEPTH} deep; "
            f"the deeper ones are read at depth {MAX_QUOTE_DEPTH}, their text kept",
        )
    return flattened


def parse_markdown(text: str) -> tuple[Document, CleaningReport]:
    """Parse repaired Markdown into a ``Document``."""
    check_delimiters(text)
    report = CleaningReport()
    text, front_title = preprocess(text, report)
    reader = _Reader(flatten_deep_quotes(text, report), report)
    return reader.run(front_title), report
