"""Records for the Excel tests: the seed report's event built with factories."""

import datetime

from dialogues.models import Event, Organization, Participation, Person
from proposals.models import Proposal
from tests import factories

SEED_PROPOSALS = [
    "өлкөнүн эң алыскы регионун өнүктүрүү үчүн “Баткен периферия эмес, өлкөнүн борбору” "
    "принцибине ылайык концепциясын түзүү",
    "Баткендеги ички жана тышкы миграциянын агымын тез арада токтотуу зарыл",
    "кадр маселесин көтөрүү",
    "Баткен облусунун чек ара аймактарына жөлөкпулдарды жана пенсияларды жогорулатуу маселесин кароо зарыл",
    "Кыргыз Республикасынын Коргоо министрлигинин бөлүктөрүнүн бир бөлүгүн Баткенге которуу зарыл",
]

SEED_SPEAKERS = [
    (
        Participation.Role.MODERATOR,
        "Толонбек Шакирович Абдыров",
        "экономика илимдеринин доктору, профессор",
        "Мамлекеттик органдарынын алдындагы коомдук кеңештердин Координациялык кеңешинин төрагасы",
    ),
    (
        Participation.Role.WELCOME,
        "Улан Насирдинович Шамшиев",
        "",
        "Жогорку Кеңештин Төрагасынын алдындагы миграция маселелери боюнча катчылыгынын эксперти",
    ),
    (
        Participation.Role.WELCOME,
        "Алмаз Ашыркулович Асанов",
        "",
        "Тышкы миграция департаментинин миграция саясаты бөлүмүнүн башчысы",
    ),
]


def seed_event(*, status=Event.Status.PUBLISHED) -> Event:
    """The Batken open dialogue of 8 July 2021, as the seed report gives it (Kyrgyz only)."""
    event = factories.EventFactory(
        slug="batken-open-dialogue-2021-07-08",
        title_ky="«Баткен облусунун өзгөчө статусу» темасындагы ачык маектешүү аянтчасы",
        title_ru="",
        title_en="Open dialogue platform on the special status of Batken region",
        locality_ky="Баткен шаары",
        venue_ky="“Айгүл-Тоо” мейманканасынын конференц-залы",
        date=datetime.date(2021, 7, 8),
        attendance_total=50,
        attendance_women=22,
        attendance_men=28,
        status=status,
    )
    event.topics.set([factories.topic("migration"), factories.topic("border-areas")])
    council = factories.OrganizationFactory(
        name_ky="Коомдук кеңештердин Координациялык кеңеши",
        name_ru="Координационный совет общественных советов",
        name_en="Coordination Council of public councils",
        kind=Organization.Kind.PUBLIC_COUNCIL,
    )
    event.organizers.set([council])
    for order, (role, name, honorific, position) in enumerate(SEED_SPEAKERS, start=1):
        person = Person.objects.create(full_name_ky=name, honorific_ky=honorific)
        Participation.objects.create(event=event, person=person, role=role, position_ky=position, order=order)
    for text in SEED_PROPOSALS:
        factories.ProposalFactory(event=event, text_ky=text, text_ru="", text_en="")
    Proposal.objects.filter(event=event, number=1).get().addressees.set([council])
    return event
