"""What a question must look like to be shown: one check for every way a question is stored.

The admin's question form (``Question.clean``), the YAML restore
(``quizzes.exchange``), generation (``quizzes.sync``) and ``build_snapshot``
all call ``answer_shape_errors``: a question it finds fault with is refused
with a message naming the field, never stored, and never drawn into an attempt.

Pure Python, no Django: ``learning.scoring`` uses it too.
"""

from __future__ import annotations

from quizzes.generate.fingerprint import normalise_answer

KINDS = ("match", "choice", "true_false", "categorize", "cloze", "ordering")
OPTION_KEYS = frozenset({"text", "feedback"})
# PostgreSQL stores no NUL character in text or JSON; SQLite would, but the same
# question must be storable on every database.
NUL = "\x00"


def answer_shape_errors(kind: str, prompt: str, options: object, answer: object) -> dict[str, str]:
    """Field errors for a question that could not be shown (see ``Question.answer``).

    At most one error per field, the first found; an empty dict when the
    question can be shown.
    """
    if kind not in KINDS:
        return {"kind": f"{kind!r} is not a question kind ({', '.join(KINDS)})."}
    if not isinstance(prompt, str) or not prompt.strip():
        return {"prompt": "The prompt must be a text."}
    if NUL in prompt:
        return {"prompt": "The prompt contains a NUL character."}
    option_texts, problem = _option_texts(options)
    if problem:
        return {"options": problem}
    if kind in ("choice", "categorize") and (repeated := first_repeated(option_texts)):
        return {"options": f"“{repeated}” is listed twice: each option must be different."}
    if _holds_nul(answer):
        return {"answer": "The answer contains a NUL character."}
    if kind == "choice":
        if len(option_texts) < 2:
            return {"options": "A choice question needs at least two options."}
        if answer not in option_texts:
            return {"answer": "The answer must be the text of one of the options."}
    elif kind == "true_false":
        if not isinstance(answer, bool):
            return {"answer": "The answer must be true or false."}
        if sorted(option_texts) != ["False", "True"]:
            return {"options": "A true/false question has the options True and False."}
    elif kind in ("match", "categorize"):
        pairs = answer.items() if isinstance(answer, dict) else ()
        if len(pairs) < 2 or not all(
            isinstance(left, str) and left and isinstance(right, str) and right
            for left, right in pairs
        ):
            return {"answer": "The answer must map at least two items to their texts."}
        if kind == "categorize" and option_texts and not set(answer.values()) <= set(option_texts):
            return {"answer": "Every item must go to one of the columns listed as options."}
    elif kind == "cloze":
        if not (
            isinstance(answer, list) and answer and all(isinstance(a, str) and a for a in answer)
        ):
            return {"answer": "The answer must be a list of accepted texts."}
        if "____" not in prompt:
            return {"prompt": "A cloze prompt shows the blank as ____ (four underscores)."}
    elif kind == "ordering":
        return ordering_errors(option_texts, answer)
    return {}


def _option_texts(options: object) -> tuple[list[str], str]:
    """The options' texts, or a message saying why the options cannot be shown."""
    if not isinstance(options, list):
        return [], "Options must be a list of {text, feedback} objects."
    texts = []
    for number, option in enumerate(options, start=1):
        if not isinstance(option, dict):
            return [], f"Option {number} is not a {{text, feedback}} object."
        if set(option) - OPTION_KEYS:
            unknown = ", ".join(sorted(map(str, set(option) - OPTION_KEYS)))
            return [], f"Option {number} has fields other than text and feedback: {unknown}."
        text, feedback = option.get("text"), option.get("feedback", "")
        if not isinstance(text, str) or not text.strip():
            return [], f"Option {number} needs a text."
        if not isinstance(feedback, str):
            return [], f"The feedback of option {number} must be a text."
        if NUL in text or NUL in feedback:
            return [], f"Option {number} contains a NUL character."
        if text in texts:
            return [], f"Two options have the text “{text}”: each option must be different."
        texts.append(text)
    return texts, ""


def _holds_nul(value: object) -> bool:
    """Whether a JSON value holds a NUL character, in a text or a key, at any depth."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def first_repeated(texts: list[str]) -> str | None:
    """The first text equal to an earlier one, case, spacing and punctuation aside."""
    normal = [normalise_answer(text) for text in texts]
    return next((text for n, text in enumerate(texts) if normal[n] in normal[:n]), None)


def ordering_errors(option_texts: list[str], answer: object) -> dict[str, str]:
    """An ordering question lists its steps in the right order as its answer, and has no options."""
    if option_texts:
        return {"options": "An ordering question has no options: list its steps as the answer."}
    if not isinstance(answer, list) or not all(isinstance(step, str) for step in answer):
        return {"answer": "The answer must be a list of the steps, in the right order."}
    steps = [step.strip() for step in answer]
    if not all(steps):
        return {"answer": "Every step needs a text: remove the empty ones."}
    if len(steps) < 2:
        return {"answer": "An ordering question needs at least two steps."}
    repeated = first_repeated(steps)
    if repeated is not None:
        return {"answer": f"The step “{repeated}” is listed twice: each step must be different."}
    return {}


def explanation_errors(explanation: object) -> dict[str, str]:
    """The explanation shown after an answer: a text without NUL (it may be empty)."""
    if not isinstance(explanation, str):
        return {"explanation": "The explanation must be a text."}
    if NUL in explanation:
        return {"explanation": "The explanation contains a NUL character."}
    return {}


class InvalidQuestion(ValueError):
    """A stored question that cannot be shown; the message names the field."""


def check_question(question: dict) -> None:
    """Raise ``InvalidQuestion`` unless ``question`` (``Question.as_data()``) can be shown."""
    errors = answer_shape_errors(
        question.get("kind"),
        question.get("prompt"),
        question.get("options", []),
        question.get("answer"),
    ) or explanation_errors(question.get("explanation", ""))
    if errors:
        field, message = next(iter(errors.items()))
        raise InvalidQuestion(f"{field}: {message}")
