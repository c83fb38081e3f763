"""Phrase books: every prompt, explanation and option feedback, per language.

``phrase_book(language)`` gives the book for a language code ("en", "fr",
"fr-CA" → "fr"), or ``None`` when there is none: then nothing is generated
from tables, term lists or headings, and the report says so.

English sentences are built in ``text`` (those of ordering and cloze questions
here); French ones here, with articles and elision ("de l’", "d’", "du", "des",
"le/la/l’"). Each book also reads what a numbered list is for, in its language,
from the sentence that introduces it or from a title ("To X, follow these
steps:", "How to X"; "Pour X, suivez ces étapes :", "Comment X"). A header's gender is used
where a small dictionary knows it; otherwise the header is quoted after a
neutral noun ("la colonne « Plan d’action »"), which needs no gender.
The generation report stays in English: it is read by the instructor.
"""

from __future__ import annotations

import re

from . import text
from .facts import SECTION_KEY_HEADER, TERM_KEY_HEADER, TERM_VALUE_HEADER, Entry
from .text import HeaderRole, header_role
from .words import is_imperative

NBSP = "\u00a0"

# What an ordered list is for, read from its introducing sentence or its title (English).
PROCESS_NOUNS = frozenset(
    {"checklist", "method", "procedure", "process", "routine", "sequence", "workflow"}
)
STEP_NOUNS = frozenset({"phase", "phases", "stage", "stages", "step", "steps"})
# "To do so, follow these steps:" names nothing: the goal is in an earlier sentence.
EMPTY_GOALS = frozenset({"do so", "do this", "do that", "this end", "that end"})
_TO_CLAUSE = re.compile(r"^(?:first,?\s+)?to\s+(?P<goal>[^,:;]+?)\s*(?:,|$)", re.IGNORECASE)
_STEPS_TO = re.compile(
    r"^(?:(?:the|these)\s+)?(?:following\s+)?(?:steps?|stages?|phases?)\s+"
    r"(?P<link>to|for|of|in)\s+(?P<goal>.+?)"
    r"(?:\s+(?:are|is|include|includes|consist of|as follows))?$",
    re.IGNORECASE,
)
_PROCESS_INCLUDES = re.compile(
    r"^(?P<process>.+?)\s+(?:includes|include|involves|involve|consists of|has|goes through)"
    r"(?:\s+(?:the\s+)?(?:following|these)(?:\s+(?:steps|stages|phases))?)?$",
    re.IGNORECASE,
)
_HOW_TO = re.compile(r"^how\s+to\s+(?P<goal>.+)$", re.IGNORECASE)


