"""The question linter: item-writing rules as code, pure Python (no Django).

Each rule has a stable code and a one-line reason, as a linter's rules have.
``lint_quiz`` runs every rule on the questions of one quiz (some rules compare
questions with each other, e.g. true/false statements that answer each other),
with the briefing's ``Document`` for the rules that need the source (a
distractor whose own fact fits the stem, a constant column). ``lint_briefing``
does the same for every quiz of a briefing at once, adding the rules that look
across quizzes (a phrase blanked twice). Generation drops the questions it can
avoid emitting with a finding; sync stores the findings of every question,
generated, edited or manual, on ``Question.lint_findings``.

The rules read only what a ``QuestionSpec`` holds (kind, prompt, options,
answer, source), so they judge a hand-written question as they judge a
generated one. Every rule is linear in the size of the quiz, apart from
looking up the keys a prompt names (linear in the briefing's keys).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.ingest.document import Document, Table, TableShape, TermList

from .cloze import blank_in_enumeration
from .facts import BriefingIndex, build_index
from .fingerprint import normalise_answer, singular_words
from .spec import QuestionKind, QuestionSpec, SourceRef
from .text import BLANK

#: code → the one-line reason shown to an instructor.
RULES: dict[str, str] = {
    "cue-word": "A content word of the stem appears in the right option and in no distractor.",
    "options-form": (
        "The options differ in form (full sentence or not, imperative or noun phrase, length)."
    ),
    "few-options": "A choice question needs at least three options.",
    "distractor-overlap": (
        "A distractor is nearly right: it shares most words with the key, or its own fact "
        "fits the stem."
    ),
    "tf-answers-other": (
        "A false statement reuses a value that a true statement of the same quiz states."
    ),
    "tf-wording": "The statement is true by its wording alone: the value restates the key.",
    "identifier": "The question asks about an identifier (a number, an ID, a code).",
    "header-row": "An option or the answer is a table header cell, not a fact.",
    "constant-column": (
        "The answer comes from a column where one value fills half the rows or more."
    ),
    "markup": "Raw markup (template tags, HTML, entities, Markdown links, footnote marks) shows.",
    "cloze-enumeration": "The blank is one item of an enumeration that another term could fill.",
    "cloze-repeat": "The same phrase is blanked by another cloze question of the briefing.",
    "vague-prompt": "The prompt does not name what is being judged.",
    "language": "The prompt is not written in the briefing's language.",
    "broken-noun": "The prompt turns a header into a broken noun: “(…)”, “(s)”.",
}

# Half the content words or more, and at least two, make two texts "the same fact".
OVERLAP_SHARE = 0.5
MIN_SHARED_WORDS = 2
LENGTH_RATIO = 2.5
MIN_OPTIONS = 3
MIN_LANGUAGE_WORDS = 2


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _singular_word_set(words: str) -> frozenset[str]:
    return frozenset(singular_words(words))


STOP_WORDS = {
    "en": _word_set(
        "a about after all also an and any are as at be been being but by can could did do "
        "does each for from had has have how if in into is it its more most must no not of "
        "off on or our over shall should so some such than that the their them then there "
        "these they this those through to too under up upon was we were what when where "
        "which while who whom whose why will with within without would you your"
    ),
    "fr": _word_set(
        "au aux avec ce ces cet cette chaque comme dans de des doit du elle elles en est et "
        "être il ils la le les leur leurs mais ne ni nos notre ou où par pas pour quel "
        "quelle quelles quels qui que quoi sa sans se ses son sont sur un une vers vos "
        "votre vrai faux"
    ),
}
# Words both languages use ("on", "a", "en"…) tell nothing about which one a prompt is in.
LANGUAGE_WORDS = {
    language: words.difference(*(other for name, other in STOP_WORDS.items() if name != language))
    for language, words in STOP_WORDS.items()
}
ALL_STOP_WORDS = frozenset().union(*STOP_WORDS.values())
# Words of the generators' prompt templates (singularised, as compared): they name no subject.
TEMPLATE_WORDS = _singular_word_set(
    "sort each item under into match what goes go with it one these thing point part "
    "place put true false trier chaque élément associez associer"
)
IMPERATIVE_VERBS = _word_set(
    "add adopt align allow apply approve ask assess assign avoid build call check choose "
    "click collaborate communicate compare conduct configure consider contact continue "
    "coordinate create define delete deploy describe develop disable do document don enable "
    "encourage engage enhance ensure enter escalate establish evaluate expand explain "
    "facilitate follow foster give go hold host identify implement improve include increase "
    "inform install integrate invest keep launch leverage limit log maintain make meet "
    "monitor notify open organise organize pick plan post prepare prioritise prioritize "
    "promote protect provide publish read record reduce reject remember remove report "
    "resolve restore review run schedule secure select send set share start stop "
    "strengthen submit support take tell test track train update use verify write"
)
NOUN_FOLLOWERS = _word_set("of for to is are was were and or 's by")

_QUOTED = re.compile(r"“([^”]+)”|«\s*([^»]+?)\s*»|\"([^\"]+)\"")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_IDENTIFIER = re.compile(
    r"^[#(\[]?\s*(?:#|[^\W\d_]{0,4}[-_.]?\d+[^\W\d_]?|\d+(?:[.,/-]\d+)*)\s*[)\]]?$"
)
_MARKUP = (
    ("a template tag", re.compile(r"\{%|%\}|\{\{|\}\}|<%|%>")),
    ("an HTML tag", re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")),
    ("an HTML entity", re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#[xX][0-9A-Fa-f]{2,5});")),
    ("a Markdown link", re.compile(r"\[[^\]\n]+\]\([^)\s]*\)|\[[^\]\n]+\]\[[^\]\n]*\]")),
    ("a footnote mark", re.compile(r"\[\^[^\]\s]+\]")),
    ("a kramdown attribute list", re.compile(r"\{:[^}]*\}")),
)
_BROKEN_NOUN = re.compile(
    r"\w\((?:s|es|ies)\)|\b(?:which|each|its|the|every|this)\s+\(|\(\s*\)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def lint_quiz(
    questions: Sequence[QuestionSpec],
    document: Document | None = None,
    *,
    language: str | None = None,
) -> list[tuple[Finding, ...]]:
    """The findings of each question of one quiz, in the order given."""
    return lint_briefing([questions], document, language=language)[0]


def lint_briefing(
    quizzes: Sequence[Sequence[QuestionSpec]],
    document: Document | None = None,
    *,
    language: str | None = None,
) -> list[list[tuple[Finding, ...]]]:
    """The findings of each question of each quiz of one briefing, in the order given.

    ``language`` is the briefing's (ISO 639-1); without it the document's own
    stop words decide, and without a document the language rule is not run.
    """
    context = _Context.of(document, language)
    findings: list[list[list[Finding]]] = []
    for quiz in quizzes:
        per_quiz = [list(_question_findings(question, context)) for question in quiz]
        for position, extra in _quiz_findings(quiz):
            per_quiz[position].append(extra)
        findings.append(per_quiz)
    for (quiz, position), extra in _briefing_findings(quizzes):
        findings[quiz][position].append(extra)
    return [[_one_per_code(found) for found in per_quiz] for per_quiz in findings]


def _one_per_code(found: list[Finding]) -> tuple[Finding, ...]:
    """Findings in rule order, the messages of one code joined."""
    by_code: dict[str, list[str]] = {}
    for finding in found:
        messages = by_code.setdefault(finding.code, [])
        if finding.message not in messages:
            messages.append(finding.message)
    return tuple(Finding(code, "; ".join(by_code[code])) for code in RULES if code in by_code)


# --- context: what the rules need of the briefing --------------------------------------------


@dataclass(slots=True)
class _Context:
    document: Document | None
    language: str | None
    index: BriefingIndex | None
    headers: frozenset[str] = frozenset()
    keys: tuple[str, ...] = ()
    key_spelling: dict[str, str] = field(default_factory=dict)
    #: Each key's place in ``keys`` (longest first), and the word counts keys have.
    key_rank: dict[str, int] = field(default_factory=dict)
    key_sizes: frozenset[int] = frozenset()

    @classmethod
    def of(cls, document: Document | None, language: str | None) -> _Context:
        if document is None:
            return cls(None, language, None)
        index = build_index(document)
        headers = frozenset(
            normalise_answer(cell)
            for lesson in document.lessons
            for block in lesson.blocks
            if isinstance(block, Table)
            for cell in block.header
            if cell.strip()
        )
        spelling: dict[str, str] = {}
        for entry in index.entries:
            spelling.setdefault(entry.normal_key, entry.key)
        keys = tuple(sorted(spelling, key=len, reverse=True))
        if language is None:
            language = detect_language(_document_text(document))
        rank = {key: position for position, key in enumerate(keys) if key}
        sizes = frozenset(len(key.split()) for key in rank)
        return cls(document, language, index, headers, keys, spelling, rank, sizes)

    def block(self, source: SourceRef) -> object | None:
        if self.document is None or not 0 <= source.lesson < len(self.document.lessons):
            return None
        blocks = self.document.lessons[source.lesson].blocks
        return blocks[source.block] if 0 <= source.block < len(blocks) else None

    def source_key(self, source: SourceRef) -> str | None:
        """The key (first cell, or term) of the row or term a question comes from."""
        block = self.block(source)
        if isinstance(block, Table) and source.row is not None and source.row < len(block.rows):
            row = block.rows[source.row]
            return row[0].strip() if row else None
        if (
            isinstance(block, TermList)
            and source.term is not None
            and 0 <= source.term < len(block.terms)
        ):
            return block.terms[source.term].term.strip()
        return None

    def named_keys(self, text: str) -> list[str]:
        """The briefing's keys that ``text`` names, longest first, none inside another.

        A key is a run of whole words: the text's runs of as many words as some key
        has are looked up, rather than each of the briefing's keys searched for.
        """
        words = normalise_answer(text).split()
        named = {
            run
            for size in self.key_sizes
            for start in range(len(words) - size + 1)
            if (run := " ".join(words[start : start + size])) in self.key_rank
        }
        found: list[str] = []
        for key in sorted(named, key=self.key_rank.__getitem__):
            if not any(f" {key} " in f" {k} " for k in found):
                found.append(key)
        return found


def _document_text(document: Document) -> str:
    parts = []
    for lesson in document.lessons:
        parts.append(lesson.title)
        for block in lesson.blocks:
            text = getattr(block, "text", None)
            if isinstance(text, str) and block.kind != "code":
                parts.append(text)
    return " ".join(parts)


# --- shared helpers -------------------------------------------------------------------------


def detect_language(text: str) -> str | None:
    """``"en"`` or ``"fr"`` by counting each one's own stop words; ``None`` when unsure."""
    counts = Counter()
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        for language, words in LANGUAGE_WORDS.items():
            if word in words:
                counts[language] += 1
    if not counts:
        return None
    (best, top), *rest = counts.most_common()
    runner_up = rest[0][1] if rest else 0
    return best if top >= MIN_LANGUAGE_WORDS and top > runner_up else None


