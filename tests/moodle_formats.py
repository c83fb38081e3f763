"""Readers that check the Moodle exports independently of the code that writes them.

GIFT is parsed by gift-pegjs (npm), a PEG grammar of GIFT written from Moodle's
documentation and its importer's tests, run in node. It is installed on first
use into a cache folder (pinned version); without node or the npm registry the
tests that need it are skipped on a developer's machine and fail in CI (``CI``
set), as the browser tests do.

Moodle XML is checked against the structure Moodle's importer reads
(``question/format/xml/format.php`` in moodle/moodle, and qtype_ordering's
``import_from_xml``): every question element has the children its type needs.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

GIFT_PEGJS = "gift-pegjs@1.0.2"
CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "briefing-trainer"
    / GIFT_PEGJS.replace("@", "-")
)
PARSE = """
const parser = require("gift-pegjs");
const source = require("fs").readFileSync(0, "utf8");
try {
  process.stdout.write(JSON.stringify(parser.parse(source)));
} catch (error) {
  const where = error.location ? ` at line ${error.location.start.line}` : "";
  process.stderr.write(`${error.message}${where}`);
  process.exit(1);
}
"""


def unavailable(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def install_gift_pegjs() -> Path:
    """gift-pegjs in the cache folder (installed once); its node_modules folder.

    A file lock keeps parallel test workers (pytest-xdist) from installing it twice at once.
    """
    modules = CACHE / "node_modules"
    if (modules / "gift-pegjs" / "package.json").exists():
        return modules
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        unavailable("node and npm are needed to parse GIFT with gift-pegjs: install nodejs.")
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (modules / "gift-pegjs" / "package.json").exists():
            run_npm_install(npm, modules)
    return modules


def run_npm_install(npm: str, modules: Path) -> None:
    installed = subprocess.run(
        [npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", GIFT_PEGJS],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if installed.returncode != 0 or not (modules / "gift-pegjs").exists():
        unavailable(f"npm could not install {GIFT_PEGJS}: {installed.stderr[-2000:]}")


def parse_gift(modules: Path, text: str) -> list[dict]:
    """The file as gift-pegjs reads it; a syntax error fails the test with its line."""
    parsed = subprocess.run(
        [shutil.which("node") or "node", "-e", PARSE],
        input=text,
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(modules)},
        timeout=120,
    )
    assert parsed.returncode == 0, f"gift-pegjs cannot parse the GIFT file: {parsed.stderr}"
    return json.loads(parsed.stdout)


def gift_plain(text: object) -> str:
    """A GIFT text as the learner reads it: gift-pegjs's ``{format, text}`` or a plain string.

    gift-pegjs leaves its escape placeholders in the right side of a match (its
    ``PlainText`` rule skips the decoding), so they are decoded here as Moodle's
    ``escapedchar_post`` does; HTML texts are unescaped, ``<br>`` as a line break.
    """
    if isinstance(text, dict):
        value = text["text"]
        if text["format"] == "html":
            value = html.unescape(value.replace("<br>", "\n"))
        return value
    placeholders = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}"}
    placeholders |= {"&&126;": "~", "&&010": "\n", "&&092;": "\\"}
    for placeholder, char in placeholders.items():
        text = text.replace(placeholder, char)
    return text


# --- Moodle XML -------------------------------------------------------------------------------

FORMATS = {"html", "moodle_auto_format", "plain_text", "markdown", "wiki_like"}
COMMON = ("name/text", "questiontext/text", "generalfeedback/text")
COMMON_VALUES = ("defaultgrade", "penalty", "hidden", "idnumber")
COMBINED_FEEDBACK = (
    "correctfeedback/text",
    "partiallycorrectfeedback/text",
    "incorrectfeedback/text",
)
REQUIRED = {
    "multichoice": ("single", "shuffleanswers", "answernumbering", *COMBINED_FEEDBACK),
    "truefalse": (),
    "shortanswer": ("usecase",),
    "matching": ("shuffleanswers", *COMBINED_FEEDBACK),
    "ordering": (
        "layouttype",
        "selecttype",
        "selectcount",
        "gradingtype",
        "showgrading",
        "numberingstyle",
        *COMBINED_FEEDBACK,
    ),
}


def text_of(element: ET.Element, path: str = "text") -> str:
    found = element.find(path)
    assert found is not None, f"<{element.tag}> has no <{path}>"
    return found.text or ""


def xml_plain(element: ET.Element) -> str:
    """The ``<text>`` of an element as the learner reads it (HTML unescaped)."""
    value = text_of(element)
    if element.get("format") == "html":
        value = html.unescape(value.replace("<br>", "\n"))
    return value


def check_moodle_xml(text: str) -> list[tuple[str, ET.Element]]:
    """Each question of the file with its category, after checking Moodle's structure."""
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    category = None
    questions = []
    for question in root:
        assert question.tag == "question", question.tag
        kind = question.get("type")
        if kind == "category":
            category = text_of(question, "category/text")
            assert category, "a category needs a path"
            continue
        assert category is not None, "every question sits in a category"
        assert kind in REQUIRED, f"unknown question type {kind!r}"
        for path in (*COMMON, *REQUIRED[kind]):
            assert question.find(path) is not None, f"{kind} question without <{path}>"
        for tag in COMMON_VALUES:
            assert question.find(tag) is not None, f"{kind} question without <{tag}>"
        assert text_of(question, "name/text").strip(), "Moodle refuses a question without a name"
        for element in question.iter():
            if "format" in element.attrib:
                assert element.get("format") in FORMATS, element.get("format")
        CHECKS[kind](question)
        questions.append((category, question))
    return questions


def answers(question: ET.Element) -> list[ET.Element]:
    found = question.findall("answer")
    for answer in found:
        assert answer.get("fraction") is not None, "an answer needs its fraction"
        text_of(answer)
    return found


def check_multichoice(question: ET.Element) -> None:
    options = answers(question)
    assert len(options) >= 2, "a multichoice question needs two answers"
    for option in options:
        text_of(option, "feedback")
    if text_of(question, "single") == "true":
        assert [a.get("fraction") for a in options].count("100") == 1


def check_truefalse(question: ET.Element) -> None:
    options = answers(question)
    assert sorted(text_of(a) for a in options) == ["false", "true"]
    assert sorted(a.get("fraction") for a in options) == ["0", "100"]


def check_shortanswer(question: ET.Element) -> None:
    options = answers(question)
    assert options, "a short answer question needs an answer"
    assert all(a.get("fraction") == "100" and text_of(a) for a in options)


def check_matching(question: ET.Element) -> None:
    subquestions = question.findall("subquestion")
    assert len([s for s in subquestions if text_of(s)]) >= 2, "matching needs two subquestions"
    for subquestion in subquestions:
        assert text_of(subquestion, "answer/text"), "every subquestion needs its answer"


def check_ordering(question: ET.Element) -> None:
    steps = answers(question)
    assert len(steps) >= 2, "an ordering question needs two items"
    assert text_of(question, "selectcount") == str(len(steps))
    assert [a.get("fraction") for a in steps] == [str(n) for n in range(1, len(steps) + 1)]


CHECKS = {
    "multichoice": check_multichoice,
    "truefalse": check_truefalse,
    "shortanswer": check_shortanswer,
    "matching": check_matching,
    "ordering": check_ordering,
}