class English:
    """The English phrase book: sentences built by ``text``. Other books subclass it."""

    code = "en"
    correct = "Correct."
    # What a learner reads on a true/false question's two options (stored as "True"/"False").
    true_false_labels = {"True": "True", "False": "False"}

    def practice_quiz_title(self, lesson_title: str) -> str:
        return f"{lesson_title}: practice quiz"

    def final_exam_title(self, briefing_title: str) -> str:
        return f"{briefing_title}: final exam"

    def quoted(self, value: str) -> str:
        return text.quoted(value)

    def key_to_value(self, entry: Entry) -> str:
        return text.key_to_value_prompt(entry)

    def value_to_key(self, entry: Entry) -> str:
        return text.value_to_key_prompt(entry)

    def true_or_false(self, entry: Entry, shown_value: str) -> str:
        return f"True or false: {text.statement(entry, shown_value)}."

    def it_is_true(self, entry: Entry) -> str:
        return f"It is true. {self.fact_sentence(entry)}"

    def it_is_false(self, shown: Entry, asked_lesson: int) -> str:
        return f"No: {self.quoted(shown.value)} {self.belongs_clause(shown, asked_lesson)}."

    def false_explanation(self, entry: Entry, shown: Entry) -> str:
        where = self.belongs_clause(shown, entry.source.lesson)
        return f"{self.fact_sentence(entry)} {self.quoted(shown.value)} {where}."

    def belongs_clause(self, entry: Entry, asked_lesson: int) -> str:
        return text.belongs_clause(entry, asked_lesson)

    def value_feedback(self, entry: Entry, asked_lesson: int) -> str:
        return text.value_feedback(entry, asked_lesson)

    def key_feedback(self, entry: Entry) -> str:
        return text.key_feedback(entry)

    def fact_sentence(self, entry: Entry) -> str:
        return text.fact_sentence(entry)

    def match_prompt(self, key_header: str, value_header: str, context: str) -> str:
        left = "item"
        if header_role(key_header) != HeaderRole.UNNAMED:
            left = text.noun_phrase(key_header)
        if header_role(value_header) == HeaderRole.UNNAMED:
            asked = f"match each {left} to what goes with it"
        else:
            asked = f"match each {left} to its {text.noun_phrase(value_header)}"
        return f"In {text.quoted(context)}, {asked}" if context else asked[:1].upper() + asked[1:]

    def match_explanation(self, source: str, lesson_title: str, lesson: int) -> str:
        return f"From {source} in {text.lesson_label(lesson_title, lesson)}."

    def term_list_source(self) -> str:
        return "the list of terms"

    def table_source(self, header: tuple[str, ...], column: str | None) -> str:
        label = f"the table {text.table_label(header)}"
        return f"{label}, column {text.quoted(column)}" if column else label

    def sections_source(self, context: str) -> str:
        return f"the sections of {text.quoted(context)}"

    def categorize_prompt(self, headers: list[str], context: str) -> str:
        nouns = [text.noun_phrase(header) for header in headers]
        if all(header_role(header) != HeaderRole.UNNAMED for header in headers) and all(
            len(noun.split()) <= 3 for noun in nouns
        ):
            choices = text.human_list([text.with_article(noun) for noun in nouns], "or")
            where = f" in {text.quoted(context)}" if context else ""
            return f"Sort each item: is it {choices}{where}?"
        where = f"In {text.quoted(context)}, sort" if context else "Sort"
        return f"{where} each item under {text.human_list(headers, 'or')}."

    def categorize_explanation(
        self, header: tuple[str, ...], lists: list[tuple[str, list[str]]], title: str, lesson: int
    ) -> str:
        parts = [
            f"under {column}: " + ", ".join(self.quoted(item) for item in items)
            for column, items in lists
        ]
        where = text.lesson_label(title, lesson)
        return f"In {where}, the table {text.table_label(header)} lists {'; '.join(parts)}."

    def part_suffix(self, part: int, parts: int) -> str:
        return text.part_suffix(part, parts)

    # --- ordering questions --------------------------------------------------------------

    def ordering_prompt(self, subject: str) -> str:
        return f"Put {subject} in order."

    def ordering_explanation(
        self, steps: list[str], title: str, lesson: int, start: int = 1
    ) -> str:
        numbered = "; ".join(
            f"{number}. {step.rstrip('.')}" for number, step in enumerate(steps, start)
        )
        return f"In {text.lesson_label(title, lesson)}, the steps come in this order: {numbered}."

    def steps_of_intro(self, sentence: str) -> str:
        """ "To deploy the app, follow these steps" → "the steps to deploy the app"; else ""."""
        to_clause = _TO_CLAUSE.match(sentence)
        if to_clause:
            goal = to_clause["goal"]
            return "" if goal.lower() in EMPTY_GOALS else f"the steps to {goal}"
        steps_to = _STEPS_TO.match(sentence)
        if steps_to:
            return f"the steps {steps_to['link'].lower()} {steps_to['goal']}"
        includes = _PROCESS_INCLUDES.match(sentence)
        if includes:
            process = text.phrase_case(includes["process"])
            if _last_word(process) in PROCESS_NOUNS | STEP_NOUNS:
                return _steps_of(process)
        return ""

    def steps_of_title(self, title: str) -> str:
        """ "How to rotate keys" → "the steps to rotate keys"; "Deployment steps" → "the
        deployment steps"; "Release process" → "the steps of the release process";
        "Grouping test cases" → "the steps of grouping test cases"; else ""."""
        phrase = text.phrase_case(title)
        how_to = _HOW_TO.match(phrase)
        if how_to:
            return f"the steps to {how_to['goal']}"
        steps_to = _STEPS_TO.match(phrase)
        if steps_to:
            return f"the steps {steps_to['link'].lower()} {steps_to['goal']}"
        first, last = phrase.split()[0].lower(), _last_word(phrase)
        if last in STEP_NOUNS:
            return f"the {phrase}"
        if last in PROCESS_NOUNS:
            return _steps_of(phrase)
        if first.endswith("ing") and len(first) > 4:
            return f"the steps of {phrase}"
        return ""

    def steps_under(self, title: str) -> str:
        return f"the steps under {text.quoted(title)}"

    def these_steps(self) -> str:
        return "these steps"

    # --- cloze questions -----------------------------------------------------------------

    def cloze_sentence(self, sentence: str, title: str, lesson: int) -> str:
        return f"The sentence in {text.lesson_label(title, lesson)} reads: “{sentence}”"

    def cloze_several_meanings(self, key: str, lessons: list[tuple[str, int]]) -> str:
        where = text.human_list([text.lesson_label(title, p) for title, p in lessons])
        return (
            f"{key} has several meanings in the briefing "
            f"(defined in {where}): the sentence itself pins it down."
        )

    def cloze_term(self, entry: Entry) -> str:
        where = text.lesson_label(entry.lesson_title, entry.source.lesson)
        return f"{entry.key} is a term of {where}."

    def cloze_table_key(self, entry: Entry) -> str:
        where = text.lesson_label(entry.lesson_title, entry.source.lesson)
        role = text.with_article(text.noun_phrase(entry.key_header) or "key")
        table = text.table_label(entry.table_header or ())
        return f"{entry.key} is {role} in the table {table} of {where}."


