"""The reporting workbook (.xlsx) and its open-data CSV: events, proposals, speakers.

One file with three sheets for staff and donors: *Events* (with attendance and
the share of women), *Proposals* (numbered, with reference and status) and
*Speakers* (with the position each held that day). Headers are in the reader's
language and texts fall back ky -> ru -> en like the pages do.

Rows are read as plain values in chunks (no model instances, related names from
small lookup tables) and written with XlsxWriter in constant-memory mode, so a
workbook of 100,000 proposals takes seconds and little memory. Cells typed as
strings are never formulae (``strings_to_formulas`` is off); text that looks
like a formula is also marked as text for when someone edits it in Excel, and
escaped with an apostrophe in CSV.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from core.spreadsheets.widgets import FORMULA_STARTS, escape_formula
from core.text import LANGUAGE_CODES, fallback_languages, language_columns
from dialogues.models import Event, EventFormat, Organization, Participation, Person, Region, Topic
from proposals.models import Proposal

CHUNK = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Column kinds decide the cell type, the format and the width.
TEXT, LONG_TEXT, DATE, NUMBER, PERCENT, CODE = "text", "long", "date", "number", "percent", "code"
WIDTHS = {TEXT: 28, LONG_TEXT: 70, DATE: 12, NUMBER: 10, PERCENT: 10, CODE: 18}


@dataclass(frozen=True)
class Column:
    header: Callable[[], str]  # called with the reader's language active
    kind: str


@dataclass(frozen=True)
class Sheet:
    key: str
    title: Callable[[], str]
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[list]]


class Report:
    """What a workbook holds: some events, their (or some) proposals, their speakers.

    Build one with ``for_events()`` or ``for_proposals()``. With
    ``published_only`` (every public download) drafts and their proposals are
    left out whatever the querysets passed in contain.
    """

    def __init__(self, *, events: QuerySet, proposals: QuerySet, published_only: bool, language: str):
        if events.query.annotations:
            # An admin changelist's queryset carries its own annotations; the sheets add theirs.
            events = Event.objects.filter(pk__in=events.values("pk"))
        if published_only:
            events = events.filter(status=Event.Status.PUBLISHED)
            proposals = proposals.filter(event__status=Event.Status.PUBLISHED)
        self.events = events
        self.proposals = proposals
        self.published_only = published_only
        self.language = language
        self.order = [LANGUAGE_CODES.index(code) for code in fallback_languages(language)]

    @classmethod
    def for_events(cls, events: QuerySet, *, published_only: bool, language: str | None = None) -> Report:
        """The selected events with all their proposals and speakers."""
        language = language or translation.get_language()
        proposals = Proposal.objects.filter(event__in=events.values("pk"))
        return cls(events=events, proposals=proposals, published_only=published_only, language=language)

    @classmethod
    def for_proposals(
        cls, proposals: QuerySet, *, published_only: bool, language: str | None = None
    ) -> Report:
        """Some proposals (a filtered list) with the events they came from and their speakers."""
        language = language or translation.get_language()
        events = Event.objects.filter(pk__in=proposals.values("event_id"))
        return cls(events=events, proposals=proposals, published_only=published_only, language=language)

    # Text in the reader's language --------------------------------------------

    def pick(self, values) -> str:
        """The first filled language of ``values`` (ky, ru, en), in the reader's fallback order."""
        for index in self.order:
            value = values[index]
            if value:
                return value
        return ""

    def names(self, model, field: str, ids: Iterable[int] | None = None) -> dict[int, str]:
        """Translated names of a small table, by id."""
        queryset = model.objects.all() if ids is None else model.objects.filter(pk__in=list(ids))
        columns = list(language_columns(field))
        return {pk: self.pick(values) for pk, *values in queryset.values_list("pk", *columns)}

    def organisation_names(self, ids) -> dict[int, str]:
        ids = list(ids)
        short = list(language_columns("short_name"))
        full = list(language_columns("name"))
        result = {}
        for start in range(0, len(ids), 500):
            for pk, *values in Organization.objects.filter(pk__in=ids[start : start + 500]).values_list(
                "pk", *full, *short
            ):
                result[pk] = self.pick(values[:3]) or self.pick(values[3:])
        return result

    def related(self, manager_field, ids: list[int], names: Callable[[set], dict]) -> dict[int, str]:
        """``"; "``-joined names of a many-to-many field, by owner id, for a chunk of owners."""
        through = manager_field.remote_field.through
        source, target = manager_field.m2m_field_name(), manager_field.m2m_reverse_field_name()
        pairs = list(
            through.objects.filter(**{f"{source}_id__in": ids})
            .order_by("pk")
            .values_list(f"{source}_id", f"{target}_id")
        )
        labels = names({t for _s, t in pairs})
        joined = defaultdict(list)
        for owner, target_id in pairs:
            joined[owner].append(labels.get(target_id, ""))
        return {owner: "; ".join(sorted(filter(None, items))) for owner, items in joined.items()}

    # Sheets ------------------------------------------------------------------------

    def sheets(self) -> list[Sheet]:
        return [self.events_sheet(), self.proposals_sheet(), self.speakers_sheet()]

    def events_sheet(self) -> Sheet:
        columns = [
            Column(lambda: _("Event"), CODE),
            Column(lambda: _("Title"), LONG_TEXT),
            Column(lambda: _("Date"), DATE),
            Column(lambda: _("End date"), DATE),
            Column(lambda: _("Format"), TEXT),
            Column(lambda: _("Series"), TEXT),
            Column(lambda: _("No. in series"), NUMBER),
            Column(lambda: _("Region"), TEXT),
            Column(lambda: _("Locality"), TEXT),
            Column(lambda: _("Venue"), TEXT),
            Column(lambda: _("Topics"), TEXT),
            Column(lambda: _("Organisers"), TEXT),
            Column(lambda: _("Partners and funders"), TEXT),
            Column(lambda: _("Participants"), NUMBER),
            Column(lambda: _("Women"), NUMBER),
            Column(lambda: _("Men"), NUMBER),
            Column(lambda: _("Not specified"), NUMBER),
            Column(lambda: _("Share of women"), PERCENT),
            Column(lambda: _("Proposals"), NUMBER),
        ]
        if not self.published_only:
            columns.append(Column(lambda: _("Status"), CODE))
        return Sheet("events", lambda: _("Events"), tuple(columns), self.event_rows)

    def event_rows(self) -> Iterator[list]:
        formats = self.names(EventFormat, "name")
        regions = self.names(Region, "name")
        topics = self.names(Topic, "name")
        statuses = dict(Event.Status.choices)
        texts = ("title", "series", "locality", "venue")
        columns = list(language_columns(*texts))
        queryset = (
            self.events.order_by("-date", "-pk")
            .annotate(proposal_count=Count("proposals"))
            .values_list(
                "pk",
                "slug",
                "date",
                "end_date",
                "format_id",
                "series_number",
                "region_id",
                "attendance_total",
                "attendance_women",
                "attendance_men",
                "status",
                "proposal_count",
                *columns,
            )
        )
        m2m = Event._meta
        for chunk in _chunks(queryset.iterator(chunk_size=CHUNK)):
            ids = [row[0] for row in chunk]
            topic_names = self.related(m2m.get_field("topics"), ids, lambda _ids: topics)
            organisers = self.related(m2m.get_field("organizers"), ids, self.organisation_names)
            partners = self.related(m2m.get_field("partners"), ids, self.organisation_names)
            for (pk, slug, date, end_date, format_id, series_number, region_id, total, women, men, status,
                 proposal_count, *text) in chunk:  # fmt: skip
                title, series, locality, venue = (self.pick(text[i : i + 3]) for i in range(0, 12, 3))
                unspecified = None if total is None else max(total - (women or 0) - (men or 0), 0)
                share = women / total if total and women is not None else None
                row = [
                    slug,
                    title,
                    date,
                    end_date,
                    formats.get(format_id, ""),
                    series,
                    series_number,
                    regions.get(region_id, ""),
                    locality,
                    venue,
                    topic_names.get(pk, ""),
                    organisers.get(pk, ""),
                    partners.get(pk, ""),
                    total,
                    women,
                    men,
                    unspecified,
                    share,
                    proposal_count,
                ]
                if not self.published_only:
                    row.append(str(statuses.get(status, status)))
                yield row

    def event_titles(self) -> dict[int, tuple[str, object]]:
        """Title in the reader's language and date of every exported event, by id."""
        return {
            pk: (self.pick(titles), date)
            for pk, date, *titles in self.events.values_list("pk", "date", *language_columns("title"))
        }

    def proposals_sheet(self) -> Sheet:
        columns = (
            Column(lambda: _("Reference"), CODE),
            Column(lambda: _("Event"), LONG_TEXT),
            Column(lambda: _("Event date"), DATE),
            Column(lambda: _("No."), NUMBER),
            Column(lambda: _("Proposal"), LONG_TEXT),
            Column(lambda: _("Topics"), TEXT),
            Column(lambda: _("Addressees"), TEXT),
            Column(lambda: _("Status"), TEXT),
            Column(lambda: _("Status changed on"), DATE),
        )
        return Sheet("proposals", lambda: _("Proposals"), columns, self.proposal_rows)

    def proposal_rows(self) -> Iterator[list]:
        topics = self.names(Topic, "name")
        statuses = {value: str(label) for value, label in Proposal.Status.choices}
        events = self.event_titles()
        queryset = self.proposals.order_by("-event__date", "-event_id", "number").values_list(
            "pk",
            "reference",
            "event_id",
            "number",
            "status",
            "status_changed_on",
            *language_columns("text"),
        )
        m2m = Proposal._meta
        for chunk in _chunks(queryset.iterator(chunk_size=CHUNK)):
            ids = [row[0] for row in chunk]
            topic_names = self.related(m2m.get_field("topics"), ids, lambda _ids: topics)
            addressees = self.related(m2m.get_field("addressees"), ids, self.organisation_names)
            for pk, reference, event_id, number, status, changed_on, *text in chunk:
                title, date = events.get(event_id, ("", None))
                yield [
                    reference,
                    title,
                    date,
                    number,
                    self.pick(text),
                    topic_names.get(pk, ""),
                    addressees.get(pk, ""),
                    statuses.get(status, status),
                    changed_on,
                ]

    def speakers_sheet(self) -> Sheet:
        columns = (
            Column(lambda: _("Event"), LONG_TEXT),
            Column(lambda: _("Event date"), DATE),
            Column(lambda: _("Order"), NUMBER),
            Column(lambda: _("Name"), TEXT),
            Column(lambda: _("Degree or honorific"), TEXT),
            Column(lambda: _("Role"), TEXT),
            Column(lambda: _("Position at that time"), LONG_TEXT),
            Column(lambda: _("Organisation represented"), TEXT),
        )
        return Sheet("speakers", lambda: _("Speakers"), columns, self.speaker_rows)

    def speaker_rows(self) -> Iterator[list]:
        roles = {value: str(label) for value, label in Participation.Role.choices}
        events = self.event_titles()
        queryset = (
            Participation.objects.filter(event__in=self.events.values("pk"))
            .order_by("-event__date", "-event_id", "order", "pk")
            .values_list(
                "event_id", "order", "person_id", "role", "organization_id",
                *language_columns("position"),
            )
        )  # fmt: skip
        for chunk in _chunks(queryset.iterator(chunk_size=CHUNK)):
            person_ids = sorted({row[2] for row in chunk})
            people = {}
            columns = list(language_columns("full_name", "honorific"))
            for start in range(0, len(person_ids), 500):
                for pk, *values in Person.objects.filter(pk__in=person_ids[start : start + 500]).values_list(
                    "pk", *columns
                ):
                    people[pk] = (self.pick(values[:3]), self.pick(values[3:]))
            organisations = self.organisation_names({row[4] for row in chunk if row[4]})
            for event_id, order, person_id, role, organization_id, *position in chunk:
                title, date = events.get(event_id, ("", None))
                name, honorific = people.get(person_id, ("", ""))
                yield [
                    title,
                    date,
                    order,
                    name,
                    honorific,
                    roles.get(role, role),
                    self.pick(position),
                    organisations.get(organization_id, "") if organization_id else "",
                ]


