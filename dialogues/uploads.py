"""Where the documents of events are stored, and who may download them.

Stored names are random (``reports/2021/Zq3…x9.pdf``): the original name is
not kept, so a file cannot be found by guessing and a name like
``report.pdf.html`` cannot reach the disk. Only the checked extension
survives (see validators.DocumentValidator).

They are handed out by ``core.files.serving.serve_upload``, which asks
``event_file`` (registered from ``DialoguesConfig.ready()``) whose a file is:
a published event's to everyone, a draft's to staff of its region.
"""

import secrets

from django.utils import timezone

from accounts.roles import can_access_region
from core.files.serving import OwnedFile
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


def event_file(path: str) -> OwnedFile | None:
    """The report or presentation of an event stored at ``path``; None when no record uses it.

    Public when the event is published; otherwise staff who may view events, in the
    event's region (coordinators everywhere), may download it.
    """
    from .models import Event, Presentation

    event = Event.objects.filter(report_file=path).first()
    if event is not None:
        field_file, name = event.report_file, f"{event.slug}-report"
    else:
        presentation = Presentation.objects.filter(file=path).select_related("event").first()
        if presentation is None:
            return None
        event = presentation.event
        field_file, name = presentation.file, f"{event.slug}-presentation-{presentation.pk}"
    return OwnedFile(
        file=field_file,
        download_name=name,
        public=event.is_published,
        may_see=lambda user: can_see_unpublished(user, event),
    )


def can_see_unpublished(user, event) -> bool:
    """Whether ``user`` may download the files of an event that is not public: staff
    who may view events, in the event's region (coordinators everywhere)."""
    return can_access_region(user, event.region_id) and user.has_perm("dialogues.view_event")
