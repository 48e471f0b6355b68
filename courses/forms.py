"""Forms of the courses app: the public sign-up, attendance marks, admin helpers."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.fields import checked_formfield
from core.forms import HoneypotMixin, PlainErrorsMixin
from core.onbehalf_admin import add_service_error
from courses import services
from courses.models import Attendance, Cohort, CohortSession, Enrollment
from participants.forms import ParticipantFieldsMixin


class SignUpForm(PlainErrorsMixin, HoneypotMixin, ParticipantFieldsMixin, forms.Form):
    """Sign up for a cohort: who you are, how we reach you, and your consent."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the organisation stores my name and contact details to hold my place "
            "on the course and contact me about it."
        ),
        error_messages={"required": _("We need your consent to sign you up.")},
    )
    evaluation = forms.BooleanField(
        label=_(
            "I agree that my answers may be used, without my name, to evaluate the course "
            "(optional)."
        ),
        required=False,
    )


class AttendanceForm(PlainErrorsMixin, forms.Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices)


def parse_dates(value: str) -> list[datetime.date]:
    """Dates written one per line or separated by commas, as 14.10.2026 or 2026-10-14."""
    dates = []
    for part in value.replace(",", "\n").split():
        part = part.strip()
        if not part:
            continue
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                dates.append(datetime.datetime.strptime(part, fmt).date())  # noqa: DTZ007
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                _("“%(value)s” is not a date. Write dates like 14.10.2026."),
                params={"value": part},
            )
    return sorted(set(dates))


class CohortAdminForm(forms.ModelForm):
    skip_dates_text = forms.CharField(
        label=_("Dates without a session"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Holidays and other dates to leave out, one per line, e.g. 14.10.2026. The sessions "
            "are made when the cohort is created: every week on the weekday, from the first date."
        ),
    )

    class Meta:
        model = Cohort
        formfield_callback = checked_formfield
        fields = [
            "programme",
            "organisation",
            "title",
            "title_en",
            "description",
            "description_en",
            "facilitators",
            "is_online",
            "venue",
            "address",
            "municipality",
            "online_details",
            "language",
            "capacity",
            "completion_min_sessions",
            "signup_opens",
            "signup_closes",
            "first_date",
            "weekday",
            "start_time",
            "session_minutes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["skip_dates_text"].initial = "\n".join(
                datetime.date.fromisoformat(d).strftime("%d.%m.%Y")
                for d in self.instance.skip_dates
            )

    def clean_skip_dates_text(self):
        return parse_dates(self.cleaned_data.get("skip_dates_text") or "")

    def _post_clean(self):
        # After the model's own checks (the instance now holds the new values), the service's:
        # its refusal shows at the field it concerns and nothing is saved (courses.admin).
        super()._post_clean()
        if "skip_dates_text" in self.cleaned_data:
            self.instance.skip_dates = [d.isoformat() for d in self.cleaned_data["skip_dates_text"]]
        if self.errors:
            return
        try:
            if self.instance.pk is None:
                services.check_new_cohort(cohort=self.instance)
            else:
                services.check_cohort_changes(cohort=self.instance, changes=self.cohort_changes())
        except ValidationError as error:
            add_service_error(self, error)

    def cohort_changes(self) -> dict:
        """The cohort's fields this form changed, with their new values (services.update_cohort);
        the facilitators go through services.set_facilitators."""
        names = {field.name for field in Cohort._meta.concrete_fields}
        return {name: getattr(self.instance, name) for name in self.changed_data if name in names}


class SessionAdminForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason (sent to participants and facilitators)"),
        required=False,
        max_length=300,
    )

    class Meta:
        model = CohortSession
        formfield_callback = checked_formfield
        fields = ["starts_at", "status"]

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            services.check_session_change(
                session=self.instance,
                starts_at=self.instance.starts_at,
                status=self.instance.status,
            )
        except ValidationError as error:
            add_service_error(self, error)


class EnrollmentAdminForm(forms.ModelForm):
    result = forms.ChoiceField(
        label=_("Change the result"),
        required=False,
        choices=[
            ("", _("Keep the result")),
            (Enrollment.Status.COMPLETED, _("Completed")),
            (Enrollment.Status.NOT_COMPLETED, _("Did not complete")),
        ],
        help_text=_("Only after the cohort has finished. Write the reason below."),
    )

    class Meta:
        model = Enrollment
        formfield_callback = checked_formfield
        fields = ["result_override_reason"]

    def clean(self):
        data = super().clean()
        if data.get("result"):
            try:
                services.check_override_result(
                    enrollment=self.instance, reason=data.get("result_override_reason") or ""
                )
            except ValidationError as error:
                add_service_error(self, error)
        return data


class CancelCohortForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to everyone on the cohort)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FinishCohortForm(forms.Form):
    """The confirmation on the page that lists each person's result before finishing."""

    confirm = forms.BooleanField(
        label=_("Yes, finish the cohort and set these results"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ReopenCohortForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the cohort reopened?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the cohort's history, e.g. “Attendance for session 6 was missing.”"),
    )


class AddSessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        help_text=_("Any date, a public holiday too. The session lasts as long as the others."),
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=150, required=False)

    window = datetime.timedelta(days=2 * 366)

    def clean_starts_at(self):
        from django.utils import timezone

        value = self.cleaned_data["starts_at"]
        if abs(value - timezone.now()) > self.window:
            raise forms.ValidationError(
                _("Check the date. It must be within two years from today.")
            )
        return value


class SessionAttendanceForm(PlainErrorsMixin, forms.Form):
    """One row per participant: present, absent or excused (empty: not marked)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not marked")), *Attendance.Status.choices]
        for enrollment, mark in rows:
            self.fields[f"e{enrollment.pk}"] = forms.ChoiceField(
                label=str(enrollment.participant),
                choices=choices,
                required=False,
                initial=mark,
                widget=forms.RadioSelect,
            )

    def marks(self):
        """(enrollment id, status) for every row given a mark."""
        return [(int(name[1:]), value) for name, value in self.cleaned_data.items() if value]
