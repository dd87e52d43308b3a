"""Excel/CSV columns of the dialogues app, for django-import-export.

Every translated text has one column per language (``title_ky``, ``title_ru``,
``title_en``), never the bare field. Related records are written by natural key:
an event by its slug, a region by its ISO code, a format or a topic by its slug,
an organisation or a person by name (``#id`` when two share a name). Files
exported here import back unchanged, and an edited file updates exactly the rows
that changed.

Each translated field is named once in ``Meta.fields`` and gets its three columns
from ``core.spreadsheets.resources``. ``import_data`` runs the batch pipeline of ``core.spreadsheets.imports`` (one query per
column, one write per table); ``fast_import = False`` gives the stock
row-by-row import with the same columns and the same messages.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.spreadsheets.resources import (
    IdWidget,
    MaekModelResource,
    NaturalIdResourceMixin,
    date,
    integer,
    many,
)
from core.spreadsheets.widgets import (
    ChoiceWidget,
    NameForeignKeyWidget,
    StrictDateWidget,
    StrictForeignKeyWidget,
    StrictIntegerWidget,
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


class EventResource(MaekModelResource):
    """Events by slug, with every language of every text."""

    slug = fields.Field(attribute="slug", column_name="slug", widget=TextWidget())
    format = fields.Field(attribute="format", column_name="format", widget=format_widget())
    topics = many("topics", topic_widget())
    series_number = integer("series_number")
    date = date("date")
    start_time = fields.Field(attribute="start_time", column_name="start_time", widget=StrictTimeWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=StrictDateWidget())
    region = fields.Field(attribute="region", column_name="region", widget=region_widget())
    organizers = many("organizers", organization_widget())
    partners = many("partners", organization_widget())
    participant_categories = many("participant_categories", category_widget())
    attendance_total = integer("attendance_total")
    attendance_women = integer("attendance_women")
    attendance_men = integer("attendance_men")
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(Event.Status))

    required_columns = (language_columns("title"), ("date",), ("region",), ("format",))
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
            "title",
            "goal",
            "summary",
            "format",
            "topics",
            "series",
            "series_number",
            "date",
            "start_time",
            "end_date",
            "region",
            "locality",
            "venue",
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
            "position",
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
    gender = fields.Field(
        attribute="gender", column_name="gender", widget=ChoiceWidget(Person.Gender, blank=True)
    )

    required_columns = (language_columns("full_name"),)
    translated_columns = ("full_name",)

    class Meta(MaekModelResource.Meta):
        abstract = False
        model = Person
        name = _("People")
        import_id_fields = ("id",)
        fields = (
            "id",
            "full_name",
            "honorific",
            "gender",
        )
        export_order = fields


class OrganizationResource(NaturalIdResourceMixin, MaekModelResource):
    """Organisations, one row each; ``parent`` by name, ``id`` blank for a new one."""

    id = fields.Field(attribute="id", column_name="id", widget=IdWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(Organization.Kind))
    parent = fields.Field(attribute="parent", column_name="parent", widget=organization_widget())

    required_columns = (language_columns("name"),)
    translated_columns = ("name",)
    select_related = ("parent",)

    class Meta(MaekModelResource.Meta):
        abstract = False
        model = Organization
        name = _("Organisations")
        import_id_fields = ("id",)
        fields = (
            "id",
            "name",
            "short_name",
            "kind",
            "parent",
        )
        export_order = fields
