"""The one penalty ledger: fines, points and pay deductions per person and month.

Every app that penalises someone (complaints, sales, customer files, field
service, notices, credit) writes here through
``kefu.assessment.services.ledger_entry_record``; no app keeps a ledger of its own.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class LedgerKind(models.TextChoices):
    FINE = "fine", _("Fine")
    POINTS = "points", _("Points")
    PAY_DEDUCTION = "pay_deduction", _("Pay deduction")


class PayBasis(models.TextChoices):
    """What a pay deduction is measured against (seed 003 penalty sections)."""

    DAY_WAGE = "day_wage", _("A day's basic wage")
    PERFORMANCE_SHARE = "performance_share", _("A share of performance pay")
    MONTH_WAGE_PLUS_COMMISSION = (
        "month_wage_plus_commission",
        _("A month's wage plus a share of commission"),
    )
    COMMISSION_SHARE = "commission_share", _("A share of commission")


class LedgerStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    APPEALED = "appealed", _("Appealed")
    WAIVED = "waived", _("Waived")
    APPLIED = "applied", _("Applied")


class LedgerEntry(BaseModel):
    """One penalty against one person, linked to the record that caused it.

    ``rule`` is the stable code of a registered ``LedgerRule``
    (``kefu.assessment.policies``); the amount and any doubling are computed by
    the ledger from the rule, never typed by hand. ``occurrence`` is the entry's
    place among the person's penalised violations of the rule's repeat group in
    that month, and ``multiplier`` what the rule made of it (2 = doubled).
    ``dedupe_key`` makes a recording idempotent (one entry per key and site).
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    month = models.DateField(_("month"), help_text=_("First day of the month charged."))
    occurred_at = models.DateTimeField(_("occurred at"))
    rule = models.CharField(_("rule"), max_length=64)
    repeat_group = models.CharField(_("repeat group"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=LedgerKind.choices)
    amount_fen = models.BigIntegerField(_("amount (fen)"), default=0)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, default=0)
    pay_basis = models.CharField(
        _("pay basis"), max_length=32, choices=PayBasis.choices, blank=True
    )
    pay_share = models.DecimalField(
        _("pay share"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    occurrence = models.PositiveSmallIntegerField(_("occurrence in the month"), default=1)
    multiplier = models.PositiveSmallIntegerField(_("multiplier"), default=1)
    dismissal_recommended = models.BooleanField(_("dismissal recommended"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.BigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=LedgerStatus.choices, default=LedgerStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("penalty ledger")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["site", "person", "month", "repeat_group"], name="ledger_person_month_group"
            ),
            models.Index(fields=["source_type", "source_id"], name="ledger_source"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="assessment_ledger_dedupe_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.rule} {self.month:%Y-%m}"

    @property
    def amount_yuan(self):
        from decimal import Decimal

        return Decimal(self.amount_fen) / 100
