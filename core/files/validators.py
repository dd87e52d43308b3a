"""Checks on uploaded documents: what a file is, judged by its content, not its name.

A report or a presentation is a PDF, an office document (OOXML, OpenDocument or
the old OLE formats), RTF or plain text. Anything else — HTML, SVG, scripts,
executables, archives dressed up with a ``.pdf`` name — is refused before it
reaches the storage. The name's extension must agree with the content, so a
browser that trusts the extension is not misled either.
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from core.text import decode_text

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"

# Office archives unpack to a few megabytes; a zip bomb unpacks to gigabytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5000

# Markup that a browser would run or render, looked for at the start of text files.
ACTIVE_MARKUP = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<meta",
    b"<a ",
    b"<img",
    b"<style",
    b"<link",
    b"<form",
    b"<div",
    b"<p>",
    b"<table",
    b"#!",
)

ZIP_KINDS = {
    # The member whose presence tells which office format an archive is.
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
OPENDOCUMENT_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# Word saves RTF under a .doc name; RTF runs nothing, so that pair is accepted.
COMPATIBLE_EXTENSIONS = {"rtf": {"rtf", "doc"}}

OLE_STREAMS = {
    # The OLE directory names a Word, Excel or PowerPoint file always has (UTF-16LE).
    "doc": "WordDocument".encode("utf-16-le"),
    "xls": "Workbook".encode("utf-16-le"),
    "ppt": "PowerPoint Document".encode("utf-16-le"),
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "rtf": "application/rtf",
    "txt": "text/plain; charset=utf-8",
}


def extension_of(name: str) -> str:
    """The lower-case extension of a file name, without the dot; '' when there is none."""
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data if isinstance(data, bytes) else data.encode()


def sniff_kind(data: bytes) -> str | None:
    """The document kind the bytes are (an extension such as 'docx'), or None.

    Reads the content only: magic numbers, the members of a zip archive, the
    streams of an OLE compound file, or decodable text free of markup.
    """
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(RTF_MAGIC):
        return "rtf"
    if data.startswith(OLE_MAGIC):
        for kind, stream in OLE_STREAMS.items():
            if stream in data:
                return kind
        return None
    if data.startswith(ZIP_MAGIC):
        return _sniff_zip(data)
    return "txt" if _is_plain_text(data) else None


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                return None
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                return None
            names = {member.filename for member in members}
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                for kind, expected in OPENDOCUMENT_MIMETYPES.items():
                    if mimetype == expected:
                        return kind
                return None
            if "[Content_Types].xml" in names:
                for kind, member in ZIP_KINDS.items():
                    if member in names:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError):
        return None
    return None


def _is_plain_text(data: bytes) -> bool:
    if not data or b"\x00" in data:
        return False
    text = decode_text(data)
    if text is None:
        return False
    head = text.lstrip()[:4096].lower().encode()
    if any(head.startswith(marker) for marker in ACTIVE_MARKUP):
        return False
    # Markup further in still makes a browser that sniffs render it as HTML.
    lowered = text.lower()
    return not any(tag in lowered for tag in ("<script", "<html", "<svg", "<iframe", "<body", "javascript:"))


@deconstructible
class DocumentValidator:
    """Accept a file only if its content is one of ``extensions`` and its name agrees.

    Also enforces ``settings.MAEK_MAX_UPLOAD_BYTES``. Files already in the
    storage were checked when they were uploaded and are not read again, so a
    record can still be saved when its file lives elsewhere (a restored backup).
    """

    def __init__(self, extensions):
        self.extensions = tuple(extensions)

    def __call__(self, value):
        if getattr(value, "_committed", False):
            return
        limit = settings.MAEK_MAX_UPLOAD_BYTES
        if value.size is not None and value.size > limit:
            raise ValidationError(
                _("The file is %(size)s; files up to %(limit)s are accepted."),
                code="file_too_large",
                params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
            )
        data = _read_all(value)
        if len(data) > limit:
            raise ValidationError(
                _("The file is %(size)s; files up to %(limit)s are accepted."),
                code="file_too_large",
                params={"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
            )
        allowed = ", ".join(self.extensions)
        kind = sniff_kind(data)
        if kind is None or kind not in self.extensions:
            raise ValidationError(
                _("This file's content is not an accepted document type (%(allowed)s)."),
                code="file_type_refused",
                params={"allowed": allowed},
            )
        extension = extension_of(value.name or "")
        if extension not in COMPATIBLE_EXTENSIONS.get(kind, {kind}) or extension not in self.extensions:
            raise ValidationError(
                _("The file's name ends in “.%(extension)s” but its content is %(kind)s."),
                code="file_extension_mismatch",
                params={"extension": extension, "kind": kind.upper()},
            )

    def __eq__(self, other):
        return isinstance(other, DocumentValidator) and self.extensions == other.extensions
