"""The interface catalogues in locale/: complete, compiled, and used by the pages.

The .po files are read with a small parser of our own (polib is not a
requirement); the .mo files with the standard library's gettext.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self):
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    # A .po string is a C string literal; Python's literal syntax reads it the same way.
    return ast.literal_eval(text)


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """Return the header fields and the entries of a .po file."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None
    started = False

    def finish():
        nonlocal entry, started, current
        if started:
            entries.append(entry)
        entry, started, current = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            started = True
            continue
        if line.startswith("#,"):
            if started and current:
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            if started and current:
                finish()
            continue
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            name, index = current
            value = _unquote(line)
        else:
            started = True
            value = _unquote(rest)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            name, index = ("msgstr", int(match.group(1))) if match else (keyword, 0)
            current = (name, index)
            if name == "msgstr":
                entry.msgstr.setdefault(index, "")
            elif name == "msgctxt":
                entry.msgctxt = ""
            elif name == "msgid_plural":
                entry.msgid_plural = ""
        if name == "msgstr":
            entry.msgstr[index] += value
        elif name == "msgid":
            entry.msgid += value
        elif name == "msgctxt":
            entry.msgctxt += value
        elif name == "msgid_plural":
            entry.msgid_plural += value
    finish()

    header_entry = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    header = dict(line.split(": ", 1) for line in header_entry.msgstr[0].splitlines() if ": " in line)
    messages = [e for e in entries if e is not header_entry]
    return header, messages


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# The .po files


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_names_its_language_and_plural_rule(language):
    header, _messages = read_po(po_path(language))

    assert header["Language"] == language
    assert header["Plural-Forms"] == PLURAL_FORMS[language]
    assert header["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_fuzzy_or_obsolete_entries(language):
    _header, messages = read_po(po_path(language))
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language]).group(1))

    assert len(messages) > 100
    assert [m.msgid for m in messages if "fuzzy" in m.flags] == []
    assert [m.msgid for m in messages if m.obsolete] == []
    assert [m.msgid for m in messages if not all(m.msgstr.values())] == []
    plural_form_counts = {len(m.msgstr) for m in messages if m.msgid_plural is not None}
    assert plural_form_counts <= {nplurals}


def test_catalogues_hold_the_same_messages():
    keys = {language: {m.key for m in read_po(po_path(language))[1]} for language in LANGUAGES}

    assert keys["ky"] == keys["ru"] == keys["en"]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalogue_keeps_every_placeholder(language):
    _header, messages = read_po(po_path(language))

    broken = []
    for message in messages:
        if message.msgid_plural is None:
            if _placeholders(message.msgstr[0]) != _placeholders(message.msgid):
                broken.append(message.msgid)
        elif any(
            _placeholders(form) != _placeholders(message.msgid_plural) for form in message.msgstr.values()
        ):
            broken.append(message.msgid)
    assert broken == []


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalogue_translates_rather_than_copies(language):
    _header, messages = read_po(po_path(language))
    # Codes, names of file formats and the like rightly stay as they are; sentences may not.
    copied = [
        m.msgid
        for m in messages
        if m.msgid_plural is None
        and m.msgstr[0] == m.msgid
        and re.search(r"[a-z]{4,}", PLACEHOLDER.sub("", m.msgid))
    ]

    assert copied == []


def test_kyrgyz_catalogue_is_written_in_kyrgyz_letters():
    _header, messages = read_po(po_path("ky"))
    text = " ".join(form for m in messages for form in m.msgstr.values())

    for letter in "өүң":
        assert letter in text


def test_english_catalogue_repeats_the_msgids():
    _header, messages = read_po(po_path("en"))

    for message in messages:
        if message.msgid_plural is None:
            assert message.msgstr == {0: message.msgid}
        else:
            assert message.msgstr == {0: message.msgid, 1: message.msgid_plural}


# The compiled .mo files


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    _header, messages = read_po(po_path(language))
    with mo_path(language).open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)._catalog

    expected = {}
    for message in messages:
        msgid = message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}"
        if message.msgid_plural is None:
            expected[msgid] = message.msgstr[0]
        else:
            for index, form in message.msgstr.items():
                expected[(msgid, index)] = form
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
