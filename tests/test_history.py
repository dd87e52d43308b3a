"""Full history (django-simple-history): who changed what and when, in every language column."""

import datetime

import pytest
from django.urls import reverse
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
from tests.admin_forms import _form_data, admin_form_data

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


def test_history_of_an_admin_edit_says_who_when_and_what(superuser_client, superuser):
    event = factories.EventFactory(title_ru="Открытый диалог в Баткене")
    url = f"/admin/dialogues/event/{event.pk}/change/"
    data = admin_form_data(superuser_client.get(url))
    data["title_ru"] = "Особый статус Баткенской области"

    before = timezone.now()
    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    latest = event.history.latest()
    assert latest.history_user == superuser
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


# In the admin: history page, restoring a version, bringing back deleted records


def history_form_data(response) -> dict:
    """POST data of simple-history's revert page (one form, no inlines)."""
    return _form_data(response.context["adminform"].form)


def test_admin_history_page_lists_who_changed_what(superuser_client, superuser):
    event = factories.EventFactory(title_ru="Первый заголовок")
    url = reverse("admin:dialogues_event_change", args=[event.pk])
    data = admin_form_data(superuser_client.get(url))
    data["title_ru"] = "Второй заголовок"
    superuser_client.post(url, data)

    page = superuser_client.get(reverse("admin:dialogues_event_history", args=[event.pk]))

    assert page.status_code == 200
    latest = page.context["page_obj"].object_list[0]
    assert latest.history_user == superuser
    html = page.content.decode()
    # In the "Changed by" column, not only in the page header that greets whoever is signed in.
    user_url = reverse("admin:accounts_user_change", args=[superuser.pk])
    assert f'<a href="{user_url}">{superuser.username}</a>' in html
    assert "Первый заголовок" in html and "Второй заголовок" in html  # the change, old and new


def test_admin_restores_an_earlier_version_with_its_links(superuser_client):
    event = factories.EventFactory(title_ru="Как было", title_en="As it was")
    event.topics.set([factories.topic("migration")])
    good = event.history.latest()
    event.title_ru, event.title_en = "Испорчено", "Spoiled"
    event.save()
    event.topics.set([factories.topic("economy")])
    url = reverse("admin:dialogues_event_simple_history", args=[event.pk, good.history_id])

    page = superuser_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.initial["title_ru"] == "Как было"
    assert list(form.initial["topics"]) == [factories.topic("migration").pk]

    response = superuser_client.post(url, history_form_data(page))

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_ru, event.title_en) == ("Как было", "As it was")
    assert list(event.topics.values_list("slug", flat=True)) == ["migration"]
    assert event.history.latest().history_user.username == "superuser"


def test_admin_brings_back_a_deleted_event(superuser_client):
    event = factories.DraftEventFactory(title_ky="Deleted by mistake", title_en="Deleted by mistake")
    event.topics.set([factories.topic("migration")])
    pk = event.pk
    superuser_client.post(reverse("admin:dialogues_event_delete", args=[pk]), {"post": "yes"})
    assert not Event.objects.filter(pk=pk).exists()

    listing = superuser_client.get(reverse("admin:dialogues_event_recover"))
    assert "Deleted by mistake" in listing.content.decode()
    last = Event.history.filter(id=pk).latest()
    assert last.history_type == "-"
    url = reverse("admin:dialogues_event_simple_history", args=[pk, last.history_id])
    page = superuser_client.get(url)
    assert page.status_code == 200

    assert superuser_client.post(url, history_form_data(page)).status_code == 302

    restored = Event.objects.get(pk=pk)
    assert restored.title_en == "Deleted by mistake"
    assert list(restored.topics.values_list("slug", flat=True)) == ["migration"]
    assert superuser_client.get(reverse("admin:dialogues_event_recover")).context["rows"] == []


def test_admin_brings_back_a_deleted_proposal_at_the_end_of_the_list(superuser_client):
    event = factories.DraftEventFactory()
    first, second, third = factories.ProposalFactory.create_batch(3, event=event)
    reference, text = first.reference, first.text_ru
    superuser_client.post(reverse("admin:proposals_proposal_delete", args=[first.pk]), {"post": "yes"})
    assert list(event.proposals.values_list("number", flat=True)) == [1, 2]

    last = Proposal.history.filter(id=first.pk).latest()
    url = reverse("admin:proposals_proposal_simple_history", args=[first.pk, last.history_id])
    response = superuser_client.post(url, history_form_data(superuser_client.get(url)))

    assert response.status_code == 302
    back = Proposal.objects.get(pk=first.pk)
    assert (back.reference, back.text_ru, back.number) == (reference, text, 3)


