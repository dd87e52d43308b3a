"""Translated fields of the dialogues app (ky, ru, en). Slugs, codes and numbers are not."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
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


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(EventFormat)
class EventFormatTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ParticipantCategory)
class ParticipantCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("name", "short_name")


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("full_name", "honorific")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "goal", "summary", "series", "locality", "venue")


@register(Presentation)
class PresentationTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(Participation)
class ParticipationTranslationOptions(TranslationOptions):
    fields = ("position",)
