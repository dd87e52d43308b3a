"""The demo record and the tests' seed event: the Batken open dialogue of 8 July 2021, complete.

``batken_event_write()`` writes the record the seed report gives (its data is in
``devdata.batken``): the event, its people and organisations, the participations with
the positions held that day, presentations, agenda items and the numbered proposals.
``demo_load()`` writes it published in ky, ru and en, with the demo administrator, for
``manage.py load_demo``; the tests write it too, as a draft or in fewer languages.

It can run any number of times: records are found by stable keys (the event slug, a
person's or an organisation's name, the order of a presentation or agenda item, the
number of a proposal) and brought back to this content, never duplicated.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from devdata.batken import (
    AGENDA_ITEMS,
    EVENT,
    EVENT_SLUG,
    LANGUAGES,
    ORGANIZATIONS,
    PARTICIPATIONS,
    PRESENTATIONS,
    PROPOSALS,
    columns,
)
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
from dialogues.services import event_publish, event_unpublish
from proposals.models import Proposal
from proposals.services import proposal_create


class DemoDataError(Exception):
    """The demo cannot be loaded: reference data is missing or a record is invalid."""


@dataclass(frozen=True)
class DemoResult:
    event: Event
    admin_username: str | None
    admin_password: str | None


def _clean_save(obj) -> None:
    obj.full_clean()
    obj.save()


def _set_columns(obj, data: dict, fields: Sequence[str], languages: Sequence[str]) -> None:
    for field in fields:
        for name, value in columns(field, data[field], languages).items():
            setattr(obj, name, value)


def _key_language(languages: Sequence[str]) -> str:
    """The language whose name finds a person or organisation again: Kyrgyz when it is filled."""
    return next(code for code in LANGUAGES if code in languages)


def _reference(model, field: str, values: list[str]) -> list:
    """Reference rows (loaded by migration) by slug or code, refusing any that is missing."""
    found = {getattr(obj, field): obj for obj in model.objects.filter(**{f"{field}__in": values})}
    missing = [value for value in values if value not in found]
    if missing:
        raise DemoDataError(
            _("Reference data is missing (%(model)s: %(values)s). Run “manage.py migrate” first.")
            % {"model": model._meta.verbose_name_plural, "values": ", ".join(missing)}
        )
    return [found[value] for value in values]


def batken_organizations_write(*, languages: Sequence[str] = LANGUAGES) -> dict[str, Organization]:
    """The organisations of the seed report, parents first, keyed as in ``batken.ORGANIZATIONS``."""
    key = _key_language(languages)
    organizations: dict[str, Organization] = {}
    for name, data in ORGANIZATIONS.items():
        organization = (
            Organization.objects.filter(**{f"name_{key}": data["name"][key]}).order_by("pk").first()
            or Organization()
        )
        _set_columns(organization, data, ("name", "short_name"), languages)
        organization.kind = data["kind"]
        organization.parent = organizations[data["parent"]] if data["parent"] else None
        _clean_save(organization)
        organizations[name] = organization
    return organizations


def batken_people_write(*, languages: Sequence[str] = LANGUAGES) -> list[Person]:
    """The people of the seed report, in the order of ``batken.PARTICIPATIONS``."""
    key = _key_language(languages)
    people = []
    for data in (participation["person"] for participation in PARTICIPATIONS):
        person = (
            Person.objects.filter(**{f"full_name_{key}": data["full_name"][key]}).order_by("pk").first()
            or Person()
        )
        _set_columns(person, data, ("full_name", "honorific"), languages)
        person.gender = data["gender"]
        _clean_save(person)
        people.append(person)
    return people


def _demo_admin():
    """The demo superuser, with the password from settings (reset on every run)."""
    username = settings.MAEK_DEMO_ADMIN_USERNAME
    password = settings.MAEK_DEMO_ADMIN_PASSWORD
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    user.set_password(password)
    # The password hash is not set yet when full_clean() runs on a new user.
    user.full_clean(exclude=["password"])
    user.save()
    return user, username, password


def _event(*, slug: str, user, languages: Sequence[str]) -> Event:
    data = EVENT
    event_format = _reference(EventFormat, "slug", [data["format"]])[0]
    region = _reference(Region, "code", [data["region"]])[0]
    topics = _reference(Topic, "slug", data["topics"])
    categories = _reference(ParticipantCategory, "slug", data["participant_categories"])

    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = Event(slug=slug, created_by=user)
    _set_columns(event, data, ("title", "goal", "summary", "locality", "venue"), languages)
    event.format = event_format
    event.region = region
    event.date = data["date"]
    event.attendance_total = data["attendance_total"]
    event.attendance_women = data["attendance_women"]
    event.attendance_men = data["attendance_men"]
    if user is not None:
        event.updated_by = user
    _clean_save(event)
    event.topics.set(topics)
    event.participant_categories.set(categories)
    return event


def _participations(event: Event, organizations: dict[str, Organization], languages) -> None:
    people = batken_people_write(languages=languages)
    kept = []
    for order, (data, person) in enumerate(zip(PARTICIPATIONS, people, strict=True), start=1):
        participation = Participation.objects.filter(
            event=event, person=person, role=data["role"]
        ).first() or Participation(event=event, person=person, role=data["role"])
        _set_columns(participation, data, ("position",), languages)
        participation.organization = organizations[data["organization"]]
        participation.order = order
        _clean_save(participation)
        kept.append(participation.pk)
    Participation.objects.filter(event=event).exclude(pk__in=kept).delete()


def _ordered_texts(event: Event, model, field: str, texts: list[dict[str, str]], languages) -> None:
    """Presentations or agenda items of ``event``, matched by their order."""
    kept = []
    for order, text in enumerate(texts, start=1):
        obj = model.objects.filter(event=event, order=order).order_by("pk").first() or model(
            event=event, order=order
        )
        _set_columns(obj, {field: text}, (field,), languages)
        _clean_save(obj)
        kept.append(obj.pk)
    model.objects.filter(event=event).exclude(pk__in=kept).delete()


def _proposals(event: Event, organizations: dict[str, Organization], languages) -> None:
    """Proposals No. 1..5: texts updated by number, missing ones created by the numbering service.

    Proposals someone added after No. 5 are left alone: a proposal is a record,
    not demo decoration.
    """
    for number, data in enumerate(PROPOSALS, start=1):
        topics = _reference(Topic, "slug", data["topics"])
        addressees = [organizations[key] for key in data["addressees"]]
        texts = columns("text", data["text"], languages)
        proposal = Proposal.objects.filter(event=event, number=number).first()
        if proposal is None:
            proposal = proposal_create(event=event, status=Proposal.Status.RECEIVED, topics=topics, **texts)
            if proposal.number != number:
                raise DemoDataError(
                    _("The demo event's proposals are numbered with gaps; expected No. %(number)s.")
                    % {"number": number}
                )
            # Received on the day of the event, not on the day the record was written.
            proposal.status_changed_on = event.date
        else:
            for name, value in texts.items():
                setattr(proposal, name, value)
        _clean_save(proposal)
        proposal.topics.set(topics)
        proposal.addressees.set(addressees)


@transaction.atomic
def batken_event_write(
    *,
    user=None,
    status: str = Event.Status.PUBLISHED,
    languages: Sequence[str] = LANGUAGES,
    slug: str = EVENT_SLUG,
) -> Event:
    """Write the seed report's complete event, or bring it back to the seed's content; all or nothing.

    ``languages`` are the language columns filled; the others are left blank, as in a
    report written in fewer languages. ``slug`` writes another copy of the event (people
    and organisations are shared, found by name). A published event is published by
    ``event_publish``, with ``user`` as author and publisher; a draft is, or becomes, a draft.
    """
    if not languages or set(languages) - set(LANGUAGES):
        raise ValueError(f"languages must be some of {LANGUAGES}, not {languages!r}")
    try:
        event = _event(slug=slug, user=user, languages=languages)
        organizations = batken_organizations_write(languages=languages)
        _participations(event, organizations, languages)
        _ordered_texts(event, AgendaItem, "text", AGENDA_ITEMS, languages)
        _ordered_texts(event, Presentation, "title", PRESENTATIONS, languages)
        _proposals(event, organizations, languages)
        if status == Event.Status.PUBLISHED:
            return event_publish(event=event, user=user)
        return event_unpublish(event=event, user=user)
    except ValidationError as error:
        raise DemoDataError(_("The demo data is not valid: %(errors)s") % {"errors": error}) from error


@transaction.atomic
def demo_load(*, with_admin: bool = True) -> DemoResult:
    """Write the complete, published demo event in ky, ru and en; all or nothing.

    With ``with_admin`` the demo superuser from settings is created (or its
    password reset) and becomes the event's author and publisher.
    """
    user = username = password = None
    if with_admin:
        try:
            user, username, password = _demo_admin()
        except ValidationError as error:
            raise DemoDataError(_("The demo data is not valid: %(errors)s") % {"errors": error}) from error
    event = batken_event_write(user=user)
    return DemoResult(event=event, admin_username=username, admin_password=password)
