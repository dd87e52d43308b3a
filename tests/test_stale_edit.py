"""Two people editing the same record: the second save never silently overwrites the first."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.roles import EDITOR
from core.admin import stale as admin_forms
from core.admin.stale import ROW_VERSIONS_FIELD, StaleRowsFormSetMixin
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
    assert "Aibek saved this record at" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.text_ru, proposal.status) == ("Срочно остановить миграцию", Proposal.Status.RECEIVED)


def test_stale_edit_proposal_page_names_who_saved_the_proposal_not_the_event(event):
    """A proposal has no ``updated_by``; its event's names whoever saved the event last."""
    proposal = factories.ProposalFactory(event=event, text_ru="Остановить миграцию")
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    aibek, nurgul, timur = editor("aibek"), editor("nurgul"), editor("timur")
    aibek_data = admin_form_data(aibek.get(url))
    nurgul_data = admin_form_data(nurgul.get(url))
    aibek_data["text_ru"] = "Срочно остановить миграцию"
    assert aibek.post(url, aibek_data).status_code == 302
    timur_data = admin_form_data(timur.get(change_url(event)))
    timur_data["title_ru"] = "Заголовок Тимура"
    assert timur.post(change_url(event), timur_data).status_code == 302

    nurgul_data["status"] = "forwarded"
    response = nurgul.post(url, nurgul_data)

    page = response.content.decode()
    assert "Aibek saved this record at" in page
    assert "Timur saved" not in page


# Rows of the event's page ------------------------------------------------------------


def inline_formset(response, prefix: str):
    return next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix)


def row_index(data: dict, prefix: str, record) -> int:
    return next(
        int(key.split("-")[1])
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(record.pk)
    )


def stale_messages(response, prefix: str) -> list[str]:
    return list(inline_formset(response, prefix).non_form_errors())


@pytest.fixture
def proposals(event):
    return [
        factories.ProposalFactory(event=event, text_ru=f"Предложение {n}", text_en=f"Proposal {n}")
        for n in range(1, 5)
    ]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_stale_edit_proposal_row_changed_by_another_is_refused_and_keeps_the_input(event, proposals, english):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    third = proposals[2]
    aibek_data[f"proposals-{row_index(aibek_data, 'proposals', third)}-text_ru"] = "Исправленный текст"
    assert aibek.post(change_url(event), aibek_data).status_code == 302

    index = row_index(nurgul_data, "proposals", third)
    nurgul_data[f"proposals-{index}-status"] = "forwarded"
    nurgul_data["goal_ru"] = "Цель Нургуль"
    response = nurgul.post(change_url(event), nurgul_data)

    assert response.status_code == 200
    first, *rest = stale_messages(response, "proposals")
    assert first.startswith("Proposal “No. 3: Proposal 3” was changed by Aibek at ")
    assert first.endswith(", after you opened this page.")
    assert rest[-1].startswith("Nothing was saved")
    # Nurgul's input is on the page again; Aibek's correction is kept, nothing of Nurgul's saved.
    shown = inline_formset(response, "proposals").forms[index]
    assert shown["status"].value() == "forwarded"
    assert shown["text_ru"].value() == "Предложение 3"
    assert "Цель Нургуль" in response.content.decode()
    third.refresh_from_db()
    assert (third.text_ru, third.status) == ("Исправленный текст", Proposal.Status.RECEIVED)
    event.refresh_from_db()
    assert event.goal_ru == "Выстроить взаимодействие"


def test_stale_edit_saving_the_rows_again_after_the_warning_is_deliberate(event, proposals):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    third = proposals[2]
    aibek_data[f"proposals-{row_index(aibek_data, 'proposals', third)}-text_ru"] = "Исправленный текст"
    aibek.post(change_url(event), aibek_data)
    nurgul_data[f"proposals-{row_index(nurgul_data, 'proposals', third)}-status"] = "forwarded"
    warned = nurgul.post(change_url(event), nurgul_data)
    assert warned.status_code == 200

    again = nurgul.post(change_url(event), admin_form_data(warned))

    assert again.status_code == 302
    third.refresh_from_db()
    assert (third.text_ru, third.status) == ("Предложение 3", Proposal.Status.FORWARDED)


