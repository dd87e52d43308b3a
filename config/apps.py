"""Django's admin app, configured to use Maek's admin site (dialogues.admin_site)."""

from django.contrib.admin.apps import AdminConfig


class MaekAdminConfig(AdminConfig):
    """``admin.site``, and so every ``@admin.register``, is a ``MaekAdminSite``."""

    default_site = "dialogues.admin_site.MaekAdminSite"
