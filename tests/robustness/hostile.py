"""A named corpus of hostile documents, generated in code at any size.

Each input is a function of one size (its natural unit: bytes, headings,
columns, rows, nesting levels) returning the bytes of a file. The robustness
tests import each at a small size; ``bench`` times the worst of them at the
sizes of issue 14 and at a fraction of those, so that the ratio shows whether
the time grows linearly.

Pure Python: nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEED_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "000_37c95f02dd4935a7.txt"
SCRIPT = "<script>alert(1)</script>"


@dataclass(frozen=True)
class Hostile:
    """One hostile input: ``make(size)`` gives its bytes; ``suffix`` picks the format."""

    name: str
    what: str
    make: Callable[[int], bytes]
    suffix: str = ".txt"
    small: int = 1_000  # the size the tests use
    full: int = 1_000_000  # the size issue 14 names (bench)
    #: None: the import must succeed; else a phrase the import's error must hold.
    expect: str | None = None

    @property
    def filename(self) -> str:
        return f"{self.name.replace('_', '-')}{self.suffix}"


def _fill(unit: str, size: int) -> str:
    """``unit`` repeated and cut to ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def spaces(size: int) -> bytes:
    """A paragraph holding one run of ``size`` spaces (FORM_RUN_RE was quadratic on it)."""
    return f"Spaces\nA paragraph before{' ' * size}and after.\n".encode()


def only_spaces(size: int) -> bytes:
    return b" " * size


def spaces_and_forms(size: int) -> bytes:
    """Runs of spaces between damaged invisible characters (``â¤`` and ``⢠``)."""
    return f"Forms\nBefore{_fill('   â¤  ⢠ ', size)}after.\n".encode()


def one_line(size: int) -> bytes:
    """One line of ``size`` bytes of prose with missing spaces and no line break."""
    return f"One Line\n{_fill('Words,words.The rest; of it e.g. U.S. text. ', size)}\n".encode()


def one_word(size: int) -> bytes:
    """One token of ``size`` characters with punctuation but no space."""
    return f"One Word\n{_fill('a.b,c;d!e?', size)}\n".encode()


def headings(count: int) -> bytes:
    """``count`` plain-text headings, each over one sentence: ``count`` lessons."""
    return "".join(f"Section {n}\nText of section {n}.\n" for n in range(count)).encode()