@lru_cache(maxsize=1 << 14)
def content_words(text: str) -> frozenset[str]:
    """Lower-case, singular words of three letters or more that are not stop words."""
    return frozenset(
        word for word in singular_words(text) if len(word) >= 3 and word not in ALL_STOP_WORDS
    )


def quoted_parts(text: str) -> list[str]:
    return [next(group for group in match.groups() if group) for match in _QUOTED.finditer(text)]


def without_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def answer_texts(answer: object) -> list[str]:
    if isinstance(answer, str):
        return [answer]
    if isinstance(answer, list):
        return [item for item in answer if isinstance(item, str)]
    if isinstance(answer, dict):
        return [str(text) for pair in answer.items() for text in pair]
    return []


def is_identifier(text: str) -> bool:
    """``#P1``, ``01``, ``3a``, ``(3)``, ``Test009``, ``T-12``, ``#``, pure numbers."""
    return bool(_IDENTIFIER.match(text.strip()))


def _mostly_shared(first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
    """The shared words when they are most of the smaller text's words (and at least two)."""
    shared = first & second
    smaller = min(len(first), len(second))
    if len(shared) >= MIN_SHARED_WORDS and len(shared) > OVERLAP_SHARE * smaller:
        return shared
    return frozenset()


def _listed(words: Iterable[str]) -> str:
    return ", ".join(f"“{word}”" for word in sorted(words))


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


# --- the rules on one question ----------------------------------------------------------------


def _question_findings(question: QuestionSpec, context: _Context) -> Iterator[Finding]:
    kind = QuestionKind(question.kind)
    if kind == QuestionKind.CHOICE:
        yield from _few_options(question)
        yield from _cue_word(question)
        yield from _options_form(question)
        yield from _distractor_overlap(question, context)
    if kind == QuestionKind.TRUE_FALSE:
        yield from _tf_wording(question, context)
    if kind in (QuestionKind.CHOICE, QuestionKind.TRUE_FALSE):
        yield from _constant_column(question, context)
    if kind == QuestionKind.CLOZE:
        yield from _cloze_enumeration(question)
    if kind in (QuestionKind.MATCH, QuestionKind.CATEGORIZE):
        yield from _vague_prompt(question)
    yield from _identifier(question, context)
    yield from _header_row(question, context)
    yield from _markup(question)
    yield from _broken_noun(question)
    if kind != QuestionKind.CLOZE:
        yield from _language(question, context)


def _choice_parts(question: QuestionSpec) -> tuple[str, list[str]]:
    answer = question.answer if isinstance(question.answer, str) else ""
    distractors = [option.text for option in question.options if option.text != answer]
    return answer, distractors


def _few_options(question: QuestionSpec) -> Iterator[Finding]:
    if len(question.options) < MIN_OPTIONS:
        yield Finding("few-options", f"only {len(question.options)} options")


def _cue_word(question: QuestionSpec) -> Iterator[Finding]:
    answer, distractors = _choice_parts(question)
    if not answer or not distractors:
        return
    in_distractors = frozenset().union(*(content_words(text) for text in distractors))
    cues = (content_words(question.prompt) & content_words(answer)) - in_distractors
    if cues:
        verb = "appears" if len(cues) == 1 else "appear"
        yield Finding("cue-word", f"{_listed(cues)} {verb} in the stem and the right option only")


def _options_form(question: QuestionSpec) -> Iterator[Finding]:
    texts = [option.text.strip() for option in question.options if option.text.strip()]
    if len(texts) < 2:
        return
    sentences = [bool(_SENTENCE_END.search(text)) for text in texts]
    if any(sentences) and not all(sentences):
        ending = [text for text, sentence in zip(texts, sentences, strict=True) if sentence]
        yield Finding(
            "options-form",
            f"{len(ending)} of {len(texts)} options end like a sentence ({_quote(ending[0])})",
        )
    imperative = [is_imperative(text) for text in texts]
    if any(imperative) and not all(imperative):
        steps = [text for text, step in zip(texts, imperative, strict=True) if step]
        yield Finding(
            "options-form",
            f"{len(steps)} of {len(texts)} options are imperative steps ({_quote(steps[0])}), "
            "the others are not",
        )
    lengths = sorted(len(text) for text in texts)
    if lengths[-1] > LENGTH_RATIO * lengths[0]:
        yield Finding(
            "options-form",
            f"the longest option is {lengths[-1] / lengths[0]:.1f} times the shortest",
        )


def is_imperative(text: str) -> bool:
    """Starts with a base-form verb ("Conduct joint training"), not a noun ("Support for")."""
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text)
    if len(words) < 2:
        return False
    return words[0].casefold() in IMPERATIVE_VERBS and words[1].casefold() not in NOUN_FOLLOWERS


