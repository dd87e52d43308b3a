"""Proposals: the numbered recommendations an event sends to the state, and their fate."""

import secrets

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import search
from core.models import TranslatedModel, one_language_required
from core.text import search_document
from dialogues.models import Event, Organization, Topic

# Crockford's base32 without look-alike letters: easy to read aloud and retype.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(year: int) -> str:
    return f"MK-{year}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(5))


class ProposalQuerySet(models.QuerySet):
    def published(self):
        return self.filter(event__status=Event.Status.PUBLISHED)


class Proposal(TranslatedModel):
    """One recommendation of one event, shown as "No. 3" on the event's page.

    Numbers are assigned by proposals.services under a row lock on the event,
    never by a database sequence or a signal.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        FORWARDED = "forwarded", _("Forwarded to addressees")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_IMPLEMENTED = "partly_implemented", _("Partly implemented")
        IMPLEMENTED = "implemented", _("Implemented")
        REJECTED = "rejected", _("Rejected")
        NO_RESPONSE = "no_response", _("No response")

    required_translations = ("text",)

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        # An event with proposals cannot be deleted: the record of what citizens
        # asked for must not disappear with a click.
        on_delete=models.PROTECT,
        related_name="proposals",
        # The unique (event, number) index starts with the event and serves its
        # lookups; a second index would only slow every write.
        db_index=False,
    )
    number = models.PositiveIntegerField(_("No."), validators=[MinValueValidator(1)])
    text = models.TextField(_("text"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="proposals")
    addressees = models.ManyToManyField(
        Organization, verbose_name=_("addressees"), blank=True, related_name="addressed_proposals"
    )
    # Not indexed: eight values, so a filter on one still reads a large share of
    # the table (and the public list sorts by event first); the index (two on
    # PostgreSQL) only slowed every write.
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.RECEIVED)
    status_changed_on = models.DateField(_("status changed on"), default=timezone.localdate)
    reference = models.CharField(
        _("reference"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("A stable reference printed on pages and in exports."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="proposal_unique_number_per_event"),
            models.CheckConstraint(condition=Q(number__gte=1), name="proposal_number_positive"),
            one_language_required("text", "proposal_text_in_some_language"),
        ]

    def __str__(self):
        return f"No. {self.number}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if not self.reference:
            year = self.event.date.year if self.event_id and self.event.date else timezone.now().year
            self.reference = self._unused_reference(year)
        self.search_text = search_document(self, ("text",))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @classmethod
    def _unused_reference(cls, year: int) -> str:
        """A fresh reference not yet taken; the unique constraint still guards a race."""
        while True:
            reference = new_reference(year)
            if not cls.objects.filter(reference=reference).exists():
                return reference

    @property
    def status_label(self) -> str:
        """The status as readers see it; what ``get_status_display()`` gives, without
        rebuilding the dictionary of every choice for each proposal of a long list."""
        try:
            return self.Status(self.status).label
        except ValueError:
            return self.status

    def get_absolute_url(self):
        return (
            reverse("dialogues:event-detail", kwargs={"slug": self.event.slug}) + f"#proposal-{self.number}"
        )


search.register(Proposal._meta.get_field("search_text"))
