"""Test doubles for delivery."""

import os
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


class AppendToFileEmailBackend(BaseEmailBackend):
    """Appends one line per delivered message (its recipient) to settings.DELIVERY_LOG.

    For a worker in another process: each line is one small `O_APPEND` write, so lines from two
    processes never interleave, and a line exists as soon as the backend has "accepted" it.
    """

    def send_messages(self, email_messages):
        from django.conf import settings

        fd = os.open(settings.DELIVERY_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            for message in email_messages:
                os.write(fd, (",".join(message.to) + "\n").encode())
        finally:
            os.close(fd)
        return len(email_messages)
