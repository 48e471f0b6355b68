"""Read a form out of a page as a browser would submit it, with only the standard library.

`form_data(html, form_id)` returns the "successful controls" of the form (HTML spec, "constructing
the entry list"): text-like inputs with their value, ticked checkboxes and radios, every selected
option of a select (or its first option when a single select has none marked), textareas, and the
named submit button a person clicks. Disabled controls and controls outside the form are left out,
so posting the result sends what the page shows, unchanged.
"""

from __future__ import annotations

from html.parser import HTMLParser

_NOT_SENT = {"submit", "button", "reset", "image", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # >0 while inside the wanted form
        self.data: list[tuple[str, str]] = []
        self.submits: dict[str, str] = {}
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None
        self.found = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if self.depth:
                self.depth += 1  # a nested form: the browser drops it, its fields stay ours
            elif a.get("id") == self.form_id:
                self.depth, self.found = 1, True
            return
        if not self.depth:
            return
        disabled = "disabled" in a
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            name = a.get("name")
            if not name or disabled:
                return
            if kind == "submit":
                self.submits[name] = a.get("value", "")
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value", "on")))
            elif kind not in _NOT_SENT:
                self.data.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = {
                "name": a.get("name"),
                "multiple": "multiple" in a,
                "disabled": disabled,
                "options": [],
            }
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and a.get("name") and not disabled:
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self.data.append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            if not select["name"] or select["disabled"]:
                return
            options = select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and not select["multiple"] and options:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self.data.append((select["name"], value))


def form_data(html: str, form_id: str, *, submit: str | None = "_save") -> dict[str, list[str]]:
    """The form's entries as `{name: [values]}` (ready for Django's test client)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    if not reader.found:
        raise AssertionError(f"No form with id {form_id!r} on the page.")
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    if submit is not None:
        data[submit] = [reader.submits.get(submit, "")]
    return data
