"""The words the data generator writes: places, themes, proposals, people, organisations.

Every text is a (ky, ru, en) triple, written as a coordinator would type it.
"""

from dialogues.models import Organization

# Region code -> (ky genitive, ru genitive, en): "the special status of Batken Region".
REGION_FORMS = {
    "KG-B": ("Баткен облусунун", "Баткенской области", "Batken Region"),
    "KG-J": ("Жалал-Абад облусунун", "Джалал-Абадской области", "Jalal-Abad Region"),
    "KG-Y": ("Ысык-Көл облусунун", "Иссык-Кульской области", "Issyk-Kul Region"),
    "KG-N": ("Нарын облусунун", "Нарынской области", "Naryn Region"),
    "KG-O": ("Ош облусунун", "Ошской области", "Osh Region"),
    "KG-T": ("Талас облусунун", "Таласской области", "Talas Region"),
    "KG-C": ("Чүй облусунун", "Чуйской области", "Chüy Region"),
    "KG-GB": ("Бишкек шаарынын", "города Бишкек", "Bishkek City"),
    "KG-GO": ("Ош шаарынын", "города Ош", "Osh City"),
}

# Region code -> localities (ky, ru, en). Cities first: they host most events.
LOCALITIES = {
    "KG-B": [
        ("Баткен шаары", "город Баткен", "Batken city"),
        ("Сүлүктү шаары", "город Сулюкта", "Sulukta city"),
        ("Кызыл-Кыя шаары", "город Кызыл-Кия", "Kyzyl-Kiya city"),
        ("Исфана шаары", "город Исфана", "Isfana city"),
        ("Ак-Сай айылы", "село Ак-Сай", "Ak-Sai village"),
    ],
    "KG-J": [
        ("Жалал-Абад шаары", "город Джалал-Абад", "Jalal-Abad city"),
        ("Кара-Көл шаары", "город Кара-Куль", "Kara-Kul city"),
        ("Таш-Көмүр шаары", "город Таш-Кумыр", "Tash-Kumyr city"),
        ("Майлуу-Суу шаары", "город Майлуу-Суу", "Mailuu-Suu city"),
        ("Токтогул айылы", "село Токтогул", "Toktogul village"),
    ],
    "KG-Y": [
        ("Каракол шаары", "город Каракол", "Karakol city"),
        ("Балыкчы шаары", "город Балыкчы", "Balykchy city"),
        ("Чолпон-Ата шаары", "город Чолпон-Ата", "Cholpon-Ata city"),
        ("Кызыл-Суу айылы", "село Кызыл-Суу", "Kyzyl-Suu village"),
    ],
    "KG-N": [
        ("Нарын шаары", "город Нарын", "Naryn city"),
        ("Ат-Башы айылы", "село Ат-Баши", "At-Bashy village"),
        ("Кочкор айылы", "село Кочкор", "Kochkor village"),
    ],
    "KG-O": [
        ("Өзгөн шаары", "город Узген", "Uzgen city"),
        ("Кара-Суу шаары", "город Кара-Суу", "Kara-Suu city"),
        ("Ноокат шаары", "город Ноокат", "Nookat city"),
        ("Гүлчө айылы", "село Гульча", "Gulcha village"),
    ],
    "KG-T": [
        ("Талас шаары", "город Талас", "Talas city"),
        ("Покровка айылы", "село Покровка", "Pokrovka village"),
        ("Кара-Буура айылы", "село Кара-Буура", "Kara-Buura village"),
    ],
    "KG-C": [
        ("Токмок шаары", "город Токмок", "Tokmok city"),
        ("Кара-Балта шаары", "город Кара-Балта", "Kara-Balta city"),
        ("Кант шаары", "город Кант", "Kant city"),
        ("Беловодское айылы", "село Беловодское", "Belovodskoye village"),
    ],
    "KG-GB": [("Бишкек шаары", "город Бишкек", "Bishkek city")],
    "KG-GO": [("Ош шаары", "город Ош", "Osh city")],
}

