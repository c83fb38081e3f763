"""The YAML exchange format (DESIGN.md §6), content part: positions, never database ids.

``export_content`` gives a briefing and its lessons as plain data; ``restore_content``
brings them back from such a file. A file also holds the briefing's ``quizzes``,
which are the ``quizzes`` app's to write and read: ``quizzes.exchange`` adds them
and ``quizzes.publishing.import_yaml`` restores the whole file in one transaction.
``export(import(export))`` equals ``export`` apart from ``exported_at``.

Version 2 adds heading, list and code blocks and the briefing's ``language``;
version 1 files (paragraphs, term lists and tables, no language) still import.
A list's ``start`` (its first number) is written only when it is not 1, and
may be left out when reading.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml
from django.utils import timezone

from briefing.importing import (
    ImportOutcome,
    apply_document,
    check_slug,
    check_titles,
    default_slug,
    document_summary,
)
from briefing.ingest import check_parts
from briefing.ingest.document import (
    Block as BlockData,
    Code,
    Document,
    Heading,
    IngestError,
    ItemList,
    Lesson as LessonData,
    ListItem,
    Paragraph,
    Table,
    TableShape,
    Term,
    TermList,
)
from briefing.ingest.normalise import MAX_LIST_DEPTH
from briefing.models import (
    LIST_START_MAX,
    Block,
    Briefing,
    Term as TermModel,
    list_items_from_json,
    list_items_to_json,
)

FORMAT_VERSION = 2
# The block kinds each version knows; a file may only use those of its version.
VERSION_KINDS = {
    1: ("paragraph", "term_list", "table"),
    2: ("paragraph", "term_list", "table", "heading", "list", "code"),
}
HEADING_LEVELS = range(3, 7)  # a lesson is a level-2 section, the briefing's title level 1
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?")  # en, fr, pt-BR


def export_content(briefing: Briefing) -> dict:
    lessons = briefing.lessons.order_by("position").prefetch_related(
        "blocks__terms", "blocks__rows"
    )
    return {
        "version": FORMAT_VERSION,
        "title": briefing.title,
        "slug": briefing.slug,
        "published": briefing.published,
        "language": briefing.language,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "source": {"name": briefing.source_name, "sha256": briefing.source_sha256},
        "cleaning": dict(briefing.cleaning_report.get("counts", {})),
        "lessons": [
            {
                "slug": lesson.slug,
                "title": lesson.title,
                "archived": lesson.archived,
                "blocks": [block_data(block) for block in lesson.blocks.all()],
            }
            for lesson in lessons
        ],
    }


def block_data(block: Block) -> dict:
    if block.kind == Block.Kind.PARAGRAPH:
        return {"kind": "paragraph", "text": block.text}
    if block.kind == Block.Kind.TERM_LIST:
        return {
            "kind": "term_list",
            "terms": [{"term": t.term, "description": t.description} for t in block.terms.all()],
        }
    if block.kind == Block.Kind.HEADING:
        return {"kind": "heading", "level": block.level or HEADING_LEVELS[0], "text": block.text}
    if block.kind == Block.Kind.LIST:
        items = list_items_to_json(list_items_from_json(block.items))
        start = {"start": block.start} if block.start != 1 else {}
        return {"kind": "list", "ordered": block.ordered, **start, "items": items}
    if block.kind == Block.Kind.CODE:
        return {"kind": "code", "language": block.language, "text": block.text}
    return {
        "kind": "table",
        "shape": block.shape,
        "header": list(block.header),
        "rows": [list(row.cells) for row in block.rows.all()],
    }


class ExportDumper(yaml.SafeDumper):
    """Writes texts of several lines (code, line breaks) as literal blocks, easy to read."""


def represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


ExportDumper.add_representer(str, represent_text)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=ExportDumper, allow_unicode=True, sort_keys=False, width=100)


class LineDict(dict):
    """A mapping that remembers the 1-based line it started on, for error messages."""

    line: int | None = None


# A briefing export nests about eight levels (lessons, blocks, list items to
# ``MAX_LIST_DEPTH``); deeper is refused before PyYAML recurses into it.
MAX_YAML_DEPTH = 2 * MAX_LIST_DEPTH + 12
# An export writes every value out; a hand-written file may repeat a few values
# with anchors and aliases, within these bounds: so many aliases, adding at most so
# many characters of text (a "billion laughs" file would otherwise expand to gigabytes).
MAX_YAML_ALIASES = 100
MAX_ALIAS_EXPANSION = 100_000


class LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with line numbers on mappings and the limits above."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.depth = 0
        self.aliases = 0
        self.expansion = 0
        self.node_sizes: dict[int, int] = {}

    def compose_node(self, parent, index):
        line = self.peek_event().start_mark.line + 1
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise IngestError(
                    f"more than {MAX_YAML_ALIASES} aliases (*name): write the values out",
                    line=line,
                )
            node = super().compose_node(parent, index)
            self.expansion += self.node_size(node)
            if self.expansion > MAX_ALIAS_EXPANSION:
                raise IngestError(
                    f"the aliases (*name) repeat more than {MAX_ALIAS_EXPANSION:,} characters "
                    "of text: write the values out",
                    line=line,
                )
            return node
        self.depth += 1
        if self.depth > MAX_YAML_DEPTH:
            raise IngestError(f"values nested more than {MAX_YAML_DEPTH} levels deep", line=line)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def node_size(self, node: yaml.Node) -> int:
        """Values and characters of text a node stands for, its aliases expanded (each node
        sized once)."""
        if id(node) not in self.node_sizes:
            if isinstance(node, yaml.ScalarNode):
                size = max(1, len(node.value))
            elif isinstance(node, yaml.MappingNode):
                size = 1 + sum(
                    self.node_size(key) + self.node_size(value) for key, value in node.value
                )
            else:
                size = 1 + sum(self.node_size(item) for item in node.value)
            self.node_sizes[id(node)] = size
        return self.node_sizes[id(node)]


def construct_line_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_line_mapping)


def load_yaml(source: bytes) -> LineDict:
    try:
        data = yaml.load(source.decode("utf-8"), Loader=LineLoader)  # LineLoader is a SafeLoader
    except UnicodeDecodeError as error:
        raise IngestError(f"the file is not UTF-8 text ({error.reason})") from None
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise IngestError(f"not valid YAML: {error.problem}", line=line) from None
    except yaml.YAMLError as error:
        raise IngestError(f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise IngestError("a briefing export must be a YAML mapping with 'version' and 'lessons'")
    check_texts(data)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in VERSION_KINDS:
        raise IngestError(
            f"unsupported format version {data.get('version')!r} "
            f"(expected {' or '.join(map(str, VERSION_KINDS))})",
            line=getattr(data, "line", None),
        )
    return data


def check_texts(data: LineDict) -> None:
    """Refuse a NUL character in any text or key of the file, naming where it is.

    PostgreSQL stores no NUL in text or JSON; refused here, the import fails the
    same way on every database, before anything is written.
    """
    pending: list[tuple[object, str, int | None]] = [(data, "file", data.line)]
    while pending:
        value, where, line = pending.pop()
        line = getattr(value, "line", None) or line
        if isinstance(value, str):
            if "\x00" in value:
                raise IngestError(f"{where}: contains a NUL character", line=line)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and "\x00" in key:
                    raise IngestError(f"{where}: a key contains a NUL character", line=line)
                pending.append((item, f"{where}.{key}" if where != "file" else str(key), line))
        elif isinstance(value, list):
            pending.extend((item, f"{where}[{n}]", line) for n, item in enumerate(value))


def check_length(text: str, model, field: str, where: str, line: int | None) -> str:
    """A text that must fit its model field's column: longer is an error naming it."""
    limit = model._meta.get_field(field).max_length
    if len(text) > limit:
        raise IngestError(f"{where}: longer than {limit} characters", line=line)
    return text


