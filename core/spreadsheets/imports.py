"""Importing spreadsheets (.xlsx, .csv): the batch import pipeline.

The file is read by ``core.spreadsheets.reading`` (checked before any row is
read, counted while read); then the required columns are checked. Then every row is validated as the model would validate it, and the
whole file is written in one transaction, or nothing is written at all.

The batch pipeline keeps the rules of the row-by-row import of
django-import-export (the same resource columns, widgets and ``full_clean()``)
but not its cost: related records are looked up once per column, existing rows
are loaded in one query per table, uniqueness is checked for the whole file at
once, and rows are written in bulk (``core.spreadsheets.bulk``: COPY on PostgreSQL) along
with their history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import widgets
from import_export.results import Result, RowResult
from import_export.signals import post_import

from .bulk import create_instances, insert_rows, reserve_ids, value_preparer
from .reading import MAX_ROWS, ImportFileError, read_spreadsheet, too_many_rows

BULK_BATCH = 1000


@dataclass
class RowError:
    row: int  # the row number a spreadsheet program shows (the header is row 1)
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class RowOutcome:
    row: int
    kind: str  # RowResult.IMPORT_TYPE_NEW / _UPDATE / _SKIP
    instance: models.Model
    values: dict


@dataclass
class ImportReport:
    """What an import did, or would do in a dry run, or why it did nothing."""

    dry_run: bool
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        if self.file_error:
            return self.file_error
        if self.errors:
            return ngettext(
                "%(count)s error; nothing was imported.",
                "%(count)s errors; nothing was imported.",
                len(self.errors),
            ) % {"count": len(self.errors)}
        return _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def as_result(self, resource, dataset) -> Result:
        """The report in django-import-export's terms, for its admin preview and confirm."""
        result = Result()
        headers = [str(h) for h in (dataset.headers or [])]
        result.diff_headers = [c for c in resource.column_names() if c in headers]
        result.total_rows = self.total
        if self.file_error:
            result.append_base_error(_FileErrorResult(self.file_error))
            return result
        if self.errors:
            by_row: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
            for error in self.errors:
                by_row[error.row][error.column or NON_FIELD_ERRORS].append(error.message)
            data = list(dataset.dict) if dataset.headers else []
            for row_number, messages in sorted(by_row.items()):
                values = data[row_number - 2] if 0 <= row_number - 2 < len(data) else {}
                result.append_invalid_row(row_number, values, ValidationError(dict(messages)))
                result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            return result
        for outcome in self.outcomes:
            row_result = RowResult()
            row_result.import_type = outcome.kind
            row_result.add_instance_info(outcome.instance)
            row_result.instance = outcome.instance  # the admin's log entries name it
            row_result.diff = [escape(_display(outcome.values.get(c))) for c in result.diff_headers]
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        return result


class _FileErrorResult:
    """Quacks like import_export.results.Error for the admin's list of base errors."""

    def __init__(self, message):
        self.error = message
        self.traceback = ""
        self.row = None
        self.number = None


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Importing rows --------------------------------------------------------------------


def import_file(*, resource, file, name: str | None = None, dry_run: bool, user=None) -> ImportReport:
    """Read ``file`` and import it with ``resource``; bad files give a report with ``file_error``."""
    try:
        dataset = read_spreadsheet(file, name=name)
    except ImportFileError as error:
        return ImportReport(dry_run=dry_run, file_error=str(error))
    return import_dataset(resource=resource, dataset=dataset, dry_run=dry_run, user=user)


