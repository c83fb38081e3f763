"""The YAML exchange format (DESIGN.md §6): a briefing's content, then its quizzes.

``briefing.exchange`` writes and reads the content; this module adds the quizzes.
``quizzes.publishing.import_yaml`` restores a whole file in one transaction.
"""

from __future__ import annotations

from datetime import timedelta

from briefing.exchange import export_content
from briefing.ingest.document import IngestError
from briefing.models import Block, Briefing
from quizzes.models import Question, Quiz
from quizzes.shape import answer_shape_errors, explanation_errors


def export_data(briefing: Briefing) -> dict:
    """The whole export of a briefing, as plain data ready for ``dump_yaml``."""
    return {**export_content(briefing), "quizzes": export_quizzes(briefing)}


def export_quizzes(briefing: Briefing) -> list[dict]:
    quizzes = (
        Quiz.objects.filter(briefing=briefing)
        .select_related("lesson")
        .prefetch_related(
            "questions__source_block__lesson", "questions__source_row", "questions__source_term"
        )
        .order_by("lesson__position", "pk")
    )
    exported = [quiz_data(quiz) for quiz in quizzes]
    # The final exam (no lesson) sorts first on some databases: put it last everywhere.
    return [q for q in exported if q["lesson"]] + [q for q in exported if not q["lesson"]]


def quiz_data(quiz: Quiz) -> dict:
    return {
        "lesson": quiz.lesson.slug if quiz.lesson else None,
        "title": quiz.title,
        "mode": quiz.mode,
        "pass_mark": quiz.pass_mark,
        "draw": quiz.draw,
        "attempts_allowed": quiz.attempts_allowed,
        "time_limit": int(quiz.time_limit.total_seconds()) if quiz.time_limit else None,
        "questions": [question_data(question) for question in quiz.questions.all()],
    }


def question_data(question: Question) -> dict:
    block = question.source_block
    return {
        "kind": question.kind,
        "prompt": question.prompt,
        "options": list(question.options),
        "answer": question.answer,
        "explanation": question.explanation,
        "source": {
            "lesson": block.lesson.slug,
            "block": block.position,
            "row": question.source_row.position if question.source_row else None,
            "term": question.source_term.position if question.source_term else None,
        }
        if block
        else None,
        "origin": question.origin,
        "fingerprint": question.fingerprint,
        "fact": question.fact,
        "active": question.active,
        "source_changed": question.source_changed,
    }


def restore_quizzes(briefing: Briefing, quizzes: list, *, outcome) -> None:
    """Restore quizzes and questions as stored; questions are matched by fingerprint."""
    if not isinstance(quizzes, list):
        raise IngestError("quizzes: expected a list")
    lessons = {lesson.slug: lesson for lesson in briefing.lessons.all()}
    for index, raw in enumerate(quizzes):
        where = f"quizzes[{index}]"
        line = getattr(raw, "line", None)
        if not isinstance(raw, dict):
            raise IngestError(f"{where}: expected a mapping", line=line)
        lesson_slug = raw.get("lesson")
        if lesson_slug is not None and (
            not isinstance(lesson_slug, str) or lesson_slug not in lessons
        ):
            raise IngestError(f"{where}.lesson: no lesson {lesson_slug!r} in this file", line=line)
        questions = raw.get("questions")
        if questions is not None and not isinstance(questions, list):
            raise IngestError(f"{where}.questions: expected a list of questions", line=line)
        quiz, _ = Quiz.objects.update_or_create(
            briefing=briefing,
            lesson=lessons.get(lesson_slug),
            defaults=quiz_settings(raw, where, line),
        )
        for position, question in enumerate(questions or []):
            restore_question(briefing, quiz, question, position, lessons, f"{where}.questions")
    outcome.changes.append(f"{len(quizzes)} quizzes restored")


# The largest values the columns (small integers) and a sensible time limit allow.
LIMITS = {"draw": 1000, "attempts_allowed": 1000, "time_limit": 7 * 24 * 3600}


def quiz_settings(raw: dict, where: str, line: int | None) -> dict:
    mode = raw.get("mode", Quiz.Mode.PRACTICE)
    if mode not in Quiz.Mode.values:
        raise IngestError(f"{where}.mode: {mode!r} is not practice or exam", line=line)
    pass_mark = raw.get("pass_mark", 70)
    if not is_whole_number(pass_mark) or not 0 <= pass_mark <= 100:
        raise IngestError(f"{where}.pass_mark: expected a percentage 0 to 100", line=line)
    for key, largest in LIMITS.items():
        value = raw.get(key)
        if value is not None and (not is_whole_number(value) or not 1 <= value <= largest):
            raise IngestError(
                f"{where}.{key}: expected a number from 1 to {largest}, or null", line=line
            )
    time_limit = raw.get("time_limit")
    title = text_field(raw, "title", where, line, default="Quiz") or "Quiz"
    if len(title) > Quiz._meta.get_field("title").max_length:
        raise IngestError(f"{where}.title: longer than 300 characters", line=line)
    return {
        "title": title,
        "mode": mode,
        "pass_mark": pass_mark,
        "draw": raw.get("draw"),
        "attempts_allowed": raw.get("attempts_allowed"),
        "time_limit": timedelta(seconds=time_limit) if time_limit else None,
    }


