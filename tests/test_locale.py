"""The interface catalogues in locale/: complete, compiled, and used by the pages.

The .po files are read with polib; the .mo files with the standard library's
gettext, which is what Django reads them with.
"""

import gettext
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from dialogues.models import Participation
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLURAL_FORMS = {
    "ky": "nplurals=2; plural=(n != 1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "en": "nplurals=2; plural=(n != 1);",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%%")


@cache
def catalogue(language: str) -> polib.POFile:
    """The .po file of ``language``, parsed once per test session (tests only read it)."""
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"), wrapwidth=0)


def messages(language: str) -> list[polib.POEntry]:
    """The live entries of ``language`` (polib keeps the header apart, in ``metadata``)."""
    return [entry for entry in catalogue(language) if not entry.obsolete]


def forms(entry: polib.POEntry) -> list[str]:
    """Every translation of ``entry``: its msgstr, or each plural form in order."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _nplurals(language: str) -> int:
    return int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language]).group(1))


# The .po files


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_names_its_language_and_plural_rule(language):
    header = catalogue(language).metadata

    assert header["Language"] == language
    assert header["Plural-Forms"] == PLURAL_FORMS[language]
    assert header["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_fuzzy_or_obsolete_entries(language):
    po = catalogue(language)
    live = messages(language)
    plural = [entry for entry in live if entry.msgid_plural]

    assert len(live) > 100
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []
    assert [entry.msgid for entry in live if not all(forms(entry))] == []
    # A plural message lacking a form the language's rule picks would show up untranslated.
    assert plural
    assert [e.msgid for e in plural if sorted(e.msgstr_plural) != list(range(_nplurals(language)))] == []


def test_catalogues_hold_the_same_messages():
    keys = {
        language: {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in messages(language)}
        for language in LANGUAGES
    }

    assert keys["ky"]
    assert keys["ky"] == keys["ru"] == keys["en"]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalogue_keeps_every_placeholder(language):
    entries = messages(language)

    broken = [
        entry.msgid
        for entry in entries
        if any(
            _placeholders(form) != _placeholders(entry.msgid_plural or entry.msgid) for form in forms(entry)
        )
    ]

    assert any(_placeholders(entry.msgid) for entry in entries)
    assert broken == []


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalogue_translates_rather_than_copies(language):
    # Codes, names of file formats and the like rightly stay as they are; sentences may not.
    copied = [
        entry.msgid
        for entry in messages(language)
        if any(form in (entry.msgid, entry.msgid_plural) for form in forms(entry))
        and re.search(r"[a-z]{4,}", PLACEHOLDER.sub("", entry.msgid))
    ]

    assert copied == []


def test_kyrgyz_catalogue_is_written_in_kyrgyz_letters():
    translations = [form for entry in messages("ky") for form in forms(entry)]
    # Names such as Excel or PostgreSQL may stay in Latin letters, but every translation
    # with words in it is a Cyrillic text, and the catalogue uses the letters that Kyrgyz
    # has and Russian lacks.
    not_cyrillic = [
        text
        for text in translations
        if re.search(r"[^\W\d_]", PLACEHOLDER.sub("", text))
        and not re.search(r"[а-яё]", PLACEHOLDER.sub("", text), re.IGNORECASE)
    ]

    assert not_cyrillic == []
    for letter in "өүң":
        assert any(letter in text.lower() for text in translations)


def test_english_catalogue_repeats_the_msgids():
    entries = messages("en")

    assert entries
    for entry in entries:
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}
        else:
            assert entry.msgstr == entry.msgid


# The compiled .mo files


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    with mo_path(language).open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)._catalog

    expected = {}
    for entry in messages(language):
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            for index, form in entry.msgstr_plural.items():
                expected[(msgid, index)] = form
        else:
            expected[msgid] = entry.msgstr
    compiled.pop("", None)

    assert compiled == expected, "locale/ is out of date: run `make messages` and commit the .mo"


@pytest.mark.parametrize(
    ("msgid", "ky", "ru"),
    [
        ("Events", "Иш-чаралар", "Мероприятия"),
        ("Proposals", "Сунуштар", "Предложения"),
        ("Proposals received", "Түшкөн сунуштар", "Поступившие предложения"),
        ("Date and venue", "Иш-чаранын күнү, жери", "Дата и место проведения"),
        ("Under consideration", "Каралууда", "На рассмотрении"),
    ],
)
def test_compiled_catalogue_translates_interface_terms(msgid, ky, ru):
    for language, wanted in (("ky", ky), ("ru", ru), ("en", msgid)):
        with mo_path(language).open("rb") as fp:
            assert gettext.GNUTranslations(fp).gettext(msgid) == wanted


def test_attendance_message_is_translated_with_its_numbers():
    msgid = "%(women)s women + %(men)s men is more than the total of %(total)s."
    values = {"women": 30, "men": 28, "total": 50}

    with translation.override("ky"):
        kyrgyz = translation.gettext(msgid) % values
    with translation.override("ru"):
        russian = translation.gettext(msgid) % values

    assert kyrgyz == "Аялдардын (30) жана эркектердин (28) саны жалпы сандан (50) ашып кетти."
    assert russian == "Женщин (30) и мужчин (28) вместе больше, чем всего участников (50)."


# Django uses the catalogues


def test_choice_labels_follow_the_active_language():
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = (
                str(Participation.Role.MODERATOR.label),
                str(Proposal.Status.RECEIVED.label),
            )

    assert labels == {
        "ky": ("Модератор", "Түштү"),
        "ru": ("Модератор", "Поступило"),
        "en": ("Moderator", "Received"),
    }


@pytest.mark.parametrize(
    ("language", "count", "wanted"),
    [
        ("ky", 1, "1 сунуш"),
        ("ky", 5, "5 сунуш"),
        ("ru", 1, "1 предложение"),
        ("ru", 3, "3 предложения"),
        ("ru", 5, "5 предложений"),
        ("ru", 11, "11 предложений"),
        ("ru", 21, "21 предложение"),
        ("ru", 24, "24 предложения"),
        ("en", 1, "1 proposal"),
        ("en", 2, "2 proposals"),
    ],
)
def test_plural_forms_follow_the_language_rule(language, count, wanted):
    with translation.override(language):
        text = translation.ngettext("%(counter)s proposal", "%(counter)s proposals", count)

    assert text % {"counter": count} == wanted


@pytest.mark.parametrize(
    ("language", "proposals", "events", "in_numbers"),
    [
        ("ky", "Сунуштар", "Иш-чаралар", "Сандар менен"),
        ("ru", "Предложения", "Мероприятия", "В цифрах"),
        ("en", "Proposals", "Events", "In numbers"),
    ],
)
def test_home_page_shows_the_interface_in_its_language(client, language, proposals, events, in_numbers):
    factories.EventFactory()

    content = client.get(f"/{language}/").content.decode()

    assert f'<html lang="{language}">' in content
    nav = re.search(r'<nav class="site-nav".*?</nav>', content, re.S).group(0)
    assert re.search(rf'href="/{language}/proposals/"[^>]*>{proposals}</a>', nav)
    assert re.search(rf'href="/{language}/events/"[^>]*>{events}</a>', nav)
    assert in_numbers in content


def test_event_page_headings_follow_the_language(client):
    event = factories.EventFactory()
    factories.ParticipationFactory(event=event, role=Participation.Role.MODERATOR)

    # Each request leaves its language active, so build the addresses by hand.
    pages = {language: client.get(f"/{language}/events/{event.slug}/") for language in LANGUAGES}

    assert all(page.status_code == 200 for page in pages.values())
    headings = {
        language: re.search(r'<h2 id="moderators-heading">(.*?)</h2>', page.content.decode()).group(1)
        for language, page in pages.items()
    }
    assert headings == {"ky": "Модератор", "ru": "Модератор", "en": "Moderator"}
    assert "Иш-чаранын күнү, жери" in pages["ky"].content.decode()
    assert "Дата и место проведения" in pages["ru"].content.decode()
    assert "Date and venue" in pages["en"].content.decode()