# Bishkek holds many national events; the rest spread over the regions.
REGION_WEIGHTS = {
    "KG-GB": 18,
    "KG-B": 12,
    "KG-O": 12,
    "KG-J": 12,
    "KG-C": 10,
    "KG-GO": 10,
    "KG-Y": 10,
    "KG-N": 8,
    "KG-T": 8,
}

HOTELS = [
    ("Айгүл-Тоо", "Айгуль-Тоо", "Aigul-Too"),
    ("Ала-Тоо", "Ала-Тоо", "Ala-Too"),
    ("Достук", "Достук", "Dostuk"),
    ("Ак-Керме", "Ак-Керме", "Ak-Kerme"),
    ("Жибек Жолу", "Жибек Жолу", "Jibek Jolu"),
    ("Теңир-Тоо", "Тенир-Тоо", "Tenir-Too"),
    ("Нур", "Нур", "Nur"),
]

VENUES = [
    (
        "«{ky}» мейманканасынын конференц-залы",
        "конференц-зал гостиницы «{ru}»",
        "conference hall of the {en} hotel",
    ),
    (
        "«{ky}» мейманканасынын конференц-залы",
        "конференц-зал гостиницы «{ru}»",
        "conference hall of the {en} hotel",
    ),
    ("мэриянын жыйындар залы", "зал заседаний мэрии", "assembly hall of the city hall"),
    ("Жаштар борбору", "Молодёжный центр", "youth centre"),
    (
        "шаардык китепкананын окуу залы",
        "читальный зал городской библиотеки",
        "reading room of the city library",
    ),
    (
        "мамлекеттик университеттин чоң залы",
        "актовый зал государственного университета",
        "assembly hall of the state university",
    ),
]

# Format slug -> weight. Formats themselves come from the migration.
FORMAT_WEIGHTS = {
    "open-dialogue-platform": 40,
    "round-table": 20,
    "public-hearing": 10,
    "conference": 6,
    "forum": 5,
    "seminar": 8,
    "focus-group": 6,
    "meeting": 5,
}

