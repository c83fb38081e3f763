"""Cloze questions: a paragraph sentence with one of the briefing's terms or table keys blanked.

Blankable phrases are the terms of every term list and the keys of every
key/value table with at least two words or six characters. A sentence of
``MIN_WORDS``..``MAX_WORDS`` words gets the longest phrase found in it exactly
once, as a whole word (a plural or singular form of the phrase counts, and a
hyphen between its words: "intelligence-sharing"). At most
``MAX_PER_PARAGRAPH`` blanks per paragraph and ``MAX_PER_LESSON`` per lesson,
each phrase blanked once per lesson, sentences taken in reading order.
Headings are never blanked: only paragraph blocks are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.ingest.document import Document, Paragraph

from .facts import BriefingIndex, Candidate, Entry, candidate
from .fingerprint import fact_key, fingerprint, normalise_answer, short_hash, singularise
from .spec import GenerationReport, QuestionKind, QuestionSpec, SourceRef
from .text import BLANK

MIN_WORDS = 6
MAX_WORDS = 60
MIN_PHRASE_CHARS = 6
MIN_WORDS_LEFT = 4
MAX_PER_PARAGRAPH = 2
MAX_PER_LESSON = 3
DIRECTION_HASH = 8
ABBREVIATIONS = frozenset(
    {"approx.", "col.", "dr.", "etc.", "fig.", "gen.", "inc.", "jr.", "lt.", "ltd.", "mr."}
    | {"mrs.", "ms.", "no.", "prof.", "sgt.", "sr.", "st.", "vs."}
)
_INITIALISM = re.compile(r"^(?:[^\W\d_]\.)+$")
_BETWEEN_WORDS = r"[\s\-‐‑]+"
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+")
# An enumeration item: at most four words between separators.
_ITEM = r"[^,.;:\s]+(?:\s+[^,.;:\s]+){0,3}"
_AND = r"(?:and|or|et|ou)"
_LIST_BEFORE = re.compile(rf"(?:,\s*{_AND}|,\s*{_ITEM}\s+{_AND})\s*$", re.IGNORECASE)
_LIST_AFTER = re.compile(rf"^\s*,\s*{_ITEM}\s*(?:,\s*{_ITEM}\s*)*,?\s+{_AND}\s", re.IGNORECASE)
_AND_AFTER = re.compile(rf"^\s*(?:,|{_AND}\s)", re.IGNORECASE)
_RUN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A blankable phrase and the entry that first names it."""

    text: str
    normal: str
    entry: Entry
    pattern: re.Pattern[str]
    #: Lower-case text every match contains: a cheap test before the regex.
    probe: str = field(init=False)
    #: Words (``\w+`` runs, lower-cased) every match holds whole: ``required`` all of
    #: them, and one of ``endings`` (the last run of each form of the last word). A
    #: phrase whose last word has no run has no ``endings``: every sentence is tried.
    required: frozenset[str] = field(init=False)
    endings: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        words = self.text.split()
        first = words[0].lower()
        probe = first if len(words) > 1 else first[: max(1, len(first) - 3)]
        object.__setattr__(self, "probe", probe)
        # Each run of a word is bounded by the word's own punctuation or by what
        # the pattern puts around the word, so a match holds it as a whole run.
        forms = [_RUN.findall(form.lower()) for form in _endings(words[-1])]
        required = {run for word in words[:-1] for run in _RUN.findall(word.lower())}
        required |= set.intersection(*(set(runs[:-1]) for runs in forms))
        endings = {runs[-1] for runs in forms if runs} if all(forms) else set()
        object.__setattr__(self, "required", frozenset(required))
        object.__setattr__(self, "endings", frozenset(endings))


def _endings(word: str) -> set[str]:
    """The forms of a phrase's last word that ``_pattern`` accepts."""
    singular = singularise(word)
    return {word, singular, _plural(singular)}


