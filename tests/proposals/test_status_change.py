"""One rule for a proposal's status date, whoever changes the status: page, inline, import."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal
from proposals.resources import ProposalResource
from proposals.services import proposal_status_change
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2021, 7, 8)


@pytest.fixture
def proposal():
    return factories.ProposalFactory(status=Proposal.Status.RECEIVED, status_changed_on=LONG_AGO)


def test_proposal_status_change_moves_the_date_to_today_in_bishkek(proposal):
    proposal.status = Proposal.Status.ACCEPTED
    assert proposal_status_change(proposal=proposal, previous_status="received", previous_date=LONG_AGO)
    assert proposal.status_changed_on == timezone.localdate()
    assert str(timezone.get_current_timezone()) == "Asia/Bishkek"


def test_proposal_status_change_keeps_a_date_given_with_the_change(proposal):
    proposal.status = Proposal.Status.ACCEPTED
    proposal.status_changed_on = datetime.date(2021, 9, 1)
    assert not proposal_status_change(proposal=proposal, previous_status="received", previous_date=LONG_AGO)
    assert proposal.status_changed_on == datetime.date(2021, 9, 1)


def test_proposal_status_change_same_status_or_new_proposal_changes_nothing(proposal):
    assert not proposal_status_change(proposal=proposal, previous_status="received", previous_date=LONG_AGO)
    proposal.status = Proposal.Status.ACCEPTED
    assert not proposal_status_change(proposal=proposal, previous_status=None, previous_date=None)
    assert proposal.status_changed_on == LONG_AGO


def test_proposal_status_change_on_the_proposal_page(superuser_client, proposal):
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    data = admin_form_data(superuser_client.get(url))
    data["status"] = Proposal.Status.ACCEPTED

    assert superuser_client.post(url, data).status_code == 302

    proposal.refresh_from_db()
    assert (proposal.status, proposal.status_changed_on) == ("accepted", timezone.localdate())


def test_proposal_status_change_in_the_event_inline(superuser_client, proposal):
    url = reverse("admin:dialogues_event_change", args=[proposal.event_id])
    data = admin_form_data(superuser_client.get(url))
    field = next(key for key, value in data.items() if key.endswith("-status") and value == "received")
    data[field] = Proposal.Status.REJECTED

    assert superuser_client.post(url, data).status_code == 302

    proposal.refresh_from_db()
    assert (proposal.status, proposal.status_changed_on) == ("rejected", timezone.localdate())


@pytest.mark.parametrize("fast", [True, False])
def test_proposal_status_change_by_import(proposal, fast):
    other = factories.ProposalFactory(event=proposal.event, status_changed_on=LONG_AGO)
    dataset = ProposalResource().export()
    headers = dataset.headers
    rows = [list(row) for row in dataset]
    for row in rows:
        row[headers.index("status")] = "accepted"
    # The second row says when it was accepted: that day is kept.
    rows[1][headers.index("status_changed_on")] = "2021-09-01"
    dataset = type(dataset)(*rows, headers=headers)
    resource = ProposalResource()
    resource.fast_import = fast

    result = resource.import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    proposal.refresh_from_db()
    other.refresh_from_db()
    assert (proposal.status, proposal.status_changed_on) == ("accepted", timezone.localdate())
    assert (other.status, other.status_changed_on) == ("accepted", datetime.date(2021, 9, 1))
