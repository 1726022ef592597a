"""Tenant meetings, in-person visits and visit plans (seed 000 L39, L55–63).

Written only by ``kefu.visits.services``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class MeetingKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly all-tenant meeting")
    EXTRA = "extra", _("Extra meeting for a major event")


class TenantMeeting(BaseModel):
    """The all-tenant meeting (租户大会), every quarter or for a major event (seed 000 L39)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    topics = models.TextField(_("topics"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tenant meeting")
        verbose_name_plural = _("tenant meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on}"


class MeetingAttendance(BaseModel):
    """A tenant met in person at a meeting (counts toward face-to-face coverage, L57)."""

    meeting = models.ForeignKey(TenantMeeting, on_delete=models.CASCADE, related_name="attendance")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "customer"], name="visits_attendance_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.customer} @ {self.meeting}"


class MeetingSuggestion(BaseModel):
    """A suggestion raised at a meeting, registered as a desk request so the
    100% reply rate covers it (seed 000 L57 《訴求(需求)記錄表》)."""

    meeting = models.ForeignKey(TenantMeeting, on_delete=models.CASCADE, related_name="suggestions")
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("tenant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("suggestion"))
    ticket = models.OneToOneField(
        "desk.Ticket", verbose_name=_("request"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting suggestion")
        verbose_name_plural = _("meeting suggestions")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class TenantVisit(BaseModel):
    """An in-person visit to a tenant (拜访, seed 000 L63: 年拜访率100%)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visited on"), db_index=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("tenant visit")
        verbose_name_plural = _("tenant visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["site", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.customer} {self.visited_on}"


class VisitPlanItem(BaseModel):
    """The month a tenant is planned to be visited in a year (the visit plan, L63)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("visit plan entry")
        verbose_name_plural = _("visit plan")
        ordering = ["year", "month", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "customer"], name="visits_plan_item_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="visits_plan_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.year}-{self.month:02d}"
