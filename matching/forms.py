from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.choices import SPOKEN_LANGUAGES, GenderWish
from core.fields import ModelChoiceField, PhoneFormField, checked_formfield
from core.forms import HoneypotMixin, PlainErrorsMixin
from core.models import ExperienceArea, Interest
from core.where import ServingOrganisationMixin
from matching import services
from matching.models import GOAL_MAX_LENGTH, Feedback, Match, MatchGoal, Meeting
from participants.forms import ParticipantFieldsMixin
from volunteers.forms import AvailabilityField, TermChoiceField

# What a request asks for in a guide, in the order every form and page shows it.
WISH_FIELDS = [
    "experience_areas",
    "interests",
    "availability",
    "meets_in_person",
    "meets_online",
    "gender_wish",
    "guide_language",
]


def wishes_from(data: dict) -> services.Wishes:
    """The wishes in a valid form's cleaned data (the public form or the on-behalf form)."""
    return services.Wishes(
        experience_areas=list(data["experience_areas"]),
        interests=list(data["interests"]),
        availability=data["availability"],
        meets_in_person=data["meets_in_person"],
        meets_online=data["meets_online"],
        gender_wish=data["gender_wish"],
        guide_language=data["guide_language"],
        help_wanted=data["help_wanted"],
    )


class SupportRequestForm(
    PlainErrorsMixin, HoneypotMixin, ServingOrganisationMixin, ParticipantFieldsMixin, forms.Form
):
    """The public "Find en peerguide" form, step 2: the municipality is chosen (core.where), and
    the organisations serving it are offered with their expected wait (`waits`, days)."""

    experience_areas = TermChoiceField(
        label=_("Is there something you would like your peer guide to know from their own life?"),
        queryset=ExperienceArea.objects.filter(is_active=True),
        required=False,
        help_text=_("Optional. We only store this if you say yes to it below."),
    )
    interests = TermChoiceField(
        label=_("What do you like to do?"),
        queryset=Interest.objects.filter(is_active=True),
        required=False,
    )
    availability = AvailabilityField(label=_("When can you usually meet?"))
    meets_in_person = forms.BooleanField(
        label=_("I would like to meet in person"), required=False, initial=True
    )
    meets_online = forms.BooleanField(label=_("I can also meet online or by phone"), required=False)
    gender_wish = forms.ChoiceField(
        label=_("Would you prefer your peer guide to be"),
        choices=GenderWish.choices,
        required=False,
    )
    guide_language = forms.ChoiceField(
        label=_("Which language would you like to speak?"), choices=SPOKEN_LANGUAGES, initial="da"
    )
    help_wanted = forms.CharField(
        label=_("What would you like help with? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words are enough. You decide how much you want to tell."),
    )
    consent_support = forms.BooleanField(
        label=_("I agree that you store my details and contact me about peer support."),
        error_messages={"required": _("We can only help you if you agree to this.")},
    )
    consent_health = forms.BooleanField(
        label=_("I agree that you store the experiences I chose above, to find the right guide."),
        required=False,
    )
    consent_evaluation = forms.BooleanField(
        label=_(
            "I agree that my answers may be used, without my name, to evaluate the programme "
            "(optional)."
        ),
        required=False,
    )

    field_order = [
        "organisation",
        "first_name",
        "last_name",
        "phone",
        "email",
        "preferred_channel",
        "birth_year",
        "gender",
        "municipality",
        *WISH_FIELDS,
        "help_wanted",
        "consent_support",
        "consent_health",
        "consent_evaluation",
    ]

    def __init__(self, *args, where, waits=None, **kwargs):
        waits = waits or {}
        super().__init__(
            *args,
            where=where,
            notes={pk: wait_note(days) for pk, days in waits.items()},
            **kwargs,
        )
        self.fields["organisation"].label = _("Where would you like support?")
        if waits:
            self.fields["organisation"].help_text = _(
                "The expected wait: half of those who got a peer guide there in the last three "
                "months waited less than this."
            )

    def clean(self):
        data = super().clean()
        if data.get("experience_areas") and not data.get("consent_health"):
            self.add_error(
                "consent_health",
                _("Say yes here if we may store the experiences you chose, or remove them above."),
            )
        if not data.get("meets_in_person") and not data.get("meets_online"):
            self.add_error("meets_in_person", _("Choose at least one way to meet."))
        return data


def wait_note(days: float) -> str:
    """ "Expected wait: about 12 days" / "about 3 weeks", from a median in days."""
    if days < 14:
        count = max(1, round(days))
        return ngettext(
            "Expected wait: about %(count)s day", "Expected wait: about %(count)s days", count
        ) % {"count": count}
    count = round(days / 7)
    return ngettext(
        "Expected wait: about %(count)s week", "Expected wait: about %(count)s weeks", count
    ) % {"count": count}


