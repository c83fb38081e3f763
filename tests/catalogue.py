"""The French catalogue (locale/fr/LC_MESSAGES/django.po) read without a library.

Enough of the PO format for the project's own file: comments and flags, ``msgctxt``,
``msgid``, ``msgid_plural``, ``msgstr`` and ``msgstr[n]``, strings continued on the
following lines.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

FRENCH_PO = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


@dataclass
class Entry:
    msgid: str = ""
    context: str | None = None
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid


def read_catalogue(path: Path = FRENCH_PO) -> list[Entry]:
    """Every entry but the header, in file order."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, last = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif match := KEYWORD.match(line):
                last, text = match.group(1), ast.literal_eval(match.group(2))
                if last == "msgctxt":
                    entry.context = text
                elif last == "msgid":
                    entry.msgid = text
                elif last == "msgid_plural":
                    entry.plural = text
                else:
                    entry.translations.append(text)
            elif line.startswith('"') and last is not None:
                text = ast.literal_eval(line)
                if last == "msgctxt":
                    entry.context += text
                elif last == "msgid":
                    entry.msgid += text
                elif last == "msgid_plural":
                    entry.plural += text
                else:
                    entry.translations[-1] += text
        if last is not None and (entry.msgid or entry.context is not None):
            entries.append(entry)
    return entries
