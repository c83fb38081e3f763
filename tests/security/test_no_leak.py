"""Nothing before it is due reveals the answer (DESIGN.md section 7).

Every question of the seed's quizzes, of every kind, is rendered as the
learner sees it before answering: on the attempt page, in the htmx fragment
of a refused (empty) answer, in an exam after saving, and on the review page.
The test knows the answer (it reads the snapshot's ``key`` from the database);
the HTML must not.
"""

import html as html_module
import re
from collections import defaultdict

import pytest
from django.urls import reverse
from django.utils.html import escape

from learning.attempts import start_attempt, start_retry, submit_attempt
from learning.models import Response, ReviewCard
from learning.review import review_snapshot
from quizzes.models import Question, Quiz
from tests.web.quiz_helpers import (
    HTMX,
    answer_data,
    answer_url,
    form_fields,
    questions_of,
    section,
    start,
)

pytestmark = pytest.mark.django_db

LESSONS_WITH_QUIZZES = [1, 2, 3, 4, 5, 6]
KINDS = {"choice", "true_false", "match", "categorize", "cloze"}

# Words and signs that would mark an answer, once the texts and tokens the
# learner may see are taken out of a question's HTML.
MARKERS = re.compile(
    r"key|correct|right|wrong|explanation|feedback|verdict|answer-is|is-right|is-wrong"
    r"|✔|✘|◐|block-|/briefings/|maxlength|minlength|pattern|size=|placeholder|data-",
    re.IGNORECASE,
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
MARKED = re.compile(r"<(?:input|option)\b[^>]*\s(?:checked|selected)\b")
TYPED = re.compile(r'name="text" value="[^"]*"')
ALLOWED_TEXT_INPUT = {"type", "id", "name", "value", "autocomplete", "spellcheck", "autocapitalize"}


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def whole_lesson_quiz(seed_briefing, position: int, mode: str = Quiz.Mode.PRACTICE) -> Quiz:
    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=position)
    quiz.draw = None
    quiz.mode = mode
    quiz.save()
    return quiz


def tokens_of(snapshot: dict) -> list[str]:
    entries = snapshot.get("options", []) + snapshot.get("items", []) + snapshot.get("choices", [])
    return [entry["token"] for entry in entries]


def public_texts(snapshot: dict) -> list[str]:
    entries = snapshot.get("options", []) + snapshot.get("items", []) + snapshot.get("choices", [])
    return [snapshot["prompt"], *(entry["text"] for entry in entries)]


def secrets_of(snapshot: dict) -> list[str]:
    """What only the key knows: explanation, option feedback, accepted answers, source link."""
    key = snapshot["key"]
    secrets = [key["explanation"], *key.get("feedback", {}).values(), *key.get("accepted", [])]
    if key.get("source"):
        secrets.append(key["source"]["url"])
    return [secret for secret in secrets if secret]


def assert_reveals_nothing(fragment: str, snapshot: dict, *, public: tuple[str, ...] = ()) -> None:
    """No secret of the key, and no marker once the learner's visible texts are removed.

    A cloze's typed value is the learner's own answer (exam, after saving): it is
    left out of the comparison, and checked separately before answering.
    """
    without_typed = TYPED.sub('name="text"', fragment)
    visible = html_module.unescape(without_typed).casefold()
    for secret in secrets_of(snapshot):
        assert secret.casefold() not in visible, secret
    rest = CSRF.sub("", without_typed)
    for token in tokens_of(snapshot):
        rest = rest.replace(token, "TOKEN")
    for text in sorted([*public_texts(snapshot), *public], key=len, reverse=True):
        rest = rest.replace(escape(text), " ")
    marker = MARKERS.search(rest)
    assert marker is None, f"{marker.group(0)!r} in {rest}"


