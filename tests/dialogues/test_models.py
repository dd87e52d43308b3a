"""Every rule of the data model, at the database (IntegrityError) and in validation (ValidationError)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from core.text import latin_slug, normalize_search, translated_value
from dialogues.models import Event, Organization, Person, Region
from tests import factories

pytestmark = pytest.mark.django_db


def _update(event, **values):
    """Write straight to the database, bypassing validation, inside a savepoint."""
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(**values)


@pytest.mark.parametrize(
    "values",
    [
        {"attendance_total": -1},
        {"attendance_women": -1},
        {"attendance_men": -5},
        {"attendance_total": 45, "attendance_women": 22, "attendance_men": 28},
        {"attendance_total": 10, "attendance_women": 11},
        {"attendance_total": 10, "attendance_men": 11},
        {"end_date": datetime.date(2021, 7, 7)},
        {"series_number": 0},
        {"title_ky": "", "title_ru": None, "title_en": ""},
    ],
)
def test_event_constraints_refuse_impossible_rows(event, values):
    with pytest.raises(IntegrityError):
        _update(event, **values)


def test_event_published_needs_publication_time(event):
    with pytest.raises(IntegrityError):
        _update(event, status=Event.Status.PUBLISHED, published_at=None)


def test_event_attendance_message_names_the_figures():
    event = factories.EventFactory.build(attendance_total=45, attendance_women=22, attendance_men=28)
    # The suite runs in Kyrgyz; the English wording is the one checked here.
    with translation.override("en"), pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["attendance_total"] == ["22 women + 28 men is more than the total of 45."]


def test_event_attendance_negative_is_a_field_error():
    event = factories.EventFactory.build(attendance_women=-3)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "attendance_women" in error.value.message_dict


def test_event_attendance_total_is_sum_when_only_women_and_men_known():
    event = factories.EventFactory(attendance_women=22, attendance_men=28)
    event.refresh_from_db()
    assert event.attendance_total == 50
    assert event.attendance_unspecified == 0


def test_event_attendance_unspecified_is_the_remainder():
    event = factories.EventFactory(attendance_total=50, attendance_women=22, attendance_men=None)
    assert event.attendance_unspecified == 28
    assert event.women_share == pytest.approx(0.44)


def test_event_attendance_may_be_unreported():
    event = factories.EventFactory(attendance_total=None)
    event.full_clean()
    assert event.attendance_unspecified is None
    assert event.women_share is None


def test_event_title_needs_one_language_not_all():
    event = factories.EventFactory.build(title_ky="", title_ru="Круглый стол", title_en="")
    event.full_clean()
    empty = factories.EventFactory.build(title_ky="", title_ru="", title_en="  ")
    with pytest.raises(ValidationError) as error:
        empty.full_clean()
    assert "title_ky" in error.value.message_dict


def test_event_slug_is_latin_transliteration_and_unique():
    first = factories.EventFactory(title_ky="Баткен облусунун өзгөчө статусу", title_ru="", title_en="")
    second = factories.EventFactory(title_ky="Баткен облусунун өзгөчө статусу", title_ru="", title_en="")
    assert first.slug == "batken-oblusunun-ozgocho-statusu-2021-07-08"
    assert second.slug == "batken-oblusunun-ozgocho-statusu-2021-07-08-2"


def test_event_slug_unique_constraint(event):
    other = factories.EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=other.pk).update(slug=event.slug)


def test_event_search_text_folds_every_language():
    event = factories.EventFactory(title_ky="БАТКЕН", title_ru="Баткен", title_en="Batken")
    assert "баткен" in event.search_text
    assert "batken" in event.search_text


def test_event_published_at_set_on_publish():
    event = factories.EventFactory(status=Event.Status.PUBLISHED)
    assert event.published_at is not None


def test_region_code_unique():
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="KG-B", name_ky="Дагы Баткен")


def test_reference_slugs_unique():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.event_format().__class__.objects.create(slug="round-table", name_en="Another round table")


def test_organization_cannot_be_its_own_parent():
    org = factories.OrganizationFactory()
    org.parent = org
    with pytest.raises(ValidationError):
        org.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=org.pk).update(parent=org)


def test_person_name_needs_one_language():
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name_ky="", full_name_ru="", full_name_en="")


def test_participation_unique_person_role_per_event(event):
    person = factories.PersonFactory()
    factories.ParticipationFactory(event=event, person=person, role="moderator")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ParticipationFactory(event=event, person=person, role="moderator")


def test_presentation_and_agenda_item_need_text(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PresentationFactory(event=event, title_ky="", title_ru="", title_en="")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.AgendaItemFactory(event=event, text_ky="", text_ru="", text_en="")


def test_published_queryset_hides_drafts():
    published = factories.EventFactory()
    factories.DraftEventFactory()
    assert list(Event.objects.published()) == [published]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ky", ("Орусча", "ru")), ("ru", ("Орусча", "ru")), ("en", ("English", "en"))],
)
def test_translated_value_falls_back_in_the_documented_order(language, expected):
    event = factories.EventFactory.build(title_ky="", title_ru="Орусча", title_en="English")
    assert translated_value(event, "title", language) == expected


def test_translated_value_en_prefers_ru_before_ky():
    event = factories.EventFactory.build(title_ky="Кыргызча", title_ru="Орусча", title_en="")
    assert translated_value(event, "title", "en") == ("Орусча", "ru")


def test_latin_slug_transliterates_kyrgyz_letters():
    assert latin_slug("Ысык-Көл, Нарын: үй-бүлө жаңылыктары") == "ysyk-kol-naryn-uy-bulo-zhangylyktary"


def test_normalize_search_folds_case_and_collapses_every_unicode_space():
    spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    assert normalize_search(f"{spaces}БАТКЕН{spaces}Облусу\u00a0\u2003ÖКМÖТ\n\t ") == "баткен облусу öкмöт"
    assert normalize_search("") == normalize_search(None) == ""
