"""The reporting workbook from the admin's event list (reports.admin)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from reports.admin import download_reporting_workbook
from tests import factories

pytestmark = pytest.mark.django_db

LABEL = "Download the reporting workbook of the selected events"


@pytest.fixture
def coordinator_client(client):
    user = get_user_model().objects.create_superuser("coordinator", password="x", preferred_language="ky")
    client.force_login(user)
    return client


def test_reports_admin_action_label_is_translated_on_the_kyrgyz_event_list(coordinator_client):
    factories.EventFactory()  # the actions show above a list with rows
    with translation.override("ky"):
        kyrgyz = translation.gettext(LABEL)
    assert kyrgyz != LABEL  # the catalogue has it

    response = coordinator_client.get(reverse("admin:dialogues_event_changelist"), HTTP_ACCEPT_LANGUAGE="ky")

    choices = dict(response.context["action_form"].fields["action"].choices)
    assert choices["download_reporting_workbook"] == kyrgyz
    assert kyrgyz in response.content.decode()


def test_reports_admin_action_carries_its_description():
    # The decorator sits on the action itself (it once decorated the next class).
    with translation.override("en"):
        assert str(download_reporting_workbook.short_description) == LABEL