def _last_word(phrase: str) -> str:
    words = re.findall(r"[^\W\d_]+", phrase.lower())
    return words[-1] if words else ""


def _steps_of(process: str) -> str:
    article = "" if process.split()[0].lower() in ("the", "a", "an", "this", "our") else "the "
    return f"the steps of {article}{process}"


FEMININE = frozenset(
    {
        "action",
        "activité",
        "démarche",
        "approche",
        "catégorie",
        "cible",
        "conséquence",
        "date",
        "définition",
        "description",
        "durée",
        "étape",
        "exigence",
        "explication",
        "fréquence",
        "initiative",
        "mesure",
        "méthode",
        "mission",
        "priorité",
        "procédure",
        "recommandation",
        "responsabilité",
        "routine",
        "section",
        "séquence",
        "stratégie",
        "tâche",
        "valeur",
    }
)
MASCULINE = frozenset(
    {
        "avantage",
        "but",
        "contrôle",
        "critère",
        "cycle",
        "délai",
        "déroulement",
        "domaine",
        "effet",
        "élément",
        "inconvénient",
        "niveau",
        "nom",
        "objectif",
        "outil",
        "plan",
        "processus",
        "programme",
        "résultat",
        "rôle",
        "risque",
        "service",
        "terme",
        "titre",
        "type",
    }
)
_VOWEL_START = re.compile(r"^[aeiouyàâäéèêëîïôöûüœæh]", re.IGNORECASE)
_MUTE_H_EXCEPTIONS = frozenset({"haut", "hausse", "hiérarchie", "héros", "hasard", "halte"})

