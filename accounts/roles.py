"""The roles of Maek's staff, as Django groups (created by migration accounts 0003_roles).

- *Editor* enters and changes events and proposals in their regions.
- *Publisher* does what an editor does, and publishes and unpublishes.
- *Coordinator* manages reference data, users and imports everywhere.

The group names are data: they are stored in the database, so they are not
translated here; the admin shows them as they are.
"""

from django.utils.translation import gettext_lazy as _

EDITOR = "Editor"
PUBLISHER = "Publisher"
COORDINATOR = "Coordinator"

ROLES = (EDITOR, PUBLISHER, COORDINATOR)
ROLE_LABELS = {
    EDITOR: _("Editor"),
    PUBLISHER: _("Publisher"),
    COORDINATOR: _("Coordinator"),
}


def has_role(user, role: str) -> bool:
    """Whether ``user`` belongs to the group of ``role`` (superusers have every role)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: admin pages ask several times per request.
    cache = getattr(user, "_maek_roles", None)
    if cache is None:
        cache = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._maek_roles = cache
    return role in cache


def can_import(user) -> bool:
    """Only coordinators (and superusers) import spreadsheets into Maek."""
    return has_role(user, COORDINATOR)
