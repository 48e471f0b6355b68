"""Django's authentication forms with labels and autocomplete hints suited to this site."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class StyledAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or password is not right. Check both and try again."
        ),
        "inactive": _("This account is not active. Contact your coordinator."),
    }


class StyledPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through the outbox like every other e-mail, in the user's own language."""
        from notifications.services import queue_email

        user = context["user"]
        queue_email(
            kind="core.password_reset",
            to=to_email,
            template="registration/email/password_reset",
            context={
                "first_name": user.first_name,
                "link": f"{context['protocol']}://{context['domain']}"
                + reverse("password_reset_confirm", args=[context["uid"], context["token"]]),
            },
            language=user.language,
            about=user,
            slot=context["token"],
        )


class HoneypotMixin(forms.Form):
    """A field people never see (hidden with CSS) and spam robots fill in.

    Written by hand rather than with django-honeypot: that package answers a filled trap with an
    error page, while a public form here should look successful to the robot and store nothing.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


# --- Errors in the site's own voice -------------------------------------------------------------

# What a person reads when a field is left out or filled in wrongly on a participant's or a
# guide's page: said as what to do, in plain words, instead of Django's stock phrases ("Dette felt
# er påkrævet."). By field name first, then by kind of field. A message a form gives a field
# itself (error_messages=...) is kept.
PLAIN_BY_NAME = {
    "email": {
        "required": _("Write your e-mail address, so we can send you a link."),
        "invalid": _("Write the whole e-mail address, e.g. name@example.dk."),
    },
    "first_name": {"required": _("Write your first name, so we know what to call you.")},
    "phone": {"invalid": _("Write the phone number with digits, e.g. 12 34 56 78.")},
    "municipality": {"required": _("Choose the municipality you live in.")},
    "organisation": {"required": _("Choose where you would like help.")},
    "birth_year": {"invalid": _("Write the year you were born, e.g. 1990.")},
}
PLAIN_BY_CODE = {
    "required": _("Please fill this in."),
    "invalid_choice": _("Choose one of the options."),
    "invalid_pk_value": _("Choose one of the options."),
    "invalid_list": _("Choose from the options."),
    "invalid_date": _("Write a date, e.g. 24.12.2026."),
    "invalid_time": _("Write a time, e.g. 17.30."),
    "max_length": _("Please keep it shorter: at most %(limit_value)d characters."),
    "min_value": _("The number must be at least %(limit_value)s."),
    "max_value": _("The number can be at most %(limit_value)s."),
}
PLAIN_BY_FIELD = {
    forms.EmailField: {"invalid": _("Write the whole e-mail address, e.g. name@example.dk.")},
    forms.IntegerField: {"invalid": _("Write a whole number with digits.")},
    forms.DateTimeField: {"invalid": _("Write a date and a time, e.g. 24.12.2026 17.30.")},
    forms.DateField: {"invalid": _("Write a date, e.g. 24.12.2026.")},
    forms.TimeField: {"invalid": _("Write a time, e.g. 17.30.")},
}


def _stock_messages(field) -> dict:
    messages = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages


class PlainErrorsMixin:
    """Give every field of the form the site's plain error messages (see PLAIN_BY_NAME)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            stock = _stock_messages(field)
            plain = dict(PLAIN_BY_CODE)
            for field_class, messages in PLAIN_BY_FIELD.items():
                if isinstance(field, field_class):
                    plain.update(messages)
            plain.update(PLAIN_BY_NAME.get(name, {}))
            for code, message in plain.items():
                current = field.error_messages.get(code)
                if current is None or current == stock.get(code):
                    field.error_messages[code] = message