# What an ordered list is for, in French: "Pour X, suivez ces étapes :", "Comment X",
# "Les étapes pour X sont :", "Le processus de X comprend les étapes suivantes :".
# French names the head noun first: "Processus de publication", "Installation de l’agent".
_APOSTROPHE = "['’]"
OWN_HEADERS = {
    TERM_KEY_HEADER: "terme",
    TERM_VALUE_HEADER: "description",
    SECTION_KEY_HEADER: "section",
}
FRENCH_PROCESS_NOUNS = frozenset(
    {"cycle", "démarche", "déroulement", "méthode", "procédure", "processus", "routine"}
    | {"séquence"}
)
FRENCH_STEP_NOUNS = frozenset({"étape", "étapes", "phase", "phases"})
FRENCH_EMPTY_GOALS = frozenset({"ce faire", "cela", "ceci", "ça", "y arriver", "y parvenir"})
# Determiners a process noun may follow: "le processus", "cette procédure".
_FRENCH_DETERMINERS = (
    "le ",
    "la ",
    "les ",
    "l’",
    "l'",
    "ce ",
    "cet ",
    "cette ",
    "notre ",
    "votre ",
)
_POUR_CLAUSE = re.compile(
    rf"^(?:(?:tout\s+)?d{_APOSTROPHE}abord,?\s+)?pour\s+(?P<goal>[^,:;]+?)\s*(?:,|$)",
    re.IGNORECASE,
)
_FR_STEPS_TO = re.compile(
    r"^(?:voici\s+)?(?:(?:les|ces)\s+)?(?:étapes?|phases?)\s+(?:suivantes\s+)?"
    rf"(?P<link>(?:à\s+suivre\s+)?pour\s+|du\s+|des\s+|de\s+|d{_APOSTROPHE})(?P<goal>.+?)"
    r"(?:\s+(?:sont(?:\s+les\s+suivantes)?|est|comprennent|se\s+présentent\s+ainsi))?$",
    re.IGNORECASE,
)
_FR_PROCESS_INCLUDES = re.compile(
    r"^(?P<process>.+?)\s+(?:comprend|comporte|inclut|suit|se\s+déroule\s+en|consiste\s+en)"
    r"(?:\s+(?:les|ces)(?:\s+(?:étapes|phases))?(?:\s+suivantes)?)?$",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"^comment\s+(?P<goal>.+)$", re.IGNORECASE)
# An action named by a noun: "Installation de l’agent" (f), "Déploiement du service" (m).
_FR_ACTION_NOUN = re.compile(r"^[^\W\d_]{3,}(?P<ending>tion|sion|ment|age)$", re.IGNORECASE)


def starts_with_vowel_sound(word: str) -> bool:
    """Whether French elides before ``word`` (a vowel, or a mute h)."""
    first = word.strip().split(" ")[0].lower().strip("«» ")
    return bool(_VOWEL_START.match(first)) and first not in _MUTE_H_EXCEPTIONS


def gender_of(noun: str) -> str | None:
    """ "f", "m" or None for a one-word French noun the dictionary knows (singular or plural)."""
    word = noun.strip().lower()
    if " " in word:
        word = word.split(" ")[0]
    for form in (word, word[:-1] if word.endswith(("s", "x")) else word):
        if form in FEMININE:
            return "f"
        if form in MASCULINE:
            return "m"
    return None


def singular_fr(noun: str) -> str:
    """A French noun phrase with its first word singular: "Plans d’action" → "Plan d’action"."""
    words = noun.strip().split(" ")
    first = words[0]
    if len(first) > 3 and first.lower().endswith("s") and not first.lower().endswith("ss"):
        words[0] = first[:-1]
    return " ".join(words)


def definite(noun: str, gender: str | None) -> str:
    """ "la description", "le plan", "l’étape"."""
    if starts_with_vowel_sound(noun):
        return f"l’{noun}"
    return f"{'la' if gender == 'f' else 'le'} {noun}"


def of(noun_with_article: str) -> str:
    """ "de" before a phrase: "de la", "du" (de le), "des" (de les), "de l’", "d’" (vowel)."""
    lower = noun_with_article.lower()
    if lower.startswith("le "):
        return "du " + noun_with_article[3:]
    if lower.startswith("les "):
        return "des " + noun_with_article[4:]
    if lower.startswith(("la ", "l’", "l'")):
        return "de " + noun_with_article
    if starts_with_vowel_sound(noun_with_article):
        return "d’" + noun_with_article
    return "de " + noun_with_article


def possessive(noun: str, gender: str | None) -> str:
    """ "sa description", "son objectif", and "son étape" (before a vowel sound)."""
    return "sa" if gender == "f" and not starts_with_vowel_sound(noun) else "son"


def which(noun: str, gender: str | None) -> str:
    return f"{'Quelle' if gender == 'f' else 'Quel'} {noun}"


