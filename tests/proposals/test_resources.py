import datetime

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.spreadsheets.imports import import_dataset
from devdata import batken
from devdata.demo import batken_event_write
from dialogues.models import Event, Organization
from proposals.models import Proposal
from proposals.resources import ProposalResource
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English, whatever the catalogues later translate.
    with translation.override("en"):
        yield


def stock() -> ProposalResource:
    resource = ProposalResource()
    resource.fast_import = False
    return resource


def snapshot():
    """Every proposal column and relation, by reference: what a round trip must keep."""
    rows = {}
    for proposal in Proposal.objects.prefetch_related("topics", "addressees"):
        values = {
            k: v
            for k, v in Proposal.objects.filter(pk=proposal.pk).values().get().items()
            if k not in {"id", "event_id", "created_at", "updated_at"}
        }
        values["event"] = proposal.event.slug
        values["topics"] = sorted(t.slug for t in proposal.topics.all())
        values["addressees"] = sorted(o.pk for o in proposal.addressees.all())
        rows[proposal.reference] = values
    return rows


def set_cell(dataset, index, column, value):
    row = list(dataset[index])
    row[dataset.headers.index(column)] = value
    dataset[index] = row


def test_proposal_resource_exports_reference_event_slug_and_number():
    event = batken_event_write()
    # The report names no addressees: give the first proposal one, as staff would.
    council = Organization.objects.get(name_en=batken.ORGANIZATIONS["coordination-council"]["name"]["en"])
    Proposal.objects.get(event=event, number=1).addressees.set([council])

    dataset = ProposalResource().export()

    assert dataset.headers == [
        "reference",
        "event",
        "number",
        "text_ky",
        "text_ru",
        "text_en",
        "topics",
        "addressees",
        "status",
        "status_changed_on",
    ]
    first = dict(zip(dataset.headers, dataset[0], strict=True))
    assert first["event"] == event.slug
    assert first["number"] == "1"
    assert first["reference"] == Proposal.objects.get(event=event, number=1).reference
    assert first["addressees"] == batken.ORGANIZATIONS["coordination-council"]["name"]["ky"]
    assert (first["text_ky"], first["text_ru"], first["text_en"]) == tuple(
        batken.PROPOSALS[0]["text"].values()
    )
    assert first["status"] == "received"


def test_proposal_resource_export_query_count_does_not_grow_with_rows():
    def queries_for(n):
        event = factories.EventFactory()
        organisation = factories.OrganizationFactory()
        for _ in range(n):
            proposal = factories.ProposalFactory(event=event)
            proposal.topics.set([factories.topic("migration")])
            proposal.addressees.set([organisation])
        with CaptureQueriesContext(connection) as context:
            ProposalResource().export()
        return len(context.captured_queries)

    assert queries_for(3) == queries_for(40)


@pytest.mark.parametrize("fast", [True, False])
def test_proposal_reimport_of_export_changes_nothing_and_creates_no_duplicates(fast):
    batken_event_write()
    factories.ProposalFactory(text_ru="-минус в начале")
    before = snapshot()
    stamps = dict(Proposal.objects.values_list("reference", "updated_at"))

    result = (ProposalResource() if fast else stock()).import_data(ProposalResource().export(), dry_run=False)

    assert not result.has_validation_errors() and not result.has_errors()
    assert result.totals["skip"] == 6 and result.totals["new"] == result.totals["update"] == 0
    assert snapshot() == before
    assert dict(Proposal.objects.values_list("reference", "updated_at")) == stamps


def test_proposal_export_then_import_into_an_empty_database_restores_it():
    batken_event_write()
    factories.ProposalFactory(status=Proposal.Status.ACCEPTED, text_en="Another")
    before = snapshot()
    dataset = ProposalResource().export()
    Proposal.objects.all().delete()

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False)

    assert report.ok and report.new == 6
    assert snapshot() == before


