"""Phrase books (issue 9): prompts in the document's language, French articles and elision."""

from quizzes.generate import generate
from quizzes.generate.phrases import definite, gender_of, of, phrase_book
from tests.unit.generate_helpers import FOCUS_TABLE, one_lesson, skipped, table

MESURES = table(
    ("Mesure de protection", "Objectif"),
    ("Gérer l’accès", "Limiter les droits des comptes"),
    ("Journalisation", "Conserver les traces des événements"),
    ("Segmentation", "Séparer les réseaux sensibles"),
    ("Sauvegarde", "Restaurer les données après un incident"),
)


def test_french_articles_and_elision():
    assert definite("description", "f") == "la description"
    assert definite("plan", "m") == "le plan"
    assert definite("étape", "f") == "l’étape"
    assert of("le plan") == "du plan"
    assert of("les étapes") == "des étapes"
    assert of("la mesure") == "de la mesure"
    assert of("l’étape") == "de l’étape"
    assert of("Ottawa") == "d’Ottawa"
    assert of("Paris") == "de Paris"
    assert gender_of("Mesures") == "f" and gender_of("Objectif") == "m"
    assert gender_of("Bidule") is None


def test_a_french_document_gets_french_prompts():
    result = generate(one_lesson(MESURES, title="Mesures"), language="fr")
    assert result.questions
    prompts = [q.prompt for q in result.questions]
    assert "Quel objectif correspond à «\u00a0Journalisation\u00a0»\u00a0?" in prompts
    assert any(p.startswith("Vrai ou faux\u00a0:") for p in prompts)
    assert any(p.startswith("Dans «\u00a0Mesures\u00a0», associez") for p in prompts)
    for question in result.questions:
        assert "Which" not in question.prompt and "True or false" not in question.prompt
        assert all(o.feedback != "Correct." for o in question.options)


def test_an_unknown_gender_gets_a_neutral_phrasing():
    block = table(
        ("Pays", "Bidule"), ("France", "Rouge vif"), ("Japon", "Bleu nuit"), ("Pérou", "Vert pâle")
    )
    prompts = [q.prompt for q in generate(one_lesson(block), language="fr").questions]
    assert any(p.startswith("Quel élément de la colonne «\u00a0Bidule\u00a0»") for p in prompts)


def test_a_language_without_a_phrase_book_generates_nothing_from_tables():
    assert phrase_book("fr-CA") is phrase_book("fr")
    assert phrase_book("de") is None
    result = generate(one_lesson(FOCUS_TABLE), language="de")
    assert not result.questions
    assert any("No phrase book for the language “de”" in reason for reason in skipped(result))
    assert generate(one_lesson(FOCUS_TABLE), language="en").questions


def test_a_value_to_key_prompt_names_the_value_column():
    """ "1 hour" may be a response time or an update frequency: the prompt says which."""
    priorities = table(
        ("Type", "Response time", "Update frequency"),
        ("Critical", "20 minutes", "1 hour"),
        ("Major", "1 hour", "2 hours"),
        ("Minor", "1 business day", "Once a week"),
    )
    english = [q.prompt for q in generate(one_lesson(priorities)).questions]
    assert "Which type has the update frequency “2 hours”?" in english
    french_table = table(
        ("Mesure", "Profil 1", "Profil 2"),
        ("Gérer l’accès", "Requise en tout temps", "Conseillée"),
        ("Journalisation", "Conseillée", "Requise au minimum"),
        ("Sauvegarde", "Facultative", "Requise chaque jour"),
    )
    french = [q.prompt for q in generate(one_lesson(french_table), language="fr").questions]
    nbsp = "\u00a0"
    asked = (
        f"Quelle mesure a «{nbsp}Requise chaque jour{nbsp}» "
        f"dans la colonne «{nbsp}Profil 2{nbsp}»{nbsp}?"
    )
    assert asked in french, french
