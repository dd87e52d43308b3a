"""Realistic, translated records in bulk: for benchmarks, load tests and demos at national scale.

``generate_data(events=N)`` writes N dialogue events spread over ten years and all nine
regions, with about ten proposals, five participations, two presentations and three
agenda items each; people and organisations are drawn from a shared pool, as in life.
Most events are published, some are drafts; most reports are in all three languages,
some only in Kyrgyz or Russian, so pages exercise the language fallback.

This is a generator, not an editor: it writes with ``bulk_create`` in batches and so
does by hand what ``save()`` and the numbering service would do — unique slugs made
like ``Event._unique_slug``, ``search_text`` from ``core.text.search_document``,
proposal numbers 1..n per event, unique references — because nothing else writes to
these events while it runs. The same ``seed`` gives the same data.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation
from simple_history.models import HistoricalRecords

from core.text import LANGUAGE_CODES, latin_slug, search_document, transliterate
from dialogues.models import (
    AgendaItem,
    Event,
    EventFormat,
    Organization,
    ParticipantCategory,
    Participation,
    Person,
    Presentation,
    Region,
    Topic,
)
from pagecache.services import content_changed
from proposals.models import REFERENCE_ALPHABET, Proposal

from . import vocabulary as words

# A fixed window, not "the last ten years from today", so that a seed gives the
# same data whatever day it runs.
DEFAULT_UNTIL = datetime.date(2025, 12, 31)
YEARS = 10

# Which languages a report came in: most in all three, some not.
LANGUAGE_SETS = [(("ky", "ru", "en"), 75), (("ky", "ru"), 12), (("ru",), 8), (("ky",), 5)]

PROPOSAL_STATUS_WEIGHTS = [
    (Proposal.Status.RECEIVED, 20),
    (Proposal.Status.FORWARDED, 20),
    (Proposal.Status.UNDER_CONSIDERATION, 15),
    (Proposal.Status.ACCEPTED, 10),
    (Proposal.Status.PARTLY_IMPLEMENTED, 10),
    (Proposal.Status.IMPLEMENTED, 8),
    (Proposal.Status.REJECTED, 7),
    (Proposal.Status.NO_RESPONSE, 10),
]

ADDRESSEE_KINDS = {
    Organization.Kind.STATE_BODY,
    Organization.Kind.PARLIAMENT,
    Organization.Kind.LOCAL_GOVERNMENT,
}
ORGANIZER_KINDS = {
    Organization.Kind.PUBLIC_COUNCIL,
    Organization.Kind.STATE_BODY,
    Organization.Kind.CIVIL_SOCIETY,
}


@dataclass(frozen=True)
class EventShape:
    """How much one event holds. ``generate_data`` draws these at random."""

    proposals: int = 10
    participations: int = 5
    presentations: int = 2
    agenda_items: int = 3
    published: bool = True


@dataclass
class GenerationReport:
    """What a run wrote, for the command's output and for benchmarks."""

    events: int = 0
    published: int = 0
    proposals: int = 0
    participations: int = 0
    presentations: int = 0
    agenda_items: int = 0
    people_created: int = 0
    organizations_created: int = 0
    seconds: float = 0.0
    event_ids: list[int] = field(default_factory=list)


def _texts(triple: Sequence[str], languages: Iterable[str]) -> dict[str, str]:
    """{ky, ru, en} -> only the languages the report came in; the others stay empty."""
    chosen = set(languages)
    return {code: (text if code in chosen else "") for code, text in zip(LANGUAGE_CODES, triple, strict=True)}


