"""Handing out uploaded documents, for whichever app owns them.

Maek serves uploads itself, through ``serve_upload`` at MEDIA_URL, rather than
leaving /media/ to the web server: a file is handed out only when a record that
uses it allows it (a published event's report, or staff who may see the draft),
always as a download (``Content-Disposition: attachment``) with a fixed document
type, ``X-Content-Type-Options: nosniff`` and a sandboxing CSP, so nothing
uploaded is ever rendered or run in the browser as a page of the site.

Apps that store files register an owner lookup (``register_file_owner``) from
their ``AppConfig.ready()``; a path no registered owner claims answers 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .validators import CONTENT_TYPES, extension_of


@dataclass(frozen=True)
class OwnedFile:
    """A stored file as the record that uses it hands it out."""

    file: FieldFile
    # The name the download gets, without its extension ("batken-2021-07-08-report").
    download_name: str
    # Whether anyone may download it (a published record's file).
    public: bool
    # Whether this user may download it when it is not public.
    may_see: Callable[[object], bool]


_owners: list[Callable[[str], OwnedFile | None]] = []


def register_file_owner(lookup: Callable[[str], OwnedFile | None]) -> None:
    """Let ``lookup(path)`` claim stored files: it answers an ``OwnedFile`` or None."""
    if lookup not in _owners:
        _owners.append(lookup)


def owned_file(path: str) -> OwnedFile | None:
    for lookup in _owners:
        found = lookup(path)
        if found is not None:
            return found
    return None


@require_safe
def serve_upload(request, path: str):
    """Hand out an uploaded document as a download, never as a page."""
    found = owned_file(path)
    if found is None or not (found.public or found.may_see(request.user)):
        raise Http404
    field_file = found.file
    extension = extension_of(field_file.name)
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{found.download_name}.{extension}" if extension else found.download_name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser ignored the attachment, the file could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600" if found.public else "private, no-store"
    return response