def _distractor_overlap(question: QuestionSpec, context: _Context) -> Iterator[Finding]:
    answer, distractors = _choice_parts(question)
    if not answer:
        return
    answer_words = content_words(answer)
    for distractor in distractors:
        shared = _mostly_shared(content_words(distractor), answer_words)
        if shared:
            yield Finding(
                "distractor-overlap",
                f"{_quote(distractor)} shares {_listed(shared)} with the right option",
            )
    if context.index is not None:
        yield from _distractor_fits_stem(question, answer, distractors, context)


def _distractor_fits_stem(
    question: QuestionSpec, answer: str, distractors: list[str], context: _Context
) -> Iterator[Finding]:
    """A distractor whose own fact, found in the briefing, fits the stem too."""
    index = context.index
    assert index is not None
    stem_keys = context.named_keys(without_quotes(question.prompt))
    stem_values = quoted_parts(question.prompt)
    answer_words = content_words(answer)
    for distractor in distractors:
        normal = normalise_answer(distractor)
        for key in stem_keys:
            if key != normalise_answer(answer) and normal in index.values_of(key):
                yield Finding(
                    "distractor-overlap",
                    f"{_quote(distractor)} is also given for {context.key_spelling[key]} "
                    "in the briefing",
                )
        own_values = index.values_of(distractor)
        for value in stem_values:
            if normalise_answer(value) in own_values:
                yield Finding(
                    "distractor-overlap",
                    f"{_quote(value)} is also given for {_quote(distractor)} in the briefing",
                )
                continue
            for own in own_values:
                shared = _mostly_shared(content_words(own), content_words(value))
                if shared:
                    yield Finding(
                        "distractor-overlap",
                        f"what the briefing gives for {_quote(distractor)} shares "
                        f"{_listed(shared)} with the stem",
                    )
                elif answer_words and answer_words <= content_words(own):
                    yield Finding(
                        "distractor-overlap",
                        f"what the briefing gives for {_quote(distractor)} names {_quote(answer)}",
                    )