class PhraseFinder:
    """The phrases a sentence may hold, found by the words every match holds whole,
    instead of trying each phrase on each sentence."""

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        self.by_ending: dict[str, list[int]] = {}
        self.anywhere: list[int] = []
        for number, phrase in enumerate(phrases):
            for ending in phrase.endings:
                self.by_ending.setdefault(ending, []).append(number)
            if not phrase.endings:
                self.anywhere.append(number)

    def candidates(self, lowered: str) -> list[Phrase]:
        """In the phrases' order (longest first), those whose words ``lowered`` holds."""
        runs = set(_RUN.findall(lowered))
        found = set(self.anywhere)
        for run in runs:
            found.update(self.by_ending.get(run, ()))
        return [
            self.phrases[number]
            for number in sorted(found)
            if self.phrases[number].required <= runs
        ]


@dataclass(frozen=True, slots=True)
class Blank:
    phrase: Phrase
    start: int
    end: int


def generate_cloze(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    phrases = PhraseFinder(blankable_phrases(index))
    candidates = []
    blanked: set[str] = set()  # once per phrase in the whole briefing
    for lesson_position, lesson in enumerate(document.lessons):
        in_lesson = 0
        for block_position, block in enumerate(lesson.blocks):
            if not isinstance(block, Paragraph):
                continue
            room = min(MAX_PER_PARAGRAPH, MAX_PER_LESSON - in_lesson)
            for start, end, blank in _blanks(block.text, phrases, blanked, room):
                blanked.add(blank.phrase.normal)
                in_lesson += 1
                source = SourceRef(lesson_position, block_position)
                sentence = block.text[start:end]
                candidates.append(_question(sentence, blank, source, lesson.title, start, index))
        if not in_lesson and any(isinstance(block, Paragraph) for block in lesson.blocks):
            report.skip(
                lesson_position,
                "No sentence names a term or table key: no cloze question.",
            )
    return candidates


def blankable_phrases(index: BriefingIndex) -> list[Phrase]:
    """The briefing's terms and table keys worth blanking, the longest first."""
    firsts: dict[str, Entry] = {}
    for entry in index.entries:
        firsts.setdefault(entry.normal_key, entry)
    phrases = [
        Phrase(entry.key, entry.normal_key, entry, _pattern(entry.key))
        for entry in firsts.values()
        if _worth_blanking(entry.key)
    ]
    return sorted(phrases, key=lambda phrase: -len(phrase.text))


def _worth_blanking(phrase: str) -> bool:
    has_letters = any(char.isalnum() for char in phrase)
    return has_letters and (len(phrase.split()) >= 2 or len(phrase) >= MIN_PHRASE_CHARS)


def _pattern(phrase: str) -> re.Pattern[str]:
    words = phrase.split()
    endings = _endings(words[-1])
    stem = _BETWEEN_WORDS.join(re.escape(word) for word in words[:-1])
    last = "|".join(re.escape(ending) for ending in sorted(endings, key=len, reverse=True))
    body = f"{stem}{_BETWEEN_WORDS}(?:{last})" if stem else f"(?:{last})"
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _plural(word: str) -> str:
    if re.search(r"[^aeiou]y$", word, re.IGNORECASE):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word, re.IGNORECASE):
        return word + "es"
    return word + "s"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, so that ``text[start:end]`` is verbatim."""
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        following = text[boundary.end() : boundary.end() + 1]
        if not _starts_sentence(following) or _ends_with_abbreviation(
            _last_word(text, start, boundary.end())
        ):
            continue
        spans.append((start, boundary.end()))
        start = boundary.end()
    spans.append((start, len(text)))
    return [_stripped(text, span) for span in spans if text[span[0] : span[1]].strip()]


def _starts_sentence(char: str) -> bool:
    return bool(char) and (char.isupper() or char.isdigit() or char in "\"“‘'([")


def _last_word(text: str, start: int, end: int) -> str:
    """The last word of ``text[start:end]``, found without copying the rest of it (a
    paragraph of thousands of "Mr. Smith" would otherwise be copied once per title)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end]


def _ends_with_abbreviation(last_word: str) -> bool:
    last_word = last_word.lstrip("\"“‘'([")
    return last_word.lower() in ABBREVIATIONS or bool(_INITIALISM.match(last_word))


