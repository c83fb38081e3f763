"""Character-level repair: decode, ftfy, the mojibake ftfy leaves, missing spaces.

Every step is a pure function ``text -> (text, CleaningReport)``; ``repair``
chains them and merges the reports. Nothing here knows about headings, lists or
tables: that is the parsers' and the normaliser's job.

The invisible-character forms (DESIGN.md section 4, step 3) are derived from the
mechanism that made them, not copied from the seed. The source held U+2060..U+2064
(word joiner, invisible times, ...), UTF-8 ``E2 81 A0..A4``. Decoded as cp1250,
where ``0x81`` is undefined and was dropped, each became ``â`` plus one character
(``â˘``, ``âŁ``, ``â¤``...). Where the invisible character was followed by a
no-break space, the cp1250 text plus that NBSP was encoded once more and decoded
as UTF-8, ``E2 A2 A0`` and so on, which is one character from the Braille
Patterns or Supplemental Arrows-B block (``⢠`` U+28A0, ``⣠`` U+28E0, ``⤠`` U+2920).
Each form stands for a space.

Guards, so legitimate text is never touched:

* ``â`` + NBSP (the form of U+2060) is only replaced when ``â`` does not end a
  word: ``â`` is a real letter (French, Portuguese, Romanian, Vietnamese) and a
  word ending in it may well be followed by a no-break space. The other ``â``
  forms (``â˘``, ``âˇ``, ``âŁ``, ``â¤``) pair a letter with a spacing accent, a
  currency sign or a capital that no orthography puts after ``â``.
* A Braille/arrow form is only replaced when neither neighbour is itself a
  Braille pattern or an arrow from that block: real Braille text comes in runs.

The forms are replaced before ftfy as well as after it: ftfy's
``restore_byte_a0`` would otherwise read ``â˘`` followed by an ordinary space as
a damaged ``E2 A2 A0`` and turn it into ``⢠``, and the same defect would be
counted twice.
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections.abc import Callable

import ftfy

from briefing.ingest.document import CleaningReport, IngestError

INVISIBLE_CHARS = tuple(chr(code) for code in range(0x2060, 0x2065))
LEGACY_CODEPAGE = "cp1250"
NBSP = "\xa0"

FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    unescape_html=False,
    normalization=None,
    fix_character_width=False,
    fix_latin_ligatures=False,
)

# A line of more words than this whose word count ftfy changed is counted as
# one fix instead of being diffed, which keeps the count fast on huge lines.
MAX_DIFF_WORDS = 2_000
MAX_PASSES = 4
SAMPLE_CONTEXT = 20

Step = Callable[[str], tuple[str, CleaningReport]]


def legacy_forms(char: str) -> tuple[str, str, str]:
    """The three damaged forms of one invisible character.

    Returns the cp1250 reading of its UTF-8 bytes (undefined bytes dropped), the
    same reading when it was followed by a no-break space, and the character
    produced when that reading plus the NBSP was decoded once more as UTF-8.
    """
    once = char.encode("utf-8").decode(LEGACY_CODEPAGE, errors="ignore")
    with_nbsp = (char + NBSP).encode("utf-8").decode(LEGACY_CODEPAGE, errors="ignore")
    twice = (once + NBSP).encode(LEGACY_CODEPAGE).decode("utf-8")
    return once, with_nbsp, twice


def _form_pattern(form: str) -> str:
    """The form as a regex, with the guards described in the module docstring."""
    if len(form) == 1:
        return rf"(?<![\u2800-\u297f]){re.escape(form)}(?![\u2800-\u297f])"
    if form.startswith("â" + NBSP):
        return rf"(?<![^\W\d_]){re.escape(form)}"
    return re.escape(form)


def _forms_regex() -> re.Pattern[str]:
    forms = {form for char in INVISIBLE_CHARS for form in legacy_forms(char)}
    ordered = sorted(forms, key=lambda form: (-len(form), form))
    return re.compile("|".join(_form_pattern(form) for form in ordered))


FORM_RE = _forms_regex()
# The lookahead on the possible first characters keeps the scan fast. A run starts
# only where a run of spaces starts (``(?<! )``): tried from every space of a long
# run, `` *`` would rescan the rest of the run each time, quadratic in its length.
FORM_FIRST_CHARS = "".join(
    sorted({form[0] for char in INVISIBLE_CHARS for form in legacy_forms(char)})
)
FORM_RUN_RE = re.compile(
    rf"(?<! ) *(?=[{FORM_FIRST_CHARS}])(?:{FORM_RE.pattern})(?: *(?:{FORM_RE.pattern}))* *"
)
INVISIBLE_NEAR_SPACE_RE = re.compile(
    r"(?<=\s)[\u2060-\u2064]+|[\u2060-\u2064]+(?=\s)|^[\u2060-\u2064]+|[\u2060-\u2064]+$",
    re.MULTILINE,
)

CASED_CLOSERS = ")]\"'”’»"
TOKEN_WITH_PUNCT_RE = re.compile(r"(?<!\S)(?=[^\s]*[,;.!?]\S)\S+")
# Code is verbatim: a fenced block (``` or ~~~ up to the same fence or the end)
# or an inline code span. ``add_missing_spaces`` leaves both alone.
CODE_RE = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,}).*?(?:^[ \t]*(?P=fence)[ \t]*$|\Z)|`[^`\n]+`",
    re.MULTILINE | re.DOTALL,
)
COMMA_RE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[)\]\"'”’»]))([,;])(?=[^\W\d_])")
PERIOD_RE = re.compile(r"(?:^|(?<=[(\[\"'“‘«,;:—–]))([^\W\d_]{2,})([.!?])(?=[^\W\d_]{2})")


def merge_reports(target: CleaningReport, source: CleaningReport) -> CleaningReport:
    """Add ``source``'s counts, samples and warnings to ``target`` and return it."""
    for kind, count in source.counts.items():
        target.counts[kind] = target.counts.get(kind, 0) + count
    for sample in source.samples:
        same_kind = sum(1 for kept in target.samples if kept.kind == sample.kind)
        if same_kind < target.max_samples_per_kind:
            target.samples.append(sample)
    target.warnings.extend(source.warnings)
    return target


