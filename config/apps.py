"""Django's admin app, configured to use Maek's admin site (core.admin.site)."""

from django.contrib.admin.apps import AdminConfig


class MaekAdminConfig(AdminConfig):
    """``admin.site``, and so every ``@admin.register``, is a ``MaekAdminSite``."""

    default_site = "core.admin.site.MaekAdminSite"
