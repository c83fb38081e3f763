"""The language a ``Document`` is written in, by counting stop words: pure Python.

Why a stop-word count and no detector library: a briefing is hundreds of words
of running prose, where the most frequent function words of a language (*the,
of, and* / *le, les, des, et*) settle the question on their own; the count is
deterministic, small, has no model file to ship, and can be read and fixed in
one screen. The libraries weighed were ``langdetect`` (unmaintained since 2021,
random unless seeded), ``lingua-language-detector`` (accurate on short texts,
which we do not need, at the cost of a large wheel of models) and
``py3langid`` (small and maintained, but a model and numpy for a question a
word list answers). The phrase books that use the answer cover English and
French; the other languages are listed so that a Spanish or German document is
not called French.

The answer is an ISO 639-1 code. When the text holds too few stop words, or two
languages score too close to call, it is English (``DEFAULT_LANGUAGE``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from briefing.ingest.document import (
    Document,
    Heading,
    ItemList,
    ListItem,
    Paragraph,
    Table,
    TermList,
)

DEFAULT_LANGUAGE = "en"
# Fewer stop words than this in the whole document: too little to go on.
MIN_HITS = 8
# The best language must score at least this many times the runner-up.
MIN_MARGIN = 1.5
WORD_RE = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The commonest function words of each language; a word shared by two languages
# counts for both. Elided forms (l’, qu’) are split off at the apostrophe.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        """
        the of and to in is are was were that for with on as by this be it from an
        or not have has at which will can their they you we your these those its
        """
    ),
    "fr": _words(
        """
        le la les des du de et est un une en que qui pour dans sur pas par au aux ce
        cette ces il elle ils sont avec ou mais nous vous leur été être l qu
        """
    ),
    "de": _words(
        """
        der die das und ist nicht ein eine mit von den dem zu auf für sich des im
        auch werden wird sind bei oder wir sie es
        """
    ),
    "es": _words(
        """
        el la los las de del y que en un una es por con para se no lo al como más
        pero sus su son está
        """
    ),
    "it": _words(
        """
        il lo la gli le di del della e che un una per non sono con si da nel alla
        anche come più questo è
        """
    ),
    "pt": _words(
        """
        o a os as de do da dos das e que em um uma para com não por se na no mais
        como ao são está
        """
    ),
    "nl": _words(
        """
        de het een en van in is dat op te zijn voor met niet aan er ook als bij
        wordt worden door maar
        """
    ),
}


def detect_language(document: Document) -> str:
    """The ISO 639-1 code of the document's language; English when unsure."""
    return detect_text_language(" ".join(document_texts(document)))


def detect_text_language(text: str) -> str:
    counts = Counter(WORD_RE.findall(text.casefold()))
    scores = {
        language: sum(counts[word] for word in words) for language, words in STOP_WORDS.items()
    }
    ranked = sorted(scores.items(), key=lambda pair: pair[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score < MIN_HITS or best_score < MIN_MARGIN * second_score:
        return DEFAULT_LANGUAGE
    return best


def document_texts(document: Document) -> Iterator[str]:
    """Every piece of prose in the document; code blocks are not prose."""
    if document.title:
        yield document.title
    for lesson in document.lessons:
        yield lesson.title
        for block in lesson.blocks:
            if isinstance(block, Paragraph | Heading):
                yield block.text
            elif isinstance(block, TermList):
                for term in block.terms:
                    yield term.term
                    yield term.description
            elif isinstance(block, Table):
                yield from block.header
                for row in block.rows:
                    yield from row
            elif isinstance(block, ItemList):
                yield from _item_texts(block.items)


def _item_texts(items: tuple[ListItem, ...]) -> Iterator[str]:
    for item in items:
        yield item.text
        yield from _item_texts(item.items)
