import pytest

from briefing.models import Block, TableRow

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_admin_pages_open(admin_client, seed_briefing):
    table = Block.objects.filter(kind="table").first()
    terms = Block.objects.filter(kind="term_list").first()
    lesson = table.lesson
    for url in (
        "/admin/briefing/briefing/",
        f"/admin/briefing/briefing/{seed_briefing.pk}/change/",
        "/admin/briefing/lesson/?briefing__id__exact=1",
        f"/admin/briefing/lesson/{lesson.pk}/change/",
        "/admin/briefing/block/?q=Resilience",
        f"/admin/briefing/block/{table.pk}/change/",
        f"/admin/briefing/block/{terms.pk}/change/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_briefing_change_page_shows_the_cleaning_report(admin_client, seed_briefing):
    html = admin_client.get(f"/admin/briefing/briefing/{seed_briefing.pk}/change/").content.decode()
    assert "missing_space" in html
    assert "mojibake" in html


def test_block_change_page_has_one_text_field_per_header_and_cell(admin_client, seed_briefing):
    table = Block.objects.get(lesson__briefing=seed_briefing, header=["Focus Area", "Action Plan"])
    html = admin_client.get(f"/admin/briefing/block/{table.pk}/change/").content.decode()
    assert 'name="header_0" value="Focus Area"' in html
    assert 'name="header_1" value="Action Plan"' in html
    assert 'name="rows-0-cells_0" value="Counterterrorism Operations"' in html
    assert (
        'name="rows-2-cells_1" value="Programs aimed at countering radicalization at grassroots"'
        in html
    )


def test_editing_a_cell_in_the_admin_saves_it(admin_client, seed_briefing):
    table = Block.objects.get(lesson__briefing=seed_briefing, header=["Focus Area", "Action Plan"])
    rows = list(table.rows.all())
    data = {
        "lesson": table.lesson_id,
        "position": table.position,
        "kind": "table",
        "text": "",
        "header_0": "Focus Area",
        "header_1": "Action Plan",
        "shape": "key_value",
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": len(rows),
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data |= {
            f"rows-{index}-id": row.pk,
            f"rows-{index}-block": table.pk,
            f"rows-{index}-position": row.position,
            f"rows-{index}-cells_0": row.cells[0],
            f"rows-{index}-cells_1": row.cells[1],
        }
    data["rows-1-cells_1"] = "Hardened cyber protocols"

    response = admin_client.post(f"/admin/briefing/block/{table.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert TableRow.objects.get(pk=rows[1].pk).cells == [
        "Cybersecurity Measures",
        "Hardened cyber protocols",
    ]
    page = admin_client.get(table.lesson.get_absolute_url()).content.decode()
    assert "Hardened cyber protocols" in page