def test_stale_edit_untouched_stale_row_would_be_written_back_so_it_is_refused(event, proposals, english):
    """Posting a row as it was loaded writes it back: the save is refused whatever else changed."""
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    aibek_data[f"proposals-{row_index(aibek_data, 'proposals', proposals[2])}-text_ru"] = "Исправленный текст"
    aibek.post(change_url(event), aibek_data)

    nurgul_data[f"proposals-{row_index(nurgul_data, 'proposals', proposals[0])}-status"] = "accepted"
    response = nurgul.post(change_url(event), nurgul_data)

    assert response.status_code == 200
    assert stale_messages(response, "proposals")[0].startswith("Proposal “No. 3: Proposal 3” was changed")
    assert Proposal.objects.get(pk=proposals[0].pk).status == Proposal.Status.RECEIVED
    assert Proposal.objects.get(pk=proposals[2].pk).text_ru == "Исправленный текст"


def test_stale_edit_speaker_position_changed_by_another_is_refused(event, english):
    speaker = factories.ParticipationFactory(event=event, position_ru="Эксперт")
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    index = row_index(aibek_data, "participations", speaker)
    aibek_data[f"participations-{index}-position_ru"] = "Депутат Жогорку Кенеша"
    assert aibek.post(change_url(event), aibek_data).status_code == 302

    nurgul_data[f"participations-{index}-position_ru"] = "Старший эксперт"
    response = nurgul.post(change_url(event), nurgul_data)

    assert response.status_code == 200
    [message, _outcome] = stale_messages(response, "participations")
    assert message.startswith(f"Participation “{speaker.person} — Speaker” was changed by Aibek at ")
    assert inline_formset(response, "participations").forms[index]["position_ru"].value() == "Старший эксперт"
    speaker.refresh_from_db()
    assert speaker.position_ru == "Депутат Жогорку Кенеша"


@pytest.mark.parametrize("prefix", ["presentations", "agenda_items"])
def test_stale_edit_presentation_and_agenda_rows_too(event, prefix, english):
    if prefix == "presentations":
        row, column = factories.PresentationFactory(event=event), "title_ru"
    else:
        row, column = factories.AgendaItemFactory(event=event), "text_ru"
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    aibek_data[f"{prefix}-0-{column}"] = "Версия Айбека"
    assert aibek.post(change_url(event), aibek_data).status_code == 302

    nurgul_data[f"{prefix}-0-order"] = "7"
    response = nurgul.post(change_url(event), nurgul_data)

    assert response.status_code == 200
    assert "was changed by Aibek at" in stale_messages(response, prefix)[0]
    row.refresh_from_db()
    assert getattr(row, column) == "Версия Айбека"


def test_stale_edit_row_deleted_by_another_is_refused_then_stays_deleted(event, proposals, english):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    third, fourth = proposals[2], proposals[3]
    aibek_data[f"proposals-{row_index(aibek_data, 'proposals', third)}-DELETE"] = "on"
    assert aibek.post(change_url(event), aibek_data).status_code == 302

    nurgul_data[f"proposals-{row_index(nurgul_data, 'proposals', third)}-status"] = "forwarded"
    nurgul_data[f"proposals-{row_index(nurgul_data, 'proposals', fourth)}-text_ru"] = "Правка Нургуль"
    response = nurgul.post(change_url(event), nurgul_data)

    assert response.status_code == 200
    first, *_rest = stale_messages(response, "proposals")
    assert first.startswith("Proposal “No. 3: Proposal 3” was deleted by Aibek at ")
    page = response.content.decode()
    assert "Select a valid choice" not in page
    # Every posted row is shown again, the last one too, with what Nurgul typed.
    assert "Правка Нургуль" in page
    assert page.count('name="proposals-3-text_ru"') == 1
    assert not Proposal.objects.filter(text_ru="Правка Нургуль").exists()

    again = nurgul.post(change_url(event), admin_form_data(response))

    assert again.status_code == 302
    assert not Proposal.objects.filter(pk=third.pk).exists()
    fourth.refresh_from_db()
    assert (fourth.number, fourth.text_ru) == (3, "Правка Нургуль")
    assert event.proposals.count() == 3


