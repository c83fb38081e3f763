"""Moodle's question exchange formats, GIFT and Moodle XML, written from plain data (no Django).

Written as Moodle itself reads and writes them (moodle/moodle:
``question/format/gift/format.php``, ``question/format/xml/format.php`` and
``question/type/ordering/questiontype.php``):

* choice → ``multichoice`` (one right answer, options shuffled), true/false →
  ``truefalse``, match → ``matching``, categorize → ``matching`` (each item
  matched to its group; a group no item belongs to is an extra wrong answer),
  cloze → ``shortanswer`` (case ignored, every accepted answer right), ordering
  → qtype_ordering (Moodle XML only: its GIFT syntax is an extension of
  qtype_ordering that GIFT readers do not know, so GIFT leaves it out and says so).
* The explanation is the general feedback; choice and true/false options keep
  their feedback.
* Texts are plain in this app, so question texts, options and feedback are
  written as escaped HTML (``[html]`` in GIFT, ``format="html"`` in XML): what
  the learner reads in Moodle is the text as written, ``<script>`` included.
  Short answers and matching answers are plain in Moodle and written as such.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from quizzes.generate.spec import Option

NAME_MAX = 255  # Moodle's question.name column
IDNUMBER_MAX = 100  # Moodle's question_bank_entries.idnumber column
PROMPT_IN_NAME = 100  # characters of the prompt a question name keeps
# Characters XML 1.0 forbids (C0 controls but tab and line ends, and two non-characters).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class MoodleQuestion:
    """One active question, as the app stores it, with its Moodle name and idnumber."""

    kind: str
    prompt: str
    answer: object
    explanation: str
    name: str
    idnumber: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class MoodleCategory:
    """A question category: ``path`` are its names from the top (briefing, then quiz)."""

    path: tuple[str, ...]
    questions: tuple[MoodleQuestion, ...]
    info: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"Skipped “{self.name}”: {self.reason}"


@dataclass(frozen=True, slots=True)
class MoodleFile:
    text: str
    written: int  # questions written
    skipped: tuple[Skipped, ...] = ()


def question_name(prompt: str, provenance: str) -> str:
    """A readable name for Moodle's question bank: the prompt's start, then where it comes from."""
    where = f" [{one_line(provenance)}]"[: NAME_MAX // 2]
    room = min(PROMPT_IN_NAME, NAME_MAX - len(where))
    text = one_line(prompt)
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return text + where


def question_idnumber(prefix: str, key: str) -> str:
    """``prefix:key`` within Moodle's 100 characters, the key (unique) kept whole."""
    return f"{prefix[: IDNUMBER_MAX - len(key) - 1]}:{key}"


def one_line(text: str) -> str:
    return " ".join(NOT_XML.sub("", text).split())


# --- Texts ------------------------------------------------------------------------------------


def html_text(text: str) -> str:
    """Plain text as the HTML Moodle shows: escaped, line breaks kept.

    A leading ``[`` would read as a GIFT format name (``[plain]``) and a leading
    ``%`` as a GIFT answer weight (``%50%``): both are written as entities.
    """
    escaped = html.escape(NOT_XML.sub("", text).strip(), quote=False).replace("\n", "<br>")
    if escaped[:1] == "[":
        escaped = "&#91;" + escaped[1:]
    elif escaped[:1] == "%":
        escaped = "&#37;" + escaped[1:]
    return escaped


def plain_text(text: str) -> str:
    """A plain one-line text (a matching answer is a menu entry)."""
    return one_line(text)


def short_answer(text: str) -> str:
    """An accepted answer: ``*`` is Moodle's wildcard in short answers, ``\\*`` a real star."""
    return plain_text(text).replace("*", "\\*")


# --- What each kind needs ---------------------------------------------------------------------


def option_texts(question: MoodleQuestion) -> list[str]:
    return [option.text for option in question.options]


def problem(question: MoodleQuestion) -> str | None:
    """Why a question cannot be written in Moodle's terms, or None."""
    kind = question.kind
    if not question.prompt.strip():
        return "it has no question text"
    if kind == "choice":
        texts = option_texts(question)
        if any(not text.strip() for text in texts):
            return "an option has no text"
        if texts.count(question.answer) != 1:
            return "its answer is not exactly one of its options"
    elif kind in ("match", "categorize"):
        pairs = question.answer.items() if isinstance(question.answer, dict) else ()
        if len(pairs) < 2 or any(not str(k).strip() or not str(v).strip() for k, v in pairs):
            return "it needs at least two pairs with texts on both sides"
    elif kind == "cloze":
        answers = [short_answer(a) for a in question.answer or () if isinstance(a, str)]
        if not any(answers):
            return "it has no accepted answer"
    elif kind == "ordering":
        steps = question.answer if isinstance(question.answer, list) else []
        if len([step for step in steps if str(step).strip()]) < 2:
            return "it needs at least two steps"
    elif kind != "true_false":
        return f"Moodle has no question type for “{kind}”"
    return None


def feedback_of(question: MoodleQuestion, text: str) -> str:
    return next((o.feedback for o in question.options if o.text == text), "")


