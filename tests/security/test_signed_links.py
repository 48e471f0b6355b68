"""Every page behind a participant's signed link answers a bad link the same way: one page, in
Danish, 400 for a link that is tampered with, cut short or made for another page, 404 for a sound
link whose record is gone (participants.links.signed_link)."""

import pytest
from django.urls import reverse

from participants.links import make_token

# (url name, purpose, method): the purposes as the e-mails make them.
SIGNED_PAGES = [
    ("matching:confirm", "matching.confirm", "get"),
    ("matching:status", "matching.status", "get"),
    ("matching:feedback_fit_check", "matching.feedback.fit_check", "get"),
    ("matching:feedback_exit", "matching.feedback.exit", "get"),
    ("courses:confirm", "course-confirm", "get"),
    ("courses:manage", "course-enrollment", "get"),
    ("participants:who5", "who5", "get"),
    ("participants:who5_contact", "who5", "post"),
    ("privacy:my_data", "privacy", "get"),
    ("privacy:my_data_json", "privacy", "get"),
    ("privacy:withdraw", "privacy", "post"),
    ("privacy:erase", "privacy", "get"),
]

pytestmark = pytest.mark.django_db


def _open(client, name, token, method):
    return getattr(client, method)(reverse(name, args=[token]), HTTP_ACCEPT_LANGUAGE="da")


@pytest.mark.parametrize(("name", "purpose", "method"), SIGNED_PAGES)
def test_a_bad_link_gets_the_one_error_page_with_400(client, name, purpose, method):
    sound = make_token(pk=999_999, purpose=purpose)
    for token in (sound[:-3] + "abc", make_token(pk=999_999, purpose="some-other-page")):
        response = _open(client, name, token, method)
        assert response.status_code == 400, (name, token)
        assert [t.name for t in response.templates][0] == "link_error.html"
        assert "Linket virker ikke" in response.text


@pytest.mark.parametrize(("name", "purpose", "method"), SIGNED_PAGES)
def test_a_link_to_nothing_gets_the_same_page_with_404(client, name, purpose, method):
    response = _open(client, name, make_token(pk=999_999, purpose=purpose), method)
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "link_error.html"
    assert "Linket virker ikke" in response.text


def test_the_unsubscribe_link_uses_the_same_page(client):
    response = client.get(
        reverse("notifications:unsubscribe", args=["nonsense"]), HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 400
    assert [t.name for t in response.templates][0] == "link_error.html"
