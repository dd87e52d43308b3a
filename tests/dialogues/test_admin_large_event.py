"""An event as large as real reports get still saves from its admin page."""

import pytest
from django.urls import reverse

from proposals.models import Proposal
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def test_admin_event_with_100_proposals_and_30_speakers_saves(superuser_client):
    event = factories.EventFactory()
    for _ in range(30):
        factories.ParticipationFactory(event=event)
    for number in range(1, 101):
        factories.ProposalFactory(event=event, number=number, text_en=f"Proposal {number}")
    url = reverse("admin:dialogues_event_change", args=[event.pk])
    data = admin_form_data(superuser_client.get(url))
    assert len(data) > 1000  # past Django's default DATA_UPLOAD_MAX_NUMBER_FIELDS
    row = next(key for key, value in data.items() if value == "Proposal 7")
    data[row] = "Proposal 7, corrected"

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.content[:500]
    assert Proposal.objects.get(event=event, number=7).text_en == "Proposal 7, corrected"