def _stripped(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blanks(
    paragraph: str, phrases: PhraseFinder, blanked: set[str], limit: int
) -> list[tuple[int, int, Blank]]:
    """Up to ``limit`` blanks, in the paragraph's first sentences that have one."""
    found: list[tuple[int, int, Blank]] = []
    used = set(blanked)
    for start, end in sentence_spans(paragraph):
        if len(found) >= limit:
            break
        sentence = paragraph[start:end]
        if not MIN_WORDS <= len(sentence.split()) <= MAX_WORDS:
            continue
        blank = find_blank(sentence, phrases.candidates(sentence.lower()), used)
        if blank is not None:
            found.append((start, end, blank))
            used.add(blank.phrase.normal)
    return found


def find_blank(sentence: str, phrases: list[Phrase], used: set[str]) -> Blank | None:
    """The longest phrase found exactly once in the sentence, not yet blanked in the briefing.

    A phrase that is one item of an enumeration ("training, ____, and planning")
    is not pinned down by its sentence: another item would fit the blank.
    """
    lowered, word_count = sentence.lower(), len(sentence.split())
    for phrase in phrases:
        if phrase.normal in used or phrase.probe not in lowered:
            continue
        matches = list(phrase.pattern.finditer(sentence))
        words_left = word_count - len(phrase.text.split())
        if len(matches) != 1 or words_left < MIN_WORDS_LEFT:
            continue
        start, end = matches[0].start(), matches[0].end()
        if not blank_in_enumeration(sentence[:start], sentence[end:]):
            return Blank(phrase, start, end)
    return None


def blank_in_enumeration(before: str, after: str) -> bool:
    """Whether the text between ``before`` and ``after`` is one item of a list of three or more.

    "A, B, and ____", "A, B and ____", "A, ____, and C", "A, ____ and C",
    "____, B, and C": the sentence lists items, and any of them fits the blank.
    """
    if _LIST_BEFORE.search(before) or _LIST_AFTER.match(after):
        return True
    return before.rstrip().endswith(",") and bool(_AND_AFTER.match(after))


def accepted_answers(blank: Blank, sentence: str) -> list[str]:
    """The phrase as the sentence writes it, then as the briefing lists it if that differs."""
    as_written = sentence[blank.start : blank.end]
    answers = [as_written]
    if normalise_answer(blank.phrase.text) != normalise_answer(as_written):
        answers.append(blank.phrase.text)
    return answers


def _question(
    sentence: str, blank: Blank, source: SourceRef, title: str, offset: int, index: BriefingIndex
) -> Candidate:
    prompt = sentence[: blank.start] + BLANK + sentence[blank.end :]
    spec = QuestionSpec(
        kind=QuestionKind.CLOZE,
        lesson=source.lesson,
        prompt=prompt,
        answer=accepted_answers(blank, sentence),
        explanation=_explanation(sentence, blank.phrase, source.lesson, title, index),
        source=source,
        fingerprint=fingerprint(QuestionKind.CLOZE, "blank", blank.phrase.text, sentence),
        fact=fact_key("cloze", blank.phrase.text, sentence),
        direction=f"blank:{short_hash(blank.phrase.text)[:DIRECTION_HASH]}",
    )
    return candidate(spec, offset)


def _explanation(
    sentence: str, phrase: Phrase, lesson: int, title: str, index: BriefingIndex
) -> str:
    """The sentence, and where the phrase is defined: every place when it has several meanings."""
    phrases = index.phrases
    entry = phrase.entry
    reads = phrases.cloze_sentence(sentence, title, lesson)
    if not index.names_one_value(entry):
        lessons = sorted({place[0] for place in index.places_of_key(entry.key)})
        places = [(index_title(index, position), position) for position in lessons]
        return f"{reads} {phrases.cloze_several_meanings(entry.key, places)}"
    if entry.table_header is None:
        return f"{reads} {phrases.cloze_term(entry)}"
    return f"{reads} {phrases.cloze_table_key(entry)}"


def index_title(index: BriefingIndex, lesson: int) -> str:
    """The title of a lesson, as the index's entries know it."""
    return index.lesson_titles.get(lesson, "")
