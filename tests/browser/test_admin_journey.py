"""A staff member enters a whole report in the admin, in Russian, publishes it, and readers see it all."""

import pytest

from accounts.models import User
from dialogues.models import Event, EventFormat, Participation, Person, Region
from proposals.models import Proposal
from tests import factories

from .helpers import autocomplete_pick, fill_translated

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery-staple"

TITLE = "Открытая диалоговая площадка: развитие приграничных районов Баткенской области"
GOAL = (
    "Выстроить взаимодействие местных и государственных органов и общественных советов "
    "со средствами массовой информации в приграничных районах."
)
MODERATOR_NEW = "Абдыров Толонбек Шакирович"  # created through the "+" popup
MODERATOR_NEW_HONORIFIC = "доктор экономических наук, профессор"
MODERATOR_KNOWN = "Кадырова Айгуль Маратовна"
WELCOME_SPEAKER = "Шамшиев Улан Насирдинович"
PRESENTER = "Асанов Алмаз Ашыркулович"
PRESENTATIONS = [
    ("Об особом статусе Баткенской области", PRESENTER),
    ("Итоги мониторингового исследования Баткенской области", MODERATOR_NEW),
]
PROPOSALS = [
    "Разработать концепцию по принципу «Баткен — не периферия, а центр страны».",
    "Срочно остановить внутреннюю и внешнюю миграцию из Баткена.",
    "Поднять вопрос о квалифицированных кадрах.",
    "Рассмотреть повышение надбавок и пенсий в приграничных районах Баткенской области.",
]


def _assert_saved(page) -> None:
    """The admin took the form: no error note, a success message."""
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist li").all_inner_texts()
    assert not errors, " | ".join(errors)
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_event_entry_in_admin_publishes_whole_report(visit, live_server, artifacts):
    User.objects.create_superuser("coordinator", "coordinator@example.org", PASSWORD)
    # Two people are already in the register from earlier events; one is new.
    factories.PersonFactory(full_name_ky="", full_name_ru=MODERATOR_KNOWN, full_name_en="")
    factories.PersonFactory(full_name_ky="", full_name_ru=WELCOME_SPEAKER, full_name_en="")
    factories.PersonFactory(full_name_ky="", full_name_ru=PRESENTER, full_name_en="")
    assert not Event.objects.exists()
    open_dialogue = EventFormat.objects.get(slug="open-dialogue-platform")
    batken = Region.objects.get(code="KG-B")

    staff = visit()
    page = staff.page
    page.goto("/admin/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()

    page.goto("/admin/dialogues/event/add/")
    # The admin opens in the user's language (Kyrgyz); the report is Russian.
    fill_translated(page, "title", "ru", TITLE)
    page.select_option("#id_format", str(open_dialogue.pk))
    fill_translated(page, "goal", "ru", GOAL)
    page.fill("#id_date", "15.10.2024")
    page.select_option("#id_region", str(batken.pk))
    fill_translated(page, "locality", "ru", "г. Баткен")
    page.fill("#id_attendance_total", "93")
    page.fill("#id_attendance_women", "61")
    page.fill("#id_attendance_men", "32")

    # Moderator 1: not in the register yet, added with the "+" next to the field.
    with page.expect_popup() as popup_info:
        page.click("#add_id_participations-0-person")
    popup = popup_info.value
    popup.wait_for_load_state()
    fill_translated(popup, "full_name", "ru", MODERATOR_NEW)
    fill_translated(popup, "honorific", "ru", MODERATOR_NEW_HONORIFIC)
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    expect(page.locator("#id_participations-0-person + .select2")).to_contain_text(MODERATOR_NEW)
    page.select_option("#id_participations-0-role", Participation.Role.MODERATOR)
    fill_translated(
        page,
        "participations-0-position",
        "ru",
        "Председатель Координационного совета общественных советов государственных органов",
    )

    add_participation = page.locator("#participations-group .add-row a")
    for row, (name, role, position) in enumerate(
        [
            (MODERATOR_KNOWN, Participation.Role.MODERATOR, "Журналист, член общественного совета"),
            (WELCOME_SPEAKER, Participation.Role.WELCOME, "Эксперт секретариата по миграции"),
        ],
        start=1,
    ):
        add_participation.click()
        autocomplete_pick(page, f"participations-{row}-person", name)
        page.select_option(f"#id_participations-{row}-role", role)
        fill_translated(page, f"participations-{row}-position", "ru", position)

    for row, (title, presenter) in enumerate(PRESENTATIONS):
        if row:
            page.click("#presentations-group .add-row a")
        fill_translated(page, f"presentations-{row}-title", "ru", title)
        autocomplete_pick(page, f"presentations-{row}-presenters", presenter)

    # Four proposals typed in the inline rows; nobody types their numbers.
    for row, text in enumerate(PROPOSALS):
        if row:
            page.click("#proposals-group .add-row a")
        fill_translated(page, f"proposals-{row}-text", "ru", text)

    page.screenshot(path=artifacts / "admin-event-entry.png", full_page=True)
    page.click("input[name=_save]")
    _assert_saved(page)

    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    assert event.title_ru == TITLE and not event.title_ky and not event.title_en
    assert list(event.proposals.order_by("number").values_list("number", "text_ru")) == list(
        enumerate(PROPOSALS, start=1)
    )
    new_person = Person.objects.get(full_name_ru=MODERATOR_NEW)
    assert new_person.honorific_ru == MODERATOR_NEW_HONORIFIC
    assert event.created_by.username == "coordinator"

    # A draft is not public.
    draft = visit().page
    assert draft.goto(f"/ru/events/{event.slug}/").status == 404

    # Publish with the action of the event list.
    page.goto("/admin/dialogues/event/")
    page.check("input[name=_selected_action]")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and event.published_at is not None

    # A reader finds it in the Russian list and opens it.
    reader = visit().page
    reader.goto("/ru/events/")
    reader.get_by_role("link", name=TITLE).click()
    expect(reader).to_have_url(f"{live_server.url}/ru/events/{event.slug}/")
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator("#goal-heading + p")).to_have_text(GOAL)
    moderators = reader.locator("section[aria-labelledby=moderators-heading] .person-name")
    expect(moderators).to_have_text([MODERATOR_NEW, MODERATOR_KNOWN])
    expect(reader.locator("section[aria-labelledby=moderators-heading]")).to_contain_text(
        MODERATOR_NEW_HONORIFIC
    )
    expect(reader.locator("section[aria-labelledby=welcome-heading] .person-name")).to_have_text(
        [WELCOME_SPEAKER]
    )
    presentations = reader.locator("section[aria-labelledby=presentations-heading] li")
    expect(presentations).to_have_text([f"{title} — {presenter}" for title, presenter in PRESENTATIONS])
    attendance = reader.locator("section[aria-labelledby=attendance-heading] dd")
    expect(attendance).to_have_text(["93", "61", "32"])
    for number, text in enumerate(PROPOSALS, start=1):
        proposal = reader.locator(f"#proposal-{number}")
        expect(proposal.locator(".proposal-number")).to_contain_text(str(number))
        expect(proposal.locator(".proposal-text")).to_have_text(text)
    expect(reader.locator("ol.proposals > li")).to_have_count(4)
    reader.screenshot(path=artifacts / "event-entered-in-admin-ru.png", full_page=True)

    # In Kyrgyz the Russian-only report is shown, marked as Russian for screen readers.
    reader.goto(f"/ky/events/{event.slug}/")
    expect(reader.locator("html")).to_have_attribute("lang", "ky")
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator("h1")).to_have_attribute("lang", "ru")
    assert Proposal.objects.filter(event=event).count() == 4
