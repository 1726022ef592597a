"""Return visits (回访) and the site's visit settings.

Written only by ``kefu.visits.services`` (``VisitSettings`` also through the admin).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kefu.core.models import BaseModel
from kefu.visits import rules
from kefu.visits.policies import DEFAULT_SCALE, SCALE_PRESETS


class VisitReason(models.TextChoices):
    COMPLAINT_REPLY = "complaint_reply", _("After a complaint reply")
    REPAIR_DELIVERED = "repair_delivered", _("After a repaired product is delivered")
    HANDOVER_15D = "handover_15d", _("15 days after hand-over")
    HANDOVER_1M = "handover_1m", _("1 month after hand-over")
    HANDOVER_3M = "handover_3m", _("3 months after hand-over")
    HANDOVER_6M = "handover_6m", _("6 months after hand-over")
    OTHER = "other", _("Other")


HANDOVER_REASONS = [r for r, _offset in rules.HANDOVER_SCHEDULE]


class VisitStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("visit status", "Due")
    DONE = "done", pgettext_lazy("visit status", "Done")
    NOT_REACHED = "not_reached", _("Not reached")
    CANCELLED = "cancelled", _("Cancelled")


class VisitSettings(BaseModel):
    """A site's return-visit settings: scale, attempts and offsets.

    Defaults are the seeds' numbers (seed 002 L156–158; seed 004 L271–275).
    """

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    scale = models.CharField(
        _("satisfaction scale"),
        max_length=20,
        default=DEFAULT_SCALE,
        choices=[(k, p.name) for k, p in SCALE_PRESETS.items()] + [("custom", _("Custom"))],
    )
    custom_labels = models.JSONField(
        _("custom scale labels (lowest first)"), default=list, blank=True
    )
    satisfied_from = models.PositiveSmallIntegerField(
        _("satisfied from (value)"),
        null=True,
        blank=True,
        help_text=_("Empty: the scale's own threshold."),
    )
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=3)
    retry_working_days = models.PositiveSmallIntegerField(
        _("retry after (working days)"), default=1
    )
    reply_offset_days = models.PositiveSmallIntegerField(
        _("visit after a complaint reply (days)"), default=15
    )
    repair_offset_days = models.PositiveSmallIntegerField(
        _("visit after a repaired product is delivered (days)"), default=1
    )
    unsatisfied_follow_up_working_days = models.PositiveSmallIntegerField(
        _("visit again after an unsatisfied visit (working days)"), default=3
    )
    handover_schedule = models.JSONField(
        _("hand-over schedule"),
        default=list,
        blank=True,
        help_text=_("Empty: 15d, 1m, 3m, 6m (seed 004)."),
    )
    default_visitor_position = models.ForeignKey(
        "org.Position",
        verbose_name=_("default visitor position"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("return-visit settings")
        verbose_name_plural = _("return-visit settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="visits_settings_attempts_gte_1"
            )
        ]

    def __str__(self) -> str:
        return str(self.site_id)


class ReturnVisit(BaseModel):
    """One return visit (回访) to one customer: due date, visitor, attempts, result."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="return_visits",
    )
    unit = models.ForeignKey(
        "customers.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    ticket = models.ForeignKey(
        "desk.Ticket",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="return_visits",
    )
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows the visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=VisitReason.choices)
    anchor_on = models.DateField(_("counted from"), null=True, blank=True)
    due_on = models.DateField(_("due on"), db_index=True)
    first_due_on = models.DateField(_("first due on"))
    visitor_position = models.ForeignKey(
        "org.Position",
        verbose_name=_("visitor position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="return_visits",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.DUE
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    reached = models.BooleanField(_("reached"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    satisfaction_label = models.CharField(_("satisfaction (label)"), max_length=30, blank=True)
    satisfied = models.BooleanField(_("satisfied"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    customer_words = models.TextField(_("the customer's own words"), blank=True)
    note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["site", "status", "due_on"]),
            models.Index(fields=["visitor", "status", "due_on"]),
        ]
        constraints = [
            # One hand-over visit of each kind per customer and unit (the schedule
            # can be generated twice without doubling it).
            models.UniqueConstraint(
                fields=["customer", "unit", "reason"],
                condition=models.Q(reason__in=HANDOVER_REASONS, follows__isnull=True)
                & ~models.Q(status=VisitStatus.CANCELLED),
                name="visits_one_handover_visit_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1),
                name="visits_satisfaction_gte_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.due_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("visits:visit_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == VisitStatus.DUE


class VisitAttempt(BaseModel):
    """One call or call at the door: reached or not (the visit's history)."""

    visit = models.ForeignKey(ReturnVisit, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reached = models.BooleanField(_("reached"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("visit attempt")
        verbose_name_plural = _("visit attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.at:%Y-%m-%d %H:%M}"