def _chunks(iterator: Iterator, size: int = CHUNK) -> Iterator[list]:
    chunk = []
    for item in iterator:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Writers ------------------------------------------------------------------------------


def write_workbook(report: Report, output) -> None:
    """Write the reporting workbook to ``output`` (a path or a binary file object)."""
    import xlsxwriter

    with translation.override(report.language):
        workbook = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                # User text is text: never a formula, a link or a number.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "remove_timezone": True,
            },
        )
        header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "bottom": 1, "text_wrap": True})
        formats = {
            DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}),
            PERCENT: workbook.add_format({"num_format": "0%"}),
            LONG_TEXT: workbook.add_format({"text_wrap": True, "valign": "top"}),
        }
        # Text that starts like a formula stays text if someone edits the cell.
        quoted = {
            kind: workbook.add_format(
                {"quote_prefix": True, **({"text_wrap": True} if kind == LONG_TEXT else {})}
            )
            for kind in (TEXT, LONG_TEXT, CODE)
        }
        for sheet in report.sheets():
            worksheet = workbook.add_worksheet(_sheet_title(sheet.title()))
            kinds = [column.kind for column in sheet.columns]
            for index, column in enumerate(sheet.columns):
                worksheet.set_column(index, index, WIDTHS[column.kind], formats.get(column.kind))
            worksheet.write_row(0, 0, [column.header() for column in sheet.columns], header)
            worksheet.freeze_panes(1, 0)
            last = 0
            write_string, write_number, write_datetime = (
                worksheet.write_string,
                worksheet.write_number,
                worksheet.write_datetime,
            )
            for last, row in enumerate(sheet.rows(), start=1):
                for col, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    kind = kinds[col]
                    if kind == DATE:
                        write_datetime(last, col, value, formats[DATE])
                    elif kind in (NUMBER, PERCENT):
                        write_number(last, col, value, formats.get(kind))
                    elif value[0] in FORMULA_STARTS:
                        write_string(last, col, value, quoted[kind])
                    else:
                        write_string(last, col, value, formats.get(kind))
            worksheet.autofilter(0, 0, max(last, 1), len(sheet.columns) - 1)
        workbook.close()


