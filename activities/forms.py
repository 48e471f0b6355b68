"""Forms of the activities app: "Jeg kommer", a guide's proposal, a host cancelling a date."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.fields import ModelMultipleChoiceField, PhoneFormField, checked_formfield
from core.forms import HoneypotMixin, PlainErrorsMixin
from core.models import Interest, Municipality
from volunteers.models import PeerGuide


class ReachForm(PlainErrorsMixin, HoneypotMixin, forms.Form):
    """A first name and an e-mail address or a mobile number: how we reach a person who uses a
    public form of the calendar."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        required=False,
        help_text=_("We send you a link to confirm. No e-mail? Write your mobile number instead."),
    )
    phone = PhoneFormField(label=_("Mobile number"), required=False, attrs={"autocomplete": "tel"})

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and not self.errors:
            self.add_error("email", _("Write your e-mail address or your mobile number."))
        return data


class ComingForm(ReachForm):
    """ "Jeg kommer": a first name, an e-mail address or a mobile number, and consent."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the organisation keeps my first name and contact details so the hosts "
            "know I am coming and can tell me if the date is cancelled."
        ),
        error_messages={"required": _("We need your consent to note that you are coming.")},
    )


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateInput(forms.DateInput):
    input_type = "date"


class ProposeForm(PlainErrorsMixin, forms.ModelForm):
    """A guide proposes an activity from the dashboard: a few fields, phone-sized."""

    interests = ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Interest.objects.filter(is_active=True).order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    co_hosts = ModelMultipleChoiceField(
        label=_("Other hosts"),
        queryset=PeerGuide.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Peer guides who host it with you."),
    )

    class Meta:
        model = Activity
        formfield_callback = checked_formfield
        fields = [
            "title",
            "description",
            "interests",
            "is_online",
            "place",
            "municipality",
            "repeat",
            "first_date",
            "start_time",
            "end_time",
            "until",
            "capacity",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "first_date": DateInput(format="%Y-%m-%d"),
            "until": DateInput(format="%Y-%m-%d"),
            "start_time": TimeInput(format="%H:%M"),
            "end_time": TimeInput(format="%H:%M"),
        }

    def __init__(self, *args, guide: PeerGuide, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["co_hosts"].queryset = (
            PeerGuide.objects.filter(
                organisation=guide.organisation, status=PeerGuide.Status.ACTIVE
            )
            .exclude(pk=guide.pk)
            .select_related("user")
            .order_by("user__first_name", "pk")
        )
        self.fields["co_hosts"].label_from_instance = lambda g: g.user.get_full_name() or str(g)
        if guide.municipality_id and not self.is_bound:
            self.initial.setdefault("municipality", guide.municipality_id)


class CancelForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        help_text=_("A short, plain reason. Everyone who said they would come gets it."),
        error_messages={"required": _("Write a short reason. We send it to those coming.")},
    )


class AttendanceForm(PlainErrorsMixin, forms.Form):
    count = forms.IntegerField(
        label=_("How many came, in all?"),
        min_value=0,
        max_value=999,
        help_text=_("Count everyone, also those who just dropped in. Not the hosts."),
    )
    came = forms.MultipleChoiceField(
        label=_("Who of those who said they would come came?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["came"].choices = [(str(r.pk), r.participant.first_name) for r in answers]


class EditForm(ProposeForm):
    """A host changes their activity: the proposal's fields, without the co-hosts (a
    coordinator changes who hosts)."""

    def __init__(self, *args, guide: PeerGuide, **kwargs):
        super().__init__(*args, guide=guide, **kwargs)
        del self.fields["co_hosts"]
        if self.instance.pk and not self.is_bound:
            self.initial["interests"] = list(self.instance.interests.all())


class FollowForm(ReachForm):
    """ "Tell me about new activities": an interest, a municipality, how to reach the person,
    and consent."""

    interest = forms.ModelChoiceField(
        label=_("Interest"),
        queryset=Interest.objects.filter(is_active=True).order_by("position", "name"),
        empty_label=_("Choose an interest"),
        error_messages={"required": _("Choose an interest.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Choose a municipality"),
        error_messages={"required": _("Choose a municipality.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisation keeps my first name, contact details and what I "
            "follow, to write to me when there is a new activity. At most once a week; I can stop "
            "it from every message."
        ),
        error_messages={"required": _("We need your consent to write to you.")},
    )

    field_order = ["interest", "municipality", "first_name", "email", "phone", "consent"]
