"""Hypothesis fuzzing of the ingest pipeline, the YAML reader and the question validator.

Each property names the one error type its code documents: anything else
raised is a bug the test reports with the input that caused it.
"""

from __future__ import annotations

import random

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.exchange import load_yaml, parse_lessons
from briefing.ingest import IngestError, IngestResult, SourceFormat, ingest
from learning.scoring import build_snapshot, feedback, public_view
from quizzes.generate import generate
from quizzes.shape import KINDS, InvalidQuestion, answer_shape_errors

FUZZ = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])

# The pieces hostile documents are made of: markup that opens and never closes,
# nesting, table syntax, mojibake forms, control characters, footnotes.
HOSTILE_PIECES = [
    *("<a", "<!--", "-->", "</", "<![", "<br>", "<script>", "&#", "&amp;", "&lt;"),
    *("{%", "%}", "{{", "}}", "<%", "%>", "{:", "{% comment %}", "{% endcomment %}"),
    *("[", "]", "](", "![", "[^1]", "*", "**", "_", "`", "```", "~~~", "¹", "²"),
    *("> ", ">>>>>>", "  - ", "- ", "1. ", "2) ", "    ", "\t", "|", "---|---", "\\|"),
    *("# ", "## ", "### ", "Heading", "Term: text", "**Term**: text", "a.", "U.S.", "e.g."),
    *("â˘", "â¤", "\u28a0", "\u2060", "\xa0", "\u202e", "\x1b[31m", "\x07", "\r", "\ufeff"),
    *(" " * 40, "\n", "\n\n", "word", "Words,words.The", "x" * 200),
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=60
).map("".join)


@FUZZ
@given(hostile_text, st.sampled_from(list(SourceFormat)))
def test_ingest_returns_a_document_or_raises_an_ingest_error(text, source_format):
    try:
        result = ingest(text.encode("utf-8", "surrogatepass"), source_format=source_format)
    except IngestError as error:
        assert error.message and "\n" not in error.message
        return
    assert isinstance(result, IngestResult)
    assert all(lesson.blocks for lesson in result.document.lessons)
    generate(result.document, language=result.language)


YAML_PIECES = [
    *("version: 2\n", "title: T\n", "lessons:\n", "- ", "  ", "slug: s\n", "blocks: ", "kind: "),
    *("&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ", ", ": ", "? ", "!!str ", "!!binary "),
    *("!!python/object:os.system ", "<<: *a\n", "'", '"', "\\0", "|\n", ">\n", "#", "\n"),
    *("paragraph", "table", "list", "items: ", "text: x", "null", "true", "no", "1.5", "~"),
]
yaml_like = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=6)), max_size=50).map(
    "".join
)


@FUZZ
@given(yaml_like)
def test_the_yaml_reader_returns_a_document_or_raises_an_ingest_error(text):
    try:
        document = parse_lessons(load_yaml(text.encode("utf-8", "surrogatepass")))
    except IngestError as error:
        assert error.message
        return
    assert document[0].lessons


json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), st.text(max_size=5)
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
block_keys = st.sampled_from(
    ["kind", "text", "terms", "term", "description", "shape", "header", "rows", "level"]
    + ["items", "ordered", "start", "language"]
)
block_like = st.dictionaries(
    block_keys,
    st.one_of(
        json_value, st.sampled_from(["paragraph", "term_list", "table", "heading", "list", "code"])
    ),
    max_size=6,
)
export_like = st.fixed_dictionaries(
    {
        "version": st.one_of(st.sampled_from([1, 2]), json_leaf),
        "title": st.one_of(st.text(max_size=10), json_leaf),
        "lessons": st.lists(
            st.fixed_dictionaries(
                {
                    "slug": st.one_of(st.from_regex(r"[a-z]{1,8}", fullmatch=True), json_leaf),
                    "title": st.one_of(st.text(min_size=1, max_size=10), json_leaf),
                    "archived": st.one_of(st.booleans(), json_leaf),
                    "blocks": st.one_of(st.lists(block_like, max_size=4), json_leaf),
                }
            ),
            max_size=3,
        ),
    }
)


@FUZZ
@given(export_like)
def test_a_wrongly_typed_export_is_an_ingest_error_never_a_crash(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        parse_lessons(load_yaml(text.encode()))
    except IngestError as error:
        assert error.message


option_like = st.one_of(
    st.fixed_dictionaries({"text": st.one_of(st.text(max_size=6), json_leaf)}),
    st.fixed_dictionaries(
        {"text": st.sampled_from(["A", "B", "True", "False"]), "feedback": json_value}
    ),
    json_value,
)
question_like = st.fixed_dictionaries(
    {
        "kind": st.one_of(st.sampled_from(KINDS), st.text(max_size=5)),
        "prompt": st.one_of(st.sampled_from(["Which ____?", "Sort them."]), json_leaf),
        "options": st.one_of(st.lists(option_like, max_size=4), json_value),
        "answer": st.one_of(
            st.sampled_from(["A", True, False, ["A", "B"], {"x": "A", "y": "B"}]), json_value
        ),
        "explanation": st.one_of(st.text(max_size=5), json_leaf),
    }
)


@settings(deadline=None, max_examples=400)
@given(question_like)
def test_a_question_the_validator_accepts_can_always_be_shown(question):
    """``answer_shape_errors`` and ``build_snapshot`` agree: what passes can be shown,
    what cannot be shown is refused with a field's message, never a crash."""
    errors = answer_shape_errors(
        question["kind"], question["prompt"], question["options"], question["answer"]
    )
    try:
        snapshot = build_snapshot(question, rng=random.Random(0))
    except InvalidQuestion:
        return
    assert not errors
    public_view(snapshot)
    feedback(snapshot, None)