def many_paragraphs(size: int) -> bytes:
    """``size`` bytes of one-word lines: a paragraph block every four bytes."""
    return b"Many Paragraphs\n" + b"Go.\n" * (size // 4)


def markdown_headings(count: int) -> bytes:
    """One lesson holding ``count`` ``###`` headings."""
    body = "".join(f"### Part {n}\n\nText of part {n}.\n\n" for n in range(count))
    return f"# Title\n\n## Only lesson\n\n{body}".encode()


def wide_table(columns: int) -> bytes:
    """A key-value table of ``columns`` columns and three rows."""
    header = " | ".join(f"Column {n}" for n in range(columns))
    rule = "|".join("---" for _ in range(columns))
    rows = "\n".join(
        " | ".join(f"Key {r}" if n == 0 else f"value {r} {n}" for n in range(columns))
        for r in range(3)
    )
    return f"Wide Table\nThe table:\n{header}\n{rule}\n{rows}\n".encode()


def long_table(rows: int) -> bytes:
    """A two-column key-value table of ``rows`` rows."""
    body = "\n".join(f"Key number {n} | The value of key {n}" for n in range(rows))
    return f"Long Table\nThe table:\nKey | Value\n---|---\n{body}\n".encode()


def big_cell(size: int) -> bytes:
    """A table whose one value cell holds ``size`` bytes of words (cloze compiled a regex of it)."""
    cell = _fill("alpha beta gamma delta ", size)
    rows = f"Alpha | {cell}\nBeta | short value\nGamma | another value\n"
    text = (
        "Big Cell\nAlpha and Beta are defined below. Gamma too.\nName | Meaning\n---|---\n" + rows
    )
    return text.encode()


def big_key_cell(size: int) -> bytes:
    """A table whose first (key) column holds one cell of ``size`` bytes."""
    cell = _fill("alpha beta gamma delta ", size)
    rows = f"{cell} | one\nBeta | two\nGamma | three\n"
    return f"Big Key\nThe table:\nName | Number\n---|---\n{rows}".encode()


def wide_lists(columns: int) -> bytes:
    """A table of ``columns`` plural headers over sentences: parallel lists (categorize)."""
    header = " | ".join(f"Risks {n}" for n in range(columns))
    rule = "|".join("---" for _ in range(columns))
    rows = "\n".join(
        " | ".join(f"the risk number {n} of row {r} is long" for n in range(columns))
        for r in range(3)
    )
    return f"Wide Lists\nThe lists:\n{header}\n{rule}\n{rows}\n".encode()


def repeated_term(count: int) -> bytes:
    """One term defined ``count`` times, differently, in as many lessons."""
    return "".join(
        f"Section {n}\nThe terms:\n- Alpha: meaning number {n} of the term\n- Beta {n}: other\n"
        for n in range(count)
    ).encode()


def record_tables(count: int) -> bytes:
    """``count`` two-column tables with the same fields and different values (records)."""
    return (
        "Records\n"
        + "".join(
            f"The record {n}:\nParameter | Value\n---|---\nOptional | value {n}\n"
            f"Default | default {n}\nType | type {n}\n"
            for n in range(count)
        )
    ).encode()


def many_terms(count: int) -> bytes:
    """One term list of ``count`` terms, and prose naming them (cloze searches each sentence)."""
    terms = "".join(f"- Term number {n}: the meaning of term {n}\n" for n in range(count))
    prose = " ".join(f"The team relies on term number {n} every day." for n in range(count))
    return f"Terms\nThe terms:\n{terms}Prose\n{prose}\n".encode()


def pipes(size: int) -> bytes:
    """A line of ``size`` pipes without a rule: a table without a rule, or text."""
    return f"Pipes\n{'|' * size}\nText after.\n".encode()


def deep_quotes(depth: int) -> bytes:
    """``depth`` nested block quotes in Markdown, one paragraph at each level."""
    lines = [
        f"{'> ' * level}Paragraph at level {level}.\n{'> ' * level}\n"
        for level in range(1, depth + 1)
    ]
    return ("# Title\n\n## Quotes\n\n" + "".join(lines)).encode()


def deep_list(depth: int) -> bytes:
    """A Markdown bulleted list nested ``depth`` levels deep."""
    lines = [f"{'  ' * level}- Item at level {level}\n" for level in range(depth)]
    return ("# Title\n\n## Lists\n\n" + "".join(lines)).encode()


def deep_text_list(depth: int) -> bytes:
    """A plain-text bulleted list nested ``depth`` levels deep."""
    lines = [f"{'  ' * level}- Item at level {level}\n" for level in range(depth)]
    return ("Lists\nThe list:\n" + "".join(lines)).encode()


def deep_emphasis(count: int) -> bytes:
    """Markdown inline pathologies: unclosed emphasis, brackets and backticks."""
    return (
        "# Title\n\n## Inline\n\n"
        + "*a **a " * (count // 7)
        + "\n\n"
        + "[" * count
        + "\n\n"
        + "a`" * (count // 2)
        + "\n\n"
        + "<a " * (count // 3)
        + "\n"
    ).encode()


def control_characters(size: int) -> bytes:
    """C0 and C1 controls, mojibake, bidi overrides and Braille forms in every kind of block."""
    noise = _fill("\x01\x07\x1b[31m\x7f\x85\u202e\u2066â€™Ã©â¤⢠\ufeff\u200b", size)
    return (
        f"Control \x1b[1m\u202eHeading\x07\nText {noise} here.\n- Term: {noise}\n- Other: plain\n"
        f"Key | Value\n---|---\nA{noise} | {noise}\nB | b\n"
    ).encode()


def nul(size: int) -> bytes:
    return b"Heading\n" + b"text \x00 " * max(1, size // 7)


def not_utf8(size: int) -> bytes:
    return b"Heading\n" + "caf\u00e9 ".encode("latin-1") * max(1, size // 5)


def utf16(size: int) -> bytes:
    return ("Heading\nText.\n" * max(1, size // 14)).encode("utf-16")


def markup(count: int) -> bytes:
    """``<script>`` and event handlers in every place text can go."""
    evil = f'{SCRIPT}<img src=x onerror="alert(2)">'
    lines = [
        f"# {evil} Title",
        "",
        f"## Lesson {evil}",
        "",
        f"Paragraph {evil} &lt;script&gt;alert(3)&lt;/script&gt;.",
        "",
        f"- **Term {SCRIPT}**: description {evil}",
        f"- **Other**: {SCRIPT}",
        "",
        f"| Key {SCRIPT} | Value |",
        "|---|---|",
        *(f"| Key {n} {SCRIPT} | value {evil} |" for n in range(max(2, count))),
        "",
        f"```{SCRIPT}",
        SCRIPT,
        "```",
    ]
    return "\n".join(lines).encode()


def at_size_limit(size: int) -> bytes:
    """The seed repeated with numbered headings up to ``size`` bytes (distinct lessons)."""
    seed = SEED_PATH.read_text(encoding="utf-8")
    lines = seed.split("\n")
    copies = []
    total = 0
    number = 0
    while total < size:
        number += 1
        numbered = "\n".join(
            f"{line.rstrip()} part {number}"
            if index + 1 < len(lines) and _looks_like_heading(line)
            else line
            for index, line in enumerate(lines)
        )
        copies.append(numbered)
        total += len(numbered.encode()) + 1
    text = "\n".join(copies).encode()
    return text[: text.rfind(b"\n", 0, size + 1) + 1]


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) < 120 and stripped[-1] not in ".!?:;,|"


def yaml_alias_bomb(levels: int) -> bytes:
    """The billion laughs: each anchor a list of nine aliases of the one before."""
    lines = ['a0: &a0 ["lol"]']
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]")
    lines.append(
        "version: 2\ntitle: Bomb\nlessons:\n- slug: one\n  title: One\n  blocks:\n"
        "  - {kind: paragraph, text: Text.}\n"
        f"quizzes:\n- lesson: one\n  questions:\n  - kind: choice\n    prompt: P?\n"
        f"    options: [{{text: A, feedback: *a{levels}}}, {{text: B}}]\n    answer: A\n"
        f"    explanation: *a{levels}\n    fingerprint: f1\n"
    )
    return "\n".join(lines).encode()


def yaml_deep_nesting(depth: int) -> bytes:
    """A flow sequence nested ``depth`` levels deep (PyYAML recurses once per level)."""
    return (
        "version: 2\ntitle: Deep\nlessons:\n- slug: one\n  title: One\n  blocks:\n"
        f"  - {{kind: paragraph, text: {'[' * depth}{']' * depth}}}\n"
    ).encode()


def yaml_deep_list(depth: int) -> bytes:
    """A list block whose items nest ``depth`` levels deep."""
    items = "x"
    for _ in range(depth):
        items = f"[{{text: item, items: {items}}}]"
    items = items.replace("items: x", "items: []")
    return (
        "version: 2\ntitle: Deep\nlessons:\n- slug: one\n  title: One\n  blocks:\n"
        f"  - {{kind: list, items: {items}}}\n"
    ).encode()


def markdown_delimiters(count: int) -> bytes:
    """Markdown of ``count`` unclosed brackets: past ``MAX_DELIMITERS``, refused."""
    return b"# Title\n\n## Lesson\n\n" + b"[" * count + b"\n"


def _h(name, what, make, suffix=".txt", small=1_000, full=1_000_000, expect=None) -> Hostile:
    return Hostile(name, what, make, suffix, small, full, expect)


CORPUS: tuple[Hostile, ...] = (
    _h("spaces", "1 MB of spaces inside a paragraph", spaces, small=20_000),
    _h("only_spaces", "nothing but spaces", only_spaces, small=20_000, expect="only whitespace"),
    _h("spaces_and_forms", "spaces between mojibake forms", spaces_and_forms, small=20_000),
    _h("one_line", "one 1 MB line of prose", one_line, small=20_000),
    _h("one_word", "one 1 MB token without a space", one_word, small=20_000),
    _h("headings", "10,000 plain-text headings", headings, small=300, full=10_000),
    _h("markdown_headings", "10,000 sub-headings", markdown_headings, ".md", 300, 10_000),
    _h(
        "many_paragraphs",
        "250,000 one-word paragraphs",
        many_paragraphs,
        small=240_000,
        expect="a briefing holds at most",
    ),
    _h(
        "many_headings",
        "100,000 plain-text headings",
        headings,
        small=60_000,
        full=100_000,
        expect="a briefing holds at most",
    ),
    _h("wide_table", "a 10,000-column table", wide_table, small=500, full=10_000),
    _h("long_table", "a 10,000-row table", long_table, small=500, full=10_000),
    _h("big_cell", "a 1 MB table cell", big_cell, small=20_000),
    _h("big_key_cell", "a 1 MB cell in the key column", big_key_cell, small=20_000),
    _h("wide_lists", "parallel lists 10,000 columns wide", wide_lists, small=500, full=10_000),
    _h("repeated_term", "one term with 2,000 meanings", repeated_term, small=100, full=2_000),
    _h("record_tables", "5,000 record tables", record_tables, small=100, full=5_000),
    _h("many_terms", "10,000 terms named in the prose", many_terms, small=300, full=10_000),
    _h("pipes", "a line of 100,000 pipes", pipes, small=2_000, full=100_000),
    _h("deep_quotes", "block quotes nested 40 deep", deep_quotes, ".md", small=40, full=40),
    _h("deep_list", "a Markdown list nested 200 deep", deep_list, ".md", small=60, full=200),
    _h("deep_text_list", "a plain-text list nested 200 deep", deep_text_list, small=60, full=200),
    _h("deep_emphasis", "unclosed emphasis and brackets", deep_emphasis, ".md", 3_000, 120_000),
    _h(
        "markdown_delimiters",
        "300,000 unclosed brackets",
        markdown_delimiters,
        ".md",
        small=300_000,
        full=300_000,
        expect="Markdown delimiters",
    ),
    _h("control_characters", "controls, bidi overrides", control_characters, small=2_000),
    _h("nul", "NUL characters", nul, small=100, full=100_000, expect="NUL"),
    _h("not_utf8", "Latin-1 bytes", not_utf8, small=100, full=100_000, expect="not UTF-8"),
    _h("utf16", "UTF-16 text", utf16, small=100, full=100_000, expect="UTF-16"),
    _h("markup", "<script> and event handlers everywhere", markup, ".md", small=3, full=1_000),
    _h("at_size_limit", "the seed repeated to 5 MB", at_size_limit, small=40_000, full=5_242_880),
    _h("yaml_alias_bomb", "a billion-laughs alias bomb", yaml_alias_bomb, ".yaml", 9, 9, "alias"),
    _h(
        "yaml_deep_nesting",
        "YAML nested 10,000 deep",
        yaml_deep_nesting,
        ".yaml",
        2_000,
        10_000,
        "nest",
    ),
    _h(
        "yaml_deep_list",
        "a YAML list nested 1,000 deep",
        yaml_deep_list,
        ".yaml",
        11,
        1_000,
        "nest",
    ),
)

BY_NAME = {hostile.name: hostile for hostile in CORPUS}
