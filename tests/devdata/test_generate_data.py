"""The data generator: realistic, translated, consistent with what save() and the services do."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min

from core.text import normalize_search, search_document
from devdata.generate import EventShape, clear_generated_data, generate_data, generate_events
from dialogues.models import (
    AgendaItem,
    Event,
    Organization,
    Participation,
    Person,
    Presentation,
    Region,
)
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot():
    """What a run wrote, in a form that two runs can be compared by."""
    return (
        list(
            Event.objects.order_by("slug").values_list("slug", "title_ky", "title_ru", "date", "region__code")
        ),
        list(
            Proposal.objects.order_by("reference").values_list(
                "reference", "event__slug", "number", "text_en"
            )
        ),
        sorted(Person.objects.values_list("full_name_ky", flat=True)),
    )


def test_generate_data_writes_the_requested_events_with_their_contents():
    report = generate_data(events=40, seed=3)

    assert Event.objects.count() == report.events == 40
    assert Proposal.objects.count() == report.proposals
    assert Participation.objects.count() == report.participations
    assert Presentation.objects.count() == report.presentations
    assert AgendaItem.objects.count() == report.agenda_items
    # About 10 proposals, 5 participations, 2 presentations, 3 agenda items per event.
    assert 7 <= report.proposals / 40 <= 13
    assert 3.5 <= report.participations / 40 <= 6.5
    assert 1 <= report.presentations / 40 <= 3
    assert 2 <= report.agenda_items / 40 <= 4


def test_generate_data_spreads_events_over_ten_years_and_every_region():
    generate_data(events=60, seed=5)

    dates = Event.objects.aggregate(first=Min("date"), last=Max("date"))
    assert dates["last"] <= datetime.date(2025, 12, 31)
    assert (dates["last"] - dates["first"]).days > 365 * 9
    years = set(Event.objects.values_list("date__year", flat=True))
    assert years == set(range(2016, 2026))
    assert set(Event.objects.values_list("region__code", flat=True)) == set(
        Region.objects.values_list("code", flat=True)
    )


def test_generate_data_publishes_most_events_and_keeps_some_drafts():
    generate_data(events=100, seed=1)

    published = Event.objects.published()
    assert 80 <= published.count() < 100
    assert not published.filter(published_at__isnull=True).exists()
    assert not Event.objects.filter(status=Event.Status.DRAFT, published_at__isnull=False).exists()


def test_generate_data_numbers_proposals_one_to_n_in_each_event():
    generate_data(events=20, seed=2)

    events = list(Event.objects.annotate(n=Count("proposals")))
    assert len(events) == 20 and any(event.n > 1 for event in events)
    for event in events:
        numbers = list(event.proposals.order_by("number").values_list("number", flat=True))
        assert numbers == list(range(1, event.n + 1))


def test_generate_data_gives_unique_slugs_and_references_of_the_usual_shape():
    # Same seed twice in one database: the titles repeat, the slugs and references must not.
    generate_data(events=30, seed=4)
    generate_data(events=30, seed=4)

    slugs = list(Event.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 60
    assert all(re.fullmatch(r"[a-z0-9-]+-\d{4}-\d{2}-\d{2}(-\d+)?", slug) for slug in slugs)
    references = list(Proposal.objects.values_list("reference", "event__date__year"))
    assert len({ref for ref, _year in references}) == len(references)
    for reference, year in references:
        assert re.fullmatch(rf"MK-{year}-[0-9A-HJKMNP-TV-Z]{{5}}", reference)


def test_generate_data_fills_search_text_like_save_does():
    generate_data(events=10, seed=6)

    for event in Event.objects.all():
        assert event.search_text == search_document(event, Event.SEARCHED_FIELDS)
    for proposal in Proposal.objects.all()[:50]:
        assert proposal.search_text == search_document(proposal, ("text",))
    # A saved event recomputes the same text: nothing the generator wrote is stale.
    event = Event.objects.first()
    stored = event.search_text
    event.save()
    event.refresh_from_db()
    assert event.search_text == stored


def test_generate_data_finds_events_by_text_in_any_language():
    generate_data(events=30, seed=7)
    event = Event.objects.exclude(title_ru="").exclude(title_en="").first()

    for column in ("title_ky", "title_ru", "title_en"):
        words = getattr(event, column)
        needle = normalize_search(words.upper()[: len(words) // 2])
        assert event in Event.objects.filter(search_text__contains=needle)


def test_generate_data_translates_most_reports_into_all_three_languages():
    generate_data(events=100, seed=8)

    full = Event.objects.exclude(title_ky="").exclude(title_ru="").exclude(title_en="").count()
    assert 60 <= full < 100
    # Some reports came in one language only: pages must fall back.
    assert Event.objects.filter(title_en="").exists()
    assert not Event.objects.filter(title_ky="", title_ru="", title_en="").exists()
    for event in Event.objects.all():
        event.full_clean()  # every rule a coordinator's entry must satisfy


def test_generate_data_reuses_people_and_organisations_across_events():
    generate_data(events=80, seed=9)

    assert Person.objects.count() < Participation.objects.count()
    busiest = Person.objects.annotate(n=Count("participations")).order_by("-n").first()
    assert busiest.n > 1
    assert Organization.objects.annotate(n=Count("participations")).filter(n__gt=1).exists()
    assert not Person.objects.filter(full_name_ky="", full_name_ru="", full_name_en="").exists()


def test_generate_data_keeps_attendance_consistent():
    generate_data(events=100, seed=10)

    both_known = 0
    for event in Event.objects.exclude(attendance_total=None):
        event.full_clean()
        if event.attendance_women is not None and event.attendance_men is not None:
            assert event.attendance_women + event.attendance_men <= event.attendance_total
            both_known += 1
    assert both_known > 0


def test_generate_data_is_deterministic_for_a_seed():
    generate_data(events=15, seed=11)
    first = snapshot()
    clear_generated_data()
    generate_data(events=15, seed=11)

    assert snapshot() == first
    clear_generated_data()
    generate_data(events=15, seed=12)
    assert snapshot() != first


def test_generate_data_refuses_zero_events():
    with pytest.raises(ValueError, match="at least 1"):
        generate_data(events=0)
    assert not Event.objects.exists()


def test_generate_events_builds_the_exact_shapes_asked_for():
    report = generate_events(shapes=[EventShape(proposals=30), EventShape(proposals=100, participations=30)])

    counts = sorted(
        Event.objects.filter(pk__in=report.event_ids)
        .annotate(p=Count("proposals", distinct=True), n=Count("participations", distinct=True))
        .values_list("p", "n")
    )
    assert counts == [(30, 5), (100, 30)]


def test_clear_generated_data_keeps_reference_data_and_users():
    user = factories.SuperuserFactory()
    generate_data(events=5, seed=1)

    counts = clear_generated_data()

    assert counts["events"] >= 5
    assert not Event.objects.exists()
    assert not Proposal.objects.exists()
    assert not Person.objects.exists()
    assert Region.objects.count() == 9
    assert user.__class__.objects.filter(pk=user.pk).exists()


def test_generate_data_command_reports_what_it_wrote():
    out = StringIO()
    call_command("generate_data", "--events", "3", "--seed", "2", stdout=out)

    assert Event.objects.count() == 3
    assert "Generated 3 events" in out.getvalue()


def test_generate_data_command_clears_first_without_asking_when_told():
    generate_data(events=4, seed=1)
    out = StringIO()
    call_command("generate_data", "--events", "2", "--clear", "--no-input", stdout=out)

    assert Event.objects.count() == 2
    assert "Deleted" in out.getvalue()


def test_generate_data_command_asks_before_clearing(monkeypatch):
    generate_data(events=2, seed=1)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("generate_data", "--events", "2", "--clear", stdout=StringIO())
    assert Event.objects.count() == 2


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_generate_data_command_rejects_a_bad_number_of_events(value):
    with pytest.raises(CommandError):
        call_command("generate_data", "--events", value, stdout=StringIO())
    assert not Event.objects.exists()


def test_generate_data_command_rejects_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("generate_data", "--events", "1", "--until", "31.12.2025", stdout=StringIO())


def test_generate_data_writes_the_created_history_entry_of_each_record():
    report = generate_data(events=5, seed=13)

    event = Event.objects.get(pk=report.event_ids[0])
    entries = list(event.history.all())
    assert [entry.history_type for entry in entries] == ["+"]
    assert entries[0].title_ru == event.title_ru
    assert {row.topic_id for row in entries[0].topics.all()} == set(event.topics.values_list("pk", flat=True))
    proposal = event.proposals.first()
    assert proposal.history.count() == 1
    assert {row.organization_id for row in proposal.history.first().addressees.all()} == set(
        proposal.addressees.values_list("pk", flat=True)
    )
    assert Proposal.history.count() == report.proposals


def test_generate_data_can_skip_history():
    generate_data(events=3, seed=13, history=False)

    assert Event.objects.count() == 3
    assert not Event.history.exists()
    assert not Proposal.history.exists()


def test_clear_generated_data_removes_their_history_without_writing_more():
    generate_data(events=3, seed=14)

    clear_generated_data()

    assert not Event.history.exists()
    assert not Proposal.history.exists()
    assert not Person.history.exists()