def _columns(name: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{name}_{code}": texts[code] for code in LANGUAGE_CODES}


def _stem(locality: tuple[str, str, str]) -> tuple[str, str, str]:
    """("Баткен шаары", "город Баткен", "Batken city") -> ("Баткен", "Баткен", "Batken")."""
    ky, ru, en = locality
    for suffix in (" шаары", " айылы"):
        ky = ky.removesuffix(suffix)
    for prefix in ("город ", "село "):
        ru = ru.removeprefix(prefix)
    for suffix in (" city", " village"):
        en = en.removesuffix(suffix)
    return ky, ru, en


class _Generator:
    def __init__(self, *, seed: int, until: datetime.date, batch_size: int, history: bool = True):
        self.rng = random.Random(seed)
        self.history = history
        self.now = timezone.now()
        self.until = until
        self.start = until - datetime.timedelta(days=round(365.25 * YEARS) - 1)
        self.batch_size = batch_size
        self.report = GenerationReport()
        self.regions = {region.code: region for region in Region.objects.all()}
        self.formats = {fmt.slug: fmt for fmt in EventFormat.objects.all()}
        self.topics = {topic.slug: topic for topic in Topic.objects.all()}
        self.categories = list(ParticipantCategory.objects.order_by("order", "slug"))
        if not self.regions or not self.formats:
            raise ValueError("Regions and event formats are missing: run the migrations first.")
        self.used_slugs = set(Event.objects.values_list("slug", flat=True))
        self.used_references = set(Proposal.objects.values_list("reference", flat=True))
        self.timezone = timezone.get_default_timezone()

    # -- shared pools ----------------------------------------------------------

    def organizations(self) -> list[Organization]:
        """Every organisation of the vocabulary, created once and reused by later runs."""
        wanted: list[Organization] = []

        def add(texts, short, kind):
            short = short or ("", "", "")
            wanted.append(
                Organization(
                    kind=kind,
                    **_columns("name", dict(zip(LANGUAGE_CODES, texts, strict=True))),
                    **_columns("short_name", dict(zip(LANGUAGE_CODES, short, strict=True))),
                )
            )

        for ky, ru, en, short in words.MINISTRIES:
            add((ky, ru, en), short, Organization.Kind.STATE_BODY)
            add(
                (
                    ky.removesuffix("министрлиги") + "министрлигинин алдындагы Коомдук кеңеш",
                    "Общественный совет при " + ru.replace("Министерство", "Министерстве", 1),
                    "Public council of the " + en,
                ),
                None,
                Organization.Kind.PUBLIC_COUNCIL,
            )
        for ky, ru, en, short, kind in words.OTHER_ORGANIZATIONS:
            add((ky, ru, en), short, kind)
        for code in words.REGION_WEIGHTS:
            for locality in words.LOCALITIES[code]:
                ky, ru, en = _stem(locality)
                if locality[0].endswith(" шаары"):
                    local = (f"{ky} шаарынын мэриясы", f"Мэрия города {ru}", f"{en} City Hall")
                else:
                    local = (f"{ky} айыл өкмөтү", f"Айыл окмоту села {ru}", f"{en} village administration")
                add(local, None, Organization.Kind.LOCAL_GOVERNMENT)
            ky, ru, en = _stem(words.LOCALITIES[code][0])
            add(
                (f"«{ky}-Пресс» гезити", f"Газета «{ru}-Пресс»", f"{en}-Press newspaper"),
                None,
                Organization.Kind.MEDIA,
            )
            for fky, fru, fen in words.FOUNDATIONS:
                add(
                    (
                        f"«{fky}» коомдук фонду ({ky})",
                        f"Общественный фонд «{fru}» ({ru})",
                        f"{fen} Public Foundation ({en})",
                    ),
                    None,
                    Organization.Kind.CIVIL_SOCIETY,
                )

        existing = {
            org.name_ru: org for org in Organization.objects.filter(name_ru__in=[o.name_ru for o in wanted])
        }
        missing = [org for org in wanted if org.name_ru not in existing]
        for org in missing:
            org.full_clean(validate_unique=False, validate_constraints=False)
        created = Organization.objects.bulk_create(missing, batch_size=self.batch_size)
        self.write_history(Organization, created)
        self.report.organizations_created = len(created)
        by_name = {**existing, **{org.name_ru: org for org in created}}
        return [by_name[org.name_ru] for org in wanted]

    def people(self, count: int) -> list[Person]:
        """``count`` people with Kyrgyz names, reusing those already in the database."""
        rng = self.rng
        wanted: dict[str, Person] = {}
        attempts = 0
        while len(wanted) < count and attempts < count * 20:
            attempts += 1
            female = rng.random() < 0.42
            first_ky, first_ru = rng.choice(words.FEMALE_NAMES if female else words.MALE_NAMES)
            father = rng.choice(words.FATHER_NAMES)
            surname = rng.choice(words.SURNAMES) + ("а" if female else "")
            if rng.random() < 0.15:
                middle = f"{father} {'кызы' if female else 'уулу'}"
                ky = f"{first_ky} {middle}"
                ru = f"{first_ru} {middle}"
            else:
                middle = father + ("овна" if female else "ович")
                ky = f"{first_ky} {middle} {surname}"
                ru = f"{first_ru} {middle} {surname}"
            if ru in wanted:
                continue
            honorific = rng.choice(words.HONORIFICS) if rng.random() < 0.2 else ("", "", "")
            gender = "" if rng.random() < 0.1 else (Person.Gender.FEMALE if female else Person.Gender.MALE)
            wanted[ru] = Person(
                full_name_ky=ky,
                full_name_ru=ru,
                full_name_en=transliterate(ky),
                honorific_ky=honorific[0],
                honorific_ru=honorific[1],
                honorific_en=honorific[2],
                gender=gender,
            )
        existing = {p.full_name_ru: p for p in Person.objects.filter(full_name_ru__in=list(wanted))}
        missing = [p for name, p in wanted.items() if name not in existing]
        created = Person.objects.bulk_create(missing, batch_size=self.batch_size)
        self.write_history(Person, created)
        self.report.people_created = len(created)
        by_name = {**existing, **{p.full_name_ru: p for p in created}}
        return [by_name[name] for name in wanted]

    # -- events ----------------------------------------------------------------

    def random_shapes(self, count: int) -> list[EventShape]:
        rng = self.rng
        return [
            EventShape(
                proposals=rng.randint(3, 17),
                participations=rng.randint(2, 8),
                presentations=rng.randint(0, 4),
                agenda_items=rng.randint(1, 5),
                published=rng.random() < 0.92,
            )
            for _ in range(count)
        ]

    def dates(self, count: int) -> list[datetime.date]:
        """One date per event, evenly over the ten years (stratified), then shuffled."""
        span = (self.until - self.start).days + 1
        dates = []
        for index in range(count):
            low = span * index // count
            high = max(low, span * (index + 1) // count - 1)
            dates.append(self.start + datetime.timedelta(days=self.rng.randint(low, high)))
        self.rng.shuffle(dates)
        return dates

    def region_codes(self, count: int) -> list[str]:
        """Every region at least once when there are enough events, then by weight."""
        codes = list(words.REGION_WEIGHTS)
        self.rng.shuffle(codes)
        codes = codes[:count]
        codes += self.rng.choices(
            list(words.REGION_WEIGHTS), weights=list(words.REGION_WEIGHTS.values()), k=count - len(codes)
        )
        self.rng.shuffle(codes)
        return codes

    def slug(self, title: str, date: datetime.date) -> str:
        # The same shape Event._unique_slug gives: Latin title, date, -2, -3 on clashes.
        base = f"{latin_slug(title, max_length=80) or 'event'}-{date:%Y-%m-%d}"
        slug, n = base, 2
        while slug in self.used_slugs:
            slug, n = f"{base}-{n}", n + 1
        self.used_slugs.add(slug)
        return slug

    def reference(self, year: int) -> str:
        # The shape of proposals.models.new_reference, drawn from the seeded
        # generator so that a seed reproduces the data; unique across the system.
        while True:
            reference = f"MK-{year}-" + "".join(self.rng.choices(REFERENCE_ALPHABET, k=5))
            if reference not in self.used_references:
                self.used_references.add(reference)
                return reference

    def build(self, shapes: Sequence[EventShape], *, people_count: int | None = None) -> GenerationReport:
        started = time.monotonic()
        rng = self.rng
        count = len(shapes)
        organizations = self.organizations()
        people = self.people(people_count or min(3000, max(60, count // 4)))
        addressees = [o for o in organizations if o.kind in ADDRESSEE_KINDS]
        organizers = [o for o in organizations if o.kind in ORGANIZER_KINDS]
        partners = [o for o in organizations if o.kind == Organization.Kind.INTERNATIONAL]
        representing = organizations
        dates = self.dates(count)
        regions = self.region_codes(count)
        format_slugs = [slug for slug in words.FORMAT_WEIGHTS if slug in self.formats] or list(self.formats)
        format_weights = [words.FORMAT_WEIGHTS.get(slug, 1) for slug in format_slugs]

        # Numbers in a series follow the dates.
        series_flags = [rng.random() < 0.3 for _ in range(count)]
        series_numbers: dict[int, int] = {}
        for number, index in enumerate(
            sorted((i for i in range(count) if series_flags[i]), key=lambda i: (dates[i], i)), start=1
        ):
            series_numbers[index] = number

        for first in range(0, count, self.batch_size):
            indexes = range(first, min(count, first + self.batch_size))
            plans = [
                self.plan_event(
                    shape=shapes[i],
                    date=dates[i],
                    region_code=regions[i],
                    format_slug=rng.choices(format_slugs, weights=format_weights)[0],
                    series_number=series_numbers.get(i),
                    people=people,
                    organizers=organizers,
                    partners=partners,
                    addressees=addressees,
                    representing=representing,
                )
                for i in indexes
            ]
            self.write(plans)
        self.report.seconds = time.monotonic() - started
        return self.report

    def plan_event(
        self,
        *,
        shape: EventShape,
        date: datetime.date,
        region_code: str,
        format_slug: str,
        series_number: int | None,
        people: list[Person],
        organizers: list[Organization],
        partners: list[Organization],
        addressees: list[Organization],
        representing: list[Organization],
    ) -> dict:
        """One event and everything it holds, as unsaved objects."""
        rng = self.rng
        languages = rng.choices([s for s, _w in LANGUAGE_SETS], weights=[w for _s, w in LANGUAGE_SETS])[0]
        region_forms = dict(zip(("ky", "ru", "en"), words.REGION_FORMS[region_code], strict=True))
        fmt = self.formats[format_slug]
        theme = rng.choice(words.THEMES)
        phrase = tuple(text.format(**region_forms) for text in theme[:3])
        title = _texts(
            (
                f"«{phrase[0]}» темасындагы {fmt.name_ky.lower()}",
                f"{fmt.name_ru} на тему «{phrase[1]}»",
                f"{fmt.name_en}: {phrase[2]}",
            ),
            languages,
        )
        locality = rng.choice(words.LOCALITIES[region_code])
        hotel = dict(zip(("ky", "ru", "en"), rng.choice(words.HOTELS), strict=True))
        venue = tuple(text.format(**hotel) for text in rng.choice(words.VENUES))
        agenda = rng.sample(words.AGENDA, k=min(shape.agenda_items, len(words.AGENDA)))
        agenda = agenda + [rng.choice(words.AGENDA) for _ in range(shape.agenda_items - len(agenda))]
        summary = (
            "Отурумда "
            + ", ".join(item[0].lower() for item in agenda)
            + " сыяктуу актуалдуу суроолор талкууланды."
            if agenda
            else "",
            "На заседании обсуждались " + ", ".join(item[1].lower() for item in agenda) + "."
            if agenda
            else "",
            "The session discussed " + ", ".join(item[2].lower() for item in agenda) + "." if agenda else "",
        )
        women = men = total = None
        attendance = rng.random()
        if attendance < 0.70:
            total = rng.randint(15, 150)
            women = round(total * rng.uniform(0.2, 0.6))
            men = total - women - (rng.randint(0, min(5, total - women)) if rng.random() < 0.2 else 0)
        elif attendance < 0.80:
            total = rng.randint(15, 150)
        elif attendance < 0.85:
            women, men = rng.randint(5, 60), rng.randint(5, 60)
            total = women + men  # what Event.save() would fill in
        published_at = None
        if shape.published:
            published_at = datetime.datetime.combine(
                date + datetime.timedelta(days=rng.randint(1, 14)), datetime.time(12, 0), tzinfo=self.timezone
            )
        event = Event(
            **_columns("title", title),
            **_columns("goal", _texts(rng.choice(words.GOALS), languages)),
            **_columns("summary", _texts(summary, languages)),
            **_columns("series", _texts(words.SERIES if series_number else ("", "", ""), languages)),
            **_columns("locality", _texts(locality, languages)),
            **_columns("venue", _texts(venue, languages)),
            series_number=series_number,
            format=fmt,
            date=date,
            start_time=rng.choice([datetime.time(10, 0), datetime.time(14, 0), datetime.time(9, 30), None]),
            end_date=date + datetime.timedelta(days=1)
            if format_slug == "forum" and rng.random() < 0.5
            else None,
            region=self.regions[region_code],
            attendance_total=total,
            attendance_women=women,
            attendance_men=men,
            status=Event.Status.PUBLISHED if shape.published else Event.Status.DRAFT,
            published_at=published_at,
        )
        event.slug = self.slug(next(title[code] for code in ("ky", "ru", "en") if title[code]), date)
        event.search_text = search_document(event, Event.SEARCHED_FIELDS)

        topic_slugs = [slug for slug in theme[3] if slug in self.topics]
        if rng.random() < 0.3:
            topic_slugs.append(rng.choice(list(self.topics)))
        category_count = min(len(self.categories), rng.randint(3, 7))

        chosen_people = rng.sample(people, k=min(shape.participations, len(people)))
        participations = []
        moderators = 2 if rng.random() < 0.15 else 1
        welcomes = rng.randint(1, 2)
        for order, person in enumerate(chosen_people, start=1):
            if order <= moderators:
                role = Participation.Role.MODERATOR
            elif order <= moderators + welcomes:
                role = Participation.Role.WELCOME
            else:
                role = rng.choice(
                    [
                        Participation.Role.SPEAKER,
                        Participation.Role.SPEAKER,
                        Participation.Role.PRESENTER,
                        Participation.Role.PANELIST,
                        Participation.Role.EXPERT,
                    ]
                )
            org = rng.choice(representing) if rng.random() < 0.85 else None
            job = rng.choice(words.JOB_TITLES)
            position = (
                (f"{org.name_ky}, {job[0]}", f"{job[1]}, {org.name_ru}", f"{job[2]}, {org.name_en}")
                if org
                else (job[0].capitalize(), job[1], job[2])
            )
            participations.append(
                Participation(
                    person=person,
                    role=role,
                    organization=org,
                    order=order,
                    **_columns("position", _texts(position, languages)),
                )
            )

        presentations = []
        for order in range(1, shape.presentations + 1):
            presenters = rng.sample(chosen_people, k=min(len(chosen_people), 2 if rng.random() < 0.2 else 1))
            presentations.append(
                (
                    Presentation(
                        order=order, **_columns("title", _texts(rng.choice(words.PRESENTATIONS), languages))
                    ),
                    presenters,
                )
            )

        agenda_items = [
            AgendaItem(order=order, **_columns("text", _texts(item, languages)))
            for order, item in enumerate(agenda, start=1)
        ]

        proposals = []
        locality_suffix = (f" ({locality[0]})", f" ({locality[1]})", f" ({locality[2]})")
        for number in range(1, shape.proposals + 1):
            ky, ru, en, slugs = rng.choice(words.PROPOSALS)
            if rng.random() < 0.3:
                ky, ru, en = (ky + locality_suffix[0], ru + locality_suffix[1], en + locality_suffix[2])
            status = rng.choices(
                [s for s, _w in PROPOSAL_STATUS_WEIGHTS], weights=[w for _s, w in PROPOSAL_STATUS_WEIGHTS]
            )[0]
            changed = min(self.until, date + datetime.timedelta(days=rng.randint(0, 400)))
            proposal = Proposal(
                number=number,
                status=status,
                status_changed_on=changed,
                reference=self.reference(date.year),
                **_columns("text", _texts((ky, ru, en), languages)),
            )
            proposal.search_text = search_document(proposal, ("text",))
            proposals.append(
                (
                    proposal,
                    [self.topics[s] for s in slugs if s in self.topics],
                    rng.sample(addressees, k=min(len(addressees), rng.randint(1, 2))),
                )
            )

        return {
            "event": event,
            "topics": [self.topics[s] for s in dict.fromkeys(topic_slugs)],
            "categories": rng.sample(self.categories, k=category_count),
            "organizers": rng.sample(organizers, k=min(len(organizers), rng.randint(1, 2))),
            "partners": rng.sample(partners, k=min(len(partners), rng.choice([0, 0, 1, 2]))),
            "participations": participations,
            "presentations": presentations,
            "agenda_items": agenda_items,
            "proposals": proposals,
        }

    def write_history(self, model, objects: list, links: dict[str, list] | None = None) -> None:
        """The "created" history entry of each object and its many-to-many sets, as save() writes."""
        history = getattr(model, "history", None)
        if not self.history or history is None or not objects:
            return
        records = history.bulk_history_create(objects, batch_size=self.batch_size, default_date=self.now)
        by_object = {record.id: record for record in records}
        for m2m_field in getattr(history.model, "_history_m2m_fields", ()):
            m2m_history = HistoricalRecords.m2m_models[m2m_field]
            source = f"{m2m_field.m2m_field_name()}_id"
            columns = [f.attname for f in m2m_field.remote_field.through._meta.concrete_fields]
            rows = [
                m2m_history(history=by_object[getattr(row, source)], **{c: getattr(row, c) for c in columns})
                for row in (links or {}).get(m2m_field.name, ())
            ]
            m2m_history.objects.bulk_create(rows, batch_size=self.batch_size)

    def write(self, plans: list[dict]) -> None:
        """Insert one batch of planned events and everything they hold."""
        size = self.batch_size
        events = Event.objects.bulk_create([plan["event"] for plan in plans], batch_size=size)
        self.report.events += len(events)
        self.report.published += sum(1 for e in events if e.status == Event.Status.PUBLISHED)
        self.report.event_ids.extend(e.pk for e in events)

        through = {
            "topics": Event.topics.through,
            "categories": Event.participant_categories.through,
            "organizers": Event.organizers.through,
            "partners": Event.partners.through,
        }
        target = {
            "topics": "topic_id",
            "categories": "participantcategory_id",
            "organizers": "organization_id",
            "partners": "organization_id",
        }
        links = {key: [] for key in through}
        participations, presentations, agenda_items, proposals = [], [], [], []
        for plan in plans:
            event = plan["event"]
            for key in through:
                links[key].extend(
                    through[key](event_id=event.pk, **{target[key]: obj.pk}) for obj in plan[key]
                )
            for participation in plan["participations"]:
                participation.event = event
                participations.append(participation)
            for presentation, _presenters in plan["presentations"]:
                presentation.event = event
                presentations.append(presentation)
            for item in plan["agenda_items"]:
                item.event = event
                agenda_items.append(item)
            for proposal, _topics, _addressees in plan["proposals"]:
                proposal.event = event
                proposals.append(proposal)
        for key, rows in links.items():
            through[key].objects.bulk_create(rows, batch_size=size)
        Participation.objects.bulk_create(participations, batch_size=size)
        AgendaItem.objects.bulk_create(agenda_items, batch_size=size)
        Presentation.objects.bulk_create(presentations, batch_size=size)
        Proposal.objects.bulk_create(proposals, batch_size=size)

        presenter_links = [
            Presentation.presenters.through(presentation_id=presentation.pk, person_id=person.pk)
            for plan in plans
            for presentation, presenters in plan["presentations"]
            for person in presenters
        ]
        Presentation.presenters.through.objects.bulk_create(presenter_links, batch_size=size)
        proposal_topics, proposal_addressees = [], []
        for plan in plans:
            for proposal, topics, orgs in plan["proposals"]:
                proposal_topics.extend(
                    Proposal.topics.through(proposal_id=proposal.pk, topic_id=topic.pk) for topic in topics
                )
                proposal_addressees.extend(
                    Proposal.addressees.through(proposal_id=proposal.pk, organization_id=org.pk)
                    for org in orgs
                )
        Proposal.topics.through.objects.bulk_create(proposal_topics, batch_size=size)
        Proposal.addressees.through.objects.bulk_create(proposal_addressees, batch_size=size)

        self.write_history(
            Event,
            events,
            {
                "topics": links["topics"],
                "participant_categories": links["categories"],
                "organizers": links["organizers"],
                "partners": links["partners"],
            },
        )
        self.write_history(Participation, participations)
        self.write_history(AgendaItem, agenda_items)
        self.write_history(Presentation, presentations, {"presenters": presenter_links})
        self.write_history(
            Proposal, proposals, {"topics": proposal_topics, "addressees": proposal_addressees}
        )

        self.report.participations += len(participations)
        self.report.presentations += len(presentations)
        self.report.agenda_items += len(agenda_items)
        self.report.proposals += len(proposals)


def generate_data(
    *,
    events: int,
    seed: int = 1,
    until: datetime.date = DEFAULT_UNTIL,
    batch_size: int = 500,
    history: bool = True,
) -> GenerationReport:
    """Write ``events`` realistic events over the ten years up to ``until``, in one transaction.

    With ``history`` each record gets its "created" history entry, as when entered by hand.
    """
    if events < 1:
        raise ValueError("The number of events must be at least 1.")
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        generator = _Generator(seed=seed, until=until, batch_size=batch_size, history=history)
        report = generator.build(generator.random_shapes(events))
        # bulk_create sends no signals: tell the page cache ourselves.
        content_changed()
        return report


def generate_events(
    *,
    shapes: Sequence[EventShape],
    seed: int = 1,
    until: datetime.date = DEFAULT_UNTIL,
    batch_size: int = 500,
    history: bool = True,
) -> GenerationReport:
    """Write one event per ``shape`` (e.g. one with exactly 30 proposals for a benchmark)."""
    if not shapes:
        raise ValueError("Give at least one event shape.")
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        generator = _Generator(seed=seed, until=until, batch_size=batch_size, history=history)
        people = max(60, max(shape.participations for shape in shapes))
        report = generator.build(list(shapes), people_count=people)
        content_changed()
        return report


def clear_generated_data() -> dict[str, int]:
    """Delete every event, proposal, person and organisation: the tables the generator fills.

    Their history goes too: a benchmark database starts from nothing. Reference data
    (regions, formats, topics, categories) and users stay.
    """
    # Without this, every deleted row would first write a "deleted" history entry,
    # only for the history to be emptied below.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        counts = {
            "proposals": Proposal.objects.all().delete()[0],
            "events": Event.objects.all().delete()[0],
            "people": Person.objects.all().delete()[0],
            "organizations": Organization.objects.all().delete()[0],
        }
        for model in (Proposal, Event, Participation, Presentation, AgendaItem, Person, Organization):
            history = getattr(model, "history", None)
            if history is None:
                continue
            for m2m_field in getattr(history.model, "_history_m2m_fields", ()):
                HistoricalRecords.m2m_models[m2m_field].objects.all().delete()
            history.model.objects.all().delete()
        content_changed()
        return counts
