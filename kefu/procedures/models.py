"""Property procedures as templates: move-in, secondary decoration, move-out,
public-space booking, temporary item storage and paid-service orders.

seed 004 §2.1 (P3–P8, P27, P30, P32) and §3.1/3.2/3.6/3.8, seed 000 §3.11
(《租户临时物品寄存记录表》). A ``ProcedureTemplate`` (admin-configured, or
copied from a preset) lists steps; each step names who does it, whether it is
an approval, its deadline in working days and the items it needs (documents,
checks, readings, amounts). A running ``Procedure`` copies the template's steps
and items, so editing a template never changes a procedure under way.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kefu.core.models import BaseModel


class FeeCategory(models.TextChoices):
    """收费标准公示: service fees, fees collected on behalf, paid services (seed 004 P27)."""

    SERVICE_FEE = "service_fee", _("Service fee")
    ON_BEHALF = "on_behalf", _("Collected on behalf")
    PAID_SERVICE = "paid_service", _("Paid service")
    DEPOSIT = "deposit", pgettext_lazy("money", "Deposit")


class FeeItem(BaseModel):
    """One line of the site's published fee schedule (收费标准公示)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=16, choices=FeeCategory.choices)
    unit = models.CharField(_("unit"), max_length=20)
    price = models.DecimalField(_("price (yuan)"), max_digits=10, decimal_places=2)
    is_active = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("fee schedule item")
        verbose_name_plural = _("fee schedule")
        ordering = ["site", "category", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="procedures_fee_site_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.price}/{self.unit}"


class ProcedureTemplate(BaseModel):
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    preset_key = models.CharField(_("preset"), max_length=32, blank=True)
    seed = models.CharField(_("seed reference"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("procedure template")
        verbose_name_plural = _("procedure templates")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="procedures_tpl_site_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class TemplateStep(BaseModel):
    template = models.ForeignKey(
        ProcedureTemplate, verbose_name=_("template"), on_delete=models.CASCADE,
        related_name="steps",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    position = models.ForeignKey(
        "org.Position", verbose_name=_("who does it"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    is_approval = models.BooleanField(_("approval"), default=False)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline (working days)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="procedures_tstep_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ItemKind(models.TextChoices):
    DOCUMENT = "document", _("Document handed over or received")
    CHECK = "check", _("Checklist item")
    VALUE = "value", _("Value to record (reading, key count, time …)")
    DEPOSIT = "deposit", pgettext_lazy("money", "Deposit recorded")
    FEE = "fee", _("Fee recorded")
    REFUND = "refund", _("Deposit refunded")


class TemplateItem(BaseModel):
    step = models.ForeignKey(
        TemplateStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    required = models.BooleanField(_("required item"), default=True)
    fee = models.ForeignKey(
        FeeItem, verbose_name=_("fee schedule item"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("template item")
        verbose_name_plural = _("template items")
        ordering = ["step", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["step", "code"], name="procedures_titem_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class ProcedureStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("procedure", "Under way")
    DONE = "done", pgettext_lazy("procedure", "Finished")
    CANCELLED = "cancelled", pgettext_lazy("procedure", "Cancelled")


class Procedure(BaseModel):
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    template = models.ForeignKey(
        ProcedureTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "customers.Unit", verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="procedures",
    )  # fmt: skip
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="procedures",
    )  # fmt: skip
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProcedureStatus.choices, default=ProcedureStatus.OPEN
    )
    current_order = models.PositiveSmallIntegerField(_("current step"), default=1)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return f"{self.template} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("procedures:detail", args=[self.pk])


class StepStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("procedure step", "Pending")
    DONE = "done", pgettext_lazy("procedure step", "Done")
    APPROVED = "approved", pgettext_lazy("procedure step", "Approved")
    REJECTED = "rejected", pgettext_lazy("procedure step", "Rejected")


class ProcedureStep(BaseModel):
    """A copy of a template step in one procedure, with who did it and when."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    position = models.ForeignKey(
        "org.Position", verbose_name=_("who does it"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    is_approval = models.BooleanField(_("approval"), default=False)
    deadline_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.PENDING
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "order"], name="procedures_step_order_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ProcedureItem(BaseModel):
    step = models.ForeignKey(
        ProcedureStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    required = models.BooleanField(_("required item"), default=True)
    fee = models.ForeignKey(
        FeeItem, verbose_name=_("fee schedule item"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    value = models.CharField(_("value"), max_length=200, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("procedure item")
        verbose_name_plural = _("procedure items")
        ordering = ["step", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["step", "code"], name="procedures_item_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class MoneyKind(models.TextChoices):
    DEPOSIT = "deposit", pgettext_lazy("money", "Deposit")
    FEE = "fee", _("Fee")
    REFUND = "refund", _("Deposit refund")


class MoneyRecord(BaseModel):
    """An amount recorded, not collected: who, receipt number, and a refund at most once."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="money"
    )
    item = models.ForeignKey(
        ProcedureItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="money"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MoneyKind.choices)
    fee = models.ForeignKey(
        FeeItem, verbose_name=_("fee schedule item"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, default=1)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    receipt_number = models.CharField(_("receipt number"), max_length=50)
    refund_of = models.OneToOneField(
        "self", verbose_name=_("refund of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="refund",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("amount recorded")
        verbose_name_plural = _("amounts recorded")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="procedures_money_nonneg"),
            models.CheckConstraint(
                condition=Q(kind="refund", refund_of__isnull=False)
                | (~Q(kind="refund") & Q(refund_of__isnull=True)),
                name="procedures_money_refund_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.receipt_number})"
