"""Data builders for the public-site tests: the seed report as a full record, and bulk events."""

import datetime

from dialogues.models import Event, ParticipantCategory, Participation
from proposals.models import Proposal
from tests import factories


def seed_event(**overrides) -> Event:
    """The Batken open dialogue of 8 July 2021 (the seed report), with every section filled."""
    fields = {
        "title_ky": "Баткен облусунун өзгөчө статусу",
        "title_ru": "Особый статус Баткенской области",
        "title_en": "Special status of Batken region",
        "goal_ky": "Маалымдоо массалык каражаттары менен өз ара аракеттенүүсүн куруу.",
        "goal_ru": "Выстроить взаимодействие со средствами массовой информации.",
        "goal_en": "Build the interaction with the mass media.",
        "locality_ky": "Баткен шаары",
        "locality_ru": "город Баткен",
        "locality_en": "Batken city",
        "venue_ky": "«Айгүл-Тоо» мейманканасынын конференц-залы",
        "venue_ru": "конференц-зал гостиницы «Айгуль-Тоо»",
        "venue_en": "conference hall of the Aigul-Too hotel",
        "date": datetime.date(2021, 7, 8),
        "attendance_total": 50,
        "attendance_women": 22,
        "attendance_men": 28,
        "slug": "batken-special-status-2021-07-08",
    }
    fields.update(overrides)
    event = factories.EventFactory(**fields)
    event.topics.set([factories.topic("migration"), factories.topic("border-areas")])
    event.participant_categories.set(
        ParticipantCategory.objects.filter(slug__in=["state-bodies", "journalists", "bloggers"])
    )
    event.organizers.set([factories.OrganizationFactory(name_en="Coordination Council of public councils")])
    event.partners.set([factories.OrganizationFactory(name_en="Partner project")])

    moderator = factories.PersonFactory(
        full_name_ky="Толонбек Шакирович Абдыров",
        full_name_ru="Толонбек Шакирович Абдыров",
        full_name_en="Tolonbek Abdyrov",
        honorific_ky="экономика илимдеринин доктору, профессор",
        honorific_ru="доктор экономических наук, профессор",
        honorific_en="Doctor of Economics, professor",
    )
    factories.ParticipationFactory(
        event=event,
        person=moderator,
        role=Participation.Role.MODERATOR,
        position_ky="Координациялык кеңештин төрагасы",
        position_ru="Председатель Координационного совета",
        position_en="Chair of the Coordination Council",
    )
    for name, position in (
        ("Ulan Shamshiev", "Expert of the secretariat on migration"),
        ("Almaz Asanov", "Head of the migration policy division"),
    ):
        factories.ParticipationFactory(
            event=event,
            person=factories.PersonFactory(full_name_en=name),
            role=Participation.Role.WELCOME,
            position_en=position,
        )
    factories.ParticipationFactory(
        event=event,
        person=factories.PersonFactory(full_name_en="Other Speaker"),
        role=Participation.Role.SPEAKER,
        position_en="Journalist",
    )
    for text in (
        "Main directions of the economic development of Batken region",
        "Labour migration",
        "The media in border areas",
    ):
        factories.AgendaItemFactory(event=event, text_en=text)
    presenter = factories.PersonFactory(full_name_en="Presenter Person")
    for title in ("On the special status of Batken region", "Batken. Migration and the future"):
        presentation = factories.PresentationFactory(event=event, title_en=title)
        presentation.presenters.set([presenter])
    for ky, en in (
        ("«Баткен периферия эмес, өлкөнүн борбору» концепциясын түзүү", "Draft a concept"),
        ("Баткендеги миграциянын агымын токтотуу", "Stop migration from Batken"),
        ("Кадр маселесин көтөрүү", "Raise the question of qualified staff"),
        ("Жөлөкпулдарды жогорулатуу", "Raise allowances and pensions"),
        ("Коргоо министрлигинин бөлүктөрүн которуу", "Move Ministry of Defence units"),
    ):
        factories.ProposalFactory(event=event, text_ky=ky, text_ru="", text_en=en)
    return event


def bulk_events(count: int, *, proposals: int = 3, start: datetime.date = datetime.date(2022, 1, 1)):
    """``count`` published events, each with people, agenda, presentations and proposals."""
    events = []
    topic = factories.topic("economy")
    organization = factories.OrganizationFactory()
    for index in range(count):
        event = factories.EventFactory(
            date=start + datetime.timedelta(days=index), attendance_total=40, attendance_women=20
        )
        event.topics.add(topic)
        event.organizers.add(organization)
        event.participant_categories.add(ParticipantCategory.objects.first())
        factories.ParticipationFactory(event=event, role=Participation.Role.MODERATOR)
        factories.ParticipationFactory(event=event, role=Participation.Role.WELCOME)
        factories.AgendaItemFactory(event=event)
        presentation = factories.PresentationFactory(event=event)
        presentation.presenters.add(factories.PersonFactory())
        for _ in range(proposals):
            proposal = factories.ProposalFactory(event=event, status=Proposal.Status.FORWARDED)
            proposal.topics.add(topic)
            proposal.addressees.add(organization)
        events.append(event)
    return events
