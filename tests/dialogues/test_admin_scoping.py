"""Region scoping: an editor or publisher of Batken meets only Batken's events, on every admin path."""

import io
import json

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.roles import COORDINATOR, EDITOR, PUBLISHER
from dialogues.models import Event
from proposals.models import Proposal
from tests import factories
from tests.admin_forms import admin_form_data, inline_rows

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = ("participations", "presentations", "agenda_items", "proposals")
OSH_TITLE = "Ош шаарындагы жабык маек"


@pytest.fixture
def events():
    batken = factories.DraftEventFactory(
        title_ky="Баткендеги маек", title_en="Batken dialogue", region=factories.region("KG-B")
    )
    osh = factories.DraftEventFactory(
        title_ky=OSH_TITLE, title_en="Osh closed dialogue", region=factories.region("KG-O")
    )
    factories.ProposalFactory(event=batken, text_en="Batken proposal")
    factories.ProposalFactory(event=osh, text_en="Osh proposal")
    return batken, osh


@pytest.fixture
def batken_editor(client):
    user = factories.staff_with_role(EDITOR, "KG-B")
    client.force_login(user)
    return user


def xlsx_rows(content: bytes) -> list[dict]:
    """The rows of every sheet, as {header: value}."""
    found = []
    for sheet in openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        found += [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]
    return found


# List, change page, delete, history -----------------------------------------------------


def test_scoping_event_list_shows_only_the_users_regions(client, batken_editor, events):
    batken, osh = events
    response = client.get(reverse("admin:dialogues_event_changelist"))
    shown = list(response.context["cl"].result_list)
    assert shown == [batken]
    assert OSH_TITLE not in response.content.decode()


def test_scoping_event_list_search_does_not_reach_other_regions(client, batken_editor, events):
    response = client.get(reverse("admin:dialogues_event_changelist"), {"q": "Osh"})
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(
    "url_name",
    ["admin:dialogues_event_change", "admin:dialogues_event_delete", "admin:dialogues_event_history"],
)
def test_scoping_other_regions_event_by_url_is_404_without_a_leak(client, batken_editor, events, url_name):
    _batken, osh = events
    response = client.get(reverse(url_name, args=[osh.pk]))
    # Editors may not delete at all (403 before any lookup); the rest is a 404.
    assert response.status_code == (403 if url_name.endswith("delete") else 404)
    assert OSH_TITLE not in response.content.decode()
    assert "Osh closed dialogue" not in response.content.decode()


def test_scoping_other_regions_event_and_missing_event_answer_alike(client, batken_editor, events):
    _batken, osh = events
    other_url = reverse("admin:dialogues_event_change", args=[osh.pk])
    missing_url = reverse("admin:dialogues_event_change", args=[999_999])
    other, missing = client.get(other_url), client.get(missing_url)
    assert other.status_code == missing.status_code == 404
    # The same page but for the address asked for: nothing tells that Osh's event exists.
    assert other.content.decode().replace(other_url, "<url>") == missing.content.decode().replace(
        missing_url, "<url>"
    )


def test_scoping_other_regions_history_version_is_404(client, batken_editor, events):
    _batken, osh = events
    version = osh.history.latest()
    response = client.get(reverse("admin:dialogues_event_simple_history", args=[osh.pk, version.history_id]))
    assert response.status_code == 404
    assert OSH_TITLE not in response.content.decode()


def test_scoping_post_to_other_regions_event_changes_nothing(client, batken_editor, events):
    batken, osh = events
    data = admin_form_data(client.get(reverse("admin:dialogues_event_change", args=[batken.pk])))
    data["title_ky"] = "Басып алынды"

    response = client.post(reverse("admin:dialogues_event_change", args=[osh.pk]), data)

    assert response.status_code == 404
    osh.refresh_from_db()
    assert osh.title_ky == OSH_TITLE


def test_scoping_own_event_change_page_and_inlines_work(client, batken_editor, events):
    batken, _osh = events
    url = reverse("admin:dialogues_event_change", args=[batken.pk])
    page = client.get(url)
    assert page.status_code == 200
    proposals_formset = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == "proposals"
    )
    assert [form.instance.text_en for form in proposals_formset.initial_forms] == ["Batken proposal"]

    data = admin_form_data(page)
    data["title_en"] = "Batken dialogue, corrected"
    assert client.post(url, data).status_code == 302


# New events only in the user's regions --------------------------------------------------


def test_scoping_add_form_offers_only_the_users_regions(client, batken_editor):
    form = client.get(reverse("admin:dialogues_event_add")).context["adminform"].form
    assert list(form.fields["region"].queryset.values_list("code", flat=True)) == ["KG-B"]


def test_scoping_new_event_in_another_region_is_refused(client, batken_editor):
    data = {
        "title_ky": "Ошто жаңы маек",
        "format": str(factories.event_format().pk),
        "region": str(factories.region("KG-O").pk),
        "date": "2021-07-08",
    }
    for prefix in INLINE_PREFIXES:
        data.update(inline_rows(prefix, []))

    response = client.post(reverse("admin:dialogues_event_add"), data)

    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Event.objects.filter(title_ky="Ошто жаңы маек").exists()


def test_scoping_event_cannot_be_moved_to_another_region(client, batken_editor, events):
    batken, _osh = events
    url = reverse("admin:dialogues_event_change", args=[batken.pk])
    data = admin_form_data(client.get(url))
    data["region"] = str(factories.region("KG-O").pk)

    response = client.post(url, data)

    assert response.status_code == 200
    batken.refresh_from_db()
    assert batken.region.code == "KG-B"


# Proposals --------------------------------------------------------------------------------


