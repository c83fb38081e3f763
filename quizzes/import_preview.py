"""What an import would change, for the admin's preview: a diff of the lessons and blocks.

The importer updates rows in place (``briefing.importing``): a lesson or block
that still corresponds keeps its id. So the briefing's content read before the
import and inside the dry run (``content_state``, through ``publishing``'s
``inspect``) pair up by id, and ``content_diff`` says what each lesson and block
becomes. ``state_digest`` fingerprints everything an import reads and writes
(content and questions), so the confirmation can tell that nothing changed since
the preview.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

from briefing.ingest.document import Code, Heading, ItemList, ListItem, Paragraph, Table, TermList
from briefing.models import Block, Briefing
from quizzes.exchange import export_data

WORDS_RE = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class BlockState:
    pk: int
    kind: str  # as an editor calls it: "Paragraph", "Heading 3", "Table"
    text: str  # the whole content as text, one line per row, term or item


@dataclass(frozen=True)
class LessonState:
    pk: int
    title: str
    archived: bool
    blocks: tuple[BlockState, ...]


def content_state(briefing: Briefing | None) -> tuple[LessonState, ...]:
    """The briefing's lessons and blocks as text, with their ids (none for no briefing)."""
    if briefing is None or briefing.pk is None:
        return ()
    lessons = briefing.lessons.order_by("position").prefetch_related(
        "blocks__terms", "blocks__rows"
    )
    return tuple(
        LessonState(
            lesson.pk,
            lesson.title,
            lesson.archived,
            tuple(
                BlockState(block.pk, block_kind(block), block_text(block))
                for block in lesson.blocks.all()
            ),
        )
        for lesson in lessons
    )


def block_kind(block: Block) -> str:
    if block.kind == Block.Kind.HEADING:
        return f"Heading {block.level or 3}"
    if block.kind == Block.Kind.LIST:
        return "Numbered list" if block.ordered else "Bulleted list"
    return block.get_kind_display()


def block_text(block: Block) -> str:
    data = block.to_data()
    if isinstance(data, Paragraph | Heading | Code):
        return data.text
    if isinstance(data, ItemList):
        return "\n".join(outline(data.items, data.ordered, data.start))
    if isinstance(data, TermList):
        return "\n".join(f"{term.term}: {term.description}" for term in data.terms)
    if isinstance(data, Table):
        return "\n".join(" | ".join(cells) for cells in (data.header, *data.rows))
    return ""


def outline(items: tuple[ListItem, ...], ordered: bool, start: int = 1, depth: int = 0):
    for number, item in enumerate(items, start=start):
        mark = f"{number}." if ordered else "•"
        yield f"{'  ' * depth}{mark} {item.text}"
        yield from outline(item.items, ordered, 1, depth + 1)


@dataclass(frozen=True)
class Part:
    """A run of words in a diff: ``same``, ``removed`` or ``added``."""

    change: str
    text: str


@dataclass
class BlockChange:
    kind: str
    change: str  # same, changed, added, removed
    text: str
    parts: list[Part] = field(default_factory=list)  # changed: the words, removed and added


@dataclass
class LessonChange:
    title: str
    change: str  # same, changed, added, removed, archived
    old_title: str = ""
    blocks: list[BlockChange] = field(default_factory=list)

    @property
    def renamed(self) -> bool:
        return bool(self.old_title) and self.old_title != self.title

    @property
    def counts(self) -> dict[str, int]:
        """How many blocks each change touches, for the lesson's one-line summary."""
        counted: dict[str, int] = {}
        for block in self.blocks:
            counted[block.change] = counted.get(block.change, 0) + 1
        return counted

    @property
    def summary(self) -> str:
        """The block count of a new or removed lesson, else "1 changed, 1 added · 3 unchanged"."""
        if self.change in ("added", "removed"):
            return f"{len(self.blocks)} block{'s' if len(self.blocks) != 1 else ''}"
        counts = self.counts
        changed = ", ".join(
            f"{counts[name]} {name}" for name in ("changed", "added", "removed") if name in counts
        )
        same = f"{counts['same']} unchanged" if "same" in counts else ""
        return " · ".join(part for part in (changed, same) if part)

    @property
    def shown_blocks(self) -> list[BlockChange]:
        """A new lesson shows every block; a changed one only what changes."""
        if self.change in ("added", "removed"):
            return self.blocks
        return [block for block in self.blocks if block.change != "same"]


def content_diff(
    before: tuple[LessonState, ...], after: tuple[LessonState, ...]
) -> list[LessonChange]:
    """Each lesson of ``after`` in order, with what became of it; then the lessons removed."""
    old = {lesson.pk: lesson for lesson in before}
    changes = []
    for lesson in after:
        previous = old.pop(lesson.pk, None)
        if previous is None:
            blocks = [BlockChange(b.kind, "added", b.text) for b in lesson.blocks]
            changes.append(LessonChange(lesson.title, "added", blocks=blocks))
            continue
        blocks = block_changes(previous.blocks, lesson.blocks)
        if lesson.archived and not previous.archived:
            change = "archived"
        elif lesson.title != previous.title or any(b.change != "same" for b in blocks):
            change = "changed"
        else:
            change = "same"
        changes.append(LessonChange(lesson.title, change, previous.title, blocks))
    for lesson in old.values():
        blocks = [BlockChange(b.kind, "removed", b.text) for b in lesson.blocks]
        changes.append(LessonChange(lesson.title, "removed", blocks=blocks))
    return changes


def block_changes(
    before: tuple[BlockState, ...], after: tuple[BlockState, ...]
) -> list[BlockChange]:
    """The blocks of a lesson in their new order, the removed ones where they were."""
    matcher = difflib.SequenceMatcher(
        None, [b.pk for b in before], [b.pk for b in after], autojunk=False
    )
    changes: list[BlockChange] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            for old, new in zip(before[old_start:old_end], after[new_start:new_end], strict=True):
                if old.text == new.text and old.kind == new.kind:
                    changes.append(BlockChange(new.kind, "same", new.text))
                else:
                    changes.append(
                        BlockChange(new.kind, "changed", new.text, word_diff(old.text, new.text))
                    )
            continue
        changes.extend(BlockChange(b.kind, "removed", b.text) for b in before[old_start:old_end])
        changes.extend(BlockChange(b.kind, "added", b.text) for b in after[new_start:new_end])
    return changes


def word_diff(old: str, new: str) -> list[Part]:
    """``new`` against ``old`` word by word (spaces and punctuation are words too)."""
    old_words, new_words = WORDS_RE.findall(old), WORDS_RE.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    parts: list[Part] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            parts.append(Part("same", "".join(new_words[new_start:new_end])))
            continue
        if old_end > old_start:
            parts.append(Part("removed", "".join(old_words[old_start:old_end])))
        if new_end > new_start:
            parts.append(Part("added", "".join(new_words[new_start:new_end])))
    return parts


def state_digest(briefing: Briefing | None) -> str:
    """A fingerprint of everything an import of this briefing reads and writes.

    The whole YAML export (content, quiz settings, every question) without its
    time stamp: any edit or import since it was taken changes it.
    """
    if briefing is None:
        return "absent"
    data = export_data(briefing)
    data.pop("exported_at", None)
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()
