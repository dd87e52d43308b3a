"""URLs: the public site carries the language (/ky/, /ru/, /en/); the admin does not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.health import healthz
from core.files.serving import serve_upload
from dialogues.views import root_redirect

urlpatterns = [
    path("", root_redirect, name="root"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("dialogues.urls")),
    path("", include("reports.urls")),
    path("proposals/", include("proposals.urls")),
    prefix_default_language=True,
)

# Uploaded documents are always handed out by Maek itself, as downloads, and
# only for the records that allow it (core/files/serving.py, dialogues/uploads.py),
# in development and production.
urlpatterns += [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_upload, name="media"),
]
