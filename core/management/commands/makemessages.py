"""makemessages without fuzzy matching: a guessed translation from a similar string is worse
than none (it would be shown to people as if it were right)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
