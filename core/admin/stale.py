"""Admin forms that protect one editor's work from another's: stale-edit detection.

Two people open the same event; the first saves a new title; the second, whose
page still shows the old title, saves too. Without a check the second save
would put the old title back without anyone noticing. The form therefore
carries, hidden, a fingerprint of the values it was loaded with; if the stored
values have changed since, the save is refused with a message saying who saved
and when, and everything the user typed stays in the form.

The fingerprint covers only the fields the form can write. Rows added in the
inlines (proposals, speakers) or a publication in between do not make a form
stale: saving the form would not overwrite them.
"""

import hashlib
import json

from django import forms
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "loaded_version"


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return sorted(str(getattr(item, "pk", item)) for item in items)
    if hasattr(value, "pk"):
        return str(value.pk)
    return "" if value is None else str(value)


class StaleEditFormMixin(forms.Form):
    """Refuses to save over values that someone else changed after the form was loaded."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    stale_message = _(
        "%(user)s saved this record at %(time)s, after you opened it. Nothing was saved, so "
        "that their changes are not lost: your changes are still in the form below. Open the "
        "record in a new tab to see what they changed; saving this form again replaces their "
        "values with yours."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial[VERSION_FIELD] = self.stored_fingerprint()

    def guarded_fields(self) -> list[str]:
        """The model fields this form writes: what a stale save would overwrite."""
        model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        return sorted(name for name in self.base_fields if name != VERSION_FIELD and name in model_fields)

    def stored_row(self):
        """The record as it is stored now; None for a new or a deleted one."""
        if self.instance.pk is None:
            return None
        return type(self.instance)._default_manager.filter(pk=self.instance.pk).first()

    def stored_fingerprint(self, stored=None) -> str:
        stored = stored if stored is not None else self.stored_row()
        if stored is None:
            return ""
        values = model_to_dict(stored, fields=self.guarded_fields())
        text = json.dumps({name: _plain(value) for name, value in values.items()}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def clean(self):
        cleaned = super().clean()
        # A client that never loaded the form (no field posted) has nothing to compare.
        if self.add_prefix(VERSION_FIELD) not in self.data:
            return cleaned
        stored = self.stored_row()
        current = self.stored_fingerprint(stored)
        if cleaned.get(VERSION_FIELD, "") != current:
            # The page shown again carries the new fingerprint: saving again is a deliberate choice.
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = current
            self.data = data
            raise forms.ValidationError(self.stale_message, code="stale", params=self.stale_params(stored))
        return cleaned

    def stale_params(self, stored) -> dict:
        editor = getattr(stored, "updated_by", None)
        when = getattr(stored, "updated_at", None)
        return {
            "user": (editor.get_full_name() or editor.get_username()) if editor else _("Someone else"),
            "time": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "—",
        }


class EventAdminForm(StaleEditFormMixin, forms.ModelForm):
    """The event's admin form with stale-edit detection."""
