"""Multiple-choice questions, in both directions of every key/value fact.

key → value ("Which action plan belongs to Community Resilience?") only where
the key names one value in the whole briefing; value → key ("Which focus area
is pursued through “…”?") only where the value belongs to one key.

Item-writing rules the generator keeps: at least ``MIN_OPTIONS`` options; no
content word of the stem found only in the right option (distractors sharing
it are preferred, else the question is left out); options of one form (an
instruction among instructions; all with a final full stop or none); no
question on a constant column, and no long or multi-sentence cell as an option.
"""

from __future__ import annotations

from random import Random

from briefing.ingest.document import Document

from .distractors import key_distractors, value_distractors
from .facts import BriefingIndex, Candidate, Entry, candidate
from .fingerprint import fingerprint
from .spec import GenerationReport, Option, QuestionKind, QuestionSpec
from .text import ends_sentence, human_list, noun_phrase, quoted, unquoted_end
from .words import content_words

KEY_TO_VALUE = "key_to_value"
VALUE_TO_KEY = "value_to_key"
WAYS = (KEY_TO_VALUE, VALUE_TO_KEY)
MIN_OPTIONS = 3
# The report names at most this many keys sharing one value ("A, B, … and 1,980 more").
MAX_OWNERS_NAMED = 20


def generate_choice(
    document: Document, index: BriefingIndex, seed: int, report: GenerationReport
) -> list[Candidate]:
    """Both directions of every entry; ambiguous keys are reported by ``generate``."""
    candidates = []
    for entry in index.entries:
        if entry.restates_key:
            report.skip(
                entry.source.lesson, f"{quoted(entry.value)} only repeats its key: no question."
            )
            continue
        if not entry.askable:
            continue
        if index.names_one_value(entry) and entry.option_worthy:
            candidates.append(_key_to_value(index, entry, seed, report))
        if not index.value_has_one_key(entry):
            _report_shared_value(index, entry, report)
        elif not entry.key_header.strip():
            report.skip(
                entry.source.lesson,
                f"The key column of {quoted(entry.value)} has no header: "
                "no question asks which row it belongs to.",
            )
        else:
            candidates.append(_value_to_key(index, entry, seed, report))
    return [found for found in candidates if found is not None]


def _key_to_value(
    index: BriefingIndex, entry: Entry, seed: int, report: GenerationReport
) -> Candidate | None:
    question_fingerprint = fingerprint(QuestionKind.CHOICE, KEY_TO_VALUE, entry.key, entry.value)
    rng = Random(f"{seed}:{question_fingerprint}")
    prompt = index.phrases.key_to_value(entry)
    cues = content_words(prompt) & content_words(entry.value)
    fixed = value_distractors(index, entry, Random(question_fingerprint), prefer=cues)
    if not _enough(fixed, prompt, entry.value_header, entry, report):
        return None
    if _cue_left(cues, [d.value for d in fixed], prompt, entry, report):
        return None
    distractors = _seeded_or(fixed, value_distractors(index, entry, rng, prefer=cues), cues, True)
    texts = [entry.value, *(d.value for d in distractors)]
    answer, *shown = _one_form(texts)
    feedback = [index.phrases.value_feedback(d, entry.source.lesson) for d in distractors]
    wrong = [Option(text, note) for text, note in zip(shown, feedback, strict=True)]
    return _question(index, entry, prompt, answer, wrong, rng, question_fingerprint, KEY_TO_VALUE)


def _value_to_key(
    index: BriefingIndex, entry: Entry, seed: int, report: GenerationReport
) -> Candidate | None:
    question_fingerprint = fingerprint(QuestionKind.CHOICE, VALUE_TO_KEY, entry.key, entry.value)
    rng = Random(f"{seed}:{question_fingerprint}")
    prompt = index.phrases.value_to_key(entry)
    cues = content_words(prompt) & content_words(entry.key)
    fixed = key_distractors(index, entry, Random(question_fingerprint), prefer=cues)
    if not _enough(fixed, prompt, entry.key_header, entry, report):
        return None
    if _cue_left(cues, [d.key for d in fixed], prompt, entry, report):
        return None
    distractors = _seeded_or(fixed, key_distractors(index, entry, rng, prefer=cues), cues, False)
    wrong = [Option(d.key, index.phrases.key_feedback(d)) for d in distractors]
    return _question(
        index, entry, prompt, entry.key, wrong, rng, question_fingerprint, VALUE_TO_KEY
    )


