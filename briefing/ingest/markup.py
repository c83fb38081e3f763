"""Markup that is not the author's text, reduced to that text: pure functions, no Django.

Each function takes text and a ``CleaningReport`` and records what it removed
(counts and a few samples). The Markdown parser uses all of them; the
plain-text parser can use them on its lines too.

* **Front matter** (``---`` … ``---`` at the very top, YAML): its ``title`` is
  returned, the other keys are dropped and reported (``front_matter``). Front
  matter that is not valid YAML is dropped with a warning. Its lines become
  blank lines, so line numbers in later warnings still match the source.
* **Template tags** (``template_tag``): Liquid/Jekyll/Eleventy ``{% … %}``,
  ``{{ … }}`` and ERB ``<% … %>`` are removed. ``{% comment %}…{% endcomment %}``
  drops its content; a tag that has an ``{% end… %}`` partner (``{% alert %}``)
  is removed and the text between the pair is kept. A tag used as a link target
  (``[text]({% page "/x/" %})``) becomes ``#``, so the link keeps its text; any
  other tag whose first argument is a quoted string (``{% slack_channel "#dev" %}``)
  is replaced by that string, the text a reader of the rendered page sees;
  control tags (``if``, ``include``, ``assign``…) are removed. Fenced code is
  left as written.
* **Attribute lists** (``attribute_list``): kramdown ``{:…}`` and heading ids
  ``{#id}`` at the end of a heading line. A ``{:start="N"}`` line right above a
  numbered item (kramdown numbers a list from its ``start``, not from its first
  marker) first becomes that item's number, so the list starts at N.
* **HTML** (``html_reduced``): reduced to its text. ``<br>`` (any form) and
  ``<li>`` become line breaks, block elements separate paragraphs,
  ``<script>``/``<style>``/comments are dropped, entities are decoded
  (``entity``), and a ``<sup>`` holding only a footnote mark (``1``, ``*``,
  ``†``) is removed (``footnote_marker``); other ``<sup>`` text is kept.
* **Footnote markers** (``footnote_marker``): ``[^1]`` left in the text, and
  superscript digits (``¹``, ``&#185;``) after a word or closing punctuation
  when the document defines that footnote (a line starting ``¹ …``) or the word
  before has four letters or more (``m²``, ``km³`` are units, not markers).
* **GitHub alerts**: ``[!NOTE]`` at the start of a paragraph becomes ``Note:``.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import yaml

from briefing.ingest.document import CleaningReport


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
FENCE_RE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})")
COMMENT_TAG_RE = re.compile(
    r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S | re.IGNORECASE
)
LIQUID_TAG_RE = re.compile(r"\{%-?\s*(?P<name>\w*)(?P<args>.*?)-?%\}", re.S)
END_TAG_RE = re.compile(r"\{%-?\s*end(?P<name>\w+)", re.IGNORECASE)
LIQUID_OUTPUT_RE = re.compile(r"\{\{.*?\}\}", re.S)
END_COMMENT_RE = re.compile(r"\{%-?\s*endcomment\s*-?%\}", re.IGNORECASE)
ERB_RE = re.compile(r"<%.*?%>", re.S)
QUOTED_ARGUMENT_RE = re.compile(r"""^\s*(?P<quote>["'])(?P<value>.*?)(?P=quote)""")
ATTRIBUTE_LIST_RE = re.compile(r"\{:[^{}\n]*\}")
LIST_START_RE = re.compile(
    r"""^[ \t]*\{:[^{}\n]*?\bstart\s*=\s*["']?(?P<start>\d{1,9})["']?[^{}\n]*\}[ \t]*\n"""
    r"[ \t]*(?P<number>\d{1,9})(?=[.)][ \t])",
    re.MULTILINE,
)
HEADING_ID_RE = re.compile(
    r"^(?P<heading>[ \t]{0,3}#{1,6}[ \t].*?)[ \t]*\{#[^{}\s]+\}[ \t]*$", re.M
)
CONTROL_TAGS = _words(
    """
    assign block break call capture case continue cycle decrement echo else elsif extends
    filter for from if import include include_relative increment layout liquid macro raw
    render set tablerow unless when with
    """
)

FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
SUPERSCRIPT_MARKER_RE = re.compile(
    rf"(?P<before>[\w.,;:!?)\]”’\"'*_])(?P<marks>[{SUPERSCRIPT_DIGITS}]+)(?![{SUPERSCRIPT_DIGITS}])"
)
FOOTNOTE_LINE_RE = re.compile(rf"^[\s>]*(?P<marks>[{SUPERSCRIPT_DIGITS}]+)\s*\S")
FOOTNOTE_DEFINITION_RE = re.compile(rf"^(?P<marks>[{SUPERSCRIPT_DIGITS}]+)\s*(?P<text>\S.*)$", re.S)
MIN_MARKED_WORD_LETTERS = 4
FOOTNOTE_SUP_RE = re.compile(r"[\d*†‡§¹²³⁰-⁹,\s]+|[a-z]")
ALERT_RE = re.compile(r"^\[!(?P<kind>NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*\n?", re.I)
ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)
SPACES_RE = re.compile(r"[ \t]+")
SPACE_AROUND_BREAK_RE = re.compile(r"[ \t]*\n[ \t]*")
BLANK_LINES_RE = re.compile(r"\n{3,}")

