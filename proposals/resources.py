"""Excel/CSV columns of proposals, for django-import-export.

A proposal is identified by its event and number ("No. 3" of an event), and
carries its stable reference (``MK-2021-7KQ2M``). A row with a blank number is a
new proposal that gets the next free number of its event. A reference never
changes: a row whose reference belongs to another proposal is refused, so a
renumbered file cannot overwrite the wrong record.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.spreadsheets.resources import MaekModelResource, integer, many
from core.spreadsheets.widgets import ChoiceWidget, StrictDateWidget, TextWidget
from core.text import language_columns, search_document
from dialogues.models import Event
from dialogues.resources import event_widget, organization_widget, topic_widget

from .models import REFERENCE_ALPHABET, Proposal, new_reference
from .services import proposal_assign_number, proposal_status_change

REFERENCE_PATTERN = re.compile(rf"^MK-\d{{4}}-[{REFERENCE_ALPHABET}]{{5}}$")


class ProposalResource(MaekModelResource):
    """Proposals by event slug and number, with every language of the text."""

    reference = fields.Field(attribute="reference", column_name="reference", widget=TextWidget())
    event = fields.Field(attribute="event", column_name="event", widget=event_widget())
    number = integer("number")
    topics = many("topics", topic_widget())
    addressees = many("addressees", organization_widget())
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(Proposal.Status))
    status_changed_on = fields.Field(
        attribute="status_changed_on", column_name="status_changed_on", widget=StrictDateWidget()
    )

    required_columns = (("event",), ("number",), language_columns("text"))
    translated_columns = ("text",)
    select_related = ("event",)
    prefetch_related = ("topics", "addressees")

    class Meta(MaekModelResource.Meta):
        abstract = False
        model = Proposal
        name = _("Proposals")
        import_id_fields = ("event", "number")
        fields = (
            "reference",
            "event",
            "number",
            "text",
            "topics",
            "addressees",
            "status",
            "status_changed_on",
        )
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen_references: set[str] = set()

    def get_instance(self, instance_loader, row):
        if row.get("number") in (None, ""):
            return None  # no number: a new proposal, numbered on save
        return super().get_instance(instance_loader, row)

    def before_import(self, dataset, **kwargs):
        self._seen_references = set()
        super().before_import(dataset, **kwargs)

    def after_import_fields(self, instance, row):
        before = self._snapshots.get(id(instance), {}) if instance.pk else {}
        if instance.pk:
            proposal_status_change(
                proposal=instance,
                previous_status=before.get("status"),
                previous_date=before.get("status_changed_on"),
            )
        stored = before.get("reference")
        wanted = instance.reference
        errors = {}
        if instance.pk:
            # A reference is stable: the file may repeat it or leave it blank.
            if wanted and wanted != stored:
                errors["reference"] = gettext(
                    "No. %(number)s of this event has the reference %(stored)s, not %(wanted)s; "
                    "references never change."
                ) % {"number": instance.number, "stored": stored, "wanted": wanted}
            instance.reference = stored
        elif wanted:
            if not REFERENCE_PATTERN.match(wanted):
                errors["reference"] = gettext(
                    "“%(value)s” is not a proposal reference such as MK-2021-7KQ2M."
                ) % {"value": wanted}
            elif wanted in self._seen_references:
                errors["reference"] = gettext("The reference %(value)s appears twice in the file.") % {
                    "value": wanted
                }
            elif not self._batch_validation and Proposal.objects.filter(reference=wanted).exists():
                errors["reference"] = gettext("The reference %(value)s belongs to another proposal.") % {
                    "value": wanted
                }
        if wanted:
            self._seen_references.add(wanted)
        if not instance.pk and instance.number is None and instance.event_id and not self._batch_validation:
            # The stock row-by-row import numbers a new proposal here, under the
            # event's row lock; the batch import numbers the whole file at once.
            proposal_assign_number(proposal=instance)
        if errors:
            raise ValidationError(errors)

    def filled_on_write(self, instance):
        return {"number"} if instance.pk is None and instance.number is None else set()

    def import_key(self, instance):
        if instance.event_id and instance.number is not None:
            return (instance.event_id, instance.number)
        return None

    def duplicate_message(self, instance):
        return {
            "number": [
                gettext("No. %(number)s of event “%(event)s” appears twice in the file.")
                % {"number": instance.number, "event": instance.event.slug}
            ]
        }

    # Batch import ---------------------------------------------------------------

    def load_existing(self, keys):
        """Existing proposals by (event id, number), with their topics and addressees."""
        by_event: dict[int, set[int]] = {}
        for event_id, number in (k for k in keys if k):
            by_event.setdefault(event_id, set()).add(number)
        found = {}
        event_ids = sorted(by_event)
        for start in range(0, len(event_ids), 200):
            chunk = event_ids[start : start + 200]
            numbers = sorted(set().union(*(by_event[e] for e in chunk)))
            queryset = Proposal.objects.filter(event_id__in=chunk, number__in=numbers)
            for proposal in queryset.iterator(chunk_size=2000):
                if proposal.number in by_event[proposal.event_id]:
                    found[(proposal.event_id, proposal.number)] = proposal
        self.attach_m2m(found.values())
        return found

    def batch_errors(self, instances):
        """References of new rows that already belong to proposals in the database."""
        wanted = {
            obj.reference: index for index, obj in enumerate(instances) if obj.pk is None and obj.reference
        }
        errors = {}
        refs = sorted(wanted)
        for start in range(0, len(refs), 500):
            for reference in Proposal.objects.filter(reference__in=refs[start : start + 500]).values_list(
                "reference", flat=True
            ):
                errors[wanted[reference]] = {
                    "reference": [
                        gettext("The reference %(value)s belongs to another proposal.") % {"value": reference}
                    ]
                }
        return errors

    def lock_for_import(self, keys):
        """Lock the events the file adds proposals to, as the numbering service does."""
        event_ids = sorted({key[0] for key in keys if key is not None} | self._events_in_file())
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start : start + 500]
            list(Event.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk"))

    def _events_in_file(self) -> set[int]:
        # Rows without a number have no key; their events are locked all the same.
        widget = self.fields["event"].widget
        return {objs[0].pk for objs in widget.cache.found.values() if len(objs) == 1}

    def prepare_for_write(self, instances):
        """Number new proposals that have no number, give new ones a reference, fill
        the search text: what the numbering service and ``save()`` do one by one."""
        self.assign_numbers(instances)
        for instance in instances:
            if instance.pk is None and not instance.reference:
                instance.reference = new_reference(instance.event.date.year)
            instance.search_text = search_document(instance, ("text",))
        self.unique_references(instances)

    def assign_numbers(self, instances) -> None:
        """Number new proposals without a number after the highest of their event, in the
        database or in the file. Called with the events locked."""
        pending = [obj for obj in instances if obj.number is None]
        if not pending:
            return
        event_ids = sorted({obj.event_id for obj in pending})
        top = dict(
            Proposal.objects.filter(event_id__in=event_ids)
            .values("event_id")
            .annotate(top=Max("number"))
            .values_list("event_id", "top")
        )
        for obj in instances:
            if obj.number is not None and obj.event_id in event_ids:
                top[obj.event_id] = max(top.get(obj.event_id) or 0, obj.number)
        for obj in pending:
            top[obj.event_id] = (top.get(obj.event_id) or 0) + 1
            obj.number = top[obj.event_id]

    def unique_references(self, instances) -> None:
        """Draw new references again where a drawn one collides with the database or the file."""
        new = [obj for obj in instances if obj.pk is None]
        given = self._seen_references
        while True:
            taken = set()
            refs = [obj.reference for obj in new]
            for start in range(0, len(refs), 500):
                taken |= set(
                    Proposal.objects.filter(reference__in=refs[start : start + 500]).values_list(
                        "reference", flat=True
                    )
                )
            seen, clashes = set(), []
            for obj in new:
                if obj.reference not in given and (obj.reference in taken or obj.reference in seen):
                    clashes.append(obj)
                seen.add(obj.reference)
            if not clashes:
                return
            for obj in clashes:
                obj.reference = new_reference(obj.event.date.year)
