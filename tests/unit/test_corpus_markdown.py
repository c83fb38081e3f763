"""Every real Markdown document of the corpus keeps its structure and loses its markup.

The corpus lives beside the repository (``../shared/corpus``, as in CI) or at
``/work/shared/corpus``; the test fails when neither exists.
"""

import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from briefing.ingest import Code, Heading, ItemList, Paragraph, Table, TermList, ingest
from briefing.ingest.document import CleaningReport
from briefing.ingest.markup import remove_template_tags, split_front_matter
from tests.corpus import corpus_dir

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
DEEP_HEADING_RE = re.compile(r"^ {0,3}(#{3,6})\s+\S")
H1_RE = re.compile(r"^ {0,3}#\s+(.*?)\s*#*\s*$")
LEFTOVER_RES = {
    "template tag": re.compile(r"\{%|%\}|\{\{|\}\}|<%|%>"),
    "attribute list": re.compile(r"\{:|\{#"),
    "HTML tag": re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"),
    "HTML entity": re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"),
    "footnote marker": re.compile(r"\[\^[^\]]*\]|[A-Za-z.,;)][¹²³⁴⁵⁶⁷⁸⁹⁰]"),
}

# (header, number of body rows) of every table, in order, as SOURCES.md describes them.
PARAMETER_TABLE = (("Parameter", "Value"), 4)
EXPECTED_TABLES = {
    "01-gds-incident-management.md": [
        (("Classification", "Type", "Example", "Response time", "Update frequency"), 4)
    ],
    "02-cisa-ed-21-01-solarwinds.md": [
        (
            (
                "SolarWinds Orion Platform Version",
                "Continued use of SolarWinds Orion permitted",
                "Hardening required",
                "Rebuild or upgrade",
                "If rebuilding or continuing use of SolarWinds, configurations can be restored "
                "from backups",
            ),
            2,
        )
    ],
    "03-scubagear-parameters.md": [PARAMETER_TABLE] * 8
    + [(("Tenant", "Value"), 4), PARAMETER_TABLE, (("Description", "Value"), 4)]
    + [PARAMETER_TABLE] * 12
    + [(("Product", "Parameter value"), 8)]
    + [PARAMETER_TABLE] * 5,
    "04-scubagear-service-principal-workflows.md": [
        (("Function", "Entra ID Role (any one of)", "Microsoft Graph API Scopes"), 5),
        (("Task", "Command"), 6),
    ],
    "05-cloud-guardrails-portee-fr.md": [
        (
            (
                "Identifiant (ID)",
                "Profil",
                "Description",
                "Modèle de service d’informatique en nuage applicable",
            ),
            8,
        ),
        (None, 13),
    ],
    "06-18f-tock-time-tracking.md": [
        (("", "Tock timesheet", "HRLinks timesheet"), 4),
        (("Number of direct reports", "Utilization % target", "Target hours"), 6),
        (("Work type", "CoE feds", "18F"), 4),
        (("Work type", "CoE feds", "18F"), 18),
    ],
    "07-18f-internal-communications.md": [
        (("Meeting", "Attendees", "Timing"), rows) for rows in (3, 4, 5)
    ],
    "08-plain-language-simple-words.md": [(("Don’t say", "Say"), 237)],
    "09-moj-service-runbook.md": [],
    "10-cse-client-app-inner-loop.md": [
        (("", "Pros", "Cons", "Example when developing for:", "Example When not to Use"), 13)
    ],
}
COMMONMARK = MarkdownIt("commonmark").enable("table")


def corpus_directory() -> Path:
    try:
        return corpus_dir()
    except FileNotFoundError as missing:
        pytest.fail(str(missing))


def corpus_files() -> list[Path]:
    try:
        return sorted(corpus_dir().glob("[0-9]*.md"))
    except FileNotFoundError:
        return []  # test_the_corpus_is_there fails with the reason


def outside_fences(text: str) -> list[str]:
    lines, fence = [], ""
    for line in text.split("\n"):
        match = FENCE_RE.match(line)
        if fence:
            if match and match[1].startswith(fence):
                fence = ""
        elif match:
            fence = match[1]
        else:
            lines.append(line)
    return lines


def blocks(document):
    return [block for lesson in document.lessons for block in lesson.blocks]


def flat_items(items):
    for item in items:
        yield item.text
        yield from flat_items(item.items)


