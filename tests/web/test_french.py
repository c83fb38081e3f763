"""The French interface: the switcher, and every learner and account page in French.

A page is in French when it says so (``<html lang="fr">``), shows its French words, and
holds none of the interface's English: no multi-word piece of any English string of the
catalogue (document content, in English here, is left as written).
"""

import html
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from learning.attempts import save_response, start_attempt, submit_attempt
from learning.flashcards import deck_lessons, deck_of
from learning.progress import mark_read
from learning.review import schedule_review
from quizzes.models import Question, Quiz
from tests.catalogue import read_catalogue
from tests.factories import import_text
from tests.web.quiz_helpers import HTMX, answer_data, answer_url

pytestmark = pytest.mark.django_db

# Splits an English string at its placeholders and markup into the words a page shows.
PIECE_BREAK = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}|<[^>]+>|[“”]")
# Strings of Django's own forms and validators, which Django's catalogue translates.
DJANGO_ENGLISH = ["Password confirmation", "Enter the same password as before", "Required. 150"]


def english_pieces() -> set[str]:
    """Every piece of three words or more of the catalogue's English strings whose French
    differs (a piece a translation keeps as it is, a name, proves nothing)."""
    pieces = set()
    for entry in read_catalogue():
        french = " ".join(entry.translations)
        for english in filter(None, [entry.msgid, entry.plural]):
            for piece in PIECE_BREAK.split(english):
                piece = " ".join(piece.split()).strip(" .,:;")
                if len(piece.split()) >= 3 and piece not in french:
                    pieces.add(piece)
    return pieces | set(DJANGO_ENGLISH)


def english_labels() -> set[str]:
    """The catalogue's short English strings (a button, a heading, a column) whose French
    differs: on a French page none is a whole text or label by itself."""
    labels = set()
    for entry in read_catalogue():
        for english in filter(None, [entry.msgid, entry.plural]):
            if not PIECE_BREAK.search(english) and english not in entry.translations:
                labels.add(" ".join(english.split()))
    return labels


class Texts(HTMLParser):
    """Each text node and each label attribute of a page, stripped."""

    LABELS = ("aria-label", "data-label", "title", "placeholder", "alt", "value")

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in self.LABELS and value:
                self.found.add(" ".join(value.split()))

    def handle_data(self, data) -> None:
        if data.strip():
            self.found.add(" ".join(data.replace("\u00a0", " ").split()))


ENGLISH = english_pieces()
ENGLISH_LABELS = english_labels()


def page_text(content: bytes) -> str:
    """The page as a reader meets it: markup's text and attributes, spaces made plain."""
    text = html.unescape(content.decode()).replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())


def english_left(content: bytes) -> list[str]:
    text = page_text(content)
    texts = Texts()
    texts.feed(content.decode())
    return sorted({piece for piece in ENGLISH if piece in text} | (texts.found & ENGLISH_LABELS))


@pytest.fixture
def french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


@pytest.fixture
def signed_in(french, learner):
    french.force_login(learner)
    return french


def lesson_quiz(briefing) -> Quiz:
    return Quiz.objects.get(briefing=briefing, lesson__position=1)


def exam_of(briefing) -> Quiz:
    quiz = Quiz.objects.get(briefing=briefing, lesson__isnull=True)
    quiz.mode = Quiz.Mode.EXAM
    quiz.save()
    return quiz


def answered(learner, quiz, *, how: str = "wrong", count: int | None = None):
    """An attempt with its first ``count`` questions (all by default) answered ``how``."""
    attempt = start_attempt(learner=learner, quiz=quiz)
    for item in list(attempt.questions.order_by("position"))[:count]:
        answer = item.snapshot["key"].get("correct") or item.snapshot["key"].get("accepted")[0]
        if how == "wrong" and item.snapshot["kind"] in ("choice", "true_false"):
            answer = next(o["token"] for o in item.snapshot["options"] if o["token"] != answer)
        save_response(attempt_question=item, answer=answer)
    return attempt


def dashboard(client, learner, briefing):
    for lesson in briefing.lessons.order_by("position")[:2]:
        mark_read(learner=learner, lesson=lesson)
    answered(learner, lesson_quiz(briefing), count=2)
    return client.get(reverse("learning:dashboard"))


def briefing_page(client, learner, briefing):
    mark_read(learner=learner, lesson=briefing.lessons.order_by("position").first())
    return client.get(briefing.get_absolute_url())


def lesson_page(client, learner, briefing):
    return client.get(briefing.lessons.get(position=1).get_absolute_url())


def lesson_read(client, learner, briefing):
    lesson = briefing.lessons.get(position=1)
    return client.post(reverse("learning:mark_read", args=[lesson.pk]), follow=True)


def quiz_page(client, learner, briefing):
    submit_attempt(attempt=answered(learner, lesson_quiz(briefing)))
    return client.get(lesson_quiz(briefing).get_absolute_url())


def practice_question(client, learner, briefing):
    attempt = start_attempt(learner=learner, quiz=lesson_quiz(briefing))
    return client.get(reverse("learning:attempt", args=[attempt.pk]))