def test_stale_edit_row_deleted_by_both_is_no_conflict(event, proposals):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    aibek_data[f"proposals-{row_index(aibek_data, 'proposals', proposals[2])}-DELETE"] = "on"
    aibek.post(change_url(event), aibek_data)

    nurgul_data[f"proposals-{row_index(nurgul_data, 'proposals', proposals[2])}-DELETE"] = "on"
    nurgul_data["title_ru"] = "Заголовок Нургуль"

    assert nurgul.post(change_url(event), nurgul_data).status_code == 302
    assert sorted(event.proposals.values_list("number", flat=True)) == [1, 2, 3]


def test_stale_edit_deleting_a_row_another_changed_is_refused(event, proposals, english):
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    aibek_data[f"proposals-{row_index(aibek_data, 'proposals', proposals[1])}-text_ru"] = "Исправлено"
    aibek.post(change_url(event), aibek_data)

    nurgul_data[f"proposals-{row_index(nurgul_data, 'proposals', proposals[1])}-DELETE"] = "on"
    response = nurgul.post(change_url(event), nurgul_data)

    assert response.status_code == 200
    assert "No. 2: Proposal 2” was changed by Aibek" in stale_messages(response, "proposals")[0]
    assert Proposal.objects.filter(pk=proposals[1].pk).exists()


def test_stale_edit_row_posted_as_stored_now_is_no_conflict(event, proposals):
    """Both made the same correction: saving it again overwrites nothing."""
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    for data in (aibek_data, nurgul_data):
        data[f"proposals-{row_index(data, 'proposals', proposals[0])}-text_ru"] = "Одна и та же правка"
    aibek.post(change_url(event), aibek_data)

    assert nurgul.post(change_url(event), nurgul_data).status_code == 302


def test_stale_edit_rows_of_a_client_that_posts_no_version_are_saved_as_before(event, proposals):
    aibek = editor("aibek")
    data = admin_form_data(aibek.get(change_url(event)))
    Proposal.objects.filter(pk=proposals[0].pk).update(text_ru="Изменено скриптом")
    data = {key: value for key, value in data.items() if not key.endswith(ROW_VERSIONS_FIELD)}
    data[f"proposals-{row_index(data, 'proposals', proposals[1])}-status"] = "accepted"

    assert aibek.post(change_url(event), data).status_code == 302
    assert Proposal.objects.get(pk=proposals[1].pk).status == Proposal.Status.ACCEPTED


def test_stale_edit_every_inline_of_the_event_page_carries_row_versions(event):
    """A new inline must check its rows too: its formset uses the mixin, and the page
    carries the version of each row in one field per inline."""
    rows = [
        factories.ProposalFactory(event=event),
        factories.ParticipationFactory(event=event),
        factories.PresentationFactory(event=event),
        factories.AgendaItemFactory(event=event),
    ]
    response = editor("aibek").get(change_url(event))
    page = response.content.decode()

    shown = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        assert isinstance(formset, StaleRowsFormSetMixin), formset.prefix
        field = formset.management_form[ROW_VERSIONS_FIELD]
        assert f'name="{field.html_name}" value="{field.value()}"' in page
        [(pk, version)] = [item.split(":") for item in field.value().split()]
        shown[formset.model] = int(pk)
        assert len(version) == 16
    assert shown == {type(row): row.pk for row in rows}


def _queries(client, method: str, url: str, data=None) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code in (200, 302)
    return [query["sql"] for query in captured.captured_queries]


def _filled_event(event, rows: int):
    topic = factories.topic("migration")
    organisation = factories.OrganizationFactory()
    for _ in range(rows):
        proposal = factories.ProposalFactory(event=event)
        proposal.topics.add(topic)
        proposal.addressees.add(organisation)
        factories.ParticipationFactory(event=event, organization=organisation)
        factories.PresentationFactory(event=event).presenters.add(factories.PersonFactory())


