"""Translated fields of the dialogues app (ky, ru, en). Slugs, codes and numbers are not."""

import simple_history
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


# History (django-simple-history) is registered here, after the translation
# fields exist: a HistoricalRecords() declared in models.py would copy the model
# before modeltranslation adds title_ky/title_ru/title_en, and the historical
# tables would keep only the bare column. The derived search_text is left out.
simple_history.register(
    Event,
    m2m_fields=["topics", "organizers", "partners", "participant_categories"],
    excluded_fields=["search_text"],
)
simple_history.register(Participation)
simple_history.register(Presentation, m2m_fields=["presenters"])
simple_history.register(AgendaItem)
simple_history.register(Person)
simple_history.register(Organization)