# Event themes: (ky, ru, en, topic slugs). {ky}/{ru}/{en} take the region's genitive.
THEMES = [
    (
        "{ky} өзгөчө статусу",
        "Особый статус {ru}",
        "The special status of {en}",
        ("regional-development", "border-areas"),
    ),
    (
        "{ky} экономикалык өнүгүүсүнүн негизги багыттары",
        "Основные направления экономического развития {ru}",
        "Main directions of the economic development of {en}",
        ("economy", "regional-development"),
    ),
    (
        "Эмгек миграциясы жана анын үй-бүлөлөргө тийгизген таасири",
        "Трудовая миграция и её влияние на семьи",
        "Labour migration and its effect on families",
        ("migration", "social-protection"),
    ),
    (
        "Чек ара аймактарындагы массалык маалымат каражаттарынын иши",
        "Работа СМИ в приграничных районах",
        "The work of the media in border areas",
        ("media", "border-areas"),
    ),
    (
        "Сөз эркиндиги жана маалымат мейкиндиги",
        "Свобода слова и информационное пространство",
        "Freedom of speech and the information space",
        ("media", "human-rights"),
    ),
    (
        "{ky} жаштарын жумуш менен камсыз кылуу",
        "Занятость молодёжи {ru}",
        "Youth employment in {en}",
        ("employment", "economy"),
    ),
    (
        "Айыл жеринде саламаттык сактоо кызматтарынын жеткиликтүүлүгү",
        "Доступность медицинских услуг в сельской местности",
        "Access to health services in rural areas",
        ("health", "social-protection"),
    ),
    (
        "Мектептердеги билим берүүнүн сапаты",
        "Качество школьного образования",
        "The quality of school education",
        ("education",),
    ),
    (
        "Сугат суу жана жайыттарды башкаруу",
        "Управление поливной водой и пастбищами",
        "Managing irrigation water and pastures",
        ("environment", "economy"),
    ),
    (
        "{ky} коопсуздугу жана туруктуулугу",
        "Безопасность и стабильность {ru}",
        "Security and stability of {en}",
        ("security", "border-areas"),
    ),
    (
        "Жергиликтүү бюджеттин ачыктыгы",
        "Открытость местного бюджета",
        "Openness of the local budget",
        ("governance",),
    ),
    (
        "Мамлекеттик органдардын коомдук кеңештеринин ролу",
        "Роль общественных советов государственных органов",
        "The role of the public councils of state bodies",
        ("governance",),
    ),
    (
        "Кайтып келген мигранттарды кайра интеграциялоо",
        "Реинтеграция вернувшихся мигрантов",
        "Reintegration of returning migrants",
        ("migration", "employment"),
    ),
    (
        "Пенсиялар жана социалдык жөлөкпулдар",
        "Пенсии и социальные пособия",
        "Pensions and social benefits",
        ("social-protection",),
    ),
    (
        "Климаттын өзгөрүшү жана айыл чарбасы",
        "Изменение климата и сельское хозяйство",
        "Climate change and agriculture",
        ("environment", "economy"),
    ),
    (
        "Аялдардын коомдук турмушка катышуусу",
        "Участие женщин в общественной жизни",
        "Women's participation in public life",
        ("human-rights", "governance"),
    ),
    (
        "{ky} туризмин өнүктүрүү",
        "Развитие туризма {ru}",
        "Developing tourism in {en}",
        ("economy", "regional-development"),
    ),
    (
        "Санариптик мамлекеттик кызматтар",
        "Цифровые государственные услуги",
        "Digital public services",
        ("governance",),
    ),
    (
        "Жол инфраструктурасы жана транспорт",
        "Дорожная инфраструктура и транспорт",
        "Road infrastructure and transport",
        ("regional-development",),
    ),
    (
        "Коррупцияга каршы аракеттенүү",
        "Противодействие коррупции",
        "Countering corruption",
        ("governance", "human-rights"),
    ),
    (
        "Ден соолугу чектелген адамдардын укуктары",
        "Права людей с ограниченными возможностями здоровья",
        "The rights of people with disabilities",
        ("human-rights", "social-protection"),
    ),
    (
        "Чек ара аймактарындагы суу жана жер маселелери",
        "Вопросы воды и земли в приграничье",
        "Water and land issues in border areas",
        ("border-areas", "environment", "security"),
    ),
]

GOALS = [
    (
        "Жергиликтүү жана мамлекеттик органдардын, коомдук кеңештердин массалык маалымат каражаттары менен өз ара аракеттенүүсүн куруу.",
        "Выстроить взаимодействие местных и государственных органов и общественных советов со СМИ.",
        "Build the interaction of local and state bodies and public councils with the media.",
    ),
    (
        "Жарандардын пикирин угуу жана сунуштарды мамлекеттик органдарга жеткирүү.",
        "Выслушать мнение граждан и довести предложения до государственных органов.",
        "Hear citizens' views and bring their proposals to state bodies.",
    ),
    (
        "Аймактын көйгөйлөрүн аныктоо жана чечүү жолдорун биргеликте издөө.",
        "Определить проблемы региона и вместе искать пути их решения.",
        "Identify the region's problems and look for solutions together.",
    ),
    (
        "Мыйзам долбоорун талкуулоо жана коомчулуктун сунуштарын чогултуу.",
        "Обсудить законопроект и собрать предложения общественности.",
        "Discuss the draft law and gather the public's proposals.",
    ),
    (
        "Жергиликтүү өз алдынча башкаруу органдарынын ачыктыгын жогорулатуу.",
        "Повысить открытость органов местного самоуправления.",
        "Make local self-government more open.",
    ),
    (
        "Мамлекет менен жарандык коомдун ортосундагы ишенимди бекемдөө.",
        "Укрепить доверие между государством и гражданским обществом.",
        "Strengthen trust between the state and civil society.",
    ),
]

