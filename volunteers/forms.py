from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import SPOKEN_LANGUAGES, availability_choices
from core.fields import ModelMultipleChoiceField, PhoneFormField, checked_formfield
from core.forms import HoneypotMixin, PlainErrorsMixin
from core.models import ExperienceArea, Interest
from core.where import ServingOrganisationMixin
from volunteers.models import PeerGuide, WellbeingCheckIn


class TermChoiceField(ModelMultipleChoiceField):
    """Taxonomy terms as checkboxes, labelled in the reader's language."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


class AvailabilityField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("When are you usually free?"))
        kwargs.setdefault("required", False)
        super().__init__(choices=availability_choices, **kwargs)


class ApplicationForm(PlainErrorsMixin, HoneypotMixin, ServingOrganisationMixin, forms.Form):
    """The public "Bliv peerguide" form, step 2: plain words, few required fields. The
    municipality is chosen first (core.where); the organisations serving it are offered."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a confirmation here."),
    )
    phone = PhoneFormField()
    experience_areas = TermChoiceField(
        label=_("What do you have lived experience with?"),
        queryset=ExperienceArea.objects.filter(is_active=True),
        required=False,
        help_text=_("Choose as many as you like. You can also tell us at the interview."),
    )
    interests = TermChoiceField(
        label=_("What do you like to do?"),
        queryset=Interest.objects.filter(is_active=True),
        required=False,
    )
    availability = AvailabilityField()
    motivation = forms.CharField(
        label=_("Why would you like to be a peer guide?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines are enough."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisation stores my application, including what I write about "
            "my lived experience, while it is being handled."
        ),
        error_messages={"required": _("We can only receive your application if you agree.")},
    )

    field_order = ["organisation", "first_name", "last_name", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].label = _("Where would you like to be a peer guide?")


class ProfileForm(PlainErrorsMixin, forms.ModelForm):
    """What a guide edits on their own profile page."""

    interests = TermChoiceField(
        label=_("Interests"), queryset=Interest.objects.filter(is_active=True), required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = AvailabilityField()

    class Meta:
        model = PeerGuide
        formfield_callback = checked_formfield
        fields = [
            "presentation",
            "interests",
            "languages",
            "meets_in_person",
            "meets_online",
            "availability",
            "capacity",
            "phone",
            "preferred_channel",
        ]
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 4}),
            "preferred_channel": forms.RadioSelect,
        }
        help_texts = {
            "capacity": _("How many people can you support at the same time? 0 means none now."),
            "preferred_channel": _(
                "Reminders of meetings and sessions. A text message gives only a first name and a "
                "time, never the course."
            ),
        }
        labels = {"preferred_channel": _("How would you like reminders?")}


class PauseForm(PlainErrorsMixin, forms.Form):
    until = forms.DateField(
        label=_("When do you expect to be back?"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Anything your coordinator should know? (optional)"),
        max_length=300,
        required=False,
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return until


class CheckInForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = WellbeingCheckIn
        formfield_callback = checked_formfield
        fields = ["answer", "wants_contact", "comment"]
        labels = {
            "answer": _("How are you doing with being a peer guide right now?"),
            "wants_contact": _("I would like my coordinator to get in touch"),
            "comment": _("Anything you want to add? (optional)"),
        }
        widgets = {"answer": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answer = self.fields["answer"]
        # Five answers and nothing chosen: no "---------" radio. The check-in as a whole is
        # optional, so its question carries no "required" star; a sent check-in needs an answer.
        answer.choices = WellbeingCheckIn.Answer.choices
        answer.required = False

    def clean_answer(self):
        answer = self.cleaned_data.get("answer")
        if answer in (None, ""):
            raise forms.ValidationError(
                _("Choose the answer that fits best, or leave the check-in for another day."),
                code="required",
            )
        return answer