def texts(document):
    """Every piece of text a learner reads, except code."""
    yield from (document.title or "", *(lesson.title for lesson in document.lessons))
    for block in blocks(document):
        if isinstance(block, Paragraph | Heading):
            yield block.text
        elif isinstance(block, TermList):
            for term in block.terms:
                yield from (term.term, term.description)
        elif isinstance(block, ItemList):
            yield from flat_items(block.items)
        elif isinstance(block, Table):
            yield from block.header
            yield from (cell for row in block.rows for cell in row)


def key(text: str) -> str:
    return re.sub(r"\W", "", text.lower())[:15]


def source_item_keys(source: str) -> list[str]:
    """The start of each list item's text in the source, template tags removed."""
    text, _ = split_front_matter(source, CleaningReport())
    tokens = COMMONMARK.parse(remove_template_tags(text, CleaningReport()))
    keys = []
    for index, token in enumerate(tokens):
        if token.type != "list_item_open":
            continue
        inline = next((t for t in tokens[index:] if t.type == "inline"), None)
        words = "".join(c.content for c in inline.children if c.type in ("text", "code_inline"))
        if key(words):
            keys.append(key(words))
    return keys


@pytest.fixture(scope="module", params=[path.name for path in corpus_files()] or ["missing"])
def corpus_document(request):
    path = corpus_directory() / request.param
    source = path.read_text(encoding="utf-8")
    return path.name, source, ingest(path.read_bytes(), filename=path.name)


def test_the_corpus_is_there():
    names = sorted(path.name for path in corpus_directory().glob("[0-9]*.md"))
    assert names == sorted(EXPECTED_TABLES)


def test_every_deep_heading_is_a_heading_block(corpus_document):
    _, source, result = corpus_document
    levels = [
        len(match[1]) for line in outside_fences(source) if (match := DEEP_HEADING_RE.match(line))
    ]
    headings = [block.level for block in blocks(result.document) if isinstance(block, Heading)]
    assert headings == levels


def test_list_items_are_list_blocks_in_source_order(corpus_document):
    _, source, result = corpus_document
    expected = source_item_keys(source)
    found = []
    for block in blocks(result.document):
        if isinstance(block, ItemList):
            found.extend(key(text) for text in flat_items(block.items))
        elif isinstance(block, TermList):
            found.extend(key(term.term + term.description) for term in block.terms)
    matched, position = 0, 0
    for wanted in expected:
        hit = next((i for i in range(position, len(found)) if found[i].startswith(wanted)), None)
        if hit is not None:
            matched, position = matched + 1, hit + 1
    assert matched >= 0.95 * len(expected)


def test_tables_have_their_true_header_and_row_count(corpus_document):
    name, _, result = corpus_document
    tables = [block for block in blocks(result.document) if isinstance(block, Table)]
    expected = EXPECTED_TABLES[name]
    assert [len(table.rows) for table in tables] == [rows for _, rows in expected]
    for table, (header, _) in zip(tables, expected, strict=True):
        if header is not None:
            assert table.header == header


def test_no_markup_is_left_in_any_text(corpus_document):
    _, source, result = corpus_document
    leftovers = [
        (kind, text[:80])
        for text in texts(result.document)
        for kind, pattern in LEFTOVER_RES.items()
        if pattern.search(text)
    ]
    assert leftovers == []


def test_no_front_matter_is_left(corpus_document):
    _, source, result = corpus_document
    match = re.match(r"---\n(.*?)\n---\n", source, re.S)
    keys = list(yaml.safe_load(match[1])) if match else []
    lines = [line for text in texts(result.document) for line in text.split("\n")]
    assert [line for line in lines if any(line.startswith(f"{key}:") for key in keys)] == []


def test_the_title_comes_from_the_front_matter_or_the_h1(corpus_document):
    _, source, result = corpus_document
    match = re.match(r"---\n(.*?)\n---\n", source, re.S)
    front_title = (yaml.safe_load(match[1]) or {}).get("title") if match else None
    h1 = next((m[1] for line in outside_fences(source) if (m := H1_RE.match(line))), "")
    h1 = remove_template_tags(h1, CleaningReport()).strip()
    assert result.document.title == (h1 or front_title)


def test_code_blocks_are_kept_verbatim(corpus_document):
    _, source, result = corpus_document
    codes = [block for block in blocks(result.document) if isinstance(block, Code)]
    fences = sum(1 for line in source.split("\n") if FENCE_RE.match(line)) // 2
    assert len(codes) == fences
