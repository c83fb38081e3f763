"""The lesson content cache (``briefing.content_cache``): never stale, and what it saves."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from briefing.content_cache import source_digest
from briefing.models import Block, Lesson, TableRow, Term
from config.compiled import CompiledQuery
from tests.factories import SEED_PATH, SEED_SLUG, SEED_TITLE, block_change_data, import_text

pytestmark = pytest.mark.django_db

OLD_CELL = "Growth of defensive cyber protocols"


@pytest.fixture
def admin_client(staff_user) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


def cyber_row(briefing) -> TableRow:
    return TableRow.objects.select_related("block__lesson__briefing").get(
        block__lesson__briefing=briefing, cells__0="Cybersecurity Measures"
    )


def page(url: str) -> str:
    """The page as an anonymous visitor sees it (a fresh client: no session)."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries_for(url: str, client: Client | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(url)
    assert response.status_code == 200
    return len(queries)


def version_of(lesson: Lesson):
    return Lesson.objects.values_list("content_version", flat=True).get(pk=lesson.pk)


def test_an_admin_edit_of_a_cell_shows_on_the_next_request(admin_client, seed_briefing):
    row = cyber_row(seed_briefing)
    url = row.block.lesson.get_absolute_url()
    assert OLD_CELL in page(url)  # cached now
    assert queries_for(url) == 1  # and served from the cache

    data = block_change_data(row.block)
    data[f"rows-{row.position}-cells_1"] = "Red-team drills every quarter"
    response = admin_client.post(f"/admin/briefing/block/{row.block_id}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    html = page(url)
    assert "Red-team drills every quarter" in html
    assert OLD_CELL not in html


def test_a_reimport_shows_on_the_next_request(seed_briefing):
    lesson = cyber_row(seed_briefing).block.lesson
    assert OLD_CELL in page(lesson.get_absolute_url())

    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("Cybersecurity Measures |"))
    lines[row] = "Cybersecurity Measures | Quarterly red-team drills |"
    source = "\n".join(lines)
    import_text(source, slug=SEED_SLUG, title=SEED_TITLE, filename=SEED_PATH.name)

    html = page(lesson.get_absolute_url())
    assert "Quarterly red-team drills" in html
    assert OLD_CELL not in html


def test_an_identical_reimport_keeps_the_cached_content(seed_briefing):
    """Importing the same bytes again writes nothing, so the cache stays warm."""
    lesson = cyber_row(seed_briefing).block.lesson
    before = version_of(lesson)
    import_text(
        SEED_PATH.read_text(encoding="utf-8"),
        slug=SEED_SLUG,
        title=SEED_TITLE,
        filename=SEED_PATH.name,
    )
    assert version_of(lesson) == before


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda row: row.save(), id="row saved"),
        pytest.param(lambda row: row.delete(), id="row deleted"),
        pytest.param(lambda row: row.block.save(), id="block saved"),
        pytest.param(lambda row: row.block.lesson.save(), id="lesson saved"),
        pytest.param(
            lambda row: TableRow.objects.create(block=row.block, position=99, cells=["A", "B"]),
            id="row added",
        ),
        pytest.param(
            lambda row: Block.objects.create(lesson=row.block.lesson, position=99, kind="code"),
            id="block added",
        ),
        pytest.param(
            lambda row: Block.objects.filter(pk=row.block_id).delete(), id="block deleted"
        ),
    ],
)
def test_every_write_of_a_lesson_part_gives_it_a_new_version(seed_briefing, write):
    row = cyber_row(seed_briefing)
    lesson = row.block.lesson
    before = version_of(lesson)
    other = Lesson.objects.exclude(pk=lesson.pk).filter(briefing=seed_briefing).first()
    other_before = version_of(other)

    write(row)

    assert version_of(lesson) != before
    assert version_of(other) == other_before  # the other lessons stay cached


def test_a_term_write_gives_its_lesson_a_new_version(seed_briefing):
    terms = Term.objects.select_related("block__lesson")
    term = terms.filter(block__lesson__briefing=seed_briefing)[0]
    before = version_of(term.block.lesson)
    term.description = "A new description."
    term.save()
    assert version_of(term.block.lesson) != before
    assert "A new description." in page(term.block.lesson.get_absolute_url())