def test_stale_edit_row_versions_cost_no_query(event, monkeypatch):
    """The versions come from the rows the inlines loaded, on the page and on the save."""
    _filled_event(event, 6)
    aibek = editor("aibek")
    real = admin_forms.fingerprint

    def counts(*, versions: bool) -> tuple[int, int]:
        # The rows' versions only; the event's own stays as it is.
        monkeypatch.setattr(
            admin_forms,
            "fingerprint",
            lambda record, fields: real(record, fields) if versions or isinstance(record, Event) else "",
        )
        # Per-process caches, the event's last editor shown, the last save's message.
        aibek.post(change_url(event), admin_form_data(aibek.get(change_url(event))))
        aibek.get(change_url(event))
        page = len(_queries(aibek, "get", change_url(event)))
        save = len(_queries(aibek, "post", change_url(event), admin_form_data(aibek.get(change_url(event)))))
        return page, save

    assert counts(versions=True) == counts(versions=False)


def test_stale_edit_refusing_many_stale_rows_reads_their_history_once(event):
    _filled_event(event, 8)
    aibek, nurgul = editor("aibek"), editor("nurgul")
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    for index in range(8):
        aibek_data[f"proposals-{index}-text_ru"] = f"Правка {index}"
        aibek_data[f"participations-{index}-position_ru"] = f"Должность {index}"
    assert aibek.post(change_url(event), aibek_data).status_code == 302

    queries = _queries(nurgul, "post", change_url(event), nurgul_data)

    history = [sql for sql in queries if "historical" in sql.lower()]
    assert len([sql for sql in history if "historicalproposal" in sql.lower()]) == 1
    assert len([sql for sql in history if "historicalparticipation" in sql.lower()]) == 1


@pytest.mark.parametrize(
    "versions, row_id",
    [
        ("garbage", None),
        ("1:abc x: :y 99999999999999999999:0 \x00", None),
        ("99999999999999999999:0123456789abcdef", "99999999999999999999"),
        ("abc:0123456789abcdef", "abc"),
        ("-5:0123456789abcdef", "-5"),
    ],
)
def test_stale_edit_hand_made_row_versions_are_refused_or_ignored_never_a_500(
    event, proposals, versions, row_id
):
    aibek = editor("aibek")
    data = admin_form_data(aibek.get(change_url(event)))
    data[f"proposals-{ROW_VERSIONS_FIELD}"] = versions
    if row_id is not None:
        data["proposals-0-id"] = row_id

    response = aibek.post(change_url(event), data)

    assert response.status_code in (200, 302)
    assert Proposal.objects.filter(event=event).count() == 4


def test_stale_edit_untouched_stale_row_is_shown_as_stored_so_saving_again_keeps_it(
    event, proposals, english
):
    """The refusal shows the row Nurgul never touched with Aibek's correction: her second
    save writes her own change and leaves his alone."""
    aibek, nurgul = editor("aibek"), editor("nurgul")
    aibek_data = admin_form_data(aibek.get(change_url(event)))
    nurgul_data = admin_form_data(nurgul.get(change_url(event)))
    third = proposals[2]
    aibek_data[f"proposals-{row_index(aibek_data, 'proposals', third)}-text_ru"] = "Исправленный текст"
    assert aibek.post(change_url(event), aibek_data).status_code == 302

    nurgul_data[f"proposals-{row_index(nurgul_data, 'proposals', proposals[0])}-status"] = "accepted"
    warned = nurgul.post(change_url(event), nurgul_data)

    assert warned.status_code == 200
    message = stale_messages(warned, "proposals")[0]
    assert message.startswith("Proposal “No. 3: Proposal 3” was changed by Aibek at ")
    assert message.endswith("you had not changed it, so this page now shows their version.")
    shown = inline_formset(warned, "proposals").forms[row_index(nurgul_data, "proposals", third)]
    assert shown["text_ru"].value() == "Исправленный текст"
    first = inline_formset(warned, "proposals").forms[row_index(nurgul_data, "proposals", proposals[0])]
    assert first["status"].value() == "accepted"  # her own change is still on the page

    again = nurgul.post(change_url(event), admin_form_data(warned))

    assert again.status_code == 302
    assert Proposal.objects.get(pk=third.pk).text_ru == "Исправленный текст"
    assert Proposal.objects.get(pk=proposals[0].pk).status == Proposal.Status.ACCEPTED