def practice_feedback(client, learner, briefing):
    """The fragment htmx swaps in after Check."""
    attempt = start_attempt(learner=learner, quiz=lesson_quiz(briefing))
    item = attempt.questions.order_by("position").first()
    data = answer_data(item.snapshot, "wrong")
    return client.post(answer_url(attempt, item.position), data, headers=HTMX)


def all_questions(client, learner, briefing):
    attempt = answered(learner, lesson_quiz(briefing), count=1)
    return client.get(reverse("learning:attempt", args=[attempt.pk]) + "?show=all")


def exam_question(client, learner, briefing):
    attempt = answered(learner, exam_of(briefing), count=1)
    return client.get(reverse("learning:attempt", args=[attempt.pk]) + "?q=2")


def confirm_page(client, learner, briefing):
    attempt = answered(learner, exam_of(briefing), count=2)
    return client.get(reverse("learning:submit", args=[attempt.pk]))


def result_page(client, learner, briefing):
    attempt = submit_attempt(attempt=answered(learner, lesson_quiz(briefing)))
    return client.get(reverse("learning:result", args=[attempt.pk]))


def review_question(client, learner, briefing):
    question = Question.objects.filter(briefing=briefing, kind="match").first()
    schedule_review(learner=learner, question_id=question.pk)
    return client.get(reverse("learning:review"))


def review_nothing_due(client, learner, briefing):
    return client.get(reverse("learning:review"))


def deck_front(client, learner, briefing):
    lesson = deck_lessons().get(briefing=briefing, position=3)
    return client.get(reverse("learning:deck", args=[lesson.pk]))


def deck_back(client, learner, briefing):
    lesson = deck_lessons().get(briefing=briefing, position=3)
    key = next(card.key for card in deck_of(lesson) if card.row)
    return client.get(reverse("learning:deck", args=[lesson.pk]) + f"?show={key}")


def password_change(client, learner, briefing):
    return client.get(reverse("password_change"))


def as_visitor(client):
    """Signed out, still reading in French (signing out empties the client's cookies)."""
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"


def visitor(path_name):
    def page(client, learner, briefing):
        as_visitor(client)
        return client.get(reverse(path_name))

    page.__name__ = path_name
    return page


def signup_errors(client, learner, briefing):
    as_visitor(client)
    return client.post(reverse("accounts:signup"), {"username": "x", "password1": "a"})


def sign_in_errors(client, learner, briefing):
    as_visitor(client)
    return client.post(reverse("login"), {"username": "learner", "password": "wrong"})


def locked_out(client, learner, briefing):
    as_visitor(client)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "learner", "password": "wrong"})
    return client.post(reverse("login"), {"username": "learner", "password": "wrong"})


def missing_page(client, learner, briefing):
    return client.get("/no-such-page/")


# (page, French words it must show)
PAGES = [
    (dashboard, "Mon tableau de bord"),
    (briefing_page, "Votre progression"),
    (lesson_page, "Marquer comme lue"),
    (lesson_read, "Vous avez marqué cette leçon comme lue."),
    (quiz_page, "Seuil de réussite"),
    (practice_question, "Vérifier"),
    (practice_feedback, "Faux."),
    (all_questions, "Afficher une question à la fois"),
    (exam_question, "Enregistrer la réponse"),
    (confirm_page, "Remettre avec des questions sans réponse"),
    (result_page, "Votre résultat"),
    (review_question, "Carte 1 sur 1"),
    (review_nothing_due, "Vous êtes à jour"),
    (deck_front, "Afficher la réponse"),
    (deck_back, "Vous en êtes-vous bien souvenu"),
    (password_change, "Changer votre mot de passe"),
    (visitor("briefing:home"), "Dossiers"),
    (visitor("login"), "Mot de passe oublié"),
    (visitor("accounts:signup"), "Créer un compte"),
    (signup_errors, "Il y a un problème"),
    (sign_in_errors, "Il y a un problème"),
    (locked_out, "Connexion suspendue"),
    (visitor("password_reset"), "Réinitialiser votre mot de passe"),
    (visitor("password_reset_done"), "Consultez vos e-mails"),
    (missing_page, "Page introuvable"),
]


@pytest.mark.parametrize(("show", "words"), PAGES, ids=[page.__name__ for page, _ in PAGES])
def test_the_page_is_in_french_with_no_english_interface_string(
    signed_in, learner, seed_briefing, show, words
):
    response = show(signed_in, learner, seed_briefing)

    assert response.status_code in (200, 404, 429)
    assert words in page_text(response.content)
    if b"<html" in response.content:
        assert b'<html lang="fr">' in response.content
    assert english_left(response.content) == []


def test_the_same_page_in_english_holds_the_english_strings(client, learner, seed_briefing):
    """The check above would catch English: the English dashboard is full of it."""
    client.force_login(learner)
    response = dashboard(client, learner, seed_briefing)

    assert b'<html lang="en">' in response.content
    assert len(english_left(response.content)) > 10


