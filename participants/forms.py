"""Form pieces shared by the public sign-up pages (a peer guide, a course)."""

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.choices import gender_choices
from core.fields import ModelChoiceField, PhoneFormField
from core.forms import PlainErrorsMixin
from core.models import Municipality
from notifications.models import PreferredChannel, check_preferred_channel
from notifications.services import Contact
from participants import who5
from participants.services import ParticipantDetails


class ParticipantFieldsMixin(forms.Form):
    """Who you are and how to reach you: few fields, phone-first, never a CPR number."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = PhoneFormField()
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send you a link here to confirm."),
    )
    preferred_channel = forms.ChoiceField(
        label=_("How would you like reminders? (optional)"),
        choices=[
            ("", _("No preference")),
            (PreferredChannel.EMAIL, _("By e-mail")),
            (PreferredChannel.SMS, _("By text message")),
            (PreferredChannel.BOTH, _("Both")),
        ],
        required=False,
        initial="",
        widget=forms.RadioSelect,
        help_text=_(
            "A text message never mentions your health or a course. "
            "With no preference we write by e-mail."
        ),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth (optional)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=gender_choices(),
        required=False,
        initial="",
        help_text=_("Counted without your name, to show who the programme reaches."),
    )
    municipality = ModelChoiceField(
        label=_("Which municipality do you live in?"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Choose a municipality"),
    )

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is None:
            return None
        this_year = timezone.localdate().year
        if not (this_year - 110 <= year <= this_year - 12):
            raise forms.ValidationError(_("Write the year you were born, e.g. 1990."))
        return year

    def clean(self):
        data = super().clean()
        if not {"email", "phone", "preferred_channel"} & set(self.errors):
            try:
                check_preferred_channel(
                    preferred=data.get("preferred_channel", ""),
                    email=data.get("email", ""),
                    phone=data.get("phone", ""),
                )
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data

    def sent_by(self) -> str:
        """How the confirmation goes out, for the "check your messages" page's `?by=`: the
        channel(s) chosen, as `notifications.services.Contact` picks them."""
        data = self.cleaned_data
        channels = Contact(
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            preferred=data.get("preferred_channel", ""),
        ).addresses()
        return "both" if len(channels) > 1 else channels[0][0] if channels else "email"

    def participant_details(self, *, organisation, **more) -> ParticipantDetails:
        """The person as the services take them, in the language the page was read in."""
        data = self.cleaned_data
        return ParticipantDetails(
            organisation=organisation,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            birth_year=data["birth_year"],
            gender=data.get("gender", ""),
            municipality=data["municipality"],
            language=(get_language() or "da")[:2],
            preferred_channel=data.get("preferred_channel", ""),
            **more,
        )


class WHO5Form(PlainErrorsMixin, forms.Form):
    """The WHO-5 Well-Being Index: five statements about the last two weeks, answers 0-5, in
    the official wording (participants/who5.py); the time frame is the heading, `heading`."""

    heading = who5.heading()

    def __init__(self, *args, ask_evaluation: bool = True, **kwargs):
        from participants.models import WHO5_ANSWERS, WHO5_ITEMS

        super().__init__(*args, **kwargs)
        for name, label in WHO5_ITEMS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=WHO5_ANSWERS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose the answer that fits best.")},
            )
        if ask_evaluation:
            self.fields["evaluation"] = forms.BooleanField(
                label=_(
                    "I agree that my answers may be used, without my name, to evaluate the "
                    "programme (optional)."
                ),
                required=False,
            )

    @property
    def answers(self) -> dict[str, int]:
        from participants.models import WHO5_ITEMS

        return {name: self.cleaned_data[name] for name, _label in WHO5_ITEMS}
