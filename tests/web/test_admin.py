import pytest

from briefing.models import Block, TableRow
from tests.factories import block_change_data
from tests.web.form_helpers import form_data

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
    data = block_change_data(table)
    data["rows-1-cells_1"] = "Hardened cyber protocols"

    response = admin_client.post(f"/admin/briefing/block/{table.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert TableRow.objects.get(pk=rows[1].pk).cells == [
        "Cybersecurity Measures",
        "Hardened cyber protocols",
    ]
    page = admin_client.get(table.lesson.get_absolute_url()).content.decode()
    assert "Hardened cyber protocols" in page


def test_quiz_admin_pages_open(admin_client, seed_briefing):
    from quizzes.models import Question, Quiz

    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    question = quiz.questions.first()
    for url in (
        "/admin/quizzes/quiz/",
        f"/admin/quizzes/quiz/{quiz.pk}/change/",
        "/admin/quizzes/question/?kind__exact=match",
        f"/admin/quizzes/question/{question.pk}/change/",
        "/admin/learning/attempt/",
        "/admin/learning/reviewcard/",
    ):
        assert admin_client.get(url).status_code == 200, url
    html = admin_client.get(f"/admin/briefing/briefing/{seed_briefing.pk}/change/").content.decode()
    assert "Generation report" in html
    assert "Intelligence Sharing has 4 different meanings" in html
    assert Question.objects.filter(quiz=quiz).count() >= 1


def question_form(client, question) -> dict:
    """The question's change form as the browser sends it, untouched."""
    page = client.get(f"/admin/quizzes/question/{question.pk}/change/").content.decode()
    return form_data(page, "question_form")


def test_editing_a_generated_question_makes_it_edited(admin_client, seed_briefing):
    from quizzes.models import Question

    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    data = question_form(admin_client, question) | {"prompt": "A better prompt?"}

    response = admin_client.post(f"/admin/quizzes/question/{question.pk}/change/", data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.prompt, question.origin) == ("A better prompt?", "edited")


def test_saving_a_block_in_the_admin_regenerates_its_quizzes(admin_client, seed_briefing):
    from quizzes.models import Question

    term_list = Block.objects.filter(lesson__briefing=seed_briefing, kind="term_list").first()
    data = block_change_data(term_list)
    data["terms-1-description"] = "Bespoke courses for elite units of the Iraqi army."

    response = admin_client.post(f"/admin/briefing/block/{term_list.pk}/change/", data, follow=True)

    assert "regenerated" in response.content.decode()
    assert Question.objects.filter(
        briefing=seed_briefing, prompt__contains="Bespoke courses for elite units"
    ).exists()
