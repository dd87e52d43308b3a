"""Public pages are cached whole, and every change to what they show appears at once."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from import_export.signals import post_import

from devdata.generate import generate_data
from dialogues.models import Event
from dialogues.services import event_publish, event_unpublish
from pagecache import services
from pagecache.models import ContentChange
from pagecache.selectors import INITIAL_VERSION, content_version
from proposals.models import Proposal
from proposals.services import proposal_create, proposal_delete
from tests import factories

pytestmark = pytest.mark.django_db


def get(client, url):
    """The response and the number of SQL queries it took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def text_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_public_page_second_request_is_served_from_the_cache(client):
    event = factories.EventFactory(title_ky="Баткендеги маек")
    url = event.get_absolute_url()

    first, first_queries = get(client, url)
    second, second_queries = get(client, url)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert first_queries > 1
    assert second_queries == 1  # the content version, nothing else


@pytest.mark.parametrize(
    "url", ["/ky/", "/ky/events/", "/ky/events/?region=KG-B", "/ky/proposals/", "/en/proposals/?q=batken"]
)
def test_every_public_page_is_cached(client, url):
    factories.ProposalFactory(text_en="Batken is the centre")

    get(client, url)
    _response, queries = get(client, url)

    assert queries == 1


def test_cached_page_keeps_the_security_headers(client):
    event = factories.EventFactory()
    fresh = client.get(event.get_absolute_url())
    cached = client.get(event.get_absolute_url())

    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Type"):
        assert cached.get(header) == fresh.get(header), header


def test_edited_title_shows_at_once_on_every_page(client):
    event = factories.EventFactory(title_ky="Эски аталыш")
    pages = ["/ky/", "/ky/events/", event.get_absolute_url()]
    for url in pages:
        assert "Эски аталыш" in text_of(client, url)

    event.title_ky = "Жаңы аталыш"
    event.save()

    for url in pages:
        content = text_of(client, url)
        assert "Жаңы аталыш" in content, url
        assert "Эски аталыш" not in content, url


def test_published_event_appears_and_unpublished_one_disappears_at_once(client):
    draft = factories.DraftEventFactory(title_ky="Жаңы иш-чара")
    assert "Жаңы иш-чара" not in text_of(client, "/ky/events/")
    assert client.get(draft.get_absolute_url()).status_code == 404

    event_publish(event=draft)

    assert "Жаңы иш-чара" in text_of(client, "/ky/events/")
    assert client.get(draft.get_absolute_url()).status_code == 200

    event_unpublish(event=draft)

    assert "Жаңы иш-чара" not in text_of(client, "/ky/events/")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_new_and_deleted_proposals_show_at_once(client):
    event = factories.EventFactory()
    url = event.get_absolute_url()
    text_of(client, url)

    proposal = proposal_create(event=event, text_ru="Открыть молодёжный центр")
    assert "Открыть молодёжный центр" in text_of(client, url)
    assert "Открыть молодёжный центр" in text_of(client, "/ru/proposals/")

    proposal_delete(proposal=proposal)
    assert "Открыть молодёжный центр" not in text_of(client, url)


def test_related_records_changes_show_at_once(client):
    event = factories.EventFactory()
    participation = factories.ParticipationFactory(event=event, person__full_name_ky="Алмаз Асанов")
    url = event.get_absolute_url()
    assert "Алмаз Асанов" in text_of(client, url)

    # A person's name lives in another table; the event page shows it.
    person = participation.person
    person.full_name_ky = "Алмаз Ашыркулович Асанов"
    person.save()
    assert "Алмаз Ашыркулович Асанов" in text_of(client, url)

    # A many-to-many change (topics) sends no post_save of the event.
    assert event.title_ky not in text_of(client, "/ky/events/?topic=migration")
    event.topics.add(factories.topic("migration"))
    assert event.title_ky in text_of(client, "/ky/events/?topic=migration")


def test_reference_data_renamed_shows_at_once(client):
    event = factories.EventFactory()
    text_of(client, event.get_absolute_url())
    region = event.region
    region.name_ky = "Баткен облусу (жаңы)"
    region.save()

    assert "Баткен облусу (жаңы)" in text_of(client, event.get_absolute_url())


