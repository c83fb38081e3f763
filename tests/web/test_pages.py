import pytest
from django.urls import reverse

from briefing.models import Block, TableRow
from tests.factories import SEED_TITLE, import_text

pytestmark = pytest.mark.django_db

MOJIBAKE = ("â˘", "âŁ", "â¤", "⢠", "⣠", "⤠")


def test_home_lists_published_briefings_only(client, seed_briefing):
    hidden = import_text("Hidden Lesson\nSecret text here.\n", slug="hidden", title="Hidden")
    hidden.published = False
    hidden.save()

    response = client.get("/")

    assert response.status_code == 200
    assert SEED_TITLE.encode() in response.content
    assert b"Hidden" not in response.content


def test_home_query_count(client, seed_briefing, django_assert_max_num_queries):
    """The lesson count is one annotated query, not one query per briefing."""
    import_text("Second Briefing\nSome text.\n", slug="second")
    with django_assert_max_num_queries(3):
        client.get("/")


def test_unpublished_briefing_is_404_for_learners_and_visible_to_staff(
    client, seed_briefing, learner, staff_user
):
    seed_briefing.published = False
    seed_briefing.save()
    lesson = seed_briefing.lessons.first()

    assert client.get(seed_briefing.get_absolute_url()).status_code == 404
    assert client.get(lesson.get_absolute_url()).status_code == 404
    client.force_login(learner)
    assert client.get(lesson.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    assert client.get(seed_briefing.get_absolute_url()).status_code == 200
    assert client.get(lesson.get_absolute_url()).status_code == 200


def test_briefing_page_lists_the_eight_lessons_in_order(
    client, seed_briefing, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(seed_briefing.get_absolute_url())
    titles = [lesson.title for lesson in response.context["lessons"]]
    assert len(titles) == 8
    assert titles[0] == "Introduction"
    assert titles[-1] == "Key Takeaways"


def test_lesson_page_renders_blocks_as_html_with_anchors(client, seed_briefing):
    lesson = seed_briefing.lessons.get(slug="shifting-strategies-in-the-fight-against-isis")
    html = client.get(lesson.get_absolute_url()).content.decode()

    assert "<h1>Shifting Strategies in the Fight Against ISIS</h1>" in html
    assert '<dl id="block-1" class="term-list">' in html
    assert '<div id="block-1-term-0" class="term">' in html
    assert '<table id="block-3" class="shape-key_value">' in html
    assert '<th scope="col">Focus Area</th>' in html
    assert '<tr id="block-3-row-2">' in html
    assert '<th scope="row">Community Resilience</th>' in html


def test_lesson_query_count_does_not_grow_with_blocks(
    client, seed_briefing, django_assert_max_num_queries
):
    """Blocks, their terms and their rows are prefetched: no query per block or row."""
    for lesson in seed_briefing.lessons.all():
        with django_assert_max_num_queries(6):
            response = client.get(lesson.get_absolute_url())
        assert response.status_code == 200


def test_seed_lesson_pages_are_clean(client, seed_briefing):
    for lesson in seed_briefing.lessons.all():
        html = client.get(lesson.get_absolute_url()).content.decode()
        for form in MOJIBAKE:
            assert form not in html, f"{form!r} in {lesson.slug}"
        assert ",counterterrorism" not in html
        assert "critical.The" not in html


def test_previous_and_next_links(client, seed_briefing):
    lessons = list(seed_briefing.lessons.order_by("position"))
    first = client.get(lessons[0].get_absolute_url()).content.decode()
    middle = client.get(lessons[3].get_absolute_url()).content.decode()
    last = client.get(lessons[-1].get_absolute_url()).content.decode()

    assert 'rel="prev"' not in first
    assert f'rel="next" href="{lessons[1].get_absolute_url()}"' in first
    assert f'rel="prev" href="{lessons[2].get_absolute_url()}"' in middle
    assert f'rel="next" href="{lessons[4].get_absolute_url()}"' in middle
    assert f'rel="prev" href="{lessons[-2].get_absolute_url()}"' in last
    assert 'rel="next"' not in last


def test_document_text_is_escaped(client, seed_briefing):
    lesson = seed_briefing.lessons.first()
    block = lesson.blocks.get(position=0)
    block.text = '<script>alert("x")</script> & <b>bold</b>'
    block.save()
    table = Block.objects.filter(lesson__briefing=seed_briefing, kind="table").first()
    TableRow.objects.filter(block=table, position=0).update(cells=["<img src=x onerror=1>", "ok"])

    html = client.get(lesson.get_absolute_url()).content.decode()
    table_html = client.get(table.lesson.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in html
    assert "<img src=x" not in table_html
    assert "&lt;img src=x onerror=1&gt;" in table_html


def test_editing_a_cell_changes_the_lesson_page(client, seed_briefing):
    row = TableRow.objects.get(
        block__lesson__briefing=seed_briefing, cells__0="Cybersecurity Measures"
    )
    row.cells = ["Cybersecurity Measures", "Red-team drills every quarter"]
    row.save()

    html = client.get(row.block.lesson.get_absolute_url()).content.decode()

    assert "Red-team drills every quarter" in html
    assert "Growth of defensive cyber protocols" not in html


@pytest.mark.parametrize(
    "url",
    ["/briefings/nope/", "/briefings/us-iraq-security-partnership/nope/", "/briefings/%20/"],
)
def test_unknown_urls_are_404(client, seed_briefing, url):
    assert client.get(url).status_code == 404


def test_pages_refuse_post(client, seed_briefing):
    assert client.post(reverse("briefing:home")).status_code == 405
