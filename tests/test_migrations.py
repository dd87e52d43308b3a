"""Migrations: a database migrated by main before issue 11 reaches today's heads intact.

Issue 11 moved each app's role permissions into its own migrations (accounts 0003
and 0004 grant users, groups and lockouts; dialogues 0008 and proposals 0006 their
own models). A database already at the old leaves must pass Django's consistency
check, keep its data and end with the same groups as a fresh one (whose groups
tests/accounts/test_permissions.py checks). That makemigrations finds no change is
checked by tests/accounts/test_security.py (and `make test`).
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from accounts.models import User
from accounts.roles import COORDINATOR, EDITOR
from dialogues.models import Event
from proposals.models import Proposal
from tests.accounts.test_permissions import ROLE_PERMISSIONS

# Migrating on SQLite cannot happen inside the transaction of an ordinary test; the
# serialized rollback brings the reference data and groups back for the next one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The leaves of main before the role permissions moved into each app.
LEAVES_BEFORE_SPLIT = [
    ("accounts", "0004_role_permissions_exact"),
    ("dialogues", "0007_event_list_index"),
    ("proposals", "0005_word_search"),
    ("pagecache", "0001_initial"),
]
# What accounts' migrations may depend on: the apps below it and Django's own.
BELOW_ACCOUNTS = {"accounts", "auth", "contenttypes", "axes"}


def migrate(targets):
    """Migrate the test database to ``targets`` as `manage.py migrate` would; return the apps there."""
    executor = MigrationExecutor(connection)
    # `migrate` refuses a database whose applied migrations miss a dependency.
    executor.loader.check_consistent_history(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def heads():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def migrated_back():
    """The test database at the leaves of main before the split; back at the heads afterwards."""
    try:
        apps = migrate(LEAVES_BEFORE_SPLIT)
        # Exactly what such a database has applied: going back must not have
        # unapplied an old migration that now depends on a new one.
        loader = MigrationLoader(connection)
        for app, leaf in LEAVES_BEFORE_SPLIT:
            assert {name for label, name in loader.applied_migrations if label == app} == {
                name for label, name in loader.graph.nodes if label == app and name <= leaf
            }
        yield apps
    finally:
        # Even after a failure, later tests must find the ordinary schema.
        migrate(heads())


def group_permissions(apps, name):
    group = apps.get_model("auth", "Group").objects.get(name=name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migrations_from_main_before_the_split_keep_data_and_end_with_the_fresh_roles(migrated_back):
    old = migrated_back
    Permission = old.get_model("auth", "Permission")
    region = old.get_model("dialogues", "Region").objects.get(code="KG-B")
    event = old.get_model("dialogues", "Event").objects.create(
        title_ky="Баткен облусунун өзгөчө статусу",
        slug="batken-special-status",
        date=datetime.date(2021, 7, 8),
        region=region,
        format=old.get_model("dialogues", "EventFormat").objects.order_by("pk").first(),
    )
    proposal = old.get_model("proposals", "Proposal").objects.create(
        event=event, number=1, reference="MK-2021-ABCDE", text_ru="Повысить пенсии"
    )
    editor = old.get_model("accounts", "User").objects.create(
        username="editor.batken", password="!", is_staff=True
    )
    editor.groups.add(old.get_model("auth", "Group").objects.get(name=EDITOR))
    editor.regions.add(region)
    # A database at these leaves holds the lists main's accounts 0004 set, which are
    # today's: the groups keep them when dialogues 0008 and proposals 0006 go back.
    assert {name: group_permissions(old, name) for name in ROLE_PERMISSIONS} == ROLE_PERMISSIONS
    # Drift since then in the apps that now grant their own: it is set right again.
    editor_group = old.get_model("auth", "Group").objects.get(name=EDITOR)
    editor_group.permissions.remove(
        Permission.objects.get(content_type__app_label="proposals", codename="delete_proposal")
    )
    editor_group.permissions.add(
        Permission.objects.get(content_type__app_label="dialogues", codename="delete_event")
    )
    old.get_model("auth", "Group").objects.get(name=COORDINATOR).permissions.remove(
        Permission.objects.get(content_type__app_label="dialogues", codename="publish_event")
    )

    new = migrate(heads())

    assert {name: group_permissions(new, name) for name in ROLE_PERMISSIONS} == ROLE_PERMISSIONS
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLE_PERMISSIONS)
    user = User.objects.get(username="editor.batken")
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR]
    assert list(user.regions.values_list("code", flat=True)) == ["KG-B"]
    stored_event = Event.objects.get(pk=event.pk)
    assert (stored_event.title_ky, stored_event.slug, stored_event.date, stored_event.region_id) == (
        "Баткен облусунун өзгөчө статусу",
        "batken-special-status",
        datetime.date(2021, 7, 8),
        region.pk,
    )
    assert list(Proposal.objects.values_list("pk", "event_id", "number", "reference", "text_ru")) == [
        (proposal.pk, event.pk, 1, "MK-2021-ABCDE", "Повысить пенсии")
    ]


@pytest.mark.django_db
def test_migrations_of_accounts_depend_on_no_app_above_but_the_region_link():
    graph = MigrationLoader(connection).graph
    above = {
        (name, dependency)
        for (app, name), migration in graph.nodes.items()
        if app == "accounts"
        for dependency in migration.dependencies
        if dependency[0] not in BELOW_ACCOUNTS
    }

    # User.regions points to dialogues.Region by name (pyproject.toml, the layers contract).
    assert above == {("0002_user_regions", ("dialogues", "0001_initial"))}
