"""core.spreadsheets.bulk: rows written in bulk (COPY on PostgreSQL) land exactly as save() writes them."""

import datetime
import decimal
import uuid

import pytest
import tablib
from django.db import connection
from django.utils import timezone

from core.spreadsheets.bulk import copy_value, create_instances, insert_rows, reserve_ids
from core.spreadsheets.imports import import_dataset
from dialogues.models import Organization, Topic
from proposals.models import Proposal
from proposals.resources import ProposalResource
from tests import factories

# Everything COPY's text format treats specially, and what merely looks like it.
AWKWARD = [
    "tab\tinside",
    "two\nlines",
    "carriage\r\nreturn",
    "back\\slash",
    "\\N",
    "\\.",
    "ends with a backslash \\",
    "«Баткен» — Кыргыз Республикасынын өкмөтү; 😀",
    "  spaces kept  ",
]


def test_copy_value_escapes_what_the_copy_text_format_reads_as_syntax():
    assert copy_value(None) == "\\N"
    assert copy_value("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e"
    assert copy_value("\\N") == "\\\\N"
    assert copy_value("Баткен") == "Баткен"


def test_copy_value_writes_numbers_booleans_dates_and_ids_as_postgresql_reads_them():
    moment = datetime.datetime(2021, 7, 8, 10, 30, tzinfo=datetime.UTC)
    assert copy_value(True) == "t" and copy_value(False) == "f"
    assert copy_value(42) == "42"
    assert copy_value(decimal.Decimal("1.50")) == "1.50"
    assert copy_value(datetime.date(2021, 7, 8)) == "2021-07-08"
    assert copy_value(moment) == "2021-07-08T10:30:00+00:00"
    key = uuid.UUID(int=1)
    assert copy_value(key) == str(key)


def test_copy_value_refuses_a_type_it_cannot_write():
    with pytest.raises(TypeError, match="dict"):
        copy_value({"a": 1})


@pytest.mark.django_db
def test_create_instances_writes_awkward_text_unchanged_and_sets_the_keys():
    organisations = [Organization(name_ky=text, name_en=f"#{i}") for i, text in enumerate(AWKWARD)]

    create_instances(Organization, organisations)

    assert all(o.pk is not None and not o._state.adding for o in organisations)
    stored = dict(Organization.objects.values_list("pk", "name_ky"))
    assert [stored[o.pk] for o in organisations] == AWKWARD
    # The sequence moved on: the next record saved the ordinary way gets a new key.
    later = factories.OrganizationFactory()
    assert later.pk not in stored


@pytest.mark.django_db
def test_create_instances_fills_automatic_dates_as_bulk_create_does():
    event = factories.EventFactory()
    before = timezone.now()
    proposal = Proposal(event=event, number=1, reference="MK-2021-AAAAA", text_ky="Бир")

    create_instances(Proposal, [proposal])

    stored = Proposal.objects.get(pk=proposal.pk)
    assert stored.created_at >= before and stored.updated_at >= before
    assert stored.text_ky == "Бир"


@pytest.mark.django_db
def test_reserve_ids_draws_distinct_keys_from_the_sequence_on_postgresql_only():
    ids = reserve_ids(Organization, 5)
    if connection.vendor != "postgresql":
        assert ids is None
        return
    assert len(set(ids)) == 5
    assert factories.OrganizationFactory().pk > max(ids)


@pytest.mark.django_db
def test_insert_rows_writes_plain_rows():
    event = factories.EventFactory()
    proposal = factories.ProposalFactory(event=event)
    topics = list(Topic.objects.order_by("pk")[:2])  # loaded by migration
    assert len(topics) == 2
    through = Proposal.topics.through

    insert_rows(through, ["proposal_id", "topic_id"], [(proposal.pk, t.pk) for t in topics])

    assert sorted(proposal.topics.values_list("pk", flat=True)) == sorted(t.pk for t in topics)


@pytest.mark.django_db
def test_imported_awkward_text_and_its_history_read_back_unchanged():
    event = factories.EventFactory()
    user = factories.SuperuserFactory()
    dataset = tablib.Dataset(headers=["event", "number", "text_ky", "text_en"])
    for number, text in enumerate(AWKWARD, start=1):
        dataset.append([event.slug, number, text, "x"])

    report = import_dataset(resource=ProposalResource(), dataset=dataset, dry_run=False, user=user)

    assert report.ok, report.errors
    stored = dict(Proposal.objects.filter(event=event).values_list("number", "text_ky"))
    # The import trims the spaces around a cell; everything else is kept.
    assert [stored[n] for n in range(1, len(AWKWARD) + 1)] == [text.strip() for text in AWKWARD]
    for proposal in Proposal.objects.filter(event=event):
        [entry] = proposal.history.all()
        assert entry.text_ky == proposal.text_ky and entry.history_user == user


def test_value_preparer_passes_values_of_the_fields_type_and_prepares_the_rest():
    from core.spreadsheets.bulk import value_preparer

    event_id = Proposal._meta.get_field("event")
    number = Proposal._meta.get_field("number")
    text = Proposal._meta.get_field("text_ky")
    assert value_preparer(event_id, connection)(7) == 7
    assert value_preparer(number, connection)("7") == 7  # converted, as get_db_prep_save does
    assert value_preparer(text, connection)("Бир") == "Бир"
    assert value_preparer(text, connection)(None) is None
