"""The inputs: the seed briefing, synthetic larger ones, and a one-cell edit of the seed."""

from __future__ import annotations

import dataclasses
import itertools
import math
from functools import cache
from pathlib import Path

from briefing.ingest import ingest
from briefing.ingest.document import Block, Document, Lesson, Table, Term, TermList
from briefing.ingest.plaintext import is_heading

SEED_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "000_37c95f02dd4935a7.txt"
SEED_TITLE = "From Operation Inherent Resolve to a U.S.-Iraq Bilateral Security Partnership"
LARGE_SIZE = 1_000_000
# One table cell of the seed, and what the "changed version" says instead.
EDITED_CELL = (b"Joint exercises", b"Joint drills")


@cache
def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


@cache
def seed_document() -> Document:
    return ingest(seed_bytes(), filename=SEED_PATH.name).document


def edited_seed() -> bytes:
    """The seed with one table cell changed."""
    old, new = EDITED_CELL
    if seed_bytes().count(old) != 1:
        raise RuntimeError(f"{old!r} must occur exactly once in the seed")
    return seed_bytes().replace(old, new)


def with_numbered_headings(text: str, number: int) -> str:
    """``text`` with `` part N`` after every heading, so that copies have distinct lessons."""
    lines = text.split("\n")
    following = [*lines[1:], ""]
    return "\n".join(
        f"{line.rstrip()} part {number}" if is_heading(line) and after.strip() else line
        for line, after in zip(lines, following, strict=True)
    )


@cache
def large_bytes() -> bytes:
    """The seed repeated, headings numbered, until about ``LARGE_SIZE`` bytes."""
    text = seed_bytes().decode()
    copies = math.ceil(LARGE_SIZE / len(seed_bytes()))
    return "\n".join(with_numbered_headings(text, n) for n in range(1, copies + 1)).encode()


def tagged_block(block: Block, tag: int) -> Block:
    """``block`` with ``tag`` after each term and each table key, so that its facts are new."""
    if isinstance(block, TermList):
        terms = tuple(Term(f"{term.term} {tag}", term.description) for term in block.terms)
        return dataclasses.replace(block, terms=terms)
    if isinstance(block, Table):
        rows = tuple((f"{row[0]} {tag}", *row[1:]) for row in block.rows)
        return dataclasses.replace(block, rows=rows)
    return block


def tagged_lesson(lesson: Lesson, tag: int) -> Lesson:
    return Lesson(
        f"{lesson.title} part {tag}", tuple(tagged_block(block, tag) for block in lesson.blocks)
    )


def synthetic_document(lesson_count: int) -> Document:
    """The seed's lessons cycled to ``lesson_count`` lessons, each copy with its own facts."""
    seed = seed_document()
    lessons = itertools.cycle(seed.lessons)
    tags = (1 + index // len(seed.lessons) for index in range(lesson_count))
    return Document(seed.title, tuple(tagged_lesson(next(lessons), tag) for tag in tags))
