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
