"""Grant the roles (groups created by accounts 0003_roles) their permissions on dialogues' models.

- Editor adds and changes events, people and organisations; adds, changes and
  removes an event's rows (participations, presentations, agenda items); reads
  the reference data. Never publishes, never deletes an event, a person or an
  organisation.
- Publisher: an editor who also publishes and unpublishes (publish_event).
- Coordinator: everything, everywhere, and manages the reference data (formats,
  topics, participant categories; the names of regions, which are fixed by
  ISO 3166-2 and so never added or deleted).

Until issue 11 accounts 0004 granted these; now dialogues owns them. The
sequence (accounts 0003 tells the whole of it):

- A database that ran the old accounts 0004 holds exactly these lists already;
  this migration, new there, finds nothing to add or take away.
- On a fresh database this is where the groups get them. Only dialogues'
  permissions are touched, so it does not matter whether accounts 0004 or
  proposals 0006 runs before or after it.
- Each group ends with exactly the dialogues permissions below: one granted by
  hand since is taken away, one missing is given back, as the old accounts 0004
  did. A group that was deleted is not created again (the groups are accounts').
- Going back changes nothing: the code before this migration expected the groups
  to hold these permissions (it granted them in accounts 0004).

The names and lists are frozen here, as a migration must be.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR, PUBLISHER, COORDINATOR = "Editor", "Publisher", "Coordinator"

APP_LABEL = "dialogues"
VIEW = ("view",)
ENTER = ("add", "change", "view")
ALL = ("add", "change", "delete", "view")

EDITOR_PERMISSIONS = {
    "event": ENTER,
    "participation": ALL,
    "presentation": ALL,
    "agendaitem": ALL,
    "person": ENTER,
    "organization": ENTER,
    "region": VIEW,
    "eventformat": VIEW,
    "topic": VIEW,
    "participantcategory": VIEW,
}
COORDINATOR_PERMISSIONS = {
    **{model: ALL for model in EDITOR_PERMISSIONS},
    "region": ("change", "view"),
}
PUBLISH = {"publish_event"}


def codenames(table):
    return {f"{action}_{model}" for model, actions in table.items() for action in actions}


ROLES = {
    EDITOR: codenames(EDITOR_PERMISSIONS),
    PUBLISHER: codenames(EDITOR_PERMISSIONS) | PUBLISH,
    COORDINATOR: codenames(COORDINATOR_PERMISSIONS) | PUBLISH,
}


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    # On a fresh database Django creates permissions only after every migration.
    app_config = apps.get_app_config(APP_LABEL)
    app_config.models_module = True
    try:
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
    finally:
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = {
        permission.codename: permission
        for permission in Permission.objects.using(db).filter(content_type__app_label=APP_LABEL)
    }
    for group in Group.objects.using(db).filter(name__in=list(ROLES)):
        wanted = {available[codename] for codename in ROLES[group.name]}
        held = set(group.permissions.filter(content_type__app_label=APP_LABEL))
        group.permissions.remove(*(held - wanted))
        group.permissions.add(*(wanted - held))


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0007_event_list_index"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
