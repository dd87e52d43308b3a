import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.roles import COORDINATOR, EDITOR, can_import
from devdata.demo import batken_event_write
from dialogues.models import Event, Person, Region
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db

PROPOSAL_IMPORT = "/admin/proposals/proposal/import/"
PROPOSAL_CONFIRM = "/admin/proposals/proposal/process_import/"


@pytest.fixture(autouse=True)
def _english():
    # The admin speaks the user's preferred language; messages are asserted in English.
    with translation.override("en"):
        yield


def staff_with_role(role: str):
    user = factories.UserFactory(is_staff=True, preferred_language="en")
    user.groups.add(Group.objects.get(name=role))
    # Editors and publishers see the events of their regions: here, every region.
    user.regions.set(Region.objects.all())
    return user


def xlsx(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_rows(content: bytes, index: int = 0) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[index]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_roles_are_created_by_migration_and_only_coordinators_import():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editor", "Publisher", "Coordinator"}
    assert Group.objects.get(name="Publisher").permissions.filter(codename="publish_event").exists()
    assert not Group.objects.get(name="Editor").permissions.filter(codename="publish_event").exists()
    assert can_import(staff_with_role(COORDINATOR))
    assert not can_import(staff_with_role(EDITOR))
    assert can_import(factories.SuperuserFactory())


def test_admin_import_is_refused_to_editors_and_offered_to_coordinators(client):
    client.force_login(staff_with_role(EDITOR))
    assert client.get(PROPOSAL_IMPORT).status_code == 403
    changelist = client.get("/admin/proposals/proposal/").content.decode()
    assert PROPOSAL_IMPORT not in changelist
    assert "/admin/proposals/proposal/export/" in changelist

    client.force_login(staff_with_role(COORDINATOR))
    assert client.get(PROPOSAL_IMPORT).status_code == 200


def test_admin_import_previews_then_confirms(client):
    event = factories.EventFactory()
    client.force_login(staff_with_role(COORDINATOR))
    data = xlsx(
        ["event", "number", "text_ky", "topics"],
        [[event.slug, 1, "Жол", "economy"], [event.slug, 2, "Көпүрө", ""]],
    )

    preview = client.post(
        PROPOSAL_IMPORT, {"format": "1", "resource": "0", "import_file": SimpleUploadedFile("p.xlsx", data)}
    )

    assert preview.status_code == 200
    assert preview.context["result"].totals["new"] == 2
    assert not Proposal.objects.exists()
    confirm = preview.context["confirm_form"]

    done = client.post(PROPOSAL_CONFIRM, {name: confirm.initial[name] for name in confirm.fields})

    assert done.status_code == 302
    assert list(Proposal.objects.order_by("number").values_list("number", "text_ky")) == [
        (1, "Жол"),
        (2, "Көпүрө"),
    ]
    assert list(Proposal.objects.get(number=1).topics.values_list("slug", flat=True)) == ["economy"]


def test_admin_import_shows_bad_rows_and_writes_nothing(client):
    event = factories.EventFactory()
    client.force_login(factories.SuperuserFactory(preferred_language="en"))
    data = xlsx(["event", "number", "text_ky"], [[event.slug, 1, "Жол"], ["nowhere", 2, "Көпүрө"]])

    response = client.post(
        PROPOSAL_IMPORT, {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("p.xlsx", data)}
    )

    [invalid] = response.context["result"].invalid_rows
    assert invalid.number == 3
    assert invalid.error_dict == {"event": ["Unknown event “nowhere”."]}
    assert "confirm_form" not in response.context
    assert "Unknown event “nowhere”." in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("people.pdf", b"%PDF-1.4", "is not an .xlsx or .csv file"),
        ("people.xlsx", b"not a zip at all", "not a spreadsheet that can be read"),
        (
            "people.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"),
            "password-protected",
        ),
        (
            "people.csv",
            b"id,honorific_en\n,Dr\n",
            "The file lacks required columns: full_name_ky / full_name_ru",
        ),
    ],
)
def test_admin_import_refuses_bad_files_with_a_clear_message(client, name, data, message):
    client.force_login(factories.SuperuserFactory(preferred_language="en"))

    response = client.post(
        "/admin/dialogues/person/import/",
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, data)},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_admin_export_respects_filters_and_search(client):
    client.force_login(staff_with_role(EDITOR))
    batken = factories.EventFactory(title_en="Batken water", region=factories.region("KG-B"))
    factories.EventFactory(title_en="Batken roads", region=factories.region("KG-B"))
    factories.EventFactory(title_en="Naryn water", region=factories.region("KG-N"))
    region_id = factories.region("KG-B").pk
    url = f"/admin/dialogues/event/export/?region__id__exact={region_id}&q=water"

    response = client.post(
        url, {"format": "0", "resource": "0", "eventresource_slug": "on", "eventresource_region": "on"}
    )

    assert response.status_code == 200
    assert sheet_rows(response.content) == [{"slug": batken.slug, "region": "KG-B"}]


def test_admin_action_downloads_reporting_workbook_of_selected_events_with_drafts(client):
    client.force_login(staff_with_role(EDITOR))
    event = batken_event_write()
    draft = factories.DraftEventFactory(title_en="Draft dialogue")
    factories.EventFactory(title_en="Not selected")

    response = client.post(
        "/admin/dialogues/event/",
        {"action": "download_reporting_workbook", "_selected_action": [event.pk, draft.pk]},
    )

    assert response.status_code == 200
    content = streamed(response)
    events = sheet_rows(content, 0)
    assert sorted(row["Event"] for row in events) == sorted([event.slug, draft.slug])
    assert {row["Status"] for row in events} == {"Published", "Draft"}
    assert [row["No."] for row in sheet_rows(content, 1)] == [1, 2, 3, 4, 5]
    assert Event.objects.count() == 3
