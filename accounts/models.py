"""Maek's own user model, in place from the first migration."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member or reader with an account; works in some regions."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    regions = models.ManyToManyField(
        "dialogues.Region",
        verbose_name=_("regions"),
        blank=True,
        related_name="users",
        help_text=_("Editors and publishers work with the events of these regions."),
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
