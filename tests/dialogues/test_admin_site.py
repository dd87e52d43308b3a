"""Maek's admin site: "view on site" scoped like the change page, changelist filters guarded."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import translation

from accounts.roles import COORDINATOR, EDITOR
from core.admin.site import GuardedChangeListAdmin, MaekAdminSite
from dialogues.models import Event
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db

BATKEN_DRAFT_TITLE = "Баткендин жашыруун долбоору"


@pytest.fixture
def batken():
    """Events of Batken, where the Naryn editor does not work: a draft and a published one."""
    region = factories.region("KG-B")
    draft = factories.DraftEventFactory(
        region=region, title_ky=BATKEN_DRAFT_TITLE, title_en="Batken secret draft", slug="batken-secret-draft"
    )
    published = factories.EventFactory(region=region, slug="batken-open-dialogue")
    return {
        "draft": draft,
        "published": published,
        "draft proposal": factories.ProposalFactory(event=draft),
        "published proposal": factories.ProposalFactory(event=published),
    }


@pytest.fixture
def naryn_editor(client):
    client.force_login(factories.staff_with_role(EDITOR, "KG-N"))
    return client


def view_on_site(record) -> str:
    content_type = ContentType.objects.get_for_model(record)
    return reverse("admin:view_on_site", args=[content_type.pk, record.pk])


def missing_view_on_site(model) -> str:
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(model).pk, 999_999])


# The site itself ------------------------------------------------------------------


def test_admin_site_is_maeks_and_guards_every_registered_admin():
    assert isinstance(admin.site, MaekAdminSite)
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, GuardedChangeListAdmin), model


# View on site: scoping -------------------------------------------------------------


@pytest.mark.parametrize("name", ["draft", "published", "draft proposal", "published proposal"])
def test_view_on_site_other_regions_record_is_404_like_a_missing_one(naryn_editor, batken, name):
    record = batken[name]
    other_url, missing_url = view_on_site(record), missing_view_on_site(type(record))

    other = naryn_editor.get(other_url)
    missing = naryn_editor.get(missing_url)

    assert other.status_code == missing.status_code == 404
    assert "Location" not in other
    page = other.content.decode()
    assert "batken-secret-draft" not in page
    assert BATKEN_DRAFT_TITLE not in page
    # The same page for both but for its own address: nothing tells an existing record from a missing one.
    assert str(other.context["exception"]) == str(missing.context["exception"])
    assert page.replace(other_url, "") == missing.content.decode().replace(missing_url, "")


def test_view_on_site_other_regions_drafts_cannot_be_enumerated(naryn_editor, batken):
    answers = {naryn_editor.get(view_on_site(batken[name])).status_code for name in batken}
    assert answers == {404}


def test_view_on_site_sends_own_published_event_to_its_public_page(client, batken):
    client.force_login(factories.staff_with_role(EDITOR, "KG-B"))
    event = batken["published"]

    response = client.get(view_on_site(event))

    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()


def test_view_on_site_sends_a_proposal_to_its_place_on_the_event_page(client, batken):
    client.force_login(factories.staff_with_role(EDITOR, "KG-B"))
    proposal = batken["published proposal"]

    response = client.get(view_on_site(proposal))

    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()


@pytest.mark.parametrize("name", ["draft", "draft proposal"])
def test_view_on_site_of_a_draft_goes_back_to_the_admin_page_not_the_public_address(client, batken, name):
    client.force_login(factories.staff_with_role(EDITOR, "KG-B"))
    record = batken[name]
    opts = record._meta

    with translation.override("en"):
        response = client.get(view_on_site(record), follow=True)
        message = f"“{record}” is not published: it has no public page yet."

    assert response.redirect_chain[0] == (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
        302,
    )
    assert "batken-secret-draft" not in response.redirect_chain[0][0]
    assert [str(m) for m in response.context["messages"]] == [message]


@pytest.mark.parametrize("role", ["superuser", COORDINATOR])
def test_view_on_site_works_in_every_region_for_coordinators(client, batken, role):
    user = factories.SuperuserFactory() if role == "superuser" else factories.staff_with_role(COORDINATOR)
    client.force_login(user)

    published = client.get(view_on_site(batken["published"]))
    draft = client.get(view_on_site(batken["draft"]))

    assert published["Location"] == batken["published"].get_absolute_url()
    assert draft["Location"] == reverse("admin:dialogues_event_change", args=[batken["draft"].pk])


def test_view_on_site_needs_a_staff_login(client, batken):
    response = client.get(view_on_site(batken["published"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "path",
    [
        "/admin/r/abc/1/",
        "/admin/r/99999999999999999999/1/",
        "/admin/r/-1/1/",
        "/admin/r/{event}/abc/",
        "/admin/r/{event}/99999999999999999999/",
        "/admin/r/{event}/1.5/",
        "/admin/r/{event}/" + "9" * 10_000 + "/",
        "/admin/r/{session}/1/",
        "/admin/r/{person}/{person_pk}/",
    ],
)
def test_view_on_site_answers_404_for_anything_that_is_not_a_visible_public_record(superuser_client, path):
    person = factories.PersonFactory()
    url = path.format(
        event=ContentType.objects.get_for_model(Event).pk,
        session=ContentType.objects.get_for_model(Session).pk,
        person=ContentType.objects.get_for_model(person).pk,
        person_pk=person.pk,
    )
    assert superuser_client.get(url).status_code == 404


def test_change_page_links_to_the_public_page_of_published_records_only(superuser_client, batken):
    def link(record):
        opts = record._meta
        page = superuser_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        )
        return view_on_site(record) in page.content.decode()

    assert link(batken["published"])
    assert link(batken["published proposal"])
    assert not link(batken["draft"])
    assert not link(batken["draft proposal"])


# Changelist guard ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "date__year=99999999999",
        "date__year=99999999999999999999",
        "date__year=9999",
        "date__year=1",
        "date__year=2021&date__month=13",
        "date__year=2021&date__month=99999999999999999999",
        "date__year=2021&date__month=12&date__day=99999999999",
        "date__year=-5",
        "date__year=" + "9" * 10_000,
        "region=99999999999999999999",
        "region__id__exact=-99999999999999999999",
        "year=99999999999",
        "year=99999",
        "year=²",
    ],
)
def test_event_changelist_refuses_impossible_filter_values_without_an_error(superuser_client, event, query):
    url = reverse("admin:dialogues_event_changelist")

    response = superuser_client.get(f"{url}?{query}")

    if response.status_code == 302:
        # Django's answer to a wrong filter: the list again, with a notice.
        assert response["Location"] == f"{url}?e=1"
    else:
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []


def test_event_changelist_date_hierarchy_still_filters(superuser_client):
    july = factories.EventFactory()
    factories.EventFactory(date=july.date.replace(year=2019))
    url = reverse("admin:dialogues_event_changelist")

    response = superuser_client.get(url, {"date__year": "2021", "date__month": "7", "date__day": "8"})

    assert list(response.context["cl"].result_list) == [july]


def test_proposal_and_participation_changelists_show_nothing_for_a_year_out_of_the_calendar(superuser_client):
    factories.ProposalFactory()
    for name in ("proposals_proposal_changelist", "dialogues_participation_changelist"):
        url = reverse(f"admin:{name}")
        beyond = superuser_client.get(url, {"year": "99999"})
        no_number = superuser_client.get(url, {"year": "99999999999999999999"})
        assert beyond.status_code == 200
        assert list(beyond.context["cl"].result_list) == []
        assert no_number["Location"] == f"{url}?e=1"


def test_login_log_changelist_of_axes_is_guarded_too(superuser_client):
    # axes' admin is not Maek's, and has a date hierarchy of its own.
    url = reverse("admin:axes_accessfailurelog_changelist")
    for year in ("9999", "99999999999999999999"):
        response = superuser_client.get(url, {"attempt_time__year": year})
        assert response.status_code == 302
        assert response["Location"] == f"{url}?e=1"


def test_guarded_changelist_keeps_proposal_admin_search_and_filters(superuser_client):
    proposal = factories.ProposalFactory(text_en="Open a border crossing")
    factories.ProposalFactory(status=Proposal.Status.FORWARDED)
    url = reverse("admin:proposals_proposal_changelist")

    response = superuser_client.get(url, {"status__exact": proposal.status, "q": proposal.reference})

    assert list(response.context["cl"].result_list) == [proposal]


# Actions ---------------------------------------------------------------------------


@pytest.mark.parametrize("selected", ["abc", "1.5", "99999999999999999999", "-99999999999999999999"])
@pytest.mark.parametrize("name", ["dialogues_event", "proposals_proposal", "dialogues_person"])
def test_changelist_action_with_a_selection_that_is_no_id_changes_nothing(client, selected, name):
    client.force_login(factories.SuperuserFactory(preferred_language="en"))
    proposal = factories.ProposalFactory()
    url = reverse(f"admin:{name}_changelist")

    response = client.post(
        url, {"action": "delete_selected", "_selected_action": [selected], "index": "0"}, follow=True
    )

    assert response.redirect_chain == [(url, 302)]
    assert "Items must be selected" in str(list(response.context["messages"])[0])
    assert Proposal.objects.filter(pk=proposal.pk).exists()
    assert Event.objects.filter(pk=proposal.event_id).exists()


def test_changelist_action_with_real_ids_still_runs(superuser_client):
    person = factories.PersonFactory()
    url = reverse("admin:dialogues_person_changelist")

    response = superuser_client.post(
        url, {"action": "delete_selected", "_selected_action": [str(person.pk)], "post": "yes"}
    )

    assert response.status_code == 302
    assert not type(person).objects.filter(pk=person.pk).exists()