LINE_BREAK_TAGS = frozenset({"br", "li", "tr", "dt", "dd"})
BLOCK_TAGS = _words(
    """
    address article aside blockquote details div dl fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr main nav ol p pre section summary table ul
    """
)
CELL_TAGS = frozenset({"td", "th"})
DROPPED_TAGS = frozenset({"script", "style", "template", "noscript"})


def split_front_matter(text: str, report: CleaningReport) -> tuple[str, str | None]:
    """``text`` without its YAML front matter (kept as blank lines), and the front matter title."""
    match = FRONT_MATTER_RE.match(text)
    if match is None:
        return text, None
    rest = "\n" * match.group(0).count("\n") + text[match.end() :]
    body = match["body"] or ""
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as error:
        problem = str(error).splitlines()[0]
        report.warn(f"line 1: front matter is not valid YAML ({problem}); dropped")
        report.add("front_matter", before=body.strip()[:60], after="")
        return rest, None
    if data is None:
        return rest, None
    if not isinstance(data, dict):
        report.warn("line 1: front matter is not a list of keys; dropped")
        report.add("front_matter", before=body.strip()[:60], after="")
        return rest, None
    title = data.get("title")
    title = str(title).strip() if title is not None and not isinstance(title, dict | list) else ""
    dropped = [str(key) for key in data if key != "title" or not title]
    report.add("front_matter", max(len(dropped), 1), before=", ".join(dropped) or "title", after="")
    return rest, title or None


def _code_free_segments(text: str) -> list[tuple[list[str], bool]]:
    """The lines of ``text`` cut into ``(lines, is_code)`` runs along fenced code blocks."""
    segments: list[tuple[list[str], bool]] = []
    current: list[str] = []
    fence = ""
    for line in text.split("\n"):
        match = FENCE_RE.match(line)
        if not fence and match:
            segments.append((current, False))
            current, fence = [line], match["fence"]
        elif fence and match and match["fence"].startswith(fence):
            current.append(line)
            segments.append((current, True))
            current, fence = [], ""
        else:
            current.append(line)
    segments.append((current, bool(fence)))
    return [(lines, is_code) for lines, is_code in segments if lines]


def _outside_code(text: str, function) -> str:
    return "\n".join(
        "\n".join(lines) if is_code else function("\n".join(lines))
        for lines, is_code in _code_free_segments(text)
    )


def remove_template_tags(text: str, report: CleaningReport) -> str:
    """Template tags removed outside fenced code (see the module docstring); lines kept."""
    paired = {match["name"].lower() for match in END_TAG_RE.finditer(text)}

    def keep_lines(match: re.Match) -> str:
        report.add("template_tag", before=match.group(0)[:60], after="")
        return "\n" * match.group(0).count("\n")

    def liquid(match: re.Match) -> str:
        tag, name = match.group(0), match["name"].lower()
        bare = name[3:] if name.startswith("end") else name
        argument = QUOTED_ARGUMENT_RE.match(match["args"])
        if match.string[max(match.start() - 2, 0) : match.start()] == "](":
            replacement = "#"
        elif bare in paired or bare in CONTROL_TAGS or argument is None:
            replacement = ""
        else:
            replacement = argument["value"]
        report.add("template_tag", before=tag[:60], after=replacement)
        return replacement + "\n" * tag.count("\n")

    def simple(match: re.Match) -> str:
        report.add("template_tag", before=match.group(0)[:60], after="")
        return "\n" * match.group(0).count("\n")

    def reduce(segment: str) -> str:
        segment = sub_closed(COMMENT_TAG_RE, keep_lines, segment, END_COMMENT_RE)
        segment = sub_closed(LIQUID_TAG_RE, liquid, segment, "%}")
        segment = sub_closed(LIQUID_OUTPUT_RE, simple, segment, "}}")
        return sub_closed(ERB_RE, simple, segment, "%>")

    return _outside_code(text, reduce)


