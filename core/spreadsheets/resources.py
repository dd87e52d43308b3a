"""The resource base of every Excel/CSV import and export (django-import-export).

``MaekModelResource`` validates strictly, never skips a row silently, exports in
bounded queries and runs the batch pipeline of ``core.spreadsheets.imports``.
Every translated text has one column per language (``title_ky``, ``title_ru``,
``title_en``), never the bare field: naming the field once in ``Meta.fields``
(``"title"``) gives its three columns, read from modeltranslation's registry.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from import_export import fields, resources, widgets
from import_export.resources import ModelDeclarativeMetaclass
from modeltranslation.translator import NotRegistered, translator

from core.spreadsheets.widgets import (
    StrictDateWidget,
    StrictIntegerWidget,
    StrictManyToManyWidget,
    TextWidget,
)
from core.text import language_columns

EXPORT_CHUNK_SIZE = 2000


def text(column: str) -> fields.Field:
    """A column holding one language of a translated text (or a plain text field)."""
    return fields.Field(attribute=column, column_name=column, widget=TextWidget())


def integer(column: str) -> fields.Field:
    return fields.Field(attribute=column, column_name=column, widget=StrictIntegerWidget())


def date(column: str) -> fields.Field:
    return fields.Field(attribute=column, column_name=column, widget=StrictDateWidget())


def many(column: str, item_widget, attribute: str | None = None) -> fields.Field:
    return fields.Field(
        attribute=attribute or column,
        column_name=column,
        widget=StrictManyToManyWidget(item_widget),
    )


def translated_fields(model) -> frozenset[str]:
    """The fields of ``model`` that modeltranslation translates (``title``, ``goal``, …)."""
    try:
        return frozenset(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return frozenset()


def _with_language_columns(names, translated) -> tuple[str, ...]:
    columns = []
    for name in names:
        columns.extend(language_columns(name) if name in translated else (name,))
    return tuple(columns)


class TranslatedColumnsMetaclass(ModelDeclarativeMetaclass):
    """Each translated field named in ``Meta.fields`` (and ``export_order``) becomes its
    language columns, each a text column unless the class declares it otherwise."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        model = getattr(meta, "model", None)
        if model is not None and getattr(meta, "fields", None):
            translated = translated_fields(model)
            for field_name in meta.fields:
                if field_name in translated:
                    for column in language_columns(field_name):
                        attrs.setdefault(column, text(column))
            if getattr(meta, "export_order", None):
                meta.export_order = _with_language_columns(meta.export_order, translated)
            meta.fields = _with_language_columns(meta.fields, translated)
        return super().__new__(mcs, name, bases, attrs)