def test_admin_brings_back_a_row_removed_from_an_event(superuser_client):
    event = factories.DraftEventFactory()
    presenter = factories.PersonFactory()
    presentation = factories.PresentationFactory(
        event=event, title_ky="Баткен. Миграция жана келечек", title_ru="Баткен. Миграция и будущее"
    )
    presentation.presenters.set([presenter])
    participation = factories.ParticipationFactory(event=event, position_ru="Модератор")
    presentation_pk, participation_pk = presentation.pk, participation.pk
    presentation.delete()
    participation.delete()

    page = superuser_client.get(reverse("admin:dialogues_event_recover")).content.decode()
    assert "Баткен. Миграция жана келечек" in page  # the admin speaks Kyrgyz here

    record = Presentation.history.filter(id=presentation_pk).latest()
    response = superuser_client.post(
        reverse("admin:dialogues_event_restore_row", args=["presentation", record.history_id])
    )

    assert response.status_code == 302
    back = Presentation.objects.get(pk=presentation_pk)
    assert back.title_ru == "Баткен. Миграция и будущее"
    assert list(back.presenters.all()) == [presenter]
    assert not Participation.objects.filter(pk=participation_pk).exists()  # only what was asked


def test_admin_row_restore_needs_post_and_a_visible_event(client, superuser_client):
    event = factories.DraftEventFactory(region=factories.region("KG-O"))
    item = factories.AgendaItemFactory(event=event)
    pk = item.pk
    item.delete()
    record = AgendaItem.history.filter(id=pk).latest()
    url = reverse("admin:dialogues_event_restore_row", args=["agendaitem", record.history_id])

    assert superuser_client.get(url).status_code == 404
    client.force_login(factories.staff_with_role("Editor", "KG-B"))
    assert client.post(url).status_code == 404
    assert not AgendaItem.objects.filter(pk=pk).exists()


def test_admin_brings_back_a_deleted_person(superuser_client):
    person = factories.PersonFactory(
        full_name_ky="Шамшиев Улан Насирдинович", full_name_ru="Шамшиев Улан Насирдинович"
    )
    pk = person.pk
    superuser_client.post(reverse("admin:dialogues_person_delete", args=[pk]), {"post": "yes"})
    assert "Шамшиев" in superuser_client.get(reverse("admin:dialogues_person_recover")).content.decode()

    last = Person.history.filter(id=pk).latest()
    url = reverse("admin:dialogues_person_simple_history", args=[pk, last.history_id])
    assert superuser_client.post(url, history_form_data(superuser_client.get(url))).status_code == 302

    assert Person.objects.get(pk=pk).full_name_ru == "Шамшиев Улан Насирдинович"


def test_admin_recover_page_is_for_those_who_may_add(client):
    client.force_login(factories.UserFactory(is_staff=True, username="viewer"))
    assert client.get(reverse("admin:dialogues_event_recover")).status_code == 403


def test_admin_restore_needs_the_change_permission(client):
    from django.contrib.auth.models import Permission

    viewer = factories.UserFactory(is_staff=True, username="viewer-only")
    viewer.user_permissions.set(Permission.objects.filter(codename="view_person"))
    client.force_login(viewer)
    person = factories.PersonFactory(full_name_ru="Как было")
    old = person.history.latest()
    person.full_name_ru = "Как стало"
    person.save()
    url = reverse("admin:dialogues_person_simple_history", args=[person.pk, old.history_id])
    page = client.get(url)
    assert page.status_code == 200  # viewing a version is fine

    assert client.post(url, history_form_data(page)).status_code == 403

    person.refresh_from_db()
    assert person.full_name_ru == "Как стало"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/dialogues/event/{event}/history/abc/",
        "/admin/dialogues/event/{event}/history/1.5/",
        "/admin/dialogues/event/{event}/history/99999999999999999999/",
        "/admin/dialogues/event/abc/history/",
        "/admin/dialogues/event/abc/history/1/",
        "/admin/proposals/proposal/abc/history/1/",
        "/admin/proposals/proposal/{proposal}/history/-1/",
        "/admin/dialogues/person/" + "9" * 10_000 + "/history/",
    ],
)
def test_admin_history_with_an_id_that_is_no_number_is_404(superuser_client, url):
    proposal = factories.ProposalFactory()
    response = superuser_client.get(url.format(event=proposal.event_id, proposal=proposal.pk))
    assert response.status_code == 404