# Python types as a YAML file's author knows them, for error messages.
YAML_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
    LineDict: "a mapping",
    type(None): "null",
}


def yaml_type_name(kind: type) -> str:
    return YAML_TYPE_NAMES.get(kind, kind.__name__)


def require(mapping: object, key: str, kind: type | tuple[type, ...], where: str):
    line = getattr(mapping, "line", None)
    if not isinstance(mapping, dict):
        raise IngestError(f"{where}: expected a mapping", line=line)
    value = mapping.get(key)
    wanted = kind if isinstance(kind, tuple) else (kind,)
    # YAML's true and false are Python ints too: they are not numbers here.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in wanted):
        names = " or ".join(yaml_type_name(k) for k in wanted)
        found = yaml_type_name(type(value)) if key in mapping else "nothing"
        raise IngestError(f"{where}.{key}: expected {names}, found {found}", line=line)
    return value


def text_list(values: object, where: str, line: int | None) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str | int | float) for v in values):
        raise IngestError(f"{where}: expected a list of texts", line=line)
    return tuple(str(value) for value in values)


def optional(mapping: dict, key: str, kind: type, default, where: str):
    """A key that may be left out; when present it must have the right type."""
    if key not in mapping:
        return default
    return require(mapping, key, kind, where)


def parse_items(raw: list, where: str, depth: int = 1) -> tuple[ListItem, ...]:
    """A list's ``items``: ``[{text, items: [...]}]``, at most ``MAX_LIST_DEPTH`` deep."""
    items = []
    for index, item in enumerate(raw):
        item_where = f"{where}[{index}]"
        text = require(item, "text", str, item_where)
        nested = optional(item, "items", list, [], item_where)
        if nested and depth >= MAX_LIST_DEPTH:
            raise IngestError(
                f"{item_where}.items: a list nests at most {MAX_LIST_DEPTH} levels",
                line=getattr(item, "line", None),
            )
        items.append(ListItem(text, parse_items(nested, f"{item_where}.items", depth + 1)))
    return tuple(items)