def categorize_extra_groups(question: MoodleQuestion) -> list[str]:
    """Groups listed as options that no item belongs to: extra wrong answers in Moodle."""
    used = set(question.answer.values())
    return [text for text in option_texts(question) if text not in used and text.strip()]


def cloze_answers(question: MoodleQuestion) -> list[str]:
    answers = [short_answer(a) for a in question.answer if isinstance(a, str)]
    return list(dict.fromkeys(a for a in answers if a))


def ordering_steps(question: MoodleQuestion) -> list[str]:
    return [str(step) for step in question.answer if str(step).strip()]


def category_path(names: Iterable[str], *, gift: bool = False) -> str:
    """Moodle's ``assemble_category_path``: names joined by ``/``, a ``/`` in a name doubled.

    The path has no ``$course$`` prefix: Moodle puts it under the category chosen on
    its import page. In GIFT the ``$CATEGORY:`` line is read without unescaping, so a
    backslash (which Moodle would take for an escape) is written as a slash.
    """
    escaped = []
    for name in names:
        name = one_line(name.replace("\\", "/") if gift else name) or "Questions"
        name = name.replace("/", "//")
        if name.startswith("/"):
            name = " " + name
        if name.endswith("/"):
            name += " "
        escaped.append(name)
    return "/".join(escaped)


# --- GIFT -------------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    """Moodle's ``repchar``: ``\\ # = ~ { } :`` escaped with a backslash, line ends as ``\\n``."""
    for char in "\\#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def gift_html(text: str) -> str:
    return gift_escape(html_text(text))


def write_gift(categories: Iterable[MoodleCategory]) -> MoodleFile:
    """The questions in GIFT, one ``$CATEGORY:`` per quiz, questions separated by blank lines."""
    blocks = ["// Questions exported from Briefing Trainer in Moodle's GIFT format."]
    skipped: list[Skipped] = []
    written = 0
    for category in categories:
        blocks.append(f"$CATEGORY: {category_path(category.path, gift=True)}")
        for question in category.questions:
            reason = problem(question) or gift_problem(question)
            if reason is not None:
                skipped.append(Skipped(question.name, reason))
                blocks.append(f"// {gift_escape(str(skipped[-1]))}")
                continue
            blocks.append(gift_question(question))
            written += 1
    return MoodleFile("\n\n".join(blocks) + "\n", written, tuple(skipped))


def gift_problem(question: MoodleQuestion) -> str | None:
    """Why a question Moodle XML can hold cannot be written in GIFT, or None."""
    if question.kind == "ordering":
        return (
            "GIFT has no ordering question (qtype_ordering's own GIFT syntax is not "
            "standard GIFT): export as Moodle XML to keep it"
        )
    if question.kind == "cloze" and any("->" in answer for answer in cloze_answers(question)):
        return "an accepted answer contains “->”, which GIFT reads as a matching question"
    return None


def gift_question(question: MoodleQuestion) -> str:
    idnumber = question.idnumber.replace("]", "\\]")
    head = f"// [id:{idnumber}]\n::{gift_escape(one_line(question.name))}::[html]"
    head += gift_html(question.prompt)
    explanation = f"####{gift_html(question.explanation)}" if question.explanation.strip() else ""
    if question.kind == "true_false":
        return head + "{" + gift_true_false(question) + explanation + "}"
    lines = [f"\t{line}" for line in gift_answer_lines(question)]
    if explanation:
        lines.append(f"\t{explanation}")
    return head + "{\n" + "\n".join(lines) + "\n}"


def gift_true_false(question: MoodleQuestion) -> str:
    """``TRUE#feedback if wrong#feedback if right``, as Moodle writes it."""
    right = "True" if question.answer else "False"
    wrong = "False" if question.answer else "True"
    right_feedback = gift_html(feedback_of(question, right))
    wrong_feedback = gift_html(feedback_of(question, wrong))
    text = "TRUE" if question.answer else "FALSE"
    if wrong_feedback:
        text += "#" + wrong_feedback
    elif right_feedback:
        text += "#"
    if right_feedback:
        text += "#" + right_feedback
    return text


def gift_answer_lines(question: MoodleQuestion) -> list[str]:
    if question.kind == "choice":
        return [
            ("=" if option.text == question.answer else "~")
            + gift_html(option.text)
            + (f"#{gift_html(option.feedback)}" if option.feedback.strip() else "")
            for option in question.options
        ]
    if question.kind in ("match", "categorize"):
        lines = [
            f"={gift_html(str(left))} -> {gift_escape(plain_text(str(right)))}"
            for left, right in question.answer.items()
        ]
        if question.kind == "categorize":  # a group no item belongs to: a blank left side
            extra = categorize_extra_groups(question)
            lines += [f"= -> {gift_escape(plain_text(group))}" for group in extra]
        return lines
    # cloze: every accepted answer is fully right; the weight keeps a leading % literal.
    return [f"=%100%{gift_escape(answer)}" for answer in cloze_answers(question)]


# --- Moodle XML -------------------------------------------------------------------------------