AGENDA = [
    (
        "Аймактын экономикалык өнүгүүсүнүн негизги багыттары",
        "Основные направления экономического развития региона",
        "Main directions of the region's economic development",
    ),
    ("Эмгек миграциясы", "Трудовая миграция", "Labour migration"),
    (
        "Чек ара аймактарындагы маалымат каражаттарынын иши",
        "Работа СМИ в приграничных районах",
        "The work of the media in border areas",
    ),
    ("Жаштардын жумушсуздугу", "Безработица среди молодёжи", "Youth unemployment"),
    (
        "Мектептерди мугалимдер менен камсыз кылуу",
        "Обеспечение школ учителями",
        "Staffing schools with teachers",
    ),
    ("Ичүүчү суунун сапаты", "Качество питьевой воды", "Quality of drinking water"),
    ("Айыл чарба продукциясын сатуу", "Сбыт сельскохозяйственной продукции", "Selling farm produce"),
    ("Жергиликтүү бюджеттин түзүлүшү", "Формирование местного бюджета", "How the local budget is drawn up"),
    ("Жол курулушу", "Строительство дорог", "Road building"),
    ("Медициналык кадрлардын жетишсиздиги", "Нехватка медицинских кадров", "Shortage of medical staff"),
    (
        "Социалдык жөлөкпулдарды төлөө тартиби",
        "Порядок выплаты социальных пособий",
        "How social benefits are paid",
    ),
    ("Мигранттардын үй-бүлөлөрүн колдоо", "Поддержка семей мигрантов", "Support for migrants' families"),
    ("Табигый кырсыктардын алдын алуу", "Предупреждение стихийных бедствий", "Preventing natural disasters"),
    (
        "Коомдук кеңештердин ишинин натыйжалуулугу",
        "Эффективность работы общественных советов",
        "How effective public councils are",
    ),
    ("Санариптик кызматтарга жетүү", "Доступ к цифровым услугам", "Access to digital services"),
    ("Чек ара өткөөлдөрүнүн иши", "Работа пунктов пропуска на границе", "Border crossing points"),
    ("Туризм жана кол өнөрчүлүк", "Туризм и ремёсла", "Tourism and crafts"),
    ("Аялдардын укуктарын коргоо", "Защита прав женщин", "Protecting women's rights"),
]

