"""Add a person who phoned: the support request's add page in the admin. A coordinator on the
phone fills in one page: the person (or an existing participant), their wishes, how they came in
and the consents they gave orally; one service saves the participant and the request together."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.choices import SPOKEN_LANGUAGES, GenderWish
from core.fields import ModelChoiceField
from core.models import ExperienceArea, Interest
from core.onbehalf_admin import OnBehalfAddMixin
from core.scoping import scope_to_user
from core.widgets import ADMIN_CSS, AvailabilityField
from matching import services
from matching.forms import WISH_FIELDS, wishes_from
from matching.models import SupportRequest
from participants.models import Consent, Participant
from participants.onbehalf import PersonOnBehalfForm, attached_message
from volunteers.forms import TermChoiceField


class RequestOnBehalfForm(PersonOnBehalfForm):
    class Media:
        js = ["core/admin-a11y.js"]
        css = ADMIN_CSS  # the availability grid

    consent_purposes = [
        (value, label)
        for value, label in Consent.Purpose.choices
        if value not in (Consent.Purpose.COURSE, Consent.Purpose.ACTIVITY)
    ]
    person_required = False

    participant = ModelChoiceField(
        label=_("Already a participant?"),
        queryset=Participant.objects.none(),
        required=False,
        help_text=_(
            "Search by name, e-mail or phone. Leave empty for a new person and fill in the "
            "fields below."
        ),
    )
    help_wanted = forms.CharField(
        label=_("What would they like help with?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("In their own words, briefly. No diagnoses."),
    )
    experience_areas = TermChoiceField(
        label=_("Experiences the guide should share"),
        queryset=ExperienceArea.objects.filter(is_active=True),
        required=False,
        help_text=_("Health data: stored only with consent to store lived experience."),
    )
    interests = TermChoiceField(
        label=_("Interests"), queryset=Interest.objects.filter(is_active=True), required=False
    )
    availability = AvailabilityField(label=_("When can they usually meet?"))
    meets_in_person = forms.BooleanField(label=_("Meet in person"), required=False, initial=True)
    meets_online = forms.BooleanField(label=_("Meet online or by phone"), required=False)
    gender_wish = forms.ChoiceField(
        label=_("Wish about the guide's gender"), choices=GenderWish.choices, required=False
    )
    guide_language = forms.ChoiceField(
        label=_("Language to speak with the guide"), choices=SPOKEN_LANGUAGES, initial="da"
    )

    fieldsets = [
        *PersonOnBehalfForm.fieldsets[:3],
        (
            _("What they wish for"),
            ["help_wanted", *WISH_FIELDS],
            "",
        ),
        PersonOnBehalfForm.fieldsets[3],
    ]

    def __init__(self, *args, user, admin_site, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["participant"]
        # The widget first: setting the queryset hands the widget its choices.
        field.widget = AutocompleteSelect(SupportRequest._meta.get_field("participant"), admin_site)
        field.queryset = scope_to_user(Participant.objects.filter(anonymised_at__isnull=True), user)
        self.fields["consents"].initial = [Consent.Purpose.SUPPORT]

    def uses_existing_participant(self) -> bool:
        return bool(self.cleaned_data.get("participant"))

    def clean(self):
        data = super().clean()
        participant = data.get("participant")
        organisation = data.get("organisation")
        if participant and organisation and participant.organisation_id != organisation.pk:
            self.add_error("participant", _("This participant belongs to another organisation."))
        return data

    def wishes(self) -> services.Wishes:
        return wishes_from(self.cleaned_data)


def enroll_link(participant) -> str:
    url = reverse("admin:courses_enrollment_add") + f"?participant={participant.pk}"
    return format_html(' <a href="{}">{}</a>', url, gettext("Enroll them in a course"))


class RequestOnBehalfAdminMixin(OnBehalfAddMixin):
    """The support request's add page: "Add a person who phoned"."""

    onbehalf_title = _("Add a person who phoned or was referred")
    onbehalf_intro = _(
        "One page for the person and their request for a peer guide. The request joins the "
        "waiting list at once; a person with an e-mail address gets a receipt with a link to "
        "follow it. Without e-mail or phone they get no messages, but can still be matched."
    )
    onbehalf_submit = _("Save person and request")

    def get_onbehalf_form(self, request, data=None):
        return RequestOnBehalfForm(data, user=request.user, admin_site=self.admin_site)

    def save_onbehalf(self, request, form):
        data = form.cleaned_data
        if data.get("participant"):
            support_request = services.create_request_on_behalf(
                participant=data["participant"],
                wishes=form.wishes(),
                source=data["source"],
                actor=request.user,
                support_consent=Consent.Purpose.SUPPORT in data["consents"],
            )
            attached = False
        else:
            done = services.register_and_request_on_behalf(
                details=form.details(),
                wishes=form.wishes(),
                purposes=data["consents"],
                source=data["source"],
                actor=request.user,
            )
            support_request, attached = done.request, done.attached
        participant = support_request.participant
        message = gettext("The request for %(name)s was saved and is waiting for a peer guide.") % {
            "name": participant
        }
        if attached:
            message = attached_message(participant) + " " + message
        return support_request, format_html("{}{}", message, enroll_link(participant))
