"""The event and its rows: participations, presentations, agenda items."""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import search
from core.files.validators import DocumentValidator
from core.models import TranslatedModel, one_language_required
from core.text import (
    latin_slug,
    search_document,
)
from dialogues.uploads import presentation_upload_to, report_upload_to

from .people import Organization, Person
from .reference import EventFormat, ParticipantCategory, Region, Topic

REPORT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "txt"]
PRESENTATION_EXTENSIONS = ["pdf", "ppt", "pptx", "odp", "doc", "docx"]


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def in_regions(self, regions):
        return self.filter(region__in=regions)


class Event(TranslatedModel):
    """One dialogue event and its outcomes, in the order of the organisers' report."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    required_translations = ("title",)
    fields_checked_in_clean = (
        "attendance_total",
        "attendance_women",
        "attendance_men",
        "date",
        "end_date",
    )
    SEARCHED_FIELDS = ("title", "goal", "summary")

    title = models.CharField(_("title / topic"), max_length=500, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Part of the address; made from the title when left empty."),
    )
    goal = models.TextField(_("goal"), blank=True)
    summary = models.TextField(_("summary of the discussion"), blank=True)
    format = models.ForeignKey(
        EventFormat, verbose_name=_("format"), on_delete=models.PROTECT, related_name="events"
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="events")
    series = models.CharField(
        _("series"), max_length=200, blank=True, help_text=_("For example: Open dialogue platform.")
    )
    series_number = models.PositiveIntegerField(
        _("number in series"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="events"
    )
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)

    organizers = models.ManyToManyField(
        Organization, verbose_name=_("organisers"), blank=True, related_name="organized_events"
    )
    partners = models.ManyToManyField(
        Organization,
        verbose_name=_("partners and funders"),
        blank=True,
        related_name="partnered_events",
    )
    participant_categories = models.ManyToManyField(
        ParticipantCategory, verbose_name=_("participant categories"), blank=True, related_name="events"
    )

    attendance_total = models.IntegerField(
        _("participants in total"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    attendance_women = models.IntegerField(
        _("women"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    attendance_men = models.IntegerField(_("men"), null=True, blank=True, validators=[MinValueValidator(0)])

    report_file = models.FileField(
        _("original report"),
        upload_to=report_upload_to,
        max_length=200,
        blank=True,
        validators=[FileExtensionValidator(REPORT_EXTENSIONS), DocumentValidator(REPORT_EXTENSIONS)],
        help_text=_("PDF, Word, OpenDocument, RTF or plain text."),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Every language column as case-folded words: search that works the same on
    # PostgreSQL and SQLite (whose LIKE does not fold Cyrillic); see core.search.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Editors change events; only holders of this permission make them public.
        permissions = [("publish_event", _("Can publish and unpublish events"))]
        indexes = [
            # The public lists' order (newest first, then the latest entered); with the
            # id in it, PostgreSQL reads published events' ids and dates from the index
            # alone when a search or the proposals list joins them.
            models.Index(fields=["status", "-date", "-id"], name="event_status_date_id_idx"),
        ]
        constraints = [
            one_language_required("title", "event_title_in_some_language"),
            models.CheckConstraint(
                condition=Q(attendance_total__isnull=True) | Q(attendance_total__gte=0),
                name="event_attendance_total_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(attendance_women__isnull=True) | Q(attendance_women__gte=0),
                name="event_attendance_women_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(attendance_men__isnull=True) | Q(attendance_men__gte=0),
                name="event_attendance_men_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(attendance_total__isnull=True)
                | Q(attendance_women__isnull=True)
                | Q(attendance_men__isnull=True)
                | Q(attendance_total__gte=F("attendance_women") + F("attendance_men")),
                name="event_attendance_women_men_within_total",
            ),
            models.CheckConstraint(
                condition=Q(attendance_total__isnull=True)
                | Q(attendance_women__isnull=True)
                | Q(attendance_total__gte=F("attendance_women")),
                name="event_attendance_women_within_total",
            ),
            models.CheckConstraint(
                condition=Q(attendance_total__isnull=True)
                | Q(attendance_men__isnull=True)
                | Q(attendance_total__gte=F("attendance_men")),
                name="event_attendance_men_within_total",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="event_end_date_not_before_date",
            ),
            models.CheckConstraint(
                condition=Q(series_number__isnull=True) | Q(series_number__gte=1),
                name="event_series_number_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="event_published_has_time",
            ),
        ]

    def __str__(self):
        return self.title or self.slug

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if not self.slug:
            self.slug = self._unique_slug()
        self.search_text = search_document(self, self.SEARCHED_FIELDS)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dialogues:event-detail", kwargs={"slug": self.slug})

    def fill_derived_fields(self) -> None:
        """Values that follow from others; run before validation and before saving."""
        # Attendance: when only women and men are known, the total is their sum.
        if (
            self.attendance_total is None
            and self.attendance_women is not None
            and self.attendance_men is not None
        ):
            self.attendance_total = self.attendance_women + self.attendance_men
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def clean(self):
        self.fill_derived_fields()
        super().clean()

    def extra_errors(self):
        errors = self.attendance_errors()
        if self.end_date and self.date and self.end_date < self.date:
            errors["end_date"] = _("The end date cannot be before the date.")
        return errors

    def attendance_errors(self) -> dict[str, str]:
        """Messages for attendance figures that cannot all be true, keyed by field."""
        total, women, men = self.attendance_total, self.attendance_women, self.attendance_men
        errors = {}
        for name, value in (
            ("attendance_total", total),
            ("attendance_women", women),
            ("attendance_men", men),
        ):
            if value is not None and value < 0:
                errors[name] = _("Attendance cannot be negative.")
        if errors or total is None:
            return errors
        if women is not None and men is not None and women + men > total:
            errors["attendance_total"] = _(
                "%(women)s women + %(men)s men is more than the total of %(total)s."
            ) % {"women": women, "men": men, "total": total}
        elif women is not None and women > total:
            errors["attendance_women"] = _("%(women)s women is more than the total of %(total)s.") % {
                "women": women,
                "total": total,
            }
        elif men is not None and men > total:
            errors["attendance_men"] = _("%(men)s men is more than the total of %(total)s.") % {
                "men": men,
                "total": total,
            }
        return errors

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def attendance_unspecified(self) -> int | None:
        """Participants whose gender the report does not give."""
        if self.attendance_total is None:
            return None
        known = (self.attendance_women or 0) + (self.attendance_men or 0)
        return max(self.attendance_total - known, 0)

    @property
    def women_share(self) -> float | None:
        """Share of women among participants, 0..1, when the report gives both."""
        if not self.attendance_total or self.attendance_women is None:
            return None
        return self.attendance_women / self.attendance_total

    def _unique_slug(self) -> str:
        from core.text import translated_value

        text, _lang = translated_value(self, "title", settings.LANGUAGE_CODE)
        base = latin_slug(text, max_length=80) or "event"
        if self.date:
            base = f"{base}-{self.date:%Y-%m-%d}"
        slug, n = base, 2
        others = Event.objects.exclude(pk=self.pk) if self.pk else Event.objects.all()
        while others.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class Participation(models.Model):
    """A person's part in one event, with the position they held at that time."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        WELCOME = "welcome", _("Welcome speech")
        SPEAKER = "speaker", _("Speaker")
        PRESENTER = "presenter", _("Presenter")
        PANELIST = "panelist", _("Panelist")
        EXPERT = "expert", _("Expert")
        ORGANIZER = "organizer", _("Organiser")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    # Positions change; the event keeps the one the person held that day.
    position = models.TextField(_("position at that time"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation represented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"], name="participation_unique_person_role"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"


class Presentation(TranslatedModel):
    """A presentation heard at the event."""

    required_translations = ("title",)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="presentations"
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    presenters = models.ManyToManyField(
        Person, verbose_name=_("presenters"), blank=True, related_name="presentations"
    )
    file = models.FileField(
        _("file"),
        upload_to=presentation_upload_to,
        max_length=200,
        blank=True,
        validators=[
            FileExtensionValidator(PRESENTATION_EXTENSIONS),
            DocumentValidator(PRESENTATION_EXTENSIONS),
        ],
        help_text=_("PDF, PowerPoint, OpenDocument or Word."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        constraints = [one_language_required("title", "presentation_title_in_some_language")]

    def __str__(self):
        return self.title


class AgendaItem(TranslatedModel):
    """A question discussed at the event."""

    required_translations = ("text",)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    text = models.TextField(_("question discussed"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("topic discussed")
        verbose_name_plural = _("topics discussed")
        constraints = [one_language_required("text", "agenda_item_text_in_some_language")]

    def __str__(self):
        return self.text[:80]


search.register(Event._meta.get_field("search_text"))