def sub_closed(
    pattern: re.Pattern[str], replacement, text: str, closer: str | re.Pattern[str]
) -> str:
    """``pattern.sub`` on the text up to the last ``closer``, which every match ends with.

    An opener with no closer after it (``{%`` without ``%}``) would make the
    regex scan to the end of the text from each one, quadratic in their number;
    past the last closer no match can end, so that tail is left as it is.
    """
    if isinstance(closer, str):
        found = text.rfind(closer)
        cut = found + len(closer) if found >= 0 else 0
    else:
        cut = max((match.end() for match in closer.finditer(text)), default=0)
    return pattern.sub(replacement, text[:cut]) + text[cut:]


def remove_attribute_lists(text: str, report: CleaningReport) -> str:
    """Kramdown ``{:…}`` and heading ids ``{#id}`` removed outside fenced code."""

    def removed(match: re.Match) -> str:
        report.add("attribute_list", before=match.group(0)[:60], after="")
        return ""

    def heading(match: re.Match) -> str:
        report.add("attribute_list", before=match.group(0)[:60], after=match["heading"])
        return match["heading"]

    def numbered(match: re.Match) -> str:
        before = match.start("number") - match.start()
        return match[0][:before] + match["start"]

    def reduce(segment: str) -> str:
        segment = LIST_START_RE.sub(numbered, segment)
        return HEADING_ID_RE.sub(heading, ATTRIBUTE_LIST_RE.sub(removed, segment))

    return _outside_code(text, reduce)


