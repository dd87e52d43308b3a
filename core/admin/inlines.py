"""Admin forms for the rows entered on an event's page: ordered participants, presentations, agenda."""

from django import forms
from django.contrib.admin.widgets import AutocompleteMixin
from django.db import transaction
from django.db.models import Max
from django.forms.models import BaseInlineFormSet

from .stale import StaleRowsFormSetMixin


def label_selections_from_loaded_relations(form) -> None:
    """Let the autocomplete widgets of an inline row show their selected records from
    the relations its formset already loaded, instead of one query per widget.

    Django's autocomplete widget looks its selected records up again to label them:
    on an event with 100 proposals and 30 speakers that was about 260 queries. The
    inlines load topics, addressees, people and organisations for all rows at once
    (prefetch_related / select_related); a widget whose selection is all among the
    loaded records uses those. A selection the loaded records do not hold (a bound
    form showing what was posted) is looked up as before.
    """
    instance = form.instance
    if instance.pk is None:
        return
    loaded_many = getattr(instance, "_prefetched_objects_cache", {})
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # inside the admin's "+" wrapper
        if not isinstance(widget, AutocompleteMixin):
            continue
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many and name in loaded_many:
            records = list(loaded_many[name])
        elif model_field.many_to_one and model_field.is_cached(instance):
            related = getattr(instance, name)
            records = [] if related is None else [related]
        else:
            continue
        widget.optgroups = _loaded_optgroups(widget, records)


def _loaded_optgroups(widget, records):
    looked_up = widget.optgroups  # the widget's own method, for selections not loaded

    def optgroups(name, value, attr=None):
        labels = {str(record.pk): widget.choices.field.label_from_instance(record) for record in records}
        selected = {str(v) for v in value if str(v) not in widget.choices.field.empty_values}
        if not selected <= labels.keys():
            return looked_up(name, value, attr)
        # As AutocompleteMixin.optgroups builds them, from the loaded records.
        default = (None, [], 0)
        if not widget.is_required and not widget.allow_multiple_selected:
            default[1].append(widget.create_option(name, "", "", False, 0))
        has_selected = False
        for record in records:
            key = str(record.pk)
            if key not in selected:
                continue
            is_selected = key in value and (has_selected is False or widget.allow_multiple_selected)
            has_selected |= is_selected
            default[1].append(widget.create_option(name, record.pk, labels[key], selected, len(default[1])))
        return [default]

    return optgroups


class OrderedInlineForm(forms.ModelForm):
    """A row with an ``order``; left empty, the row goes after the others.

    Entering a report in one sitting, nobody should have to type 1, 2, 3: rows
    keep the order they were entered in unless given one.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_selections_from_loaded_relations(self)
        self.order_left_blank = False
        if "order" in self.fields:
            self.fields["order"].required = False
            if self.instance.pk is None:
                # An untouched extra row must not count as changed.
                self.initial["order"] = None

    def clean_order(self):
        order = self.cleaned_data.get("order")
        if order is None:
            # The column is NOT NULL; the formset replaces this placeholder on save.
            self.order_left_blank = True
            return 0
        return order


class OrderedInlineFormSet(StaleRowsFormSetMixin, BaseInlineFormSet):
    """Saves the rows, then puts those left without an order after the others, in entry order;
    refuses to write over rows someone else changed or deleted since the page was loaded."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            instances = super().save(commit=True)
            unordered = [
                form.instance
                for form in self.forms
                if getattr(form, "order_left_blank", False)
                and form.instance.pk is not None
                and form not in self.deleted_forms
            ]
            if unordered:
                model = self.model
                siblings = model.objects.filter(**{self.fk.name: self.instance}).exclude(
                    pk__in=[obj.pk for obj in unordered]
                )
                top = siblings.aggregate(top=Max("order"))["top"] or 0
                for offset, obj in enumerate(unordered, start=1):
                    obj.order = top + offset
                    model.objects.filter(pk=obj.pk).update(order=obj.order)
        return instances
