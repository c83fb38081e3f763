"""Persist a cleaned ``Document``: the only code that turns ingest dataclasses into rows.

``import_briefing`` is the one entry point for a source file; YAML restores use
``apply_document`` directly. Re-imports update in place: lessons are matched by
slug, then by position; blocks, terms and rows are aligned with difflib so that
what still corresponds is updated rather than deleted and recreated (question
sources and learner history keep pointing at the same rows).
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Count, F, Max, Model, ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from briefing.content_cache import new_version
from briefing.ingest import IngestError, IngestResult, ingest
from briefing.ingest.document import (
    Block as BlockData,
    CleaningReport,
    Code,
    Document,
    Heading,
    ItemList,
    Lesson as LessonData,
    ListItem,
    Paragraph,
    SourceFormat,
    Table,
    TermList,
)
from briefing.models import (
    Block,
    Briefing,
    Lesson,
    TableRow,
    Term,
    list_items_from_json,
    list_items_to_json,
)

# Positions are moved out of the way before being reassigned, so that the
# unique (parent, position) constraints hold at every statement.
POSITION_OFFSET = 1_000_000
SLUG_MAX_LENGTH = 100
HASH_LIKE_RE = re.compile(r"(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}", re.IGNORECASE)
LEADING_NUMBER_RE = re.compile(r"\d{1,3}")
LANGUAGE_CODE_RE = re.compile(r"[a-z]{2}")


def content_digest(*parts: object) -> str:
    # Sorted keys: PostgreSQL's jsonb does not keep the order of a list item's keys.
    payload = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


@dataclass
class ImportOutcome:
    briefing: Briefing
    created: bool = False
    unchanged: bool = False
    dry_run: bool = False
    changes: list[str] = field(default_factory=list)
    overwritten_edits: list[str] = field(default_factory=list)
    cleaning: CleaningReport | None = None
    summary: dict[str, int] = field(default_factory=dict)


def document_summary(document: Document) -> dict[str, int]:
    """Counts of what the document holds; headings, lists and code only when there are some."""
    blocks = [block for lesson in document.lessons for block in lesson.blocks]
    tables = [block for block in blocks if isinstance(block, Table)]
    term_lists = [block for block in blocks if isinstance(block, TermList)]
    lists = [block for block in blocks if isinstance(block, ItemList)]
    structure = {
        "headings": sum(isinstance(block, Heading) for block in blocks),
        "lists": len(lists),
        "list items": sum(count_items(block.items) for block in lists),
        "code blocks": sum(isinstance(block, Code) for block in blocks),
    }
    return {
        "lessons": len(document.lessons),
        "paragraphs": sum(isinstance(block, Paragraph) for block in blocks),
        "term lists": len(term_lists),
        "terms": sum(len(block.terms) for block in term_lists),
        "tables": len(tables),
        "rows": sum(len(block.rows) for block in tables),
    } | {name: count for name, count in structure.items() if count}


def count_items(items: tuple[ListItem, ...]) -> int:
    """List items at every depth."""
    return sum(1 + count_items(item.items) for item in items)


def default_slug(filename: str, sha256: str) -> str:
    """From the file name; a name with nothing to slugify gets one from the content."""
    return slugify(Path(filename).stem)[:SLUG_MAX_LENGTH] or f"briefing-{sha256[:8]}"


def check_slug(slug: str, what: str = "slug", *, line: int | None = None) -> str:
    """Slugs end up in URLs: letters, digits, hyphens and underscores only."""
    try:
        validate_slug(slug)
    except ValidationError:
        raise IngestError(
            f"{what} {slug!r} may only contain letters, digits, hyphens and underscores",
            line=line,
        ) from None
    if len(slug) > SLUG_MAX_LENGTH:
        raise IngestError(f"{what} {slug!r} is longer than {SLUG_MAX_LENGTH} characters", line=line)
    return slug


def check_language(language: str) -> str:
    """An ISO 639-1 code: two lower-case letters."""
    code = language.strip().lower()
    if not LANGUAGE_CODE_RE.fullmatch(code):
        raise IngestError(
            f"language {language!r} is not a two-letter ISO 639-1 code such as en or fr"
        )
    return code


def check_titles(title: str, document: Document) -> None:
    """Titles must fit their columns; say which one is too long rather than fail in the database."""
    title_limit = Briefing._meta.get_field("title").max_length
    if len(title) > title_limit:
        raise IngestError(f"the title is longer than {title_limit} characters: “{title[:60]}…”")
    limit = Lesson._meta.get_field("title").max_length
    for lesson in document.lessons:
        if len(lesson.title) > limit:
            raise IngestError(
                f"a heading is longer than {limit} characters: “{lesson.title[:60]}…”"
            )


def default_title(filename: str, document: Document | None = None) -> str:
    """The file name made readable; the first lesson's title when nothing readable is left.

    The extension goes, ``_``, ``-`` and ``.`` become spaces, hash-like words
    (eight or more hex digits mixing letters and digits) and leading numbering
    (``000``, ``05``) are dropped: ``000_37c95f02dd4935a7.txt`` names no briefing.
    """
    words = re.split(r"[\s_.-]+", Path(filename).stem)
    words = [word for word in words if word and not HASH_LIKE_RE.fullmatch(word)]
    while words and LEADING_NUMBER_RE.fullmatch(words[0]):
        words.pop(0)
    title = " ".join(words)
    if title:
        return title[:1].upper() + title[1:]
    if document is not None and document.lessons:
        return document.lessons[0].title
    return "Untitled briefing"


@dataclass
class PreparedImport:
    """An import worked out before its write transaction: the file cleaned and parsed, the
    briefing's slug, title and language settled (``document`` carries that title, so
    questions can be generated from it before any row is written)."""

    source_name: str
    sha256: str
    slug: str
    title: str
    language: str
    language_chosen: bool  # named by the import, not kept from the briefing or detected
    result: IngestResult
    unchanged: bool

    @property
    def document(self) -> Document:
        return replace(self.result.document, title=self.title)


def prepare_import(
    *,
    source: bytes,
    filename: str,
    slug: str | None = None,
    title: str | None = None,
    source_format: SourceFormat = SourceFormat.AUTO,
    max_bytes: int | None = None,
    language: str | None = None,
) -> PreparedImport:
    """Clean and parse one source file and settle what it will be stored as; writes nothing.

    Raises ``IngestError`` for a document that cannot be imported. ``language``
    (ISO 639-1) overrides the detected language; without it a new briefing takes
    the detected one and an existing briefing keeps its own, which an editor may
    have set.
    """
    language = check_language(language) if language else None
    result = ingest(
        source,
        source_format=source_format,
        filename=filename,
        max_bytes=max_bytes or settings.IMPORT_MAX_BYTES,
    )
    sha256 = hashlib.sha256(source).hexdigest()
    slug = check_slug(slug or default_slug(filename, sha256))
    briefing = Briefing.objects.filter(slug=slug).first()
    title = (
        title
        or result.document.title
        or (briefing.title if briefing else "")
        or default_title(filename, result.document)
    )
    check_titles(title, result.document)
    return PreparedImport(
        source_name=Path(filename).name,
        sha256=sha256,
        slug=slug,
        title=title,
        language=language or (briefing.language if briefing else result.language),
        language_chosen=language is not None,
        result=result,
        unchanged=briefing is not None and briefing.source_sha256 == sha256,
    )


def import_briefing(*, dry_run: bool = False, **options) -> ImportOutcome:
    """Clean, parse and persist one source file, all or nothing (``prepare_import``'s
    options). With ``dry_run`` the work is done and rolled back."""
    return write_import(prepare_import(**options), dry_run=dry_run)


@transaction.atomic
def write_import(prepared: PreparedImport, *, dry_run: bool = False) -> ImportOutcome:
    """Store a prepared import: the briefing's rows made to say what its document says,
    writing only the rows whose content changed (nothing, for the same document)."""
    briefing = Briefing.objects.select_for_update().filter(slug=prepared.slug).first()
    if briefing is not None and briefing.source_sha256 == prepared.sha256:
        return ImportOutcome(
            briefing,
            unchanged=True,
            dry_run=dry_run,
            cleaning=prepared.result.report,
            summary=document_summary(briefing.to_document()),
        )

    created = briefing is None
    before = None if created else field_values(briefing)
    if created:
        briefing = Briefing(slug=prepared.slug)
    if created or prepared.language_chosen:
        briefing.language = prepared.language
    briefing.title = prepared.title
    briefing.source_name = prepared.source_name
    briefing.source_sha256 = prepared.sha256
    briefing.imported_at = timezone.now()
    briefing.cleaning_report = prepared.result.report.as_dict()
    save_changes(briefing, before)

    outcome = ImportOutcome(
        briefing, created=created, dry_run=dry_run, cleaning=prepared.result.report
    )
    apply_document(briefing, prepared.result.document, outcome=outcome)
    # What was just stored: no need to read every row back to count them.
    outcome.summary = document_summary(prepared.result.document)
    if dry_run:
        transaction.set_rollback(True)
    return outcome


def apply_document(
    briefing: Briefing,
    document: Document,
    *,
    outcome: ImportOutcome,
    lesson_slugs: Sequence[str] | None = None,
    archived: Sequence[bool] | None = None,
) -> None:
    """Make the briefing's lessons say what ``document`` says, updating rows in place.

    ``lesson_slugs`` and ``archived`` come from a YAML export; a source file
    gets slugs from the titles and only live lessons.
    """
    check_code_languages(document)
    slugs = list(lesson_slugs) if lesson_slugs else unique_slugs(document.lessons)
    existing = list(briefing.lessons.order_by("position"))
    # What each live lesson says now, read flat (seven queries in all): a lesson whose
    # content is the file's, at the positions sync_blocks would give it, has no block to
    # compare or write. (Its blocks then keep their imported digests: an admin edit the
    # file now agrees with is still reported if a later file changes it.)
    stored = briefing.live_lessons() if existing else {}
    gapped = lessons_with_gaps(briefing) if existing else set()

    by_slug = {lesson.slug: lesson for lesson in existing}
    matched: dict[int, Lesson] = {}
    for index, slug in enumerate(slugs):
        if slug in by_slug:
            matched[index] = by_slug.pop(slug)
    # Positions are unique per briefing: one dictionary, not a search per lesson.
    by_position = {old.position: old for old in by_slug.values() if not old.archived}
    for index in range(len(slugs)):
        if index not in matched and index in by_position:
            matched[index] = by_slug.pop(by_position[index].slug)
    kept = {lesson.pk for lesson in matched.values()}
    gone = [lesson for lesson in existing if lesson.pk not in kept]
    # A lesson gone from the file ends up after the live ones (archived) or deleted.
    targets = {lesson.pk: index for index, lesson in matched.items()}
    targets |= {lesson.pk: len(slugs) + offset for offset, lesson in enumerate(gone)}
    make_room(Lesson, [lesson for lesson in existing if lesson.position != targets[lesson.pk]])
    added: list[tuple[Lesson, LessonData]] = []
    for index, (data, slug) in enumerate(zip(document.lessons, slugs, strict=True)):
        lesson = matched.get(index)
        before = field_values(lesson) if lesson is not None else None
        if lesson is None:
            lesson = Lesson(briefing=briefing)
            outcome.changes.append(f"lesson added: {data.title}")
        else:
            note_overwrite(outcome, lesson, lesson.title, data.title, f"lesson “{lesson.title}”")
            if lesson.title != data.title or lesson.slug != slug:
                outcome.changes.append(f"lesson renamed: {lesson.title} → {data.title}")
            if lesson.archived and not (archived and archived[index]):
                outcome.changes.append(f"lesson restored from the archive: {data.title}")
        lesson.position, lesson.title, lesson.slug = index, data.title, slug
        lesson.archived = bool(archived and archived[index])
        lesson.imported_hash = content_digest(data.title)
        if lesson.pk is None:
            added.append((lesson, data))
        else:
            save_changes(lesson, before)
            if lesson.pk in gapped or stored.get(lesson.pk) != data:
                sync_blocks(lesson, data, outcome)
    create_lessons(briefing, added, outcome)

    for lesson in gone:
        try:
            with transaction.atomic():
                lesson.delete()
            outcome.changes.append(f"lesson removed: {lesson.title}")
        except ProtectedError:
            before = field_values(lesson)
            lesson.position = targets[lesson.pk]
            if not lesson.archived:
                outcome.changes.append(f"lesson archived (learners have history): {lesson.title}")
            lesson.archived = True
            save_changes(lesson, before)


def lessons_with_gaps(briefing: Briefing) -> set[int]:
    """The lessons whose blocks, or the rows or terms of whose blocks, are not numbered
    0, 1, 2…: an editor can leave gaps, and question sources are found by position."""
    gapped: set[int] = set()
    for model, parent, lesson in (
        (Block, "lesson_id", "lesson_id"),
        (TableRow, "block_id", "block__lesson_id"),
        (Term, "block_id", "block__lesson_id"),
    ):
        gapped.update(
            model.objects.filter(**{f"{lesson.removesuffix('_id')}__briefing": briefing})
            .values(parent, lesson)
            .annotate(count=Count("pk"), last=Max("position"))
            .exclude(last=F("count") - 1)
            .values_list(lesson, flat=True)
        )
    return gapped


def field_values(instance: Model) -> dict[str, object]:
    """A row's stored values (copies: JSON lists are compared, not shared), for ``save_changes``."""
    return {
        field.attname: copy.deepcopy(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }


def save_changes(instance: Model, before: dict[str, object] | None) -> bool:
    """Insert a new row; update an existing one's fields that differ from ``before``, and
    nothing (no query, no new content version) when none does. True if it wrote."""
    if instance.pk is None or before is None:
        instance.save()
        return True
    changed = [name for name, value in before.items() if getattr(instance, name) != value]
    if changed:
        instance.save(update_fields=changed)
    return bool(changed)


def make_room(model: type[Model], moving: Sequence[Model]) -> None:
    """Move the rows about to change position out of the way first, so that the unique
    (parent, position) constraints hold at every statement; rows that stay put are not
    written."""
    if moving:
        model.objects.filter(pk__in=[row.pk for row in moving]).update(
            position=F("position") + POSITION_OFFSET
        )


def check_code_languages(document: Document) -> None:
    """A code block's language must fit its column; say which one does not."""
    limit = Block._meta.get_field("language").max_length
    for lesson in document.lessons:
        for block in lesson.blocks:
            if isinstance(block, Code) and len(block.language) > limit:
                raise IngestError(
                    f"a code block in “{lesson.title}” names a language longer than "
                    f"{limit} characters: “{block.language[:60]}”"
                )


def unique_slugs(lessons: Sequence[LessonData]) -> list[str]:
    """Slugs from titles; duplicates get ``-2``, ``-3``; untitled ones ``lesson-N``."""
    slugs: list[str] = []
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    for number, lesson in enumerate(lessons, start=1):
        base = slugify(lesson.title)[:100].strip("-") or f"lesson-{number}"
        slug, suffix = base, next_suffix.get(base, 2)
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        next_suffix[base] = suffix
        slugs.append(slug)
        taken.add(slug)
    return slugs


def note_overwrite(
    outcome: ImportOutcome, obj, current, new, where: str, shown: Callable[[object], str] = str
) -> None:
    """Report an admin edit (content no longer matching its digest) that the file replaces.

    ``shown`` turns a value into the words of the report.
    """
    if obj.imported_hash and obj.imported_hash != content_digest(current) and current != new:
        outcome.overwritten_edits.append(
            f"{where}: the admin's “{shown(current)}” became “{shown(new)}”"
        )


def heading_shown(value: object) -> str:
    text, level = value
    return f"{text} (level {level})"


def code_shown(value: object) -> str:
    text, language = value
    return f"{text} ({language})" if language else text


def list_content(items: list[dict], ordered: bool, start: int) -> list:
    """A list block's content as compared and digested: ``[items, ordered]``, and its
    start only when it is not 1, so lists imported before starts existed keep their digest."""
    return [items, ordered] if start == 1 else [items, ordered, start]


def list_shown(value: object) -> str:
    """A list block's ``list_content`` as its item texts, nested ones in brackets."""
    items, ordered, *start = value
    kind = "numbered" if ordered else "bulleted"
    if start:
        kind += f" from {start[0]}"

    def texts(items: tuple[ListItem, ...]) -> str:
        return "; ".join(
            item.text + (f" ({texts(item.items)})" if item.items else "") for item in items
        )

    return f"{kind}: {texts(list_items_from_json(items))}"


def align(
    old_keys: Sequence[object],
    new_keys: Sequence[object],
    compatible: Callable[[int, int], bool] = lambda old, new: True,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair old rows with new data by index: equal runs first, then compatible ones in order.

    Returns (pairs of old and new index, old indexes left over, new indexes left over).
    """
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    pairs: list[tuple[int, int]] = []
    gone: list[int] = []
    added: list[int] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        old_run = list(range(old_start, old_end))
        if tag == "equal":
            pairs.extend(zip(old_run, range(new_start, new_end), strict=True))
            continue
        for new_index in range(new_start, new_end):
            partner = next((old for old in old_run if compatible(old, new_index)), None)
            if partner is None:
                added.append(new_index)
            else:
                old_run.remove(partner)
                pairs.append((partner, new_index))
        gone.extend(old_run)
    return pairs, gone, added


def block_key(block: Block | BlockData) -> object:
    """What a block says, as a hashable value: equal keys are the same content."""
    data = block.to_data() if isinstance(block, Block) else block
    if isinstance(data, Paragraph):
        return ("paragraph", data.text)
    if isinstance(data, TermList):
        return ("term_list", data.terms)
    if isinstance(data, Heading):
        return ("heading", data.text, data.level)
    if isinstance(data, ItemList):
        return ("list", data.items, data.ordered, data.start)
    if isinstance(data, Code):
        return ("code", data.text, data.language)
    return ("table", data.header, data.rows, data.shape)


def sync_blocks(lesson: Lesson, data: LessonData, outcome: ImportOutcome) -> None:
    old_blocks = list(lesson.blocks.prefetch_related("terms", "rows"))
    pairs, gone, added = align(
        [block_key(block) for block in old_blocks],
        [block_key(block) for block in data.blocks],
        lambda old, new: old_blocks[old].kind == data.blocks[new].kind,
    )
    for old in gone:
        old_blocks[old].delete()
        kind = old_blocks[old].get_kind_display().lower()
        outcome.changes.append(f"{kind} removed from “{lesson}”")
    make_room(Block, [old_blocks[old] for old, new in pairs if old_blocks[old].position != new])
    for old, new in pairs:
        update_block(old_blocks[old], data.blocks[new], new, outcome)
    for new in added:
        block = Block(lesson=lesson, kind=data.blocks[new].kind)
        update_block(block, data.blocks[new], new, outcome)
        outcome.changes.append(f"{block.get_kind_display().lower()} added to “{lesson}”")


def create_lessons(
    briefing: Briefing, added: list[tuple[Lesson, LessonData]], outcome: ImportOutcome
) -> None:
    """New lessons with their blocks, rows and terms: four inserts in all, not some per
    lesson or block (a briefing of a thousand lessons, or a lesson of 20,000 sub-headings).

    Rows inserted in bulk send no signal: the briefing's version is renewed here (each
    new lesson has a version of its own from its creation).
    """
    if not added:
        return
    Lesson.objects.bulk_create([lesson for lesson, _ in added])
    blocks: list[tuple[Block, BlockData]] = []
    for lesson, data in added:
        for position, block_data in enumerate(data.blocks):
            block = Block(lesson=lesson, kind=block_data.kind)
            fill_block(block, block_data, position, outcome)
            blocks.append((block, block_data))
    Block.objects.bulk_create([block for block, _ in blocks])
    TableRow.objects.bulk_create(
        TableRow(
            block=block,
            position=position,
            cells=list(cells),
            imported_hash=content_digest(list(cells)),
        )
        for block, block_data in blocks
        if isinstance(block_data, Table)
        for position, cells in enumerate(block_data.rows)
    )
    Term.objects.bulk_create(
        Term(
            block=block,
            position=position,
            term=term.term,
            description=term.description,
            imported_hash=content_digest([term.term, term.description]),
        )
        for block, block_data in blocks
        if isinstance(block_data, TermList)
        for position, term in enumerate(block_data.terms)
    )
    for block, _ in blocks:
        outcome.changes.append(f"{block.get_kind_display().lower()} added to “{block.lesson}”")
    new_version(Briefing, briefing.pk)


def update_block(block: Block, data: BlockData, position: int, outcome: ImportOutcome) -> None:
    created = block.pk is None
    changed = not created and block_key(block) != block_key(data)
    before = None if created else field_values(block)
    where = fill_block(block, data, position, outcome)
    save_changes(block, before)
    if isinstance(data, Table):
        sync_rows(block, data, outcome, where, created=created)
    elif isinstance(data, TermList):
        sync_terms(block, data, outcome, where, created=created)
    if changed:
        outcome.changes.append(f"{where} updated")


def fill_block(block: Block, data: BlockData, position: int, outcome: ImportOutcome) -> str:
    """Set a block's fields from ``data``, noting admin edits it overwrites; returns
    how the report names the block."""
    where = f"{block.get_kind_display().lower()} {position + 1} of “{block.lesson}”"
    block.position = position
    if isinstance(data, Paragraph):
        note_overwrite(outcome, block, block.text, data.text, where)
        block.text = data.text
        block.imported_hash = content_digest(data.text)
    elif isinstance(data, Heading):
        current, new = [block.text, block.level], [data.text, data.level]
        note_overwrite(outcome, block, current, new, where, shown=heading_shown)
        block.text, block.level = data.text, data.level
        block.imported_hash = content_digest(new)
    elif isinstance(data, Code):
        current, new = [block.text, block.language], [data.text, data.language]
        note_overwrite(outcome, block, current, new, where, shown=code_shown)
        block.text, block.language = data.text, data.language
        block.imported_hash = content_digest(new)
    elif isinstance(data, ItemList):
        current = list_content(block.items, block.ordered, block.start)
        new = list_content(list_items_to_json(data.items), data.ordered, data.start)
        note_overwrite(outcome, block, current, new, where, shown=list_shown)
        block.items, block.ordered, block.start = new[0], data.ordered, data.start
        block.imported_hash = content_digest(new)
    elif isinstance(data, Table):
        current = [block.header, block.shape]
        new = [list(data.header), data.shape.value]
        note_overwrite(outcome, block, current, new, where)
        block.header, block.shape = list(data.header), data.shape.value
        block.imported_hash = content_digest(new)
    else:
        block.imported_hash = content_digest("term_list")
    return where


def sync_rows(
    block: Block, data: Table, outcome: ImportOutcome, where: str, *, created: bool = False
) -> None:
    old_rows = [] if created else list(block.rows.all())
    pairs, gone, added = align([tuple(row.cells) for row in old_rows], list(data.rows))
    for old in gone:
        old_rows[old].delete()
    make_room(TableRow, [old_rows[old] for old, new in pairs if old_rows[old].position != new])
    for old, new in pairs:
        row, cells = old_rows[old], list(data.rows[new])
        before = field_values(row)
        note_overwrite(outcome, row, row.cells, cells, f"{where}, row “{row}”")
        row.position, row.cells, row.imported_hash = new, cells, content_digest(cells)
        save_changes(row, before)
    if added and not created:
        touch_lesson(block)
    TableRow.objects.bulk_create(
        TableRow(
            block=block,
            position=new,
            cells=list(data.rows[new]),
            imported_hash=content_digest(list(data.rows[new])),
        )
        for new in added
    )


def sync_terms(
    block: Block, data: TermList, outcome: ImportOutcome, where: str, *, created: bool = False
) -> None:
    old_terms = [] if created else list(block.terms.all())
    pairs, gone, added = align(
        [(term.term, term.description) for term in old_terms],
        [(term.term, term.description) for term in data.terms],
    )
    for old in gone:
        old_terms[old].delete()
    make_room(Term, [old_terms[old] for old, new in pairs if old_terms[old].position != new])
    for old, new in pairs:
        term, term_data = old_terms[old], data.terms[new]
        before = field_values(term)
        current = [term.term, term.description]
        values = [term_data.term, term_data.description]
        note_overwrite(outcome, term, current, values, f"{where}, term “{term.term}”")
        term.position, term.term, term.description = new, *values
        term.imported_hash = content_digest(values)
        save_changes(term, before)
    if added and not created:
        touch_lesson(block)
    Term.objects.bulk_create(
        Term(
            block=block,
            position=new,
            term=data.terms[new].term,
            description=data.terms[new].description,
            imported_hash=content_digest([data.terms[new].term, data.terms[new].description]),
        )
        for new in added
    )


def touch_lesson(block: Block) -> None:
    """Rows and terms added in bulk send no signal: their lesson's cached content is stale."""
    Lesson.objects.filter(pk=block.lesson_id).touch()


__all__ = ["ImportOutcome", "IngestError", "apply_document", "import_briefing"]
