"""Key accounts (大客户): plans with actuals, notes, monthly reviews (seed 000 篇十一, L567–581).

The key-account manager is ``BusinessAccount.key_account_manager``; actual sales
are the account's recorded shipments in the plan's period.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class PlanPeriod(models.TextChoices):
    YEAR = "year", _("Annual")
    QUARTER = "quarter", _("Quarterly")
    MONTH = "month", _("Monthly")


class SalesPlan(BaseModel):
    """An annual, quarterly or monthly sales plan for one account (L581)."""

    account = models.ForeignKey(
        "accounts.BusinessAccount",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    period = models.CharField(_("period"), max_length=8, choices=PlanPeriod.choices)
    starts_on = models.DateField(_("starts on"))
    target_fen = models.PositiveBigIntegerField(_("target (fen)"))
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sales plan")
        verbose_name_plural = _("sales plans")
        ordering = ["account", "starts_on", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period", "starts_on"], name="accounts_plan_period_uniq"
            )
        ]


class NoteKind(models.TextChoices):
    ORDER = "order", _("Order")
    FOLLOW_UP = "follow_up", _("Order follow-up (跟单)")
    LOGISTICS = "logistics", _("Logistics and delivery")
    TECHNICAL = "technical", _("Technical support")


class AccountNote(BaseModel):
    """The key-account manager's orders, follow-up and logistics notes (L571, L577)."""

    account = models.ForeignKey(
        "accounts.BusinessAccount",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices)
    at = models.DateTimeField(_("at"))
    body = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("account note")
        verbose_name_plural = _("account notes")
        ordering = ["-at", "-id"]


class AccountReview(BaseModel):
    """The monthly review of a key account: plan against actual, issues, next steps."""

    account = models.ForeignKey(
        "accounts.BusinessAccount",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    month = models.DateField(_("month"))
    target_fen = models.BigIntegerField(_("monthly target (fen)"), default=0)
    actual_fen = models.BigIntegerField(_("actual (fen)"), default=0)
    open_requests = models.PositiveIntegerField(_("open requests"), default=0)
    summary = models.TextField(_("summary"))
    next_steps = models.TextField(_("next steps"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("monthly review")
        verbose_name_plural = _("monthly reviews")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="accounts_review_month_uniq")
        ]