# Proposals: (ky, ru, en, topic slugs).
PROPOSALS = [
    (
        "Ички жана тышкы миграциянын агымын азайтуу боюнча программа иштеп чыгуу",
        "Разработать программу по сокращению внутренней и внешней миграции",
        "Develop a programme to reduce internal and external migration",
        ("migration",),
    ),
    (
        "Кадр маселесин көтөрүү жана адистерди аймакка тартуу",
        "Поднять вопрос кадров и привлечь специалистов в регион",
        "Raise the question of qualified staff and attract specialists to the region",
        ("employment", "regional-development"),
    ),
    (
        "Чек ара аймактарында жөлөкпулдарды жана пенсияларды жогорулатуу маселесин кароо",
        "Рассмотреть вопрос повышения пособий и пенсий в приграничных районах",
        "Consider raising allowances and pensions in border areas",
        ("social-protection", "border-areas"),
    ),
    (
        "Туруктуулук үчүн аймакта аскердик өкүлчүлүктү күчөтүү",
        "Усилить военное присутствие в регионе ради стабильности",
        "Strengthen the military presence in the region for stability",
        ("security", "border-areas"),
    ),
    (
        "Жергиликтүү маалымат каражаттарына мамлекеттик колдоо көрсөтүү",
        "Оказать государственную поддержку местным СМИ",
        "Give state support to local media",
        ("media",),
    ),
    (
        "Жаштар үчүн кесиптик окутуу борборлорун ачуу",
        "Открыть центры профессионального обучения для молодёжи",
        "Open vocational training centres for young people",
        ("education", "employment"),
    ),
    (
        "Айылдык саламаттык сактоо пункттарын дарыгерлер менен камсыз кылуу",
        "Обеспечить сельские фельдшерские пункты врачами",
        "Staff rural health posts with doctors",
        ("health",),
    ),
    (
        "Жергиликтүү бюджеттин долбоорун коомдук угууга коюу",
        "Выносить проект местного бюджета на общественные слушания",
        "Put the draft local budget to public hearings",
        ("governance",),
    ),
    (
        "Ичүүчү суу түтүктөрүн оңдоо үчүн каражат бөлүү",
        "Выделить средства на ремонт водопровода",
        "Allocate funds to repair drinking water pipes",
        ("environment", "health"),
    ),
    (
        "Мигранттардын балдарына психологиялык колдоо көрсөтүү",
        "Оказать психологическую поддержку детям мигрантов",
        "Provide psychological support to migrants' children",
        ("migration", "social-protection"),
    ),
    (
        "Айыл чарба продукциясын кайра иштетүү ишканаларын куруу",
        "Построить предприятия по переработке сельхозпродукции",
        "Build plants to process farm produce",
        ("economy",),
    ),
    (
        "Мугалимдердин эмгек акысын жогорулатуу",
        "Повысить заработную плату учителям",
        "Raise teachers' salaries",
        ("education",),
    ),
    (
        "Коомдук кеңештердин сунуштарына жооп берүү мөөнөтүн белгилөө",
        "Установить срок ответа на предложения общественных советов",
        "Set a deadline for answering the proposals of public councils",
        ("governance",),
    ),
    (
        "Чек ара өткөөлдөрүндө кезектерди кыскартуу",
        "Сократить очереди на пунктах пропуска",
        "Shorten queues at border crossings",
        ("border-areas", "economy"),
    ),
    (
        "Табигый кырсыктардан эскертүү тутумун орнотуу",
        "Установить систему оповещения о стихийных бедствиях",
        "Install a natural disaster warning system",
        ("security", "environment"),
    ),
    (
        "Мамлекеттик кызматтарды онлайн алууну жеңилдетүү",
        "Упростить получение государственных услуг онлайн",
        "Make it easier to obtain public services online",
        ("governance",),
    ),
    (
        "Жолдорду оңдоо графигин жарыялоо",
        "Опубликовать график ремонта дорог",
        "Publish the road repair schedule",
        ("regional-development",),
    ),
    (
        "Ден соолугу чектелген адамдар үчүн имараттарды ыңгайлаштыруу",
        "Приспособить здания для людей с инвалидностью",
        "Adapt buildings for people with disabilities",
        ("human-rights", "social-protection"),
    ),
    (
        "Аялдардын шайланган органдарга катышуусун колдоо",
        "Поддержать участие женщин в выборных органах",
        "Support women's participation in elected bodies",
        ("human-rights", "governance"),
    ),
    (
        "Туристтик маршруттарды түзүү жана жарнамалоо",
        "Создать и продвигать туристические маршруты",
        "Create and promote tourist routes",
        ("economy", "regional-development"),
    ),
    (
        "Жайыттарды пайдалануу эрежелерин кайра карап чыгуу",
        "Пересмотреть правила пользования пастбищами",
        "Review the rules for the use of pastures",
        ("environment", "economy"),
    ),
    (
        "Кайтып келген мигранттар үчүн чакан насыя программасын ишке киргизүү",
        "Запустить программу микрокредитов для вернувшихся мигрантов",
        "Launch a micro-credit programme for returning migrants",
        ("migration", "economy"),
    ),
    (
        "Коррупциялык тобокелдиктерге көз карандысыз мониторинг жүргүзүү",
        "Проводить независимый мониторинг коррупционных рисков",
        "Carry out independent monitoring of corruption risks",
        ("governance", "human-rights"),
    ),
    (
        "Журналисттер үчүн маалыматка жетүү тартибин жөнөкөйлөтүү",
        "Упростить доступ журналистов к информации",
        "Simplify journalists' access to information",
        ("media", "human-rights"),
    ),
    (
        "Мектептерди интернет менен камсыз кылуу",
        "Подключить школы к интернету",
        "Connect schools to the internet",
        ("education",),
    ),
]

