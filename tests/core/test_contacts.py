"""One reading of an address everywhere: the same person's address compares equal however typed."""

import pytest

from core.contacts import contact_digest, normalise_contact, normalise_email, normalise_phone


def test_email_is_case_folded_and_stripped():
    assert normalise_email("  Mette.Hansen@Mail.DK ") == "mette.hansen@mail.dk"


@pytest.mark.parametrize(
    "typed", ["12 34 56 78", "+45 12345678", "0045 12 34 56 78", "(+45) 12-34-56-78", "12345678"]
)
def test_danish_numbers_are_stored_in_e164(typed):
    assert normalise_phone(typed) == "+4512345678"


def test_foreign_number_keeps_its_country():
    assert normalise_phone("+46 70 123 45 67") == "+46701234567"


def test_unparseable_phone_is_left_as_typed():
    assert normalise_phone(" ring til bostedet ") == "ring til bostedet"


def test_digest_is_the_same_for_every_spelling_and_differs_between_addresses(settings):
    settings.CONTACT_DIGEST_KEY = "k1"
    assert contact_digest("Mette@Mail.dk") == contact_digest(" mette@mail.dk")
    assert contact_digest("12 34 56 78") == contact_digest("+4512345678")
    assert contact_digest("mette@mail.dk") != contact_digest("mette@mail.com")
    assert contact_digest("") == ""
    assert normalise_contact("12 34 56 78") == "+4512345678"


def test_digest_depends_on_the_key(settings):
    settings.CONTACT_DIGEST_KEY = "k1"
    first = contact_digest("mette@mail.dk")
    settings.CONTACT_DIGEST_KEY = "k2"
    assert contact_digest("mette@mail.dk") != first
    assert "mette" not in first
