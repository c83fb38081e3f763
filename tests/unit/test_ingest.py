"""The whole pipeline, on the seed and on small inline documents."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.ingest import (
    IngestError,
    Paragraph,
    SourceFormat,
    Table,
    TableShape,
    TermList,
    detect_format,
    ingest,
)

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "000_37c95f02dd4935a7.txt"
DAMAGE = ("â˘", "âŁ", "â¤", "\u28a0", "\u28e0", "\u2920")


@pytest.fixture(scope="module")
def seed():
    return ingest(SEED.read_bytes(), filename=SEED.name)


def all_blocks(document):
    return [block for lesson in document.lessons for block in lesson.blocks]


def all_text(document):
    parts = [document.title or ""]
    for lesson in document.lessons:
        parts.append(lesson.title)
        for block in lesson.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, TermList):
                parts.extend(f"{term.term} {term.description}" for term in block.terms)
            else:
                parts.extend(block.header)
                parts.extend(cell for row in block.rows for cell in row)
    return "\n".join(parts)


def test_seed_structure(seed):
    document = seed.document
    blocks = all_blocks(document)
    term_lists = [block for block in blocks if isinstance(block, TermList)]
    tables = [block for block in blocks if isinstance(block, Table)]
    assert seed.format is SourceFormat.TEXT
    assert document.title is None
    assert len(document.lessons) == 8
    assert document.lessons[0].title == "Introduction"
    assert document.lessons[-1].title == "Key Takeaways"
    assert sum(isinstance(block, Paragraph) for block in blocks) == 15
    assert [len(block.terms) for block in term_lists] == [4, 3, 4, 3, 3]
    assert [len(block.rows) for block in tables] == [3, 3, 4, 6, 3]
    assert [block.shape for block in tables] == [TableShape.KEY_VALUE] * 4 + [
        TableShape.PARALLEL_LISTS
    ]
    assert tables[4].header == ("Challenges", "Opportunities")


def test_seed_is_clean(seed):
    text = all_text(seed.document)
    assert not [form for form in DAMAGE if form in text]
    assert seed.report.counts["missing_space"] == 12
    assert seed.report.counts["mojibake"] == 152
    assert "stability, counterterrorism, and cooperation" in text
    assert "advisory support becomes critical. The U.S. military’s" in text
    assert "U.S.-Iraq bilateral security partnership" in text
    assert "Security Forces (ISF). This new phase" in text
    assert "in U.S. military engagement" in text
    assert "  " not in text


def test_seed_capitals(seed):
    blocks = all_blocks(seed.document)
    tables = [block for block in blocks if isinstance(block, Table)]
    terms = [term for block in blocks if isinstance(block, TermList) for term in block.terms]
    headers = [cell for table in tables for cell in table.header]
    assert all(cell[0].isupper() for cell in headers)
    assert all(term.term[0].isupper() and term.description[0].isupper() for term in terms)
    assert "Component" in headers
    assert "Key Focus Areas" in headers
    assert [table.header for table in tables if table.header[0] == "Focus Area"] == [
        ("Focus Area", "Action Plan"),
        ("Focus Area", "Action Steps"),
    ]
    assert "Counter-Propaganda Efforts" in [term.term for term in terms]
    assert any(term.description.startswith("Ensuring logistical support") for term in terms)
    assert (
        seed.document.lessons[3].title
        == "Enhancing Iraqi security Forces Through Bilateral Cooperation"
    )
    assert seed.document.lessons[-1].blocks[0].text.startswith("The transition from")


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [
        ("notes.md", "Plain\ntext.", SourceFormat.MARKDOWN),
        ("NOTES.MARKDOWN", "Plain\ntext.", SourceFormat.MARKDOWN),
        ("notes.txt", "# Looks like Markdown\ntext.", SourceFormat.TEXT),
        ("", "# Heading\ntext.", SourceFormat.MARKDOWN),
        ("notes", "**Bold** start\ntext.", SourceFormat.MARKDOWN),
        ("notes.doc", "Heading\n- **Term**: text.", SourceFormat.TEXT),
        ("", "#hashtag is not a heading\ntext.", SourceFormat.TEXT),
    ],
)
def test_detect_format(filename, text, expected):
    assert detect_format(text, filename) is expected


def test_markdown_through_ingest():
    result = ingest(b"# Title\n\n## lesson\n\n- **term**: the description.\n", filename="a.md")
    assert result.format is SourceFormat.MARKDOWN
    assert result.document.title == "Title"
    assert result.document.lessons[0].title == "lesson"
    assert result.document.lessons[0].blocks[0].terms[0].term == "Term"


def test_explicit_format_wins_over_the_file_name():
    result = ingest(b"# Heading\ntext.", source_format=SourceFormat.TEXT, filename="a.md")
    assert result.format is SourceFormat.TEXT
    assert result.document.lessons[0].title == "# Heading"


def test_report_collects_every_stage():
    raw = b"\xef\xbb\xbfLesson\r\nthe plan,clearly.\r\nA | B\r\n---|---\r\nx |\r\n"
    report = ingest(raw).report
    assert report.counts == {
        "bom": 1,
        "line_endings": 5,
        "missing_space": 1,
        "ragged_row": 1,
        "capitalised": 2,
    }
    assert report.warnings == ["line 5: table row has 1 of 2 columns; padded with empty cells"]


@pytest.mark.parametrize(
    ("raw", "kwargs", "message", "line"),
    [
        (
            b"x" * 5_000_001,
            {},
            "the file is 5.0 MB (5,000,001 bytes); the limit is 5.0 MB (5,000,000 bytes)",
            None,
        ),
        (b"Heading\ntext", {"max_bytes": 5}, "the file is 12 bytes; the limit is 5 bytes", None),
        (b"", {}, "the file is empty", None),
        (b" \n\t\r\n ", {}, "the document contains only whitespace", None),
        (
            "\u2063\ufeff\n".encode(),
            {},
            "the document has no text left once invisible characters are removed",
            None,
        ),
        (
            b"Heading\ntext\nna\xefve\n",
            {},
            "the file is not UTF-8 text: byte 0xEF cannot be decoded; "
            "save the file as UTF-8 and import it again",
            3,
        ),
        (
            b"Only sentences here.\nNo heading at all.\n",
            {},
            "no heading found: a plain-text briefing needs at least one heading, a short line "
            "without final punctuation followed by its text",
            None,
        ),
        (
            b"Just text.\n",
            {"filename": "a.md"},
            "no heading found: a Markdown briefing needs at least one # or ## heading",
            None,
        ),
        (
            b"Lesson\ntext.\nA | B\n--- | --- | ---\n",
            {},
            "the table rule has 3 columns but the header row above it has 2 columns",
            4,
        ),
        (
            b"Lesson\ntext.\n---|---\n",
            {},
            "table rule without a header row above it",
            3,
        ),
    ],
)
def test_errors(raw, kwargs, message, line):
    with pytest.raises(IngestError) as error:
        ingest(raw, **kwargs)
    assert error.value.message == message
    assert error.value.line == line
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "Łódź and château",
        "São Paulo, naïve, 3,5 M€ — “curly” ‘quotes’ at 20 °C.",
        "Ελληνικά, العربية, 中文 and 😀.",
        "Already clean text. With two sentences.",
    ],
)
def test_legitimate_paragraphs_survive_ingest(text):
    document = ingest(f"Heading\n{text}\n".encode()).document
    assert document.lessons[0].blocks == (Paragraph(text),)


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(list(SourceFormat)))
def test_arbitrary_bytes_raise_only_ingest_errors(raw, source_format):
    try:
        ingest(raw, source_format=source_format)
    except IngestError as error:
        assert error.message
        assert "\n" not in error.message


structured_text = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "Heading",
                "# Title",
                "## Lesson",
                "- Term: description",
                "- **Bold**: text",
                "A | B |",
                "---|---|",
                "|---|",
                "x | y | z",
                "   ",
                "> quote",
                "```",
                "1. item",
                "â˘ \u28a0",
            ]
        ),
    ),
    max_size=25,
).map("\n".join)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(structured_text, st.sampled_from(list(SourceFormat)))
def test_arbitrary_text_raises_only_ingest_errors(text, source_format):
    try:
        result = ingest(text.encode("utf-8", "surrogatepass"), source_format=source_format)
    except IngestError as error:
        assert error.message
        return
    assert result.document.lessons
    assert all(lesson.blocks for lesson in result.document.lessons)
