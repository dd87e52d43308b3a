"""Cache invalidation on every save, delete and many-to-many change of public content.

The one use of signals in Maek (see STYLE.md): whatever writes a record through the
ORM — admin, services, imports' per-row path, the shell — the public pages that
show it are rendered afresh on the next request. Writes that send no model signals
call ``pagecache.services.content_changed()`` themselves (the data generator) or
are followed by a signal that does: the admin's Excel import writes with
``bulk_create``/``bulk_update`` and then sends import-export's ``post_import``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from import_export.signals import post_import

from .services import content_changed

# The apps whose records appear on public pages: each registers itself from its
# AppConfig.ready() (register_content_app), so the page cache names no app.
CONTENT_APPS: set[str] = set()
M2M_ACTIONS = frozenset({"post_add", "post_remove", "post_clear"})


def register_content_app(app_label: str) -> None:
    """Render the public pages afresh whenever a record of ``app_label`` changes."""
    CONTENT_APPS.add(app_label)


def is_content(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in CONTENT_APPS
        # History rows (django-simple-history) are written beside every change;
        # they are not shown on public pages and would only double the work.
        and not meta.model_name.startswith("historical")
        # Data migrations save through historical models, possibly before the
        # page cache's own table exists; no page can be cached during migrate.
        and model.__module__ != "__fake__"
    )


def on_save_or_delete(sender, **kwargs):
    if is_content(sender):
        content_changed()


def on_m2m_changed(sender, instance, action, **kwargs):
    if action in M2M_ACTIONS and is_content(type(instance)):
        content_changed()


def on_import(sender, model=None, **kwargs):
    if model is None or is_content(model):
        content_changed()


def connect() -> None:
    post_save.connect(on_save_or_delete, dispatch_uid="pagecache-post-save")
    post_delete.connect(on_save_or_delete, dispatch_uid="pagecache-post-delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="pagecache-m2m-changed")
    post_import.connect(on_import, dispatch_uid="pagecache-post-import")
