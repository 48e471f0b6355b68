"""Adding a participant on their behalf from the admin: a person who phoned, or was referred by
a psychiatric ward or a municipal case worker, with the consents they gave orally."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.choices import SPOKEN_LANGUAGES, gender_choices
from core.fields import PhoneFormField
from core.onbehalf_admin import OnBehalfAddMixin, OnBehalfForm
from participants.models import Consent
from participants.services import ParticipantDetails, register_participant_on_behalf

CONSENT_HELP = _(
    "Read each purpose to the person and tick what they agree to. The consent is recorded as "
    "given orally, with your name."
)


class PersonOnBehalfForm(OnBehalfForm):
    """Who the person is and how to reach them. E-mail and phone are optional when a note says
    how to reach them; then the person gets no messages from us but can still be helped."""

    consent_purposes = list(Consent.Purpose.choices)
    person_required = True

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    phone = PhoneFormField(attrs={"autocomplete": "off"})
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Optional. Without e-mail the person gets no messages from us."),
    )
    contact_note = forms.CharField(
        label=_("How to reach them"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Needed when there is no e-mail or phone, e.g. 'call the contact person at the "
            "ward, 65 41 00 00, weekdays 8-15'. No health details here."
        ),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=SPOKEN_LANGUAGES)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=gender_choices(), required=False, initial=""
    )
    consents = forms.MultipleChoiceField(
        label=_("Consent given orally"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=CONSENT_HELP,
    )

    fieldsets = [
        (None, ["organisation", "source"], ""),
        (
            _("The person"),
            [
                "participant",
                "first_name",
                "last_name",
                "language",
                "birth_year",
                "gender",
                "municipality",
            ],
            "",
        ),
        (_("How to reach them"), ["phone", "email", "contact_note"], ""),
        (_("Consent"), ["consents", "support_consent"], ""),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["language"].initial = "da"
        self.fields["consents"].choices = self.consent_purposes
        self.fields["first_name"].required = self.person_required

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not (this_year - 110 <= year <= this_year - 12):
            raise forms.ValidationError(_("Write the year the person was born, e.g. 1990."))
        return year

    def uses_existing_participant(self) -> bool:
        return False

    def clean(self):
        data = super().clean()
        if self.uses_existing_participant():
            return data
        if not data.get("first_name", "").strip():
            self.add_error("first_name", _("Write the person's first name."))
        if not (data.get("email") or data.get("phone") or data.get("contact_note", "").strip()):
            self.add_error(
                "contact_note",
                _(
                    "Give a phone number or an e-mail address, or write how to reach the person "
                    "(who to call, where to find them)."
                ),
            )
        return data

    def details(self) -> ParticipantDetails:
        data = self.cleaned_data
        return ParticipantDetails(
            organisation=data["organisation"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            contact_note=data["contact_note"],
            birth_year=data["birth_year"],
            gender=data["gender"],
            municipality=data["municipality"],
            language=data["language"],
        )


def attached_message(participant) -> str:
    return gettext(
        "%(name)s was already registered with this e-mail address or phone number, so the "
        "existing participant was used (missing contact details and consents were added)."
    ) % {"name": participant}


class ParticipantOnBehalfAdminMixin(OnBehalfAddMixin):
    """The participant admin's add page: a person who phoned or was referred."""

    onbehalf_title = _("Add a participant on their behalf")
    onbehalf_intro = _(
        "For a person who phoned or was referred. To add a request for a peer guide at the same "
        "time, use 'Add a person who phoned' under support requests."
    )
    onbehalf_submit = _("Save participant")

    def get_onbehalf_form(self, request, data=None):
        return PersonOnBehalfForm(data, user=request.user)

    def save_onbehalf(self, request, form):
        registered = register_participant_on_behalf(
            details=form.details(),
            purposes=form.cleaned_data["consents"],
            source=form.cleaned_data["source"],
            actor=request.user,
        )
        participant = registered.participant
        if registered.attached:
            return participant, attached_message(participant)
        return participant, gettext("%(name)s was added.") % {"name": participant}