def assert_fields_reveal_nothing(fragment: str, snapshot: dict, *, saved: dict | None = None):
    """The form offers every choice alike; only the learner's own saved answer is marked."""
    fields = form_fields(fragment)
    kind = snapshot["kind"]
    if kind in ("choice", "true_false"):
        assert fields.radios == [option["token"] for option in snapshot["options"]]
    elif kind == "categorize" and len(snapshot["choices"]) <= 3:
        # One button (a radio) per group beside each item, the groups in one order for all.
        choices = [choice["token"] for choice in snapshot["choices"]]
        assert fields.radios == choices * len(snapshot["items"])
        assert not fields.selects
    elif kind in ("match", "categorize"):
        choices = [choice["token"] for choice in snapshot["choices"]]
        assert set(fields.selects) == {f"item-{item['token']}" for item in snapshot["items"]}
        assert all(values == choices for values in fields.selects.values())
    elif kind == "ordering":
        positions = [str(position) for position in snapshot["positions"]]
        assert set(fields.selects) == {f"item-{item['token']}" for item in snapshot["items"]}
        assert all(values == positions for values in fields.selects.values())
    else:
        [text_input] = fields.text_inputs
        assert set(text_input) <= ALLOWED_TEXT_INPUT, text_input
        assert text_input["value"] == (saved or {}).get("text", "")
    marks = len(MARKED.findall(fragment))
    expected = 0 if saved is None or kind == "cloze" else len(saved)
    assert marks == expected


# The attempt page and the answered fragment, before answering


@pytest.mark.parametrize("position", LESSONS_WITH_QUIZZES)
def test_attempt_page_and_fragments_reveal_nothing_before_answering(
    signed_in, seed_briefing, position
):
    quiz = whole_lesson_quiz(seed_briefing, position)
    attempt = start(signed_in, quiz)
    page = signed_in.get(
        reverse("learning:attempt", args=[attempt.pk]) + "?show=all"
    ).content.decode()
    items = questions_of(attempt)
    assert len(items) == quiz.questions.active().count()

    assert "#block-" not in page
    visible_page = html_module.unescape(page)
    for item in items:
        snapshot = item.snapshot
        key = snapshot["key"]
        # Accepted cloze answers may be another question's words: checked per question below.
        for secret in filter(None, [key["explanation"], *key.get("feedback", {}).values()]):
            assert secret not in visible_page
        assert_reveals_nothing(section(page, item.position), snapshot)
        assert_fields_reveal_nothing(section(page, item.position), snapshot)

        fragment = signed_in.post(answer_url(attempt, item.position), {}, headers=HTMX)

        text = fragment.content.decode()
        assert '<p class="form-error" role="alert">' in text
        assert_reveals_nothing(text, snapshot)
        assert_fields_reveal_nothing(text, snapshot)
    assert not Response.objects.exists()


def test_every_kind_is_covered(seed_briefing):
    kinds = set(
        Question.objects.filter(
            briefing=seed_briefing, quiz__lesson__position__in=LESSONS_WITH_QUIZZES
        ).values_list("kind", flat=True)
    )

    assert kinds == KINDS


def test_the_final_exam_page_reveals_nothing(signed_in, seed_briefing):
    exam = Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)
    attempt = start(signed_in, exam)

    page = signed_in.get(
        reverse("learning:attempt", args=[attempt.pk]) + "?show=all"
    ).content.decode()

    assert "#block-" not in page
    for item in questions_of(attempt):
        assert_reveals_nothing(section(page, item.position), item.snapshot)
        assert_fields_reveal_nothing(section(page, item.position), item.snapshot)


# An exam after saving answers


@pytest.mark.parametrize("position", LESSONS_WITH_QUIZZES)
def test_exam_fragments_reveal_nothing_after_saving(signed_in, seed_briefing, position):
    quiz = whole_lesson_quiz(seed_briefing, position, mode=Quiz.Mode.EXAM)
    attempt = start(signed_in, quiz)
    items = questions_of(attempt)
    saved = {}

    for item in items:
        data = answer_data(item.snapshot, "right" if item.position % 2 == 0 else "wrong")
        response = signed_in.post(answer_url(attempt, item.position), data, headers=HTMX)
        fragment = response.content.decode()
        assert "Saved" in fragment
        assert "<html" not in fragment
        assert_reveals_nothing(fragment, item.snapshot)
        assert_fields_reveal_nothing(fragment, item.snapshot, saved=data)
        saved[item.position] = data

    page = signed_in.get(
        reverse("learning:attempt", args=[attempt.pk]) + "?show=all"
    ).content.decode()
    assert "#block-" not in page
    for item in items:
        assert_reveals_nothing(section(page, item.position), item.snapshot)
        assert_fields_reveal_nothing(
            section(page, item.position), item.snapshot, saved=saved[item.position]
        )
    assert Response.objects.filter(correct=True).count() == (len(items) + 1) // 2


