"""Invariants over every question of the seed, of inline documents and of random ones."""

from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.ingest.document import Paragraph, Table, TableShape, Term, TermList
from tests.unit.generate_helpers import (
    FOCUS_TABLE,
    check_invariants,
    document,
    lesson,
    paragraph,
    table,
    terms,
)

KEYS = [
    "Alpha",
    "alpha.",
    "Beta",
    "Gamma Ray",
    "Delta Force",
    "Łódź Office",
    "Intelligence Sharing",
    "São Paulo Desk",
    "U.S. Army",
    "------",
    "The",
    "",
]
WORDS = [
    "plan",
    "joint",
    "missions",
    "the",
    "naïve",
    "Ελλάδα",
    "growth",
    "cyber",
    "of",
    "x",
    "U.S.",
    "e.g.",
    "—",
    "ends.",
    "Again!",
]
HEADERS = [
    "Focus Area",
    "Action Plan",
    "Action Steps",
    "Description",
    "Expected Outcomes",
    "Capital",
    "",
    "#",
    "Challenges",
    "Opportunities",
]

texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join)
cells = st.one_of(texts, st.sampled_from(KEYS))
keys = st.sampled_from(KEYS)


@st.composite
def tables(draw):
    width = draw(st.integers(1, 3))
    header = tuple(draw(st.sampled_from(HEADERS)) for _ in range(width))
    rows = draw(
        st.lists(
            st.tuples(keys, *[cells] * (width - 1)) if width > 1 else st.tuples(keys),
            max_size=9,
        )
    )
    shape = draw(st.sampled_from(list(TableShape)))
    return Table(header, tuple(rows), shape)


term_lists = st.lists(st.builds(Term, keys, texts), max_size=8).map(
    lambda items: TermList(tuple(items))
)
sentences = st.lists(st.one_of(st.sampled_from(WORDS), keys), min_size=1, max_size=14).map(
    lambda words: " ".join(words).strip().capitalize() + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(lambda s: Paragraph(" ".join(s)))
blocks = st.one_of(tables(), term_lists, paragraphs)
documents = st.lists(
    st.tuples(st.sampled_from(["One", "Two", ""]), st.lists(blocks, max_size=4)),
    min_size=1,
    max_size=3,
).map(lambda lessons: document(*(lesson(title, *items) for title, items in lessons)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.integers(0, 5))
def test_invariants_hold_on_random_documents(doc, seed):
    check_invariants(doc, seed)


def test_invariants_hold_on_adversarial_inline_documents():
    duplicate_keys = table(("Focus Area", "Action Plan"), ("Alpha", "One plan"), ("alpha", "Two"))
    same_values = table(("Item", "Status"), ("One", "Done"), ("Two", "Done"), ("Three", "Done"))
    one_row = table(("Focus Area", "Action Plan"), ("Lonely", "Single plan of action"))
    empty_cells = table(("Focus Area", "Action Plan"), ("", "Orphan"), ("Gap", ""), ("A", "B c"))
    three_columns = table(
        ("Country", "Main City", "Largest City"),
        ("France", "Paris", "Marseille"),
        ("Spain", "Marseille", "Madrid"),
        ("Italy", "Rome", "Milan"),
    )
    long_cells = table(
        ("Focus Area", "Description"),
        ("Short", "Tiny."),
        ("Long", "A description that goes on and on " * 10),
        ("Medium", "A description of a medium length."),
    )
    glossary = terms(("Alpha", "One plan"), ("Beta", "Another plan entirely"), ("", "No term"))
    for blocks_of_lesson in (
        [duplicate_keys, same_values, one_row],
        [empty_cells, three_columns, long_cells],
        [glossary, FOCUS_TABLE, paragraph("Alpha and the Community Resilience plan grow.")],
    ):
        for seed in range(3):
            check_invariants(document(lesson("Adversarial", *blocks_of_lesson)), seed)
