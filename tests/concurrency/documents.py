"""Briefings of the seed's shape at any size: the seed's lessons again and again, each copy
with its own headings, row keys, terms and sentences, so that every copy has questions of
its own (no two facts alike)."""

from __future__ import annotations

import re

from tests.conftest import SEED_PATH

SEPARATOR_RE = re.compile(r"^[\s|:-]*$")
TERM_RE = re.compile(r"^- ([^:]+):")
HEADING_MAX_LENGTH = 120


def seed_copy(number: int) -> str:
    """The seed document, every heading, row key, term and paragraph marked with ``number``."""
    lines = []
    for line in SEED_PATH.read_text().splitlines():
        text = line.strip()
        if SEPARATOR_RE.match(text):
            lines.append(line)
        elif "|" in text:
            cells = [cell.strip() for cell in text.strip("|").split("|")]
            cells[0] = f"{cells[0]} {number}"
            lines.append(" | ".join(cells) + " |")
        elif text.startswith("- "):
            lines.append(TERM_RE.sub(lambda match: f"- {match.group(1)} {number}:", text))
        elif len(text) < HEADING_MAX_LENGTH and not text.endswith((".", ":")):
            lines.append(f"{text} part {number}")
        else:
            lines.append(f"{text} Copy {number}.")
    return "\n".join(lines) + "\n"


def large_briefing(size: int) -> bytes:
    """Copies of the seed up to at least ``size`` bytes."""
    copies: list[bytes] = []
    while sum(len(copy) for copy in copies) < size:
        copies.append(seed_copy(len(copies) + 1).encode())
    return b"".join(copies)