def test_a_change_committed_by_another_process_shows_at_once(client):
    """The version lives in the database, not in this process's memory."""
    event = factories.EventFactory(title_ky="Биринчи")
    text_of(client, event.get_absolute_url())
    # Another server process changes the row without this process's signals...
    Event.objects.filter(pk=event.pk).update(title_ky="Экинчи")
    # ...and records the change in the same transaction, as its signal handler does.
    ContentChange.objects.create(token="written-by-another-process")

    assert "Экинчи" in text_of(client, event.get_absolute_url())


def test_generated_data_shows_at_once(client):
    assert "?page=2" not in text_of(client, "/ky/events/")

    generate_data(events=25, seed=3, history=False)

    assert "?page=2" in text_of(client, "/ky/events/")


def test_an_import_invalidates_the_cache(client):
    before = content_version()

    post_import.send(sender=None, model=Proposal)

    assert content_version() != before


def test_proposals_imported_in_the_admin_show_at_once(client):
    """The batch import writes with bulk_create (no model signals), then sends post_import."""
    event = factories.EventFactory()
    assert "Жаңы көпүрө куруу" not in text_of(client, event.get_absolute_url())
    book = openpyxl.Workbook()
    book.active.append(["event", "number", "text_ky"])
    book.active.append([event.slug, 1, "Жаңы көпүрө куруу"])
    data = io.BytesIO()
    book.save(data)
    staff = Client()
    staff.force_login(factories.SuperuserFactory())
    preview = staff.post(
        "/admin/proposals/proposal/import/",
        {"format": "1", "resource": "0", "import_file": SimpleUploadedFile("p.xlsx", data.getvalue())},
    )
    confirm = preview.context["confirm_form"]

    done = staff.post(
        "/admin/proposals/proposal/process_import/", {name: confirm.initial[name] for name in confirm.fields}
    )

    assert done.status_code == 302
    assert "Жаңы көпүрө куруу" in text_of(client, event.get_absolute_url())


def test_languages_and_query_strings_are_cached_apart(client):
    factories.EventFactory(
        title_ky="Кыргызча", title_ru="По-русски", title_en="In English", region=factories.region("KG-N")
    )

    assert "Кыргызча" in text_of(client, "/ky/events/")
    assert "In English" in text_of(client, "/en/events/")
    assert "По-русски" in text_of(client, "/ru/events/")
    assert "In English" in text_of(client, "/en/events/?region=KG-N")
    assert "In English" not in text_of(client, "/en/events/?region=KG-B")


def test_not_found_pages_and_posts_are_not_cached(client):
    client.get("/ky/events/no-such-event/")
    _response, queries = get(client, "/ky/events/no-such-event/")
    assert queries > 1

    assert client.post("/ky/events/").status_code == 405


def test_page_cache_can_be_turned_off(client, settings):
    settings.MAEK_PAGE_CACHE_SECONDS = 0
    factories.EventFactory()

    get(client, "/ky/events/")
    _response, queries = get(client, "/ky/events/")

    assert queries > 1


def test_history_rows_and_unrelated_models_do_not_bump_the_version():
    event = factories.EventFactory()
    version = content_version()

    factories.UserFactory()
    assert content_version() == version

    event.title_en = "Renamed"
    event.save()
    assert content_version() != version
    # One change, one row: the history entry written beside it counts for nothing.
    assert ContentChange.objects.filter(token=content_version()).count() == 1


def test_content_version_is_initial_before_any_change():
    ContentChange.objects.all().delete()

    assert content_version() == INITIAL_VERSION


def test_content_changes_table_stays_small(monkeypatch):
    monkeypatch.setattr(services, "PRUNE_EVERY", 5)
    monkeypatch.setattr(services, "KEEP", 2)

    for _ in range(23):
        services.content_changed()

    assert ContentChange.objects.count() <= 5 + 2
    newest = ContentChange.objects.order_by("-pk").first()
    assert content_version() == newest.token


def test_a_rolled_back_change_leaves_the_version_as_it_was():
    from django.db import transaction

    event = factories.EventFactory()
    version = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        event.title_ky = "Болбогон өзгөрүү"
        event.save()
        raise RuntimeError("rolled back")

    assert content_version() == version


def test_page_cache_content_apps_register_themselves():
    from pagecache.signals import CONTENT_APPS

    assert CONTENT_APPS == {"dialogues", "proposals"}
