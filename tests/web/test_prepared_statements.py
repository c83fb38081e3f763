"""The statements run on nearly every request are prepared once per connection on
PostgreSQL (``config.compiled.statement_cursor``): the server plans each one once, where
Django's client-bound cursor had it planned on every run. Their results do not change."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.backends import USER_BY_PK
from accounts.models import User
from config.compiled import statement_cursor
from learning.activity import bump
from learning.review import schedule_review
from quizzes.models import Question
from tests.web.test_review_session import answer

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def server_text(sql: str) -> str:
    """The SQL as psycopg sends it to be prepared: its parameters numbered."""
    parts = sql.split("%s")
    return parts[0] + "".join(f"${number}{part}" for number, part in enumerate(parts[1:], 1))


def test_a_compiled_query_and_an_answer_s_writes_are_prepared_on_postgresql(learner):
    USER_BY_PK.instances(pk=learner.pk)
    bump(learner.pk)
    if connection.vendor != "postgresql":  # SQLite keeps no plans between statements
        with statement_cursor() as ours, connection.cursor() as django_s:
            assert type(ours.cursor) is type(django_s.cursor)
        return
    statements = prepared_statements()
    assert server_text(USER_BY_PK.query().sql) in statements
    assert any(s.startswith('UPDATE "accounts_user" SET "activity_version"') for s in statements)


def test_a_prepared_statement_reads_what_django_s_cursor_reads(learner, django_assert_num_queries):
    prepared = USER_BY_PK.instances(pk=learner.pk)
    with django_assert_num_queries(1):  # queries logged: Django's own cursor
        logged = USER_BY_PK.instances(pk=learner.pk)
    assert [u.__dict__ | {"_state": None} for u in prepared] == [
        u.__dict__ | {"_state": None} for u in logged
    ]
    assert prepared[0] == User.objects.get(pk=learner.pk)


def test_the_review_pages_queries_are_prepared_on_postgresql(client, learner, seed_briefing):
    """The review card's query joins a dozen tables: planning it took PostgreSQL 2 to 3 ms a
    run, more than running it. The review page and its answer prepare their queries."""
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    schedule_review(learner=learner, question_id=question.pk)
    client.force_login(learner)
    page = client.get(reverse("learning:review")).content.decode()
    card, reply = answer(client, page, "right")
    assert "Right." in reply
    if connection.vendor != "postgresql":  # SQLite keeps no plans between statements
        return
    statements = prepared_statements()
    card_reads = [s for s in statements if s.startswith('SELECT "learning_reviewcard"."id"')]
    assert card_reads, statements
    assert any('INSERT INTO "learning_reviewlog"' in s for s in statements)
