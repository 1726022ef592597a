"""Business accounts: credit (授信), shipments against it, and their inputs.

Money is stored in fen (integers). kefu does not keep the books: shipments and
payments are recorded inputs (entries, or an import of the finance system's
workbook), and the limit is computed from them (seed 000 L281–283).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class CreditSetting(BaseModel):
    """A site's credit policy: a preset key plus overrides (``policies.PRESETS``)."""

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="credit_setting"
    )
    preset_key = models.CharField(_("preset"), max_length=32, default="seed000_rolling30")
    overrides = models.JSONField(_("overrides"), default=dict, blank=True)
    recovered_month = models.DateField(
        _("last month recovered"), null=True, blank=True, editable=False
    )
    snapshot_period = models.CharField(
        _("last partner archive period"), max_length=16, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("credit policy")
        verbose_name_plural = _("credit policies")

    def __str__(self) -> str:
        return f"{self.site} — {self.preset_key}"


class ContractKind(models.TextChoices):
    NONE = "", _("No contract")
    DISTRIBUTION = "distribution", _("Distribution contract (经销合同)")
    DIRECT = "direct", _("Direct-sale contract (直销合同)")


class BusinessAccount(BaseModel):
    """A customer the site invoices and ships to on credit (seed 000 L273–315)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT
    )
    code = models.SlugField(_("code"), max_length=32)
    customer_file = models.ForeignKey(
        "files.CustomerFile",
        verbose_name=_("customer file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    id_copy_on_file = models.BooleanField(_("account opener's ID copy on file"), default=False)
    contract_kind = models.CharField(
        _("contract"), max_length=16, choices=ContractKind.choices, blank=True
    )
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    settlement_agreement = models.BooleanField(_("settlement agreement (结算协议)"), default=False)
    key_account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("key-account manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_key_account = models.BooleanField(_("key account (大客户)"), default=False)

    class Meta:
        verbose_name = _("business account")
        verbose_name_plural = _("business accounts")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="accounts_account_site_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.customer}"


class EntryKind(models.TextChoices):
    SHIPMENT = "shipment", _("Invoice / shipment (开票发货)")
    PAYMENT = "payment", _("Payment (回款)")


class EntrySource(models.TextChoices):
    REQUEST = "request", _("Shipment check")
    MANUAL = "manual", _("Entered")
    IMPORT = "import", _("Imported from finance")


class ShipmentStatus(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    REFUSED = "refused", _("Refused")


class ShipmentWay(models.TextChoices):
    WITHIN = "within", _("Within the limit")
    FIRST_OVER = "first_over", _("First over-limit shipment, signed off")
    LAST_OVER = "last_over", _("Last over-limit shipment, signed off")
    PREPAID = "prepaid", _("Paid in advance, with a recovery plan")
    CASH = "cash", _("No credit: paid before invoicing")
    PAST_TERM = "past_term", _("Past the term: approved by the sales department")


class ShipmentRefusal(models.TextChoices):
    NO_CREDIT = "no_credit", _("No credit: pay before invoicing")
    PAST_TERM = "past_term", _("Past the 30-day term: needs the sales department's approval")
    OVER_LIMIT = "over_limit", _("Over the credit limit")
    OVER_THIRD = "over_third", _("Over-limit amount not below 1/3 of the limit")
    OVER_LIMIT_EXHAUSTED = (
        "over_limit_exhausted",
        _("First and last over-limit shipments already unpaid"),
    )


class ShipmentRequest(BaseModel):
    """One invoice/shipment request (开票发货) and the check made at request time."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    account = models.ForeignKey(
        BusinessAccount,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="shipments",
    )
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"))
    invoice_date = models.DateField(_("invoicing date"))
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(_("status"), max_length=16, choices=ShipmentStatus.choices)
    way = models.CharField(_("way"), max_length=16, choices=ShipmentWay.choices, blank=True)
    refusal = models.CharField(
        _("refusal"), max_length=24, choices=ShipmentRefusal.choices, blank=True
    )
    limit_fen = models.BigIntegerField(_("limit at the check (fen)"), default=0)
    balance_fen = models.BigIntegerField(_("balance at the check (fen)"), default=0)
    prepaid_fen = models.PositiveBigIntegerField(_("paid in advance (fen)"), default=0)
    recovery_plan = models.TextField(_("recovery plan (货款回笼计划)"), blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("shipment request")
        verbose_name_plural = _("shipment requests")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["account", "status"])]

    def __str__(self) -> str:
        return f"{self.account.code} {self.invoice_date} {self.amount_fen / 100:.2f}"


class CreditEntry(BaseModel):
    """A recorded shipment or payment: the input the limit and balance come from."""

    account = models.ForeignKey(
        BusinessAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    occurred_on = models.DateField(_("date"))
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"))
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=EntrySource.choices)
    shipment = models.OneToOneField(
        ShipmentRequest,
        verbose_name=_("shipment request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entry",
    )
    way = models.CharField(_("way"), max_length=16, choices=ShipmentWay.choices, blank=True)
    unapproved_over_limit = models.BooleanField(
        _("over the limit without prepayment or approval"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "reference"],
                condition=~models.Q(reference=""),
                name="accounts_entry_reference_uniq",
            )
        ]
        indexes = [models.Index(fields=["account", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on} {self.amount_fen / 100:.2f}"
