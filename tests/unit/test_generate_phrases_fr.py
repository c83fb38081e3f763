"""Ordering, cloze and match questions in the French phrase book (issue 9, point 6)."""

from briefing.ingest.document import Heading
from quizzes.generate import generate
from quizzes.generate.ordering import list_subject, subject_of_title
from quizzes.generate.phrases import French, possessive
from quizzes.generate.spec import QuestionKind
from tests.unit.generate_helpers import (
    document,
    generate_unlinted,
    lesson,
    of_kind,
    one_lesson,
    paragraph,
    steps,
    table,
    terms,
)

NBSP = "\u00a0"
FRENCH = French()
INSTALL_STEPS = steps(
    "Télécharger le paquet.",
    "Vérifier la signature.",
    "Lancer l’installateur.",
    "Redémarrer le service.",
)
GLOSSAIRE = terms(
    ("Chiffrement intégral", "Rendre les données illisibles sans la clé"),
    ("Authentification forte", "Vérifier l’identité par deux facteurs distincts"),
    ("Moindre privilège", "Donner à chacun les seuls droits utiles"),
)
USES_STRONG_AUTH = paragraph(
    "Chaque administrateur doit utiliser l’authentification forte pour se connecter aux serveurs."
)


def fr(text: str) -> str:
    """French typography: a no-break space inside guillemets and before ":" and ";"."""
    return (
        text.replace("« ", f"«{NBSP}")
        .replace(" »", f"{NBSP}»")
        .replace(" :", f"{NBSP}:")
        .replace(" ;", f"{NBSP};")
    )


def test_a_french_ordering_question_is_asked_and_explained_in_french():
    intro = paragraph(
        f"Les versions sortent chaque semaine. Pour publier une version, suivez ces étapes{NBSP}:"
    )
    doc = one_lesson(Heading("Publication"), intro, INSTALL_STEPS, title="Diffusion")
    (question,) = of_kind(generate_unlinted(doc, language="fr"), QuestionKind.ORDERING)
    assert question.prompt == "Remettez dans l’ordre les étapes pour publier une version."
    assert question.explanation == fr(
        "Dans « Diffusion », les étapes se suivent dans cet ordre : 1. Télécharger le paquet ; "
        "2. Vérifier la signature ; 3. Lancer l’installateur ; 4. Redémarrer le service."
    )


def test_an_english_ordering_question_is_unchanged():
    doc = one_lesson(Heading("Installing the agent"), INSTALL_STEPS, title="Rollout")
    (question,) = of_kind(generate_unlinted(doc), QuestionKind.ORDERING)
    assert question.prompt == "Put the steps of installing the agent in order."
    assert question.explanation.startswith("In “Rollout”, the steps come in this order: 1. ")


def test_french_titles_name_the_steps_with_articles_and_elision():
    assert subject_of_title("Comment installer l’agent", FRENCH) == (
        "les étapes pour installer l’agent"
    )
    assert subject_of_title("Installer ScubaGear", FRENCH) == "les étapes pour installer ScubaGear"
    assert subject_of_title("Étapes de déploiement", FRENCH) == "les étapes de déploiement"
    assert subject_of_title("Étapes d'installation", FRENCH) == "les étapes d’installation"
    assert subject_of_title("Étape 2 : Processus de publication", FRENCH) == (
        "les étapes du processus de publication"
    )
    assert subject_of_title("Installation de l’agent", FRENCH) == (
        "les étapes de l’installation de l’agent"
    )
    assert subject_of_title("Déploiement du service", FRENCH) == (
        "les étapes du déploiement du service"
    )
    assert subject_of_title("La procédure d’urgence", FRENCH) == (
        "les étapes de la procédure d’urgence"
    )
    assert subject_of_title("Fichier de configuration", FRENCH) == fr(
        "les étapes de la section « Fichier de configuration »"
    )
    assert subject_of_title("", FRENCH) == "ces étapes"