class ContactForm(PlainErrorsMixin, forms.Form):
    phone = PhoneFormField()
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class FeedbackForm(PlainErrorsMixin, forms.Form):
    answer = forms.ChoiceField(choices=Feedback.Answer.choices, widget=forms.RadioSelect)
    rating = forms.TypedChoiceField(
        label=_("How much did the peer support help you? (1 = not at all, 5 = very much)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == Feedback.Kind.FIT_CHECK:
            self.fields["answer"].label = _("Does this feel like a good match?")
            del self.fields["rating"]
        else:
            self.fields["answer"].label = _("Has the peer support made a difference for you?")


class DeclineForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you say no? (your coordinator sees this)"), max_length=300
    )


class MeetingTimeField(forms.DateTimeField):
    """A meeting's date and time. More than a year from today is a mistyped year: such a date
    would sit in the calendar and the reports for ever, and at the ends of the calendar it cannot
    even be stored."""

    window = Meeting.PLAUSIBLE_WINDOW
    default_error_messages = {
        "out_of_range": _("Check the date. It must be within a year from today."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and abs(value - timezone.now()) > self.window:
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")


class PlanMeetingForm(PlainErrorsMixin, forms.Form):
    starts_at = MeetingTimeField(label=_("Date and time"))
    mode = forms.ChoiceField(label=_("How"), choices=Meeting.Mode.choices)
    place = forms.CharField(label=_("Place (optional)"), max_length=200, required=False)


class LogMeetingForm(PlainErrorsMixin, forms.Form):
    meeting = ModelChoiceField(
        label=_("Planned meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("We could not find that meeting. Reload the page and try again.")
        },
    )
    starts_at = MeetingTimeField(label=_("When did you meet?"))
    duration_minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=Meeting.MIN_MINUTES,
        max_value=Meeting.MAX_MINUTES,
        initial=60,
    )
    mode = forms.ChoiceField(label=_("How"), choices=Meeting.Mode.choices)
    themes = forms.MultipleChoiceField(
        label=_("What did you talk about? (optional)"),
        choices=Meeting.THEMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Short note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Practical notes only. Do not write health details here."),
    )

    def __init__(self, *args, match: Match | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if match is not None:
            self.fields["meeting"].queryset = Meeting.objects.filter(match=match)


class EndMatchForm(PlainErrorsMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does the match end?"),
        choices=[
            c for c in Match.ClosureReason.choices if c[0] != Match.ClosureReason.NOT_A_GOOD_FIT
        ],
    )
    closing_conversation_held = forms.TypedChoiceField(
        label=_("Did you have a closing conversation?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, goals=(), **kwargs):
        """With the match's goals: one "how did it go?" per goal (matching.goals)."""
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=_("Goal: %(goal)s") % {"goal": goal.text},
                choices=MatchGoal.Outcome.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how it went with this goal.")},
            )

    @property
    def goal_outcomes(self) -> dict[int, str] | None:
        if not self.goals:
            return None
        return {g.pk: self.cleaned_data[f"goal_{g.pk}"] for g in self.goals}


class GoalsForm(PlainErrorsMixin, forms.Form):
    """One to three goals in the participant's own words (matching.goals.set_goals)."""

    goal_1 = forms.CharField(label=_("Goal 1"), max_length=GOAL_MAX_LENGTH)
    goal_2 = forms.CharField(
        label=_("Goal 2 (optional)"), max_length=GOAL_MAX_LENGTH, required=False
    )
    goal_3 = forms.CharField(
        label=_("Goal 3 (optional)"), max_length=GOAL_MAX_LENGTH, required=False
    )

    def __init__(self, *args, goals=(), **kwargs):
        initial = {f"goal_{g.position}": g.text for g in goals}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["goal_1"].error_messages["required"] = _("Write at least one goal.")

    @property
    def texts(self) -> list[str]:
        return [self.cleaned_data.get(f"goal_{n}", "") for n in (1, 2, 3)]


class BatchOrganisationForm(forms.Form):
    """Which of the coordinator's organisations the batch proposal is for (`?organisation=`),
    chosen among `organisations` (already read, for the page's menu too: no second query)."""

    organisation = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["organisation"].choices = [("", "")] + [
            (str(o.pk), str(o)) for o in organisations
        ]

    def clean_organisation(self):
        pk = self.cleaned_data["organisation"]
        return None if pk is None else self.organisations[pk]


class MeetingAdminForm(forms.ModelForm):
    """The meeting's admin page: held or no-show only once its time has passed (the same rule as
    the guide's buttons, matching.services.check_meeting_time_passed)."""

    class Meta:
        model = Meeting
        formfield_callback = checked_formfield
        fields = [
            "match",
            "status",
            "starts_at",
            "place",
            "mode",
            "duration_minutes",
            "themes",
            "note",
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        from matching.services import check_meeting_time_passed

        data = super().clean()
        status, starts_at = data.get("status"), data.get("starts_at")
        if status and starts_at:
            try:
                check_meeting_time_passed(meeting=Meeting(starts_at=starts_at), status=status)
            except ValidationError as error:
                self.add_error("status", error)
        return data
