"""Proposals in the admin: numbered on the event's page, followed up in their own list."""

import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Event
from proposals.models import Proposal
from proposals.services import proposal_create, proposals_move
from tests import factories
from tests.admin_forms import admin_form_data, inline_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _admin_in_english(superuser):
    # Messages are compared with their English msgids, whatever catalogues exist later.
    superuser.preferred_language = "en"
    superuser.save(update_fields=["preferred_language"])


def change_url(event):
    return reverse("admin:dialogues_event_change", args=[event.pk])


def numbered(event) -> list[tuple[int, str]]:
    return list(event.proposals.order_by("number").values_list("number", "text_en"))


def proposal_index(data: dict, proposal: Proposal) -> int:
    """The row of ``proposal`` in posted inline data."""
    for key, value in data.items():
        if key.startswith("proposals-") and key.endswith("-id") and value == str(proposal.pk):
            return int(key.split("-")[1])
    raise LookupError(proposal)


def post_change(client, event, edit=None):
    """Load the event's page, apply ``edit`` to its data as a staff member would, and save."""
    data = admin_form_data(client.get(change_url(event)))
    if edit:
        edit(data)
    response = client.post(change_url(event), data)
    assert response.status_code == 302, _errors(response)
    return response


def _errors(response):
    if not response.context:
        return response
    return [
        (inline.formset.prefix, inline.formset.errors, inline.formset.non_form_errors())
        for inline in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]


def add_rows(*rows, initial):
    def edit(data):
        data.update(inline_rows("proposals", list(rows), initial=initial))

    return edit


def new_row(text, **fields):
    return {"text_en": text, "status": Proposal.Status.RECEIVED, **fields}


def event_with_five(client):
    event = factories.DraftEventFactory()
    post_change(client, event, add_rows(*(new_row(str(n)) for n in range(1, 6)), initial=0))
    return event


# Numbering on the event's page ---------------------------------------------------------


def test_proposal_inline_numbers_new_rows_from_one(superuser_client):
    event = event_with_five(superuser_client)

    assert numbered(event) == [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]


def test_proposal_inline_appends_new_rows_after_existing_ones(superuser_client):
    event = event_with_five(superuser_client)

    post_change(superuser_client, event, add_rows(new_row("6"), new_row("7"), initial=5))

    assert [n for n, _t in numbered(event)] == [1, 2, 3, 4, 5, 6, 7]
    assert numbered(event)[-2:] == [(6, "6"), (7, "7")]


def test_proposal_inline_shows_each_number_as_its_position(superuser_client):
    event = event_with_five(superuser_client)

    response = superuser_client.get(change_url(event))

    [inline] = [i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "proposals"]
    assert [form["position"].value() for form in inline.formset.initial_forms] == [1, 2, 3, 4, 5]
    html = response.content.decode()
    assert 'name="proposals-0-position" value="1"' in html
    assert 'name="initial-proposals-0-position" value="1"' in html


def test_proposal_inline_deletion_closes_the_gap(superuser_client):
    event = event_with_five(superuser_client)
    second = event.proposals.get(number=2)

    def delete_second(data):
        data[f"proposals-{proposal_index(data, second)}-DELETE"] = "on"

    post_change(superuser_client, event, delete_second)

    assert numbered(event) == [(1, "1"), (2, "3"), (3, "4"), (4, "5")]


def test_proposal_inline_moving_renumbers_contiguously(superuser_client):
    event = event_with_five(superuser_client)
    fourth = event.proposals.get(number=4)

    def move_fourth_first(data):
        data[f"proposals-{proposal_index(data, fourth)}-position"] = "1"

    post_change(superuser_client, event, move_fourth_first)

    assert numbered(event) == [(1, "4"), (2, "1"), (3, "2"), (4, "3"), (5, "5")]


def test_proposal_inline_moving_down_puts_the_row_at_that_number(superuser_client):
    event = event_with_five(superuser_client)
    first = event.proposals.get(number=1)

    def move_first_to_four(data):
        data[f"proposals-{proposal_index(data, first)}-position"] = "4"

    post_change(superuser_client, event, move_first_to_four)

    assert numbered(event) == [(1, "2"), (2, "3"), (3, "4"), (4, "1"), (5, "5")]


def test_proposal_inline_deletes_moves_and_adds_in_one_save(superuser_client):
    event = event_with_five(superuser_client)
    second, fifth = event.proposals.get(number=2), event.proposals.get(number=5)

    def edit(data):
        data[f"proposals-{proposal_index(data, second)}-DELETE"] = "on"
        data[f"proposals-{proposal_index(data, fifth)}-position"] = "1"
        data.update(inline_rows("proposals", [new_row("new", position="3"), new_row("last")], initial=5))

    post_change(superuser_client, event, edit)

    assert numbered(event) == [(1, "5"), (2, "1"), (3, "new"), (4, "3"), (5, "4"), (6, "last")]


