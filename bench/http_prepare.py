"""The data ``make bench-http`` drives, made inside Django on the database under test.

``python -m bench.http_prepare prepare FOLDER [--learners N]`` imports the seed, creates
the learner whose pages are measured (an open 20-question final exam), and N more
learners, each with a submitted attempt at every question of the final exam (answered:
a history), an open attempt at every question of the final exam and a review card on
every question: each answer POST and review POST of the run goes to a slot of
its own, so that every stored row stands for one request. It writes ``FOLDER/data.json``
and one request list per POST target (see ``bench/wrk.lua``), then settles the database
(``settle``: ``VACUUM ANALYZE`` on PostgreSQL) so that no autovacuum runs while pages
are timed.

``python -m bench.http_prepare count`` prints the answers and reviews stored by the
run's learners, as JSON.

Sessions are created directly in the session store (the same store the server reads:
the database, or Redis and the database); the CSRF secret is one random string sent as
the cookie and the header.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import django

SLOT_PREFIX = "bench-slot-"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")
    django.setup()


def answer_fields(snapshot: dict) -> dict[str, str]:
    """The form fields of a right answer to a snapshot, as the question's form sends them."""
    kind, key = snapshot["kind"], snapshot["key"]
    if kind in ("choice", "true_false"):
        return {"choice": key["correct"]}
    if kind in ("match", "categorize", "ordering"):
        return {f"item-{token}": str(value) for token, value in key["correct"].items()}
    return {"text": key["accepted"][0]}


def answer_and_submit(attempt) -> None:
    """Answer every question of ``attempt`` right and submit it: the history a running
    site's tables hold. Without it the responses table is empty when the database is
    analysed (``settle``), and PostgreSQL plans the answers' statements for an empty table,
    then keeps those plans while the run fills it."""
    from learning.attempts import scored_response, submit_attempt
    from learning.models import Response
    from learning.scoring import parse_answer

    Response.objects.bulk_create(
        scored_response(
            item, parse_answer(item.snapshot, answer_fields(item.snapshot).get, complete=True)
        )
        for item in attempt.questions.all()
    )
    submit_attempt(attempt=attempt)


def session_cookie(user, csrf: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from accounts.backends import session_backend

    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    store = store_class()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = session_backend()
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; csrftoken={csrf}"


def prepare(folder: Path, learners: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils.crypto import get_random_string

    from bench.documents import SEED_PATH, SEED_TITLE, seed_bytes
    from learning.attempts import start_attempt
    from learning.models import ReviewCard
    from learning.review import review_snapshot, schedule_reviews
    from quizzes.models import Question, Quiz
    from quizzes.publishing import import_document

    briefing = import_document(
        source=seed_bytes(),
        filename=SEED_PATH.name,
        slug="us-iraq-security-partnership",
        title=SEED_TITLE,
    ).content.briefing
    users = get_user_model().objects
    csrf = get_random_string(32)
    lesson = briefing.lessons.get(position=1)  # paragraphs, a term list and a table
    exam = Quiz.objects.get(briefing=briefing, lesson__isnull=True)

    learner = users.create_user("bench-learner", password=None)
    cookie = session_cookie(learner, csrf)
    attempt = start_attempt(learner=learner, quiz=exam)

    exam_draw = exam.draw
    exam.draw = None  # every question of the briefing, one per fact: many answer slots
    exam.save(update_fields=["draw"])
    questions = list(
        Question.objects.active().filter(briefing=briefing).values_list("pk", flat=True)
    )
    answers, reviews = [], []
    for number in range(learners):
        user = users.create_user(f"{SLOT_PREFIX}{number}", password=None)
        slot_cookie = session_cookie(user, csrf)
        answer_and_submit(start_attempt(learner=user, quiz=exam))
        slot_attempt = start_attempt(learner=user, quiz=exam)
        for item in slot_attempt.questions.all():
            path = f"/attempts/{slot_attempt.pk}/questions/{item.position}/"
            answers.append(("POST", path, slot_cookie, urlencode(answer_fields(item.snapshot))))
        schedule_reviews(learner=user, question_ids=questions)
        for card in ReviewCard.objects.filter(learner=user).select_related(
            "question__source_block__lesson__briefing",
            "question__source_row__block",
            "question__source_term__block",
        ):
            fields = {"reviews": "0"} | answer_fields(review_snapshot(card, reviews=0))
            reviews.append(("POST", f"/review/{card.pk}/", slot_cookie, urlencode(fields)))
    exam.draw = exam_draw
    exam.save(update_fields=["draw"])

    write_requests(folder / "answers.tsv", answers)
    write_requests(folder / "reviews.tsv", reviews)
    data = {
        "csrf": csrf,
        "cookie": cookie,
        "home": "/",
        "briefing": briefing.get_absolute_url(),
        "lesson": lesson.get_absolute_url(),
        "attempt": f"/attempts/{attempt.pk}/",
        "dashboard": "/dashboard/",
        "answer_slots": len(answers),
        "review_slots": len(reviews),
    }
    (folder / "data.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def settle() -> None:
    """Leave the database as a running site's would be: its statistics current and nothing
    left for PostgreSQL's autovacuum to do after the bulk of rows just written, so that
    the first pages timed do not share the two cores with it. (Outside a transaction:
    PostgreSQL runs no ``VACUUM`` inside one.)"""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def write_requests(path: Path, requests: list[tuple[str, str, str, str]]) -> None:
    path.write_text("".join("\t".join(fields) + "\n" for fields in requests), encoding="utf-8")


def count() -> dict[str, int]:
    from learning.models import Response, ReviewLog

    return {
        "answers": Response.objects.filter(
            attempt_question__attempt__learner__username__startswith=SLOT_PREFIX
        ).count(),
        "reviews": ReviewLog.objects.filter(
            card__learner__username__startswith=SLOT_PREFIX
        ).count(),
    }


def main(argv: list[str]) -> int:
    setup()
    if argv[:1] == ["prepare"]:
        learners = int(argv[argv.index("--learners") + 1]) if "--learners" in argv else 100
        prepare(Path(argv[1]), learners)
        settle()
    elif argv[:1] == ["count"]:
        print(json.dumps(count()))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
