"""Where uploaded documents are stored and how they are handed out.

Stored names are random (``reports/2021/Zq3…x9.pdf``): the original name is
not kept, so a file cannot be found by guessing and a name like
``report.pdf.html`` cannot reach the disk. Only the checked extension
survives (see validators.DocumentValidator).

Maek serves uploads itself, through ``serve_upload`` at MEDIA_URL, rather
than leaving /media/ to the web server: the view hands a file out only when
it belongs to a published event (or the reader is staff), always as a
download (``Content-Disposition: attachment``) with a fixed document type,
``X-Content-Type-Options: nosniff`` and a sandboxing CSP, so nothing uploaded
is ever rendered or run in the browser as a page of the site.
"""

import secrets

from django.http import FileResponse, Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.files.validators import CONTENT_TYPES, extension_of

SAFE_EXTENSIONS = frozenset(CONTENT_TYPES)


def random_name(folder: str, filename: str) -> str:
    """``folder/<year>/<random>.<ext>``, keeping the extension only when it is a known document's."""
    extension = extension_of(filename)
    suffix = f".{extension}" if extension in SAFE_EXTENSIONS else ""
    return f"{folder}/{timezone.now():%Y}/{secrets.token_urlsafe(18)}{suffix}"


def report_upload_to(instance, filename: str) -> str:
    return random_name("reports", filename)


def presentation_upload_to(instance, filename: str) -> str:
    return random_name("presentations", filename)


def _owner_event(path: str):
    """The event a stored file belongs to, and a readable download name; None when no record uses it."""
    from .models import Event, Presentation

    event = Event.objects.filter(report_file=path).first()
    if event is not None:
        return event, event.report_file, f"{event.slug}-report"
    presentation = Presentation.objects.filter(file=path).select_related("event").first()
    if presentation is not None:
        return (
            presentation.event,
            presentation.file,
            f"{presentation.event.slug}-presentation-{presentation.pk}",
        )
    return None


def can_see_unpublished(user, event) -> bool:
    """Whether ``user`` may download the files of an event that is not public: staff
    who may view events, in the event's region (coordinators everywhere)."""
    from accounts.roles import can_access_region

    return can_access_region(user, event.region_id) and user.has_perm("dialogues.view_event")


@require_safe
def serve_upload(request, path: str):
    """Hand out an uploaded document as a download, never as a page."""
    found = _owner_event(path)
    if found is None:
        raise Http404
    event, field_file, download_name = found
    if not event.is_published and not can_see_unpublished(request.user, event):
        raise Http404
    extension = extension_of(field_file.name)
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{download_name}.{extension}" if extension else download_name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser ignored the attachment, the file could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600" if event.is_published else "private, no-store"
    return response
