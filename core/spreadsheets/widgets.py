"""Import/export widgets that refuse what they cannot match, and escape formulae on export.

The stock widgets are lenient in ways that lose data: ``ManyToManyWidget`` silently
drops values it cannot find, ``ForeignKeyWidget`` raises ``DoesNotExist`` (shown to
people as a stack-trace message), and text is written as-is, so a cell starting
with ``=`` becomes a formula in a spreadsheet. These widgets raise a ``ValueError``
with a translated message naming the value instead, and look values up in bulk:
``prime()`` loads every value of a column in one query (the fast import does
this), and a per-widget cache keeps the row-by-row import to one query per
distinct value.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import widgets

from core.text import LANGUAGE_CODES, language_columns

# A spreadsheet evaluates a cell whose text starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE_PREFIX = "'"


def escape_formula(text: str) -> str:
    """Make user text safe to open in a spreadsheet: ``=SUM(A1)`` becomes ``'=SUM(A1)``.

    Text that already starts with apostrophes before a formula character gets one
    more, so that ``unescape_formula`` gives back exactly the original text.
    """
    if text and text.lstrip(ESCAPE_PREFIX).startswith(FORMULA_STARTS):
        return ESCAPE_PREFIX + text
    return text


def unescape_formula(text: str) -> str:
    """The inverse of ``escape_formula``, applied to imported text."""
    if text and text.startswith(ESCAPE_PREFIX) and text.lstrip(ESCAPE_PREFIX).startswith(FORMULA_STARTS):
        return text[1:]
    return text


def split_values(value, separator: str) -> list[str]:
    """The non-empty, stripped items of a separated cell, in order, without repeats."""
    if value is None:
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    items = (item.strip() for item in str(value).split(separator))
    return list(dict.fromkeys(item for item in items if item))


def folded(text) -> str:
    """Case- and space-insensitive form of a name, for matching names typed by people."""
    return " ".join(str(text).split()).casefold()


class TextWidget(widgets.CharWidget):
    """Plain text: stripped of surrounding spaces, formulae escaped on export."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return unescape_formula(str(value).strip())

    def render(self, value, obj=None, **kwargs):
        return escape_formula("" if value is None else str(value))


class ChoiceWidget(widgets.Widget):
    """A choice stored as its code; accepts the code or the label in any language."""

    def __init__(self, choices, *, blank: bool = False, **kwargs):
        self.choices = choices
        self.codes = frozenset(choices.values)
        self.blank = blank
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.blank:
                return ""
            raise ValueError(_("This column is required."))
        if text in self.codes:
            return text
        from django.utils import translation

        wanted = folded(text)
        for code in LANGUAGE_CODES:
            with translation.override(code):
                for choice_value, label in self.choices.choices:
                    if folded(label) == wanted:
                        return choice_value
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(self.choices.values)}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class StrictDateWidget(widgets.DateWidget):
    """A date from a real spreadsheet date, ``2021-07-08`` or ``08.07.2021``."""

    FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.formats = self.FORMATS

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for format_ in self.formats:
            try:
                return datetime.datetime.strptime(text, format_).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date; write it as 2021-07-08.") % {"value": text})