# Order and tokens across attempts

ATTEMPTS = 30


@pytest.mark.parametrize("position", LESSONS_WITH_QUIZZES)
def test_order_and_tokens_are_unrelated_to_the_answer(signed_in, learner, seed_briefing, position):
    """Across many attempts, where the right option stands changes and no token repeats.

    With 30 attempts, a two-option question keeps its right option in one place
    by chance with a probability of 2 ** -29.
    """
    quiz = whole_lesson_quiz(seed_briefing, position)
    layouts = defaultdict(list)  # question id → where the right answers stood, per attempt
    tokens = defaultdict(list)  # question id → every token it was shown with
    kinds = {}

    for _ in range(ATTEMPTS):
        attempt = start_attempt(learner=learner, quiz=quiz)
        page = signed_in.get(
            reverse("learning:attempt", args=[attempt.pk]) + "?show=all"
        ).content.decode()
        for item in questions_of(attempt):
            snapshot, key = item.snapshot, item.snapshot["key"]
            fields = form_fields(section(page, item.position))
            kinds[item.question_id] = snapshot["kind"]
            tokens[item.question_id] += tokens_of(snapshot)
            if snapshot["kind"] in ("choice", "true_false"):
                layouts[item.question_id].append(fields.radios.index(key["correct"]))
            elif snapshot["kind"] in ("match", "categorize"):
                shown = [choice["token"] for choice in snapshot["choices"]]
                assert all(values == shown for values in fields.selects.values())
                layouts[item.question_id].append(
                    tuple(shown.index(key["correct"][item["token"]]) for item in snapshot["items"])
                )
            elif snapshot["kind"] == "ordering":
                layouts[item.question_id].append(
                    tuple(key["correct"][item["token"]] for item in snapshot["items"])
                )
        submit_attempt(attempt=attempt)

    assert all(len(seen) == ATTEMPTS for seen in layouts.values())
    for question_id, seen in layouts.items():
        assert len(set(seen)) > 1, (kinds[question_id], seen)
        if kinds[question_id] == "match":
            assert any(layout != tuple(range(len(layout))) for layout in seen)
    for question_id, shown in tokens.items():
        assert len(shown) == len(set(shown)), kinds[question_id]
    assert set(layouts) == {question for question, kind in kinds.items() if kind != "cloze"}


# The review page


def test_the_review_page_reveals_nothing_before_answering(signed_in, learner, seed_briefing):
    questions = Question.objects.filter(briefing=seed_briefing, active=True).select_related("quiz")
    assert {question.kind for question in questions} == KINDS

    for question in questions:
        card = ReviewCard.objects.create(
            learner=learner, question=question, state={}, due="2000-01-01T00:00:00Z"
        )
        page = signed_in.get(reverse("learning:review")).content.decode()
        found = re.search(r'<section id="review-card".*?</section>', page, re.S)
        assert found, question
        fragment = found.group(0)
        snapshot = review_snapshot(card, reviews=0)

        assert "#block-" not in page
        assert_reveals_nothing(fragment, snapshot, public=(question.quiz.title,))
        assert_fields_reveal_nothing(fragment, snapshot)
        assert not set(tokens_of(snapshot)) & set(tokens_of(review_snapshot(card, reviews=1)))
        card.delete()


# Flashcards: the back is not in the page before the card is flipped


def flashcard_section(html: str) -> str:
    found = re.search(r'<section id="review-card" class="flashcard".*?</section>', html, re.S)
    assert found, "no flashcard in the page"
    return found.group(0)


def assert_front_only(html: str, flashcard) -> None:
    """The front and what to recall, but no back text, source link or rating form."""
    shown = flashcard_section(html)
    visible = html_module.unescape(shown)
    assert flashcard.front in visible
    for _, text in flashcard.back:
        assert text not in visible, text
    assert "#block-" not in html
    assert flashcard.source_label not in visible
    assert 'name="rating"' not in shown


