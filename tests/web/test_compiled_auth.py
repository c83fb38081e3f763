"""The session and the signed-in user are read with SQL compiled once (``accounts.sessions``,
``accounts.backends``): as strict as Django's own reads, and no SQL built per request."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends import db as django_db_sessions
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.db.models import Value
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import USER_BY_PK, ModelBackend, session_backend
from accounts.models import User
from accounts.sessions import SESSION_ROW
from bench.http_prepare import session_cookie
from briefing.models import Lesson
from config.compiled import CompiledQuery

pytestmark = pytest.mark.django_db

ENGINES = ["accounts.sessions.db", "accounts.sessions.cached_db"]


@pytest.fixture
def sql_builds(monkeypatch) -> list:
    """The models whose SQL the ORM builds from here on."""
    built = []
    build = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        built.append(self.query.model)
        return build(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    return built


def dashboard(client: Client) -> int:
    return client.get(reverse("learning:dashboard")).status_code


def signed_in_request(client: Client):
    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(
        client.session.session_key
    )
    return request


def field_values(instance) -> list[tuple[type, object]]:
    return [
        (type(value := getattr(instance, field.attname)), value)
        for field in type(instance)._meta.concrete_fields
    ]


def test_a_signed_in_request_builds_no_sql_for_its_session_or_its_user(client, learner, sql_builds):
    """The configured engine and backend: 0.3 to 1 ms each saved on every signed-in request."""
    client.force_login(learner)
    assert get_user(signed_in_request(client)) == learner  # compiled once, here

    sql_builds.clear()
    request = signed_in_request(client)
    with CaptureQueriesContext(connection) as queries:
        assert get_user(request) == learner
    assert len(queries) == 1 + (settings.SESSION_ENGINE == "accounts.sessions.db")
    assert sql_builds == []


@pytest.mark.parametrize("engine", ENGINES)
def test_the_database_read_of_either_engine_builds_no_sql(
    client, learner, settings, engine, sql_builds
):
    settings.SESSION_ENGINE = engine
    client.force_login(learner)
    signed_in_request(client).session.load()  # compiled once, here
    cache.clear()  # cached_db reads the database only on a miss

    sql_builds.clear()
    with CaptureQueriesContext(connection) as queries:
        data = signed_in_request(client).session.load()
    assert data[BACKEND_SESSION_KEY] == "accounts.backends.ModelBackend"
    assert len(queries) == 1
    assert sql_builds == []


def test_the_compiled_sql_is_what_the_orm_builds(db):
    """Django's store also asks for ``expire_date > now``: the mixin compares it in Python."""
    assert (
        SESSION_ROW.query().sql
        == Session.objects.filter(session_key="k").query.sql_with_params()[0]
    )
    assert (
        USER_BY_PK.query().sql
        == User._default_manager.filter(pk=1).order_by().query.sql_with_params()[0]
    )


def test_the_user_read_back_is_the_one_django_reads(learner):
    learner.last_login = timezone.now()
    learner.save()

    compiled, orm = ModelBackend().get_user(learner.pk), DjangoModelBackend().get_user(learner.pk)

    assert field_values(compiled) == field_values(orm)
    assert (compiled._state.adding, compiled._state.db) == (False, "default")
    assert ModelBackend().get_user(learner.pk + 1000) is None


def test_the_session_read_back_is_the_one_django_reads(client, learner):
    client.force_login(learner)
    key = client.session.session_key

    compiled = import_module("accounts.sessions.db").SessionStore(key)
    orm = django_db_sessions.SessionStore(key)

    assert field_values(compiled._get_session_from_db()) == field_values(orm._get_session_from_db())
    assert compiled.load() == orm.load()


def test_a_deactivated_user_is_signed_out_at_the_next_request(client, learner):
    client.force_login(learner)
    assert dashboard(client) == 200

    User.objects.filter(pk=learner.pk).update(is_active=False)

    assert dashboard(client) == 302


def test_a_deleted_user_is_signed_out(client, learner):
    client.force_login(learner)
    learner.delete()

    assert dashboard(client) == 302


def test_a_password_change_ends_the_other_sessions(learner):
    elsewhere = Client()
    elsewhere.force_login(learner)
    assert dashboard(elsewhere) == 200

    learner.set_password("another-long-password")
    learner.save()

    assert dashboard(elsewhere) == 302
    assert dashboard(elsewhere) == 302  # the session was flushed, not only refused once


@pytest.mark.parametrize("engine", ENGINES)
def test_an_expired_session_is_refused(client, learner, settings, engine):
    settings.SESSION_ENGINE = engine
    client.force_login(learner)
    assert dashboard(client) == 200

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    cache.clear()

    assert dashboard(client) == 302


def test_the_bench_session_names_the_configured_backend(learner):
    assert session_backend() == "accounts.backends.ModelBackend"
    name, key = session_cookie(learner, "x" * 32).split(";")[0].split("=")
    client = Client()
    client.cookies[name] = key

    assert dashboard(client) == 200
    assert client.session[BACKEND_SESSION_KEY] == settings.AUTHENTICATION_BACKENDS[-1]


def test_only_a_queryset_of_model_instances_returns_instances(learner):
    names = CompiledQuery(lambda pk: User.objects.filter(pk=pk).values_list("username"), pk=-9)
    with pytest.raises(ValueError, match="model instances"):
        names.instances(pk=learner.pk)
    assert names.rows(pk=learner.pk) == [("learner",)]
    annotated = CompiledQuery(lambda pk: User.objects.filter(pk=pk).annotate(n=Value(1)), pk=-9)
    with pytest.raises(ValueError, match="unannotated"):
        annotated.instances(pk=learner.pk)


def test_instances_come_with_their_select_related_objects_as_the_orm_makes_them(
    seed_briefing, django_assert_num_queries
):
    def lessons(briefing):
        return (
            Lesson.objects.filter(briefing=briefing)
            .select_related("briefing")
            .defer("briefing__cleaning_report")
            .order_by("position")
        )

    compiled = CompiledQuery(lessons, briefing=-9)
    expected = list(lessons(seed_briefing.pk))
    with django_assert_num_queries(1):
        made = compiled.instances(briefing=seed_briefing.pk)
        related = [(lesson.briefing.title, lesson.briefing.content_version) for lesson in made]
    assert [(m.pk, m.title, m.content_version) for m in made] == [
        (e.pk, e.title, e.content_version) for e in expected
    ]
    assert related == [(e.briefing.title, e.briefing.content_version) for e in expected]
    assert made[0].briefing.get_deferred_fields() == {"cleaning_report"}


def test_a_sample_the_orm_rewrites_is_refused(db):
    compiled = CompiledQuery(lambda pk: User.objects.filter(pk=pk), pk="-9")
    with pytest.raises(ValueError, match="plain SQL parameter"):
        compiled.rows(pk=1)