class French(English):
    code = "fr"
    correct = "Exact."
    true_false_labels = {"True": "Vrai", "False": "Faux"}

    def practice_quiz_title(self, lesson_title: str) -> str:
        return f"{lesson_title}{NBSP}: quiz d’entraînement"

    def final_exam_title(self, briefing_title: str) -> str:
        return f"{briefing_title}{NBSP}: examen final"

    def quoted(self, value: str) -> str:
        return f"«{NBSP}{text.unquoted_end(value)}{NBSP}»"

    def _noun(self, header: str) -> tuple[str, str | None]:
        """A header as a lower-case singular noun and its gender, when the dictionary knows it.

        The generator's own headers (of term lists and sections) are English: they are named
        in French here ("Term" → "terme").
        """
        noun = OWN_HEADERS.get(header) or singular_fr(header.strip()).lower()
        return noun, gender_of(noun)

    def _asked(self, header: str) -> str:
        """ "Quelle description"; "Quel élément de la colonne « … »" for an unknown gender."""
        noun, gender = self._noun(header)
        if gender and header_role(header) != HeaderRole.UNNAMED:
            return which(noun, gender)
        if header.strip():
            return f"Quel élément de la colonne {self.quoted(header)}"
        return "Quel élément"

    def _the(self, header: str) -> str:
        noun, gender = self._noun(header)
        if gender:
            return definite(noun, gender)
        return f"la valeur de la colonne {self.quoted(header)}"

    def key_to_value(self, entry: Entry) -> str:
        if entry.is_term:
            return f"Quelle description correspond à {self.quoted(entry.key)}{NBSP}?"
        return f"{self._asked(entry.value_header)} correspond à {self.quoted(entry.key)}{NBSP}?"

    def value_to_key(self, entry: Entry) -> str:
        value = self.quoted(entry.value)
        if entry.is_term and not entry.is_heading:
            return f"Quel terme signifie {value}{NBSP}?"
        subject = self._asked(entry.key_header)
        if entry.is_heading:
            subject = f"Quelle section {of(self.quoted(entry.context))}"
        if is_imperative(entry.value, self.code):
            return f"{subject} demande l’étape {value}{NBSP}?"
        if entry.is_heading or header_role(entry.value_header) == HeaderRole.UNNAMED:
            return f"{subject} correspond à {value}{NBSP}?"
        column = self.quoted(entry.value_header)
        return f"{subject} a {value} dans la colonne {column}{NBSP}?"

    def true_or_false(self, entry: Entry, shown_value: str) -> str:
        return f"Vrai ou faux{NBSP}: {self._statement(entry, shown_value)}."

    def _statement(self, entry: Entry, shown_value: str) -> str:
        value = self.quoted(shown_value)
        if entry.is_term:
            return f"{self.quoted(entry.key)} signifie {value}"
        return f"{self._the(entry.value_header)} pour {self.quoted(entry.key)} est {value}"

    def it_is_true(self, entry: Entry) -> str:
        return f"C’est vrai. {self.fact_sentence(entry)}"

    def it_is_false(self, shown: Entry, asked_lesson: int) -> str:
        return f"Non{NBSP}: {self.quoted(shown.value)} {self.belongs_clause(shown, asked_lesson)}."

    def belongs_clause(self, entry: Entry, asked_lesson: int) -> str:
        if entry.is_term:
            clause = f"décrit {self.quoted(entry.key)}"
        else:
            clause = f"correspond à {self.quoted(entry.key)}"
        if entry.source.lesson != asked_lesson:
            clause += f", dans {self._lesson(entry.lesson_title, entry.source.lesson)}"
        return clause

    def value_feedback(self, entry: Entry, asked_lesson: int) -> str:
        return f"Cette réponse {self.belongs_clause(entry, asked_lesson)}."

    def key_feedback(self, entry: Entry) -> str:
        return f"{entry.key}{NBSP}: {text.as_sentence(entry.value)}"

    def _lesson(self, title: str, position: int) -> str:
        return self.quoted(title) if title.strip() else f"la leçon {position + 1}"

    def fact_sentence(self, entry: Entry) -> str:
        lesson = self._lesson(entry.lesson_title, entry.source.lesson)
        value = text.as_sentence(entry.value)
        if entry.is_heading:
            return (
                f"Dans {lesson}, la section {self.quoted(entry.key)} commence ainsi{NBSP}: {value}"
            )
        if entry.table_header is None:
            return f"Dans {lesson}, la liste de termes donne {entry.key}{NBSP}: {value}"
        table = self.quoted(" | ".join(entry.table_header))
        return f"Dans {lesson}, le tableau {table} donne pour {entry.key}{NBSP}: {value}"

    def match_prompt(self, key_header: str, value_header: str, context: str) -> str:
        left = "élément"
        if header_role(key_header) != HeaderRole.UNNAMED:
            noun, gender = self._noun(key_header)
            left = noun if gender else f"élément de la colonne {self.quoted(key_header)}"
        noun, gender = self._noun(value_header)
        if header_role(value_header) == HeaderRole.UNNAMED:
            asked = f"associez chaque {left} à ce qui lui correspond"
        elif gender:
            asked = f"associez chaque {left} à {possessive(noun, gender)} {noun}"
        else:
            asked = f"associez chaque {left} à sa valeur {of(self.quoted(value_header))}"
        return f"Dans {self.quoted(context)}, {asked}" if context else asked[:1].upper() + asked[1:]

    def match_explanation(self, source: str, lesson_title: str, lesson: int) -> str:
        return f"D’après {source} dans {self._lesson(lesson_title, lesson)}."

    def term_list_source(self) -> str:
        return "la liste de termes"

    def table_source(self, header: tuple[str, ...], column: str | None) -> str:
        label = f"le tableau {self.quoted(' | '.join(header))}"
        return f"{label}, colonne {self.quoted(column)}" if column else label

    def sections_source(self, context: str) -> str:
        return f"les sections {of(self.quoted(context))}"

    def categorize_prompt(self, headers: list[str], context: str) -> str:
        columns = text.human_list([self.quoted(header) for header in headers], "ou")
        where = f"Dans {self.quoted(context)}, classez" if context else "Classez"
        return f"{where} chaque élément sous {columns}."

    def categorize_explanation(
        self, header: tuple[str, ...], lists: list[tuple[str, list[str]]], title: str, lesson: int
    ) -> str:
        parts = [
            f"sous {self.quoted(column)}{NBSP}: " + ", ".join(self.quoted(i) for i in items)
            for column, items in lists
        ]
        table = self.quoted(" | ".join(header))
        return f"Dans {self._lesson(title, lesson)}, le tableau {table} range {' ; '.join(parts)}."

    def part_suffix(self, part: int, parts: int) -> str:
        return f" (partie {part + 1} sur {parts})" if parts > 1 else ""

    # --- ordering questions --------------------------------------------------------------

    def ordering_prompt(self, subject: str) -> str:
        return f"Remettez dans l’ordre {subject}."

    def ordering_explanation(
        self, steps: list[str], title: str, lesson: int, start: int = 1
    ) -> str:
        numbered = f"{NBSP}; ".join(
            f"{number}. {step.rstrip('.')}" for number, step in enumerate(steps, start)
        )
        lesson_name = self._lesson(title, lesson)
        return f"Dans {lesson_name}, les étapes se suivent dans cet ordre{NBSP}: {numbered}."

    def steps_of_intro(self, sentence: str) -> str:
        """ "Pour publier une version, suivez ces étapes" → "les étapes pour publier une
        version"; "Les étapes de l’installation sont" → "les étapes de l’installation"."""
        pour = _POUR_CLAUSE.match(sentence)
        if pour:
            goal = pour["goal"]
            return "" if goal.lower() in FRENCH_EMPTY_GOALS else f"les étapes pour {goal}"
        steps_to = _FR_STEPS_TO.match(sentence)
        if steps_to:
            return _french_steps_to(steps_to)
        includes = _FR_PROCESS_INCLUDES.match(sentence)
        if includes:
            process = text.phrase_case(includes["process"])
            if _french_head(process) in FRENCH_PROCESS_NOUNS | FRENCH_STEP_NOUNS:
                return _french_steps_of(process)
        return ""

    def steps_of_title(self, title: str) -> str:
        """ "Comment installer l’agent" → "les étapes pour installer l’agent"; "Étapes de
        déploiement" → "les étapes de déploiement"; "Processus de publication" → "les étapes
        du processus de publication"; "Installer ScubaGear" → "les étapes pour installer
        ScubaGear"; "Installation de l’agent" → "les étapes de l’installation de l’agent"."""
        phrase = text.phrase_case(title)
        comment = _COMMENT.match(phrase)
        if comment:
            return f"les étapes pour {comment['goal']}"
        steps_to = _FR_STEPS_TO.match(phrase)
        if steps_to:
            return _french_steps_to(steps_to)
        words = phrase.split()
        head = _french_head(phrase)
        if words[0].lower() in FRENCH_STEP_NOUNS:
            return " ".join(["les", words[0].lower().rstrip("s") + "s", *words[1:]])
        if head in FRENCH_PROCESS_NOUNS:
            return _french_steps_of(phrase)
        if len(words) > 1 and is_imperative(phrase, "fr") and not _french_of(words[1]):
            return f"les étapes pour {phrase}"
        action = _FR_ACTION_NOUN.match(words[0])
        if action:
            gender = "f" if action["ending"].lower() in ("tion", "sion") else "m"
            return f"les étapes {of(definite(phrase, gender))}"
        return ""

    def steps_under(self, title: str) -> str:
        return f"les étapes de la section {self.quoted(title)}"

    def these_steps(self) -> str:
        return "ces étapes"

    # --- cloze questions -----------------------------------------------------------------

    def cloze_sentence(self, sentence: str, title: str, lesson: int) -> str:
        where = self._lesson(title, lesson)
        return f"Dans {where}, la phrase complète est{NBSP}: «{NBSP}{sentence}{NBSP}»"

    def cloze_several_meanings(self, key: str, lessons: list[tuple[str, int]]) -> str:
        where = text.human_list([self._lesson(title, p) for title, p in lessons], "et")
        return (
            f"{key} a plusieurs sens d’une leçon à l’autre (défini dans {where}){NBSP}: "
            "c’est la phrase elle-même qui le précise."
        )

    def cloze_term(self, entry: Entry) -> str:
        where = self._lesson(entry.lesson_title, entry.source.lesson)
        return f"{entry.key} est un terme {of(where)}."

    def cloze_table_key(self, entry: Entry) -> str:
        where = of(self._lesson(entry.lesson_title, entry.source.lesson))
        table = self.quoted(" | ".join(entry.table_header or ()))
        noun, gender = self._noun(entry.key_header)
        if gender and header_role(entry.key_header) != HeaderRole.UNNAMED:
            role = f"{'une' if gender == 'f' else 'un'} {noun}"
            return f"{entry.key} est {role} du tableau {table} {where}."
        column = self.quoted(entry.key_header)
        return f"{entry.key} figure dans la colonne {column} du tableau {table} {where}."