PRESENTATIONS = [
    ("Аймактын өзгөчө статусу тууралуу", "Об особом статусе региона", "On the special status of the region"),
    (
        "Мониторингдик изилдөөнүн жыйынтыктары",
        "Результаты мониторингового исследования",
        "Results of the monitoring study",
    ),
    ("Миграция жана келечек", "Миграция и будущее", "Migration and the future"),
    ("Жергиликтүү бюджеттин аткарылышы", "Исполнение местного бюджета", "Execution of the local budget"),
    (
        "Жаштар арасындагы сурамжылоонун натыйжалары",
        "Итоги опроса среди молодёжи",
        "Findings of a youth survey",
    ),
    ("Мыйзам долбооруна сереп", "Обзор законопроекта", "Review of the draft law"),
    ("Эл аралык тажрыйба", "Международный опыт", "International experience"),
    (
        "Аймактын социалдык-экономикалык абалы",
        "Социально-экономическое положение региона",
        "The region's social and economic situation",
    ),
    (
        "Коомдук кеңештердин ишинин жыйынтыктары",
        "Итоги работы общественных советов",
        "Results of the public councils' work",
    ),
]

SERIES = ("Ачык маектешүү аянтчасы", "Открытая диалоговая площадка", "Open dialogue platform")

# People: (ky, ru) first names; en is transliterated from ky.
MALE_NAMES = [
    ("Толонбек", "Толонбек"),
    ("Улан", "Улан"),
    ("Алмаз", "Алмаз"),
    ("Нурлан", "Нурлан"),
    ("Бакыт", "Бакыт"),
    ("Азамат", "Азамат"),
    ("Эрлан", "Эрлан"),
    ("Марат", "Марат"),
    ("Тилек", "Тилек"),
    ("Канат", "Канат"),
    ("Жоомарт", "Жоомарт"),
    ("Самат", "Самат"),
    ("Бекжан", "Бекжан"),
    ("Кубанычбек", "Кубанычбек"),
    ("Мирлан", "Мирлан"),
    ("Темирлан", "Темирлан"),
    ("Эмил", "Эмиль"),
    ("Данияр", "Данияр"),
]
FEMALE_NAMES = [
    ("Айгүл", "Айгуль"),
    ("Жылдыз", "Жылдыз"),
    ("Гүлнара", "Гульнара"),
    ("Назгүл", "Назгуль"),
    ("Асел", "Асель"),
    ("Бермет", "Бермет"),
    ("Чолпон", "Чолпон"),
    ("Динара", "Динара"),
    ("Айжан", "Айжан"),
    ("Мээрим", "Мээрим"),
    ("Гүлзат", "Гульзат"),
    ("Айпери", "Айпери"),
    ("Анара", "Анара"),
    ("Салтанат", "Салтанат"),
    ("Нургүл", "Нургуль"),
    ("Элмира", "Эльмира"),
]
FATHER_NAMES = [
    "Шакир",
    "Насирдин",
    "Ашыркул",
    "Токтогул",
    "Бакыт",
    "Мурат",
    "Асан",
    "Эрмек",
    "Аскар",
    "Жумабек",
    "Абдылда",
    "Бектур",
    "Сапар",
    "Кадыр",
]
SURNAMES = [
    "Абдыров",
    "Шамшиев",
    "Асанов",
    "Токтогулов",
    "Осмонов",
    "Жээнбеков",
    "Мамытов",
    "Сыдыков",
    "Турдубаев",
    "Усенов",
    "Кадыров",
    "Исаков",
    "Садыков",
    "Бообеков",
    "Орозбеков",
    "Эсенов",
    "Касымов",
    "Мурзаев",
    "Алымбеков",
    "Темиров",
]
HONORIFICS = [
    (
        "экономика илимдеринин доктору, профессор",
        "доктор экономических наук, профессор",
        "Doctor of Economics, professor",
    ),
    ("юридика илимдеринин кандидаты", "кандидат юридических наук", "Candidate of Legal Sciences"),
    ("саясий илимдердин доктору", "доктор политических наук", "Doctor of Political Science"),
    ("педагогика илимдеринин кандидаты", "кандидат педагогических наук", "Candidate of Pedagogical Sciences"),
    ("медицина илимдеринин доктору", "доктор медицинских наук", "Doctor of Medicine"),
]

