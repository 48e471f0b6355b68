"""Adding a guide applicant on their behalf from the admin: someone who phoned, or was referred,
and wants to become a peer guide. Their e-mail address becomes their login."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import PhoneFormField
from core.onbehalf_admin import OnBehalfAddMixin, OnBehalfForm
from volunteers import services


class ApplicantOnBehalfForm(OnBehalfForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Becomes the guide's login; they get a receipt here."),
    )
    phone = PhoneFormField(attrs={"autocomplete": "off"})
    motivation = forms.CharField(
        label=_("Why they would like to be a peer guide"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
    consent = forms.BooleanField(
        label=_(
            "The person agreed (orally) that we store their application. Your name is recorded "
            "with the consent."
        ),
        required=False,
    )

    fieldsets = [
        (None, ["organisation", "source"], ""),
        (
            _("The applicant"),
            ["first_name", "last_name", "email", "phone", "municipality", "motivation"],
            "",
        ),
        (_("Consent"), ["consent"], ""),
    ]

    def application(self) -> services.Application:
        return services.Application.from_form(self.cleaned_data)


class ApplicantOnBehalfAdminMixin(OnBehalfAddMixin):
    onbehalf_title = _("Add a guide applicant on their behalf")
    onbehalf_intro = _(
        "For someone who phoned or was referred and would like to become a peer guide. They "
        "start as an applicant; the interview, training and checklist follow as for everyone."
    )
    onbehalf_submit = _("Save applicant")

    def get_onbehalf_form(self, request, data=None):
        return ApplicantOnBehalfForm(data, user=request.user)

    def save_onbehalf(self, request, form):
        guide = services.register_applicant_on_behalf(
            application=form.application(),
            source=form.cleaned_data["source"],
            actor=request.user,
            consent_given_orally=form.cleaned_data["consent"],
        )
        return guide, gettext("%(name)s was added as an applicant.") % {"name": guide.name}
