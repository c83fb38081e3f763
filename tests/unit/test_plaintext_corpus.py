"""The plain-text twins of two corpus documents keep their Markdown originals' tables.

Expected shapes are the Markdown originals' tables as SOURCES.md lists them
(columns × body rows): 04 has a 3 × 5 and a 2 × 6 table, 06 four 3-column
tables of 4, 6, 4 and 18 rows. The damaged twins carry the seed's mojibake.
"""

import pytest

from briefing.ingest import ingest
from briefing.ingest.document import ItemList, Table, TermList
from tests.corpus import corpus_dir

TWINS = {
    "04-scubagear-service-principal-workflows": [(3, 5), (2, 6)],
    "06-18f-tock-time-tracking": [(3, 4), (3, 6), (3, 4), (3, 18)],
}


def tables(result):
    return [
        block
        for lesson in result.document.lessons
        for block in lesson.blocks
        if isinstance(block, Table)
    ]


@pytest.mark.parametrize("variant", ["clean", "damaged"])
@pytest.mark.parametrize("name", sorted(TWINS))
def test_twin_has_the_tables_of_its_markdown_original(name, variant):
    path = corpus_dir() / "text" / f"{name}.{variant}.txt"
    result = ingest(path.read_bytes(), filename=path.name)
    found = [(len(table.header), len(table.rows)) for table in tables(result)]
    assert found == TWINS[name]
    assert "table_split" not in result.report.counts


def shape(document):
    """Lessons and their blocks' kinds and sizes: what parsing decides, not the wording."""
    return [
        (len(lesson.blocks), [(block.kind, block_size(block)) for block in lesson.blocks])
        for lesson in document.lessons
    ]


def block_size(block):
    if isinstance(block, Table):
        return len(block.rows)
    if isinstance(block, TermList):
        return len(block.terms)
    if isinstance(block, ItemList):
        return len(block.items)
    return 1


@pytest.mark.parametrize("name", sorted(TWINS))
def test_damaged_twin_has_the_structure_of_the_clean_one(name):
    clean, damaged = (
        ingest((corpus_dir() / "text" / f"{name}.{variant}.txt").read_bytes())
        for variant in ("clean", "damaged")
    )
    assert damaged.report.counts["mojibake"] > 0
    assert damaged.document.title == clean.document.title
    assert shape(damaged.document) == shape(clean.document)


def test_twin_06_takes_its_title_from_the_flattened_front_matter():
    path = corpus_dir() / "text" / "06-18f-tock-time-tracking.clean.txt"
    result = ingest(path.read_bytes(), filename=path.name)
    assert result.document.title == "Tracking your time and using Tock"
    assert result.report.counts["front_matter"] == 1
    first = result.document.lessons[0]
    assert first.blocks[0].text.startswith("Tock is a different tool than HRLinks")
    assert tables(result)[0].header == ("", "Tock timesheet", "HRLinks timesheet")