def parse_block(raw: object, where: str, version: int = FORMAT_VERSION) -> BlockData:
    kind = require(raw, "kind", str, where)
    if kind not in VERSION_KINDS[version]:
        known = ", ".join(VERSION_KINDS[version])
        newer = kind in VERSION_KINDS[FORMAT_VERSION]
        later = f" (“{kind}” needs version {FORMAT_VERSION})" if newer else ""
        raise IngestError(
            f"{where}.kind: {kind!r} is not one of {known}{later}",
            line=getattr(raw, "line", None),
        )
    if kind == "paragraph":
        return Paragraph(require(raw, "text", str, where))
    if kind == "term_list":
        terms = require(raw, "terms", list, where)
        return TermList(
            tuple(
                Term(
                    check_length(
                        require(term, "term", str, f"{where}.terms[{index}]"),
                        TermModel,
                        "term",
                        f"{where}.terms[{index}].term",
                        getattr(term, "line", None),
                    ),
                    require(term, "description", str, f"{where}.terms[{index}]"),
                )
                for index, term in enumerate(terms)
            )
        )
    if kind == "table":
        shape = require(raw, "shape", str, where)
        if shape not in TableShape.__members__.values():
            raise IngestError(
                f"{where}.shape: {shape!r} is not one of {', '.join(TableShape)}", line=raw.line
            )
        header = text_list(require(raw, "header", list, where), f"{where}.header", raw.line)
        rows = tuple(
            text_list(row, f"{where}.rows[{index}]", raw.line)
            for index, row in enumerate(require(raw, "rows", list, where))
        )
        for index, row in enumerate(rows):
            if len(row) != len(header):
                raise IngestError(
                    f"{where}.rows[{index}] has {len(row)} cells, the header {len(header)}",
                    line=raw.line,
                )
        return Table(header, rows, TableShape(shape))
    if kind == "heading":
        level = require(raw, "level", int, where)
        if level not in HEADING_LEVELS:
            raise IngestError(
                f"{where}.level: {level!r} is not a heading level from 3 to 6 "
                "(a lesson is level 2)",
                line=raw.line,
            )
        return Heading(require(raw, "text", str, where), level)
    if kind == "list":
        ordered = optional(raw, "ordered", bool, False, where)
        start = optional(raw, "start", int, 1, where)
        if not 1 <= start <= LIST_START_MAX:
            raise IngestError(
                f"{where}.start: {start!r} is not a list's first number "
                f"(a whole number from 1 to {LIST_START_MAX})",
                line=raw.line,
            )
        items = parse_items(require(raw, "items", list, where), f"{where}.items")
        return ItemList(items, ordered=ordered, start=start)
    return Code(require(raw, "text", str, where), optional(raw, "language", str, "", where))