def _statement_value(question: QuestionSpec) -> str | None:
    parts = quoted_parts(question.prompt)
    return parts[-1] if parts else None


def _tf_wording(question: QuestionSpec, context: _Context) -> Iterator[Finding]:
    if question.answer is not True:
        return
    value = _statement_value(question)
    if value is None:
        return
    key = context.source_key(question.source)
    if key is not None and normalise_answer(key) in normalise_answer(question.prompt):
        key_words = content_words(key)
    else:
        named = context.named_keys(without_quotes(question.prompt))
        key_words = content_words(named[0]) if named else frozenset()
    shared = key_words & content_words(value)
    if key_words and len(shared) >= max(1, math.ceil(len(key_words) / 2)):
        yield Finding(
            "tf-wording", f"the value repeats {_listed(shared)} of the key: true by its wording"
        )


def _asked_column(question: QuestionSpec, table: Table) -> int | None:
    """The value column whose cells the question shows (answer, options or quoted value)."""
    shown = {normalise_answer(text) for text in answer_texts(question.answer)}
    shown |= {normalise_answer(option.text) for option in question.options}
    shown |= {normalise_answer(text) for text in quoted_parts(question.prompt)}
    for column in range(1, len(table.header)):
        cells = {normalise_answer(row[column]) for row in table.rows if column < len(row)}
        if cells & shown:
            return column
    return None


