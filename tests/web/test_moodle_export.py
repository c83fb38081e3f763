"""The Moodle export of real quizzes: export_briefing --format gift|moodle-xml, admin actions.

Every active question of the seed must be in both files with its right answer, in the
category of its quiz; the GIFT is read by gift-pegjs, the XML by Moodle's structure.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from quizzes.models import Question, Quiz
from quizzes.moodle import short_answer
from quizzes.moodle_export import moodle_categories
from tests.moodle_formats import check_moodle_xml, gift_plain, text_of, xml_plain
from tests.web.test_ordering import STEPS, add_ordered_list

pytestmark = pytest.mark.django_db

GIFT_TYPES = {
    "choice": "MC",
    "true_false": "TF",
    "match": "Matching",
    "categorize": "Matching",
    "cloze": "Short",
}
XML_TYPES = {
    "choice": "multichoice",
    "true_false": "truefalse",
    "match": "matching",
    "categorize": "matching",
    "cloze": "shortanswer",
    "ordering": "ordering",
}


def export(slug: str, file_format: str, tmp_path) -> tuple[str, str]:
    """The exported file and what the command printed on standard error."""
    path = tmp_path / f"export.{file_format}"
    err = StringIO()
    call_command("export_briefing", slug, "--format", file_format, "-o", str(path), stderr=err)
    return path.read_text(encoding="utf-8"), err.getvalue()


def active_questions(briefing) -> list[Question]:
    return list(
        Question.objects.active().filter(briefing=briefing).select_related("quiz", "briefing")
    )


def category_of(question: Question) -> str:
    return f"{question.briefing.title}/{question.quiz.title}"


def idnumber(question: Question) -> str:
    return f"{question.briefing.slug}:{question.fingerprint}"


def gift_right_answer(parsed: dict) -> object:
    kind = parsed["type"]
    if kind == "MC":
        [right] = [gift_plain(c["text"]) for c in parsed["choices"] if c["isCorrect"]]
        return right
    if kind == "TF":
        return parsed["isTrue"]
    if kind == "Matching":
        pairs = parsed["matchPairs"]
        return {gift_plain(p["subquestion"]): gift_plain(p["subanswer"]) for p in pairs}
    return [gift_plain(c["text"]) for c in parsed["choices"]]


def xml_right_answer(element) -> object:
    kind = element.get("type")
    if kind == "multichoice":
        [right] = [xml_plain(a) for a in element.findall("answer") if a.get("fraction") == "100"]
        return right
    if kind == "truefalse":
        [right] = [text_of(a) for a in element.findall("answer") if a.get("fraction") == "100"]
        return right == "true"
    if kind == "matching":
        pairs = element.findall("subquestion")
        return {xml_plain(s): text_of(s, "answer/text") for s in pairs if text_of(s)}
    if kind == "ordering":
        return [xml_plain(a) for a in element.findall("answer")]
    return [text_of(a) for a in element.findall("answer")]


def expected_answer(question: Question) -> object:
    if question.kind == "cloze":
        return [short_answer(answer) for answer in question.answer]
    return question.answer


def test_the_seed_in_gift_holds_every_active_question_with_its_right_answer(
    seed_briefing, gift_parser, tmp_path
):
    text, err = export(seed_briefing.slug, "gift", tmp_path)
    questions = active_questions(seed_briefing)
    assert {q.kind for q in questions} == set(GIFT_TYPES)  # one of each kind at least
    assert f"{len(questions)} questions exported, 0 skipped." in err

    exported, category = {}, None
    for parsed in gift_parser(text):
        if parsed["type"] == "Category":
            category = parsed["title"]
            continue
        exported[parsed["id"]] = (category, parsed)
    assert len(exported) == len(questions)
    for question in questions:
        category, parsed = exported[idnumber(question)]
        assert category == category_of(question)
        assert parsed["type"] == GIFT_TYPES[question.kind]
        assert gift_plain(parsed["stem"]) == question.prompt
        assert gift_plain(parsed["globalFeedback"]) == question.explanation
        assert gift_right_answer(parsed) == expected_answer(question), question.prompt
        if question.kind == "choice":
            feedback = {gift_plain(c["text"]): gift_plain(c["feedback"]) for c in parsed["choices"]}
            assert feedback == {o["text"]: o["feedback"] for o in question.options}
        if question.source_block_id:
            assert f"[{question.source_block.lesson.slug}#block-" in parsed["title"]


def test_the_seed_in_moodle_xml_holds_every_active_question_with_its_right_answer(
    seed_briefing, tmp_path
):
    text, err = export(seed_briefing.slug, "moodle-xml", tmp_path)
    questions = active_questions(seed_briefing)
    assert f"{len(questions)} questions exported, 0 skipped." in err

    exported = {text_of(e, "idnumber"): (category, e) for category, e in check_moodle_xml(text)}
    assert len(exported) == len(questions)
    for question in questions:
        category, element = exported[idnumber(question)]
        assert category == category_of(question)
        assert element.get("type") == XML_TYPES[question.kind]
        assert xml_plain(element.find("questiontext")) == question.prompt
        assert xml_plain(element.find("generalfeedback")) == question.explanation
        assert xml_right_answer(element) == expected_answer(question), question.prompt
        if question.kind in ("choice", "true_false"):
            feedback = {
                xml_plain(a) if question.kind == "choice" else text_of(a).capitalize(): xml_plain(
                    a.find("feedback")
                )
                for a in element.findall("answer")
            }
            assert feedback == {o["text"]: o["feedback"] for o in question.options}


def test_categories_are_the_quizzes_with_active_questions_in_lesson_order(seed_briefing):
    categories = moodle_categories(Quiz.objects.filter(briefing=seed_briefing))
    with_questions = (
        Quiz.objects.filter(briefing=seed_briefing, questions__active=True)
        .distinct()
        .order_by("lesson__position")
    )
    assert [c.path for c in categories] == [(seed_briefing.title, q.title) for q in with_questions]
    # The final exam draws from the lessons: it has no question of its own, and no category.
    assert not any(c.path[1].endswith("final exam") for c in categories)


def test_an_inactive_question_is_not_exported(seed_briefing, tmp_path):
    question = Question.objects.filter(briefing=seed_briefing, kind="choice").first()
    question.active = False
    question.save()
    text, _ = export(seed_briefing.slug, "moodle-xml", tmp_path)
    assert idnumber(question) not in text
    assert len(check_moodle_xml(text)) == len(active_questions(seed_briefing))


def test_gathering_the_questions_takes_three_queries_however_many(
    seed_briefing, django_assert_num_queries
):
    """Prevents one query per question for its source block, lesson, row and term."""
    quizzes = Quiz.objects.filter(briefing=seed_briefing)
    with django_assert_num_queries(3):
        categories = moodle_categories(quizzes)
    assert sum(len(c.questions) for c in categories) == len(active_questions(seed_briefing))


def test_an_ordering_question_is_exported_to_moodle_xml_and_noted_as_left_out_of_gift(
    seed_briefing, gift_parser, tmp_path
):
    add_ordered_list(seed_briefing)
    ordering = Question.objects.get(briefing=seed_briefing, kind="ordering", active=True)

    text, err = export(seed_briefing.slug, "moodle-xml", tmp_path)
    [element] = [e for _, e in check_moodle_xml(text) if e.get("type") == "ordering"]
    assert [xml_plain(a) for a in element.findall("answer")] == STEPS
    assert text_of(element, "idnumber") == idnumber(ordering)
    assert "0 skipped" in err

    text, err = export(seed_briefing.slug, "gift", tmp_path)
    assert idnumber(ordering) not in {q.get("id") for q in gift_parser(text)}
    assert f"Skipped “{ordering.prompt}" in err
    assert "export as Moodle XML" in err
    assert "1 skipped" in err
    assert "// Skipped “Put the steps" in text


def test_yaml_stays_the_default_format(seed_briefing):
    def without_timestamp(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if not line.startswith("exported_at"))

    default, explicit = StringIO(), StringIO()
    call_command("export_briefing", seed_briefing.slug, stdout=default)
    call_command("export_briefing", seed_briefing.slug, "--format", "yaml", stdout=explicit)
    assert default.getvalue().startswith("version: 2\n")
    assert without_timestamp(default.getvalue()) == without_timestamp(explicit.getvalue())


def test_gift_goes_to_standard_output_without_o(seed_briefing):
    out, err = StringIO(), StringIO()
    call_command("export_briefing", seed_briefing.slug, "--format", "gift", stdout=out, stderr=err)
    assert out.getvalue().startswith("// Questions exported from Briefing Trainer")
    assert "questions exported" in err.getvalue()


def test_an_unknown_format_is_a_clear_error(seed_briefing):
    with pytest.raises(CommandError, match="invalid choice: 'qti'"):
        call_command("export_briefing", seed_briefing.slug, "--format", "qti")


def test_a_briefing_without_active_questions_is_a_clear_error(seed_briefing, tmp_path):
    Question.objects.filter(briefing=seed_briefing).update(active=False)
    path = tmp_path / "none.xml"
    with pytest.raises(CommandError, match="has no active question to export"):
        call_command("export_briefing", seed_briefing.slug, "--format", "moodle-xml", "-o", path)
    assert not path.exists()


# --- The admin actions ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def run_action(client, url: str, action: str, pks):
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_the_quiz_list_downloads_the_selected_quizzes_as_gift(
    admin_client, seed_briefing, gift_parser
):
    quiz = Quiz.objects.filter(briefing=seed_briefing, lesson__isnull=False).first()
    response = run_action(admin_client, "/admin/quizzes/quiz/", "export_quizzes_as_gift", [quiz.pk])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{seed_briefing.slug}.gift.txt"'
    )
    parsed = gift_parser(response.content.decode())
    assert [q["title"] for q in parsed if q["type"] == "Category"] == [
        f"{seed_briefing.title}/{quiz.title}"
    ]
    ids = {q["id"] for q in parsed if q["type"] != "Category"}
    assert ids == {idnumber(q) for q in quiz.questions.active().select_related("briefing")}


def test_the_quiz_list_downloads_the_selected_quizzes_as_moodle_xml(admin_client, seed_briefing):
    quizzes = Quiz.objects.filter(briefing=seed_briefing)
    response = run_action(
        admin_client,
        "/admin/quizzes/quiz/",
        "export_quizzes_as_moodle_xml",
        quizzes.values_list("pk", flat=True),
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{seed_briefing.slug}.moodle.xml"'
    )
    assert len(check_moodle_xml(response.content.decode())) == len(active_questions(seed_briefing))


def test_the_briefing_list_downloads_a_briefings_quizzes(admin_client, seed_briefing, gift_parser):
    page = admin_client.get("/admin/briefing/briefing/").content.decode()
    assert "Export quizzes of selected briefings as GIFT (Moodle)" in page
    assert "Export quizzes of selected briefings as Moodle XML" in page

    url = "/admin/briefing/briefing/"
    gift = run_action(admin_client, url, "export_briefings_as_gift", [seed_briefing.pk])
    xml = run_action(admin_client, url, "export_briefings_as_moodle_xml", [seed_briefing.pk])

    count = len(active_questions(seed_briefing))
    assert len([q for q in gift_parser(gift.content.decode()) if q["type"] != "Category"]) == count
    assert len(check_moodle_xml(xml.content.decode())) == count


def test_a_selection_without_active_questions_downloads_nothing_and_says_so(
    admin_client, seed_briefing
):
    exam = Quiz.objects.get(briefing=seed_briefing, lesson=None)
    response = run_action(admin_client, "/admin/quizzes/quiz/", "export_quizzes_as_gift", [exam.pk])
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "The selection has no active question to export." in page


def test_skipped_questions_are_named_in_a_message(admin_client, seed_briefing):
    add_ordered_list(seed_briefing)
    quizzes = Quiz.objects.filter(briefing=seed_briefing).values_list("pk", flat=True)
    response = run_action(admin_client, "/admin/quizzes/quiz/", "export_quizzes_as_gift", quizzes)
    assert response.status_code == 200
    assert "Skipped" in response.content.decode()  # as a comment in the file too
    page = admin_client.get("/admin/quizzes/quiz/").content.decode()
    assert "Skipped “Put the steps to open a new office in order." in page


def test_staff_who_may_not_view_quizzes_get_no_export(client, django_user_model, seed_briefing):
    editor = django_user_model.objects.create_user(
        "briefings-only", "b@example.com", "a-long-test-password", is_staff=True
    )
    editor.user_permissions.add(Permission.objects.get(codename="view_briefing"))
    client.force_login(editor)

    page = client.get("/admin/briefing/briefing/")
    assert page.status_code == 200
    assert "export_briefings_as_gift" not in page.content.decode()
    response = run_action(
        client, "/admin/briefing/briefing/", "export_briefings_as_gift", [seed_briefing.pk]
    )
    assert "Content-Disposition" not in response
    assert client.get("/admin/quizzes/quiz/").status_code == 403


def test_learners_cannot_export(client, learner, seed_briefing):
    client.force_login(learner)
    quiz = Quiz.objects.filter(briefing=seed_briefing).first()
    response = run_action(client, "/admin/quizzes/quiz/", "export_quizzes_as_gift", [quiz.pk])
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