@pytest.mark.parametrize("fast", [True, False])
def test_proposal_edited_file_updates_exactly_those_records(fast):
    event = batken_event_write()
    dataset = ProposalResource().export()
    set_cell(dataset, 2, "text_ru", "Поднять вопрос кадров")
    set_cell(dataset, 2, "topics", "employment; education")
    set_cell(dataset, 4, "status", "accepted")
    before = snapshot()

    result = (ProposalResource() if fast else stock()).import_data(dataset, dry_run=False)

    assert (result.totals["update"], result.totals["skip"]) == (2, 3)
    after = snapshot()
    changed = {ref for ref in before if before[ref] != after[ref]}
    third = Proposal.objects.get(event=event, number=3)
    fifth = Proposal.objects.get(event=event, number=5)
    assert changed == {third.reference, fifth.reference}
    assert third.text_ru == "Поднять вопрос кадров"
    assert sorted(third.topics.values_list("slug", flat=True)) == ["education", "employment"]
    assert fifth.status == Proposal.Status.ACCEPTED
    assert Proposal.objects.count() == 5


@pytest.mark.parametrize("fast", [True, False])
def test_proposal_duplicate_number_in_file_is_refused(fast):
    event = factories.EventFactory()
    dataset = tablib.Dataset(headers=["event", "number", "text_ky"])
    dataset.append([event.slug, 1, "Биринчи"])
    dataset.append([event.slug, 1, "Экинчи"])

    result = (ProposalResource() if fast else stock()).import_data(dataset, dry_run=False)

    [invalid] = result.invalid_rows
    assert invalid.error_dict["number"] == [f"No. 1 of event “{event.slug}” appears twice in the file."]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("fast", [True, False])
def test_proposal_blank_number_takes_the_next_free_number(fast):
    event = factories.EventFactory()
    factories.ProposalFactory(event=event)
    factories.ProposalFactory(event=event)
    dataset = tablib.Dataset(headers=["event", "number", "text_ru"])
    dataset.append([event.slug, "", "Третье"])
    dataset.append([event.slug, None, "Четвёртое"])

    result = (ProposalResource() if fast else stock()).import_data(dataset, dry_run=False)

    assert result.totals["new"] == 2
    numbers = dict(Proposal.objects.filter(event=event).values_list("number", "text_ru"))
    assert sorted(numbers) == [1, 2, 3, 4]
    assert (numbers[3], numbers[4]) == ("Третье", "Четвёртое")


def test_proposal_reference_never_changes():
    proposal = factories.ProposalFactory()
    other = factories.ProposalFactory()
    dataset = ProposalResource().export()
    row = [row[1:3] for row in dataset].index((proposal.event.slug, str(proposal.number)))
    set_cell(dataset, row, "reference", other.reference)

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False)

    [error] = report.errors
    assert error.column == "reference"
    assert "references never change" in error.message
    proposal.refresh_from_db()
    assert proposal.reference != other.reference


def test_proposal_new_row_with_taken_reference_is_refused():
    taken = factories.ProposalFactory()
    event = factories.EventFactory()
    dataset = tablib.Dataset(headers=["reference", "event", "number", "text_ky"])
    dataset.append([taken.reference, event.slug, 1, "Жаңы"])
    dataset.append(["MK-21-XX", event.slug, 2, "Жаңы"])

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False)

    assert [(e.row, e.column) for e in report.errors] == [(2, "reference"), (3, "reference")]
    assert "belongs to another proposal" in report.errors[0].message
    assert "is not a proposal reference" in report.errors[1].message
    assert not Proposal.objects.filter(event=event).exists()


def test_proposal_import_requires_text_in_some_language_and_a_known_event():
    event = factories.EventFactory()
    dataset = tablib.Dataset(headers=["event", "number", "text_ky", "text_ru", "text_en", "status"])
    dataset.append([event.slug, 1, "", " ", None, "received"])
    dataset.append(["no-such-event", 1, "Текст", "", "", "received"])
    dataset.append([event.slug, 2, "Текст", "", "", "lost"])

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False)

    assert [(e.row, e.column) for e in report.errors] == [
        (2, "text_ky / text_ru / text_en"),
        (3, "event"),
        (4, "status"),
    ]
    assert report.errors[0].message == "Fill this in at least one language (Kyrgyz, Russian or English)."
    assert report.errors[1].message == "Unknown event “no-such-event”."
    assert not Proposal.objects.exists()


