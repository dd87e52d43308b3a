"""Two people editing the same record: the second save never silently overwrites the first."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import EDITOR
from dialogues.models import Event
from proposals.models import Proposal
from tests import factories
from tests.admin_forms import admin_form_data, inline_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return factories.DraftEventFactory(
        title_ru="Открытый диалог", goal_ru="Выстроить взаимодействие", region=factories.region("KG-B")
    )


def editor(name: str) -> Client:
    client = Client()
    client.force_login(factories.staff_with_role(EDITOR, "KG-B", username=name, first_name=name.title()))
    return client


def change_url(event):
    return reverse("admin:dialogues_event_change", args=[event.pk])


def test_stale_edit_second_save_is_refused_and_keeps_the_input(event):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))

    aibek_data["title_ru"] = "Особый статус Баткенской области"
    assert aibek.post(change_url(event), aibek_data).status_code == 302

    nurgul_data["goal_ru"] = "Свобода слова в приграничье"
    response = nurgul.post(change_url(event), nurgul_data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [error.code for error in form.errors.as_data()["__all__"]] == ["stale"]
    page = response.content.decode()
    assert "Aibek saved this record at" in page
    assert "Nothing was saved" in page
    # Nurgul's typing is still in the form; Aibek's title is still stored.
    assert "Свобода слова в приграничье" in page
    event.refresh_from_db()
    assert event.title_ru == "Особый статус Баткенской области"
    assert event.goal_ru == "Выстроить взаимодействие"


def test_stale_edit_saving_again_after_the_warning_is_deliberate(event):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    aibek_data["title_ru"] = "Особый статус"
    aibek.post(change_url(event), aibek_data)
    nurgul_data["goal_ru"] = "Новая цель"
    warned = nurgul.post(change_url(event), nurgul_data)

    again = nurgul.post(change_url(event), admin_form_data(warned))

    assert again.status_code == 302
    event.refresh_from_db()
    assert event.goal_ru == "Новая цель"


def test_stale_edit_a_fresh_form_saves_normally(event):
    aibek = editor("aibek")
    first = admin_form_data(aibek.get(change_url(event)))
    first["title_ru"] = "Первая правка"
    assert aibek.post(change_url(event), first).status_code == 302

    second = admin_form_data(aibek.get(change_url(event)))
    second["title_ru"] = "Вторая правка"
    assert aibek.post(change_url(event), second).status_code == 302

    event.refresh_from_db()
    assert event.title_ru == "Вторая правка"


def test_stale_edit_publication_in_between_is_not_a_conflict(event):
    """The form does not hold the status, so saving it cannot undo a publication."""
    from dialogues.services import event_publish

    aibek = editor("aibek")
    data = admin_form_data(aibek.get(change_url(event)))
    event_publish(event=event)
    data["title_ru"] = "Правка после публикации"

    assert aibek.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.title_ru == "Правка после публикации"
    assert event.status == Event.Status.PUBLISHED


def test_stale_edit_rows_added_by_someone_else_are_not_a_conflict(event):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    aibek_data.update(
        inline_rows("proposals", [{"position": "", "text_ru": "Поднять пенсии", "status": "received"}])
    )
    assert aibek.post(change_url(event), aibek_data).status_code == 302

    nurgul_data["title_ru"] = "Заголовок Нургуль"
    assert nurgul.post(change_url(event), nurgul_data).status_code == 302

    assert event.proposals.get().text_ru == "Поднять пенсии"
    event.refresh_from_db()
    assert event.title_ru == "Заголовок Нургуль"


def test_stale_edit_many_to_many_change_is_a_conflict(event):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    aibek_data["topics"] = [str(factories.topic("migration").pk)]
    aibek.post(change_url(event), aibek_data)

    response = nurgul.post(change_url(event), nurgul_data)

    assert response.status_code == 200
    assert list(event.topics.values_list("slug", flat=True)) == ["migration"]


def test_stale_edit_proposal_page_too(event):
    proposal = factories.ProposalFactory(event=event, text_ru="Остановить миграцию")
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(url))
    nurgul_data = admin_form_data(nurgul.get(url))
    aibek_data["text_ru"] = "Срочно остановить миграцию"
    assert aibek.post(url, aibek_data).status_code == 302

    nurgul_data["status"] = "forwarded"
    response = nurgul.post(url, nurgul_data)

    assert response.status_code == 200
    assert "Someone else saved this record at" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.text_ru, proposal.status) == ("Срочно остановить миграцию", Proposal.Status.RECEIVED)
