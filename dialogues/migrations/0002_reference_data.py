"""Regions, event formats, participant categories and starter topics, in ky, ru and en.

Language columns are named explicitly: a bare ``name`` in a migration would write
whichever language happens to be active.
"""

from django.db import migrations

REGIONS = [
    # code, ky, ru, en
    ("KG-B", "Баткен облусу", "Баткенская область", "Batken Region"),
    ("KG-J", "Жалал-Абад облусу", "Джалал-Абадская область", "Jalal-Abad Region"),
    ("KG-Y", "Ысык-Көл облусу", "Иссык-Кульская область", "Issyk-Kul Region"),
    ("KG-N", "Нарын облусу", "Нарынская область", "Naryn Region"),
    ("KG-O", "Ош облусу", "Ошская область", "Osh Region"),
    ("KG-T", "Талас облусу", "Таласская область", "Talas Region"),
    ("KG-C", "Чүй облусу", "Чуйская область", "Chüy Region"),
    ("KG-GB", "Бишкек шаары", "город Бишкек", "Bishkek City"),
    ("KG-GO", "Ош шаары", "город Ош", "Osh City"),
]

FORMATS = [
    (
        "open-dialogue-platform",
        "Ачык маектешүү аянтчасы",
        "Открытая диалоговая площадка",
        "Open dialogue platform",
    ),
    ("round-table", "Тегерек стол", "Круглый стол", "Round table"),
    ("public-hearing", "Коомдук угуу", "Общественные слушания", "Public hearing"),
    ("conference", "Конференция", "Конференция", "Conference"),
    ("forum", "Форум", "Форум", "Forum"),
    ("seminar", "Семинар", "Семинар", "Seminar"),
    ("focus-group", "Фокус-топ", "Фокус-группа", "Focus group"),
    ("meeting", "Жолугушуу", "Встреча", "Meeting"),
]

PARTICIPANT_CATEGORIES = [
    (
        "state-bodies",
        "Мамлекеттик органдардын өкүлдөрү",
        "Представители государственных органов",
        "Representatives of state bodies",
    ),
    (
        "local-self-government",
        "Жергиликтүү өз алдынча башкаруу органдары",
        "Органы местного самоуправления",
        "Local self-government bodies",
    ),
    ("small-public-councils", "Кичи коомдук кеңештер", "Малые общественные советы", "Small public councils"),
    ("civil-society", "Жарандык коомдун өкүлдөрү", "Представители гражданского общества", "Civil society"),
    (
        "international-organizations",
        "Эл аралык уюмдардын жана долбоорлордун өкүлдөрү",
        "Представители международных организаций и проектов",
        "International organisations and projects",
    ),
    (
        "public-councils",
        "Мамлекеттик органдардын коомдук кеңештеринин мүчөлөрү",
        "Члены общественных советов государственных органов",
        "Members of the public councils of state bodies",
    ),
    ("journalists", "Журналисттер", "Журналисты", "Journalists"),
    ("bloggers", "Блогерлер", "Блогеры", "Bloggers"),
    ("migration-experts", "Миграция боюнча эксперттер", "Эксперты по миграции", "Migration experts"),
    ("experts", "Эксперттер", "Эксперты", "Experts"),
    ("business", "Бизнестин өкүлдөрү", "Представители бизнеса", "Business representatives"),
    ("youth", "Жаштар", "Молодёжь", "Youth"),
    ("residents", "Жергиликтүү тургундар", "Местные жители", "Local residents"),
]

TOPICS = [
    ("border-areas", "Чек ара аймактары", "Приграничные территории", "Border areas"),
    ("economy", "Экономика", "Экономика", "Economy"),
    ("education", "Билим берүү", "Образование", "Education"),
    ("employment", "Эмгек жана жумуш менен камсыз кылуу", "Труд и занятость", "Labour and employment"),
    ("environment", "Айлана-чөйрө", "Окружающая среда", "Environment"),
    ("governance", "Мамлекеттик башкаруу", "Государственное управление", "Public administration"),
    ("health", "Саламаттык сактоо", "Здравоохранение", "Health"),
    ("human-rights", "Адам укуктары", "Права человека", "Human rights"),
    ("media", "Массалык маалымат каражаттары", "Средства массовой информации", "Media"),
    ("migration", "Миграция", "Миграция", "Migration"),
    ("regional-development", "Аймактык өнүгүү", "Региональное развитие", "Regional development"),
    ("security", "Коопсуздук", "Безопасность", "Security"),
    ("social-protection", "Социалдык коргоо", "Социальная защита", "Social protection"),
]


def names(ky, ru, en):
    # The original column keeps the default language (ky), like modeltranslation does.
    return {"name": ky, "name_ky": ky, "name_ru": ru, "name_en": en}


def load(apps, schema_editor):
    Region = apps.get_model("dialogues", "Region")
    EventFormat = apps.get_model("dialogues", "EventFormat")
    ParticipantCategory = apps.get_model("dialogues", "ParticipantCategory")
    Topic = apps.get_model("dialogues", "Topic")
    for order, (code, ky, ru, en) in enumerate(REGIONS, start=1):
        Region.objects.update_or_create(code=code, defaults={**names(ky, ru, en), "order": order})
    for order, (slug, ky, ru, en) in enumerate(FORMATS, start=1):
        EventFormat.objects.update_or_create(slug=slug, defaults={**names(ky, ru, en), "order": order})
    for order, (slug, ky, ru, en) in enumerate(PARTICIPANT_CATEGORIES, start=1):
        ParticipantCategory.objects.update_or_create(
            slug=slug, defaults={**names(ky, ru, en), "order": order}
        )
    for slug, ky, ru, en in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults=names(ky, ru, en))


def unload(apps, schema_editor):
    apps.get_model("dialogues", "Region").objects.filter(code__in=[r[0] for r in REGIONS]).delete()
    apps.get_model("dialogues", "EventFormat").objects.filter(slug__in=[f[0] for f in FORMATS]).delete()
    apps.get_model("dialogues", "ParticipantCategory").objects.filter(
        slug__in=[c[0] for c in PARTICIPANT_CATEGORIES]
    ).delete()
    apps.get_model("dialogues", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
