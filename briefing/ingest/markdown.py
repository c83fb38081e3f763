"""Markdown (CommonMark + GFM tables, via markdown-it-py) into the same ``Document``.

* **Title and lessons.** When the document has ``##`` headings, the first ``#``
  heading before them is the title and the ``##`` headings (and any other ``#``)
  are lessons. Without ``##``: several ``#`` headings are all lessons (no title);
  a single ``#`` heading is the title and also names the one lesson. Without
  ``#`` or ``##``, the highest heading level present makes the lessons.
* **Deeper headings** (``###`` under ``##`` lessons) become paragraphs of their
  text: a ``Document`` has no sub-sections, and the text stays in order.
* **Lists.** Items are read like plain-text list items: ``Term: description``
  (bold markup already reduced, so ``**Term**: desc`` and ``**Term:** desc``
  qualify) is a term, anything else a paragraph. Nested items are flattened into
  the same sequence; the paragraphs of a loose item are joined with a space.
* **Inline markup** is reduced to plain text: emphasis, bold and code lose their
  markers, links keep their text, images and inline HTML are dropped.
* **Tables** follow GFM: ``\\|`` is a literal pipe; a row with fewer cells is
  padded and one with more has its extra cells joined into the last column (GFM
  would drop them), both with a warning naming the line.
* Code blocks become paragraphs of their text; block quotes are unwrapped;
  HTML blocks are skipped with a warning; thematic breaks are ignored.
* Text before the first lesson heading becomes a lesson titled "Introduction".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.ingest.document import CleaningReport, Document
from briefing.ingest.plaintext import (
    DocumentBuilder,
    check_rule,
    fit_row,
    is_rule_after,
    split_row,
    warn,
)

PARSER = MarkdownIt("commonmark").enable("table")
NO_HEADING = "no heading found: a Markdown briefing needs at least one # or ## heading"
INLINE_TEXT_TYPES = frozenset({"text", "text_special", "code_inline"})
BREAK_TYPES = frozenset({"softbreak", "hardbreak"})
QUOTE_PREFIX_RE = re.compile(r"^\s*(?:>\s?)*")


def inline_text(token: Token) -> str:
    """The plain text of an ``inline`` token: markup dropped, link text kept."""
    parts = []
    for child in token.children or ():
        if child.type in INLINE_TEXT_TYPES:
            parts.append(child.content)
        elif child.type in BREAK_TYPES:
            parts.append(" ")
    return "".join(parts).strip()


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


def _list_items(tokens: Sequence[Token], start: int, end: int) -> list[str]:
    """The items of the list between ``start`` and ``end``, nested items flattened."""
    items: list[list[str]] = []
    open_items: list[int] = []
    for token in tokens[start:end]:
        if token.type == "list_item_open":
            items.append([])
            open_items.append(len(items) - 1)
        elif token.type == "list_item_close":
            open_items.pop()
        elif open_items and token.type == "inline":
            items[open_items[-1]].append(inline_text(token))
        elif open_items and token.type in ("fence", "code_block"):
            items[open_items[-1]].append(token.content.strip())
    texts = (" ".join(part for part in parts if part) for parts in items)
    return [text for text in texts if text]


def _table(
    tokens: Sequence[Token], start: int, end: int, lines: list[str], builder: DocumentBuilder
) -> None:
    header: list[str] = []
    rows: list[tuple[str, ...]] = []
    cells: list[str] = []
    in_body = False
    row_line = 1
    for token in tokens[start:end]:
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open":
            cells = []
            row_line = _line(token)
        elif token.type == "inline":
            cells.append(inline_text(token))
        elif token.type == "tr_close" and not in_body:
            header = cells
        elif token.type == "tr_close":
            rows.append(_body_row(cells, lines, row_line, len(header), builder.report))
    builder.add_table(header, rows, _line(tokens[start]))


def _body_row(
    cells: list[str], lines: list[str], line: int, width: int, report: CleaningReport
) -> tuple[str, ...]:
    """GFM pads and truncates rows silently; recount the source line to keep and report."""
    source = split_row(QUOTE_PREFIX_RE.sub("", lines[line - 1]))
    if len(source) <= width:
        return fit_row(cells[: len(source)], width, line, report)
    extra = [inline_text(PARSER.parseInline(cell)[0]) for cell in source[width:]]
    return fit_row([*cells, *extra], width, line, report)


def _check_table_rules(token: Token, lines: list[str]) -> None:
    """A paragraph that holds a table header and rule means GFM rejected the rule."""
    if not token.map:
        return
    first, last = token.map
    for index in range(first + 1, min(last, len(lines))):
        if is_rule_after(lines[index - 1], lines[index]):
            check_rule(split_row(lines[index - 1]), lines[index], index + 1)


def parse_markdown(text: str) -> tuple[Document, CleaningReport]:
    """Parse repaired Markdown into a ``Document``."""
    tokens = PARSER.parse(text)
    lines = text.split("\n")
    title_index, lesson_level = _heading_plan(tokens)
    title = None
    builder = DocumentBuilder()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _closing(tokens, index) if token.nesting == 1 else index
        if token.type == "heading_open":
            heading = inline_text(tokens[index + 1])
            level = int(token.tag[1])
            if index == title_index:
                title = heading
                if lesson_level == 1:
                    builder.start_lesson(heading, _line(token))
            elif level <= lesson_level:
                builder.start_lesson(heading, _line(token))
            else:
                builder.add_paragraph(heading)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            for item in _list_items(tokens, index, end):
                builder.add_item(item)
            builder.end_list()
        elif token.type == "table_open":
            _table(tokens, index, end, lines, builder)
        elif token.type == "paragraph_open":
            _check_table_rules(token, lines)
            builder.add_paragraph(inline_text(tokens[index + 1]))
        elif token.type in ("fence", "code_block"):
            builder.add_paragraph(token.content)
        elif token.type == "html_block":
            warn(builder.report, f"line {_line(token)}: HTML block skipped")
        if token.type != "blockquote_open":
            index = end
        index += 1
    return builder.build(title or None, no_heading=NO_HEADING), builder.report