JOB_TITLES = [
    ("төрага", "Председатель", "Chair"),
    ("башчы", "Руководитель", "Head"),
    ("эксперт", "Эксперт", "Expert"),
    ("адис", "Специалист", "Specialist"),
    ("директор", "Директор", "Director"),
    ("координатор", "Координатор", "Coordinator"),
    ("мүчө", "Член", "Member"),
    ("орун басар", "Заместитель руководителя", "Deputy head"),
]

# Organisations: (ky, ru, en, (short ky, ru, en) or None).
MINISTRIES = [
    (
        "Кыргыз Республикасынын Эмгек, социалдык камсыздоо жана миграция министрлиги",
        "Министерство труда, социального обеспечения и миграции Кыргызской Республики",
        "Ministry of Labour, Social Security and Migration of the Kyrgyz Republic",
        ("ЭСКММ", "МТСОМ", "MLSSM"),
    ),
    (
        "Кыргыз Республикасынын Тышкы иштер министрлиги",
        "Министерство иностранных дел Кыргызской Республики",
        "Ministry of Foreign Affairs of the Kyrgyz Republic",
        ("ТИМ", "МИД", "MFA"),
    ),
    (
        "Кыргыз Республикасынын Билим берүү жана илим министрлиги",
        "Министерство образования и науки Кыргызской Республики",
        "Ministry of Education and Science of the Kyrgyz Republic",
        ("БИМ", "МОН", "MES"),
    ),
    (
        "Кыргыз Республикасынын Саламаттык сактоо министрлиги",
        "Министерство здравоохранения Кыргызской Республики",
        "Ministry of Health of the Kyrgyz Republic",
        ("ССМ", "МЗ", "MoH"),
    ),
    (
        "Кыргыз Республикасынын Экономика жана коммерция министрлиги",
        "Министерство экономики и коммерции Кыргызской Республики",
        "Ministry of Economy and Commerce of the Kyrgyz Republic",
        ("ЭКМ", "МЭК", "MEC"),
    ),
    (
        "Кыргыз Республикасынын Коргоо министрлиги",
        "Министерство обороны Кыргызской Республики",
        "Ministry of Defence of the Kyrgyz Republic",
        ("КМ", "МО", "MoD"),
    ),
    (
        "Кыргыз Республикасынын Маданият, маалымат, спорт жана жаштар саясаты министрлиги",
        "Министерство культуры, информации, спорта и молодёжной политики Кыргызской Республики",
        "Ministry of Culture, Information, Sports and Youth Policy of the Kyrgyz Republic",
        ("ММСЖСМ", "МКИСМП", "MCISYP"),
    ),
    (
        "Кыргыз Республикасынын Айыл чарба министрлиги",
        "Министерство сельского хозяйства Кыргызской Республики",
        "Ministry of Agriculture of the Kyrgyz Republic",
        ("АЧМ", "МСХ", "MoA"),
    ),
    (
        "Кыргыз Республикасынын Транспорт жана коммуникациялар министрлиги",
        "Министерство транспорта и коммуникаций Кыргызской Республики",
        "Ministry of Transport and Communications of the Kyrgyz Republic",
        ("ТКМ", "МТК", "MTC"),
    ),
    (
        "Кыргыз Республикасынын Өзгөчө кырдаалдар министрлиги",
        "Министерство чрезвычайных ситуаций Кыргызской Республики",
        "Ministry of Emergency Situations of the Kyrgyz Republic",
        ("ӨКМ", "МЧС", "MoES"),
    ),
]
OTHER_ORGANIZATIONS = [
    (
        "Кыргыз Республикасынын Жогорку Кеңеши",
        "Жогорку Кенеш Кыргызской Республики",
        "Jogorku Kenesh of the Kyrgyz Republic",
        ("ЖК", "ЖК", "JK"),
        Organization.Kind.PARLIAMENT,
    ),
    (
        "Мамлекеттик органдардын алдындагы коомдук кеңештердин Координациялык кеңеши",
        "Координационный совет общественных советов при государственных органах",
        "Coordination Council of the public councils under state bodies",
        None,
        Organization.Kind.PUBLIC_COUNCIL,
    ),
    (
        "Бириккен Улуттар Уюмунун Өнүктүрүү программасы",
        "Программа развития ООН",
        "United Nations Development Programme",
        ("БУУӨП", "ПРООН", "UNDP"),
        Organization.Kind.INTERNATIONAL,
    ),
    (
        "Эл аралык миграция уюму",
        "Международная организация по миграции",
        "International Organization for Migration",
        ("ЭМУ", "МОМ", "IOM"),
        Organization.Kind.INTERNATIONAL,
    ),
    (
        "ЕККУнун Бишкектеги программалык офиси",
        "Программный офис ОБСЕ в Бишкеке",
        "OSCE Programme Office in Bishkek",
        ("ЕККУ", "ОБСЕ", "OSCE"),
        Organization.Kind.INTERNATIONAL,
    ),
    (
        "Германиянын эл аралык кызматташтык коому",
        "Германское общество по международному сотрудничеству",
        "Deutsche Gesellschaft für Internationale Zusammenarbeit",
        ("GIZ", "GIZ", "GIZ"),
        Organization.Kind.INTERNATIONAL,
    ),
    (
        "ЮНИСЕФтин Кыргызстандагы өкүлчүлүгү",
        "Представительство ЮНИСЕФ в Кыргызстане",
        "UNICEF Kyrgyzstan",
        ("ЮНИСЕФ", "ЮНИСЕФ", "UNICEF"),
        Organization.Kind.INTERNATIONAL,
    ),
    (
        "«Кабар» улуттук маалымат агенттиги",
        "Национальное информационное агентство «Кабар»",
        "Kabar National News Agency",
        ("Кабар", "Кабар", "Kabar"),
        Organization.Kind.MEDIA,
    ),
    (
        "Кыргыз Республикасынын Коомдук телерадиоберүү корпорациясы",
        "Общественная телерадиовещательная корпорация Кыргызской Республики",
        "Public Broadcasting Corporation of the Kyrgyz Republic",
        ("КТРК", "ОТРК", "KTRK"),
        Organization.Kind.MEDIA,
    ),
    (
        "Баткен мамлекеттик университети",
        "Баткенский государственный университет",
        "Batken State University",
        ("БатМУ", "БатГУ", "BatSU"),
        Organization.Kind.ACADEMIC,
    ),
    (
        "Ош мамлекеттик университети",
        "Ошский государственный университет",
        "Osh State University",
        ("ОшМУ", "ОшГУ", "OshSU"),
        Organization.Kind.ACADEMIC,
    ),
    (
        "Нарын мамлекеттик университети",
        "Нарынский государственный университет",
        "Naryn State University",
        ("НМУ", "НГУ", "NSU"),
        Organization.Kind.ACADEMIC,
    ),
]
FOUNDATIONS = [
    ("Жаштар демилгеси", "Молодёжная инициатива", "Youth Initiative"),
    ("Аялдар лидерлиги", "Женское лидерство", "Women's Leadership"),
    ("Ачык саясат", "Открытая политика", "Open Policy"),
    ("Мигрант үй-бүлөлөрү", "Семьи мигрантов", "Migrant Families"),
    ("Таза суу", "Чистая вода", "Clean Water"),
    ("Жарандык көзөмөл", "Гражданский контроль", "Civic Oversight"),
    ("Тең укук", "Равные права", "Equal Rights"),
    ("Өнүгүү булагы", "Источник развития", "Source of Development"),
]
