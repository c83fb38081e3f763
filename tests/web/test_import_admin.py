"""The admin's "Import a document" page: preview as a dry run, confirm in one transaction,
errors on the form with their line, permissions, CSRF, and no write it was not asked for."""

import html as html_module
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from briefing.models import Block, Briefing, Lesson, TableRow
from learning.attempts import save_response, start_attempt
from learning.scoring import right_answer
from quizzes.admin_views import DRAFT_KEY
from quizzes.models import Question
from tests.web.form_helpers import form_data

pytestmark = pytest.mark.django_db

URL = "/admin/quizzes/quiz/import/"
DOCUMENT = """\
# Field Office Handbook

## Opening an Office

Every office opens with a clear plan,and each step has an owner.

| Task | Owner |
|---|---|
| Lease signing | Facilities Team |
| Staff hiring | Human Resources |
| Network setup | IT Services |
| Budget approval | Finance Office |

## Daily Operations

- **Morning Briefing**: A short meeting where the team reviews the day's priorities.
- **Incident Log**: The record where every security incident is written down.
- **Supply Check**: The weekly count of food, fuel and medical supplies.
- **Radio Check**: The hourly test of the radio link with headquarters.
"""


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def upload(content: str | bytes, name: str = "handbook.md") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/markdown")


def post_preview(client, content=DOCUMENT, name="handbook.md", **fields):
    data = {"format": "auto", "slug": "", "title": "", "language": "", "text": ""}
    if content is not None:
        data["file"] = upload(content, name)
    return client.post(URL, data | fields)


def confirm_data(response) -> dict[str, str]:
    return form_data(response.content.decode(), "confirm_form")