def test_french_introducing_sentences_name_the_steps():
    def subject(intro: str) -> str:
        return list_subject((Heading("Publication"), paragraph(intro)), "Leçon", FRENCH)

    assert subject("Les étapes pour publier une version sont :") == (
        "les étapes pour publier une version"
    )
    assert subject("Voici les étapes à suivre pour configurer le pare-feu :") == (
        "les étapes à suivre pour configurer le pare-feu"
    )
    assert subject("Le processus de révision comprend les étapes suivantes :") == (
        "les étapes du processus de révision"
    )
    # "Pour ce faire" names no goal: the heading does.
    assert subject(f"Pour ce faire, suivez ces étapes{NBSP}:") == "les étapes de la publication"


def test_a_french_cloze_is_explained_in_french():
    doc = document(lesson("Sécurité", GLOSSAIRE, USES_STRONG_AUTH))
    (question,) = of_kind(generate_unlinted(doc, language="fr"), QuestionKind.CLOZE)
    assert question.prompt == (
        "Chaque administrateur doit utiliser l’____ pour se connecter aux serveurs."
    )
    assert question.explanation == fr(
        "Dans « Sécurité », la phrase complète est : « Chaque administrateur doit utiliser "
        "l’authentification forte pour se connecter aux serveurs. » "
        "Authentification forte est un terme de « Sécurité »."
    )


def test_a_french_cloze_on_a_table_key_names_its_column():
    mesures = table(
        ("Mesure de protection", "Objectif"),
        ("Journalisation centralisée", "Conserver les traces des événements"),
        ("Sauvegarde hors ligne", "Restaurer les données après un incident"),
        ("Gestion des accès", "Limiter les droits des comptes"),
    )
    sentence = paragraph("La journalisation centralisée permet de retrouver les traces passées.")
    doc = document(lesson("", mesures, sentence))
    (question,) = of_kind(generate_unlinted(doc, language="fr"), QuestionKind.CLOZE)
    assert question.explanation.endswith(
        fr(
            "Journalisation centralisée est une mesure de protection du tableau "
            "« Mesure de protection | Objectif » de la leçon 1."
        )
    )


def test_a_french_term_with_several_meanings_cites_every_lesson():
    doc = document(
        lesson("Un", GLOSSAIRE, USES_STRONG_AUTH),
        lesson("Deux", terms(("Authentification forte", "Un code à usage unique"), ("X", "Y"))),
    )
    (question,) = of_kind(generate_unlinted(doc, language="fr"), QuestionKind.CLOZE)
    assert question.explanation.endswith(
        fr(
            "Authentification forte a plusieurs sens d’une leçon à l’autre "
            "(défini dans « Un » et « Deux ») : c’est la phrase elle-même qui le précise."
        )
    )


def test_an_english_cloze_is_explained_in_english():
    english = terms(("Strong authentication", "Two distinct factors prove who you are"))
    sentence = paragraph("Every administrator must use strong authentication to reach servers.")
    (question,) = of_kind(generate_unlinted(one_lesson(english, sentence)), QuestionKind.CLOZE)
    assert question.explanation == (
        "The sentence in “Lesson one” reads: “Every administrator must use strong "
        "authentication to reach servers.” Strong authentication is a term of “Lesson one”."
    )


def test_a_french_term_list_is_matched_by_term_and_description():
    doc = one_lesson(Heading("Vocabulaire"), GLOSSAIRE, title="Sécurité")
    (question,) = of_kind(generate(doc, language="fr"), QuestionKind.MATCH)
    assert question.prompt == fr("Dans « Vocabulaire », associez chaque terme à sa description.")
    assert possessive("objectif", "m") == "son"
    assert possessive("étape", "f") == "son"
    assert possessive("description", "f") == "sa"


def test_the_linter_keeps_french_ordering_and_cloze_questions():
    intro = paragraph(f"Pour installer l’agent, suivez ces étapes{NBSP}:")
    doc = document(lesson("Sécurité", GLOSSAIRE, USES_STRONG_AUTH, intro, INSTALL_STEPS))
    kinds = (QuestionKind.ORDERING, QuestionKind.CLOZE)
    linted = [q for q in generate(doc, language="fr").questions if q.kind in kinds]
    unlinted = [q for q in generate_unlinted(doc, language="fr").questions if q.kind in kinds]
    assert [q.kind for q in linted] == [QuestionKind.CLOZE, QuestionKind.ORDERING]
    assert [q.fingerprint for q in linted] == [q.fingerprint for q in unlinted]
