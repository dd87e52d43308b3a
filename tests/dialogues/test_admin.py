"""The event admin: the whole seed report entered on one page, and the event list."""

import datetime
import json
import re

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.urls import reverse

from devdata import batken
from devdata.demo import batken_organizations_write, batken_people_write
from dialogues.models import Event, ParticipantCategory, Participation, Person, Topic
from proposals.models import Proposal
from tests import factories
from tests.admin_forms import admin_form_data, inline_rows

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = ("participations", "presentations", "agenda_items", "proposals")
EVENT_TEXTS = ("title", "goal", "summary", "locality", "venue")


@pytest.fixture(autouse=True)
def _admin_in_english(superuser):
    # Messages are compared with their English msgids, whatever catalogues exist later.
    superuser.preferred_language = "en"
    superuser.save(update_fields=["preferred_language"])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def event_data(**fields) -> dict:
    """The add form with only the required fields filled, and empty inlines."""
    data = {
        "title_ky": "Баткен облусунун өзгөчө статусу",
        "format": str(factories.event_format().pk),
        "region": str(factories.region("KG-B").pk),
        "date": "2021-07-08",
    }
    for prefix in INLINE_PREFIXES:
        data.update(inline_rows(prefix, []))
    data.update(fields)
    return data


def columns_of(obj, field: str) -> dict[str, str]:
    """``{"ky": ..., "ru": ..., "en": ...}``: the language columns of ``field``, as the seed gives texts."""
    return {code: getattr(obj, f"{field}_{code}") for code in batken.LANGUAGES}


def add_url():
    return reverse("admin:dialogues_event_add")


def change_url(event):
    return reverse("admin:dialogues_event_change", args=[event.pk])


def changelist_url():
    return reverse("admin:dialogues_event_changelist")


# Entering the seed report -------------------------------------------------------