def test_no_flashcard_shows_its_back_before_it_is_flipped(signed_in, seed_briefing):
    """Every card of every deck, on the deck page and in the fragment that follows a rating."""
    from learning.flashcards import deck_lessons, deck_of

    studied = 0
    for lesson in deck_lessons().filter(briefing=seed_briefing):
        cards = {card.key: card for card in deck_of(lesson)}
        if not cards:
            continue
        url = reverse("learning:deck", args=[lesson.pk])
        page = signed_in.get(url).content.decode()
        for _ in cards:
            key = re.search(r"show=([a-z]+-\d+)", flashcard_section(page)).group(1)
            assert_front_only(page, cards[key])
            back = signed_in.get(
                re.search(r'href="([^"]*show=[^"]*)"', page).group(1).replace("&amp;", "&")
            ).content.decode()
            assert all(escape(text) in back for _, text in cards[key].back)
            form = dict(re.findall(r'name="(card|reviews|session)" value="([^"]*)"', back))
            page = signed_in.post(
                reverse("learning:deck_rate", args=[lesson.pk]),
                form | {"rating": "3"},
                headers=HTMX,
            ).content.decode()
            studied += 1
        assert "Deck done for now" in page
    assert studied == 33


def test_a_due_flashcard_in_the_review_shows_only_its_front(signed_in, learner, seed_briefing):
    from fsrs import Rating

    from learning.flashcards import deck_lessons, deck_of, rate_flashcard

    lesson = deck_lessons().get(briefing=seed_briefing, position=3)
    for flashcard in deck_of(lesson):
        rate_flashcard(learner=learner, flashcard=flashcard, rating=Rating.Again, reviews=0)
        card = ReviewCard.objects.get(**flashcard.lookup)
        card.due = "2000-01-01T00:00:00Z"
        card.save()
        page = signed_in.get(reverse("learning:review")).content.decode()
        assert_front_only(page, flashcard)
        card.delete()


# One question at a time: its page, the htmx swaps of the stage, moving on, flagging


def stage_of(html: str) -> str:
    found = re.search(r'<div id="stage".*', html, re.S)
    assert found, "no stage"
    return found.group(0)


@pytest.mark.parametrize("mode", [Quiz.Mode.PRACTICE, Quiz.Mode.EXAM])
def test_one_question_pages_and_their_swaps_reveal_nothing(signed_in, seed_briefing, mode):
    """Each ``?q=N`` page holds one question; it, the htmx swap of the stage, an exam's
    move to the next question and a flag show no answer, and no other question's text."""
    quiz = whole_lesson_quiz(seed_briefing, 6, mode)
    attempt = start(signed_in, quiz)
    items = questions_of(attempt)
    assert {item.snapshot["kind"] for item in items} == KINDS
    url = reverse("learning:attempt", args=[attempt.pk])

    for item in items:
        page = signed_in.get(f"{url}?q={item.position + 1}").content.decode()
        fragment = signed_in.get(f"{url}?q={item.position + 1}", headers=HTMX).content.decode()

        assert page.count('<section id="question-') == 1
        assert "#block-" not in page
        others = [other for other in items if other.position != item.position]
        for other in others:
            assert escape(other.snapshot["prompt"]) not in page
        assert_reveals_nothing(section(page, item.position), item.snapshot)
        assert_fields_reveal_nothing(section(page, item.position), item.snapshot)
        assert "<html" not in fragment
        assert_reveals_nothing(fragment, item.snapshot)
        assert_fields_reveal_nothing(fragment, item.snapshot)
        if mode == Quiz.Mode.PRACTICE:
            continue
        follower = items[(item.position + 1) % len(items)]
        moved = signed_in.post(
            answer_url(attempt, item.position), {"go": str(follower.position)}, headers=HTMX
        )
        assert moved.headers["HX-Retarget"] == "#stage"
        assert_reveals_nothing(moved.content.decode(), follower.snapshot)
        assert_fields_reveal_nothing(moved.content.decode(), follower.snapshot)
        flagged = signed_in.post(answer_url(attempt, item.position), {"flag": "on"}, headers=HTMX)
        assert 'aria-pressed="true"' in flagged.content.decode()
        assert_reveals_nothing(flagged.content.decode(), item.snapshot)
    assert not Response.objects.exists()