def write_moodle_xml(categories: Iterable[MoodleCategory]) -> MoodleFile:
    """The questions in Moodle XML: a ``<question type="category">`` before each quiz's questions.

    Built with ElementTree, so every text is escaped (``<``, ``&``, ``]]>`` and all).
    """
    quiz = ET.Element("quiz")
    skipped: list[Skipped] = []
    written = 0
    for category in categories:
        element = ET.SubElement(quiz, "question", type="category")
        add_text(ET.SubElement(element, "category"), category_path(category.path))
        add_text(ET.SubElement(element, "info", format="html"), html_text(category.info))
        for question in category.questions:
            reason = problem(question)
            if reason is not None:
                skipped.append(Skipped(question.name, reason))
                continue
            xml_question(quiz, question)
            written += 1
    ET.indent(quiz, space="  ")
    body = ET.tostring(quiz, encoding="unicode", short_empty_elements=False)
    return MoodleFile(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", written, tuple(skipped)
    )


XML_TYPES = {
    "choice": "multichoice",
    "true_false": "truefalse",
    "match": "matching",
    "categorize": "matching",
    "cloze": "shortanswer",
    "ordering": "ordering",
}


def add_text(parent: ET.Element, text: str) -> ET.Element:
    ET.SubElement(parent, "text").text = NOT_XML.sub("", text)
    return parent


def add_value(parent: ET.Element, tag: str, value: object) -> None:
    ET.SubElement(parent, tag).text = str(value)


def add_html(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    return add_text(ET.SubElement(parent, tag, format="html", **attributes), html_text(text))


def add_combined_feedback(parent: ET.Element) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        add_html(parent, tag, "")


def xml_question(quiz: ET.Element, question: MoodleQuestion) -> None:
    """The common header Moodle's ``import_headers`` reads, then the kind's own elements."""
    element = ET.SubElement(quiz, "question", type=XML_TYPES[question.kind])
    add_text(ET.SubElement(element, "name"), one_line(question.name))
    add_html(element, "questiontext", question.prompt)
    add_html(element, "generalfeedback", question.explanation)
    add_value(element, "defaultgrade", "1")
    add_value(element, "penalty", "1" if question.kind == "true_false" else "0.3333333")
    add_value(element, "hidden", "0")
    add_value(element, "idnumber", question.idnumber)
    XML_WRITERS[question.kind](element, question)


def xml_choice(element: ET.Element, question: MoodleQuestion) -> None:
    add_value(element, "single", "true")
    add_value(element, "shuffleanswers", "true")
    add_value(element, "answernumbering", "abc")
    add_value(element, "showstandardinstruction", "0")
    add_combined_feedback(element)
    ET.SubElement(element, "shownumcorrect")
    for option in question.options:
        fraction = "100" if option.text == question.answer else "0"
        answer = add_html(element, "answer", option.text, fraction=fraction)
        add_html(answer, "feedback", option.feedback)


def xml_true_false(element: ET.Element, question: MoodleQuestion) -> None:
    for value, label in ((True, "true"), (False, "false")):
        fraction = "100" if question.answer is value else "0"
        answer = ET.SubElement(element, "answer", fraction=fraction, format="moodle_auto_format")
        add_text(answer, label)
        add_html(answer, "feedback", feedback_of(question, label.capitalize()))


def xml_matching(element: ET.Element, question: MoodleQuestion) -> None:
    add_value(element, "shuffleanswers", "true")
    add_combined_feedback(element)
    ET.SubElement(element, "shownumcorrect")
    pairs = [(str(left), str(right)) for left, right in question.answer.items()]
    if question.kind == "categorize":
        pairs += [("", group) for group in categorize_extra_groups(question)]
    for left, right in pairs:
        subquestion = add_html(element, "subquestion", left)
        add_text(ET.SubElement(subquestion, "answer"), plain_text(right))


def xml_short_answer(element: ET.Element, question: MoodleQuestion) -> None:
    add_value(element, "usecase", "0")
    for accepted in cloze_answers(question):
        answer = ET.SubElement(element, "answer", fraction="100", format="moodle_auto_format")
        add_text(answer, accepted)
        add_html(answer, "feedback", "")


def xml_ordering(element: ET.Element, question: MoodleQuestion) -> None:
    """qtype_ordering: every step shown, vertical, one point per step in its right place."""
    steps = ordering_steps(question)
    add_value(element, "layouttype", "VERTICAL")
    add_value(element, "selecttype", "ALL")
    add_value(element, "selectcount", len(steps))
    add_value(element, "gradingtype", "ABSOLUTE_POSITION")
    add_value(element, "showgrading", "SHOW")
    add_value(element, "numberingstyle", "none")
    add_combined_feedback(element)
    add_value(element, "shownumcorrect", "1")
    for position, step in enumerate(steps, start=1):
        add_html(element, "answer", step, fraction=str(position))


XML_WRITERS = {
    "choice": xml_choice,
    "true_false": xml_true_false,
    "match": xml_matching,
    "categorize": xml_matching,
    "cloze": xml_short_answer,
    "ordering": xml_ordering,
}

FORMATS = {"gift": write_gift, "moodle-xml": write_moodle_xml}