def test_scoping_proposal_list_and_pages(client, batken_editor, events):
    batken, osh = events
    listing = client.get(reverse("admin:proposals_proposal_changelist"))
    assert [p.event for p in listing.context["cl"].result_list] == [batken]
    osh_proposal = osh.proposals.get()
    for name in ("change", "delete", "history"):
        response = client.get(reverse(f"admin:proposals_proposal_{name}", args=[osh_proposal.pk]))
        assert response.status_code == 404, name
        assert "Osh proposal" not in response.content.decode()


def test_scoping_proposal_for_another_regions_event_is_refused(client, batken_editor, events):
    _batken, osh = events
    response = client.post(
        reverse("admin:proposals_proposal_add"),
        {"event": osh.pk, "text_en": "Sneaked in", "status": "received", "status_changed_on": "2021-07-09"},
    )
    assert response.status_code == 200
    assert "event" in response.context["adminform"].form.errors
    assert not Proposal.objects.filter(text_en="Sneaked in").exists()


# Autocomplete -------------------------------------------------------------------------------


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [item["text"] for item in json.loads(response.content)["results"]]


def test_scoping_event_autocomplete_offers_only_the_users_regions(client, batken_editor, events):
    found = autocomplete(client, "proposals", "proposal", "event")
    assert found == ["Batken dialogue"]
    assert autocomplete(client, "proposals", "proposal", "event", "Osh") == []
    assert autocomplete(client, "proposals", "proposal", "event", "Ош") == []


# Exports and actions ------------------------------------------------------------------------


def test_scoping_event_export_holds_only_the_users_regions(client, batken_editor, events):
    batken, _osh = events
    response = client.post(
        "/admin/dialogues/event/export/",
        {"format": "0", "resource": "0", "eventresource_slug": "on", "eventresource_region": "on"},
    )
    assert response.status_code == 200
    assert xlsx_rows(response.content) == [{"slug": batken.slug, "region": "KG-B"}]


def test_scoping_proposal_export_holds_only_the_users_regions(client, batken_editor, events):
    batken, _osh = events
    page = client.get("/admin/proposals/proposal/export/")
    fields = {name: "on" for name in page.context["form"].fields if name.startswith("proposalresource_")}
    response = client.post("/admin/proposals/proposal/export/", {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200
    text = json.dumps(xlsx_rows(response.content), ensure_ascii=False, default=str)
    assert "Batken proposal" in text
    assert "Osh proposal" not in text


def test_scoping_actions_ignore_other_regions_events(client, events):
    batken, osh = events
    client.force_login(factories.staff_with_role(PUBLISHER, "KG-B"))

    client.post(
        reverse("admin:dialogues_event_changelist"),
        {"action": "publish", "_selected_action": [batken.pk, osh.pk]},
    )
    workbook = client.post(
        reverse("admin:dialogues_event_changelist"),
        {"action": "download_reporting_workbook", "_selected_action": [batken.pk, osh.pk]},
    )

    batken.refresh_from_db()
    osh.refresh_from_db()
    assert batken.is_published and not osh.is_published
    content = b"".join(workbook.streaming_content) if workbook.streaming else workbook.content
    text = json.dumps(xlsx_rows(content), ensure_ascii=False, default=str)
    assert "Osh" not in text and "Ош" not in text


# Deleted records and draft files ------------------------------------------------------------


def test_scoping_deleted_events_list_shows_only_the_users_regions(client, events):
    client.force_login(factories.staff_with_role(EDITOR, "KG-B"))
    gone_batken = factories.DraftEventFactory(title_en="Deleted Batken", region=factories.region("KG-B"))
    gone_osh = factories.DraftEventFactory(title_en="Deleted Osh", region=factories.region("KG-O"))
    gone_batken.delete()
    gone_osh.delete()

    page = client.get(reverse("admin:dialogues_event_recover")).content.decode()

    assert "Deleted Batken" in page
    assert "Deleted Osh" not in page


def test_scoping_draft_report_file_is_for_the_events_region(client, events, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    batken, osh = events
    osh.report_file.save("report.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    client.force_login(factories.staff_with_role(EDITOR, "KG-B", username="batken-reader"))
    assert client.get(osh.report_file.url).status_code == 404

    client.force_login(factories.staff_with_role(EDITOR, "KG-O", username="osh-reader"))
    assert client.get(osh.report_file.url).status_code == 200


# Who sees everything ------------------------------------------------------------------------


def test_scoping_coordinator_sees_every_region(client, events):
    batken, osh = events
    client.force_login(factories.staff_with_role(COORDINATOR))
    shown = set(client.get(reverse("admin:dialogues_event_changelist")).context["cl"].result_list)
    assert shown == {batken, osh}
    assert client.get(reverse("admin:dialogues_event_change", args=[osh.pk])).status_code == 200
    assert len(autocomplete(client, "proposals", "proposal", "event")) == 2


def test_scoping_superuser_sees_every_region(superuser_client, events):
    shown = set(superuser_client.get(reverse("admin:dialogues_event_changelist")).context["cl"].result_list)
    assert shown == set(events)


def test_scoping_editor_without_regions_sees_no_event(client, events):
    client.force_login(factories.staff_with_role(EDITOR))
    assert list(client.get(reverse("admin:dialogues_event_changelist")).context["cl"].result_list) == []


def test_scoping_editor_of_two_regions_sees_both(client, events):
    client.force_login(factories.staff_with_role(EDITOR, "KG-B", "KG-O"))
    shown = set(client.get(reverse("admin:dialogues_event_changelist")).context["cl"].result_list)
    assert shown == set(events)
