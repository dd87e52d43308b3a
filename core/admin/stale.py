"""Admin forms that protect one editor's work from another's: stale-edit detection.

Two people open the same event; the first saves a new title; the second, whose
page still shows the old title, saves too. Without a check the second save
would put the old title back without anyone noticing. The form therefore
carries, hidden, a fingerprint of the values it was loaded with; if the stored
values have changed since, the save is refused with a message saying who saved
and when, and everything the user typed stays in the form.

The fingerprint covers only the fields the form can write. A publication in
between does not make a form stale: saving the form would not overwrite it.

The rows entered on the event's page (speakers, presentations, agenda, proposals)
are fingerprinted the same way, each, by their formsets (``StaleRowsFormSetMixin``),
which refuse a save that would write over a row someone else changed, or keep a
row someone else deleted, since the page was loaded. Rows others added meanwhile
are no conflict: this page does not write them.
"""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "loaded_version"
# The rows' fingerprints, in each inline formset's management form.
ROW_VERSIONS_FIELD = "LOADED_VERSIONS"
# 64 bits of a row's digest tell a change apart; a hundred rows stay a short field.
ROW_VERSION_LENGTH = 16


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return sorted(str(getattr(item, "pk", item)) for item in items)
    if hasattr(value, "pk"):
        return str(value.pk)
    return "" if value is None else str(value)


def fingerprint(record, fields) -> str:
    """A digest of ``record``'s values of ``fields``; "" for no record.

    Many-to-many values are read through the record's managers, so a record
    loaded with ``prefetch_related`` costs no query.
    """
    if record is None or record.pk is None:
        return ""
    return _digest(model_to_dict(record, fields=fields))