def _french_head(phrase: str) -> str:
    """The head noun of a French noun phrase: its first word after a determiner."""
    lower = phrase.lower()
    for determiner in _FRENCH_DETERMINERS:
        if lower.startswith(determiner):
            lower = lower[len(determiner) :]
            break
    return lower.split()[0] if lower.split() else ""


def _french_of(word: str) -> bool:
    """Whether ``word`` is "de", "du", "des" or "d’…": a noun complement, not a verb object."""
    lower = word.lower()
    return lower in ("de", "du", "des") or bool(re.match(rf"^d{_APOSTROPHE}", lower))


def _french_steps_to(found: re.Match[str]) -> str:
    link = re.sub(r"\s+", " ", found["link"].lower().replace("'", "’"))
    return f"les étapes {link}{found['goal']}"


def _french_steps_of(process: str) -> str:
    """ "processus de publication" → "les étapes du processus de publication"."""
    if process.lower().startswith(_FRENCH_DETERMINERS):
        return f"les étapes {of(process)}"
    return f"les étapes {of(definite(process, gender_of(process)))}"


BOOKS: dict[str, English] = {"en": English(), "fr": French()}
ENGLISH = BOOKS["en"]


def true_false_labels(language: str) -> dict[str, str]:
    """The option labels of a true/false question in ``language`` (English when unknown)."""
    return (phrase_book(language) or ENGLISH).true_false_labels


def true_false_word(label: str) -> str:
    """The stored word ("True"/"False") of a true/false label in any book's language."""
    for book in BOOKS.values():
        for word, shown in book.true_false_labels.items():
            if shown == label:
                return word
    return label


def phrase_book(language: str) -> English | None:
    """The phrase book for a language code, by its primary subtag; ``None`` when there is none."""
    primary = (language or "en").strip().lower().replace("_", "-").split("-")[0]
    return BOOKS.get(primary)
