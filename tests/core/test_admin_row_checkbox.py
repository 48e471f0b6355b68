"""The change lists' row checkbox is written without a widget template per row (issue 15); it must
stay exactly the checkbox Django renders, so that actions and "select all" keep working."""

import pytest
from django.contrib.admin import ModelAdmin, site

from matching.models import SupportRequest
from tests.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db


def test_row_checkbox_is_djangos_own(org1):
    request = SupportRequestFactory(participant__organisation=org1, participant__first_name="<Bo>")
    model_admin = site._registry[SupportRequest]
    html = model_admin.action_checkbox(request)
    assert html == ModelAdmin.action_checkbox(model_admin, request)
    assert f'name="_selected_action" value="{request.pk}"' in html
    assert "&lt;Bo&gt;" in html