class MaekModelResource(resources.ModelResource, metaclass=TranslatedColumnsMetaclass):
    """Shared behaviour: strict validation, no silent skips, bounded export queries.

    Subclasses declare their columns, ``required_columns`` (each an alternative:
    one of ``("title_ky", "title_ru", "title_en")`` is enough), ``select_related``
    and ``prefetch_related`` for export, and how a row finds its record.
    """

    #: Column groups a file must have: each entry is a tuple of alternatives.
    required_columns: tuple[tuple[str, ...], ...] = ()
    #: Translated texts required in at least one language.
    translated_columns: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    #: Run the batch pipeline of core.spreadsheets.imports from import_data().
    fast_import = True

    class Meta:
        abstract = True
        clean_model_instances = True
        skip_diff = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        chunk_size = EXPORT_CHUNK_SIZE

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen_keys: dict = {}
        self._snapshots: dict[int, dict] = {}
        self._batch_validation = False

    def get_import_fields(self):
        # Asked several times per row; the fields of a resource do not change.
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    # Export -----------------------------------------------------------------

    def with_related(self, queryset):
        """``queryset`` with what every column needs loaded in a fixed number of queries."""
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def get_queryset(self):
        return self.with_related(super().get_queryset())

    def filter_export(self, queryset, **kwargs):
        # The admin passes its own (filtered, searched) queryset: load relations on it too.
        return self.with_related(super().filter_export(queryset, **kwargs))

    def iter_queryset(self, queryset):
        # Django prefetches per chunk of an iterator: memory stays flat and the
        # number of queries grows with chunks, never with rows. (The stock
        # implementation pages with COUNT + OFFSET.)
        if not hasattr(queryset, "iterator"):
            yield from queryset
            return
        if not queryset.query.order_by and not queryset.model._meta.ordering:
            queryset = queryset.order_by("pk")
        yield from queryset.iterator(chunk_size=self.get_chunk_size())

    # Import: columns, lookups, validation -------------------------------------

    def column_names(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]

    def missing_columns(self, headers) -> list[str]:
        """Descriptions of the required columns that ``headers`` lacks."""
        present = {str(h).strip() for h in headers if h is not None}
        missing = []
        for alternatives in self.required_columns:
            if not present.intersection(alternatives):
                missing.append(" / ".join(alternatives))
        return missing

    def relation_widgets(self):
        """(column, widget) of every column looked up in another table."""
        for field in self.get_import_fields():
            if hasattr(field.widget, "prime"):
                yield field.column_name, field.widget

    def prime(self, dataset) -> None:
        """Load every related record the file names, one query per column."""
        headers = list(dataset.headers or [])
        for column, widget in self.relation_widgets():
            if column in headers:
                index = headers.index(column)
                widget.prime(row[index] for row in dataset)

    def before_import(self, dataset, **kwargs):
        missing = self.missing_columns(dataset.headers or [])
        if missing:
            raise ValueError(
                gettext("The file lacks required columns: %(columns)s.") % {"columns": "; ".join(missing)}
            )
        self._seen_keys = {}
        self.prime(dataset)
        super().before_import(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        # An unknown event or region in a key column is reported on that column
        # by import_instance(), not as a crash of the instance loader.
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, ValidationError):
            return None

    def field_for_attribute(self, attribute: str):
        for field in self.get_import_fields():
            if field.attribute == attribute:
                return field
        return None

    def column_for(self, key: str, instance=None) -> str:
        """The file column a model error key (field name) belongs to.

        A required text empty in every language is reported on all its columns.
        """
        if key == NON_FIELD_ERRORS:
            return ""
        for base in self.translated_columns:
            columns = list(language_columns(base))
            if key == columns[0] and instance is not None:
                if not any(str(getattr(instance, column, "") or "").strip() for column in columns):
                    return " / ".join(columns)
        field = self.field_for_attribute(key)
        if field is not None:
            return field.column_name
        return key

    def filled_on_write(self, instance) -> set[str]:
        """Fields the batch import fills when it writes (a proposal's number), not validated before."""
        return set()

    def looked_up(self, instance) -> set[str]:
        """Foreign keys whose value a widget found in the database: checking that they
        exist again would cost a query per row."""
        names = set()
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ForeignKeyWidget) and field.attribute:
                model_field = instance._meta.get_field(field.attribute)
                if getattr(instance, model_field.attname) is not None:
                    names.add(field.attribute)
        return names

    def attach_m2m(self, instances) -> None:
        """Load the many-to-many sets of ``instances`` in one query per column, for
        ``value_of()``: cheaper than prefetching the related objects."""
        by_pk = {obj.pk: obj for obj in instances if obj.pk is not None}
        for obj in by_pk.values():
            obj._maek_m2m = {}
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            m2m_field = self._meta.model._meta.get_field(field.attribute)
            through = m2m_field.remote_field.through
            source, target = m2m_field.m2m_field_name(), m2m_field.m2m_reverse_field_name()
            sets = {pk: set() for pk in by_pk}
            ids = list(by_pk)
            for start in range(0, len(ids), 500):
                pairs = through.objects.filter(**{f"{source}_id__in": ids[start : start + 500]}).values_list(
                    f"{source}_id", f"{target}_id"
                )
                for owner, target_id in pairs:
                    sets[owner].add(target_id)
            for pk, targets in sets.items():
                by_pk[pk]._maek_m2m[field.attribute] = frozenset(targets)

    def import_key(self, instance):
        """What identifies ``instance``'s record within a file, or None when it is new."""
        return None

    def duplicate_message(self, instance) -> dict:
        """Errors for a record named twice in one file; by column."""
        return {NON_FIELD_ERRORS: [gettext("This record appears twice in the file.")]}

    def value_of(self, instance, field) -> object:
        """A column's current value on ``instance``, comparable before and after an import."""
        if isinstance(field.widget, widgets.ManyToManyWidget):
            if instance.pk is None:
                return frozenset()
            loaded = getattr(instance, "_maek_m2m", None)
            if loaded is not None and field.attribute in loaded:
                return loaded[field.attribute]
            return frozenset(obj.pk for obj in getattr(instance, field.attribute).all())
        try:
            model_field = instance._meta.get_field(field.attribute)
        except Exception:
            model_field = None
        if model_field is not None and model_field.is_relation:
            return getattr(instance, model_field.attname)
        value = getattr(instance, field.attribute, None)
        return "" if value is None else value

    def compared_fields(self):
        return [f for f in self.get_import_fields() if f.attribute and not f.readonly]

    def snapshot(self, instance) -> dict:
        """The imported values of ``instance`` now, to tell an edit from no change."""
        return {field.attribute: self.value_of(instance, field) for field in self.compared_fields()}

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            self._snapshots = {id(instance): self.snapshot(instance)}
        super().after_init_instance(instance, new, row, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if not is_m2m and self.empty_means_default(field, row):
            # A new record was made with the model's defaults, an existing one holds
            # its stored value: leaving the attribute alone keeps either.
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def empty_means_default(self, field, row) -> bool:
        """Whether ``row`` leaves ``field``'s cell empty where its model field has a default
        and cannot hold an empty value (a date that may not be null, a choice that may not be
        blank). Such a cell means "the default" for a new record and "unchanged" for an
        existing one; an empty text cell still clears the text, as it always did. Columns
        that name the record (a participation's role) must be filled all the same."""
        if field.column_name not in row or field.attribute not in self._fields_with_defaults():
            return False
        value = row[field.column_name]
        return value is None or (isinstance(value, str) and not value.strip())

    def _fields_with_defaults(self) -> frozenset[str]:
        if getattr(self, "_with_defaults", None) is None:
            keys = {self.fields[name].attribute for name in self.get_import_id_fields()}
            names = set()
            for model_field in self._meta.model._meta.concrete_fields:
                can_be_empty = model_field.null or (model_field.blank and model_field.empty_strings_allowed)
                if model_field.has_default() and not can_be_empty and model_field.name not in keys:
                    names.add(model_field.name)
            self._with_defaults = frozenset(names)
        return self._with_defaults

    def import_instance(self, instance, row, **kwargs):
        """Set the row's values on ``instance``; cleans many-to-many columns too (kept in
        ``self.m2m_values``) and reports a record named twice in the file."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        self.m2m_values = {}
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget) or field.readonly:
                continue
            if field.column_name not in row:
                continue
            try:
                self.m2m_values[field.attribute] = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = [str(error)]
        try:
            self.after_import_fields(instance, row)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        key = self.import_key(instance)
        if key is not None:
            if key in self._seen_keys:
                for name, messages in self.duplicate_message(instance).items():
                    errors.setdefault(name, messages)
            else:
                self._seen_keys[key] = True
        if errors:
            raise ValidationError(errors)

    def after_import_fields(self, instance, row) -> None:
        """Per-model adjustments once a row's columns are set; may raise ValidationError."""

    def is_unchanged(self, instance, m2m_values=None) -> bool:
        before = self._snapshots.get(id(instance))
        if before is None or instance.pk is None:
            return False
        m2m_values = self.m2m_values if m2m_values is None else m2m_values
        for field in self.compared_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.attribute not in m2m_values:
                    continue
                after = frozenset(obj.pk for obj in m2m_values[field.attribute])
            else:
                after = self.value_of(instance, field)
            if after != before.get(field.attribute):
                return False
        return True

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip rows that change nothing, so a re-import touches no record."""
        if import_validation_errors:
            return False
        return self.is_unchanged(instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                if self._batch_validation:
                    # Uniqueness and constraints are checked for the whole file at
                    # once by core.spreadsheets.imports; per row they cost a query each.
                    instance.full_clean(
                        exclude={*errors.keys(), *self.filled_on_write(instance), *self.looked_up(instance)},
                        validate_unique=False,
                        validate_constraints=False,
                    )
                else:
                    instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique)
            except ValidationError as e:
                errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        if not self.fast_import:
            # The stock path must roll back valid rows when any row is invalid.
            kwargs.setdefault("rollback_on_validation_errors", True)
            return super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=use_transactions,
                **kwargs,
            )
        from core.spreadsheets.imports import import_dataset

        report = import_dataset(resource=self, dataset=dataset, dry_run=dry_run, user=kwargs.get("user"))
        return report.as_result(self, dataset)

    # Batch import hooks (core.spreadsheets.imports) ------------------------------------

    def load_existing(self, keys: set) -> dict:
        """Existing records by import key, in as few queries as possible."""
        return {}

    def batch_errors(self, instances: list) -> dict[int, dict]:
        """Errors that need the whole file or the database: {row index: {attribute: [messages]}}."""
        return {}

    save_each = False

    def lock_for_import(self, keys) -> None:
        """Lock what concurrent writers must not change while a file is imported."""

    def prepare_for_write(self, instances) -> None:
        """Fill what ``save()`` would (numbers, derived columns) before a bulk write."""


class NaturalIdResourceMixin:
    """For people and organisations, which have no natural key: rows carry the record's id.

    A blank id is a new record; an id that does not exist is an error rather than
    a new record with a chosen id.
    """

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            raw = row.get("id")
            if raw not in (None, ""):
                raise ValidationError({"id": gettext("No record with id %(id)s.") % {"id": raw}})
        super().after_init_instance(instance, new, row, **kwargs)

    def import_key(self, instance):
        return instance.pk

    def duplicate_message(self, instance):
        return {"id": [gettext("The id %(id)s appears twice in the file.") % {"id": instance.pk}]}

    def load_existing(self, keys):
        ids = [key for key in keys if key is not None]
        found = {}
        for start in range(0, len(ids), 500):
            for obj in self._meta.model.objects.filter(pk__in=ids[start : start + 500]):
                found[obj.pk] = obj
        self.attach_m2m(found.values())
        return found


class IdWidget(widgets.Widget):
    """The id of a record; blank for a new one."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        return StrictIntegerWidget().clean(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)
