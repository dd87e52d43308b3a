"""Rules of proposals held by the database and by validation."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils import translation

from proposals.models import REFERENCE_ALPHABET, Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def test_proposal_number_unique_per_event(event):
    factories.ProposalFactory(event=event, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ProposalFactory(event=event, number=1)


def test_proposal_same_number_in_other_event_is_fine(event):
    factories.ProposalFactory(event=event, number=1)
    other = factories.ProposalFactory(number=1)
    assert other.number == 1


def test_proposal_number_must_be_positive(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ProposalFactory(event=event, number=0)


def test_proposal_text_needs_one_language(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ProposalFactory(event=event, text_ky="", text_ru="", text_en="")


def test_proposal_reference_is_stable_readable_and_unique(event):
    proposal = factories.ProposalFactory(event=event)
    reference = proposal.reference
    assert reference.startswith("MK-2021-")
    assert all(char in REFERENCE_ALPHABET for char in reference.removeprefix("MK-2021-"))
    proposal.text_en = "Changed"
    proposal.save()
    proposal.refresh_from_db()
    assert proposal.reference == reference
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ProposalFactory(event=event, reference=reference)


def test_event_with_proposals_cannot_be_deleted(event):
    factories.ProposalFactory(event=event)
    with pytest.raises(ProtectedError):
        event.delete()


def test_published_proposals_exclude_drafts(event):
    visible = factories.ProposalFactory(event=event)
    factories.ProposalFactory(event=factories.DraftEventFactory())
    assert list(Proposal.objects.published()) == [visible]


def test_proposal_reference_drawn_again_when_taken(event, monkeypatch):
    taken = factories.ProposalFactory(event=event).reference
    draws = iter([taken, taken, "MK-2021-FRESH"])
    monkeypatch.setattr("proposals.models.new_reference", lambda year: next(draws))
    proposal = factories.ProposalFactory(event=event)
    assert proposal.reference == "MK-2021-FRESH"


def test_status_label_is_the_translated_choice_and_tolerates_an_unknown_value():
    proposal = Proposal(status=Proposal.Status.IMPLEMENTED)
    with translation.override("ru"):
        assert str(proposal.status_label) == str(proposal.get_status_display())
    proposal.status = "made-up"  # a value written around the form, e.g. by SQL
    assert proposal.status_label == "made-up"
