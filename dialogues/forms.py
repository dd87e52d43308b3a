"""Admin forms for the rows entered on an event's page: ordered participants, presentations, agenda."""

from django import forms
from django.db import transaction
from django.db.models import Max
from django.forms.models import BaseInlineFormSet


class OrderedInlineForm(forms.ModelForm):
    """A row with an ``order``; left empty, the row goes after the others.

    Entering a report in one sitting, nobody should have to type 1, 2, 3: rows
    keep the order they were entered in unless given one.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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


class OrderedInlineFormSet(BaseInlineFormSet):
    """Saves the rows, then puts those left without an order after the others, in entry order."""

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
