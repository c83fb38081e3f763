"""Read an HTML form as a browser submits it, so tests post what the page really shows."""

from __future__ import annotations

from html.parser import HTMLParser

TEXT_TYPES = {"text", "hidden", "number", "email", "url", "password", "search", "tel", ""}


class FormReader(HTMLParser):
    """The successful controls of the form with ``form_id`` (disabled ones are not sent)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.disabled_depth = 0  # inside a <fieldset disabled>
        self.fieldsets: list[bool] = []
        self.data: dict[str, str] = {}
        self.textarea: tuple[str, list[str]] | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.option_value: str | None = None
        self.option_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self.inside = attr.get("id") == self.form_id
            return
        if not self.inside:
            return
        if tag == "fieldset":
            disabled = "disabled" in attr
            self.fieldsets.append(disabled)
            self.disabled_depth += disabled
            return
        name = attr.get("name")
        off = self.disabled_depth > 0 or "disabled" in attr
        if tag == "input" and name and not off:
            kind = attr.get("type", "").lower()
            if kind in TEXT_TYPES:
                self.data[name] = attr.get("value", "")
            elif kind in ("checkbox", "radio") and "checked" in attr:
                self.data[name] = attr.get("value", "on")
        elif tag == "textarea" and name and not off:
            self.textarea = (name, [])
        elif tag == "select" and name and not off:
            self.select, self.select_first = name, None
        elif tag == "option" and self.select:
            self.option_value = attr.get("value")
            self.option_text = []
            if "selected" in attr:
                self.data[self.select] = attr.get("value", "")

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)
        if self.option_text is not None:
            self.option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "fieldset" and self.inside and self.fieldsets:
            self.disabled_depth -= self.fieldsets.pop()
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            self.data[name] = "".join(parts).removeprefix("\n")
            self.textarea = None
        elif tag == "option" and self.select and self.option_text is not None:
            value = (
                self.option_value if self.option_value is not None else "".join(self.option_text)
            )
            if self.select_first is None:
                self.select_first = value
            self.option_text = None
        elif tag == "select" and self.select:
            self.data.setdefault(self.select, self.select_first or "")
            self.select = None


def form_data(html: str, form_id: str) -> dict[str, str]:
    """What submitting the form ``form_id`` of ``html`` would send (no file fields)."""
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.data