def test_proposal_inline_edit_keeps_the_numbers_another_editor_gave_meanwhile(superuser_client):
    event = event_with_five(superuser_client)
    fourth, fifth = event.proposals.get(number=4), event.proposals.get(number=5)
    data = admin_form_data(superuser_client.get(change_url(event)))
    # While this page is open, someone else moves No. 5 to the top: No. 4 becomes No. 5.
    proposals_move(event=event, moves={fifth.pk: 1})
    data[f"proposals-{proposal_index(data, fourth)}-text_en"] = "4, reworded"

    response = superuser_client.post(change_url(event), data)

    # The stale page wrote the text, not its outdated numbers.
    assert response.status_code == 302
    assert numbered(event) == [(1, "5"), (2, "1"), (3, "2"), (4, "3"), (5, "4, reworded")]


def test_proposal_inline_reports_an_empty_text_on_its_row_and_saves_nothing(superuser_client):
    event = factories.DraftEventFactory()
    data = admin_form_data(superuser_client.get(change_url(event)))
    data.update(inline_rows("proposals", [new_row("", topics=[str(factories.topic().pk)])], initial=0))

    response = superuser_client.post(change_url(event), data)

    assert response.status_code == 200
    [inline] = [i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "proposals"]
    assert inline.formset.forms[0].errors["text_ky"] == [
        "Fill this in at least one language (Kyrgyz, Russian or English)."
    ]
    assert not Proposal.objects.exists()


def test_proposal_inline_refuses_a_position_below_one(superuser_client):
    event = event_with_five(superuser_client)
    third = event.proposals.get(number=3)

    data = admin_form_data(superuser_client.get(change_url(event)))
    data[f"proposals-{proposal_index(data, third)}-position"] = "0"
    response = superuser_client.post(change_url(event), data)

    assert response.status_code == 200
    assert numbered(event) == [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]


def test_proposal_inline_dates_a_status_change(superuser_client):
    event = event_with_five(superuser_client)
    first = event.proposals.get(number=1)
    Proposal.objects.filter(pk=first.pk).update(status_changed_on="2021-07-08")

    def forward_first(data):
        data[f"proposals-{proposal_index(data, first)}-status"] = Proposal.Status.FORWARDED

    post_change(superuser_client, event, forward_first)

    first.refresh_from_db()
    assert first.status == Proposal.Status.FORWARDED
    assert first.status_changed_on == timezone.localdate()
    assert event.proposals.get(number=2).status_changed_on == timezone.localdate()  # untouched, new today


def test_proposal_inline_change_message_names_final_numbers(superuser_client):
    from django.contrib.admin.models import LogEntry

    event = event_with_five(superuser_client)
    fifth = event.proposals.get(number=5)

    def move_fifth_first(data):
        data[f"proposals-{proposal_index(data, fifth)}-position"] = "1"

    post_change(superuser_client, event, move_fifth_first)

    entry = LogEntry.objects.filter(object_id=str(event.pk)).latest("action_time")
    assert "No. 1: 5" in entry.get_change_message()


# The proposal list -------------------------------------------------------------------------


def proposals_url():
    return reverse("admin:proposals_proposal_changelist")


def test_proposal_admin_add_gives_the_next_number_of_the_event(superuser_client):
    event = factories.EventFactory()
    factories.ProposalFactory.create_batch(2, event=event)

    response = superuser_client.post(
        reverse("admin:proposals_proposal_add"),
        {
            "event": event.pk,
            "text_ru": "Рассмотреть повышение пенсий",
            "status": Proposal.Status.RECEIVED,
            "status_changed_on": "2021-07-08",
        },
    )

    assert response.status_code == 302
    assert Proposal.objects.get(text_ru="Рассмотреть повышение пенсий").number == 3


def test_proposal_admin_event_cannot_change_after_creation(superuser_client):
    proposal = factories.ProposalFactory()
    other = factories.EventFactory()
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    data = admin_form_data(superuser_client.get(url))
    data["event"] = str(other.pk)

    event_id, number = proposal.event_id, proposal.number

    superuser_client.post(url, data)

    proposal.refresh_from_db()
    assert (proposal.event_id, proposal.number) == (event_id, number)
    assert not other.proposals.exists()


