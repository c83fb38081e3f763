"""Language detection by stop words: inline texts, the corpus and the seed."""

from pathlib import Path

import pytest

from briefing.ingest import ingest
from briefing.ingest.document import Document, Lesson, Paragraph
from briefing.ingest.language import DEFAULT_LANGUAGE, detect_language, detect_text_language
from briefing.ingest.repair import decode
from tests.corpus import corpus_dir

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "000_37c95f02dd4935a7.txt"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The partnership is built on trust and on the exchange of information "
            "between the forces, which will be trained for the new role.",
            "en",
        ),
        (
            "Le programme a été présenté aux ministres et il est mis en œuvre par les "
            "équipes du ministère, qui sont chargées de l’évaluation des mesures.",
            "fr",
        ),
        (
            "Die Partnerschaft ist nicht neu, und sie wird mit den Behörden der Region "
            "auf eine Grundlage gestellt, die auch für die Zukunft trägt.",
            "de",
        ),
        (
            "El programa de la agencia es una parte de los planes para el futuro, y "
            "se presenta con los resultados del año por los equipos.",
            "es",
        ),
    ],
)
def test_stop_words_name_the_language(text, language):
    assert detect_text_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Tock HRLinks 1995 ScubaGear",
        "le les des et qui pour dans",
        "the of and to in is are was le la les des du et est une qui pour",
    ],
)
def test_too_few_stop_words_or_too_close_a_call_is_english(text):
    assert detect_text_language(text) == DEFAULT_LANGUAGE


def test_detect_language_reads_the_whole_document():
    french = "Les équipes de la région sont chargées de la mise en œuvre des mesures et du suivi."
    document = Document("Titre", (Lesson("Portée", (Paragraph(french),)),))
    assert detect_language(document) == "fr"


def test_ingest_reports_the_language_of_the_seed():
    assert ingest(SEED.read_bytes(), filename=SEED.name).language == "en"


def test_corpus_05_is_french_and_the_rest_english():
    """On the raw Markdown, so that the test does not depend on the Markdown parser."""
    corpus = corpus_dir()
    documents = sorted(corpus.glob("*.md"))
    documents.remove(corpus / "SOURCES.md")
    assert len(documents) == 10
    found = {
        path.name[:2]: detect_text_language(decode(path.read_bytes())[0]) for path in documents
    }
    assert found == {name: ("fr" if name == "05" else "en") for name in found}


@pytest.mark.parametrize(
    "name", ["04-scubagear-service-principal-workflows", "06-18f-tock-time-tracking"]
)
def test_plain_text_twins_are_english_despite_their_french_paragraph(name):
    path = corpus_dir() / "text" / f"{name}.damaged.txt"
    assert ingest(path.read_bytes(), filename=path.name).language == "en"
