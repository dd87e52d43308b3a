"""Create the groups Editor, Publisher and Coordinator with their model permissions.

The permission lists are frozen here, as a migration must be; a later migration
may refine them. Permissions are created first: on a fresh database Django
creates them only after all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR, PUBLISHER, COORDINATOR = "Editor", "Publisher", "Coordinator"

VIEW = ("view",)
EDIT = ("add", "change", "view")
ALL = ("add", "change", "delete", "view")

# (app label, model name) -> actions, per role.
EDITOR_PERMISSIONS = {
    ("dialogues", "event"): EDIT,
    ("dialogues", "participation"): ALL,
    ("dialogues", "presentation"): ALL,
    ("dialogues", "agendaitem"): ALL,
    ("dialogues", "person"): EDIT,
    ("dialogues", "organization"): EDIT,
    ("dialogues", "region"): VIEW,
    ("dialogues", "eventformat"): VIEW,
    ("dialogues", "topic"): VIEW,
    ("dialogues", "participantcategory"): VIEW,
    ("proposals", "proposal"): ALL,
}
PUBLISHER_EXTRA = [("dialogues", "event", "publish_event")]
COORDINATOR_PERMISSIONS = {
    **{key: ALL for key in EDITOR_PERMISSIONS},
    ("dialogues", "region"): ("change", "view"),
    ("accounts", "user"): EDIT,
    ("auth", "group"): VIEW,
}
COORDINATOR_EXTRA = PUBLISHER_EXTRA


def codenames(table, extra=()):
    wanted = [(app, f"{action}_{model}") for (app, model), actions in table.items() for action in actions]
    return wanted + [(app, codename) for app, _model, codename in extra]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    roles = {
        EDITOR: codenames(EDITOR_PERMISSIONS),
        PUBLISHER: codenames(EDITOR_PERMISSIONS, PUBLISHER_EXTRA),
        COORDINATOR: codenames(COORDINATOR_PERMISSIONS, COORDINATOR_EXTRA),
    }
    for name, wanted in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, PUBLISHER, COORDINATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_regions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dialogues", "0003_history_uploads_publish_permission"),
        ("proposals", "0002_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