def import_dataset(*, resource, dataset, dry_run: bool, user=None) -> ImportReport:
    """Validate every row of ``dataset``; unless ``dry_run``, write them all or none.

    Row numbers in the report are those a spreadsheet program shows: the header
    is row 1, the first record row 2.
    """
    report = ImportReport(dry_run=dry_run, total=len(dataset))
    headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
    missing = resource.missing_columns(headers)
    if missing:
        report.file_error = _("The file lacks required columns: %(columns)s.") % {
            "columns": "; ".join(missing)
        }
        return report
    if len(dataset) > MAX_ROWS:
        report.file_error = str(too_many_rows(MAX_ROWS))
        return report
    dataset.headers = headers

    pipeline = _Pipeline(resource=resource, dataset=dataset, report=report, user=user)
    if dry_run:
        pipeline.validate()
        return report
    # The rows are validated against the records they will be written over, with
    # the events they belong to locked, in the transaction that writes them.
    with transaction.atomic():
        pipeline.validate(lock=True)
        if not report.errors:
            pipeline.write()
    return report


def _constant_defaults(model) -> dict:
    """The language columns' defaults, to pass to ``model()`` for each new row.

    modeltranslation works out each language column's default under a language
    switch, which made creating blank instances a tenth of a large import's time;
    these defaults are constants, so they are worked out once.
    """
    from modeltranslation.fields import TranslationField

    return {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if isinstance(f, TranslationField) and not (f.has_default() and callable(f.default))
    }