def test_event_admin_add_saves_the_whole_seed_report(superuser_client, superuser):
    # The people and organisations are in the register already, as after earlier events.
    organizations = batken_organizations_write()
    people = batken_people_write()
    topics = {topic.slug: topic.pk for topic in Topic.objects.all()}
    categories = ParticipantCategory.objects.filter(slug__in=batken.EVENT["participant_categories"])
    # The report names no organisers and no presenters: the council its moderator chairs and
    # one presenter stand in, to show that those fields are saved too.
    council = organizations["coordination-council"]
    presenter = people[2]
    data = event_data(
        date=batken.EVENT["date"].isoformat(),
        attendance_total=str(batken.EVENT["attendance_total"]),
        attendance_women=str(batken.EVENT["attendance_women"]),
        attendance_men=str(batken.EVENT["attendance_men"]),
        topics=[str(topics[slug]) for slug in batken.EVENT["topics"]],
        participant_categories=[str(category.pk) for category in categories],
        organizers=[str(council.pk)],
    )
    for field in EVENT_TEXTS:
        data.update(batken.columns(field, batken.EVENT[field]))
    data.update(
        inline_rows(
            "participations",
            [
                {
                    "person": person.pk,
                    "role": row["role"],
                    "organization": organizations[row["organization"]].pk,
                    **batken.columns("position", row["position"]),
                }
                for row, person in zip(batken.PARTICIPATIONS, people, strict=True)
            ],
        )
    )
    presentations = [batken.columns("title", title) for title in batken.PRESENTATIONS]
    presentations[2]["presenters"] = [str(presenter.pk)]
    data.update(inline_rows("presentations", presentations))
    data.update(inline_rows("agenda_items", [batken.columns("text", text) for text in batken.AGENDA_ITEMS]))
    data.update(
        inline_rows(
            "proposals",
            [
                {
                    **batken.columns("text", proposal["text"]),
                    "status": Proposal.Status.RECEIVED,
                    "topics": [str(topics[slug]) for slug in proposal["topics"]],
                    "addressees": [str(organizations[key].pk) for key in proposal["addressees"]],
                }
                for proposal in batken.PROPOSALS
            ],
        )
    )

    response = superuser_client.post(add_url(), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    event = Event.objects.get()
    for field in EVENT_TEXTS:
        assert columns_of(event, field) == batken.EVENT[field], field
    assert event.date == batken.EVENT["date"]
    assert (event.attendance_total, event.attendance_women, event.attendance_men) == tuple(
        batken.EVENT[key] for key in ("attendance_total", "attendance_women", "attendance_men")
    )
    assert event.status == Event.Status.DRAFT
    assert event.created_by == superuser and event.updated_by == superuser
    assert set(event.topics.values_list("slug", flat=True)) == set(batken.EVENT["topics"])
    assert set(event.participant_categories.values_list("slug", flat=True)) == set(
        batken.EVENT["participant_categories"]
    )
    assert list(event.organizers.all()) == [council]

    participations = list(event.participations.order_by("order"))
    assert [(p.person, p.role, p.order, p.organization) for p in participations] == [
        (person, row["role"], order, organizations[row["organization"]])
        for order, (row, person) in enumerate(zip(batken.PARTICIPATIONS, people, strict=True), start=1)
    ]
    assert [columns_of(p, "position") for p in participations] == [
        row["position"] for row in batken.PARTICIPATIONS
    ]

    presentations = list(event.presentations.order_by("order"))
    assert [p.order for p in presentations] == [1, 2, 3]
    assert [columns_of(p, "title") for p in presentations] == batken.PRESENTATIONS
    assert [list(p.presenters.all()) for p in presentations] == [[], [], [presenter]]
    assert [columns_of(item, "text") for item in event.agenda_items.order_by("order")] == batken.AGENDA_ITEMS

    proposals = list(event.proposals.order_by("number"))
    assert [p.number for p in proposals] == [1, 2, 3, 4, 5]
    assert [columns_of(p, "text") for p in proposals] == [row["text"] for row in batken.PROPOSALS]
    assert [sorted(p.topics.values_list("slug", flat=True)) for p in proposals] == [
        sorted(row["topics"]) for row in batken.PROPOSALS
    ]
    assert [list(p.addressees.all()) for p in proposals] == [
        [organizations[key] for key in row["addressees"]] for row in batken.PROPOSALS
    ]
    assert all(p.reference.startswith("MK-2021-") for p in proposals)


def test_event_admin_add_reports_attendance_next_to_the_total_and_saves_nothing(superuser_client):
    data = event_data(attendance_total="45", attendance_women="22", attendance_men="28")
    data.update(inline_rows("proposals", [{"text_ky": "Кадр маселесин көтөрүү", "status": "received"}]))

    response = superuser_client.post(add_url(), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["attendance_total"] == ["22 women + 28 men is more than the total of 45."]
    assert "22 women + 28 men is more than the total of 45." in response.content.decode()
    assert not Event.objects.exists()
    assert not Proposal.objects.exists()


def test_event_admin_add_derives_the_total_from_women_and_men(superuser_client):
    response = superuser_client.post(add_url(), event_data(attendance_women="22", attendance_men="28"))

    assert response.status_code == 302
    assert Event.objects.get().attendance_total == 50


def test_event_admin_add_refuses_a_title_empty_in_every_language(superuser_client):
    data = event_data(title_ky="", title_ru="  ", title_en="")
    data.update(inline_rows("agenda_items", [{"text_ky": "Эмгек миграциясы"}]))

    response = superuser_client.post(add_url(), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["title_ky"] == ["Fill this in at least one language (Kyrgyz, Russian or English)."]
    assert not Event.objects.exists()


@pytest.mark.parametrize("column", ["title_ky", "title_ru", "title_en"])
def test_event_admin_add_accepts_a_title_in_one_language(superuser_client, column):
    data = event_data(title_ky="")
    data[column] = "Special status of Batken region"

    response = superuser_client.post(add_url(), data)

    assert response.status_code == 302
    event = Event.objects.get()
    assert getattr(event, column) == "Special status of Batken region"
    assert event.slug.startswith("special-status-of-batken-region")


def test_event_admin_inline_text_empty_in_every_language_is_reported_on_its_row(superuser_client):
    data = event_data()
    data.update(inline_rows("agenda_items", [{"text_ky": "", "text_ru": "", "text_en": "", "order": "1"}]))

    response = superuser_client.post(add_url(), data)

    assert response.status_code == 200
    agenda = next(i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "agenda_items")
    assert agenda.formset.forms[0].errors["text_ky"] == [
        "Fill this in at least one language (Kyrgyz, Russian or English)."
    ]
    assert not Event.objects.exists()


def test_event_admin_rows_left_without_order_follow_the_ordered_ones(superuser_client):
    event = factories.EventFactory()
    factories.AgendaItemFactory(event=event, text_ky="Биринчи", order=5)
    page = superuser_client.get(change_url(event))
    data = admin_form_data(page)
    data.update(
        inline_rows(
            "agenda_items",
            [{"text_ky": "Экинчи"}, {"text_ky": "Үчүнчү"}, {"text_ky": "Башында", "order": "1"}],
            initial=1,
        )
    )
    data["agenda_items-0-id"] = str(event.agenda_items.get().pk)
    data["agenda_items-0-text_ky"] = "Биринчи"
    data["agenda_items-0-order"] = "5"

    response = superuser_client.post(change_url(event), data)

    assert response.status_code == 302
    assert [(i.text_ky, i.order) for i in event.agenda_items.order_by("order")] == [
        ("Башында", 1),
        ("Биринчи", 5),
        ("Экинчи", 6),
        ("Үчүнчү", 7),
    ]


def test_event_admin_refuses_the_same_person_twice_in_one_role(superuser_client):
    person = factories.PersonFactory()
    data = event_data()
    data.update(
        inline_rows(
            "participations",
            [{"person": person.pk, "role": "welcome"}, {"person": person.pk, "role": "welcome"}],
        )
    )

    response = superuser_client.post(add_url(), data)

    assert response.status_code == 200
    assert not Event.objects.exists()
    assert "Please correct the duplicate data" in response.content.decode()


def test_event_admin_change_records_who_changed_it(superuser_client, superuser):
    author = factories.SuperuserFactory(username="author")
    event = factories.DraftEventFactory(created_by=author, updated_by=author)
    data = admin_form_data(superuser_client.get(change_url(event)))
    data["venue_ru"] = "Конференц-зал гостиницы «Айгуль-Тоо»"

    response = superuser_client.post(change_url(event), data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.venue_ru == "Конференц-зал гостиницы «Айгуль-Тоо»"
    assert (event.created_by, event.updated_by) == (author, superuser)


def test_event_admin_form_cannot_publish_or_forge_audit_fields(superuser_client):
    event = factories.DraftEventFactory()
    data = admin_form_data(superuser_client.get(change_url(event)))
    data.update(status="published", published_at="2021-07-09 10:00", created_by="999")

    superuser_client.post(change_url(event), data)

    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    assert event.published_at is None


# The change page ----------------------------------------------------------------


def test_event_admin_change_page_renders_every_inline(client, superuser):
    # In the default language (Kyrgyz), as staff see it out of the box.
    superuser.preferred_language = "ky"
    superuser.save()
    client.force_login(superuser)
    event = factories.EventFactory()
    factories.ParticipationFactory(event=event, role=Participation.Role.MODERATOR)
    factories.PresentationFactory(event=event)
    factories.AgendaItemFactory(event=event)
    factories.ProposalFactory(event=event)

    response = client.get(change_url(event))

    assert response.status_code == 200
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == list(INLINE_PREFIXES)
    html = response.content.decode()
    for column in ("title_ky", "title_ru", "title_en", "proposals-0-text_ky", "participations-0-position_en"):
        assert f'name="{column}"' in html
    # Kyrgyz is the first tab: its widgets carry modeltranslation's default marker.
    [title_ky] = re.findall(r'<input[^>]*name="title_ky"[^>]*>', html)
    assert "mt-default" in title_ky
    assert html.index('name="title_ky"') < html.index('name="title_ru"') < html.index('name="title_en"')


def test_event_admin_pages_load_nothing_from_other_hosts(superuser_client):
    event = factories.EventFactory()
    factories.ProposalFactory(event=event)

    for url in (add_url(), change_url(event), changelist_url()):
        html = superuser_client.get(url).content.decode()
        references = re.findall(r'(?:src|href|action)\s*=\s*["\']([^"\']+)["\']', html)
        external = [ref for ref in references if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", ref, re.I)]
        assert external == [], url
        assert "googleapis" not in html


def test_event_admin_serves_the_vendored_jquery_ui(superuser_client):
    html = superuser_client.get(add_url()).content.decode()

    assert '<script src="/static/vendor/jquery-ui/jquery-ui.min.js"></script>' in html
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in html
    path = finders.find("vendor/jquery-ui/jquery-ui.min.js")
    assert path and "jQuery UI - v1.13" in open(path, encoding="utf-8").read(200)
    assert finders.find("vendor/jquery-ui/LICENSE.txt")


def test_event_admin_offers_to_create_people_and_organisations_on_the_spot(superuser_client):
    html = superuser_client.get(add_url()).content.decode()

    for model in ("person", "organization"):
        assert f'href="/admin/dialogues/{model}/add/?_to_field=id&amp;_popup=1"' in html
    assert 'data-ajax--url="/admin/autocomplete/"' in html


# People and organisations -------------------------------------------------------------


def test_person_admin_popup_creates_a_person_on_the_spot(superuser_client):
    response = superuser_client.post(
        reverse("admin:dialogues_person_add") + "?_to_field=id&_popup=1",
        {"full_name_ky": "Улан Насирдинович Шамшиев", "_popup": "1", "_to_field": "id"},
    )

    assert response.status_code == 200
    person = Person.objects.get()
    assert person.full_name_ky == "Улан Насирдинович Шамшиев"
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    assert json.loads(response.context["popup_response_data"])["value"] == str(person.pk)


def test_person_admin_refuses_a_name_empty_in_every_language(superuser_client):
    response = superuser_client.post(reverse("admin:dialogues_person_add"), {"full_name_ky": ""})

    assert response.status_code == 200
    assert "full_name_ky" in response.context["adminform"].form.errors
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("column", "term"),
    [("full_name_ky", "Абдыров"), ("full_name_ru", "Абдыровым"), ("full_name_en", "Abdyrov")],
)
def test_participation_autocomplete_finds_people_by_each_language(superuser_client, column, term):
    names = {"full_name_ky": "", "full_name_ru": "", "full_name_en": ""}
    wanted = factories.PersonFactory(**{**names, column: f"Толонбек {term}"})
    factories.PersonFactory(full_name_ky="Алмаз Асанов", full_name_ru="Алмаз Асанов", full_name_en="Asanov")

    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "dialogues", "model_name": "participation", "field_name": "person", "term": term},
    )

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(wanted.pk)]


@pytest.mark.parametrize(
    ("column", "term"),
    [("name_ky", "Тышкы"), ("name_ru", "Внешней"), ("name_en", "External"), ("short_name_en", "EMD")],
)
def test_organization_admin_searches_every_language_column(superuser_client, column, term):
    wanted = factories.OrganizationFactory(**{column: f"{term} migration department"})
    factories.OrganizationFactory()

    response = superuser_client.get(reverse("admin:dialogues_organization_changelist"), {"q": term})

    assert list(response.context["cl"].queryset) == [wanted]


@pytest.mark.parametrize(
    ("model", "name"),
    [
        ("region", "name"),
        ("eventformat", "name"),
        ("topic", "name"),
        ("participantcategory", "name"),
        ("organization", "name"),
        ("person", "full_name"),
    ],
)
def test_reference_admins_list_and_add_pages_render(superuser_client, model, name):
    factories.PersonFactory()
    factories.OrganizationFactory()
    model_class = apps.get_model("dialogues", model)

    listed = superuser_client.get(reverse(f"admin:dialogues_{model}_changelist"))
    added = superuser_client.get(reverse(f"admin:dialogues_{model}_add"))

    assert listed.status_code == added.status_code == 200
    changelist = listed.context["cl"]
    assert changelist.result_count == model_class.objects.count() > 0
    assert set(changelist.result_list) <= set(model_class.objects.all())
    form = added.context["adminform"].form
    assert {f"{name}_{code}" for code in batken.LANGUAGES} <= set(form.fields)
    for code in batken.LANGUAGES:
        assert f'name="{name}_{code}"' in added.content.decode()


def test_topic_admin_saves_a_topic_named_in_one_language(superuser_client):
    response = superuser_client.post(
        reverse("admin:dialogues_topic_add"), {"slug": "water", "name_ru": "Водные ресурсы"}
    )

    assert response.status_code == 302
    assert factories.topic("water").name_ru == "Водные ресурсы"


# The event list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "term"),
    [
        ("title_ky", "Өзгөчөстатус"),
        ("title_ru", "Особыйстатус"),
        ("title_en", "Specialstatus"),
        ("goal_ky", "маалыматмейкиндиги"),
        ("goal_ru", "информационноепространство"),
        ("goal_en", "freeinformation"),
        ("venue_ky", "Айгүл-Тоо"),
        ("venue_ru", "Айгуль-Тоо"),
        ("venue_en", "Aigul-Too"),
        ("locality_ky", "Баткеншаары"),
        ("locality_ru", "городБаткен"),
        ("locality_en", "Batkencity"),
    ],
)
def test_event_admin_search_finds_each_language_column(superuser_client, column, term):
    wanted = factories.EventFactory(**{column: f"x {term} y"})
    factories.EventFactory()

    response = superuser_client.get(changelist_url(), {"q": term})

    assert list(response.context["cl"].queryset) == [wanted]


