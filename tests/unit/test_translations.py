"""The French catalogue is complete, sound and in step with the sources.

Each learner and account page is written in English and translated through
locale/fr/LC_MESSAGES/django.po; these tests fail on a string left untranslated
or fuzzy, a placeholder lost in translation, or a string marked in the sources
but missing from the catalogue (``make messages`` brings it in).
"""

import re
import shutil
import subprocess
import sys

from tests.catalogue import FRENCH_PO, read_catalogue

ROOT = FRENCH_PO.parents[3]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
NBSP = "\u00a0"
# French punctuation without its non-breaking space (":" as punctuation, not in "H:i").
LOOSE_PUNCTUATION = re.compile(rf"(?<!{NBSP})(?:[;!?»]|:(?=\s|$))|«(?!{NBSP})")
# What a copy of the project for makemessages leaves out: nothing in there is marked.
NOT_COPIED = shutil.ignore_patterns(
    ".*", "__pycache__", "staticfiles", "backups", "test-artifacts", "*.egg-info", "*.sqlite3*"
)


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete():
    entries = read_catalogue()
    assert len(entries) > 300
    untranslated = [e.msgid for e in entries if not e.translations or not all(e.translations)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    obsolete = [e.msgid for e in entries if e.obsolete]
    wrong_plurals = [e.msgid for e in entries if e.plural and len(e.translations) != 2]
    assert (untranslated, fuzzy, obsolete, wrong_plurals) == ([], [], [], [])


def test_the_header_is_french_with_french_plurals_and_not_fuzzy():
    header = FRENCH_PO.read_text(encoding="utf-8").split("\n\n")[0]
    assert "fuzzy" not in header
    assert '"Language: fr\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in header


def test_translations_keep_the_placeholders_of_their_strings():
    """A translation uses only the English string's placeholders, and every one that the
    page needs to show (a singular may say "one" instead of its count)."""
    for entry in read_catalogue():
        english = set(PLACEHOLDER.findall(entry.msgid + (entry.plural or "")))
        for index, translation in enumerate(entry.translations):
            french = set(PLACEHOLDER.findall(translation))
            assert french <= english, (entry.msgid, translation)
            source = entry.plural if index and entry.plural else entry.msgid
            assert set(PLACEHOLDER.findall(source)) - {"%(count)s", "%(count)d"} <= french, (
                entry.msgid,
                translation,
            )


def test_french_punctuation_is_typeset_alike_everywhere():
    """A non-breaking space before ; : ! ? and », after «, in every translation (markup and
    placeholders aside), so that no line ever starts with a colon."""
    loose = []
    for entry in read_catalogue():
        for translation in entry.translations:
            text = PLACEHOLDER.sub("x", re.sub(r"<[^>]+>", "", translation))
            if LOOSE_PUNCTUATION.search(text):
                loose.append(translation)
    assert loose == []


def test_the_catalogue_holds_every_string_marked_in_the_sources(tmp_path):
    """makemessages, run on a copy of the project, finds no string the catalogue lacks
    and drops none it has."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = read_catalogue(copy / FRENCH_PO.relative_to(ROOT))
    committed = read_catalogue()
    assert {e.key for e in extracted} - {e.key for e in committed} == set(), "run make messages"
    assert {e.key for e in committed} - {e.key for e in extracted} == set(), "run make messages"
    assert {e.key: e.plural for e in extracted} == {e.key: e.plural for e in committed}


def test_the_catalogue_compiles_with_gnu_msgfmt(tmp_path):
    """msgfmt --check also checks each python-format string's conversions."""
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(FRENCH_PO)],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "django.mo").stat().st_size > 0
