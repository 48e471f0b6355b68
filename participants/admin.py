from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.utils.translation import gettext_lazy as _

from core import registry
from core.scoping import ORGANISATION_LIST_FILTER, OrganisationScopedAdminMixin
from participants.merge_admin import MergeAdminMixin, MergeRecordInline
from participants.models import Consent, Participant
from participants.onbehalf import ParticipantOnBehalfAdminMixin
from participants.services import change_contact, contacts_taken


class ParticipantAdminExtension:
    """How an app above participants adds to the participant's admin page without subclassing or
    re-registering it: subclass this and pass an instance to `extend_participant_admin` (from
    the app's admin.py; privacy/admin.py adds the export, the erasure and the audit trail).
    ParticipantAdmin asks its extensions on every request, so the order apps load in does not
    matter."""

    def get_urls(self, model_admin) -> list:
        """Extra admin URLs (named "participants_participant_<something>")."""
        return []

    def get_actions(self, model_admin, request) -> list:
        """Extra list actions this user may run: functions (modeladmin, request, queryset)
        with a `short_description` (use `@admin.action`)."""
        return []

    def object_tools(self, model_admin, request, obj) -> list[tuple[str, str]]:
        """Links (url, label) above the change form of `obj`, a participant the user may see.
        Called whenever the form is shown (a GET, or a POST with errors). The opening itself is
        recorded through `core.registry.data_opened`, not here."""
        return []


_extensions: list[ParticipantAdminExtension] = []


def extend_participant_admin(extension: ParticipantAdminExtension) -> None:
    if not any(type(e) is type(extension) for e in _extensions):
        _extensions.append(extension)


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["purpose", "text_version", "given_at", "given_orally", "recorded_by", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ParticipantAdminForm(forms.ModelForm):
    """The participant's change page: an e-mail address or phone number that another participant
    of the organisation has is refused at the field, with the way out (merge the two)."""

    class Meta:
        model = Participant
        fields = [
            "organisation",
            "first_name",
            "last_name",
            "language",
            "email",
            "phone",
            "preferred_channel",
            "contact_note",
            "birth_year",
            "municipality",
            "experience_areas",
            "interests",
        ]

    MESSAGES = {
        "email": _(
            "Another participant of this organisation has this e-mail address. If they are the "
            "same person, merge the two records ('Merge with another record')."
        ),
        "phone": _(
            "Another participant of this organisation has this phone number. If they are the "
            "same person, merge the two records ('Merge with another record')."
        ),
    }

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation") or getattr(self.instance, "organisation", None)
        if organisation:
            for name in contacts_taken(
                organisation=organisation,
                email=data.get("email") or "",
                phone=data.get("phone") or "",
                but=self.instance,
            ):
                self.add_error(name, self.MESSAGES[name])
        return data

    def validate_constraints(self):
        # The clean above names the field; the database's own message would repeat it on top.
        if not ({"email", "phone"} & set(self.errors)):
            super().validate_constraints()


@admin.register(Participant)
class ParticipantAdmin(
    MergeAdminMixin,
    ParticipantOnBehalfAdminMixin,
    OrganisationScopedAdminMixin,
    admin.ModelAdmin,
):
    change_form_template = "admin/participants/participant/change_form.html"
    list_display = ["__str__", "organisation", "municipality", "birth_year", "created_at"]
    list_filter = [
        ORGANISATION_LIST_FILTER,
        "source",
        ("municipality__region", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["first_name", "last_name", "email", "phone"]
    list_select_related = ["organisation", "municipality"]
    show_full_result_count = False  # one COUNT per page, not two (issue 15)
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["experience_areas", "interests"]
    readonly_fields = ["source", "created_at", "anonymised_at"]
    inlines = [ConsentInline, MergeRecordInline]
    form = ParticipantAdminForm
    fieldsets = [
        (None, {"fields": ["organisation", "first_name", "last_name", "language"]}),
        (_("Contact"), {"fields": ["email", "phone", "preferred_channel", "contact_note"]}),
        (
            _("For matching"),
            {"fields": ["birth_year", "gender", "municipality", "experience_areas", "interests"]},
        ),
        (_("Record"), {"fields": ["source", "created_at", "anonymised_at"]}),
    ]

    # --- extension points (ParticipantAdminExtension) ------------------------------------------

    def get_urls(self):
        extra = [url for extension in _extensions for url in extension.get_urls(self)]
        return extra + super().get_urls()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if IS_POPUP_VAR in request.GET:  # Django shows no actions in popups
            return actions
        for extension in _extensions:
            for func in extension.get_actions(self, request):
                name = func.__name__
                actions[name] = (func, name, func.short_description)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The change page shows the participant's data (a GET opens it; a POST with errors shows
        # it again): record the opening through the registry's hook, and ask the extensions for
        # their links, with the row Django's change view loaded (once).
        if obj is not None:
            if request.method == "GET":
                registry.data_opened(
                    participant=obj,
                    actor=request.user,
                    where=registry.Access.ADMIN,
                    path=request.path,
                )
            context["extension_tools"] = [
                tool
                for extension in _extensions
                for tool in extension.object_tools(self, request, obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if change and {"email", "phone"} & set(form.changed_data):
            # The form refused a taken address already (the same rule); this keeps the old ones.
            change_contact(
                participant=obj,
                email=obj.email,
                phone=obj.phone,
                taken_messages=ParticipantAdminForm.MESSAGES,
            )
        super().save_model(request, obj, form, change)
