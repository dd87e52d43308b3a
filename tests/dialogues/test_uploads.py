"""Uploaded documents: type checked by content, size capped, random names, served as downloads."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.files import validators
from core.files.validators import DocumentValidator, sniff_kind
from dialogues.models import PRESENTATION_EXTENSIONS, REPORT_EXTENSIONS, Event
from dialogues.uploads import random_name, report_upload_to
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# Small but real documents, built the way the programs that write them do.


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def pptx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"})


def xlsx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def opendocument_bytes(kind: str) -> bytes:
    return zip_bytes({"mimetype": validators.OPENDOCUMENT_MIMETYPES[kind], "content.xml": b"<office/>"})


def ole_bytes(stream: str) -> bytes:
    directory = stream.encode("utf-16-le").ljust(64, b"\x00")
    return validators.OLE_MAGIC + b"\x00" * 504 + directory + b"\x00" * 448


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def accepted(validator, file) -> bool:
    """Whether ``validator`` took ``file`` and left it as uploaded, to be saved from its start.

    A refusal raises its ``ValidationError``, so that a failing test shows the message.
    """
    content = file.read()
    file.seek(0)
    validator(file)
    return file.tell() == 0 and file.read() == content


def refusal(validator, file) -> ValidationError:
    """The error the validator raises, its messages rendered in English."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            validator(file)
        error = caught.value
        error.rendered = [str(message) for message in error.messages]
    return error


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", pdf_bytes()),
        ("report.docx", docx_bytes()),
        ("report.odt", opendocument_bytes("odt")),
        ("report.doc", ole_bytes("WordDocument")),
        ("report.rtf", b"{\\rtf1\\ansi Batken}"),
        ("report.txt", "Баткен шаары, 2021-жылдын 8-июлу.\n".encode()),
        ("report.txt", "Баткен, 8 июля 2021 года.\n".encode("cp1251")),
    ],
)
def test_document_validator_accepts_reports_by_content(name, content):
    file = upload(name, content)

    assert accepted(DocumentValidator(REPORT_EXTENSIONS), file)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("slides.pdf", pdf_bytes()),
        ("slides.pptx", pptx_bytes()),
        ("slides.ppt", ole_bytes("PowerPoint Document")),
        ("slides.odp", opendocument_bytes("odp")),
        ("slides.docx", docx_bytes()),
    ],
)
def test_document_validator_accepts_presentations_by_content(name, content):
    file = upload(name, content)

    assert accepted(DocumentValidator(PRESENTATION_EXTENSIONS), file)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (pdf_bytes(), "pdf"),
        (docx_bytes(), "docx"),
        (pptx_bytes(), "pptx"),
        (xlsx_bytes(), "xlsx"),
        (opendocument_bytes("odt"), "odt"),
        (opendocument_bytes("odp"), "odp"),
        (ole_bytes("WordDocument"), "doc"),
        (ole_bytes("PowerPoint Document"), "ppt"),
        (ole_bytes("Workbook"), "xls"),
        (b"{\\rtf1 x}", "rtf"),
        (b"plain words", "txt"),
        (b"<html><body>hi</body></html>", None),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        (zip_bytes({"evil.js": b"alert(1)"}), None),
        (b"", None),
    ],
)
def test_sniff_kind_reads_the_content(content, kind):
    assert sniff_kind(content) == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("report.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("report.txt", b"<script>alert(document.cookie)</script>"),
        ("report.txt", b"Dear reader,\n<iframe src=//evil.example></iframe>"),
        ("report.txt", b"  <?xml version='1.0'?><svg/>"),
        ("report.doc", b"#!/bin/sh\nrm -rf /\n"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("report.docx", zip_bytes({"word.exe": b"MZ"})),
        ("report.pdf", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("slides.odt", opendocument_bytes("ods")),
    ],
)
def test_document_validator_refuses_content_that_is_not_a_document(name, content):
    error = refusal(DocumentValidator(REPORT_EXTENSIONS), upload(name, content))
    assert error.code == "file_type_refused"
    assert "not an accepted document type" in error.rendered[0]


def test_document_validator_refuses_a_name_that_disagrees_with_the_content():
    error = refusal(DocumentValidator(REPORT_EXTENSIONS), upload("report.docx", pdf_bytes()))
    assert error.code == "file_extension_mismatch"
    assert "“.docx”" in error.rendered[0] and "PDF" in error.rendered[0]


def test_document_validator_refuses_a_kind_the_field_does_not_take():
    # A presentation field takes no plain text, even a harmless one.
    error = refusal(DocumentValidator(PRESENTATION_EXTENSIONS), upload("slides.txt", b"plain words"))
    assert error.code == "file_type_refused"


def test_document_validator_refuses_files_over_the_limit(settings):
    settings.MAEK_MAX_UPLOAD_BYTES = 1024
    error = refusal(DocumentValidator(REPORT_EXTENSIONS), upload("report.pdf", pdf_bytes() + b"0" * 2000))
    assert error.code == "file_too_large"
    assert "up to 1.0\xa0KB" in error.rendered[0]


def test_document_validator_refuses_a_zip_bomb(monkeypatch):
    monkeypatch.setattr(validators, "MAX_UNPACKED_BYTES", 10_000)
    bomb = zip_bytes(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" + b" " * 50_000}
    )
    error = refusal(DocumentValidator(REPORT_EXTENSIONS), upload("report.docx", bomb))
    assert error.code == "file_type_refused"


def test_event_full_clean_refuses_an_html_report_and_stores_nothing(settings, tmp_path):
    event = factories.DraftEventFactory()
    event.report_file = upload("report.pdf", b"<html><script>alert(1)</script></html>")

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        event.full_clean()

    assert "report_file" in caught.value.message_dict
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert Event.objects.get(pk=event.pk).report_file.name == ""


def test_presentation_full_clean_refuses_svg():
    presentation = factories.PresentationFactory()
    presentation.file = upload("slides.pdf", b"<svg onload=alert(1)></svg>")

    with pytest.raises(ValidationError) as caught:
        presentation.full_clean()

    assert "file" in caught.value.message_dict


def test_event_full_clean_accepts_a_real_pdf():
    event = factories.DraftEventFactory()
    event.report_file = upload("Отчёт Баткен 08.07.2021.pdf", pdf_bytes())
    event.full_clean()
    event.save()
    assert event.report_file.name.endswith(".pdf")


def test_upload_to_gives_random_names_keeping_only_a_safe_extension():
    first = report_upload_to(None, "Отчёт о диалоге.PDF")
    second = report_upload_to(None, "Отчёт о диалоге.PDF")

    assert first != second
    assert re.fullmatch(r"reports/\d{4}/[A-Za-z0-9_-]{24}\.pdf", first)
    assert "Отчёт" not in first
    assert random_name("reports", "page.html").rsplit("/", 1)[-1].count(".") == 0
    assert not random_name("reports", "report.pdf.php").endswith(".php")


def test_stored_report_file_gets_an_unguessable_name():
    event = factories.EventFactory()
    event.report_file.save("report.pdf", ContentFile(pdf_bytes()), save=True)

    stored = event.report_file.name
    assert "report" not in stored.rsplit("/", 1)[-1]
    assert len(stored.rsplit("/", 1)[-1]) >= 24


# Serving: downloads only, for published events (or staff), never inline.


def test_serve_upload_hands_out_a_published_report_as_an_attachment(client):
    event = factories.EventFactory()
    event.report_file.save("report.pdf", ContentFile(pdf_bytes()), save=True)

    response = client.get(event.report_file.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="{event.slug}-report.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_serve_upload_gives_plain_text_as_a_download_not_a_page(client):
    event = factories.EventFactory()
    event.report_file.save("report.txt", ContentFile("Отчёт".encode()), save=True)

    response = client.get(event.report_file.url)

    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment;")


def test_serve_upload_presentation_of_published_event(client):
    presentation = factories.PresentationFactory()
    presentation.file.save("slides.pptx", ContentFile(pptx_bytes()), save=True)

    response = client.get(presentation.file.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_serve_upload_hides_a_draft_events_file(client):
    event = factories.DraftEventFactory()
    event.report_file.save("report.pdf", ContentFile(pdf_bytes()), save=True)

    assert client.get(event.report_file.url).status_code == 404


def test_serve_upload_shows_a_draft_events_file_to_staff(superuser_client):
    event = factories.DraftEventFactory()
    event.report_file.save("report.pdf", ContentFile(pdf_bytes()), save=True)

    response = superuser_client.get(event.report_file.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_serve_upload_refuses_files_no_record_uses(client, settings):
    stray = settings.MEDIA_ROOT / "reports" / "2021" / "stray.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(pdf_bytes())

    assert client.get("/media/reports/2021/stray.pdf").status_code == 404
    assert client.get("/media/../config/settings.py").status_code == 404
    assert client.get("/media/%2e%2e/manage.py").status_code == 404