def _digest(values: dict) -> str:
    text = json.dumps({name: _plain(value) for name, value in values.items()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def written_fields(form) -> list[str]:
    """The model fields ``form`` writes: what a stale save would overwrite."""
    model_fields = {field.name for field in form._meta.model._meta.get_fields()}
    return sorted(name for name in form.base_fields if name != VERSION_FIELD and name in model_fields)


def last_entries(model, pks, **filters) -> dict:
    """The latest history entry of each of ``pks`` (with its user), in one query."""
    history = getattr(model, "history", None)
    if history is None or not pks:
        return {}
    pk_name = model._meta.pk.name
    entries = {}
    for entry in (
        history.filter(**{f"{pk_name}__in": list(pks)}, **filters)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    ):
        entries.setdefault(getattr(entry, pk_name), entry)
    return entries


def _user_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _local_time(when) -> str:
    return formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")


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
        return written_fields(self)

    def stored_row(self):
        """The record as it is stored now; None for a new or a deleted one."""
        if self.instance.pk is None:
            return None
        return type(self.instance)._default_manager.filter(pk=self.instance.pk).first()

    def stored_fingerprint(self, stored=None) -> str:
        stored = stored if stored is not None else self.stored_row()
        return fingerprint(stored, self.guarded_fields())

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
        """Who saved ``stored`` last, and when.

        The record's latest history entry says it for every model with history,
        whatever path saved it (a proposal has no ``updated_by`` of its own, and its
        event's says who saved the event, not the proposal); ``updated_by`` and
        ``updated_at`` are the fallback for a record without history.
        """
        entry = last_entries(type(stored), [stored.pk]).get(stored.pk) if stored is not None else None
        if entry is not None:
            editor, when = entry.history_user, entry.history_date
        else:
            editor, when = getattr(stored, "updated_by", None), getattr(stored, "updated_at", None)
        return {
            "user": _user_name(editor) if editor else _("Someone else"),
            "time": _local_time(when) if when else "—",
        }


class EventAdminForm(StaleEditFormMixin, forms.ModelForm):
    """The event's admin form with stale-edit detection."""


class StaleRowsFormSetMixin:
    """An inline formset that refuses to write over rows someone else changed or deleted
    since the page was loaded, saying who did it and when.

    The page carries, in the formset's management form (one hidden field, not one
    per row: a page posts at most ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` values), the
    fingerprint of every row it showed. Each is taken from the row as the formset
    loaded it, relations prefetched, before the posted values are set on it: no
    query, on the page or on the save. The posted rows stay on the page; saving it
    again is a deliberate choice: the changed rows take this page's values, the
    deleted ones stay deleted. Rows others added meanwhile are no conflict.
    """

    changed_message = _("%(kind)s “%(row)s” was changed by %(user)s at %(time)s, after you opened this page.")
    changed_unknown_message = _("%(kind)s “%(row)s” was changed by someone else after you opened this page.")
    refreshed_message = _(
        "%(kind)s “%(row)s” was changed by %(user)s at %(time)s, after you opened this page; "
        "you had not changed it, so this page now shows their version."
    )
    refreshed_unknown_message = _(
        "%(kind)s “%(row)s” was changed by someone else after you opened this page; "
        "you had not changed it, so this page now shows their version."
    )
    deleted_message = _("%(kind)s “%(row)s” was deleted by %(user)s at %(time)s, after you opened this page.")
    deleted_unknown_message = _("%(kind)s “%(row)s” was deleted by someone else after you opened this page.")
    outcome_message = _(
        "Nothing was saved, so that their work is not lost: what you typed is still on this page. "
        "Saving the page again replaces their values with yours; a deleted row stays deleted "
        "(it can be brought back from the page of deleted records)."
    )

    # The page's fingerprints ------------------------------------------------------

    @cached_property
    def management_form(self):
        form = super().management_form
        form.fields[ROW_VERSIONS_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=self._shown_versions
        )
        return form

    def _shown_versions(self) -> str:
        # Worked out when the page is rendered, once the rows are loaded.
        return _encode_versions({str(form.instance.pk): form.stored_version for form in self.initial_forms})

    @cached_property
    def loaded_versions(self) -> dict[str, str] | None:
        """The fingerprints the posted page was loaded with, by row id; None when the
        client posted none (a script), which leaves nothing to compare."""
        if not self.is_bound:
            return None
        text = self.data.get(self.add_prefix(ROW_VERSIONS_FIELD))
        return None if text is None else _decode_versions(text)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i >= self.initial_form_count():
            return form
        if not hasattr(self, "_written_fields"):
            self._written_fields = written_fields(form)
        form.stored_version = fingerprint(form.instance, self._written_fields)[:ROW_VERSION_LENGTH]
        form.posted_pk = form.posted_row_id = form.loaded_version = None
        if self.is_bound:
            form.posted_pk = (form.data.get(form.add_prefix(self.model._meta.pk.name)) or "").strip() or None
            form.posted_row_id = self._row_id(form.posted_pk)
            form.loaded_version = (self.loaded_versions or {}).get(form.posted_pk)
        # What the row was called when loaded, for a message: once the posted
        # values are set on the instance, they would name it.
        form.stored_label = str(form.instance) if self._is_stale(form) else ""
        return form

    @staticmethod
    def _is_stale(form) -> bool:
        loaded = form.loaded_version
        return form.instance.pk is not None and loaded is not None and loaded != form.stored_version

    @staticmethod
    def _is_gone(form) -> bool:
        """Whether the page showed this row and it is no longer stored."""
        return form.instance.pk is None and form.posted_row_id is not None and form.loaded_version is not None

    # The check ---------------------------------------------------------------------

    def clean(self):
        errors = []
        try:
            super().clean()
        except ValidationError as error:
            errors.extend(error.error_list)
        # Checked even when another error refuses the save: the page shown again
        # carries the new fingerprints only together with the message explaining them.
        conflicts = self.stale_row_errors()
        if conflicts:
            errors.extend([*conflicts, ValidationError(self.outcome_message, code="stale")])
        if errors:
            raise ValidationError(errors)

    def stale_row_errors(self) -> list[ValidationError]:
        """Refusals for the rows this save would write over, or keep, against another's change."""
        stale, gone = [], []
        for form in self.initial_forms:
            if self._is_gone(form):
                gone.append(form)
            elif self._is_stale(form) and (form.has_changed() or self._should_delete_form(form)):
                # A stale row posted exactly as stored now would overwrite nothing.
                stale.append(form)
        if not stale and not gone:
            return []
        entries = last_entries(
            self.model,
            [form.instance.pk for form in stale] + [form.posted_row_id for form in gone],
            **{self.fk.attname: self.instance.pk},
        )
        errors, accepted = [], {}
        untouched = [form for form in stale if self._untouched(form)]
        for form in stale:
            refreshed = form in untouched
            errors.append(
                self._refusal(
                    form.stored_label, entries.get(form.instance.pk), changed=True, refreshed=refreshed
                )
            )
            accepted[form.posted_pk] = form.stored_version
        if untouched:
            self._show_as_stored(untouched)
        for form in gone:
            # Shown again, the row keeps its own record (its last version) to show.
            form.gone_entry = entries.get(form.posted_row_id)
            if form.loaded_version == "" or self._should_delete_form(form):
                # Deleted here too, or shown the deletion and saved again: the row
                # stays deleted, and what was typed in it no longer blocks the save.
                form.errors.clear()
                continue
            label = str(form.gone_entry.instance) if form.gone_entry else f"#{form.posted_pk}"
            errors.append(self._refusal(label, form.gone_entry, changed=False))
            # "Select a valid choice" on a hidden field would only confuse: the message says it.
            form.errors.pop(self.model._meta.pk.name, None)
            accepted[form.posted_pk] = ""
        if accepted:
            # The page shown again carries the stored fingerprints: saving it again is deliberate.
            management = self.management_form
            data = management.data.copy()
            data[management.add_prefix(ROW_VERSIONS_FIELD)] = _encode_versions(
                {**self.loaded_versions, **accepted}
            )
            management.data = data
        return errors

    def _row_id(self, posted):
        """The posted id of a row as the table stores ids; None for anything else
        (a hand-made post), which is then never looked up."""
        field = self.model._meta.pk
        try:
            value = field.to_python(posted)
        except ValidationError:
            return None
        if isinstance(value, int):
            # An "in" lookup, unlike "exact", does not guard against overflow.
            ops = connections[router.db_for_read(self.model)].ops
            low, high = ops.integer_field_range(field.get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                return None
        return value

    def _untouched(self, form) -> bool:
        """Whether this page posted the row exactly as it was loaded: the editor did not
        change it, only someone else did since."""
        if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
            return False
        fields = self._written_fields
        if any(name not in form.cleaned_data for name in fields):
            return False  # a value that did not validate: keep what was typed
        posted = _digest({name: form.cleaned_data[name] for name in fields})[:ROW_VERSION_LENGTH]
        return posted == form.loaded_version

    def _show_as_stored(self, forms_) -> None:
        """Show these rows with their stored values, so that saving the page again does
        not put back the values this editor saw but never changed (one query)."""
        stored = self.model._default_manager.in_bulk([form.instance.pk for form in forms_])
        data = self.data.copy()
        for form in forms_:
            record = stored.get(form.instance.pk)
            if record is None:
                continue
            values = model_to_dict(record, fields=self._written_fields)
            for name, value in values.items():
                field = form.fields.get(name)
                if field is None:
                    continue
                key = form.add_prefix(name)
                shown = field.prepare_value(value)
                if isinstance(shown, (list, tuple)):
                    data.setlist(key, [str(getattr(item, "pk", item)) for item in shown])
                elif isinstance(field.widget, forms.CheckboxInput):
                    if shown:
                        data[key] = "on"
                    else:
                        data.pop(key, None)
                else:
                    data[key] = "" if shown is None else str(shown)
        self.data = data
        for form in self.forms:
            form.data = data

    def _refusal(self, label, entry, *, changed: bool, refreshed: bool = False) -> ValidationError:
        params = {"kind": capfirst(self.model._meta.verbose_name), "row": label}
        if entry is None or entry.history_user is None:
            if refreshed:
                return ValidationError(self.refreshed_unknown_message, code="stale", params=params)
            message = self.changed_unknown_message if changed else self.deleted_unknown_message
            return ValidationError(message, code="stale", params=params)
        if refreshed:
            message = self.refreshed_message
        else:
            message = self.changed_message if changed else self.deleted_message
        params.update(user=_user_name(entry.history_user), time=_local_time(entry.history_date))
        return ValidationError(message, code="stale", params=params)

    # Showing the page again ----------------------------------------------------

    def get_queryset(self):
        queryset = super().get_queryset()
        if not (self.is_bound and "forms" in self.__dict__):
            return queryset
        # Shown again after an error, the admin pairs each posted row with this
        # queryset by position (helpers.InlineAdminFormSet): a row deleted or added
        # by someone else meanwhile would shift the pairs and drop the last posted
        # rows, with what was typed in them. Each posted row keeps its own record.
        return [self._shown_record(form) for form in self.initial_forms]

    def _shown_record(self, form):
        if not self._is_gone(form):
            return form.instance
        entry = getattr(form, "gone_entry", None)
        return entry.instance if entry is not None else None


def _encode_versions(versions: dict[str, str]) -> str:
    return " ".join(f"{pk}:{version}" for pk, version in versions.items())


def _decode_versions(text: str) -> dict[str, str]:
    # What a page posts back; anything else (a hand-made post) compares with nothing.
    versions = {}
    for item in str(text).split():
        pk, sep, version = item.rpartition(":")
        if sep and pk:
            versions[pk] = version
    return versions
