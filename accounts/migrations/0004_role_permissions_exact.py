"""Set the exact accounts, auth and sign-in lockout (axes) permissions of the three roles.

- Editor and Publisher: none of these; they enter events and proposals, whose
  permissions dialogues 0008_role_permissions and proposals 0006_role_permissions
  grant (Publisher also publishes: dialogues.publish_event).
- Coordinator: adds, changes and reads users (deactivates, never deletes them),
  reads the groups, reads sign-in attempts and unlocks them (deletes an axes
  access attempt). Imports are theirs too (accounts.roles.can_import).

Region limits are not permissions: accounts.roles applies them in the admin.

Until issue 11 this migration set each group's complete list, dialogues' and
proposals' permissions included; it now touches only the apps below, and each
app above grants its own (accounts 0003 explains why every database, migrated
before or after that change, ends with the same permissions). The lists are
frozen here, as a migration must be.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR, PUBLISHER, COORDINATOR = "Editor", "Publisher", "Coordinator"

# The apps whose permissions this migration hands out, and nothing else.
APP_LABELS = ("accounts", "auth", "axes")
# role -> (app label, codename) among APP_LABELS.
ROLES = {
    EDITOR: set(),
    PUBLISHER: set(),
    COORDINATOR: {
        ("accounts", "add_user"),
        ("accounts", "change_user"),
        ("accounts", "view_user"),
        ("auth", "view_group"),
        ("axes", "delete_accessattempt"),
        ("axes", "view_accessattempt"),
        ("axes", "view_accessfailurelog"),
        ("axes", "view_accesslog"),
    },
}


def set_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    # On a fresh database Django creates permissions only after every migration.
    for label in APP_LABELS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0, using=db)
        finally:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.using(db)
        .filter(content_type__app_label__in=APP_LABELS)
        .select_related("content_type")
    }
    for name, wanted in ROLES.items():
        group, _created = Group.objects.using(db).get_or_create(name=name)
        wanted = {available[key] for key in wanted}
        held = set(group.permissions.filter(content_type__app_label__in=APP_LABELS))
        group.permissions.remove(*(held - wanted))
        group.permissions.add(*(wanted - held))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    # Going back leaves the permissions as they are: 0003 set the same accounts and
    # auth ones, and a lockout permission too many harms nothing until 0004 runs again.
    operations = [migrations.RunPython(set_permissions, migrations.RunPython.noop)]