def describe_size(size: int) -> str:
    """``812 bytes``, ``6.2 MB (6,200,000 bytes)``."""
    if size < 1_000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1_000:.1f} kB ({size:,} bytes)"
    return f"{size / 1_000_000:.1f} MB ({size:,} bytes)"


def check_size(raw: bytes, max_bytes: int) -> None:
    if len(raw) > max_bytes:
        raise IngestError(
            f"the file is {describe_size(len(raw))}; the limit is {describe_size(max_bytes)}"
        )


def _line_of_offset(raw: bytes, offset: int) -> int:
    head = raw[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return head.count(b"\n") + 1


def decode(raw: bytes) -> tuple[str, CleaningReport]:
    """UTF-8 with or without BOM, line ends normalised to ``\\n``."""
    report = CleaningReport()
    if not raw:
        raise IngestError("the file is empty")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IngestError("the file is UTF-16 text; save it as UTF-8 and import it again")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        report.add("bom")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_of_offset(raw, error.start)
        raise IngestError(
            f"the file is not UTF-8 text: byte 0x{raw[error.start]:02X} cannot be decoded; "
            "save the file as UTF-8 and import it again",
            line=line,
        ) from None
    if "\x00" in text:
        raise IngestError(
            "the file contains NUL characters: it looks like a binary file, not text",
            line=_line_of_offset(raw, raw.index(b"\x00")),
        )
    text, line_report = normalise_line_endings(text)
    return text, merge_reports(report, line_report)


def normalise_line_endings(text: str) -> tuple[str, CleaningReport]:
    report = CleaningReport()
    crlf = text.count("\r\n")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        lone = text.count("\r")
        text = text.replace("\r", "\n")
        report.add("line_endings", crlf + lone)
    return text, report


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to ``SAMPLE_CONTEXT`` characters either side of a span, within its line."""
    left = text[max(0, start - SAMPLE_CONTEXT) : start].rpartition("\n")[2]
    right = text[end : end + SAMPLE_CONTEXT].partition("\n")[0]
    return left, right


def _changed_words(before: str, after: str) -> int:
    """How many words of a line ftfy repaired (at least one when the line changed)."""
    old, new = before.split(), after.split()
    if len(old) == len(new):
        return sum(1 for left, right in zip(old, new, strict=True) if left != right) or 1
    if max(len(old), len(new)) > MAX_DIFF_WORDS:
        return 1
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    changed = sum(
        max(old_end - old_start, new_end - new_start)
        for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes()
        if tag != "equal"
    )
    return changed or 1


def _ftfy_can_change(line: str) -> bool:
    """Printable ASCII has no mojibake, escapes or control characters for ftfy to fix."""
    return not (line.isascii() and line.isprintable())


def fix_with_ftfy(text: str) -> tuple[str, CleaningReport]:
    """ftfy with DESIGN.md's configuration; each repaired place counts as ``mojibake``.

    ftfy fixes text line by line anyway; calling it only on the lines it could
    change keeps long ASCII documents fast.
    """
    report = CleaningReport()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not _ftfy_can_change(line):
            continue
        fixed = ftfy.fix_text(line, FTFY_CONFIG)
        if fixed != line:
            report.add("mojibake", _changed_words(line, fixed), before=line[:60], after=fixed[:60])
            lines[index] = fixed
    return "\n".join(lines), report


def replace_invisible_forms(text: str) -> tuple[str, CleaningReport]:
    """Replace each damaged invisible character with a space.

    Only the spaces touching a replaced form are collapsed: the run becomes one
    space, nothing at a line end, and keeps its leading spaces at a line start,
    so that legitimate double spaces and Markdown indentation stay as written.
    """
    report = CleaningReport()

    def replace(match: re.Match[str]) -> str:
        run = match.group()
        start, end = match.span()
        count = len(FORM_RE.findall(run))
        if start == 0 or text[start - 1] == "\n":
            replacement = run[: len(run) - len(run.lstrip(" "))]
        elif end == len(text) or text[end] == "\n":
            replacement = ""
        else:
            replacement = " "
        left, right = _context(text, start, end)
        before, after = left + run + right, left + replacement + right
        report.add("mojibake", count, before=before.strip(), after=after.strip())
        return replacement

    return FORM_RUN_RE.sub(replace, text), report


def remove_stray_invisibles(text: str) -> tuple[str, CleaningReport]:
    """Drop undamaged U+2060..U+2064 next to whitespace, where they do nothing.

    Between two letters they may be meaningful (invisible times in ``x⁢y``) and
    are kept.
    """
    report = CleaningReport()
    if not any(char in text for char in INVISIBLE_CHARS):
        return text, report

    def drop(match: re.Match[str]) -> str:
        report.add("invisible", len(match.group()))
        return ""

    return INVISIBLE_NEAR_SPACE_RE.sub(drop, text), report


def _is_cased(char: str) -> bool:
    return char.isupper() or char.islower()


def _fix_token_spacing(token: str) -> tuple[str, int]:
    if "://" in token or "@" in token or token.lower().startswith("www."):
        return token, 0
    inserted = 0

    def comma(match: re.Match[str]) -> str:
        nonlocal inserted
        start, end = match.span()
        before = token[start - 1]
        if _is_cased(token[end]) and (_is_cased(before) or before in CASED_CLOSERS):
            inserted += 1
            return match.group(1) + " "
        return match.group()

    def period(match: re.Match[str]) -> str:
        nonlocal inserted
        word, mark = match.groups()
        following = match.string[match.end() : match.end() + 2]
        if word.islower() and following[0].isupper() and following[1].islower():
            inserted += 1
            return f"{word}{mark} "
        return match.group()

    fixed = COMMA_RE.sub(comma, token)
    fixed = PERIOD_RE.sub(period, fixed)
    return fixed, inserted


def add_missing_spaces(text: str) -> tuple[str, CleaningReport]:
    """Add the space missing after punctuation: ``critical.The`` → ``critical. The``.

    After ``,``/``;`` a space is added only between cased letters (or a closing
    bracket or quote and a letter), so ``3,5``, ``1,000`` and uncased scripts are
    untouched. After ``.``/``!``/``?`` only when a lower-case word of two or more
    letters meets a capitalised word (``Upper`` then ``lower``), which leaves
    ``U.S.``, ``U.S.-Iraq``, ``e.g.``, ``a.k.a.``, ``3.5``, ``report.pdf`` and
    ``Node.js`` alone. Tokens that look like URLs or e-mail addresses are skipped,
    and so is code (fenced blocks and inline code spans), which stays verbatim.
    """
    report = CleaningReport()

    def fix(match: re.Match[str]) -> str:
        token = match.group()
        fixed, inserted = _fix_token_spacing(token)
        report.add("missing_space", inserted, before=token, after=fixed)
        return fixed

    parts = []
    start = 0
    for code in CODE_RE.finditer(text):
        parts.append(TOKEN_WITH_PUNCT_RE.sub(fix, text[start : code.start()]))
        parts.append(code.group())
        start = code.end()
    parts.append(TOKEN_WITH_PUNCT_RE.sub(fix, text[start:]))
    return "".join(parts), report


REPAIR_STEPS: tuple[Step, ...] = (
    replace_invisible_forms,
    fix_with_ftfy,
    replace_invisible_forms,
    remove_stray_invisibles,
    add_missing_spaces,
)


def repair(text: str) -> tuple[str, CleaningReport]:
    """All character-level repairs, repeated until the text no longer changes.

    One pass is normally enough; the repeat makes ``repair`` idempotent even when
    one repair exposes another (ftfy fixing text next to a removed form).
    """
    report = CleaningReport()
    for _ in range(MAX_PASSES):
        before = text
        for step in REPAIR_STEPS:
            text, step_report = step(text)
            merge_reports(report, step_report)
        if text == before:
            break
    return text, report