def test_the_confirm_page_names_questions_not_answers(signed_in, seed_briefing):
    quiz = whole_lesson_quiz(seed_briefing, 6, Quiz.Mode.EXAM)
    attempt = start(signed_in, quiz)
    items = questions_of(attempt)
    first = items[0]
    signed_in.post(answer_url(attempt, 0), answer_data(first.snapshot, "wrong"))

    page = signed_in.get(reverse("learning:submit", args=[attempt.pk])).content.decode()

    assert "#block-" not in page
    visible = html_module.unescape(page).casefold()
    for item in items:
        assert item.snapshot["prompt"].casefold() not in visible
        for secret in secrets_of(item.snapshot):
            assert secret.casefold() not in visible
        for token in tokens_of(item.snapshot):
            assert token not in page
    assert MARKED.search(page) is None


def test_a_practice_of_missed_questions_reveals_nothing_before_answering(
    signed_in, learner, seed_briefing
):
    quiz = whole_lesson_quiz(seed_briefing, 6, Quiz.Mode.EXAM)
    attempt = start(signed_in, quiz)
    submit_attempt(attempt=attempt)
    attempt.refresh_from_db()
    practice = start_retry(attempt=attempt)
    url = reverse("learning:attempt", args=[practice.pk])

    for item in questions_of(practice):
        page = signed_in.get(f"{url}?q={item.position + 1}").content.decode()
        assert "#block-" not in page
        assert_reveals_nothing(section(page, item.position), item.snapshot)
        assert_fields_reveal_nothing(section(page, item.position), item.snapshot)
    assert {item.snapshot["kind"] for item in questions_of(practice)} == KINDS


# Every other page and fragment a learner can open while attempts are open


def around_open_attempts(client, seed_briefing, practice, exam) -> list[tuple[str, str]]:
    """(what, HTML) of every learner page and fragment that is not a question itself."""
    from briefing.models import Lesson
    from learning.flashcards import deck_lessons

    pages = [
        ("home", client.get(reverse("briefing:home"))),
        ("dashboard", client.get(reverse("learning:dashboard"))),
        ("briefing", client.get(seed_briefing.get_absolute_url())),
        ("review", client.get(reverse("learning:review"))),
        ("confirm", client.get(reverse("learning:submit", args=[exam.pk]))),
        ("practice closed", client.get(reverse("learning:attempt", args=[practice.pk]))),
        ("bad request", client.post(answer_url(exam, 0), {"choice": "forged"})),
    ]
    for quiz in Quiz.objects.filter(briefing=seed_briefing):
        pages.append((f"quiz {quiz.pk}", client.get(quiz.get_absolute_url())))
    for lesson in Lesson.objects.filter(briefing=seed_briefing):
        pages.append((f"lesson {lesson.pk}", client.get(lesson.get_absolute_url())))
        read = client.post(reverse("learning:mark_read", args=[lesson.pk]), headers=HTMX)
        pages.append((f"read {lesson.pk}", read))
    for lesson in deck_lessons().filter(briefing=seed_briefing):
        deck = client.get(reverse("learning:deck", args=[lesson.pk]), headers=HTMX)
        pages.append((f"deck {lesson.pk}", deck))
    return [(what, response.content.decode()) for what, response in pages]


def test_no_page_around_open_attempts_shows_their_tokens_or_feedback(
    signed_in, learner, seed_briefing
):
    """The dashboard, the quiz, lesson and deck pages (and their fragments), the confirm
    page, the practice-closed page and a 400 show no option token, feedback or
    explanation of an open attempt's questions. Lesson pages hold the briefing's text
    (explanations quote it), so there only the tokens are looked for."""
    practice = start(signed_in, whole_lesson_quiz(seed_briefing, 6))
    exam = start(signed_in, Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True))
    items = questions_of(practice) + questions_of(exam)
    pages = around_open_attempts(signed_in, seed_briefing, practice, exam)

    assert len(pages) > 20
    for what, page in pages:
        visible = html_module.unescape(page).casefold()
        for item in items:
            for token in tokens_of(item.snapshot):
                assert token not in page, (what, item.snapshot["kind"])
            if what.startswith(("lesson", "read", "deck")):
                continue
            key = item.snapshot["key"]
            for secret in filter(None, [key["explanation"], *key.get("feedback", {}).values()]):
                assert secret.casefold() not in visible, (what, secret)
    assert not Response.objects.exists()
