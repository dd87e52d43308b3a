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


# Regions ------------------------------------------------------------------------
# Editors and publishers work with the events of their regions (User.regions);
# coordinators and superusers with every region. The admin, the downloads of
# draft files and every other staff path ask these helpers, never the groups.


def sees_all_regions(user) -> bool:
    """Coordinators and superusers see and change the events of every region."""
    return has_role(user, COORDINATOR)


def region_ids(user) -> frozenset[int]:
    """The ids of the regions ``user`` works in (cached on the user for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = getattr(user, "_maek_region_ids", None)
    if cache is None:
        cache = frozenset(user.regions.values_list("pk", flat=True))
        user._maek_region_ids = cache
    return cache


def in_user_regions(user, queryset, *, region_field: str = "region"):
    """``queryset`` narrowed to the regions of ``user``; whole for coordinators and superusers."""
    if sees_all_regions(user):
        return queryset
    return queryset.filter(**{f"{region_field}__in": region_ids(user)})


def can_access_region(user, region_id) -> bool:
    """Whether ``user`` may see and change records of the region ``region_id``."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return sees_all_regions(user) or region_id in region_ids(user)


def can_publish(user) -> bool:
    """Publishers, coordinators and superusers publish and unpublish events."""
    return bool(user is not None and user.is_active and user.has_perm("dialogues.publish_event"))