class StrictTimeWidget(widgets.TimeWidget):
    """A time of day from a spreadsheet time or ``14:30``."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return value.time()
        if isinstance(value, datetime.time):
            return value
        text = str(value).strip()
        for format_ in ("%H:%M", "%H:%M:%S"):
            try:
                return datetime.datetime.strptime(text, format_).time()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a time; write it as 14:30.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%H:%M") if value else ""


class StrictIntegerWidget(widgets.IntegerWidget):
    """A whole number; ``12.0`` from a spreadsheet is 12, ``12.5`` or ``twelve`` is an error."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        try:
            number = float(text) if "." in text else int(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if isinstance(number, float):
            if not number.is_integer():
                raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
            number = int(number)
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class LookupCache:
    """Model instances by a natural key, loaded in bulk.

    ``keys_of(obj)`` gives every key an object answers to (a slug; or each
    language of a name, folded). A key shared by two objects is ambiguous and
    reported as such rather than guessed.
    """

    def __init__(
        self,
        queryset_factory: Callable,
        keys_of: Callable,
        lookup_query: Callable[[list[str]], Q],
        normalise: Callable[[str], str] = str,
        load_all: bool = False,
    ):
        self.load_all = load_all
        self.all_loaded = False
        self.queryset_factory = queryset_factory
        self.keys_of = keys_of
        self.lookup_query = lookup_query
        self.normalise = normalise
        self.found: dict[str, list] = defaultdict(list)
        self.loaded: set[str] = set()

    def prime(self, values: Iterable[str]) -> None:
        if self.load_all:
            if not self.all_loaded:
                for obj in self.queryset_factory():
                    self.remember(obj)
                self.all_loaded = True
            return
        wanted = {self.normalise(v) for v in values if v} - self.loaded
        if not wanted:
            return
        wanted_list = sorted(wanted)
        # Chunks keep the IN lists under SQLite's limit on query parameters.
        for start in range(0, len(wanted_list), 500):
            chunk = wanted_list[start : start + 500]
            for obj in self.queryset_factory().filter(self.lookup_query(chunk)):
                for key in set(self.keys_of(obj)):
                    if key in wanted and all(o.pk != obj.pk for o in self.found[key]):
                        self.found[key].append(obj)
        self.loaded |= wanted

    def get(self, value: str) -> list:
        key = self.normalise(value)
        if key not in self.loaded and not self.all_loaded:
            self.prime([key])
        return self.found.get(key, [])

    def remember(self, obj) -> None:
        """Make an object findable by its keys (also one created during this import)."""
        for key in set(self.keys_of(obj)):
            if all(o.pk != obj.pk or o.pk is None for o in self.found[key]):
                self.found[key].append(obj)
            self.loaded.add(key)


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by a natural key (slug, ISO code); an unknown value is a clear error.

    ``unknown_message`` is a translatable message with ``%(value)s``.
    """

    def __init__(self, model, field: str, *, unknown_message, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.unknown_message = unknown_message
        self.cache = self._new_cache()

    def _new_cache(self) -> LookupCache:
        field = self.field
        return LookupCache(
            queryset_factory=lambda: self.model._default_manager.all(),
            keys_of=lambda obj: [str(getattr(obj, field))],
            lookup_query=lambda chunk: Q(**{f"{field}__in": chunk}),
        )

    def __deepcopy__(self, memo):
        # Resources deep-copy their fields per instance: each import gets a fresh cache.
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        clone.cache = clone._new_cache()
        return clone

    def key_of(self, value) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def prime(self, values: Iterable) -> None:
        self.cache.prime(self.key_of(v) for v in values if v not in (None, ""))

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        key = self.key_of(value)
        matches = self.cache.get(key)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueError(self.unknown_message % {"value": key})
        raise ValueError(self.ambiguous_message(key, matches))

    def ambiguous_message(self, key: str, matches: list) -> str:
        return _("“%(value)s” matches %(count)s records; make it unique first.") % {
            "value": key,
            "count": len(matches),
        }

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return escape_formula(str(getattr(value, self.field)))


class NameForeignKeyWidget(StrictForeignKeyWidget):
    """A foreign key to something people call by name: an organisation or a person.

    Organisations and people have no slug, so a file names them the way a report
    does, in any language (or by short name), case and spacing aside; ``#12``
    names the record with id 12 when two share a name. Export writes the name in
    the default language, falling back to the others.

    The whole table is read once per import: names cannot be matched in SQL
    without folding Cyrillic case, which SQLite does not do, and these tables are
    reference data of a few thousand rows.
    """

    def __init__(self, model, *, name_fields: tuple[str, ...], unknown_message, **kwargs):
        self.name_fields = name_fields
        super().__init__(model, field="pk", unknown_message=unknown_message, **kwargs)

    def columns(self) -> list[str]:
        return list(language_columns(*self.name_fields))

    def _new_cache(self) -> LookupCache:
        columns = self.columns()

        def keys_of(obj):
            keys = [f"#{obj.pk}"]
            keys += [folded(getattr(obj, c)) for c in columns if getattr(obj, c, None)]
            return keys

        return LookupCache(
            queryset_factory=lambda: self.model._default_manager.all(),
            keys_of=keys_of,
            lookup_query=lambda chunk: Q(),
            normalise=lambda value: value if value.startswith("#") else folded(value),
            load_all=True,
        )

    def key_of(self, value) -> str:
        return " ".join(unescape_formula(str(value).strip()).split())

    def ambiguous_message(self, key: str, matches: list) -> str:
        return _("“%(value)s” matches %(count)s records (%(ids)s); write #id to choose one.") % {
            "value": key,
            "count": len(matches),
            "ids": ", ".join(f"#{m.pk}" for m in matches),
        }

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return escape_formula(display_name(value, self.name_fields))


def display_name(obj, name_fields: tuple[str, ...]) -> str:
    """The name a file writes for ``obj``: the first filled language of its name."""
    for name in name_fields:
        for code in LANGUAGE_CODES:
            value = getattr(obj, f"{name}_{code}", "")
            if value:
                return str(value)
    return f"#{obj.pk}"


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Many-to-many by natural key, ``;``-separated; every value must exist.

    Wraps a foreign-key widget for the lookup, so a topic slug or an organisation
    name is matched exactly as in a single-valued column.
    """

    def __init__(self, item_widget: StrictForeignKeyWidget, separator: str = ";", **kwargs):
        self.item_widget = item_widget
        super().__init__(item_widget.model, separator=separator, field=item_widget.field, **kwargs)

    def __deepcopy__(self, memo):
        import copy

        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        clone.item_widget = copy.deepcopy(self.item_widget, memo)
        return clone

    def items(self, value) -> list[str]:
        return split_values(value, self.separator)

    def prime(self, values: Iterable) -> None:
        self.item_widget.prime(item for value in values for item in self.items(value))

    def clean(self, value, row=None, **kwargs):
        """A list of model instances, in the order written; unknown values raise ``ValueError``."""
        objects, unknown = [], []
        for item in self.items(value):
            try:
                obj = self.item_widget.clean(item, row=row)
            except ValueError as error:
                unknown.append(str(error))
                continue
            if obj is not None and all(o.pk != obj.pk for o in objects):
                objects.append(obj)
        if unknown:
            raise ValueError(" ".join(unknown))
        return objects

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        related = value.all() if hasattr(value, "all") else value
        return f"{self.separator} ".join(self.item_widget.render(item) for item in related)
