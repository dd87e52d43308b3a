"""Organisations and people, as they appear in events."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TranslatedModel, one_language_required
from core.text import (
    first_filled,
)


class Organization(TranslatedModel):
    """A state body, public council, NGO, international project, media outlet, ..."""

    required_translations = ("name",)

    class Kind(models.TextChoices):
        STATE_BODY = "state_body", _("State body")
        LOCAL_GOVERNMENT = "local_government", _("Local self-government")
        PUBLIC_COUNCIL = "public_council", _("Public council")
        PARLIAMENT = "parliament", _("Parliament")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        INTERNATIONAL = "international", _("International organisation or project")
        MEDIA = "media", _("Media outlet")
        ACADEMIC = "academic", _("Academic institution")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=400, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        # In the default language with fallback: the bare "name" would read only
        # the active language's column.
        ordering = [first_filled("name", settings.LANGUAGE_CODE), "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            one_language_required("name", "organization_name_in_some_language"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="organization_not_own_parent"),
        ]

    def __str__(self):
        return self.short_name or self.name

    def extra_errors(self):
        if self.parent_id and self.pk and self.parent_id == self.pk:
            return {"parent": _("An organisation cannot be its own parent.")}
        return {}


class Person(TranslatedModel):
    """Someone who moderated, spoke or presented. Names are transliterated between scripts."""

    required_translations = ("full_name",)

    class Gender(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    honorific = models.CharField(
        _("degree or honorific"),
        max_length=200,
        blank=True,
        help_text=_("For example: Doctor of Economics, professor."),
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)

    class Meta:
        ordering = [first_filled("full_name", settings.LANGUAGE_CODE), "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [one_language_required("full_name", "person_full_name_in_some_language")]

    def __str__(self):
        return self.full_name