class _Pipeline:
    def __init__(self, *, resource, dataset, report, user):
        self.resource = resource
        self.dataset = dataset
        self.report = report
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.model = resource._meta.model
        self.fields = [f for f in resource.get_import_fields() if f.column_name in dataset.headers]
        self.m2m_fields = [f for f in self.fields if isinstance(f.widget, widgets.ManyToManyWidget)]
        self.pending: list[tuple[int, models.Model, dict, str]] = []  # row, instance, m2m, kind
        self.before: dict[int, dict] = {}
        self.blank = _constant_defaults(self.model)

    # Validation -------------------------------------------------------------

    def validate(self, *, lock: bool = False) -> None:
        resource = self.resource
        resource._batch_validation = True
        resource._current_row = None
        resource.before_import(self.dataset)
        headers = self.dataset.headers
        rows = [dict(zip(headers, values, strict=False)) for values in self.dataset]
        keys = [self._row_key(row) for row in rows]
        if lock:
            resource.lock_for_import(keys)
        existing = resource.load_existing({key for key in keys if key is not None})
        report = self.report

        for index, (row, key) in enumerate(zip(rows, keys, strict=True)):
            row_number = index + 2
            instance = existing.get(key) if key is not None else None
            new = instance is None
            if new:
                instance = self.model(**self.blank)
            errors: dict = {}
            try:
                resource.after_init_instance(instance, new, row)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            if not errors:
                if not new:
                    self.before[id(instance)] = resource._snapshots[id(instance)]
                try:
                    resource.import_instance(instance, row)
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
                m2m_values = dict(getattr(resource, "m2m_values", {}))
                try:
                    resource.validate_instance(instance, errors)
                except ValidationError as error:
                    errors = error.update_error_dict({})
            if errors:
                self._add_errors(row_number, errors, instance)
                continue
            if new:
                kind = RowResult.IMPORT_TYPE_NEW
            elif resource.is_unchanged(instance, m2m_values):
                kind = RowResult.IMPORT_TYPE_SKIP
            else:
                kind = RowResult.IMPORT_TYPE_UPDATE
            self.pending.append((row_number, instance, m2m_values, kind))
            report.outcomes.append(RowOutcome(row=row_number, kind=kind, instance=instance, values=row))

        batch = resource.batch_errors([instance for _row, instance, _m2m, _kind in self.pending])
        for position, errors in sorted(batch.items()):
            self._add_errors(self.pending[position][0], errors, self.pending[position][1])
        report.errors.sort(key=lambda e: (e.row, e.column))
        for outcome in report.outcomes:
            if outcome.kind == RowResult.IMPORT_TYPE_NEW:
                report.new += 1
            elif outcome.kind == RowResult.IMPORT_TYPE_UPDATE:
                report.updated += 1
            else:
                report.unchanged += 1

    def _row_key(self, row):
        """The key a row names its record by (slug; event + number; id), or None."""
        values = []
        for name in self.resource.get_import_id_fields():
            field = self.resource.fields[name]
            if field.column_name not in row:
                return None
            try:
                value = field.clean(row)
            except (ValueError, ValidationError):
                return None  # reported on its column by import_instance()
            if value in (None, ""):
                return None
            values.append(value.pk if isinstance(value, models.Model) else value)
        return values[0] if len(values) == 1 else tuple(values)

    def _add_errors(self, row_number: int, errors: dict, instance=None) -> None:
        for key, messages in errors.items():
            # Lists of strings or of ValidationErrors, depending on who raised them.
            messages = ValidationError(messages).messages
            column = self.resource.column_for(key, instance)
            for message in messages:
                self.report.errors.append(RowError(row=row_number, column=column, message=str(message)))

    # Writing -------------------------------------------------------------------

    def write(self) -> None:
        resource = self.resource
        # The bare column of a translated field holds the default language, as in
        # the data migrations; the language columns are what the file names.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            changed = [
                (i, m2m, kind) for _r, i, m2m, kind in self.pending if kind != RowResult.IMPORT_TYPE_SKIP
            ]
            instances = [i for i, _m, _k in changed]
            now = timezone.now()
            for instance, _m2m, kind in changed:
                self._stamp(instance, kind == RowResult.IMPORT_TYPE_NEW, now)
            resource.prepare_for_write(instances)
            if resource.save_each:
                self._save_each(changed)
            else:
                self._save_bulk(changed, now)
            if changed:
                # Bulk writes send no model signals; whoever caches what they show
                # listens for the end of an import instead.
                post_import.send(sender=None, model=self.model)

    def _stamp(self, instance, is_new: bool, now) -> None:
        if self.user is not None:
            instance._history_user = self.user
            if hasattr(instance, "updated_by_id"):
                instance.updated_by = self.user
            if is_new and hasattr(instance, "created_by_id"):
                instance.created_by = self.user
        if not is_new and hasattr(instance, "updated_at"):
            instance.updated_at = now

    def _save_each(self, changed) -> None:
        """Models whose ``save()`` has rules (an event's slug) are saved one by one."""
        for instance, m2m, _kind in changed:
            instance.save()
            for attribute, objects in m2m.items():
                current = {o.pk for o in getattr(instance, attribute).all()}
                if current != {o.pk for o in objects}:
                    # Through the manager, so the history records the new set.
                    getattr(instance, attribute).set(objects)

    def _save_bulk(self, changed, now) -> None:
        new = [i for i, _m, kind in changed if kind == RowResult.IMPORT_TYPE_NEW]
        updated = [i for i, _m, kind in changed if kind == RowResult.IMPORT_TYPE_UPDATE]
        if new:
            create_instances(self.model, new, batch_size=BULK_BATCH)
        if updated:
            self.model.objects.bulk_update(updated, self._update_fields(updated), batch_size=BULK_BATCH)
        for m2m_field in self.m2m_fields:
            self._write_m2m(m2m_field, changed)
        history = getattr(self.model, "history", None)
        if history is not None and changed:
            self._write_history(new, updated, now)

    def _update_fields(self, updated) -> list[str]:
        """The model fields an update writes: the changed columns and what derives from them."""
        names = set()
        opts = self.model._meta
        for instance in updated:
            before = self.before.get(id(instance), {})
            for f in self.fields:
                if f in self.m2m_fields or f.readonly or not f.attribute:
                    continue
                if self.resource.value_of(instance, f) != before.get(f.attribute):
                    names.add(f.attribute)
        translated = self.model._meta.get_fields()
        for name in list(names):
            base, _sep, code = name.rpartition("_")
            if base and code in dict(settings.LANGUAGES) and any(f.name == base for f in translated):
                names.add(base)
        for derived in ("search_text", "updated_at", "updated_by"):
            if any(f.name == derived for f in opts.concrete_fields):
                names.add(derived)
        return sorted(names)

    def _write_m2m(self, field, changed) -> None:
        attribute = field.attribute
        m2m_field = self.model._meta.get_field(attribute)
        through = m2m_field.remote_field.through
        source, target = m2m_field.m2m_field_name(), m2m_field.m2m_reverse_field_name()
        stale_ids, rows = [], []
        for instance, m2m, kind in changed:
            if attribute not in m2m:
                continue
            wanted = [o.pk for o in m2m[attribute]]
            if kind == RowResult.IMPORT_TYPE_UPDATE:
                before = self.before.get(id(instance), {}).get(attribute, frozenset())
                if frozenset(wanted) == before:
                    continue
                stale_ids.append(instance.pk)
            rows.extend((instance.pk, pk) for pk in wanted)
        for start in range(0, len(stale_ids), 500):
            through.objects.filter(**{f"{source}_id__in": stale_ids[start : start + 500]}).delete()
        columns = [through._meta.get_field(name).column for name in (source, target)]
        insert_rows(through, columns, rows)

    def _write_history(self, new, updated, now) -> None:
        """One history entry per record written, with its many-to-many sets, as save() would.

        Written as plain rows: simple_history's bulk_history_create builds a model
        instance per entry, which costs more than the import's validation.
        """
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        history_model = self.model.history.model
        connection = connections[router.db_for_write(history_model)]
        tracked = {f.attname for f in history_model.tracked_fields}
        special = {
            "history_date": now,
            "history_change_reason": None,
            "history_user_id": self.user.pk if self.user is not None else None,
        }
        objects = [*new, *updated]
        if not objects:
            return
        history_pk = history_model._meta.pk
        fields = [f for f in history_model._meta.concrete_fields if not f.primary_key]
        columns = [f.column for f in fields]
        history_ids = reserve_ids(history_model, len(objects))
        # The values every entry shares are prepared once; the tracked ones per entry.
        constant = {}
        for f in fields:
            if f.attname in special:
                constant[f.attname] = f.get_db_prep_save(special[f.attname], connection)
            elif f.attname not in tracked and f.attname != "history_type":
                constant[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        read = [(f.attname, value_preparer(f, connection)) for f in fields]
        rows = []
        for history_type, group in (("+", new), ("~", updated)):
            for obj in group:
                values = []
                for attname, prepare in read:
                    if attname == "history_type":
                        values.append(history_type)
                    elif attname in constant:
                        values.append(constant[attname])
                    else:
                        values.append(prepare(getattr(obj, attname)))
                rows.append(values)
        if history_ids is not None:
            columns.insert(0, history_pk.column)
            for values, history_id in zip(rows, history_ids, strict=True):
                values.insert(0, history_id)
        insert_rows(history_model, columns, rows)

        m2m_fields = getattr(history_model, "_history_m2m_fields", [])
        if not m2m_fields:
            return
        ids = [obj.pk for obj in objects]
        if history_ids is not None:
            history_id_of = dict(zip(ids, history_ids, strict=True))
        else:
            history_id_of = {}
            for start in range(0, len(ids), 500):
                history_id_of.update(
                    history_model.objects.filter(
                        history_date=now, id__in=ids[start : start + 500]
                    ).values_list("id", "history_id")
                )
        from simple_history.models import HistoricalRecords

        for m2m_field in m2m_fields:
            # HistoricalRecords keeps the m2m history models in a class-wide registry.
            m2m_history_model = HistoricalRecords.m2m_models[m2m_field]
            through = m2m_field.remote_field.through
            source = m2m_field.m2m_field_name()
            columns = [f.attname for f in through._meta.concrete_fields]
            owner_index = columns.index(f"{source}_id")
            m2m_rows = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for values in through.objects.filter(**{f"{source}_id__in": chunk}).values_list(*columns):
                    m2m_rows.append((history_id_of[values[owner_index]], *values))
            history_columns = [m2m_history_model._meta.get_field("history").column]
            history_columns += [m2m_history_model._meta.get_field(c).column for c in columns]
            insert_rows(m2m_history_model, history_columns, m2m_rows)
