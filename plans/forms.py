"""Forms of the plan pages. A section's lists are edited as lists: one input per line (a name
and a phone number per supporter), with buttons to add, move and remove a line. The buttons
work without JavaScript (each posts the form and the page comes back with the change saved);
static/plans/lists.js does the same in the page when JavaScript runs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import PlainErrorsMixin
from plans import sections
from plans.sections import CONTACTS, LIST, TEXT
from plans.services import SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS


class SignInForm(PlainErrorsMixin, forms.Form):
    contact = forms.CharField(
        label=gettext_lazy("Your e-mail address or mobile number"),
        max_length=254,
        help_text=gettext_lazy("The one you gave us when you signed up."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


def apply_op(op: str, lists: dict[str, list]) -> str | None:
    """Apply a list button ("add:part", "remove:part:3", "up:part:3", "down:part:3") to the
    posted lists. Returns the part to show with a new empty line ("add"), else None."""
    action, _sep, rest = (op or "").partition(":")
    key, _sep, index = rest.partition(":")
    if key not in lists:
        return None
    items = lists[key]
    if action == "add":
        return key
    try:
        i = int(index)
    except ValueError:
        return None
    if not 0 <= i < len(items):
        return None
    if action == "remove":
        items.pop(i)
    elif action == "up" and i > 0:
        items[i - 1], items[i] = items[i], items[i - 1]
    elif action == "down" and i < len(items) - 1:
        items[i + 1], items[i] = items[i], items[i + 1]
    return None


class SectionForm:
    """One section's parts, read from a POST (or shown from saved data)."""

    def __init__(self, section: sections.Section, *, data=None, initial: dict | None = None):
        self.section = section
        self.bound = data is not None
        self.errors: dict[str, list[str]] = {}
        self.values: dict = dict(sections.empty(section))
        if initial:
            self.values.update({k: v for k, v in initial.items() if k in self.values})
        if self.bound:
            self.values = self._read(data)

    def _read(self, data) -> dict:
        values = {}
        for part in self.section.parts:
            if part.kind == TEXT:
                values[part.key] = (data.get(part.key) or "").replace("\r\n", "\n").strip()
            elif part.kind == LIST:
                values[part.key] = [(v or "").strip() for v in data.getlist(part.key)]
            else:
                names = data.getlist(f"{part.key}-name")
                phones = data.getlist(f"{part.key}-phone")
                values[part.key] = [
                    {"name": (n or "").strip(), "phone": (p or "").strip()}
                    for n, p in zip(names, phones, strict=False)
                ]
        return values

    def is_valid(self) -> bool:
        self.errors = {}
        for part in self.section.parts:
            value = self.values[part.key]
            problems = []
            if part.kind == TEXT:
                if len(value) > sections.MAX_TEXT_LENGTH:
                    problems.append(
                        _("Please keep this under %(max)s characters.")
                        % {"max": sections.MAX_TEXT_LENGTH}
                    )
            else:
                kept = [i for i in value if (i if part.kind == LIST else any(i.values()))]
                if len(kept) > sections.MAX_ITEMS:
                    problems.append(
                        _("A list can hold %(max)s lines. Remove a few first.")
                        % {"max": sections.MAX_ITEMS}
                    )
                for n, item in enumerate(kept, start=1):
                    if part.kind == LIST and len(item) > sections.MAX_ITEM_LENGTH:
                        problems.append(
                            _("Line %(n)s is too long. Keep each line under %(max)s characters.")
                            % {"n": n, "max": sections.MAX_ITEM_LENGTH}
                        )
                    if part.kind == CONTACTS and (
                        len(item["name"]) > sections.MAX_NAME_LENGTH
                        or len(item["phone"]) > sections.MAX_PHONE_LENGTH
                    ):
                        problems.append(
                            _("Line %(n)s is too long. Write a shorter name or number.") % {"n": n}
                        )
                self.values[part.key] = kept if not problems else value
            if problems:
                self.errors[part.key] = problems
        return not self.errors

    @property
    def cleaned_data(self) -> dict:
        return self.values

    def parts(self, add_line_to: str | None = None):
        """What the template shows: each part with its lines (and one empty line more where
        the person asked to add one, or where a list is empty)."""
        for part in self.section.parts:
            value = self.values[part.key]
            rows = list(value) if part.kind != TEXT else []
            if part.kind != TEXT and (add_line_to == part.key or not rows):
                rows.append({"name": "", "phone": ""} if part.kind == CONTACTS else "")
            yield {
                "part": part,
                "value": value,
                "rows": rows,
                "errors": self.errors.get(part.key, []),
                "is_text": part.kind == TEXT,
                "is_contacts": part.kind == CONTACTS,
            }


class ShareForm(PlainErrorsMixin, forms.Form):
    section_keys = forms.MultipleChoiceField(
        label=gettext_lazy("What do you want to share?"),
        choices=sections.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one part of your plan.")},
    )
    label = forms.CharField(
        label=gettext_lazy("Who is it for? (optional)"),
        help_text=gettext_lazy("Only you see this. For example: my peer guide, my sister."),
        max_length=100,
        required=False,
    )
    days = forms.IntegerField(
        label=gettext_lazy("For how many days should the link work?"),
        min_value=1,
        max_value=SHARE_MAX_DAYS,
        initial=SHARE_DEFAULT_DAYS,
    )