def test_proposal_admin_delete_closes_the_gap(superuser_client):
    event = factories.EventFactory()
    first, second, third = factories.ProposalFactory.create_batch(3, event=event)

    response = superuser_client.post(
        reverse("admin:proposals_proposal_delete", args=[second.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert list(event.proposals.order_by("number").values_list("pk", "number")) == [
        (first.pk, 1),
        (third.pk, 2),
    ]


def test_proposal_admin_bulk_delete_closes_the_gaps_of_every_event(superuser_client):
    one, two = factories.EventFactory(), factories.EventFactory()
    a1, a2, a3 = factories.ProposalFactory.create_batch(3, event=one)
    b1, b2 = factories.ProposalFactory.create_batch(2, event=two)

    response = superuser_client.post(
        reverse("admin:proposals_proposal_changelist"),
        {"action": "delete_selected", "_selected_action": [a1.pk, a3.pk, b1.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert list(one.proposals.values_list("pk", "number")) == [(a2.pk, 1)]
    assert list(two.proposals.values_list("pk", "number")) == [(b2.pk, 1)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Successfully deleted 3 proposals."]


@pytest.mark.parametrize("column", ["text_ky", "text_ru", "text_en"])
def test_proposal_admin_searches_every_language_column(superuser_client, column):
    wanted = factories.ProposalFactory(**{column: "Баткен-центр Batken-centre"})
    factories.ProposalFactory()

    response = superuser_client.get(
        proposals_url(), {"q": "Batken-centre" if column == "text_en" else "Баткен-центр"}
    )

    assert list(response.context["cl"].queryset) == [wanted]


def test_proposal_admin_searches_the_reference(superuser_client):
    wanted = factories.ProposalFactory()
    factories.ProposalFactory()

    response = superuser_client.get(proposals_url(), {"q": wanted.reference})

    assert list(response.context["cl"].queryset) == [wanted]


def test_proposal_admin_filters_by_status_region_and_year(superuser_client):
    import datetime

    batken = factories.ProposalFactory(event=factories.EventFactory(date=datetime.date(2021, 7, 8)))
    osh = factories.ProposalFactory(
        event=factories.EventFactory(region=factories.region("KG-O"), date=datetime.date(2023, 5, 2)),
        status=Proposal.Status.ACCEPTED,
    )

    def listed(**params):
        response = superuser_client.get(proposals_url(), params)
        assert response.status_code == 200
        return set(response.context["cl"].queryset)

    assert listed(status__exact="accepted") == {osh}
    assert listed(event__region__id__exact=factories.region("KG-B").pk) == {batken}
    assert listed(year="2023") == {osh}
    assert listed(year="2021") == {batken}


def test_proposal_admin_list_in_a_fixed_number_of_queries(superuser_client, django_assert_max_num_queries):
    for event in factories.EventFactory.create_batch(3):
        factories.ProposalFactory.create_batch(3, event=event)
    superuser_client.get(proposals_url())

    with django_assert_max_num_queries(12):
        response = superuser_client.get(proposals_url())

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 9


def test_proposal_admin_autocomplete_finds_events_by_any_language(superuser_client):
    wanted = factories.EventFactory(title_ru="Особый статус Баткенской области")
    factories.EventFactory()

    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "proposals", "model_name": "proposal", "field_name": "event", "term": "Баткенской"},
    )

    assert [row["id"] for row in response.json()["results"]] == [str(wanted.pk)]


# Two editors at once (PostgreSQL) ---------------------------------------------------------


def run_at_once(workers):
    """Run each callable in its own thread (own database connection), started together."""
    barrier = threading.Barrier(len(workers))
    failures = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures


def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_proposal_create_gives_concurrent_editors_distinct_contiguous_numbers():
    needs_postgres()
    event = factories.EventFactory()

    def editor(name):
        return lambda: [proposal_create(event=event, text_en=f"{name}-{k}") for k in range(5)]

    run_at_once([editor(f"editor{i}") for i in range(6)])

    numbers = sorted(event.proposals.values_list("number", flat=True))
    assert numbers == list(range(1, 31))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_proposal_create_waits_for_the_event_lock():
    needs_postgres()
    event = factories.EventFactory()
    first_holds_lock = threading.Event()
    seen = {}

    def first():
        with transaction.atomic():
            proposal_create(event=event, text_en="first")
            first_holds_lock.set()
            time.sleep(0.5)  # the second editor must wait for this commit
            seen["first_committed"] = time.monotonic()

    def second():
        first_holds_lock.wait(timeout=10)
        proposal = proposal_create(event=event, text_en="second")
        seen["second_done"] = time.monotonic()
        seen["second_number"] = proposal.number

    run_at_once([first, second])

    assert seen["second_done"] >= seen["first_committed"]
    assert seen["second_number"] == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_proposal_inline_two_editors_adding_at_once_get_distinct_numbers():
    needs_postgres()
    event = factories.DraftEventFactory()
    factories.ProposalFactory.create_batch(2, event=event)
    clients = []
    for name in ("alice", "bakyt", "chynara"):
        user = factories.SuperuserFactory(username=name, preferred_language="en")
        client = Client()
        client.force_login(user)
        page = client.get(change_url(event))
        data = admin_form_data(page)
        data.update(inline_rows("proposals", [new_row(f"{name} 1"), new_row(f"{name} 2")], initial=2))
        clients.append((client, data))
    responses = []

    def editor(client, data):
        return lambda: responses.append(client.post(change_url(event), data))

    run_at_once([editor(client, data) for client, data in clients])

    assert [r.status_code for r in responses] == [302, 302, 302]
    assert sorted(event.proposals.values_list("number", flat=True)) == list(range(1, 9))
    for name in ("alice", "bakyt", "chynara"):
        mine = list(event.proposals.filter(text_en__startswith=name).order_by("number"))
        assert [p.text_en for p in mine] == [f"{name} 1", f"{name} 2"]
        assert mine[1].number == mine[0].number + 1  # one editor's rows stay together
    assert Event.objects.filter(pk=event.pk).exists()
