"""The lists staff choose from: regions, event formats, topics, participant categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TranslatedModel, one_language_required


class Region(TranslatedModel):
    """An oblast or a city of republican significance, with its ISO 3166-2 code."""

    required_translations = ("name",)

    code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [one_language_required("name", "region_name_in_some_language")]

    def __str__(self):
        return self.name or self.code


class EventFormat(TranslatedModel):
    """Open dialogue platform, round table, public hearing, forum, ..."""

    required_translations = ("name",)

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("event format")
        verbose_name_plural = _("event formats")
        constraints = [one_language_required("name", "event_format_name_in_some_language")]

    def __str__(self):
        return self.name or self.slug


class Topic(TranslatedModel):
    """A theme shared by events and proposals: migration, economy, media, ..."""

    required_translations = ("name",)

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [one_language_required("name", "topic_name_in_some_language")]

    def __str__(self):
        return self.name or self.slug


class ParticipantCategory(TranslatedModel):
    """Who took part, by kind: state bodies, civil society, journalists, ..."""

    required_translations = ("name",)

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("participant category")
        verbose_name_plural = _("participant categories")
        constraints = [one_language_required("name", "participant_category_name_in_some_language")]

    def __str__(self):
        return self.name or self.slug
