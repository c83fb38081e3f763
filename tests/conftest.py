from pathlib import Path

import pytest

SEED_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "000_37c95f02dd4935a7.txt"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counters never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


@pytest.fixture(autouse=True)
def empty_local_cache():
    """Each test starts with an empty local-memory cache, as a new server process would.

    Entries are keyed by random content versions, so a stale one could not be
    served anyway; emptying keeps tests independent. A shared cache (REDIS_URL
    set) is left alone rather than flushed.
    """
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from briefing.content_cache import versioned

    versioned.clear()
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture
def seed_briefing(db):
    """The seed document imported as the demo does it (slug, title, published)."""
    from tests.factories import import_seed  # Django models: only for database tests.

    return import_seed()


@pytest.fixture
def lesson_quiz(seed_briefing):
    """The practice quiz on "Shifting Strategies…", 10 drawn, holding every seed question.

    A draw holds at most one question per fact, and one lesson's pool has fewer
    than ten facts: with the whole briefing's questions ten are always drawn.
    """
    from quizzes.models import Question, Quiz

    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=1)
    Question.objects.filter(briefing=seed_briefing).update(quiz=quiz)
    return quiz


@pytest.fixture
def final_exam(seed_briefing):
    """The briefing's exam: 20 questions drawn from the lesson quizzes."""
    from quizzes.models import Quiz

    return Quiz.objects.get(briefing=seed_briefing, lesson__isnull=True)


@pytest.fixture
def every_kind_quiz(seed_briefing):
    """The quiz on "Future Challenges…" with all its questions: every kind of the seed."""
    from quizzes.models import Quiz

    quiz = Quiz.objects.get(briefing=seed_briefing, lesson__position=6)
    quiz.draw = None
    quiz.save()
    kinds = set(quiz.questions.values_list("kind", flat=True))
    assert kinds == {"choice", "true_false", "match", "categorize", "cloze"}
    return quiz


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(
        "learner", "learner@example.com", "a-long-test-password"
    )


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.com", "a-long-test-password", is_staff=True, is_superuser=True
    )


@pytest.fixture
def write_file(tmp_path: Path):
    """Write bytes or text to a file in a temporary folder and return its path."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture(scope="session")
def gift_parser():
    """Parse GIFT with gift-pegjs in node (installed on first use: see tests/moodle_formats.py)."""
    from tests.moodle_formats import install_gift_pegjs, parse_gift

    modules = install_gift_pegjs()
    return lambda text: parse_gift(modules, text)


class Clock:
    """A frozen ``django.utils.timezone.now`` that a test moves on by hand."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch, settings) -> Clock:
    """Freeze the clock at 09:00 UTC on a Tuesday; ``clock.advance(minutes=15)`` moves it.

    A signed-in test client's session outlives the days a test moves on (the session's
    expiry is read from this clock; idle sign-out has its own tests).
    """
    from datetime import UTC, datetime

    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
    frozen = Clock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    monkeypatch.setattr("django.utils.timezone.now", frozen)
    return frozen
