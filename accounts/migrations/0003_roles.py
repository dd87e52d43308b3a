"""Create the groups Editor, Publisher and Coordinator; grant accounts' and auth's permissions.

The roles are accounts'; the permissions on each app's models are that app's.
So this migration creates the three groups and gives them what they may do with
users and groups; dialogues 0008_role_permissions and proposals
0006_role_permissions grant their own models' permissions to the same groups,
and accounts depends on no app above it (accounts 0002 links User.regions to
dialogues.Region by name: the one, documented, exception).

The sequence, and why it leaves every database with the same permissions:

- Until issue 11 this migration also granted the dialogues and proposals
  permissions, and so depended on dialogues 0003 and proposals 0002; 0004 then
  set every group's complete list. Those two dependencies are gone. A database
  that has run the old 0003 still passes Django's consistency check: every
  migration this one still depends on is older and applied there.
- On such a database 0003 and 0004 do not run again, and its groups hold the
  complete lists the old 0004 set. dialogues 0008 and proposals 0006 are new
  there; they set their app's share of each group to the same lists, so nothing
  changes but drift (see those migrations), and members stay in their groups.
- On a fresh database 0003 creates the groups, 0004 adds the sign-in lockout
  permissions, dialogues 0008 and proposals 0006 add theirs. Each migration
  touches only the permissions of its own apps, so the order Django runs them in
  does not matter.

The names and lists are frozen here, as a migration must be (the names are
accounts.roles.EDITOR etc.): a migration imports no code that may change under it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR, PUBLISHER, COORDINATOR = "Editor", "Publisher", "Coordinator"

# The apps whose permissions this migration hands out, and nothing else.
APP_LABELS = ("accounts", "auth")
# role -> (app label, codename) among APP_LABELS. Editors and publishers get none.
ROLES = {
    EDITOR: set(),
    PUBLISHER: set(),
    COORDINATOR: {
        ("accounts", "add_user"),
        ("accounts", "change_user"),
        ("accounts", "view_user"),
        ("auth", "view_group"),
    },
}


def create_groups(apps, schema_editor):
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


def remove_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_regions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
