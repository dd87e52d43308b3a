"""Grant the roles (groups created by accounts 0003_roles) their permissions on proposals.

Every role adds, changes, reads and removes proposals: a wrong proposal may be
removed by whoever entered it (it stays in the history). Region limits are not
permissions: accounts.roles applies them in the admin.

Until issue 11 accounts 0004 granted these; now proposals owns them. As for
dialogues 0008_role_permissions (accounts 0003 tells the whole sequence): a
database that ran the old accounts 0004 already holds exactly this list, so
nothing changes there; a fresh database gets it here. Only proposals'
permissions are touched, so the order against other apps' migrations does not
matter. Each group ends with exactly the list below, a deleted group is not
created again, and going back changes nothing (the code before this migration
expected the groups to hold these permissions).

The names and lists are frozen here, as a migration must be.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR, PUBLISHER, COORDINATOR = "Editor", "Publisher", "Coordinator"

APP_LABEL = "proposals"
PROPOSAL = {"add_proposal", "change_proposal", "delete_proposal", "view_proposal"}
ROLES = {EDITOR: PROPOSAL, PUBLISHER: PROPOSAL, COORDINATOR: PROPOSAL}


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
        ("proposals", "0005_word_search"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
