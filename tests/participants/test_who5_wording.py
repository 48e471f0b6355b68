"""The WHO-5 word for word: every item, the heading and every answer label on the page match the
official Danish and English texts (kept as a fixture), and the score refuses what is not an
answer."""

import html
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.links import make_token
from participants.models import WellBeingMeasurement
from participants.services import WHO5_LINK_PURPOSE
from tests.factories import ParticipantFactory

OFFICIAL = json.loads(
    (Path(__file__).parent / "fixtures" / "who5_official.json").read_text(encoding="utf-8")
)
ALL_FIVE = {f"item{i}": 3 for i in range(1, 6)}


@pytest.fixture
def page(client, org1):
    measurement = WellBeingMeasurement.objects.create(
        participant=ParticipantFactory(organisation=org1),
        organisation=org1,
        source="match",
        source_id=1,
        timepoint="start",
        due_at=timezone.now(),
        invited_at=timezone.now(),
    )
    token = make_token(pk=measurement.pk, purpose=WHO5_LINK_PURPOSE)

    def get(language):
        response = client.get(
            reverse("participants:who5", args=[token]), headers={"accept-language": language}
        )
        assert response.status_code == 200
        return response

    return get


def _texts(body: str, pattern: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(pattern, body, re.S)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_item_and_answer_label_is_the_official_text(page, language):
    official = OFFICIAL[language]
    response = page(language)
    form = response.context["form"]
    assert str(form.heading) == official["heading"]
    for i in range(5):
        field = form.fields[f"item{i + 1}"]
        assert str(field.label) == official["items"][i]
        assert [(value, str(label)) for value, label in field.choices] == [
            (int(value), text) for value, text in official["answers"].items()
        ]
    body = response.text
    # What the person reads: the heading once, then each item without a repeated time frame,
    # each with the six answers in the official order.
    assert official["heading"] in _texts(body, r"<h2[^>]*>(.*?)</h2>")
    legends = [t.rstrip("*").strip() for t in _texts(body, r"<legend[^>]*>(.*?)</legend>")]
    assert legends[:5] == official["items"]
    assert body.count(official["heading"].rstrip(" …")) == 1
    for i in range(1, 6):
        labels = _texts(body, rf'<label for="id_item{i}_\d"[^>]*>(.*?)</label>')
        assert labels == list(official["answers"].values())


def test_danish_item_5_is_the_official_wording():
    assert OFFICIAL["da"]["items"][4] == (
        "har min dagligdag været fyldt med ting der interesserer mig"
    )


def test_score_is_the_sum_of_five_whole_numbers():
    assert services.who5_raw_score(ALL_FIVE) == 15
    assert services.who5_raw_score({**ALL_FIVE, "item5": 0}) == 12


@pytest.mark.parametrize(
    "bad", [True, False, 6, -1, 2.0, "3", None], ids=lambda v: f"{type(v).__name__}-{v}"
)
def test_score_refuses_what_is_not_an_answer_and_names_the_item(bad):
    with pytest.raises(ValidationError) as caught:
        services.who5_raw_score({**ALL_FIVE, "item4": bad})
    assert list(caught.value.error_dict) == ["item4"]
    assert caught.value.error_dict["item4"][0].code == (
        "required" if bad is None else "out_of_range"
    )


def test_score_names_a_missing_item():
    answers = dict(ALL_FIVE)
    del answers["item2"]
    with pytest.raises(ValidationError) as caught:
        services.who5_raw_score(answers)
    assert list(caught.value.error_dict) == ["item2"]
    assert caught.value.error_dict["item2"][0].code == "required"
