"""factory_boy factories: realistic, translated records for tests."""

import datetime

import factory

from accounts.models import User
from dialogues.models import (
    AgendaItem,
    Event,
    EventFormat,
    Organization,
    Participation,
    Person,
    Presentation,
    Region,
    Topic,
)
from proposals.models import Proposal


def region(code: str = "KG-B") -> Region:
    """Regions are loaded by migration; tests pick one by its ISO code."""
    return Region.objects.get(code=code)


def event_format(slug: str = "open-dialogue-platform") -> EventFormat:
    return EventFormat.objects.get(slug=slug)


def topic(slug: str = "migration") -> Topic:
    return Topic.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_ky = factory.Sequence(lambda n: f"Уюм {n}")
    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organization.Kind.STATE_BODY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name_ky = factory.Sequence(lambda n: f"Адам Аманов {n}")
    full_name_ru = factory.Sequence(lambda n: f"Адам Аманов {n}")
    full_name_en = factory.Sequence(lambda n: f"Adam Amanov {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_ky = factory.Sequence(lambda n: f"Ачык маектешүү {n}")
    title_ru = factory.Sequence(lambda n: f"Открытый диалог {n}")
    title_en = factory.Sequence(lambda n: f"Open dialogue {n}")
    goal_ky = "Жергиликтүү органдардын өз ара аракеттенүүсүн куруу."
    goal_ru = "Выстроить взаимодействие местных органов."
    goal_en = "Build the interaction of local bodies."
    format = factory.LazyFunction(event_format)
    region = factory.LazyFunction(region)
    date = datetime.date(2021, 7, 8)
    status = Event.Status.PUBLISHED


class DraftEventFactory(EventFactory):
    status = Event.Status.DRAFT


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.SPEAKER
    position_ky = "Эксперт"
    position_ru = "Эксперт"
    position_en = "Expert"
    order = factory.Sequence(lambda n: n)


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Presentation

    event = factory.SubFactory(EventFactory)
    title_ky = factory.Sequence(lambda n: f"Презентация {n}")
    title_ru = factory.Sequence(lambda n: f"Презентация {n}")
    title_en = factory.Sequence(lambda n: f"Presentation {n}")
    order = factory.Sequence(lambda n: n)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    text_ky = "Эмгек миграциясы"
    text_ru = "Трудовая миграция"
    text_en = "Labour migration"
    order = factory.Sequence(lambda n: n)


class ProposalFactory(factory.django.DjangoModelFactory):
    """Numbers come from the event's next free number, as the service assigns them."""

    class Meta:
        model = Proposal

    event = factory.SubFactory(EventFactory)
    number = factory.LazyAttribute(
        lambda p: (
            (
                Proposal.objects.filter(event=p.event)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
                or 0
            )
            + 1
        )
    )
    text_ky = factory.Sequence(lambda n: f"Сунуш {n}")
    text_ru = factory.Sequence(lambda n: f"Предложение {n}")
    text_en = factory.Sequence(lambda n: f"Proposal {n}")


def staff_with_role(role: str, *region_codes: str, username: str | None = None, **fields) -> User:
    """A staff member in the group ``role`` (accounts.roles) working in ``region_codes``."""
    from django.contrib.auth.models import Group

    user = UserFactory(
        username=username or f"{role.lower()}-{'-'.join(region_codes) or 'all'}".lower(),
        is_staff=True,
        preferred_language=fields.pop("preferred_language", "en"),
        **fields,
    )
    user.groups.add(Group.objects.get(name=role))
    user.regions.set(Region.objects.filter(code__in=region_codes))
    return user