def is_whole_number(value: object) -> bool:
    """An int that is not YAML's true or false (Python's bools are ints)."""
    return isinstance(value, int) and not isinstance(value, bool)


def text_field(raw: dict, key: str, where: str, line: int | None, *, default: str = "") -> str:
    """An optional text: absent or null gives ``default``; anything but a text is an error."""
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise IngestError(f"{where}.{key}: expected text, found {type(value).__name__}", line=line)
    return value


def flag(raw: dict, key: str, where: str, line: int | None, *, default: bool) -> bool:
    """An optional true or false: 'no', 0 or "yes" are errors, never read as a flag."""
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise IngestError(f"{where}.{key}: expected true or false, found {value!r}", line=line)
    return value


def restore_question(briefing, quiz, raw, position, lessons, where) -> None:
    where = f"{where}[{position}]"
    line = getattr(raw, "line", None)
    if not isinstance(raw, dict):
        raise IngestError(f"{where}: expected a mapping", line=line)
    kind = raw.get("kind")
    if kind not in Question.Kind.values:
        raise IngestError(f"{where}.kind: {kind!r} is not a question kind", line=line)
    prompt = text_field(raw, "prompt", where, line)
    fingerprint = text_field(raw, "fingerprint", where, line)
    if not fingerprint or not prompt or "answer" not in raw:
        raise IngestError(f"{where}: a question needs prompt, answer and fingerprint", line=line)
    fact = text_field(raw, "fact", where, line)
    for key, value in (("fingerprint", fingerprint), ("fact", fact)):
        if len(value) > Question._meta.get_field(key).max_length:
            raise IngestError(f"{where}.{key}: at most 64 characters", line=line)
    origin = raw.get("origin", Question.Origin.MANUAL)
    if origin not in Question.Origin.values:
        raise IngestError(
            f"{where}.origin: {origin!r} is not generated, edited or manual", line=line
        )
    options = raw.get("options")
    options = [] if options is None else options
    explanation = text_field(raw, "explanation", where, line)
    problems = answer_shape_errors(kind, prompt, options, raw["answer"]) or explanation_errors(
        explanation
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise IngestError(f"{where}.{field}: {message}", line=line)
    block, row, term = resolve_source(raw.get("source"), lessons, where, line)
    Question.objects.update_or_create(
        briefing=briefing,
        fingerprint=fingerprint,
        defaults={
            "quiz": quiz,
            "position": position,
            "kind": kind,
            "prompt": prompt,
            "options": options,
            "answer": raw["answer"],
            "explanation": explanation,
            "source_block": block,
            "source_row": row,
            "source_term": term,
            "origin": origin,
            "fact": fact,
            "active": flag(raw, "active", where, line, default=True),
            "source_changed": flag(raw, "source_changed", where, line, default=False),
        },
    )


def resolve_source(source, lessons, where, line):
    if not source:
        return None, None, None
    positions_ok = isinstance(source, dict) and all(
        source.get(key) is None or (type(source.get(key)) is int and source[key] >= 0)
        for key in ("block", "row", "term")
    )
    if not positions_ok or not isinstance(source.get("lesson"), str):
        raise IngestError(
            f"{where}.source: expected {{lesson: slug, block: n, row: n or null, term: n or null}}",
            line=line,
        )
    lesson = lessons.get(source["lesson"])
    block = (
        Block.objects.filter(lesson=lesson, position=source.get("block")).first()
        if lesson
        else None
    )
    if block is None:
        raise IngestError(f"{where}.source: no such lesson and block in this file", line=line)
    row = term = None
    if source.get("row") is not None:
        row = block.rows.filter(position=source["row"]).first()
        if row is None:
            raise IngestError(
                f"{where}.source.row: block {source['block']} of “{source['lesson']}” "
                f"has no row {source['row']}",
                line=line,
            )
    if source.get("term") is not None:
        term = block.terms.filter(position=source["term"]).first()
        if term is None:
            raise IngestError(
                f"{where}.source.term: block {source['block']} of “{source['lesson']}” "
                f"has no term {source['term']}",
                line=line,
            )
    return block, row, term