def workbook_bytes(report: Report) -> bytes:
    buffer = io.BytesIO()
    write_workbook(report, buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name.
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def write_csv(report: Report, output, *, sheet: str = "proposals") -> None:
    """One sheet of the report as CSV for open data: UTF-8 with BOM (Excel reads the
    Cyrillic right), ISO dates, plain numbers, formulae escaped. ``output`` is a
    binary file object."""
    with translation.override(report.language):
        chosen = next(s for s in report.sheets() if s.key == sheet)
        stream = io.TextIOWrapper(output, encoding="utf-8-sig", newline="", write_through=True)
        try:
            writer = csv.writer(stream)
            writer.writerow([column.header() for column in chosen.columns])
            kinds = [column.kind for column in chosen.columns]
            for row in chosen.rows():
                writer.writerow([_csv_value(value, kind) for value, kind in zip(row, kinds, strict=True)])
        finally:
            stream.detach()


def csv_bytes(report: Report, *, sheet: str = "proposals") -> bytes:
    buffer = io.BytesIO()
    write_csv(report, buffer, sheet=sheet)
    return buffer.getvalue()


def _csv_value(value, kind: str):
    if value is None:
        return ""
    if kind == DATE:
        return value.isoformat() if isinstance(value, datetime.date) else value
    if kind == PERCENT:
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if kind == NUMBER:
        return value
    return escape_formula(value)


def workbook_filename(stem: str, extension: str = "xlsx") -> str:
    """A download name such as ``maek-2021-07-08-batken.xlsx``: Latin, no spaces."""
    from core.text import latin_slug

    return f"{latin_slug(stem, max_length=80) or 'maek'}.{extension}"
