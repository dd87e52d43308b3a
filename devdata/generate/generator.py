"""Planning realistic events: who, where, when, in which languages, and what was proposed."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Sequence

from django.utils import timezone

from core.text import LANGUAGE_CODES, latin_slug, search_document, transliterate
from devdata import vocabulary as words
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
from proposals.models import REFERENCE_ALPHABET, Proposal

from .base import (
    ADDRESSEE_KINDS,
    LANGUAGE_SETS,
    ORGANIZER_KINDS,
    PROPOSAL_STATUS_WEIGHTS,
    YEARS,
    EventShape,
    GenerationReport,
    language_fields,
    language_texts,
    locality_stem,
)
from .writer import Writer


class Generator(Writer):
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
                    **language_fields("name", dict(zip(LANGUAGE_CODES, texts, strict=True))),
                    **language_fields("short_name", dict(zip(LANGUAGE_CODES, short, strict=True))),
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
                ky, ru, en = locality_stem(locality)
                if locality[0].endswith(" шаары"):
                    local = (f"{ky} шаарынын мэриясы", f"Мэрия города {ru}", f"{en} City Hall")
                else:
                    local = (f"{ky} айыл өкмөтү", f"Айыл окмоту села {ru}", f"{en} village administration")
                add(local, None, Organization.Kind.LOCAL_GOVERNMENT)
            ky, ru, en = locality_stem(words.LOCALITIES[code][0])
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
        title = language_texts(
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
            **language_fields("title", title),
            **language_fields("goal", language_texts(rng.choice(words.GOALS), languages)),
            **language_fields("summary", language_texts(summary, languages)),
            **language_fields(
                "series", language_texts(words.SERIES if series_number else ("", "", ""), languages)
            ),
            **language_fields("locality", language_texts(locality, languages)),
            **language_fields("venue", language_texts(venue, languages)),
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
                    **language_fields("position", language_texts(position, languages)),
                )
            )

        presentations = []
        for order in range(1, shape.presentations + 1):
            presenters = rng.sample(chosen_people, k=min(len(chosen_people), 2 if rng.random() < 0.2 else 1))
            presentations.append(
                (
                    Presentation(
                        order=order,
                        **language_fields(
                            "title", language_texts(rng.choice(words.PRESENTATIONS), languages)
                        ),
                    ),
                    presenters,
                )
            )

        agenda_items = [
            AgendaItem(order=order, **language_fields("text", language_texts(item, languages)))
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
                **language_fields("text", language_texts((ky, ru, en), languages)),
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
