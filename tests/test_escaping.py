"""Whatever staff type is shown as text: escaped on public pages, plain data in exports.

Every translated field of an event and of everything hanging from it gets a
script tag and an attribute break-out in all three languages; the event is
published and every public page and download is read back.
"""

import csv
import io
import zipfile
from html.parser import HTMLParser

import pytest
from modeltranslation.translator import translator

from dialogues.models import Event
from dialogues.services import event_publish
from tests import factories

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '" onmouseover="x'
# Starts like a spreadsheet formula: must reach a workbook or CSV as text.
FORMULA = '=HYPERLINK("http://evil.example","x")'
LANGUAGES = ("ky", "ru", "en")


def payload(label: str) -> str:
    return f"{label} {SCRIPT}{BREAKOUT}"


def fill_translations(record, label: str, *, formula_in: str | None = None):
    """Put the payload into every language column of every translated field of ``record``."""
    for field in translator.get_options_for_model(type(record)).fields:
        for code in LANGUAGES:
            max_length = type(record)._meta.get_field(f"{field}_{code}").max_length or 10_000
            value = payload(f"{label}.{field}.{code}")
            if formula_in == code:
                value = f"{FORMULA} {value}"
            setattr(record, f"{field}_{code}", value[:max_length])
    record.save()
    return record


@pytest.fixture
def hostile_event():
    organizer = fill_translations(factories.OrganizationFactory(), "org", formula_in="ru")
    represented = fill_translations(factories.OrganizationFactory(), "represented")
    person = fill_translations(factories.PersonFactory(), "person", formula_in="en")
    presenter = fill_translations(factories.PersonFactory(), "presenter")
    topic = fill_translations(factories.topic("migration"), "topic")

    event = fill_translations(factories.DraftEventFactory(), "event", formula_in="ru")
    event.topics.add(topic)
    event.organizers.add(organizer)
    event.partners.add(represented)
    fill_translations(
        factories.ParticipationFactory(
            event=event, person=person, organization=represented, role="moderator"
        ),
        "participation",
    )
    fill_translations(
        factories.ParticipationFactory(event=event, person=presenter, organization=organizer, role="speaker"),
        "participation2",
    )
    presentation = fill_translations(factories.PresentationFactory(event=event), "presentation")
    presentation.presenters.add(presenter)
    fill_translations(factories.AgendaItemFactory(event=event), "agenda")
    proposal = factories.ProposalFactory(event=event)
    proposal.addressees.add(organizer)
    proposal.topics.add(topic)
    fill_translations(proposal, "proposal", formula_in="ru")
    fill_translations(factories.ProposalFactory(event=event), "proposal2", formula_in="ky")
    event_publish(event=Event.objects.get(pk=event.pk))
    return Event.objects.get(pk=event.pk)


def public_pages(event):
    for code in LANGUAGES:
        yield f"/{code}/"
        yield f"/{code}/events/"
        yield f"/{code}/events/{event.slug}/"
        yield f"/{code}/proposals/"
        yield f"/{code}/events/?q=event"
        yield f"/{code}/proposals/?q=proposal"
        # What a reader types is escaped too.
        yield f"/{code}/events/?q={SCRIPT}{BREAKOUT}"
        yield f"/{code}/proposals/?q={SCRIPT}{BREAKOUT}"


class MarkupAudit(HTMLParser):
    """Collects what a browser would run: script elements and on* event attributes."""

    def __init__(self):
        super().__init__()
        self.scripts = 0
        self.handlers = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        self.handlers.extend(f"{tag} {name}" for name, _value in attrs if name.startswith("on"))


def assert_no_live_markup(html: str, url: str):
    audit = MarkupAudit()
    audit.feed(html)
    assert audit.scripts == 0, url
    assert audit.handlers == [], url
    assert SCRIPT not in html, url
    assert BREAKOUT not in html, url


def test_public_pages_escape_everything_staff_typed(client, hostile_event):
    seen_escaped = set()
    for url in public_pages(hostile_event):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_no_live_markup(html, url)
        if "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x" in html:
            seen_escaped.add(url)
    # The texts are really on the pages, escaped, not dropped.
    for code in LANGUAGES:
        assert f"/{code}/events/{hostile_event.slug}/" in seen_escaped
        assert f"/{code}/events/" in seen_escaped
        assert f"/{code}/proposals/" in seen_escaped


def test_event_page_shows_each_record_escaped(client, hostile_event):
    html = client.get(f"/ru/events/{hostile_event.slug}/").content.decode()
    escaped_tail = "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x"
    for label in (
        "event.title.ru",
        "event.goal.ru",
        "event.summary.ru",
        "event.venue.ru",
        "person.full_name.ru",
        "participation.position.ru",
        "presentation.title.ru",
        "agenda.text.ru",
        "proposal.text.ru",
    ):
        assert f"{label} {escaped_tail}" in html, label


def xlsx_cells(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    values = []
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows(values_only=True):
            values.extend(str(value) for value in row if value is not None)
    return values


def assert_no_formulas(content: bytes):
    """No cell of any sheet is a formula: the XML has no <f> element."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name


def test_event_workbook_keeps_hostile_text_as_plain_strings(client, hostile_event):
    for code in LANGUAGES:
        response = client.get(f"/{code}/events/{hostile_event.slug}/export.xlsx")
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert_no_formulas(content)
        cells = xlsx_cells(content)
        assert any(f"{SCRIPT}{BREAKOUT}" in cell for cell in cells)
        # Shown verbatim, not HTML-escaped: a spreadsheet is not a web page.
        assert not any("&lt;script" in cell for cell in cells)


def test_proposals_workbook_has_no_formulas(client, hostile_event):
    response = client.get("/ru/proposals/?format=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_no_formulas(content)
    assert any(cell.startswith(FORMULA) for cell in xlsx_cells(content))


def test_proposals_csv_escapes_formulae_and_keeps_the_text(client, hostile_event):
    response = client.get("/ru/proposals/?format=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(f"{SCRIPT}{BREAKOUT}" in cell for cell in cells)
    assert any(cell.startswith("'" + FORMULA) for cell in cells)
    for cell in cells:
        assert not cell.startswith(("=", "+", "@")), cell


# The admin's Excel/CSV exports (django-import-export) of the same records


def export_fields(client, path):
    page = client.get(path)
    assert page.status_code == 200
    return {name: "on" for name in page.context["form"].fields if "resource_" in name}


@pytest.mark.parametrize(
    "model", ["dialogues/event", "proposals/proposal", "dialogues/person", "dialogues/organization"]
)
def test_admin_xlsx_export_keeps_hostile_text_as_plain_strings(superuser_client, hostile_event, model):
    path = f"/admin/{model}/export/"
    response = superuser_client.post(
        path, {"format": "0", "resource": "0", **export_fields(superuser_client, path)}
    )
    assert response.status_code == 200
    assert_no_formulas(response.content)
    cells = xlsx_cells(response.content)
    assert any(f"{SCRIPT}{BREAKOUT}" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.parametrize(
    "model", ["dialogues/event", "proposals/proposal", "dialogues/person", "dialogues/organization"]
)
def test_admin_csv_export_escapes_formulae(superuser_client, hostile_event, model):
    path = f"/admin/{model}/export/"
    response = superuser_client.post(
        path, {"format": "1", "resource": "0", **export_fields(superuser_client, path)}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(f"{SCRIPT}{BREAKOUT}" in cell for cell in cells)
    assert any(cell.startswith("'" + FORMULA) for cell in cells)  # kept, as text
    for cell in cells:
        assert not cell.startswith(("=", "+", "@")), cell
