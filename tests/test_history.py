"""Full history (django-simple-history): who changed what and when, in every language column."""

import datetime

import pytest
from django.utils import timezone, translation

from dialogues.models import (
    AgendaItem,
    Event,
    Organization,
    Participation,
    Person,
    Presentation,
)
from proposals.models import Proposal
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

TRACKED = {
    Event: ("title", "goal", "summary", "series", "locality", "venue"),
    Participation: ("position",),
    Presentation: ("title",),
    AgendaItem: ("text",),
    Person: ("full_name", "honorific"),
    Organization: ("name", "short_name"),
    Proposal: ("text",),
}


@pytest.mark.parametrize("model", list(TRACKED), ids=lambda m: m.__name__)
def test_history_model_keeps_every_language_column(model):
    history_fields = {field.name for field in model.history.model._meta.get_fields()}
    for field in TRACKED[model]:
        for code in ("ky", "ru", "en"):
            assert f"{field}_{code}" in history_fields
    assert {"history_user", "history_date", "history_type"} <= history_fields


def test_history_leaves_out_the_derived_search_text():
    assert "search_text" not in {f.name for f in Event.history.model._meta.get_fields()}


def test_history_records_create_change_and_delete_of_each_record():
    event = factories.EventFactory()
    person = factories.PersonFactory()
    organization = factories.OrganizationFactory()
    records = [
        event,
        person,
        organization,
        factories.ParticipationFactory(event=event, person=person, organization=organization),
        factories.PresentationFactory(event=event),
        factories.AgendaItemFactory(event=event),
        factories.ProposalFactory(event=event),
    ]
    keys = [(type(record), record.pk) for record in records]
    for record in reversed(records[3:]):
        record.save()
        record.delete()
    for model, pk in keys:
        kinds = list(
            model.history.filter(id=pk).order_by("history_id").values_list("history_type", flat=True)
        )
        assert kinds[0] == "+", model.__name__
        if model in (Participation, Presentation, AgendaItem, Proposal):
            assert kinds[-2:] == ["~", "-"], model.__name__


def test_history_of_an_admin_edit_says_who_when_and_what(admin_client, staff_user):
    event = factories.EventFactory(title_ru="Открытый диалог в Баткене")
    url = f"/admin/dialogues/event/{event.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["title_ru"] = "Особый статус Баткенской области"

    before = timezone.now()
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    latest = event.history.latest()
    assert latest.history_user == staff_user
    assert before - datetime.timedelta(seconds=1) <= latest.history_date <= timezone.now()
    changed_from = latest.prev_record
    while changed_from is not None and changed_from.title_ru == latest.title_ru:
        changed_from = changed_from.prev_record
    assert changed_from is not None
    delta = latest.diff_against(changed_from)
    changes = {change.field: (change.old, change.new) for change in delta.changes}
    assert changes["title_ru"] == ("Открытый диалог в Баткене", "Особый статус Баткенской области")


def test_history_restores_an_earlier_version_in_every_language():
    event = factories.EventFactory(title_ky="Биринчи", title_ru="Первый", title_en="First", venue_ru="Зал")
    event.title_ky, event.title_ru, event.title_en, event.venue_ru = "Экинчи", "Второй", "Second", ""
    event.save()

    # Restoring while the editor works in another language must not mix the columns up.
    with translation.override("en"):
        event.history.earliest().instance.save()

    event.refresh_from_db()
    assert (event.title_ky, event.title_ru, event.title_en, event.venue_ru) == (
        "Биринчи",
        "Первый",
        "First",
        "Зал",
    )
    assert event.history.count() == 3
    assert event.history.latest().history_type == "~"


def test_history_brings_back_a_deleted_record():
    person = factories.PersonFactory(full_name_ru="Асанов Алмаз Ашыркулович", honorific_ru="профессор")
    pk = person.pk
    person.delete()
    assert not Person.objects.filter(pk=pk).exists()

    last = Person.history.filter(id=pk).latest()
    assert last.history_type == "-"
    last.instance.save()

    restored = Person.objects.get(pk=pk)
    assert restored.full_name_ru == "Асанов Алмаз Ашыркулович"
    assert restored.honorific_ru == "профессор"


def test_history_keeps_many_to_many_changes():
    event = factories.EventFactory()
    migration, economy = factories.topic("migration"), factories.topic("economy")
    event.topics.set([migration])
    event.topics.set([migration, economy])

    latest = event.history.latest()
    assert set(latest.topics.values_list("topic_id", flat=True)) == {migration.pk, economy.pk}
    first_with_topics = event.history.filter(history_type="~").earliest()
    assert set(first_with_topics.topics.values_list("topic_id", flat=True)) == {migration.pk}


def test_history_of_a_proposal_follows_its_text_and_status():
    proposal = factories.ProposalFactory(text_ru="Остановить миграцию")
    proposal.text_ru = "Срочно остановить внутреннюю и внешнюю миграцию"
    proposal.status = Proposal.Status.FORWARDED
    proposal.save()

    old, new = proposal.history.earliest(), proposal.history.latest()
    changes = {change.field for change in new.diff_against(old).changes}
    assert {"text_ru", "status"} <= changes
    assert old.text_ru == "Остановить миграцию"
