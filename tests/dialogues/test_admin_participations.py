"""The admin list of participations: every speaker of every event, to search, filter and export."""

import io

import openpyxl
import pytest

from accounts.roles import EDITOR
from dialogues.models import Participation
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/admin/dialogues/participation/"
EXPORT = "/admin/dialogues/participation/export/"


@pytest.fixture
def speakers():
    batken = factories.EventFactory(title_en="Batken dialogue", region=factories.region("KG-B"))
    osh = factories.EventFactory(title_en="Osh dialogue", region=factories.region("KG-O"))
    governor = factories.ParticipationFactory(
        event=batken,
        person=factories.PersonFactory(full_name_ky="Асанов Бакыт", full_name_en=""),
        role=Participation.Role.SPEAKER,
        position_ky="Баткен облусунун губернатору",
    )
    moderator = factories.ParticipationFactory(
        event=batken,
        person=factories.PersonFactory(full_name_ky="Садыкова Айгүл", full_name_en=""),
        role=Participation.Role.MODERATOR,
    )
    mayor = factories.ParticipationFactory(
        event=osh, person=factories.PersonFactory(full_name_ky="Ош мэри", full_name_en="")
    )
    return governor, moderator, mayor


def rows(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=False)) for row in values[1:]]


def export(client, query: str = "") -> list[dict]:
    page = client.get(EXPORT + query)
    fields = {name: "on" for name in page.context["form"].fields if name.startswith("participationresource_")}
    response = client.post(EXPORT + query, {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200
    return rows(response.content)


def test_list_shows_only_the_users_regions_with_an_export_button_and_no_add(client, speakers):
    governor, moderator, _mayor = speakers
    client.force_login(factories.staff_with_role(EDITOR, "KG-B"))

    response = client.get(LIST)

    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {governor, moderator}
    page = response.content.decode()
    assert EXPORT in page
    assert "/admin/dialogues/participation/add/" not in page
    assert "Ош мэри" not in page


def test_list_searches_names_and_positions_in_every_language_and_filters_by_role(
    client, superuser_client, speakers
):
    governor, moderator, _mayor = speakers

    found = superuser_client.get(LIST, {"q": "губернатору"}).context["cl"].result_list
    by_role = superuser_client.get(LIST, {"role__exact": "moderator"}).context["cl"].result_list

    assert list(found) == [governor]
    assert list(by_role) == [moderator]


def test_export_holds_the_filtered_rows_of_the_users_regions_with_natural_keys(client, speakers):
    governor, _moderator, _mayor = speakers
    client.force_login(factories.staff_with_role(EDITOR, "KG-B"))

    exported = export(client, "?role__exact=speaker")

    assert [(r["event"], r["role"], r["position_ky"]) for r in exported] == [
        (governor.event.slug, "speaker", "Баткен облусунун губернатору")
    ]


def test_rows_are_read_only_here_they_change_on_the_event_page(client, superuser_client, speakers):
    governor, _moderator, _mayor = speakers

    page = superuser_client.get(f"{LIST}{governor.pk}/change/")

    assert page.status_code == 200  # shown, not editable
    assert not page.context["has_change_permission"]
    assert (
        f"/admin/dialogues/event/{governor.event_id}/change/" in superuser_client.get(LIST).content.decode()
    )
    assert superuser_client.post(f"{LIST}{governor.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Participation.objects.filter(pk=governor.pk).exists()