def test_template_digests_differ_with_the_source():
    assert source_digest("<p>{{ a }}</p>") != source_digest("<p>{{ b }}</p>")


def test_a_visitors_page_is_rendered_once_then_served_with_one_query(seed_briefing):
    """A miss reads the versions, the lesson, its siblings and its blocks with their terms
    and rows; a hit reads the versions only."""
    for lesson in seed_briefing.lessons.all():
        url = lesson.get_absolute_url()
        assert queries_for(url) == 6
        assert queries_for(url) == 1
        assert page(url).count('id="block-') >= lesson.blocks.count()


def test_a_signed_in_learner_reuses_the_cached_parts_but_not_the_visitors_page(
    seed_briefing, learner
):
    """The learner's page has the learner's own footer and the CSRF token for htmx; the
    header, blocks and pager come from the cache that a visitor's request filled."""
    lesson = cyber_row(seed_briefing).block.lesson
    visitor = page(lesson.get_absolute_url())
    assert "x-csrftoken" not in visitor
    client = Client()
    client.force_login(learner)
    client.get(lesson.get_absolute_url())  # the progress row exists from now on

    # session, learner, then the lesson's versions with the learner's state in it (opened?
    # read? quiz?) in one query: the lesson and the page are cached under them
    assert queries_for(lesson.get_absolute_url(), client) == 3
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert OLD_CELL in html
    assert "Mark as read" in html and "x-csrftoken" in html
    assert b"Sign in</a> to take" in Client().get(lesson.get_absolute_url()).content


def test_a_sibling_renamed_shows_in_the_pager_at_once(seed_briefing):
    first, second = seed_briefing.lessons.order_by("position")[:2]
    assert second.title in page(first.get_absolute_url())
    second.title = "A Renamed Lesson"
    second.save()
    assert "A Renamed Lesson" in page(first.get_absolute_url())
    assert "A Renamed Lesson" in page(seed_briefing.get_absolute_url())


def test_unpublishing_closes_a_cached_page_at_once(seed_briefing):
    lesson = seed_briefing.lessons.first()
    page(lesson.get_absolute_url())
    page(seed_briefing.get_absolute_url())
    assert seed_briefing.title in page("/")

    seed_briefing.published = False
    seed_briefing.save()

    assert Client().get(lesson.get_absolute_url()).status_code == 404
    assert Client().get(seed_briefing.get_absolute_url()).status_code == 404
    assert seed_briefing.title not in page("/")


def test_a_visitor_with_a_message_waiting_gets_it(rf, seed_briefing):
    """A message is this visitor's own: the page is rendered for them, and not stored."""
    url = seed_briefing.lessons.first().get_absolute_url()
    page(url)  # cached for plain visitors
    storage = CookieStorage(rf.get(url))
    storage.add(messages.INFO, "A message for this visitor only.")
    carrier = HttpResponse()
    storage.update(carrier)
    client = Client()
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value

    assert "A message for this visitor only." in client.get(url).content.decode()
    assert "A message for this visitor only." not in page(url)


def test_a_compiled_stamp_reads_what_the_queryset_reads(seed_briefing):
    def by_slug(briefing_slug, lesson_slug):
        return Lesson.objects.filter(briefing__slug=briefing_slug, slug=lesson_slug).values_list(
            "content_version", "position"
        )

    compiled = CompiledQuery(by_slug, "briefing_slug", "lesson_slug")
    for lesson in seed_briefing.lessons.all()[:3]:
        rows = compiled.rows(briefing_slug=seed_briefing.slug, lesson_slug=lesson.slug)
        version, position = by_slug(seed_briefing.slug, lesson.slug).get()
        assert [(str(value).replace("-", ""), p) for value, p in rows] == [(version.hex, position)]
    assert compiled.rows(briefing_slug=seed_briefing.slug, lesson_slug="nope") == []


def test_a_compiled_query_refuses_a_value_the_orm_rewrites(db):
    compiled = CompiledQuery(lambda title: Lesson.objects.filter(title__icontains=title), "title")

    with pytest.raises(ValueError, match="plain SQL parameter"):
        compiled.rows(title="Iraq")
