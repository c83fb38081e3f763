"""The structure pass: capitals, whitespace, table shapes."""

import pytest

from briefing.ingest.document import (
    Document,
    ItemList,
    Lesson,
    ListItem,
    Paragraph,
    Table,
    TableShape,
    Term,
    TermList,
)
from briefing.ingest.normalise import (
    capitalise_sentences,
    capitalise_word,
    ends_sentence,
    guess_shape,
    normalise,
)


def one_lesson(*blocks, title="lesson title"):
    return Document(None, (Lesson(title, blocks),))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("component", "Component"),
        ("counter-Propaganda", "Counter-Propaganda"),
        ("(this", "(This"),
        ("“the", "“The"),
        ("élan", "Élan"),
        ("ωμέγα", "Ωμέγα"),
        ("Already", "Already"),
        ("iPhone", "iPhone"),
        ("eBay", "eBay"),
        ("pH", "pH"),
        ("x2", "x2"),
        ("https://example.com", "https://example.com"),
        ("www.example.com", "www.example.com"),
        ("someone@example.org", "someone@example.org"),
        ("node.js", "node.js"),
        ("report.pdf", "report.pdf"),
        ("ßtraße", "ßtraße"),
        ("42", "42"),
        ("العربية", "العربية"),
    ],
)
def test_capitalise_word(word, expected):
    assert capitalise_word(word) == expected


@pytest.mark.parametrize(
    ("word", "ends"),
    [
        ("(ISF).", True),
        ("Iraq.", True),
        ("why?", True),
        ("done!”", True),
        ("end.)", True),
        ("U.S.", False),
        ("e.g.", False),
        ("i.e.", False),
        ("etc.", False),
        ("vs.", False),
        ("Mr.", False),
        ("Dr.", False),
        ("J.", False),
        ("wait...", False),
        ("wait…", False),
        ("word", False),
    ],
)
def test_ends_sentence(word, ends):
    assert ends_sentence(word) is ends


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the Iraqi Security Forces (ISF). this new phase",
            "The Iraqi Security Forces (ISF). This new phase",
        ),
        ("in the U.S. military engagement", "In the U.S. military engagement"),
        ("tools, e.g. the radio, etc. and more", "Tools, e.g. the radio, etc. and more"),
        ("met Mr. smith. then left", "Met Mr. smith. Then left"),
        ("really? yes! iPhone sales. eBay too", "Really? Yes! iPhone sales. eBay too"),
        ("see www.example.com. it works", "See www.example.com. It works"),
    ],
)
def test_capitalise_sentences(text, expected):
    assert capitalise_sentences(text) == expected


@pytest.mark.parametrize(
    ("header", "rows", "shape"),
    [
        (
            ("Focus Area", "Action Plan"),
            (("Counterterrorism Operations", "Joint exercises"),),
            TableShape.KEY_VALUE,
        ),
        (
            ("component", "Description"),
            (("Capacity Building", "Development programs."),),
            TableShape.KEY_VALUE,
        ),
        (
            ("key Focus Areas", "Expected Outcomes"),
            (("Enhanced Training", "Increased proficiency"),),
            TableShape.KEY_VALUE,
        ),
        (
            ("Challenges", "Opportunities"),
            (("Addressing extremist threats", "Community resilience programs"),),
            TableShape.PARALLEL_LISTS,
        ),
        (("Pros", "Cons"), (("Cheap", "Slow"),), TableShape.PARALLEL_LISTS),
        (("Strengths", "Weaknesses"), (("Fast", "Costly"),), TableShape.PARALLEL_LISTS),
        (("Before", "After"), (("Manual", "Automated"),), TableShape.PARALLEL_LISTS),
        (("Do", "Don't"), (("Listen", "Interrupt"),), TableShape.PARALLEL_LISTS),
        (("Advantages", "Disadvantages"), (("Cheap", "Slow"),), TableShape.PARALLEL_LISTS),
        (
            ("Strengths", "Weaknesses", "Opportunities", "Threats"),
            (("A", "B", "C", "D"),),
            TableShape.PARALLEL_LISTS,
        ),
        (
            ("Risks", "Mitigations"),
            (("Losing customer data to ransomware", "Keep offsite backups"),),
            TableShape.PARALLEL_LISTS,
        ),
        (("Risks", "Mitigations"), (("Data loss", "Backups"),), TableShape.KEY_VALUE),
        (("Problem", "Solution"), (("Too slow to react", "Train more"),), TableShape.KEY_VALUE),
        (("Items",), (("One",),), TableShape.PARALLEL_LISTS),
    ],
)
def test_guess_shape(header, rows, shape):
    assert guess_shape(header, rows) is shape


def test_headers_keys_terms_and_descriptions_are_capitalised():
    document = one_lesson(
        TermList(
            (
                Term(" counter-Propaganda  Efforts ", "ensuring logistical support. then more."),
                Term("iPhone Apps", "eBay listings"),
            )
        ),
        Table(
            ("component", " key  Focus Areas "),
            (("strategic consultation", "high-level talks"), ("", ""), ("x", " n/a ")),
        ),
    )
    normalised, report = normalise(document)
    term_list, table = normalised.lessons[0].blocks
    assert term_list.terms == (
        Term("Counter-Propaganda Efforts", "Ensuring logistical support. Then more."),
        Term("iPhone Apps", "eBay listings"),
    )
    assert table.header == ("Component", "Key Focus Areas")
    assert table.rows == (("Strategic consultation", "high-level talks"), ("X", "n/a"))
    assert table.shape is TableShape.KEY_VALUE
    assert report.counts == {"capitalised": 7}
    assert report.samples[0].before == "counter-Propaganda Efforts"
    assert report.samples[0].after == "Counter-Propaganda Efforts"


def test_parallel_list_cells_are_left_as_written():
    document = one_lesson(Table(("Challenges", "Opportunities"), (("weak links", "new ties"),)))
    normalised, _ = normalise(document)
    assert normalised.lessons[0].blocks[0].rows == (("weak links", "new ties"),)
    assert normalised.lessons[0].blocks[0].shape is TableShape.PARALLEL_LISTS


def test_paragraphs_are_capitalised_and_empty_ones_dropped_and_headings_kept():
    document = one_lesson(
        Paragraph("  the transition from Operation Inherent Resolve (ISF). this phase.  "),
        Paragraph("   "),
        Paragraph("U.S. military engagement."),
        title="Enhancing Iraqi security Forces",
    )
    normalised, report = normalise(document)
    lesson = normalised.lessons[0]
    assert lesson.title == "Enhancing Iraqi security Forces"
    assert lesson.blocks == (
        Paragraph("The transition from Operation Inherent Resolve (ISF). This phase."),
        Paragraph("U.S. military engagement."),
    )
    assert report.counts == {"capitalised": 2}


def test_normalise_is_idempotent():
    document = one_lesson(
        Paragraph("the plan. it works."),
        TermList((Term("term", "desc"),)),
        Table(("a", "b"), (("c", "d"),)),
    )
    once, _ = normalise(document)
    twice, report = normalise(once)
    assert twice == once
    assert report.counts == {}


def test_list_items_stay_as_written():
    items = (
        ListItem("javascript", (ListItem("#dev channel"),)),
        ListItem("system access problems"),
    )
    document = Document("T", (Lesson("L", (ItemList(items),)),))
    normalised, report = normalise(document)
    assert normalised.lessons[0].blocks[0].items == items
    assert "capitalised" not in report.counts