def _constant_column(question: QuestionSpec, context: _Context) -> Iterator[Finding]:
    block = context.block(question.source)
    if not isinstance(block, Table) or block.shape != TableShape.KEY_VALUE:
        return
    column = _asked_column(question, block)
    if column is None:
        return
    cells = [normalise_answer(row[column]) for row in block.rows if column < len(row)]
    cells = [cell for cell in cells if cell]
    if not cells:
        return
    value, count = Counter(cells).most_common(1)[0]
    distinct = len(set(cells))
    if distinct <= 2 or 2 * count >= len(cells) and count > 1:
        header = block.header[column]
        yield Finding(
            "constant-column",
            f"column {_quote(header)} has {distinct} distinct value"
            f"{'s' if distinct != 1 else ''} in {len(cells)} rows",
        )


def _identifier(question: QuestionSpec, context: _Context) -> Iterator[Finding]:
    kind = QuestionKind(question.kind)
    asked: list[str] = []
    if kind == QuestionKind.CHOICE and isinstance(question.answer, str):
        asked.append(question.answer)
    if kind in (QuestionKind.MATCH, QuestionKind.CATEGORIZE) and isinstance(question.answer, dict):
        asked.extend(str(item) for item in question.answer)
        if kind == QuestionKind.MATCH:
            asked.extend(str(value) for value in question.answer.values())
    if kind in (QuestionKind.CHOICE, QuestionKind.TRUE_FALSE):
        key = context.source_key(question.source)
        if key and normalise_answer(key) in normalise_answer(question.prompt):
            asked.append(key)
    identifiers = sorted({text for text in asked if text.strip() and is_identifier(text)})
    if identifiers:
        verb = "is an identifier" if len(identifiers) == 1 else "are identifiers"
        yield Finding("identifier", f"{_listed(identifiers)} {verb}")


