import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.spreadsheets.imports import import_dataset
from core.spreadsheets.widgets import escape_formula, unescape_formula
from devdata import batken
from devdata.demo import batken_event_write
from dialogues.models import Event, Organization, Participation, Person
from dialogues.resources import (
    EventResource,
    OrganizationResource,
    ParticipationResource,
    PersonResource,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English, whatever the catalogues later translate.
    with translation.override("en"):
        yield


def stock(resource_class):
    """The resource with django-import-export's own row-by-row import."""
    resource = resource_class()
    resource.fast_import = False
    return resource


def export_rows(resource_class) -> tablib.Dataset:
    return resource_class().export()


def test_event_resource_exports_language_columns_and_natural_keys():
    event = batken_event_write()
    # The report names no organisers: the council its moderator chairs stands in.
    council = Organization.objects.get(name_ky=batken.ORGANIZATIONS["coordination-council"]["name"]["ky"])
    event.organizers.set([council])

    dataset = export_rows(EventResource)
    row = dict(zip(dataset.headers, dataset[0], strict=True))

    assert {"title_ky", "title_ru", "title_en", "goal_ky", "venue_en"} <= set(dataset.headers)
    assert not {"title", "goal", "id", "pk"} & set(dataset.headers)
    assert row["slug"] == event.slug
    assert row["region"] == "KG-B"
    assert row["format"] == "open-dialogue-platform"
    assert row["topics"] == "; ".join(sorted(batken.EVENT["topics"]))
    assert row["organizers"] == council.name_ky
    assert (row["title_ky"], row["title_ru"], row["title_en"]) == tuple(batken.EVENT["title"].values())
    assert (row["attendance_total"], row["attendance_women"], row["attendance_men"]) == ("50", "22", "28")
    assert row["date"] == "2021-07-08"


def test_event_resource_export_query_count_does_not_grow_with_rows():
    def queries_for(n):
        for _ in range(n):
            event = factories.EventFactory()
            event.topics.set([factories.topic("migration"), factories.topic("economy")])
            event.organizers.set([factories.OrganizationFactory()])
            event.partners.set([factories.OrganizationFactory()])
        with CaptureQueriesContext(connection) as context:
            dataset = EventResource().export()
        assert len(dataset) == Event.objects.count()
        return len(context.captured_queries)

    small = queries_for(2)
    assert queries_for(30) == small


def test_participation_and_people_export_are_bounded(django_assert_max_num_queries):
    for _ in range(15):
        factories.ParticipationFactory(organization=factories.OrganizationFactory())
    for resource_class in (ParticipationResource, PersonResource, OrganizationResource):
        with django_assert_max_num_queries(6):
            resource_class().export()


def test_formula_escape_round_trips():
    for text in ("=SUM(A1)", "+996", "-", "@x", "'=already", "plain", "'plain", ""):
        assert unescape_formula(escape_formula(text)) == text
    assert escape_formula("=SUM(A1)") == "'=SUM(A1)"
    assert escape_formula("-5 percent") == "'-5 percent"


def test_event_resource_escapes_formulae_on_export_and_imports_them_back():
    event = factories.EventFactory(title_en="=cmd|' /C calc'!A0", venue_ru="@venue")
    dataset = export_rows(EventResource)
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["title_en"] == "'=cmd|' /C calc'!A0"
    assert row["venue_ru"] == "'@venue"

    report = import_dataset(resource=EventResource(), dataset=dataset, dry_run=False)

    assert report.ok and report.unchanged == 1
    event.refresh_from_db()
    assert event.title_en == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("fast", [True, False])
def test_event_resource_reimport_of_export_changes_nothing(fast):
    event = batken_event_write()
    before = Event.objects.values().get(pk=event.pk)
    resource = EventResource() if fast else stock(EventResource)

    result = resource.import_data(export_rows(EventResource), dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 1 and result.totals["new"] == result.totals["update"] == 0
    assert Event.objects.count() == 1
    assert Event.objects.values().get(pk=event.pk) == before


@pytest.mark.parametrize("fast", [True, False])
def test_event_resource_edited_row_updates_only_that_event(fast):
    first, second = factories.EventFactory(), factories.EventFactory()
    untouched = Event.objects.values().get(pk=second.pk)
    dataset = export_rows(EventResource)
    index = [row[0] for row in dataset].index(first.slug)
    row = list(dataset[index])
    row[dataset.headers.index("title_ru")] = "Новое название"
    row[dataset.headers.index("topics")] = "economy; media"
    dataset[index] = row
    resource = EventResource() if fast else stock(EventResource)

    result = resource.import_data(dataset, dry_run=False)

    assert (result.totals["update"], result.totals["skip"]) == (1, 1)
    first.refresh_from_db()
    assert first.title_ru == "Новое название"
    assert sorted(first.topics.values_list("slug", flat=True)) == ["economy", "media"]
    assert Event.objects.values().get(pk=second.pk) == untouched


def test_event_resource_stock_import_reports_unknown_region_and_writes_nothing():
    dataset = tablib.Dataset(headers=["title_ky", "date", "region", "format", "topics"])
    dataset.append(["Жаңы маек", "2022-01-01", "KG-B", "round-table", "migration"])
    dataset.append(["Башка маек", "2022-01-02", "KG-XX", "round-table", "no-such-topic"])
    count = Event.objects.count()

    result = stock(EventResource).import_data(dataset, dry_run=False)

    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "Unknown region “KG-XX”" in invalid.error_dict["region"][0]
    assert "Unknown topic “no-such-topic”" in invalid.error_dict["topics"][0]
    assert Event.objects.count() == count


def test_event_resource_blank_slug_creates_event_with_slug_from_title():
    dataset = tablib.Dataset(headers=["slug", "title_ky", "title_en", "date", "region", "format"])
    dataset.append(["", "Нарындагы маек", "Dialogue in Naryn", "2022-05-01", "KG-N", "round-table"])

    report = import_dataset(resource=EventResource(), dataset=dataset, dry_run=False)

    assert report.ok and report.new == 1
    event = Event.objects.get(title_en="Dialogue in Naryn")
    assert event.slug == "naryndagy-maek-2022-05-01"
    assert event.region.code == "KG-N"


def test_event_resource_region_must_be_an_iso_code():
    dataset = tablib.Dataset(headers=["slug", "title_ky", "date", "region", "format", "status"])
    dataset.append(["x-2022", "Маек", "2022-05-01", "Batken Region", "round-table", "published"])

    report = import_dataset(resource=EventResource(), dataset=dataset, dry_run=True)

    assert [(e.row, e.column) for e in report.errors] == [(2, "region")]


def test_organization_name_widget_matches_any_language_and_refuses_ambiguous_names():
    council = factories.OrganizationFactory(name_ky="Кеңеш", name_ru="Совет", name_en="Council")
    factories.OrganizationFactory(name_ky="Эгиз", name_ru="Близнец", name_en="Twin")
    twin = factories.OrganizationFactory(name_ky="Эгиз", name_ru="Близнец 2", name_en="Twin 2")
    event = factories.EventFactory()
    dataset = tablib.Dataset(
        headers=["slug", "title_ky", "date", "region", "format", "organizers", "partners"]
    )
    dataset.append(
        [event.slug, event.title_ky, "2021-07-08", "KG-B", "open-dialogue-platform", "  совет ", "Эгиз"]
    )

    report = import_dataset(resource=EventResource(), dataset=dataset, dry_run=True)

    assert [(e.column, e.message) for e in report.errors] == [
        ("partners", f"“Эгиз” matches 2 records (#{twin.pk - 1}, #{twin.pk}); write #id to choose one.")
    ]
    dataset[0] = dataset[0][:-1] + (f"#{twin.pk}",)
    report = import_dataset(resource=EventResource(), dataset=dataset, dry_run=False)
    assert report.ok
    assert list(event.organizers.all()) == [council]
    assert list(event.partners.all()) == [twin]


@pytest.mark.parametrize("fast", [True, False])
def test_people_and_organisations_reimport_changes_nothing(fast):
    parent = factories.OrganizationFactory()
    factories.OrganizationFactory(parent=parent, short_name_en="=SHORT")
    factories.PersonFactory(gender=Person.Gender.FEMALE, honorific_ru="профессор")
    for resource_class, model in ((OrganizationResource, Organization), (PersonResource, Person)):
        before = list(model.objects.order_by("pk").values())
        resource = resource_class() if fast else stock(resource_class)

        result = resource.import_data(export_rows(resource_class), dry_run=False)

        assert not result.has_validation_errors(), result.invalid_rows
        assert result.totals["new"] == result.totals["update"] == 0
        assert list(model.objects.order_by("pk").values()) == before


def test_person_resource_unknown_id_is_an_error_not_a_new_record():
    dataset = tablib.Dataset(headers=["id", "full_name_ky"])
    dataset.append(["999", "Белгисиз"])
    dataset.append(["", "Жаңы адам"])

    report = import_dataset(resource=PersonResource(), dataset=dataset, dry_run=False)

    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "id", "No record with id 999.")]
    assert not Person.objects.exists()


