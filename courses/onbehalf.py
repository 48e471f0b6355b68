"""Enrolling a person on their behalf from the admin: the enrollment's add page. The seat or the
waitlist is decided by the same locked rule as the public sign-up (`services.enroll_on_behalf`
calls `services.confirm_enrollment`)."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.choices import ON_BEHALF_SOURCES, EntrySource
from core.fields import ModelChoiceField
from core.onbehalf_admin import FieldsetsFormMixin, OnBehalfAddMixin
from core.scoping import scope_to_user
from courses import services
from courses.models import Cohort, Enrollment
from courses.selectors import waitlist_position
from participants.models import Participant


class CohortChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return gettext(
            "%(cohort)s · %(taken)s of %(capacity)s seats taken · %(waiting)s waiting"
        ) % {
            "cohort": obj,
            "taken": obj.seats_taken,
            "capacity": obj.capacity,
            "waiting": obj.waiting,
        }


class EnrollmentOnBehalfForm(FieldsetsFormMixin, forms.Form):
    class Media:
        js = ["core/admin-a11y.js"]

    participant = ModelChoiceField(
        label=_("Participant"),
        queryset=Participant.objects.none(),
        help_text=_(
            "Search by name, e-mail or phone. A new person is added first, under participants "
            "or with 'Add a person who phoned'."
        ),
    )
    cohort = CohortChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        help_text=_(
            "Open and running cohorts. When every seat is taken, the person joins the waitlist."
        ),
    )
    source = forms.ChoiceField(
        label=_("Came in by"), choices=ON_BEHALF_SOURCES, widget=forms.RadioSelect
    )
    course_consent = forms.BooleanField(
        label=_(
            "The person agreed (orally) to take part and to be contacted about the course. "
            "Your name is recorded with the consent."
        ),
        required=False,
    )

    fieldsets = [(None, ["participant", "cohort", "source", "course_consent"], "")]

    def __init__(self, *args, user, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        participant = self.fields["participant"]
        # The widget first: setting the queryset hands the widget its choices.
        participant.widget = AutocompleteSelect(
            Enrollment._meta.get_field("participant"), admin_site
        )
        participant.queryset = scope_to_user(
            Participant.objects.filter(anonymised_at__isnull=True), user
        )
        self.fields["cohort"].queryset = (
            scope_to_user(Cohort.objects.all(), user)
            .filter(status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING])
            .select_related("programme", "organisation")
            .annotate(
                seats_taken=Count(
                    "enrollments", filter=Q(enrollments__status=Enrollment.Status.ENROLLED)
                ),
                waiting=Count(
                    "enrollments", filter=Q(enrollments__status=Enrollment.Status.WAITLISTED)
                ),
            )
            .order_by("first_date", "pk")
        )
        self.fields["source"].initial = EntrySource.PHONE


class EnrollmentOnBehalfAdminMixin(OnBehalfAddMixin):
    onbehalf_title = _("Enroll a person in a cohort")
    onbehalf_intro = _(
        "For a person who phoned or was referred. They get a seat if one is free, otherwise a "
        "place on the waitlist, in the same order as people who sign up themselves. A person "
        "with an e-mail address gets the dates, or their place on the waitlist, by e-mail."
    )
    onbehalf_submit = _("Enroll")

    def get_onbehalf_form(self, request, data=None):
        initial = {}
        chosen = request.GET.get("participant", "")
        if data is None and chosen.isdigit() and len(chosen) < 16:
            initial["participant"] = chosen
        return EnrollmentOnBehalfForm(
            data, initial=initial, user=request.user, admin_site=self.admin_site
        )

    def save_onbehalf(self, request, form):
        data = form.cleaned_data
        enrollment = services.enroll_on_behalf(
            cohort=data["cohort"],
            participant=data["participant"],
            source=data["source"],
            actor=request.user,
            course_consent=data["course_consent"],
        )
        names = {"name": enrollment.participant, "cohort": enrollment.cohort}
        if enrollment.status == Enrollment.Status.WAITLISTED:
            names["position"] = waitlist_position(enrollment)
            message = gettext(
                "%(cohort)s is full: %(name)s is number %(position)s on the waitlist."
            )
        else:
            message = gettext("%(name)s has a seat on %(cohort)s.")
        return enrollment, message % names

    def onbehalf_success_url(self, request, obj) -> str:
        return reverse("admin:courses_cohort_change", args=[obj.cohort_id])
