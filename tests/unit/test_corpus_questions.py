"""Questions on every real document of the corpus (issue 9's acceptance, measured).

Each document is ingested and its questions generated in its detected language,
as an import does. What an instructor would delete must not be there: the
linter finds nothing in any lesson's pool, no question asks about an identifier
or shows markup, every usable key column and term list is asked about, and a
French document gets French prompts.
"""

import re
from collections import defaultdict

import pytest

from briefing.ingest import Table, TermList, ingest
from quizzes.generate import generate
from quizzes.generate.lint import detect_language, is_identifier, lint_briefing
from quizzes.generate.spec import QuestionKind
from quizzes.generate.triage import triage_tables
from tests.corpus import corpus_dir

MARKUP_RE = re.compile(r"\{%|\{\{|<%|</?[a-zA-Z][^<>]*>|&#?\w+;|\[\^|\]\(")


def corpus_paths() -> list:
    try:
        folder = corpus_dir()
    except FileNotFoundError:
        return ["missing"]  # corpus_document fails with the reason
    return sorted(folder.glob("[0-9]*.md")) + sorted((folder / "text").glob("*.txt"))


@pytest.fixture(scope="module", params=corpus_paths(), ids=lambda path: getattr(path, "name", path))
def corpus_document(request):
    if request.param == "missing":
        corpus_dir()  # raises FileNotFoundError naming where it looked
    ingested = ingest(request.param.read_bytes(), filename=request.param.name)
    result = generate(ingested.document, language=ingested.language)
    return request.param.name, ingested, result


def test_the_linter_finds_nothing_in_any_lesson_pool(corpus_document):
    _, ingested, result = corpus_document
    pools = defaultdict(list)
    for question in result.questions:
        pools[question.lesson].append(question)
    findings = lint_briefing(list(pools.values()), ingested.document, language=ingested.language)
    flagged = [found for pool in findings for found in pool if found]
    assert not flagged


def test_no_question_on_an_identifier_and_no_markup(corpus_document):
    _, _, result = corpus_document
    for question in result.questions:
        options = [option.text for option in question.options]
        assert not MARKUP_RE.search(" ".join([question.prompt, *options])), question.prompt
        if question.kind == QuestionKind.CHOICE:
            assert not is_identifier(question.answer), question.prompt


def test_every_usable_key_column_and_term_list_is_asked_about(corpus_document):
    _, ingested, result = corpus_document
    triage = triage_tables(ingested.document)
    asked = {(q.lesson, q.source.block) for q in result.questions}
    for lesson_position, lesson in enumerate(ingested.document.lessons):
        for block_position, block in enumerate(lesson.blocks):
            place = (lesson_position, block_position)
            if isinstance(block, TermList) and len(block.terms) >= 3:
                assert place in asked, f"term list {place} gave no question"
            verdict = triage.of(*place) if isinstance(block, Table) else None
            if verdict is not None and not verdict.asks_nothing and len(block.rows) >= 3:
                assert place in asked, f"table {place} {block.header} gave no question"


def test_prompts_are_in_the_documents_language(corpus_document):
    name, ingested, result = corpus_document
    if name.startswith("05-"):
        assert ingested.language == "fr"
    prompts = " ".join(question.prompt for question in result.questions)
    if prompts:
        assert detect_language(prompts) in (ingested.language, None), name