def text_of(response) -> str:
    """The page's text as read: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    return " ".join(html_module.unescape(text).split())


def rows_written() -> tuple[int, ...]:
    return (
        Briefing.objects.count(),
        Lesson.objects.count(),
        Block.objects.count(),
        TableRow.objects.count(),
        Question.objects.count(),
    )


def test_the_briefing_list_links_to_the_import_page(admin_client):
    html = admin_client.get("/admin/briefing/briefing/").content.decode()
    assert f'href="{URL}"' in html and "Import a document" in html

    page = admin_client.get(URL)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert "csrfmiddlewaretoken" in page.content.decode()


def test_staff_without_the_add_permission_get_a_403(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "viewer", password="x-long-password-1", is_staff=True
    )
    editor.user_permissions.add(Permission.objects.get(codename="view_briefing"))
    client.force_login(editor)

    assert client.get(URL).status_code == 403
    assert post_preview(client).status_code == 403
    assert "Import a document" not in client.get("/admin/briefing/briefing/").content.decode()
    assert rows_written() == (0, 0, 0, 0, 0)


def test_visitors_and_learners_are_sent_to_the_admin_login(client, learner):
    assert client.get(URL)["Location"].startswith("/admin/login/")
    client.force_login(learner)
    assert client.get(URL)["Location"].startswith("/admin/login/")


def test_the_preview_writes_nothing_and_shows_the_whole_import(admin_client):
    response = post_preview(admin_client)

    assert response.status_code == 200
    assert rows_written() == (0, 0, 0, 0, 0)
    page = text_of(response)
    assert "This creates the briefing “Field Office Handbook” (handbook), in English." in page
    assert "Nothing has been written yet." in page
    assert "missing_space" in page and "“plan,and” → “plan, and”" in page
    assert "Opening an Office" in page and "Daily Operations" in page
    assert "Network setup | IT Services" in page
    assert "Supply Check: The weekly count of food, fuel and medical supplies." in page
    assert "Added: " in page and "Which owner goes with Network setup?" in page
    assert admin_client.session[DRAFT_KEY]["filename"] == "handbook.md"
    assert confirm_data(response)["action"] == "confirm"


def test_confirming_writes_the_import_and_its_questions(admin_client):
    preview = post_preview(admin_client)

    response = admin_client.post(URL, confirm_data(preview), follow=True)

    briefing = Briefing.objects.get(slug="handbook")
    assert response.redirect_chain[-1][0] == f"/admin/briefing/briefing/{briefing.pk}/change/"
    assert briefing.title == "Field Office Handbook"
    assert list(briefing.lessons.values_list("title", flat=True)) == [
        "Opening an Office",
        "Daily Operations",
    ]
    assert Question.objects.filter(briefing=briefing, active=True).exists()
    assert "Imported “Field Office Handbook” (handbook)" in text_of(response)
    assert DRAFT_KEY not in admin_client.session
    again = admin_client.post(URL, confirm_data(preview))
    assert "no longer available" in text_of(again)


def test_pasted_text_needs_a_slug_and_then_imports(admin_client):
    refused = post_preview(admin_client, content=None, text=DOCUMENT)
    assert "Give a slug (or a title)" in text_of(refused)

    preview = post_preview(admin_client, content=None, text=DOCUMENT, slug="pasted-handbook")
    assert "pasted text" in text_of(preview)
    admin_client.post(URL, confirm_data(preview))

    briefing = Briefing.objects.get(slug="pasted-handbook")
    assert briefing.title == "Field Office Handbook"
    assert briefing.lessons.count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"content": b"# T\n\n## L\n\ncaf\xe9 au lait\n"},
            "handbook.md, line 5: the file is not UTF-8",
        ),
        ({"content": "## Only\n\n|---|---|\n", "name": "rule.txt"}, "rule.txt, line 3: table rule"),
        ({"content": ""}, "The submitted file is empty."),
        ({"content": None}, "Choose a file, or paste the document's text."),
        ({"text": "## Pasted too"}, "Choose a file or paste a text, not both."),
        ({"slug": "not a slug!"}, "Enter a valid “slug”"),
        ({"language": "xx"}, "Select a valid choice."),
        (
            {"name": "export.yaml", "content": "version: 2\ntitle: T\n", "title": "Mine"},
            "A YAML export names its own title",
        ),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(admin_client, fields, message):
    response = post_preview(admin_client, **fields)

    assert response.status_code == 200
    assert message in text_of(response)
    assert "Please correct the error" in text_of(response)
    assert rows_written() == (0, 0, 0, 0, 0)
    assert DRAFT_KEY not in admin_client.session


def test_a_file_over_the_size_limit_is_refused(admin_client, settings):
    settings.IMPORT_MAX_BYTES = 100

    response = post_preview(admin_client)

    assert "The file is larger than the 100-byte limit." in text_of(response)
    assert rows_written() == (0, 0, 0, 0, 0)


def import_handbook(client) -> Briefing:
    client.post(URL, confirm_data(post_preview(client)))
    return Briefing.objects.get(slug="handbook")


def answer_every_question(briefing: Briefing, learner) -> None:
    for lesson in briefing.lessons.all():
        lesson.quiz.draw = None  # every question, not a draw of ten
        lesson.quiz.save()
        attempt = start_attempt(learner=learner, quiz=lesson.quiz)
        for item in attempt.questions.all():
            save_response(attempt_question=item, answer=right_answer(item.snapshot))


def test_a_reimport_preview_shows_the_diff_and_the_answers_each_deactivated_question_touches(
    admin_client, learner
):
    briefing = import_handbook(admin_client)
    answer_every_question(briefing, learner)
    changed = DOCUMENT.replace(
        "| Network setup | IT Services |", "| Network setup | Regional IT Desk |"
    )
    changed = changed.replace(
        "- **Supply Check**: The weekly count of food, fuel and medical supplies.\n", ""
    )
    before = rows_written()

    response = post_preview(admin_client, content=changed)

    page, raw = text_of(response), html_module.unescape(response.content.decode())
    assert "This updates the briefing “Field Office Handbook” (handbook)" in page
    assert (
        "<del>IT Services</del>" in response.content.decode()
        or "<del>Services</del>" in response.content.decode()
    )
    assert "Regional" in page and "Supply Check: The weekly count" in page
    deactivated = raw.split("Deactivated: learners answered them", 1)[1].split("</table>", 1)[0]
    assert "Which owner goes with Network setup?" in deactivated
    assert "Supply Check" in deactivated
    assert '<td class="number">1</td>' in deactivated
    assert rows_written() == before

    admin_client.post(URL, confirm_data(response))
    question = Question.objects.get(
        briefing=briefing, prompt="Which owner goes with Network setup?", active=False
    )
    assert question.answer == "IT Services"
    assert briefing.lessons.get(position=0).blocks.get(kind="table").rows.get(position=2).cells[
        1
    ] == ("Regional IT Desk")


def test_a_change_since_the_preview_stops_the_confirmation_and_shows_a_new_preview(admin_client):
    briefing = import_handbook(admin_client)
    preview = post_preview(admin_client, content=DOCUMENT.replace("Finance Office", "Treasury"))
    row = TableRow.objects.get(block__lesson__briefing=briefing, position=0)
    row.cells = ["Lease signing", "Legal Team"]
    row.save()  # an editor's change, after the preview
    before = rows_written()

    response = admin_client.post(URL, confirm_data(preview))

    assert response.status_code == 200
    assert "changed since your preview" in text_of(response)
    assert "Preview the import" in text_of(response)
    assert rows_written() == before
    row.refresh_from_db()
    assert row.cells == ["Lease signing", "Legal Team"]
    assert not any("Treasury" in row.cells for row in TableRow.objects.all())
    # The new preview can be confirmed.
    admin_client.post(URL, confirm_data(response))
    assert ["Budget approval", "Treasury"] in [row.cells for row in TableRow.objects.all()]


@pytest.mark.parametrize(
    "forge",
    [
        lambda data: data | {"token": data["token"][:-2] + "xx"},
        lambda data: data | {"token": ""},
        lambda data: {"action": "confirm"},
    ],
)
def test_a_forged_or_missing_token_writes_nothing(admin_client, forge):
    preview = post_preview(admin_client)

    response = admin_client.post(URL, forge(confirm_data(preview)))

    assert response.status_code == 200
    assert "no longer available" in text_of(response)
    assert rows_written() == (0, 0, 0, 0, 0)


def test_a_newer_preview_in_another_tab_voids_the_older_one(admin_client):
    first = post_preview(admin_client)
    post_preview(admin_client, content=DOCUMENT.replace("Finance Office", "Treasury"))

    response = admin_client.post(URL, confirm_data(first))

    assert "Another preview was made since this one" in text_of(response)
    assert rows_written() == (0, 0, 0, 0, 0)


def test_every_post_needs_the_csrf_token(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)

    assert post_preview(client).status_code == 403
    assert client.post(URL, {"action": "confirm", "token": "x"}).status_code == 403


def test_an_import_that_fails_half_way_writes_nothing(admin_client, monkeypatch):
    preview = post_preview(admin_client)

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("quizzes.publishing.sync_quizzes", broken)
    with pytest.raises(RuntimeError):
        admin_client.post(URL, confirm_data(preview))

    assert rows_written() == (0, 0, 0, 0, 0)


def test_the_same_file_again_has_nothing_to_confirm(admin_client):
    import_handbook(admin_client)

    response = post_preview(admin_client)

    assert "Nothing to import: this is the document imported last" in text_of(response)
    assert "Confirm the import" not in text_of(response)


def test_a_yaml_export_imports_back_through_the_page(admin_client, tmp_path):
    briefing = import_handbook(admin_client)
    path = tmp_path / "handbook.yaml"
    call_command("export_briefing", briefing.slug, "-o", str(path), stderr=StringIO())
    exported = path.read_text()
    briefing.delete()

    preview = post_preview(admin_client, content=exported, name="handbook.yaml")
    assert "This creates the briefing “Field Office Handbook” (handbook)" in text_of(preview)
    admin_client.post(URL, confirm_data(preview))

    restored = Briefing.objects.get(slug="handbook")
    assert restored.lessons.count() == 2
    assert Question.objects.filter(briefing=restored).exists()


def test_adding_without_changing_may_not_overwrite_a_briefing(
    client, admin_client, django_user_model
):
    import_handbook(admin_client)
    adder = django_user_model.objects.create_user(
        "adder", password="x-long-password-1", is_staff=True
    )
    adder.user_permissions.add(Permission.objects.get(codename="add_briefing"))
    client.force_login(adder)
    before = rows_written()

    response = post_preview(client, content=DOCUMENT.replace("Finance Office", "Treasury"))

    assert "you may add briefings but not change them" in text_of(response)
    assert rows_written() == before
    assert DRAFT_KEY not in client.session
