"""The sections of a participant's own plan: generic names in plain words (the structure is the
one used in WRAP courses; none of WRAP's published texts is copied here).

A section has parts. A part is a text (one box) or a list (lines the person adds, reorders and
removes); the supporters list has two columns, a name and a phone number. Every section and every
part is optional. The keys are stored with the plan and named by the course session plans
(courses.SessionPlanItem.plan_section): never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

TEXT = "text"
LIST = "list"
CONTACTS = "contacts"  # a list of (name, phone) pairs

MAX_ITEMS = 30  # lines in one list
MAX_ITEM_LENGTH = 300
MAX_TEXT_LENGTH = 3000
MAX_NAME_LENGTH = 100
MAX_PHONE_LENGTH = 30


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    kind: str = LIST
    help: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    explanation: str
    example: str
    parts: tuple[Part, ...]

    def part(self, key: str) -> Part | None:
        return next((p for p in self.parts if p.key == key), None)


SECTIONS: tuple[Section, ...] = (
    Section(
        "well",
        _("When I am well"),
        _("What you are like on a good day, in your own words."),
        _("For example: curious, I laugh easily, I call my sister."),
        (Part("me", _("This is me when I am well")),),
    ),
    Section(
        "toolbox",
        _("My toolbox"),
        _("Things that help you feel well or better. Big or small."),
        _("For example: a walk by the water, music, a cup of tea with a friend."),
        (Part("tools", _("Things that help me")),),
    ),
    Section(
        "daily",
        _("Daily care"),
        _("What you do to keep well: some things every day, some now and then."),
        _("For example: eat breakfast, go outside; now and then: see a friend."),
        (
            Part("every_day", _("Every day")),
            Part("sometimes", _("Now and then")),
        ),
    ),
    Section(
        "triggers",
        _("What can knock me off course"),
        _("Things that can upset you, and what you can do when they happen."),
        _("For example: a letter from the municipality. Then I open it with someone."),
        (
            Part("triggers", _("What can knock me off course")),
            Part("actions", _("What I do then")),
        ),
    ),
    Section(
        "warning_signs",
        _("Early warning signs"),
        _("Small signs that something is starting to change, and what you do about them."),
        _("For example: I stop answering the phone. Then I text one person."),
        (
            Part("signs", _("Signs I notice")),
            Part("actions", _("What I do then")),
        ),
    ),
    Section(
        "breaking_down",
        _("When things get hard"),
        _("Signs that things are getting much worse, and what helps you then."),
        _("For example: I cannot sleep for days. Then I call my doctor."),
        (
            Part("signs", _("Signs that things are getting hard")),
            Part("actions", _("What I do then")),
        ),
    ),
    Section(
        "crisis",
        _("My crisis plan"),
        _(
            "What others should know and do if you cannot take care of yourself for a while. "
            "You can print it and give it to the people you trust."
        ),
        _("For example: call my brother first. Please do not raise your voice."),
        (
            Part(
                "take_over",
                _("Signs that others should help or take over"),
            ),
            Part(
                "supporters",
                _("My supporters"),
                CONTACTS,
                _("The people you trust, with a phone number."),
            ),
            Part("helps", _("What helps me")),
            Part("does_not_help", _("What does not help me")),
            Part(
                "practical",
                _("Practical matters"),
                TEXT,
                _("For example pets, plants, bills, children, who to tell at work."),
            ),
        ),
    ),
    Section(
        "after",
        _("After a crisis"),
        _("What you need when the worst is over, to find your feet again."),
        _("For example: short days at first, someone to shop with me."),
        (Part("needs", _("What I need afterwards")),),
    ),
)

BY_KEY = {s.key: s for s in SECTIONS}
CRISIS = "crisis"


def choices() -> list[tuple[str, str]]:
    return [(s.key, s.title) for s in SECTIONS]


def get(key: str) -> Section | None:
    return BY_KEY.get(key)


def empty(section: Section) -> dict:
    return {p.key: ("" if p.kind == TEXT else []) for p in section.parts}


def is_filled(section: Section, data: dict) -> bool:
    return any(data.get(p.key) for p in section.parts)


def as_text(section: Section, data: dict) -> str:
    """The section as plain, readable text (export and e-mail)."""
    lines = [str(section.title), "=" * len(str(section.title))]
    for part in section.parts:
        value = data.get(part.key)
        if not value:
            continue
        lines.append("")
        lines.append(f"{part.label}:")
        if part.kind == TEXT:
            lines.append(value)
        elif part.kind == CONTACTS:
            lines.extend(f"- {i.get('name', '')} {i.get('phone', '')}".rstrip() for i in value)
        else:
            lines.extend(f"- {item}" for item in value)
    return "\n".join(lines)