def _header_row(question: QuestionSpec, context: _Context) -> Iterator[Finding]:
    if not context.headers:
        return
    kind = QuestionKind(question.kind)
    shown = answer_texts(question.answer)
    if kind == QuestionKind.CATEGORIZE and isinstance(question.answer, dict):
        shown = [str(item) for item in question.answer]  # the columns are headers by design
    elif kind == QuestionKind.CHOICE:
        shown = [option.text for option in question.options]
    if kind in (QuestionKind.CHOICE, QuestionKind.TRUE_FALSE):
        key = context.source_key(question.source)
        if key and normalise_answer(key) in normalise_answer(question.prompt):
            shown.append(key)
    headers = sorted({text for text in shown if normalise_answer(text) in context.headers})
    if headers:
        verb = "is a table header" if len(headers) == 1 else "are table headers"
        yield Finding("header-row", f"{_listed(headers)} {verb}")


def _markup(question: QuestionSpec) -> Iterator[Finding]:
    texts = [question.prompt, *(option.text for option in question.options)]
    texts += answer_texts(question.answer)
    for name, pattern in _MARKUP:
        for text in texts:
            found = pattern.search(text)
            if found:
                yield Finding("markup", f"{name} {_quote(found.group(0), 30)}")
                break


def _cloze_enumeration(question: QuestionSpec) -> Iterator[Finding]:
    position = question.prompt.find(BLANK)
    if position < 0:
        return
    before, after = question.prompt[:position], question.prompt[position + len(BLANK) :]
    if blank_in_enumeration(before, after):
        yield Finding("cloze-enumeration", "the blank is one item of a list another item fits")


def _vague_prompt(question: QuestionSpec) -> Iterator[Finding]:
    named = {normalise_answer(option.text) for option in question.options}
    if QuestionKind(question.kind) == QuestionKind.CATEGORIZE and isinstance(question.answer, dict):
        named |= {normalise_answer(str(column)) for column in question.answer.values()}
    prompt = re.sub(r"\((?:part|partie) \d+ (?:of|sur) \d+\)", " ", question.prompt)
    words = content_words(prompt) - TEMPLATE_WORDS
    words -= frozenset().union(*(content_words(name) for name in named)) if named else frozenset()
    if not words:
        yield Finding("vague-prompt", "it names no subject beyond its options")


def _broken_noun(question: QuestionSpec) -> Iterator[Finding]:
    found = _BROKEN_NOUN.search(without_quotes(question.prompt))
    if found:
        yield Finding("broken-noun", f"{_quote(found.group(0), 20)} in the prompt")


def _language(question: QuestionSpec, context: _Context) -> Iterator[Finding]:
    if context.language is None:
        return
    detected = detect_language(without_quotes(question.prompt))
    if detected is not None and detected != context.language:
        yield Finding(
            "language", f"the prompt reads as {detected}, the briefing is in {context.language}"
        )


# --- rules across questions -------------------------------------------------------------------


def _quiz_findings(quiz: Sequence[QuestionSpec]) -> Iterator[tuple[int, Finding]]:
    """True/false statements of one quiz that answer each other."""
    true_values: dict[str, int] = {}
    for position, question in enumerate(quiz):
        value = _statement_value(question)
        if question.kind == QuestionKind.TRUE_FALSE and question.answer is True and value:
            true_values.setdefault(normalise_answer(value), position)
    for position, question in enumerate(quiz):
        value = _statement_value(question)
        if question.kind != QuestionKind.TRUE_FALSE or question.answer is not False or not value:
            continue
        if normalise_answer(value) in true_values:
            yield (
                position,
                Finding(
                    "tf-answers-other",
                    f"{_quote(value)} is stated as true by another question of the quiz",
                ),
            )


def _briefing_findings(
    quizzes: Sequence[Sequence[QuestionSpec]],
) -> Iterator[tuple[tuple[int, int], Finding]]:
    """Cloze questions that blank a phrase an earlier cloze of the briefing blanks."""
    first: dict[str, str] = {}
    for quiz_position, quiz in enumerate(quizzes):
        for position, question in enumerate(quiz):
            answers = answer_texts(question.answer)
            if question.kind != QuestionKind.CLOZE or not answers:
                continue
            phrase = " ".join(singular_words(answers[0]))
            if phrase in first:
                yield (
                    (quiz_position, position),
                    Finding(
                        "cloze-repeat",
                        f"{_quote(answers[0])} is blanked in “{first[phrase][:60]}” too",
                    ),
                )
            else:
                first[phrase] = question.prompt
