"""The seed report as data: the Batken open dialogue of 8 July 2021, in ky, ru and en.

The Kyrgyz text is the organisers' report as written, spelling included; only the
line breaks inside sentences, the semicolons that separated list items and the
lower-case first letter of items cut out of a sentence are tidied. Russian and
English are our translations. People's names are the same in Russian Cyrillic
and transliterated in English.

``devdata.demo.batken_event_write()`` writes it (the demo record of ``load_demo``
and the tests' seed event); tests read these constants to know what to expect.
"""

import datetime

from dialogues.models import Organization, Participation

EVENT_SLUG = "batken-open-dialogue-2021-07-08"
LANGUAGES = ("ky", "ru", "en")


def t(ky: str, ru: str, en: str) -> dict[str, str]:
    """The three language versions of one text, keyed by language code."""
    return {"ky": ky, "ru": ru, "en": en}


def columns(field: str, text: dict[str, str], languages=LANGUAGES) -> dict[str, str]:
    """``{"title_ky": ..., "title_ru": ..., "title_en": ...}`` for ``field``; languages left out are blank."""
    return {f"{field}_{code}": (text[code] if code in languages else "") for code in LANGUAGES}


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

# Numbered as in the report. The topics are our classification, for the filters. The report
# names no addressees, so none is given here: a demo of a real report invents nothing that
# readers would take for the council's own words (tests add addressees where they need them).
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
        "addressees": [],
    },
    {
        "text": t(
            "Баткендеги ички жана тышкы миграциянын агымын тез арада токтотуу зарыл",
            "Необходимо в срочном порядке остановить поток внутренней и внешней миграции из Баткена.",
            "The flow of internal and external migration from Batken must be stopped without delay.",
        ),
        "topics": ["migration"],
        "addressees": [],
    },
    {
        "text": t(
            "Кадр маселесин көтөрүү",
            "Поднять кадровый вопрос.",
            "Raise the issue of qualified staff.",
        ),
        "topics": ["employment", "regional-development"],
        "addressees": [],
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
        "addressees": [],
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
        "addressees": [],
    },
]
