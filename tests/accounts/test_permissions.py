"""The permission matrix: each role × add / change / publish / delete / import, through the admin."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import COORDINATOR, EDITOR, PUBLISHER, can_import, can_publish
from dialogues.models import Event, Topic
from dialogues.services import event_unpublish
from proposals.models import Proposal
from tests import factories
from tests.admin_forms import _form_data, admin_form_data, inline_rows

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = ("participations", "presentations", "agenda_items", "proposals")
ROLES = (EDITOR, PUBLISHER, COORDINATOR)

# role: may it (add, change, publish, delete, import) events?
MATRIX = {
    EDITOR: {"add": True, "change": True, "publish": False, "delete": False, "import": False},
    PUBLISHER: {"add": True, "change": True, "publish": True, "delete": False, "import": False},
    COORDINATOR: {"add": True, "change": True, "publish": True, "delete": True, "import": True},
}


def login(client, role):
    user = factories.staff_with_role(role, "KG-B")
    client.force_login(user)
    return user


def new_event_data(title="Баткен облусунун өзгөчө статусу") -> dict:
    data = {
        "title_ky": title,
        "format": str(factories.event_format().pk),
        "region": str(factories.region("KG-B").pk),
        "date": "2021-07-08",
    }
    for prefix in INLINE_PREFIXES:
        data.update(inline_rows(prefix, []))
    return data


def history_form_data(response) -> dict:
    """POST data of simple-history's revert page (one form, no inlines)."""
    return _form_data(response.context["adminform"].form)


# The groups' permissions, exactly -----------------------------------------------------
# Each app grants its share in its own migration: accounts 0003/0004 (users, groups,
# lockouts), dialogues 0008 and proposals 0006. tests/test_migrations.py checks that a
# database migrated before that split ends with the same lists.

ENTER = {"add", "change", "view"}
ALL = ENTER | {"delete"}
EDITOR_EXPECTED = frozenset(
    {
        *(f"dialogues.{a}_event" for a in ENTER),
        *(f"dialogues.{a}_{m}" for m in ("participation", "presentation", "agendaitem") for a in ALL),
        *(f"dialogues.{a}_{m}" for m in ("person", "organization") for a in ENTER),
        *(f"dialogues.view_{m}" for m in ("region", "eventformat", "topic", "participantcategory")),
        *(f"proposals.{a}_proposal" for a in ALL),
    }
)
PUBLISHER_EXPECTED = EDITOR_EXPECTED | {"dialogues.publish_event"}
COORDINATOR_EXPECTED = frozenset(
    {
        *(
            f"dialogues.{a}_{m}"
            for m in (
                "event",
                "participation",
                "presentation",
                "agendaitem",
                "person",
                "organization",
                "eventformat",
                "topic",
                "participantcategory",
            )
            for a in ALL
        ),
        # Regions are fixed by ISO 3166-2: their names change, the list does not.
        "dialogues.change_region",
        "dialogues.view_region",
        "dialogues.publish_event",
        *(f"proposals.{a}_proposal" for a in ALL),
        # Users are deactivated, not deleted; groups are read, never changed.
        *(f"accounts.{a}_user" for a in ENTER),
        "auth.view_group",
        # Unlocking a locked-out user is deleting their access attempt.
        "axes.delete_accessattempt",
        "axes.view_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
    }
)
# What every role's group holds on a database migrated to the heads, fresh or not.
ROLE_PERMISSIONS = {EDITOR: EDITOR_EXPECTED, PUBLISHER: PUBLISHER_EXPECTED, COORDINATOR: COORDINATOR_EXPECTED}


def group_permissions(name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_roles_editor_has_exactly_the_entry_permissions():
    assert group_permissions(EDITOR) == EDITOR_EXPECTED


def test_roles_publisher_is_an_editor_who_publishes():
    assert group_permissions(PUBLISHER) == PUBLISHER_EXPECTED


def test_roles_coordinator_manages_reference_data_users_and_unlocks():
    assert group_permissions(COORDINATOR) == COORDINATOR_EXPECTED


def test_roles_are_the_groups_the_migrations_create():
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLE_PERMISSIONS)


@pytest.mark.parametrize("role", ROLES)
def test_roles_helpers_follow_the_matrix(role):
    user = factories.staff_with_role(role, "KG-B")
    assert can_publish(user) == MATRIX[role]["publish"]
    assert can_import(user) == MATRIX[role]["import"]


# Add ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_add_event(client, role):
    login(client, role)
    assert client.get(reverse("admin:dialogues_event_add")).status_code == 200

    response = client.post(reverse("admin:dialogues_event_add"), new_event_data())

    assert response.status_code == 302
    event = Event.objects.get(title_ky="Баткен облусунун өзгөчө статусу")
    assert event.status == Event.Status.DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_add_proposal(client, role):
    login(client, role)
    event = factories.DraftEventFactory()

    response = client.post(
        reverse("admin:proposals_proposal_add"),
        {
            "event": event.pk,
            "text_ru": "Повысить пенсии",
            "status": "received",
            "status_changed_on": "2021-07-09",
        },
    )

    assert response.status_code == 302
    assert event.proposals.get().number == 1


