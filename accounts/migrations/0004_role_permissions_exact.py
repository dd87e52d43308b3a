"""Set the exact permissions of Editor, Publisher and Coordinator (replacing 0003's).

- Editor: adds and changes events, proposals, participations, presentations,
  agenda items, people and organisations; removes rows of an event (speakers,
  presentations, topics discussed, proposals); reads reference data. Never
  publishes, never deletes an event, a person or an organisation.
- Publisher: an editor who also publishes and unpublishes (dialogues.publish_event).
- Coordinator: everything above everywhere, deletes, manages reference data
  (formats, topics, participant categories; region names), users, and unlocks
  sign-ins (axes access attempts). Imports are theirs too (accounts.roles.can_import).

Region limits are not permissions: accounts.roles applies them in the admin.
The lists are frozen here, as a migration must be.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR, PUBLISHER, COORDINATOR = "Editor", "Publisher", "Coordinator"

VIEW = ("view",)
ENTER = ("add", "change", "view")
ALL = ("add", "change", "delete", "view")

EDITOR_PERMISSIONS = {
    ("dialogues", "event"): ENTER,
    ("dialogues", "participation"): ALL,
    ("dialogues", "presentation"): ALL,
    ("dialogues", "agendaitem"): ALL,
    ("dialogues", "person"): ENTER,
    ("dialogues", "organization"): ENTER,
    ("dialogues", "region"): VIEW,
    ("dialogues", "eventformat"): VIEW,
    ("dialogues", "topic"): VIEW,
    ("dialogues", "participantcategory"): VIEW,
    ("proposals", "proposal"): ALL,
}
PUBLISH = [("dialogues", "publish_event")]
COORDINATOR_PERMISSIONS = {
    **{key: ALL for key in EDITOR_PERMISSIONS},
    ("dialogues", "region"): ("change", "view"),
    ("accounts", "user"): ENTER,
    ("auth", "group"): VIEW,
    ("axes", "accessattempt"): ("delete", "view"),
    ("axes", "accessfailurelog"): VIEW,
    ("axes", "accesslog"): VIEW,
}

ROLES = {
    EDITOR: (EDITOR_PERMISSIONS, []),
    PUBLISHER: (EDITOR_PERMISSIONS, PUBLISH),
    COORDINATOR: (COORDINATOR_PERMISSIONS, PUBLISH),
}


def codenames(table, extra):
    wanted = [(app, f"{action}_{model}") for (app, model), actions in table.items() for action in actions]
    return wanted + list(extra)


def set_permissions(apps, schema_editor):
    # On a fresh database Django creates permissions only after every migration.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, (table, extra) in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in codenames(table, extra)
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    # Going back leaves 0003's lists to the next forward run; nothing to undo here.
    operations = [migrations.RunPython(set_permissions, migrations.RunPython.noop)]
