"""Text helpers shared by the apps: Latin slugs, search normalisation, language fallback."""

import re

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import get_language

# Kyrgyz and Russian Cyrillic to readable Latin, close to the transliteration
# people in Kyrgyzstan use on signs and in passports ("Ү" -> "u", "Ң" -> "ng").
_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ү": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def language_columns(*fields: str) -> tuple[str, ...]:
    """Every language column of ``fields`` (``title`` -> ``title_ky``, ``title_ru``, ``title_en``).

    Queries, admin search, imports and exports name these, never the bare field.
    """
    return tuple(f"{field}_{code}" for field in fields for code in LANGUAGE_CODES)


def first_filled(field: str, language: str | None = None):
    """A query expression: ``field`` in ``language``, falling back as pages do.

    For ordering and display in SQL; a bare ``field`` would read only the active
    language's column, with no fallback.
    """
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Coalesce, NullIf

    text = CharField()
    columns = [
        NullIf(F(f"{field}_{code}"), Value(""), output_field=text) for code in fallback_languages(language)
    ]
    return Coalesce(*columns, Value(""), output_field=text)


def transliterate(text: str) -> str:
    """Return ``text`` with Kyrgyz/Russian Cyrillic letters written in Latin."""
    out = []
    for char in text:
        lower = char.lower()
        latin = _CYRILLIC_TO_LATIN.get(lower)
        if latin is None:
            out.append(char)
        elif char != lower and latin:
            out.append(latin[0].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


def latin_slug(text: str, *, max_length: int = 80) -> str:
    """A readable Latin slug for Cyrillic or Latin text, cut at a word boundary."""
    slug = slugify(transliterate(text or ""))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


# A word: a run of letters and digits, in any script. Everything else (spaces,
# punctuation, quotes, hyphens, underscores) separates words.
_WORD = re.compile(r"[^\W_]+")


def search_words(text: str | None) -> list[str]:
    """The words of ``text`` as search compares them: case-folded letters and digits."""
    return _WORD.findall((text or "").casefold())


def normalize_search(text: str | None) -> str:
    """Text as it is stored for search, and queries as they are compared with it:
    the case-folded words, one space apart.

    Folding here, not in the database, makes search the same on SQLite (whose LIKE
    folds only ASCII letters) and PostgreSQL; keeping only words makes a word's
    beginning easy to find on both (``core.search``).
    """
    return " ".join(search_words(text))


def fallback_languages(language: str | None = None) -> tuple[str, ...]:
    """The languages to try, in order, when showing text to a reader of ``language``."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    chain = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get(language, ())
    order = [language, *chain, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]]
    return tuple(dict.fromkeys(code for code in order if code in LANGUAGE_CODES))


def translated_value(obj, field: str, language: str | None = None) -> tuple[str, str]:
    """Return ``(text, lang)``: the first filled translation of ``field`` and its language."""
    for code in fallback_languages(language):
        value = getattr(obj, f"{field}_{code}", None)
        if value not in (None, ""):
            return str(value), code
    return "", (language or get_language() or settings.LANGUAGE_CODE)


def missing_translations(obj, fields: tuple[str, ...]) -> dict[str, str]:
    """For each translated field with no language filled, an error keyed by its first column.

    A translated text needs at least one language, never all three.
    """
    from django.utils.translation import gettext

    errors = {}
    for field in fields:
        if not any((getattr(obj, f"{field}_{code}", "") or "").strip() for code in LANGUAGE_CODES):
            errors[f"{field}_{LANGUAGE_CODES[0]}"] = gettext(
                "Fill this in at least one language (Kyrgyz, Russian or English)."
            )
    return errors


def search_document(obj, fields: tuple[str, ...]) -> str:
    """Every language column of ``fields`` folded into one searchable string."""
    parts = []
    for field in fields:
        for code in LANGUAGE_CODES:
            value = getattr(obj, f"{field}_{code}", "")
            if value:
                parts.append(str(value))
    return normalize_search("\n".join(parts))


def decode_text(data: bytes) -> str | None:
    """``data`` as text: UTF-8 (with or without a byte order mark), else Windows Cyrillic,
    which Excel on Russian Windows and older reports from Kyrgyzstan use; None for neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1251")
        except UnicodeDecodeError:
            return None
