"""Excel/CSV columns of the dialogues app, for django-import-export.

Every translated text has one column per language (``title_ky``, ``title_ru``,
``title_en``), never the bare field. Related records are written by natural key:
an event by its slug, a region by its ISO code, a format or a topic by its slug,
an organisation or a person by name (``#id`` when two share a name). Files
exported here import back unchanged, and an edited file updates exactly the rows
that changed.

``import_data`` runs the batch pipeline of ``core.spreadsheets.imports`` (one query per
column, one write per table); ``fast_import = False`` gives the stock
row-by-row import with the same columns and the same messages.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from core.spreadsheets.widgets import (
    ChoiceWidget,
    NameForeignKeyWidget,
    StrictDateWidget,
    StrictForeignKeyWidget,
    StrictIntegerWidget,
    StrictManyToManyWidget,
    StrictTimeWidget,
    TextWidget,
)
from core.text import language_columns

from .models import (
    Event,
    EventFormat,
    Organization,
    ParticipantCategory,
    Participation,
    Person,
    Region,
    Topic,
)

EXPORT_CHUNK_SIZE = 2000


def text(column: str) -> fields.Field:
    """A column holding one language of a translated text (or a plain text field)."""
    return fields.Field(attribute=column, column_name=column, widget=TextWidget())


def integer(column: str) -> fields.Field:
    return fields.Field(attribute=column, column_name=column, widget=StrictIntegerWidget())


def date(column: str) -> fields.Field:
    return fields.Field(attribute=column, column_name=column, widget=StrictDateWidget())


def region_widget() -> StrictForeignKeyWidget:
    return StrictForeignKeyWidget(
        Region, "code", unknown_message=_("Unknown region “%(value)s”; use an ISO code such as KG-B.")
    )


def format_widget() -> StrictForeignKeyWidget:
    return StrictForeignKeyWidget(EventFormat, "slug", unknown_message=_("Unknown event format “%(value)s”."))


def topic_widget() -> StrictForeignKeyWidget:
    return StrictForeignKeyWidget(Topic, "slug", unknown_message=_("Unknown topic “%(value)s”."))


def category_widget() -> StrictForeignKeyWidget:
    return StrictForeignKeyWidget(
        ParticipantCategory, "slug", unknown_message=_("Unknown participant category “%(value)s”.")
    )


def organization_widget() -> NameForeignKeyWidget:
    return NameForeignKeyWidget(
        Organization,
        name_fields=("name", "short_name"),
        unknown_message=_("Unknown organisation “%(value)s”."),
    )


def person_widget() -> NameForeignKeyWidget:
    return NameForeignKeyWidget(
        Person, name_fields=("full_name",), unknown_message=_("Unknown person “%(value)s”.")
    )


def event_widget() -> StrictForeignKeyWidget:
    return StrictForeignKeyWidget(Event, "slug", unknown_message=_("Unknown event “%(value)s”."))


def many(column: str, item_widget, attribute: str | None = None) -> fields.Field:
    return fields.Field(
        attribute=attribute or column,
        column_name=column,
        widget=StrictManyToManyWidget(item_widget),
    )


class MaekModelResource(resources.ModelResource):
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


class EventResource(MaekModelResource):
    """Events by slug, with every language of every text."""

    slug = fields.Field(attribute="slug", column_name="slug", widget=TextWidget())
    title_ky = text("title_ky")
    title_ru = text("title_ru")
    title_en = text("title_en")
    goal_ky = text("goal_ky")
    goal_ru = text("goal_ru")
    goal_en = text("goal_en")
    summary_ky = text("summary_ky")
    summary_ru = text("summary_ru")
    summary_en = text("summary_en")
    format = fields.Field(attribute="format", column_name="format", widget=format_widget())
    topics = many("topics", topic_widget())
    series_ky = text("series_ky")
    series_ru = text("series_ru")
    series_en = text("series_en")
    series_number = integer("series_number")
    date = date("date")
    start_time = fields.Field(attribute="start_time", column_name="start_time", widget=StrictTimeWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=StrictDateWidget())
    region = fields.Field(attribute="region", column_name="region", widget=region_widget())
    locality_ky = text("locality_ky")
    locality_ru = text("locality_ru")
    locality_en = text("locality_en")
    venue_ky = text("venue_ky")
    venue_ru = text("venue_ru")
    venue_en = text("venue_en")
    organizers = many("organizers", organization_widget())
    partners = many("partners", organization_widget())
    participant_categories = many("participant_categories", category_widget())
    attendance_total = integer("attendance_total")
    attendance_women = integer("attendance_women")
    attendance_men = integer("attendance_men")
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(Event.Status))

    required_columns = (("title_ky", "title_ru", "title_en"), ("date",), ("region",), ("format",))
    translated_columns = ("title",)
    select_related = ("format", "region")
    prefetch_related = ("topics", "organizers", "partners", "participant_categories")
    # Event.save() makes the slug, the search text and the publication time.
    save_each = True

    class Meta(MaekModelResource.Meta):
        abstract = False
        model = Event
        name = _("Events")
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "title_ky",
            "title_ru",
            "title_en",
            "goal_ky",
            "goal_ru",
            "goal_en",
            "summary_ky",
            "summary_ru",
            "summary_en",
            "format",
            "topics",
            "series_ky",
            "series_ru",
            "series_en",
            "series_number",
            "date",
            "start_time",
            "end_date",
            "region",
            "locality_ky",
            "locality_ru",
            "locality_en",
            "venue_ky",
            "venue_ru",
            "venue_en",
            "organizers",
            "partners",
            "participant_categories",
            "attendance_total",
            "attendance_women",
            "attendance_men",
            "status",
        )
        export_order = fields

    def get_instance(self, instance_loader, row):
        if not str(row.get("slug") or "").strip():
            return None  # a blank slug is a new event; save() makes one from the title
        return super().get_instance(instance_loader, row)

    def after_import_fields(self, instance, row):
        # Unpublishing by import clears the publication time, as event_unpublish does.
        if instance.status == Event.Status.DRAFT:
            instance.published_at = None

    def import_key(self, instance):
        return instance.slug or None

    def duplicate_message(self, instance):
        return {
            "slug": [gettext("The event “%(slug)s” appears twice in the file.") % {"slug": instance.slug}]
        }

    def load_existing(self, keys):
        slugs = sorted(k for k in keys if k)
        found = {}
        for start in range(0, len(slugs), 500):
            for event in Event.objects.filter(slug__in=slugs[start : start + 500]):
                found[event.slug] = event
        self.attach_m2m(found.values())
        return found


class ParticipationResource(MaekModelResource):
    """Who spoke at which event, in which role and position; one row per person and role."""

    event = fields.Field(attribute="event", column_name="event", widget=event_widget())
    person = fields.Field(attribute="person", column_name="person", widget=person_widget())
    role = fields.Field(attribute="role", column_name="role", widget=ChoiceWidget(Participation.Role))
    position_ky = text("position_ky")
    position_ru = text("position_ru")
    position_en = text("position_en")
    organization = fields.Field(
        attribute="organization", column_name="organization", widget=organization_widget()
    )
    order = fields.Field(attribute="order", column_name="order", widget=StrictIntegerWidget(), default=0)

    required_columns = (("event",), ("person",), ("role",))
    select_related = ("event", "person", "organization")

    class Meta(MaekModelResource.Meta):
        abstract = False
        model = Participation
        name = _("Participations")
        import_id_fields = ("event", "person", "role")
        fields = (
            "event",
            "person",
            "role",
            "position_ky",
            "position_ru",
            "position_en",
            "organization",
            "order",
        )
        export_order = fields

    def import_key(self, instance):
        if instance.event_id and instance.person_id and instance.role:
            return (instance.event_id, instance.person_id, instance.role)
        return None

    def duplicate_message(self, instance):
        return {"person": [gettext("This person appears twice in this role at this event.")]}

    def load_existing(self, keys):
        event_ids = sorted({key[0] for key in keys if key})
        found = {}
        for start in range(0, len(event_ids), 500):
            for p in Participation.objects.filter(event_id__in=event_ids[start : start + 500]):
                found[(p.event_id, p.person_id, p.role)] = p
        return found


class PersonResource(NaturalIdResourceMixin, MaekModelResource):
    """People, one row each; ``id`` is blank for a new person."""

    id = fields.Field(attribute="id", column_name="id", widget=IdWidget())
    full_name_ky = text("full_name_ky")
    full_name_ru = text("full_name_ru")
    full_name_en = text("full_name_en")
    honorific_ky = text("honorific_ky")
    honorific_ru = text("honorific_ru")
    honorific_en = text("honorific_en")
    gender = fields.Field(
        attribute="gender", column_name="gender", widget=ChoiceWidget(Person.Gender, blank=True)
    )

    required_columns = (("full_name_ky", "full_name_ru", "full_name_en"),)
    translated_columns = ("full_name",)

    class Meta(MaekModelResource.Meta):
        abstract = False
        model = Person
        name = _("People")
        import_id_fields = ("id",)
        fields = (
            "id",
            "full_name_ky",
            "full_name_ru",
            "full_name_en",
            "honorific_ky",
            "honorific_ru",
            "honorific_en",
            "gender",
        )
        export_order = fields


class OrganizationResource(NaturalIdResourceMixin, MaekModelResource):
    """Organisations, one row each; ``parent`` by name, ``id`` blank for a new one."""

    id = fields.Field(attribute="id", column_name="id", widget=IdWidget())
    name_ky = text("name_ky")
    name_ru = text("name_ru")
    name_en = text("name_en")
    short_name_ky = text("short_name_ky")
    short_name_ru = text("short_name_ru")
    short_name_en = text("short_name_en")
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(Organization.Kind))
    parent = fields.Field(attribute="parent", column_name="parent", widget=organization_widget())

    required_columns = (("name_ky", "name_ru", "name_en"),)
    translated_columns = ("name",)
    select_related = ("parent",)

    class Meta(MaekModelResource.Meta):
        abstract = False
        model = Organization
        name = _("Organisations")
        import_id_fields = ("id",)
        fields = (
            "id",
            "name_ky",
            "name_ru",
            "name_en",
            "short_name_ky",
            "short_name_ru",
            "short_name_en",
            "kind",
            "parent",
        )
        export_order = fields
