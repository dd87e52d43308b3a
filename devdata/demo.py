"""The demo record: the Batken open dialogue of 8 July 2021, complete, in ky, ru and en.

The Kyrgyz text is the organisers' report as written, spelling included; only the
line breaks inside sentences, the semicolons that separated list items and the
lower-case first letter of items cut out of a sentence are tidied. Russian and
English are our translations. People's names are the same in Russian Cyrillic
and transliterated in English.

``demo_load()`` writes it. It can run any number of times: records are found by
stable keys (the event slug, a person's or an organisation's Kyrgyz name,
the order of a presentation or agenda item, the number of a proposal) and
brought back to this content, never duplicated.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dialogues.models import (
    AgendaItem,
    Event,
    EventFormat,
    Organization,
    ParticipantCategory,
    Participation,
    Person,
    Presentation,
    Region,
    Topic,
)
from dialogues.services import event_publish
from proposals.models import Proposal
from proposals.services import proposal_create

EVENT_SLUG = "batken-open-dialogue-2021-07-08"


class DemoDataError(Exception):
    """The demo cannot be loaded: reference data is missing or a record is invalid."""


def t(ky: str, ru: str, en: str) -> dict[str, str]:
    """The three language versions of one text, keyed by language code."""
    return {"ky": ky, "ru": ru, "en": en}


def columns(field: str, text: dict[str, str]) -> dict[str, str]:
    """``{"title_ky": ..., "title_ru": ..., "title_en": ...}`` for ``field``."""
    return {f"{field}_{code}": value for code, value in text.items()}


# Organisations, parents first. Keyed by a name used only inside this module.
ORGANIZATIONS = {
    "jogorku-kenesh": {
        "name": t(
            "Кыргыз Республикасынын Жогорку Кеңеши",
            "Жогорку Кенеш Кыргызской Республики",
            "Jogorku Kenesh of the Kyrgyz Republic",
        ),
        "short_name": t("Жогорку Кеңеш", "Жогорку Кенеш", "Jogorku Kenesh"),
        "kind": Organization.Kind.PARLIAMENT,
        "parent": None,
    },
    "migration-secretariat": {
        "name": t(
            "Жогорку Кеңештин Төрагасынын алдындагы миграция маселелери боюнча катчылык",
            "Секретариат по вопросам миграции при Торага Жогорку Кенеша",
            "Secretariat on Migration Issues under the Speaker of the Jogorku Kenesh",
        ),
        "short_name": t("", "", ""),
        "kind": Organization.Kind.PARLIAMENT,
        "parent": "jogorku-kenesh",
    },
    "foreign-ministry": {
        "name": t(
            "Кыргыз Республикасынын Тышкы иштер министрлиги",
            "Министерство иностранных дел Кыргызской Республики",
            "Ministry of Foreign Affairs of the Kyrgyz Republic",
        ),
        "short_name": t("ТИМ", "МИД КР", "MFA"),
        "kind": Organization.Kind.STATE_BODY,
        "parent": None,
    },
    "external-migration-department": {
        "name": t(
            "Кыргыз Республикасынын Тышкы иштер министрлигинин алдындагы Тышкы миграция департаменти",
            "Департамент внешней миграции при Министерстве иностранных дел Кыргызской Республики",
            "External Migration Department under the Ministry of Foreign Affairs of the Kyrgyz Republic",
        ),
        "short_name": t("", "", ""),
        "kind": Organization.Kind.STATE_BODY,
        "parent": "foreign-ministry",
    },
    "coordination-council": {
        "name": t(
            "Мамлекеттик органдардын алдындагы коомдук кеңештердин Координациялык кеңеши",
            "Координационный совет общественных советов при государственных органах",
            "Coordination Council of the Public Councils under State Bodies",
        ),
        "short_name": t("", "", ""),
        "kind": Organization.Kind.PUBLIC_COUNCIL,
        "parent": None,
    },
}

EVENT = {
    "slug": EVENT_SLUG,
    "format": "open-dialogue-platform",
    "region": "KG-B",
    "date": datetime.date(2021, 7, 8),
    "title": t(
        "Баткен облусунун өзгөчө статусу",
        "Особый статус Баткенской области",
        "Special status of Batken Region",
    ),
    "goal": t(
        "Кыргыз Республикасында жергиликтүү жана мамлекеттик органдардын, коомдук кеңештердин "
        "маалымдоо массалык каражаттары менен эркин маалыматтык мейкиндигин, сөз эркиндигин, "
        "пикирлерин билдирүүнү сактоодо жана өнүктүрүүдө өз ара аракеттенүүсүн куруу.",
        "Выстроить в Кыргызской Республике взаимодействие местных и государственных органов "
        "и общественных советов со средствами массовой информации в сохранении и развитии "
        "свободного информационного пространства, свободы слова и свободы выражения мнений.",
        "To build cooperation between local and state bodies, public councils and the mass media "
        "of the Kyrgyz Republic in preserving and developing a free information space, freedom "
        "of speech and freedom of expression.",
    ),
    "summary": t(
        "Ачык маектешүү аянтчасынын отурумунда Баткен облусунунун экономикалык өнүгүүсүнүн "
        "негизги багыттары, эмгек миграциясы ошондой эле чек ара аймактарындагы малымат "
        "каражаттарынын иши жана өзгөчөлүктөрү сыяктуу актуалдуу суроолор талкууланды.",
        "На заседании открытой диалоговой площадки обсуждались такие актуальные вопросы, "
        "как основные направления экономического развития Баткенской области, трудовая "
        "миграция, а также работа и особенности средств массовой информации в приграничных "
        "районах.",
        "The session of the open dialogue platform discussed topical questions such as the main "
        "directions of the economic development of Batken Region, labour migration, and the work "
        "and particularities of the media in border areas.",
    ),
    "locality": t("Баткен шаары", "город Баткен", "Batken city"),
    "venue": t(
        "“Айгүл-Тоо” мейманканасынын конференц-залы",
        "конференц-зал гостиницы «Айгуль-Тоо»",
        "conference hall of the Aigul-Too hotel",
    ),
    "attendance_total": 50,
    "attendance_women": 22,
    "attendance_men": 28,
    "topics": ["migration", "economy", "media", "border-areas", "regional-development"],
    "participant_categories": [
        "state-bodies",
        "small-public-councils",
        "civil-society",
        "international-organizations",
        "public-councils",
        "journalists",
        "bloggers",
        "migration-experts",
    ],
}

# Role, person, position held that day, organisation represented; in the report's order.
PARTICIPATIONS = [
    {
        "role": Participation.Role.MODERATOR,
        "person": {
            "full_name": t(
                "Толонбек Шакирович Абдыров",
                "Толонбек Шакирович Абдыров",
                "Tolonbek Shakirovich Abdyrov",
            ),
            "honorific": t(
                "экономика илимдеринин доктору, профессор",
                "доктор экономических наук, профессор",
                "Doctor of Economics, professor",
            ),
            "gender": "m",
        },
        "position": t(
            "Мамлекеттик органдарынын алдындагы коомдук кеңештердин Координациялык кеңешинин төрагасы",
            "Председатель Координационного совета общественных советов при государственных органах",
            "Chair of the Coordination Council of the Public Councils under State Bodies",
        ),
        "organization": "coordination-council",
    },
    {
        "role": Participation.Role.WELCOME,
        "person": {
            "full_name": t(
                "Улан Насирдинович Шамшиев",
                "Улан Насирдинович Шамшиев",
                "Ulan Nasirdinovich Shamshiev",
            ),
            "honorific": t("", "", ""),
            "gender": "m",
        },
        "position": t(
            "Жогорку Кеңештин Төрагасынын алдындагы миграция маселелери боюнча катчылыгынын эксперти, "
            "Баткен облусун өнүктүрүү программасын иштеп чыгуу боюнча жумушчу топтун мүчөсү",
            "Эксперт Секретариата по вопросам миграции при Торага Жогорку Кенеша, член рабочей группы "
            "по разработке программы развития Баткенской области",
            "Expert of the Secretariat on Migration Issues under the Speaker of the Jogorku Kenesh; "
            "member of the working group drafting the Batken Region development programme",
        ),
        "organization": "migration-secretariat",
    },
    {
        "role": Participation.Role.WELCOME,
        "person": {
            "full_name": t(
                "Алмаз Ашыркулович Асанов",
                "Алмаз Ашыркулович Асанов",
                "Almaz Ashyrkulovich Asanov",
            ),
            "honorific": t("", "", ""),
            "gender": "m",
        },
        "position": t(
            "Кыргыз Респуликасынын Тышкы иштер министрлигинин алдындагы Тышкы миграция "
            "департаментинин миграция саясаты бөлүмүнүн башчысы – 2021-2030-жылдарга КРнын "
            "Миграциялык саясат концепциясын иштеп чыгуу боонча ведомстволор аралык жумушчу "
            "топтун мүчөсү",
            "Заведующий отделом миграционной политики Департамента внешней миграции при "
            "Министерстве иностранных дел Кыргызской Республики, член межведомственной рабочей "
            "группы по разработке Концепции миграционной политики КР на 2021–2030 годы",
            "Head of the Migration Policy Division of the External Migration Department under the "
            "Ministry of Foreign Affairs of the Kyrgyz Republic; member of the interdepartmental "
            "working group drafting the Migration Policy Concept of the Kyrgyz Republic for 2021–2030",
        ),
        "organization": "external-migration-department",
    },
]

# The report names no presenters.
PRESENTATIONS = [
    t(
        "Баткен облусунун өзгөчө статусу тууралуу",
        "Об особом статусе Баткенской области",
        "On the special status of Batken Region",
    ),
    t(
        "Баткен облусунун мониторингдөө боюнча изилдөөнүн жыйынтыктары",
        "Итоги мониторингового исследования Баткенской области",
        "Results of the monitoring study of Batken Region",
    ),
    t(
        "Баткен. Миграция жана келечеги",
        "Баткен. Миграция и будущее",
        "Batken. Migration and the future",
    ),
]

AGENDA_ITEMS = [
    t(
        "Баткен облусунунун экономикалык өнүгүүсүнүн негизги багыттары",
        "Основные направления экономического развития Баткенской области",
        "Main directions of the economic development of Batken Region",
    ),
    t("Эмгек миграциясы", "Трудовая миграция", "Labour migration"),
    t(
        "Чек ара аймактарындагы малымат каражаттарынын иши жана өзгөчөлүктөрү",
        "Работа и особенности средств массовой информации в приграничных районах",
        "The work and particularities of the media in border areas",
    ),
]

# Numbered as in the report; the topics are our classification, for the filters.
PROPOSALS = [
    {
        "text": t(
            "Өлкөнүн эң алыскы регионун өнүктүрүү үчүн “Баткен периферия эмес, өлкөнүн борбору” "
            "принцибине ылайык концепциясын түзүү",
            "Разработать концепцию развития самого отдалённого региона страны по принципу "
            "«Баткен — не периферия, а центр страны».",
            "Draft a concept for developing the country's most remote region on the principle "
            "“Batken is not the periphery but the centre of the country”.",
        ),
        "topics": ["regional-development"],
    },
    {
        "text": t(
            "Баткендеги ички жана тышкы миграциянын агымын тез арада токтотуу зарыл",
            "Необходимо в срочном порядке остановить поток внутренней и внешней миграции из Баткена.",
            "The flow of internal and external migration from Batken must be stopped without delay.",
        ),
        "topics": ["migration"],
    },
    {
        "text": t(
            "Кадр маселесин көтөрүү",
            "Поднять кадровый вопрос.",
            "Raise the issue of qualified staff.",
        ),
        "topics": ["employment", "regional-development"],
    },
    {
        "text": t(
            "Баткен облусунун чек ара аймактарына жөлөкпулдарды жана пенсияларды жогорулатуу "
            "маселесин кароо зарыл",
            "Необходимо рассмотреть вопрос о повышении пособий и пенсий в приграничных районах "
            "Баткенской области.",
            "The question of raising allowances and pensions in the border areas of Batken Region "
            "should be considered.",
        ),
        "topics": ["social-protection", "border-areas"],
    },
    {
        "text": t(
            "Кыргыз Республикасынын Коргоо министрлигинин бөлүктөрүнүн бир бөлүгүн Баткенге которуу "
            "зарыл, туруктуулукту токтотуу жана кепилдөө үчүн региондогу аскердик өкүлчүлүктү "
            "күчөтүү зарыл.",
            "Необходимо перевести часть подразделений Министерства обороны Кыргызской Республики "
            "в Баткен и усилить военное присутствие в регионе, чтобы обеспечить и гарантировать "
            "стабильность.",
            "Part of the units of the Ministry of Defence of the Kyrgyz Republic should be moved to "
            "Batken, and the military presence in the region strengthened to secure and guarantee "
            "stability.",
        ),
        "topics": ["security", "border-areas"],
    },
]


@dataclass(frozen=True)
class DemoResult:
    event: Event
    admin_username: str | None
    admin_password: str | None


def _clean_save(obj) -> None:
    obj.full_clean()
    obj.save()


def _reference(model, field: str, values: list[str]) -> list:
    """Reference rows (loaded by migration) by slug or code, refusing any that is missing."""
    found = {getattr(obj, field): obj for obj in model.objects.filter(**{f"{field}__in": values})}
    missing = [value for value in values if value not in found]
    if missing:
        raise DemoDataError(
            _("Reference data is missing (%(model)s: %(values)s). Run “manage.py migrate” first.")
            % {"model": model._meta.verbose_name_plural, "values": ", ".join(missing)}
        )
    return [found[value] for value in values]


def _organization(key: str, known: dict[str, Organization]) -> Organization:
    data = ORGANIZATIONS[key]
    organization = (
        Organization.objects.filter(name_ky=data["name"]["ky"]).order_by("pk").first() or Organization()
    )
    for field in ("name", "short_name"):
        for name, value in columns(field, data[field]).items():
            setattr(organization, name, value)
    organization.kind = data["kind"]
    organization.parent = known[data["parent"]] if data["parent"] else None
    _clean_save(organization)
    return organization


def _person(data: dict) -> Person:
    person = Person.objects.filter(full_name_ky=data["full_name"]["ky"]).order_by("pk").first() or Person()
    for field in ("full_name", "honorific"):
        for name, value in columns(field, data[field]).items():
            setattr(person, name, value)
    person.gender = data["gender"]
    _clean_save(person)
    return person


def _demo_admin():
    """The demo superuser, with the password from settings (reset on every run)."""
    username = settings.MAEK_DEMO_ADMIN_USERNAME
    password = settings.MAEK_DEMO_ADMIN_PASSWORD
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    user.set_password(password)
    # The password hash is not set yet when full_clean() runs on a new user.
    user.full_clean(exclude=["password"])
    user.save()
    return user, username, password


def _event(user) -> Event:
    data = EVENT
    event_format = _reference(EventFormat, "slug", [data["format"]])[0]
    region = _reference(Region, "code", [data["region"]])[0]
    topics = _reference(Topic, "slug", data["topics"])
    categories = _reference(ParticipantCategory, "slug", data["participant_categories"])

    event = Event.objects.filter(slug=data["slug"]).first()
    if event is None:
        event = Event(slug=data["slug"], created_by=user)
    for field in ("title", "goal", "summary", "locality", "venue"):
        for name, value in columns(field, data[field]).items():
            setattr(event, name, value)
    event.format = event_format
    event.region = region
    event.date = data["date"]
    event.attendance_total = data["attendance_total"]
    event.attendance_women = data["attendance_women"]
    event.attendance_men = data["attendance_men"]
    if user is not None:
        event.updated_by = user
    _clean_save(event)
    event.topics.set(topics)
    event.participant_categories.set(categories)
    return event


def _participations(event: Event) -> None:
    organizations: dict[str, Organization] = {}
    for key in ORGANIZATIONS:
        organizations[key] = _organization(key, organizations)
    kept = []
    for order, data in enumerate(PARTICIPATIONS, start=1):
        person = _person(data["person"])
        participation = Participation.objects.filter(
            event=event, person=person, role=data["role"]
        ).first() or Participation(event=event, person=person, role=data["role"])
        for name, value in columns("position", data["position"]).items():
            setattr(participation, name, value)
        participation.organization = organizations[data["organization"]]
        participation.order = order
        _clean_save(participation)
        kept.append(participation.pk)
    Participation.objects.filter(event=event).exclude(pk__in=kept).delete()


def _ordered_texts(event: Event, model, field: str, texts: list[dict[str, str]]) -> None:
    """Presentations or agenda items of ``event``, matched by their order."""
    kept = []
    for order, text in enumerate(texts, start=1):
        obj = model.objects.filter(event=event, order=order).order_by("pk").first() or model(
            event=event, order=order
        )
        for name, value in columns(field, text).items():
            setattr(obj, name, value)
        _clean_save(obj)
        kept.append(obj.pk)
    model.objects.filter(event=event).exclude(pk__in=kept).delete()


def _proposals(event: Event) -> None:
    """Proposals No. 1..5: texts updated by number, missing ones created by the numbering service.

    Proposals someone added after No. 5 are left alone: a proposal is a record,
    not demo decoration.
    """
    for number, data in enumerate(PROPOSALS, start=1):
        topics = _reference(Topic, "slug", data["topics"])
        proposal = Proposal.objects.filter(event=event, number=number).first()
        if proposal is None:
            proposal = proposal_create(
                event=event,
                status=Proposal.Status.RECEIVED,
                topics=topics,
                **columns("text", data["text"]),
            )
            if proposal.number != number:
                raise DemoDataError(
                    _("The demo event's proposals are numbered with gaps; expected No. %(number)s.")
                    % {"number": number}
                )
            # Received on the day of the event, not on the day the demo was loaded.
            proposal.status_changed_on = event.date
        else:
            for name, value in columns("text", data["text"]).items():
                setattr(proposal, name, value)
        _clean_save(proposal)
        proposal.topics.set(topics)


@transaction.atomic
def demo_load(*, with_admin: bool = True) -> DemoResult:
    """Write the complete, published demo event; all or nothing.

    With ``with_admin`` the demo superuser from settings is created (or its
    password reset) and becomes the event's author and publisher.
    """
    user = username = password = None
    try:
        if with_admin:
            user, username, password = _demo_admin()
        event = _event(user)
        _participations(event)
        _ordered_texts(event, AgendaItem, "text", AGENDA_ITEMS)
        _ordered_texts(event, Presentation, "title", PRESENTATIONS)
        _proposals(event)
        event = event_publish(event=event, user=user)
    except ValidationError as error:
        raise DemoDataError(_("The demo data is not valid: %(errors)s") % {"errors": error}) from error
    return DemoResult(event=event, admin_username=username, admin_password=password)