def test_participation_resource_round_trip_and_position_update():
    participation = factories.ParticipationFactory(position_ru="Эксперт")
    dataset = export_rows(ParticipationResource)
    report = import_dataset(resource=ParticipationResource(), dataset=dataset, dry_run=False)
    assert report.ok and report.unchanged == 1

    row = list(dataset[0])
    row[dataset.headers.index("position_ru")] = "Ведущий эксперт"
    dataset[0] = row
    report = import_dataset(resource=ParticipationResource(), dataset=dataset, dry_run=False)

    assert report.ok and report.updated == 1
    participation.refresh_from_db()
    assert participation.position_ru == "Ведущий эксперт"
    assert Participation.objects.count() == 1


@pytest.mark.parametrize("fast", [True, False])
def test_participation_import_empty_order_keeps_the_stored_order_and_defaults_new_rows(fast):
    participation = factories.ParticipationFactory(order=3)
    newcomer = factories.PersonFactory(full_name_ru="Айда Бекова")
    dataset = tablib.Dataset(headers=["event", "person", "role", "position_ru", "order"])
    dataset.append([participation.event.slug, f"#{participation.person.pk}", participation.role, "Судья", ""])
    dataset.append([participation.event.slug, "Айда Бекова", "moderator", "", None])

    result = (ParticipationResource() if fast else stock(ParticipationResource)).import_data(
        dataset, dry_run=False
    )

    assert not result.has_validation_errors() and not result.has_errors()
    participation.refresh_from_db()
    assert (participation.position_ru, participation.order) == ("Судья", 3)
    assert Participation.objects.get(person=newcomer).order == 0


def test_participation_import_empty_role_is_still_refused():
    """The role names the record (event, person, role): it has no default to fall back on."""
    participation = factories.ParticipationFactory()
    dataset = tablib.Dataset(headers=["event", "person", "role"])
    dataset.append([participation.event.slug, f"#{participation.person.pk}", ""])

    report = import_dataset(resource=ParticipationResource(), dataset=dataset, dry_run=False)

    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "role", "This column is required.")]
    assert Participation.objects.count() == 1
