"""Test doubles for delivery."""

import smtplib
import time

from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    """Every message is refused, as by an SMTP server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("the mail server said no")


class FailingOpenEmailBackend(BaseEmailBackend):
    """The connection cannot even be opened."""

    def open(self):
        raise ConnectionRefusedError("connection refused")

    def send_messages(self, email_messages):
        raise AssertionError("must not be called when open() failed")


class SlowEmailBackend(locmem.EmailBackend):
    """Like locmem, but each message takes a moment, as over a real network."""

    def send_messages(self, messages):
        time.sleep(0.005 * len(messages))
        return super().send_messages(messages)
