"""``manage.py load_demo``: the seed report, complete, in three languages, safe to run again."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from devdata.demo import EVENT_SLUG
from dialogues.models import (
    AgendaItem,
    Event,
    EventFormat,
    Organization,
    Participation,
    Person,
    Presentation,
)
from proposals.models import Proposal

pytestmark = pytest.mark.django_db

LANGUAGES = ("ky", "ru", "en")


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    load_demo()
    return Event.objects.get(slug=EVENT_SLUG)


def test_load_demo_twice_keeps_one_complete_event(settings):
    settings.DEBUG = True
    load_demo()
    load_demo()

    event = Event.objects.get()
    assert event.slug == EVENT_SLUG
    assert list(event.proposals.order_by("number").values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert event.presentations.count() == 3
    assert event.agenda_items.count() == 3
    roles = list(event.participations.order_by("order").values_list("role", flat=True))
    assert roles == [Participation.Role.MODERATOR, Participation.Role.WELCOME, Participation.Role.WELCOME]
    assert Person.objects.count() == 3
    assert Organization.objects.count() == 5
    assert (event.attendance_total, event.attendance_women, event.attendance_men) == (50, 22, 28)
    assert event.is_published
    assert Event.objects.published().filter(pk=event.pk).exists()


def test_load_demo_event_facts_match_report(demo):
    assert demo.date == datetime.date(2021, 7, 8)
    assert demo.region.code == "KG-B"
    assert demo.format == EventFormat.objects.get(slug="open-dialogue-platform")
    assert demo.locality_ky == "Баткен шаары"
    assert demo.venue_ky == "“Айгүл-Тоо” мейманканасынын конференц-залы"
    assert set(demo.topics.values_list("slug", flat=True)) == {
        "migration",
        "economy",
        "media",
        "border-areas",
        "regional-development",
    }
    assert set(demo.participant_categories.values_list("slug", flat=True)) == {
        "state-bodies",
        "small-public-councils",
        "civil-society",
        "international-organizations",
        "public-councils",
        "journalists",
        "bloggers",
        "migration-experts",
    }
    assert demo.attendance_unspecified == 0


def test_load_demo_texts_filled_in_every_language(demo):
    for field in ("title", "goal", "summary", "locality", "venue"):
        for code in LANGUAGES:
            assert getattr(demo, f"{field}_{code}").strip(), f"{field}_{code} is empty"
    assert demo.title_ky == "Баткен облусунун өзгөчө статусу"
    assert demo.title_en == "Special status of Batken Region"
    for item in [*demo.agenda_items.all(), *demo.presentations.all(), *demo.proposals.all()]:
        field = "title" if isinstance(item, Presentation) else "text"
        assert all(getattr(item, f"{field}_{code}").strip() for code in LANGUAGES), item
    for participation in demo.participations.all():
        assert all(getattr(participation, f"position_{code}").strip() for code in LANGUAGES)


def test_load_demo_kyrgyz_as_in_report(demo):
    # The report's own wording, spelling included, with the line breaks removed.
    assert demo.goal_ky.startswith("Кыргыз Республикасында жергиликтүү жана мамлекеттик органдардын")
    assert "чек ара аймактарындагы малымат каражаттарынын иши" in demo.summary_ky
    assert "\n" not in demo.summary_ky
    texts = list(demo.proposals.order_by("number").values_list("text_ky", flat=True))
    assert texts[1] == "Баткендеги ички жана тышкы миграциянын агымын тез арада токтотуу зарыл"
    assert texts[2] == "Кадр маселесин көтөрүү"
    assert "“Баткен периферия эмес, өлкөнүн борбору”" in texts[0]
    assert texts[4].startswith("Кыргыз Республикасынын Коргоо министрлигинин")
    assert list(demo.presentations.order_by("order").values_list("title_ky", flat=True)) == [
        "Баткен облусунун өзгөчө статусу тууралуу",
        "Баткен облусунун мониторингдөө боюнча изилдөөнүн жыйынтыктары",
        "Баткен. Миграция жана келечеги",
    ]
    assert list(demo.agenda_items.order_by("order").values_list("text_en", flat=True)) == [
        "Main directions of the economic development of Batken Region",
        "Labour migration",
        "The work and particularities of the media in border areas",
    ]


def test_load_demo_people_named_in_three_scripts_with_positions_of_the_day(demo):
    moderator = demo.participations.get(role=Participation.Role.MODERATOR)
    assert (moderator.person.full_name_ky, moderator.person.full_name_ru, moderator.person.full_name_en) == (
        "Толонбек Шакирович Абдыров",
        "Толонбек Шакирович Абдыров",
        "Tolonbek Shakirovich Abdyrov",
    )
    assert moderator.person.honorific_ky == "экономика илимдеринин доктору, профессор"
    assert moderator.person.honorific_en == "Doctor of Economics, professor"
    assert "Координациялык кеңешинин төрагасы" in moderator.position_ky
    assert moderator.organization.kind == Organization.Kind.PUBLIC_COUNCIL

    welcome = list(demo.participations.filter(role=Participation.Role.WELCOME).order_by("order"))
    assert [w.person.full_name_en for w in welcome] == [
        "Ulan Nasirdinovich Shamshiev",
        "Almaz Ashyrkulovich Asanov",
    ]
    shamshiev, asanov = welcome
    assert "Баткен облусун өнүктүрүү программасын" in shamshiev.position_ky
    assert shamshiev.organization.parent.name_en == "Jogorku Kenesh of the Kyrgyz Republic"
    assert "2021-2030-жылдарга" in asanov.position_ky
    assert asanov.organization.name_en.startswith("External Migration Department")
    assert asanov.organization.parent.name_en == "Ministry of Foreign Affairs of the Kyrgyz Republic"


def test_load_demo_proposals_received_on_event_day_with_topics_and_no_invented_addressees(demo):
    proposals = list(demo.proposals.order_by("number"))
    assert {p.status for p in proposals} == {Proposal.Status.RECEIVED}
    assert {p.status_changed_on for p in proposals} == {datetime.date(2021, 7, 8)}
    assert len({p.reference for p in proposals}) == 5
    assert set(proposals[1].topics.values_list("slug", flat=True)) == {"migration"}
    assert set(proposals[4].topics.values_list("slug", flat=True)) == {"security", "border-areas"}
    # The report names no addressees, and the demo invents none.
    assert [p.addressees.count() for p in proposals] == [0, 0, 0, 0, 0]


def test_load_demo_again_restores_texts_by_number_and_keeps_references(demo):
    proposal = demo.proposals.get(number=3)
    reference = proposal.reference
    Proposal.objects.filter(pk=proposal.pk).update(text_ky="өзгөртүлгөн", text_en="changed")
    Event.objects.filter(pk=demo.pk).update(title_en="Changed", attendance_total=60)
    AgendaItem.objects.create(event=demo, text_en="Added by hand", order=9)
    published_at = demo.published_at

    load_demo()

    proposal.refresh_from_db()
    assert (proposal.text_ky, proposal.text_en) == (
        "Кадр маселесин көтөрүү",
        "Raise the issue of qualified staff.",
    )
    assert proposal.reference == reference
    assert Proposal.objects.count() == 5
    demo.refresh_from_db()
    assert (demo.title_en, demo.attendance_total) == ("Special status of Batken Region", 50)
    assert demo.published_at == published_at
    assert demo.agenda_items.count() == 3


def test_load_demo_creates_the_missing_proposal_after_a_deletion(demo):
    from proposals.services import proposal_delete

    proposal_delete(proposal=demo.proposals.get(number=2))
    assert demo.proposals.count() == 4

    load_demo()

    texts = list(demo.proposals.order_by("number").values_list("number", "text_en"))
    assert [number for number, _text in texts] == [1, 2, 3, 4, 5]
    assert texts[1][1].startswith("The flow of internal and external migration")
    assert texts[4][1].startswith("Part of the units of the Ministry of Defence")


def test_load_demo_republishes_an_unpublished_event(demo):
    from dialogues.services import event_unpublish

    event_unpublish(event=demo)
    load_demo()
    demo.refresh_from_db()
    assert demo.is_published
    assert demo.published_at is not None


def test_load_demo_admin_can_log_in(settings, client):
    settings.DEBUG = True
    output = load_demo()

    username, password = settings.MAEK_DEMO_ADMIN_USERNAME, settings.MAEK_DEMO_ADMIN_PASSWORD
    assert f"{username} / {password}" in output
    assert "/admin/" in output
    user = get_user_model().objects.get(username=username)
    assert user.is_superuser and user.is_staff and user.is_active
    assert Event.objects.get().created_by == user

    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_load_demo_resets_the_demo_admin_password(settings):
    settings.DEBUG = True
    load_demo()
    user = get_user_model().objects.get(username=settings.MAEK_DEMO_ADMIN_USERNAME)
    user.set_password("something-else-entirely")
    user.save()

    load_demo()

    user.refresh_from_db()
    assert user.check_password(settings.MAEK_DEMO_ADMIN_PASSWORD)
    assert get_user_model().objects.filter(username=settings.MAEK_DEMO_ADMIN_USERNAME).count() == 1


def test_load_demo_without_debug_creates_no_admin_unless_asked(settings):
    settings.DEBUG = False
    output = load_demo()
    assert not get_user_model().objects.exists()
    assert "createsuperuser" in output
    assert Event.objects.published().count() == 1

    load_demo("--admin")
    assert get_user_model().objects.filter(username=settings.MAEK_DEMO_ADMIN_USERNAME).exists()


def test_load_demo_no_admin_option_skips_admin(settings):
    settings.DEBUG = True
    load_demo("--no-admin")
    assert not get_user_model().objects.exists()


def test_load_demo_missing_reference_data_writes_nothing(settings):
    settings.DEBUG = True
    EventFormat.objects.filter(slug="open-dialogue-platform").delete()

    with pytest.raises(CommandError, match="migrate"):
        load_demo()

    assert not Event.objects.exists()
    assert not Person.objects.exists()
    assert not Organization.objects.exists()
    assert not get_user_model().objects.exists()


def test_load_demo_prints_admin_address_of_the_given_site(settings):
    settings.DEBUG = True
    output = load_demo("--site-url", "http://127.0.0.1:9000/")
    assert "http://127.0.0.1:9000/admin/" in output