def parse_lessons(data: dict) -> tuple[Document, list[str], list[bool]]:
    version = data["version"]
    lessons, slugs, archived = [], [], []
    for index, raw in enumerate(require(data, "lessons", list, "file")):
        where = f"lessons[{index}]"
        slug = require(raw, "slug", str, where)
        check_slug(slug, f"{where}.slug", line=raw.line)
        if slug in slugs:
            raise IngestError(f"{where}.slug: {slug!r} is used twice", line=raw.line)
        blocks = tuple(
            parse_block(block, f"{where}.blocks[{position}]", version)
            for position, block in enumerate(require(raw, "blocks", list, where))
        )
        lessons.append(LessonData(require(raw, "title", str, where), blocks))
        slugs.append(slug)
        archived.append(optional(raw, "archived", bool, False, where))
    if not any(not flag for flag in archived):
        raise IngestError("the file has no lessons")
    return Document(data.get("title"), tuple(lessons)), slugs, archived


def check_language(language: object, *, line: int | None) -> str:
    """An ISO 639-1 code such as ``en`` or ``fr``, optionally with a region (``pt-BR``)."""
    limit = Briefing._meta.get_field("language").max_length
    if not isinstance(language, str) or not LANGUAGE_CODE.fullmatch(language):
        raise IngestError(
            f"language: {language!r} is not a language code such as en or fr", line=line
        )
    if len(language) > limit:
        raise IngestError(f"language: {language!r} is longer than {limit} characters", line=line)
    return language


def source_fields(data: LineDict) -> dict[str, str]:
    """``source: {name, sha256}``, each optional, each a text that fits its column."""
    info = optional(data, "source", (dict, type(None)), None, "file") or {}
    fields = {}
    for key, column in (("name", "source_name"), ("sha256", "source_sha256")):
        value = optional(info, key, (str, type(None)), None, "source")
        if value:
            fields[key] = check_length(value, Briefing, column, f"source.{key}", data.line)
    return fields


def cleaning_counts(data: LineDict) -> dict[str, int]:
    """``cleaning: {kind: count}``: what the import repaired, by kind (whole numbers)."""
    counts = optional(data, "cleaning", (dict, type(None)), None, "file") or {}
    for kind, count in counts.items():
        if not isinstance(kind, str) or not isinstance(count, int) or isinstance(count, bool):
            raise IngestError(
                f"cleaning.{kind}: expected a kind of repair and a whole number", line=data.line
            )
    return dict(counts)


def restore_content(
    *, source: bytes, filename: str, slug: str | None = None
) -> tuple[ImportOutcome, LineDict]:
    """Restore a briefing and its lessons from a YAML export, in the caller's transaction.

    Returns the outcome and the file's data, whose ``quizzes`` the caller restores.
    """
    data = load_yaml(source)
    title = require(data, "title", str, "file")
    document, lesson_slugs, archived = parse_lessons(data)
    check_parts(document)
    slug = check_slug(
        slug
        or optional(data, "slug", (str, type(None)), None, "file")
        or default_slug(filename, hashlib.sha256(source).hexdigest())
    )
    check_titles(title, document)
    briefing = Briefing.objects.filter(slug=slug).first()
    created = briefing is None
    if created:
        briefing = Briefing(slug=slug)
    source_info = source_fields(data)
    briefing.title = title
    published = data.get("published", True)
    if not isinstance(published, bool):
        raise IngestError("published: expected true or false", line=data.line)
    briefing.published = published
    if "language" in data:
        briefing.language = check_language(data["language"], line=data.line)
    briefing.source_name = source_info.get("name") or Path(filename).name
    briefing.source_sha256 = source_info.get("sha256") or hashlib.sha256(source).hexdigest()
    briefing.imported_at = timezone.now()
    briefing.cleaning_report = {"counts": cleaning_counts(data), "samples": [], "warnings": []}
    briefing.save()

    outcome = ImportOutcome(briefing, created=created)
    apply_document(
        briefing, document, outcome=outcome, lesson_slugs=lesson_slugs, archived=archived
    )
    outcome.summary = document_summary(briefing.to_document())
    return outcome, data