class _HtmlText(HTMLParser):
    """Collects the text of an HTML fragment (see ``html_to_text``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0
        self.superscripts: list[int] = []
        self.tags = 0
        self.footnote_marks = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags += 1
        if tag in DROPPED_TAGS:
            self.dropping += 1
        elif tag == "sup":
            self.superscripts.append(len(self.parts))
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            self.parts.append(alt)
        self._separate(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag in DROPPED_TAGS:
            self.dropping -= 1

    def handle_endtag(self, tag: str) -> None:
        self.tags += 1
        if tag in DROPPED_TAGS:
            self.dropping = max(self.dropping - 1, 0)
        elif tag == "sup" and self.superscripts:
            start = self.superscripts.pop()
            if FOOTNOTE_SUP_RE.fullmatch("".join(self.parts[start:]).strip() or "x"):
                del self.parts[start:]
                self.footnote_marks += 1
        if tag not in LINE_BREAK_TAGS:
            self._separate(tag)

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags += 1

    def _separate(self, tag: str) -> None:
        if tag in LINE_BREAK_TAGS:
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag in CELL_TAGS:
            self.parts.append(" ")


def html_to_text(fragment: str, report: CleaningReport, *, escaped: bool = False) -> str:
    """The text of an HTML fragment: ``<br>`` a line break, block elements a blank line.

    ``escaped``: the caller escaped the fragment's text itself, so its entities
    are not the author's and are not counted.
    """
    parser = _HtmlText()
    parser.feed(defuse_unclosed(fragment))
    parser.close()
    text = tidy_breaks("".join(parser.parts))
    if parser.tags:
        report.add("html_reduced", parser.tags, before=fragment.strip()[:60], after=text[:60])
    report.add("footnote_marker", parser.footnote_marks)
    entities = sum(1 for entity in ENTITY_RE.findall(fragment) if html.unescape(entity) != entity)
    if entities and not escaped:
        report.add("entity", entities, before=fragment.strip()[:60], after=text[:60])
    return text


def defuse_unclosed(fragment: str) -> str:
    """Every ``<`` that cannot open a tag or comment ``HTMLParser`` can close, as ``&lt;``.

    ``HTMLParser`` rescans the rest of the text from each ``<`` it cannot
    finish (``<a<a<a…``, ``<!--<!--…``, ``</</…``), which is quadratic in their
    number. Such a ``<`` is text anyway, and so is a ``<`` inside a tag, before
    its ``>``: escaped, the parser reads them as the same text in one pass.
    """
    if "<" not in fragment:
        return fragment
    last_close = fragment.rfind(">")
    last_comment_close = fragment.rfind("-->")
    parts = []
    position = 0
    while (start := fragment.find("<", position)) >= 0:
        parts.append(fragment[position:start])
        if fragment.startswith("<!--", start) and last_comment_close >= start + 4:
            end = fragment.find("-->", start + 4) + 3
        elif last_close > start and _opens_tag(fragment, start):
            end = fragment.find(">", start + 1) + 1
        else:
            parts.append("&lt;")
            position = start + 1
            continue
        parts.append("<" + fragment[start + 1 : end].replace("<", "&lt;"))
        position = end
    parts.append(fragment[position:])
    return "".join(parts)


def _opens_tag(fragment: str, start: int) -> bool:
    """``<`` then a tag name, ``/``, ``?``, or ``!`` then a name or ``[CDATA[``.

    Python 3.11's ``HTMLParser`` raises ``AssertionError`` on a ``<![`` that is
    not followed by a name (``<![<![``), so any other ``<!`` is text too.
    """
    following = fragment[start + 1 : start + 2]
    if following != "!":
        return following.isascii() and (following.isalpha() or following in "/?")
    declared = fragment[start + 2 : start + 3]
    return (declared.isascii() and declared.isalpha()) or fragment.startswith("<![CDATA[", start)


def tidy_breaks(text: str) -> str:
    """Runs of spaces collapsed, spaces around line breaks and at both ends removed."""
    text = SPACE_AROUND_BREAK_RE.sub("\n", SPACES_RE.sub(" ", text))
    return BLANK_LINES_RE.sub("\n\n", text).strip()


def defined_footnotes(text: str) -> frozenset[str]:
    """Numbers of the footnotes a document defines as lines ``¹ …`` (or ``> &#185; …``)."""
    numbers = set()
    for line in text.split("\n"):
        match = FOOTNOTE_LINE_RE.match(html.unescape(line))
        if match:
            numbers.add(match["marks"].translate(TO_DIGITS))
    return frozenset(numbers)


def footnote_definition(text: str) -> str | None:
    """The footnote text when a paragraph is a footnote written ``¹ text``, else ``None``."""
    match = FOOTNOTE_DEFINITION_RE.match(text)
    return match["text"].strip() if match else None


def remove_footnote_markers(
    text: str, report: CleaningReport, defined: frozenset[str] = frozenset()
) -> str:
    """``[^1]`` and superscript footnote marks removed (see the module docstring)."""

    def superscript(match: re.Match) -> str:
        marks = match["marks"].translate(TO_DIGITS)
        letters = letters_before(match.string, match.start("before") + 1)
        is_word_end = match["before"].isalnum()
        if marks in defined or not is_word_end or letters >= MIN_MARKED_WORD_LETTERS:
            report.add("footnote_marker", before=match.group(0), after=match["before"])
            return match["before"]
        return match.group(0)

    def reference(match: re.Match) -> str:
        report.add("footnote_marker", before=match.group(0), after="")
        return ""

    text = FOOTNOTE_REF_RE.sub(reference, text)
    return SUPERSCRIPT_MARKER_RE.sub(superscript, text)


def letters_before(text: str, end: int) -> int:
    """Letters of the word ending at ``end``, counted up to ``MIN_MARKED_WORD_LETTERS``.

    Walks back from ``end`` (a regex on ``text[:end]`` would copy the text
    before every marker: quadratic on a long line of them).
    """
    letters, position = 0, end
    while position > 0 and letters < MIN_MARKED_WORD_LETTERS:
        char = text[position - 1]
        if not (char.isalnum() or char == "_"):
            break
        letters += char.isalpha()
        position -= 1
    return letters


def replace_alert_marker(text: str) -> str:
    """A GitHub alert marker ``[!NOTE]`` at the start becomes ``Note:``."""
    match = ALERT_RE.match(text)
    if match is None:
        return text
    label = match["kind"].capitalize() + ":"
    rest = text[match.end() :].strip()
    return f"{label} {rest}" if rest else label


def clean_text(
    text: str,
    report: CleaningReport,
    defined: frozenset[str] = frozenset(),
    *,
    escaped: bool = False,
) -> str:
    """One piece of text reduced: tags, entities, footnote marks and alert markers."""
    if "<" in text or "&" in text:
        text = html_to_text(text, report, escaped=escaped)
    return tidy_breaks(replace_alert_marker(remove_footnote_markers(text, report, defined)))
