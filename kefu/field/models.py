"""Field service: work orders, their parts, swaps and photos, the site's
products, warranty rules, fee schedule and settings, and patrols.

Written only by ``kefu.field.services`` (configuration — settings, products,
warranty rules, fee items, checkpoints — also through the admin).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kefu.core.models import BaseModel


class OrderKind(models.TextChoices):
    # seed 001 L27: 《维修服务单》; L29: 《安装任务派工单》
    REPAIR = "repair", _("Repair service order")
    INSTALLATION = "installation", _("Installation dispatch order")


class OrderStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", pgettext_lazy("work order status", "Approved")
    REJECTED = "rejected", pgettext_lazy("work order status", "Refused")
    DISPATCHED = "dispatched", pgettext_lazy("work order status", "Dispatched")
    ON_SITE = "on_site", _("On site")
    COMPLETED = "completed", pgettext_lazy("work order status", "Completed")
    CLOSED = "closed", pgettext_lazy("work order status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("work order status", "Cancelled")


OPEN_STATUSES = [
    OrderStatus.AWAITING_APPROVAL,
    OrderStatus.APPROVED,
    OrderStatus.DISPATCHED,
    OrderStatus.ON_SITE,
]


class OrderUrgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent (water/electric)")


class SlaKind(models.TextChoices):
    """The desk SLA engine's duration kinds a field clock may use."""

    CALENDAR_HOURS = "calendar_hours", _("hours (elapsed, holidays included)")
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class FieldSettings(BaseModel):
    """A site's field-service settings, copied from a preset and edited in the admin.

    Defaults are seed 004's numbers: reply within 0.5 h, on site within 48 h,
    urgent within 12 h (L393, L271); cash to finance "immediately on return"
    (seed 001 L41) is counted as 1 working day.
    """

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    preset_key = models.CharField(_("preset"), max_length=32, blank=True)
    reply_kind = models.CharField(
        _("reply clock: kind"), max_length=20, choices=SlaKind.choices, default="calendar_hours"
    )
    reply_amount = models.DecimalField(
        _("reply clock: amount"), max_digits=6, decimal_places=2, default=0.5
    )
    onsite_kind = models.CharField(
        _("on-site clock: kind"), max_length=20, choices=SlaKind.choices, default="calendar_hours"
    )
    onsite_amount = models.DecimalField(
        _("on-site clock: amount"), max_digits=6, decimal_places=2, default=48
    )
    urgent_kind = models.CharField(
        _("urgent clock: kind"), max_length=20, choices=SlaKind.choices, default="calendar_hours"
    )
    urgent_amount = models.DecimalField(
        _("urgent clock: amount"), max_digits=6, decimal_places=2, default=12
    )
    cash_limit_working_days = models.PositiveSmallIntegerField(
        _("cash to finance within (working days)"), default=1
    )
    charge_parts_only = models.BooleanField(_("out of warranty: charge parts only"), default=True)
    patrol_interval_days = models.PositiveSmallIntegerField(_("patrol every (days)"), default=5)

    class Meta:
        verbose_name = _("field-service settings")
        verbose_name_plural = _("field-service settings")

    def __str__(self) -> str:
        return str(self.site)


class Product(BaseModel):
    """A product a site installs and repairs (a GPS terminal model, a fitting)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    model_name = models.CharField(_("model"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="field_product_site_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.model_name}".strip()


class WarrantyRule(BaseModel):
    """The warranty period of one product, or of every product of the site
    (no product: the decoration preset's 3 years, seed 004 L269)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.CASCADE
    )
    months = models.PositiveSmallIntegerField(_("warranty (months)"))
    seed = models.CharField(_("seed reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("warranty rule")
        verbose_name_plural = _("warranty rules")
        ordering = ["site", "product"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "product"], name="field_warranty_site_product_uniq"
            ),
            models.UniqueConstraint(
                fields=["site"],
                condition=models.Q(product__isnull=True),
                name="field_warranty_one_site_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product or _('all products')}: {self.months}"


class FeeItem(BaseModel):
    """One line of the site's fee schedule: a part (or labour) and its price."""

    class Kind(models.TextChoices):
        PART = "part", _("Part")
        LABOUR = "labour", _("Labour")

    site = models.ForeignKey(
        "org.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="field_fee_items",
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PART)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee schedule")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="field_fee_site_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.price})"