# Change -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_change_event(client, role):
    login(client, role)
    event = factories.DraftEventFactory()
    url = reverse("admin:dialogues_event_change", args=[event.pk])
    data = admin_form_data(client.get(url))
    data["title_en"] = "Special status of Batken region"

    assert client.post(url, data).status_code == 302

    event.refresh_from_db()
    assert event.title_en == "Special status of Batken region"


# Publish ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_publish_and_unpublish(client, role):
    login(client, role)
    draft, published = factories.DraftEventFactory(), factories.EventFactory()
    changelist = reverse("admin:dialogues_event_changelist")

    actions = [c[0] for c in client.get(changelist).context["action_form"].fields["action"].choices]
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    client.post(changelist, {"action": "unpublish", "_selected_action": [published.pk]})

    draft.refresh_from_db()
    published.refresh_from_db()
    allowed = MATRIX[role]["publish"]
    assert ("publish" in actions, "unpublish" in actions) == (allowed, allowed)
    assert draft.is_published == allowed
    assert published.is_published == (not allowed)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_status_cannot_be_posted_by_the_form(client, role):
    login(client, role)
    draft = factories.DraftEventFactory()
    url = reverse("admin:dialogues_event_change", args=[draft.pk])
    data = admin_form_data(client.get(url))
    data["status"] = "published"

    client.post(url, data)

    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT  # publishing is an action, never a form field


def test_permission_matrix_editor_restoring_a_published_version_does_not_publish(client):
    login(client, EDITOR)
    event = factories.EventFactory(title_en="As published")
    published_version = event.history.latest()
    event_unpublish(event=event)
    url = reverse("admin:dialogues_event_simple_history", args=[event.pk, published_version.history_id])
    page = client.get(url)
    assert page.status_code == 200

    assert client.post(url, history_form_data(page)).status_code == 302

    event.refresh_from_db()
    assert event.title_en == "As published"
    assert event.status == Event.Status.DRAFT


# Delete -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_delete_event(client, role):
    login(client, role)
    event = factories.DraftEventFactory()
    url = reverse("admin:dialogues_event_delete", args=[event.pk])

    page = client.get(url)
    client.post(url, {"post": "yes"})

    allowed = MATRIX[role]["delete"]
    assert page.status_code == (200 if allowed else 403)
    assert Event.objects.filter(pk=event.pk).exists() == (not allowed)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_delete_person_is_for_coordinators(client, role):
    login(client, role)
    person = factories.PersonFactory()

    client.post(reverse("admin:dialogues_person_delete", args=[person.pk]), {"post": "yes"})

    assert person.__class__.objects.filter(pk=person.pk).exists() == (role != COORDINATOR)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_delete_proposal_row_of_an_event(client, role):
    """Every role may remove a wrong proposal (it stays in the history)."""
    login(client, role)
    proposal = factories.ProposalFactory(event=factories.DraftEventFactory())

    client.post(reverse("admin:proposals_proposal_delete", args=[proposal.pk]), {"post": "yes"})

    assert not Proposal.objects.filter(pk=proposal.pk).exists()


# Import -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ["dialogues/event", "proposals/proposal", "dialogues/person"])
def test_permission_matrix_import(client, role, model):
    login(client, role)
    response = client.get(f"/admin/{model}/import/")
    assert response.status_code == (200 if MATRIX[role]["import"] else 403)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_export_is_for_everyone(client, role):
    login(client, role)
    assert client.get("/admin/dialogues/event/export/").status_code == 200


# Reference data, users, unlocking -----------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_reference_data_is_managed_by_coordinators(client, role):
    login(client, role)
    response = client.post(reverse("admin:dialogues_topic_add"), {"slug": "water", "name_en": "Water"})
    assert Topic.objects.filter(slug="water").exists() == (role == COORDINATOR)
    if role != COORDINATOR:
        assert response.status_code == 403
        # Reading the reference lists is fine (autocomplete needs it).
        assert client.get(reverse("admin:dialogues_topic_changelist")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_users_are_managed_by_coordinators(client, role):
    login(client, role)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == (200 if role == COORDINATOR else 403)


def test_coordinator_cannot_make_anyone_superuser_or_hand_out_permissions(client):
    coordinator = login(client, COORDINATOR)
    editor = factories.staff_with_role(EDITOR, "KG-N", username="editor-naryn")
    url = reverse("admin:accounts_user_change", args=[editor.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {
        EDITOR,
        PUBLISHER,
        COORDINATOR,
    }
    data = admin_form_data(page)
    data["is_superuser"] = "on"
    data["groups"] = [str(Group.objects.get(name=PUBLISHER).pk)]

    assert client.post(url, data).status_code == 302

    editor.refresh_from_db()
    assert not editor.is_superuser
    assert set(editor.groups.values_list("name", flat=True)) == {PUBLISHER}
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser


def test_coordinator_does_not_see_superusers(client):
    login(client, COORDINATOR)
    root = factories.SuperuserFactory(username="root")

    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "root" not in listing
    assert client.get(reverse("admin:accounts_user_change", args=[root.pk])).status_code == 404


def test_coordinator_unlocks_a_locked_out_user(client):
    login(client, COORDINATOR)
    attempt = AccessAttempt.objects.create(
        username="editor.batken", ip_address="203.0.113.5", failures_since_start=5, get_data="", post_data=""
    )

    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert not AccessAttempt.objects.exists()


def test_editor_cannot_see_lockouts(client):
    login(client, EDITOR)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