def test_proposal_bulk_import_records_history_with_topics():
    event = factories.EventFactory()
    user = factories.SuperuserFactory()
    dataset = tablib.Dataset(headers=["event", "number", "text_en", "topics"])
    dataset.append([event.slug, 1, "Roads", "economy; border-areas"])

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False, user=user)

    assert report.ok
    proposal = Proposal.objects.get()
    [entry] = proposal.history.all()
    assert entry.history_type == "+" and entry.history_user == user
    assert sorted(t.topic.slug for t in entry.topics.all()) == ["border-areas", "economy"]
    set_cell(dataset, 0, "text_en", "Roads and bridges")
    import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False, user=user)
    assert [h.history_type for h in proposal.history.order_by("history_id")] == ["+", "~"]
    assert Event.objects.count() == 1


def test_proposal_bulk_import_draws_again_a_reference_that_is_taken(monkeypatch):
    taken = factories.ProposalFactory()
    event = factories.EventFactory()
    drawn = iter([taken.reference, taken.reference, "MK-2021-AAAAA", "MK-2021-BBBBB"])
    monkeypatch.setattr("proposals.resources.new_reference", lambda year: next(drawn))
    dataset = tablib.Dataset(headers=["event", "number", "text_ky"])
    dataset.append([event.slug, 1, "Бир"])
    dataset.append([event.slug, 2, "Эки"])

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False)

    assert report.ok
    assert sorted(Proposal.objects.filter(event=event).values_list("reference", flat=True)) == [
        "MK-2021-AAAAA",
        "MK-2021-BBBBB",
    ]


@pytest.mark.parametrize("fast", [True, False])
def test_proposal_import_new_row_with_empty_defaulted_cells_takes_the_defaults(fast):
    """Every export has ``status_changed_on``; a new row may leave it (and the status) empty."""
    event = factories.EventFactory()
    dataset = tablib.Dataset(headers=["event", "number", "text_ru", "status", "status_changed_on"])
    dataset.append([event.slug, "", "Новое предложение", "", ""])
    dataset.append([event.slug, "", "Ещё одно", "accepted", "  "])

    result = (ProposalResource() if fast else stock()).import_data(dataset, dry_run=False)

    assert not result.has_validation_errors() and not result.has_errors()
    first, second = Proposal.objects.filter(event=event).order_by("number")
    assert (first.status, first.status_changed_on) == (Proposal.Status.RECEIVED, timezone.localdate())
    assert (second.status, second.status_changed_on) == (Proposal.Status.ACCEPTED, timezone.localdate())


@pytest.mark.parametrize("fast", [True, False])
def test_proposal_import_existing_row_with_empty_defaulted_cells_keeps_the_stored_values(fast):
    proposal = factories.ProposalFactory(
        status=Proposal.Status.FORWARDED, status_changed_on=datetime.date(2021, 7, 8), text_ru="Дороги"
    )
    dataset = tablib.Dataset(headers=["event", "number", "text_ru", "text_en", "status", "status_changed_on"])
    dataset.append([proposal.event.slug, proposal.number, "Дороги", "Roads", None, ""])

    result = (ProposalResource() if fast else stock()).import_data(dataset, dry_run=False)

    assert not result.has_validation_errors() and result.totals["update"] == 1
    proposal.refresh_from_db()
    assert (proposal.status, proposal.status_changed_on) == (
        Proposal.Status.FORWARDED,
        datetime.date(2021, 7, 8),
    )
    assert proposal.text_en == "Roads"


def test_proposal_import_empty_text_cell_still_clears_that_language():
    """Only columns that cannot be empty read an empty cell as their default."""
    proposal = factories.ProposalFactory(text_ru="Дороги", text_en="Roads")
    dataset = tablib.Dataset(headers=["event", "number", "text_ru", "text_en"])
    dataset.append([proposal.event.slug, proposal.number, "Дороги", ""])

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False)

    assert report.ok and report.updated == 1
    proposal.refresh_from_db()
    assert (proposal.text_ru, proposal.text_en) == ("Дороги", "")


def test_proposal_import_unreadable_date_is_still_refused():
    event = factories.EventFactory()
    dataset = tablib.Dataset(headers=["event", "number", "text_ru", "status_changed_on"])
    dataset.append([event.slug, "", "Новое", "вчера"])

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False)

    [error] = report.errors
    assert (error.row, error.column) == (2, "status_changed_on")
    assert "is not a date" in error.message
    assert not Proposal.objects.exists()