def test_event_admin_search_finds_the_slug(superuser_client):
    wanted = factories.EventFactory(slug="batken-special-status-2021-07-08")
    factories.EventFactory()

    response = superuser_client.get(changelist_url(), {"q": "batken-special-status"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_event_admin_search_of_punctuation_only_matches_the_columns_not_everything(superuser_client):
    wanted = factories.EventFactory(title_en="Youth forum (!!!)")
    factories.EventFactory(title_en="Water")

    # No word to look for: the title columns' own search (icontains) decides alone.
    assert list(superuser_client.get(changelist_url(), {"q": "!!!"}).context["cl"].queryset) == [wanted]
    assert list(superuser_client.get(changelist_url(), {"q": "?!"}).context["cl"].queryset) == []


def test_event_admin_search_ignores_the_case_of_cyrillic_letters(superuser_client):
    wanted = factories.EventFactory(title_ky="БАТКЕН ОБЛУСУНУН ӨЗГӨЧӨ СТАТУСУ")
    factories.EventFactory()

    response = superuser_client.get(changelist_url(), {"q": "өзгөчө статусу"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_event_admin_search_keeps_the_filters(superuser_client):
    factories.EventFactory(title_en="Migration dialogue", status=Event.Status.PUBLISHED)
    draft = factories.DraftEventFactory(title_en="Migration dialogue")

    response = superuser_client.get(changelist_url(), {"q": "Migration dialogue", "status__exact": "draft"})

    assert list(response.context["cl"].queryset) == [draft]


def test_event_admin_filters_by_region_format_year_and_status(superuser_client):
    batken_2021 = factories.EventFactory(date=datetime.date(2021, 7, 8))
    osh_2022 = factories.DraftEventFactory(
        region=factories.region("KG-O"),
        format=factories.event_format("round-table"),
        date=datetime.date(2022, 3, 1),
    )

    def listed(**params):
        response = superuser_client.get(changelist_url(), params)
        assert response.status_code == 200
        return set(response.context["cl"].queryset)

    assert listed(region__id__exact=factories.region("KG-O").pk) == {osh_2022}
    assert listed(format__id__exact=factories.event_format().pk) == {batken_2021}
    assert listed(year="2021") == {batken_2021}
    assert listed(year="2022") == {osh_2022}
    assert listed(year="not-a-year") == set()
    assert listed(status__exact="published") == {batken_2021}
    assert listed(date__year="2022") == {osh_2022}
    year_filter = superuser_client.get(changelist_url()).content.decode()
    assert "?year=2021" in year_filter and "?year=2022" in year_filter


def test_event_admin_list_counts_proposals_in_a_fixed_number_of_queries(
    superuser_client, django_assert_max_num_queries
):
    events = factories.EventFactory.create_batch(3)
    for count, event in enumerate(events):
        for _ in range(count * 2):
            factories.ProposalFactory(event=event)
    superuser_client.get(changelist_url())  # warm the session and content types

    with django_assert_max_num_queries(12):
        response = superuser_client.get(changelist_url())

    counts = {row.pk: row.proposal_count for row in response.context["cl"].result_list}
    assert counts == {events[0].pk: 0, events[1].pk: 2, events[2].pk: 4}
    factories.EventFactory.create_batch(5)
    with django_assert_max_num_queries(12):
        superuser_client.get(changelist_url())


def test_event_admin_list_sorts_by_the_number_of_proposals(superuser_client):
    few, many, none = factories.EventFactory.create_batch(3)
    factories.ProposalFactory(event=few)
    for _ in range(3):
        factories.ProposalFactory(event=many)

    # The sixth column: proposals, counted by a subquery per listed event.
    response = superuser_client.get(changelist_url(), {"o": "-6"})

    assert list(response.context["cl"].result_list) == [many, few, none]


def test_event_admin_list_shows_titles_with_fallback(superuser_client):
    factories.EventFactory(title_ky="", title_ru="Только по-русски", title_en="")

    html = superuser_client.get(changelist_url()).content.decode()

    assert "Только по-русски" in html


def test_event_admin_publish_action_publishes_through_the_service(superuser_client, superuser):
    drafts = factories.DraftEventFactory.create_batch(2)
    already = factories.EventFactory()

    response = superuser_client.post(
        changelist_url(),
        {"action": "publish", "_selected_action": [e.pk for e in [*drafts, already]]},
    )

    assert response.status_code == 302
    for event in drafts:
        event.refresh_from_db()
        assert event.status == Event.Status.PUBLISHED
        assert event.published_at is not None
        assert event.updated_by == superuser
    assert messages_of(response) == ["2 events were published."]


def test_event_admin_unpublish_action_takes_events_off_the_site(superuser_client):
    event = factories.EventFactory()

    response = superuser_client.post(
        changelist_url(), {"action": "unpublish", "_selected_action": [event.pk]}
    )

    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    assert event.published_at is None
    assert messages_of(response) == ["1 event was unpublished."]


@pytest.mark.parametrize(
    ("codenames", "can_publish"),
    [
        (["view_event", "change_event", "delete_event"], False),
        (["view_event", "change_event", "publish_event"], True),
    ],
)
def test_event_admin_publish_actions_need_the_publish_permission(client, codenames, can_publish):
    from django.contrib.auth.models import Permission

    staff = factories.UserFactory(username="staff-member", is_staff=True, preferred_language="en")
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    draft = factories.DraftEventFactory()
    staff.regions.add(draft.region)  # editors and publishers see the events of their regions

    response = client.get(changelist_url())
    client.post(changelist_url(), {"action": "publish", "_selected_action": [draft.pk]})

    actions = [choice[0] for choice in response.context["action_form"].fields["action"].choices]
    assert ("publish" in actions, "unpublish" in actions) == (can_publish, can_publish)
    draft.refresh_from_db()
    assert draft.is_published == can_publish


# Deleting ----------------------------------------------------------------------------


def test_event_admin_delete_view_refuses_an_event_with_proposals(superuser_client):
    event = factories.EventFactory(title_en="Open dialogue in Batken")
    factories.ProposalFactory.create_batch(2, event=event)
    url = reverse("admin:dialogues_event_delete", args=[event.pk])

    for response in (
        superuser_client.get(url, follow=True),
        superuser_client.post(url, {"post": "yes"}, follow=True),
    ):
        assert response.redirect_chain == [(change_url(event), 302)]
        [message] = [str(m) for m in response.context["messages"]]
        assert "has 2 proposals and cannot be deleted" in message
    assert Event.objects.filter(pk=event.pk).exists()
    assert Proposal.objects.filter(event=event).count() == 2


def test_event_admin_delete_view_deletes_an_event_without_proposals(superuser_client):
    event = factories.EventFactory()
    factories.AgendaItemFactory(event=event)
    url = reverse("admin:dialogues_event_delete", args=[event.pk])

    assert superuser_client.get(url).status_code == 200
    response = superuser_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_event_admin_bulk_delete_refuses_when_any_event_has_proposals(superuser_client):
    free = factories.EventFactory()
    bound = factories.EventFactory()
    factories.ProposalFactory(event=bound)
    selected = {"action": "delete_selected", "_selected_action": [free.pk, bound.pk]}

    for data in (selected, {**selected, "post": "yes"}):
        response = superuser_client.post(changelist_url(), data, follow=True)
        assert response.redirect_chain == [(changelist_url(), 302)]
        [message] = [str(m) for m in response.context["messages"]]
        assert "has 1 proposal and cannot be deleted" in message
    assert Event.objects.filter(pk__in=[free.pk, bound.pk]).count() == 2


def test_event_admin_bulk_delete_deletes_events_without_proposals(superuser_client):
    events = factories.EventFactory.create_batch(2)
    kept = factories.EventFactory()
    selected = {"action": "delete_selected", "_selected_action": [e.pk for e in events]}

    confirmation = superuser_client.post(changelist_url(), selected)
    assert confirmation.status_code == 200
    assert "admin/delete_selected_confirmation.html" in [t.name for t in confirmation.templates]
    response = superuser_client.post(changelist_url(), {**selected, "post": "yes"})

    assert response.status_code == 302
    assert list(Event.objects.all()) == [kept]


def _change_page_queries(client, event) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:dialogues_event_change", args=[event.pk]))
    assert response.status_code == 200
    return len(queries)


def test_event_change_page_queries_do_not_grow_with_proposal_rows(superuser_client):
    """Topics and addressees of every proposal row are loaded at once, not row by row."""
    counts = []
    for rows in (3, 20):
        event = factories.EventFactory()
        for _ in range(rows):
            factories.ProposalFactory(event=event)
        _change_page_queries(superuser_client, event)  # warm per-process caches (content types, ...)
        counts.append(_change_page_queries(superuser_client, event))
    assert counts[0] == counts[1]


def test_event_change_page_queries_do_not_grow_with_filled_autocompletes(superuser_client):
    """Rows whose topics, addressees, people and organisations are filled: their
    autocomplete widgets label the selection from what the inlines loaded."""
    counts = []
    topic = Topic.objects.order_by("pk").first()
    for rows in (2, 12):
        event = factories.EventFactory()
        for _ in range(rows):
            proposal = factories.ProposalFactory(event=event)
            proposal.topics.add(topic)
            proposal.addressees.add(factories.OrganizationFactory(name_en="Ministry of Water"))
            factories.ParticipationFactory(event=event, organization=factories.OrganizationFactory())
        _change_page_queries(superuser_client, event)
        counts.append(_change_page_queries(superuser_client, event))
    assert counts[0] == counts[1]
    page = superuser_client.get(reverse("admin:dialogues_event_change", args=[event.pk])).content.decode()
    # The selections are still shown, labelled.
    assert page.count(">Ministry of Water</option>") == 12
    assert page.count(f'<option value="{topic.pk}" selected>{topic}</option>') == 12


def test_event_change_page_redisplayed_with_errors_labels_a_newly_picked_addressee(superuser_client):
    """A selection the inlines did not load (posted, not stored) is looked up as before."""
    event = factories.EventFactory()
    proposal = factories.ProposalFactory(event=event)
    proposal.addressees.add(factories.OrganizationFactory(name_en="Ministry of Water"))
    newly_picked = factories.OrganizationFactory(name_en="Ministry of Roads")
    url = reverse("admin:dialogues_event_change", args=[event.pk])
    data = admin_form_data(superuser_client.get(url))
    data["proposals-0-addressees"] = [str(newly_picked.pk)]
    data["attendance_total"] = "-1"  # an error, so the page comes back with what was posted

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<option value="{newly_picked.pk}" selected>Ministry of Roads</option>' in page
    assert list(proposal.addressees.values_list("name_en", flat=True)) == ["Ministry of Water"]