def test_accept_language_chooses_french_without_a_cookie(client, seed_briefing):
    response = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})

    assert b'<html lang="fr">' in response.content
    assert "Dossiers" in page_text(response.content)


def test_the_switcher_is_a_plain_link_in_every_page(client, seed_briefing):
    content = client.get(seed_briefing.get_absolute_url()).content.decode()

    nav = re.search(r'<nav class="language-switch".*?</nav>', content, re.S)
    assert nav, "no language switcher"
    switcher = nav.group(0)
    assert 'aria-label="Language"' in switcher
    assert 'Language: <span lang="en">English</span>' in switcher
    assert (
        '<a class="button secondary" href="/language/fr/?next=/briefings/'
        f'{seed_briefing.slug}/" hreflang="fr">'
        '<span class="visually-hidden">Read this site in </span><span lang="fr">Français</span>'
        "</a>"
    ) in switcher
    assert "/language/en/" not in switcher  # no link to the language already shown
    assert "<form" not in switcher


def test_choosing_french_sets_the_cookie_and_returns_to_the_page_in_french(client, seed_briefing):
    """Without JavaScript: the link sets the cookie, the page comes back in French."""
    url = seed_briefing.get_absolute_url()
    response = client.get("/language/fr/", {"next": url})

    assert response.status_code == 302
    assert response.headers["Location"] == url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(url)
    assert b'<html lang="fr">' in page.content
    assert "Dossiers" in page_text(page.content)
    client.get("/language/en/", {"next": url})
    assert b'<html lang="en">' in client.get(url).content


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example"]
)
def test_the_switcher_sends_nobody_to_another_site(client, seed_briefing, next_url):
    response = client.get("/language/fr/", {"next": next_url})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_a_404_and_changes_nothing(client, seed_briefing):
    response = client.get("/language/xx/", {"next": "/"})

    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert b'<html lang="en">' in client.get("/").content


def test_cached_visitor_pages_keep_each_language_apart(client, seed_briefing):
    """The visitor page cache is keyed by language: French never leaks to English readers."""
    lesson = seed_briefing.lessons.get(position=1)
    english = client.get(lesson.get_absolute_url()).content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = client.get(lesson.get_absolute_url()).content
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    english_again = client.get(lesson.get_absolute_url()).content

    assert "Leçon 2 sur 8" in page_text(french)
    assert b"Lesson 2 of 8" in english
    assert english_again == english


FRENCH_DOCUMENT = """# Sécurité du réseau

## Les mesures

| Mesure | Objectif |
| --- | --- |
| Pare-feu | Filtrer le trafic entrant et sortant |
| Journalisation | Garder la trace des accès aux serveurs |
| Mise à jour | Corriger les failles connues rapidement |
"""


@pytest.mark.parametrize("interface", ["en", "fr"])
def test_a_french_briefing_asks_its_questions_in_french_whatever_the_interface(
    client, learner, interface
):
    """The questions come in the document's language; the interface in the learner's."""
    briefing = import_text(FRENCH_DOCUMENT, filename="securite.md", slug="securite")
    assert briefing.language == "fr"
    attempt = start_attempt(
        learner=learner, quiz=Quiz.objects.get(briefing=briefing, lesson__isnull=False)
    )
    client.force_login(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = interface

    response = client.get(reverse("learning:attempt", args=[attempt.pk]) + "?show=all")

    text = page_text(response.content)
    assert f'<html lang="{interface}">' in response.content.decode()
    prompts = [" ".join(item.snapshot["prompt"].split()) for item in attempt.questions.all()]
    assert prompts and all(prompt in text for prompt in prompts)
    assert all("«" in prompt for prompt in prompts), prompts  # French quotation marks
    assert ("Vérifier" in text) == (interface == "fr")


def test_a_french_true_or_false_question_offers_vrai_and_faux(learner):
    """Stored as "True"/"False" (the validator's and the exchange formats' words), shown in
    the briefing's language, and graded on the stored word."""
    briefing = import_text(FRENCH_DOCUMENT, filename="securite.md", slug="securite")
    question = Question.objects.filter(briefing=briefing, kind="true_false").first()
    quiz = question.quiz
    quiz.draw = None
    quiz.save()

    attempt = start_attempt(learner=learner, quiz=quiz)
    item = attempt.questions.get(question=question)
    labels = {option["token"]: option["text"] for option in item.snapshot["options"]}

    assert sorted(labels.values()) == ["Faux", "Vrai"]
    right = labels[item.snapshot["key"]["correct"]]
    assert right == ("Vrai" if question.answer else "Faux")
    response = save_response(attempt_question=item, answer=item.snapshot["key"]["correct"])
    assert response.correct


def test_a_french_briefing_names_its_quizzes_in_french():
    briefing = import_text(FRENCH_DOCUMENT, filename="securite.md", slug="securite")

    titles = set(Quiz.objects.filter(briefing=briefing).values_list("title", flat=True))

    assert titles == {
        "Les mesures\u00a0: quiz d’entraînement",
        f"{briefing.title}\u00a0: examen final",
    }
