"""The structure pass (DESIGN.md section 4, step 5): capitals, whitespace, table shapes.

Capitalised (first letter only, counted as ``capitalised``):

* table headers (``key Focus Areas`` → ``Key Focus Areas``);
* the key column of ``key_value`` tables: keys name things, like terms. Value
  cells and ``parallel_lists`` cells are left as written, since they may be
  units, codes or fragments (``kg``, ``n/a``);
* list terms (``counter-Propaganda Efforts`` → ``Counter-Propaganda Efforts``);
* term descriptions and paragraphs: their first word and the first word of
  every sentence after ``.``, ``!`` or ``?`` and a space, except after an
  abbreviation (``U.S.``, ``e.g.``, ``etc.``, ``Mr.``, a single initial) or an
  ellipsis.

List items (often fragments, channel names or commands: ``javascript``,
``#dev``), headings, code blocks, and words inside sentences, are left as written. A word is never
capitalised when its second character is upper-case or a digit (``iPhone``,
``eBay``, ``pH``), nor when it looks like a URL, an e-mail address, a domain
or a file name (``node.js``, ``report.pdf``), nor a list label (``a.``, ``ii)``).

Whitespace: cells, headers and terms are stripped and their inner runs of
whitespace collapsed, except that cells keep their line breaks (a ``<br>`` in
the source); descriptions, paragraphs and list items are stripped, keeping
their line breaks. Empty
paragraphs, empty rows and terms without a term or description are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.ingest.document import (
    Block,
    CleaningReport,
    Code,
    Document,
    Heading,
    ItemList,
    Lesson,
    ListItem,
    Paragraph,
    Table,
    TableShape,
    Term,
    TermList,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lists nest to this depth; deeper items are kept at this depth (the lesson page
# renders a list recursively, one template include per level).
MAX_LIST_DEPTH = 10
OPENERS = "\"'“‘«([{¿¡*_"
CLOSERS = "\"'”’»)]}*_"
ABBREVIATIONS = _words(
    """
    a.k.a al approx apr aug ca capt cf co col corp dec dept dr e.g ed eds esp est
    etc feb fig figs ft gen gov i.e inc incl jan jr jul jun lt ltd maj mar mr mrs ms
    mt no nos nov oct p pp prof rep sen sep sept sgt sr st viz vol vs
    """
)
LINK_LIKE_RE = re.compile(r"://|@|^www\.|^[\w-]+\.[a-z][a-z0-9]+\b", re.IGNORECASE)
WHITESPACE_RE = re.compile(r"(\s+)")
LIST_LABEL_RE = re.compile(r"(?:[a-z]|[ivx]{1,4})[.)]")

# Table shape heuristic vocabulary (singular, lower case).
CONTRAST_WORDS = _words(
    """
    advantage disadvantage pro con strength weakness opportunity threat challenge
    risk benefit drawback cost before after do don't dont myth fact like dislike
    gain loss positive negative for against
    """
)
KEY_LABEL_WORDS = _words(
    """
    key area component name type category term item feature aspect element factor
    phase stage step role topic region country field level kind id code label focus
    pillar priority domain sector objective goal metric indicator concept principle
    tool
    """
)


def capitalise_word(word: str) -> str:
    """``word`` with its first letter upper-cased, unless it must stay as written."""
    start = len(word) - len(word.lstrip(OPENERS))
    if start >= len(word) or not word[start].islower():
        return word
    following = word[start + 1 : start + 2]
    if following and (following.isupper() or following.isdigit()):
        return word
    if LINK_LIKE_RE.search(word[start:]) or LIST_LABEL_RE.fullmatch(word[start:]):
        return word
    upper = word[start].title()
    if len(upper) != 1:
        return word
    return word[:start] + upper + word[start + 1 :]


def capitalise_first(text: str) -> str:
    """Capitalise the first word of ``text``, keeping everything else."""
    parts = WHITESPACE_RE.split(text)
    index = 2 if parts[0] == "" and len(parts) > 2 else 0
    parts[index] = capitalise_word(parts[index])
    return "".join(parts)


def ends_sentence(word: str) -> bool:
    """Whether a sentence ends with ``word`` (``(ISF).`` yes, ``U.S.`` and ``etc.`` no)."""
    core = word.rstrip(CLOSERS)
    if core.endswith(("!", "?")):
        return True
    if not core.endswith(".") or core.endswith(("..", "…")):
        return False
    stem = core[:-1].lstrip(OPENERS)
    if stem.lower() in ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()):
        return False
    return not _is_dotted_abbreviation(stem)


def _is_dotted_abbreviation(stem: str) -> bool:
    """``U.S``, ``e.g``, ``Ph.D``: dots between one- or two-letter parts (not ``example.com``)."""
    parts = stem.split(".")
    return len(parts) > 1 and all(0 < len(part) <= 2 and part.isalpha() for part in parts)


def capitalise_sentences(text: str) -> str:
    """Capitalise the first word of ``text`` and of every sentence in it."""
    parts = WHITESPACE_RE.split(text)
    at_start = True
    for index in range(0, len(parts), 2):
        word = parts[index]
        if not word:
            continue
        if at_start:
            parts[index] = capitalise_word(word)
        at_start = ends_sentence(word)
    return "".join(parts)


def _singular(word: str) -> str:
    word = word.lower().strip(".,:;()\"'“”‘’")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


def _is_plural(word: str) -> bool:
    return _singular(word) != word.lower().strip(".,:;()\"'“”‘’")


def _looks_like_key(cell: str) -> bool:
    """Short, or Title Case like a label: ``Enhanced Training``, ``Data loss``."""
    words = cell.split()
    if len(words) <= 2:
        return True
    long_words = [word for word in words if len(word) >= 4]
    return len(words) <= 6 and all(word[0].isupper() for word in long_words)


def guess_shape(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> TableShape:
    """``parallel_lists`` when the columns look like independent lists, else ``key_value``.

    Parallel lists when either

    * every header is one word from a contrasting vocabulary, all different
      (*Challenges | Opportunities*, *Pros | Cons*, *Before | After*,
      *Strengths | Weaknesses | Opportunities | Threats*); or
    * every header ends in a plural noun, no header contains a key-label word
      (*area*, *component*, *type*, *name*, *key*, *focus*...), and most
      left-column cells do not look like keys (they are longer than two words
      and not Title Case): *Risks | Mitigations* with sentences in both columns.

    A one-column table is a list. Everything else is ``key_value``: the left
    column names something the other columns describe (*key Focus Areas |
    Expected Outcomes* is key-value even though both headers are plural).
    """
    if len(header) < 2:
        return TableShape.PARALLEL_LISTS
    header_words = [cell.split() for cell in header]
    if any(not words for words in header_words):
        return TableShape.KEY_VALUE
    singles = [_singular(words[0]) for words in header_words if len(words) == 1]
    distinct = len(singles) == len(header) and len(set(singles)) == len(singles)
    if distinct and all(word in CONTRAST_WORDS for word in singles):
        return TableShape.PARALLEL_LISTS
    all_plural = all(_is_plural(words[-1]) for words in header_words)
    labelled = any(_singular(word) in KEY_LABEL_WORDS for words in header_words for word in words)
    keys = [row[0] for row in rows if row and row[0]]
    key_like = sum(1 for cell in keys if _looks_like_key(cell))
    if all_plural and not labelled and keys and key_like * 2 <= len(keys):
        return TableShape.PARALLEL_LISTS
    return TableShape.KEY_VALUE


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _tidy_lines(text: str) -> str:
    """Like ``_tidy`` but keeping line breaks (a ``<br>`` in the source): blank lines dropped."""
    return "\n".join(line for line in (_tidy(line) for line in text.split("\n")) if line)


class _Capitaliser:
    """Applies one capitalisation function and records each change in a report."""

    def __init__(self, report: CleaningReport) -> None:
        self.report = report

    def __call__(self, function: Callable[[str], str], text: str) -> str:
        changed = function(text)
        if changed != text:
            count = sum(
                1 for old, new in zip(text.split(), changed.split(), strict=False) if old != new
            )
            self.report.add("capitalised", count, before=text[:60], after=changed[:60])
        return changed


def _table(table: Table, capitalise: _Capitaliser) -> Table | None:
    header = tuple(capitalise(capitalise_first, _tidy(cell)) for cell in table.header)
    rows = tuple(
        cells
        for cells in (tuple(_tidy_lines(cell) for cell in row) for row in table.rows)
        if any(cells)
    )
    if not rows:
        return None
    shape = guess_shape(header, rows)
    if shape is TableShape.KEY_VALUE:
        rows = tuple((capitalise(capitalise_first, row[0]), *row[1:]) for row in rows)
    return Table(header, rows, shape)


def _term_list(term_list: TermList, capitalise: _Capitaliser) -> TermList | None:
    terms = tuple(
        Term(
            capitalise(capitalise_first, _tidy(term.term)),
            capitalise(capitalise_sentences, term.description.strip()),
        )
        for term in term_list.terms
        if term.term.strip() and term.description.strip()
    )
    return TermList(terms) if terms else None


def _list_items(
    items: tuple[ListItem, ...], report: CleaningReport, depth: int = 1
) -> tuple[ListItem, ...]:
    """Items stripped, as written; an item with no text keeps its nested items.

    Items nested deeper than ``MAX_LIST_DEPTH`` are kept, in order, as items
    of the deepest level allowed (``list_flattened``).
    """
    kept = []
    for item in items:
        text = item.text.strip()
        if depth >= MAX_LIST_DEPTH and item.items:
            deeper = [ListItem(inner.strip()) for inner in _texts_in_order(item.items)]
            report.add("list_flattened", len(deeper))
            kept.extend(flat for flat in [ListItem(text), *deeper] if flat.text)
            continue
        nested = _list_items(item.items, report, depth + 1)
        if text or nested:
            kept.append(ListItem(text, nested))
    return tuple(kept)


def _texts_in_order(items: tuple[ListItem, ...]) -> list[str]:
    """The text of every item at every depth, in reading order (without recursion)."""
    texts: list[str] = []
    pending = list(reversed(items))
    while pending:
        item = pending.pop()
        texts.append(item.text)
        pending.extend(reversed(item.items))
    return texts


def _block(block: Block, capitalise: _Capitaliser) -> Block | None:
    if isinstance(block, Table):
        return _table(block, capitalise)
    if isinstance(block, TermList):
        return _term_list(block, capitalise)
    if isinstance(block, ItemList):
        items = _list_items(block.items, capitalise.report)
        return ItemList(items, block.ordered, block.start) if items else None
    if isinstance(block, Heading):
        text = _tidy(block.text)
        return Heading(text, block.level) if text else None
    if isinstance(block, Code):
        return block if block.text.strip() else None
    text = block.text.strip()
    return Paragraph(capitalise(capitalise_sentences, text)) if text else None


def normalise(document: Document) -> tuple[Document, CleaningReport]:
    """The structure pass over a parsed ``Document``; headings are left as written."""
    report = CleaningReport()
    capitalise = _Capitaliser(report)
    lessons = []
    for lesson in document.lessons:
        blocks = tuple(
            normalised
            for normalised in (_block(block, capitalise) for block in lesson.blocks)
            if normalised is not None
        )
        lessons.append(Lesson(lesson.title.strip(), blocks))
    if report.counts.get("list_flattened"):
        report.warn(
            f"lists nested more than {MAX_LIST_DEPTH} levels deep: "
            f"{report.counts['list_flattened']} deeper items kept at level {MAX_LIST_DEPTH}"
        )
    return Document(document.title, tuple(lessons)), report