class WorkOrder(BaseModel):
    """One 《维修服务单》 or 《安装任务派工单》 (seed 001 L27–41).

    Created from a desk request (a 报修) or directly; approved by the division
    manager before dispatch (L29); carried out by a technician on a phone.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    number = models.CharField(_("number"), max_length=32)
    kind = models.CharField(_("kind"), max_length=20, choices=OrderKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.AWAITING_APPROVAL,
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=OrderUrgency.choices, default=OrderUrgency.NORMAL
    )
    ticket = models.ForeignKey(
        "desk.Ticket",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    vehicle = models.ForeignKey(
        "customers.Vehicle",
        verbose_name=_("vehicle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    address = models.CharField(_("exact address"), max_length=200)
    contact_phone = models.CharField(_("contact"), max_length=32)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.PROTECT
    )
    product_model = models.CharField(_("product model"), max_length=100, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    problem = models.TextField(_("problem and fault symptom"), blank=True)
    plate_number = models.CharField(_("plate number"), max_length=16, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled time"), null=True, blank=True)

    received_at = models.DateTimeField(_("received at"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_orders",
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dispatched by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    work_done = models.TextField(_("work done"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    signature = models.ImageField(
        _("customer signature"), upload_to="field/signatures/%Y/%m/", blank=True, max_length=200
    )
    signed_by = models.CharField(_("signed by"), max_length=100, blank=True)

    in_warranty = models.BooleanField(_("in warranty"), null=True, blank=True)
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True)
    fee = models.DecimalField(_("fee"), max_digits=10, decimal_places=2, default=0)
    invoice_number = models.CharField(_("invoice number"), max_length=50, blank=True)
    cash_collected = models.DecimalField(
        _("cash collected"), max_digits=10, decimal_places=2, default=0
    )
    cash_due_at = models.DateTimeField(_("cash due at finance"), null=True, blank=True)
    cash_handed_at = models.DateTimeField(_("cash handed to finance"), null=True, blank=True)
    cash_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cash received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    reply_due = models.DateTimeField(_("reply due"), null=True, blank=True)
    onsite_due = models.DateTimeField(_("on site due"), null=True, blank=True)
    sla_next_due = models.DateTimeField(_("next deadline"), null=True, blank=True)
    return_visit = models.ForeignKey(
        "visits.ReturnVisit",
        verbose_name=_("return visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
    )

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="field_order_site_number_uniq")
        ]
        indexes = [
            models.Index(fields=["site", "status", "sla_next_due"]),
            models.Index(fields=["technician", "status"]),
            models.Index(fields=["site", "cash_due_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("field:order_detail", args=[self.pk])


class OrderPart(BaseModel):
    """A part used on an order (out of warranty: parts only are charged, seed 001 L17)."""

    order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="parts"
    )
    fee_item = models.ForeignKey(
        FeeItem, verbose_name=_("fee item"), null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class SwapKind(models.TextChoices):
    TERMINAL = "terminal", _("Terminal")
    SIM = "sim", _("SIM")


class DeviceSwap(BaseModel):
    """A terminal or SIM swap: old and new number (seed 001 L33, L35)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.PROTECT, related_name="swaps"
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT
    )
    vehicle = models.ForeignKey(
        "customers.Vehicle",
        verbose_name=_("vehicle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    plate_number = models.CharField(_("plate number"), max_length=16, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=SwapKind.choices)
    old_number = models.CharField(_("old number"), max_length=40, db_index=True)
    new_number = models.CharField(_("new number"), max_length=40, db_index=True)
    at = models.DateTimeField(_("at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("terminal or SIM swap")
        verbose_name_plural = _("terminal and SIM swaps")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(old_number=models.F("new_number")),
                name="field_swap_numbers_differ",
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_number} → {self.new_number}"


class OrderPhoto(BaseModel):
    """A photo taken on site, checked by content and size, resized (Pillow)."""

    order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to="field/photos/%Y/%m/", max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.image.name


# --- patrols (seed 004 L237–265: 五巡八检) -------------------------------------


class Checkpoint(BaseModel):
    """One of the site's patrol checkpoints (seed 004 L237: 一检 … 八检)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)
    requires_signature = models.BooleanField(_("customer signs"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("patrol checkpoint")
        verbose_name_plural = _("patrol checkpoints")
        ordering = ["site", "order"]
        constraints = [
            models.UniqueConstraint(fields=["site", "order"], name="field_checkpoint_site_order")
        ]

    def __str__(self) -> str:
        return self.name


class PatrolPlan(BaseModel):
    """A customer's site patrolled every N days (seed 004 L237: 每五天巡视一次)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT
    )
    address = models.CharField(_("address"), max_length=200)
    interval_days = models.PositiveSmallIntegerField(_("every (days)"))
    starts_on = models.DateField(_("starts on"))
    next_due_on = models.DateField(_("next patrol due"), db_index=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("patrol plan")
        verbose_name_plural = _("patrol plans")
        ordering = ["next_due_on", "id"]

    def __str__(self) -> str:
        return f"{self.customer} {self.address}"


class Patrol(BaseModel):
    """One patrol of a plan: its checklist and the customer's signatures."""

    plan = models.ForeignKey(
        PatrolPlan, verbose_name=_("patrol plan"), on_delete=models.PROTECT, related_name="patrols"
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-done_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "due_on"], name="field_patrol_plan_due_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.due_on:%Y-%m-%d}"


class PatrolCheck(BaseModel):
    """One checkpoint of a patrol: passed or a finding, and who signed."""

    patrol = models.ForeignKey(
        Patrol, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="checks"
    )
    checkpoint = models.ForeignKey(
        Checkpoint, verbose_name=_("checkpoint"), on_delete=models.PROTECT
    )
    passed = models.BooleanField(_("passed"))
    finding = models.TextField(_("finding"), blank=True)
    customer_signed_by = models.CharField(_("customer signed"), max_length=100, blank=True)
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("work order raised"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patrol_checks",
    )

    class Meta:
        verbose_name = _("patrol check")
        verbose_name_plural = _("patrol checks")
        ordering = ["patrol", "checkpoint__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["patrol", "checkpoint"], name="field_check_patrol_checkpoint"
            )
        ]

    def __str__(self) -> str:
        return str(self.checkpoint)