def _seeded_or(
    fixed: list[Entry], seeded: list[Entry], cues: frozenset[str], values: bool
) -> list[Entry]:
    """The seed's distractors, or the fixed ones when the seed's would not make a question.

    Whether a question exists is decided on distractors drawn independently of the
    seed (``fixed``), so that another seed changes options, never the questions asked.
    """
    texts = [d.value if values else d.key for d in seeded]
    covered = set().union(*(content_words(text) for text in texts)) if texts else set()
    if len(seeded) + 1 >= MIN_OPTIONS and cues <= covered:
        return seeded
    return fixed


def _enough(
    distractors: list[Entry], prompt: str, header: str, entry: Entry, report: GenerationReport
) -> bool:
    if len(distractors) + 1 >= MIN_OPTIONS:
        return True
    kind = noun_phrase(header) or "option"
    found = f"only {len(distractors)}" if distractors else "no"
    report.skip(
        entry.source.lesson,
        f"No choice question “{prompt}”: {found} fair wrong {kind}"
        f"{'s' if len(distractors) != 1 else ''} (of comparable length, of the same form, "
        f"not also right), and it needs {MIN_OPTIONS - 1}.",
    )
    return False


def _cue_left(
    cues: frozenset[str],
    wrong_texts: list[str],
    prompt: str,
    entry: Entry,
    report: GenerationReport,
) -> bool:
    """Whether a stem word would appear in the right option only (a cue); reported if so."""
    shared = set()
    for text in wrong_texts:
        shared |= content_words(text)
    if cues <= shared:
        return False
    report.skip(
        entry.source.lesson,
        f"No choice question “{prompt}”: a word of the question appears only in the right "
        "option, which gives it away.",
    )
    return True


def _one_form(texts: list[str]) -> list[str]:
    """The option texts, without their final full stops when only some end a sentence.

    A full stop that ends an abbreviation ("2 p.m.", "U.S.") is kept.
    """
    endings = {ends_sentence(text) for text in texts}
    if len(endings) == 1:
        return texts
    return [unquoted_end(text) for text in texts]


def _question(
    index: BriefingIndex,
    entry: Entry,
    prompt: str,
    answer: str,
    wrong: list[Option],
    rng: Random,
    question_fingerprint: str,
    way: str,
) -> Candidate:
    options = [Option(answer, index.phrases.correct), *wrong]
    rng.shuffle(options)
    spec = QuestionSpec(
        kind=QuestionKind.CHOICE,
        lesson=entry.source.lesson,
        prompt=prompt,
        answer=answer,
        explanation=index.phrases.fact_sentence(entry),
        source=entry.source,
        fingerprint=question_fingerprint,
        fact=entry.fact,
        options=tuple(options),
        direction=entry.direction(way),
    )
    return candidate(spec, entry.index, entry.column, WAYS.index(way))


def _report_shared_value(index: BriefingIndex, entry: Entry, report: GenerationReport) -> None:
    sharing_keys = index.keys_of(entry.value)
    owners = sorted(index.spelling[key] for key in sharing_keys)
    if len(owners) > MAX_OWNERS_NAMED:
        owners = [*owners[:MAX_OWNERS_NAMED], f"{len(owners) - MAX_OWNERS_NAMED:,} more"]
    asked = noun_phrase(entry.key_header) or "key"
    report.skip(
        entry.source.lesson,
        f"{quoted(entry.value)} belongs to {human_list(owners)}: "
        f"no question asks which {asked} it belongs to.",
    )
