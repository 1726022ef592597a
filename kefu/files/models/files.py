"""Customer files (客户档案): one per customer, or per vehicle (一车一档) at a dealer.

A ``FileKind`` is configuration (admin): its checklist, the hand-over deadline
and the ledger rules its violations charge. A ``CustomerFile`` holds the paper
file's place (cabinet, position), its checklist state (``FileItem``), its
scanned documents (``FileDocument``, stored through Django's storage API) and
its hand-overs in 《用户档案签收薄》 (``FileHandover``). ``FileViolation``
records what the ledger was charged for, so E3's daily repeat can follow it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel
from kefu.files.models.policy import CreditRating


class HandedBy(models.TextChoices):
    SALES = "sales", _("Sales department")
    AFTER_SALES = "after_sales", _("After-sales service")
    OTHER = "other", _("Other department")


class DeadlineStart(models.TextChoices):
    SALE = "sale", _("Sale")
    DELIVERY = "delivery", _("Vehicle delivery")


class Confidentiality(models.TextChoices):
    """seed 000 L521 (机密/绝密 marked in the index), §5.2."""

    ORDINARY = "ordinary", _("Ordinary")
    SECRET = "secret", _("Secret")
    CONFIDENTIAL = "confidential", _("Confidential")
    TOP_SECRET = "top_secret", _("Top secret")


CLASSIFIED = (Confidentiality.CONFIDENTIAL, Confidentiality.TOP_SECRET)


class FileKind(BaseModel):
    """A kind of customer file at a site, with its checklist (seed 000 L155–181)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    preset_key = models.CharField(_("preset"), max_length=32, blank=True)
    seed = models.CharField(_("seed reference"), max_length=200, blank=True)
    per_vehicle = models.BooleanField(_("one file per vehicle"), default=False)
    handed_by = models.CharField(
        _("handed over by"), max_length=16, choices=HandedBy.choices, default=HandedBy.OTHER
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("hand-over deadline (working days)"), null=True, blank=True
    )
    deadline_start = models.CharField(
        _("deadline counts from"),
        max_length=16,
        choices=DeadlineStart.choices,
        default=DeadlineStart.DELIVERY,
    )
    late_rule = models.CharField(_("ledger rule: late hand-over"), max_length=64, blank=True)
    incomplete_rule = models.CharField(_("ledger rule: missing item"), max_length=64, blank=True)
    customer_signature_rule = models.CharField(
        _("ledger rule: customer signature missing"), max_length=64, blank=True
    )
    staff_signature_rule = models.CharField(
        _("ledger rule: staff signature missing"), max_length=64, blank=True
    )
    retention_years = models.PositiveSmallIntegerField(_("retention (years)"), default=10)
    next_number = models.PositiveIntegerField(_("next file number"), default=1, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("file kind")
        verbose_name_plural = _("file kinds")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="files_kind_site_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(BaseModel):
    """One document a file of the kind must hold (新车档案构成 1)–12))."""

    kind = models.ForeignKey(
        FileKind, verbose_name=_("file kind"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=32)
    label = models.CharField(_("label"), max_length=200)
    hint = models.CharField(_("hint"), max_length=200, blank=True)
    required = models.BooleanField(_("required"), default=True)
    needs_signature = models.BooleanField(_("needs the customer's signature"), default=False)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="files_item_kind_code_uniq")
        ]

    def __str__(self) -> str:
        return self.label


class FileStatus(models.TextChoices):
    OPEN = "open", _("Being collected")
    HANDED_OVER = "handed_over", _("Handed over")
    DESTROYED = "destroyed", _("Destroyed")


class CustomerFile(BaseModel):
    """One customer's (or one vehicle's) file, paper and electronic."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    kind = models.ForeignKey(FileKind, verbose_name=_("file kind"), on_delete=models.PROTECT)
    number = models.CharField(_("file number"), max_length=32)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="files",
    )
    vehicle = models.ForeignKey(
        "customers.Vehicle",
        verbose_name=_("vehicle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    unit = models.ForeignKey(
        "customers.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FileStatus.choices, default=FileStatus.OPEN
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.ORDINARY,
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible (hands over)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sold_at = models.DateTimeField(_("sold at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    handover_due_at = models.DateTimeField(_("hand-over due"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    cabinet = models.CharField(_("cabinet"), max_length=50, blank=True)
    shelf_position = models.CharField(_("position in the cabinet"), max_length=50, blank=True)
    keyed_data = models.JSONField(_("data keyed from the documents"), default=dict, blank=True)
    retain_until = models.DateField(_("retain until"), null=True, blank=True)
    # A–D grading by the site's scheme (kefu.files.grading; seed 001 L865–935, seed 000 L591)
    grade = models.CharField(_("grade"), max_length=1, blank=True)
    grade_temporary = models.BooleanField(_("temporary grade"), default=False)
    annual_value_fen = models.PositiveBigIntegerField(
        _("annual value (fen)"), null=True, blank=True
    )
    credit_rating = models.CharField(
        _("credit rating"), max_length=8, choices=CreditRating.choices, blank=True
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    review_due_on = models.DateField(_("grade review due"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer file")
        verbose_name_plural = _("customer files")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["site", "status", "handover_due_at"], name="files_due_idx"),
            models.Index(fields=["site", "-created_at", "-id"], name="files_site_list_idx"),
            models.Index(fields=["site", "review_due_on"], name="files_review_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="files_file_number_uniq"),
            # 一车一档: one file of a kind per vehicle (seed 000 L137).
            models.UniqueConstraint(
                fields=["kind", "vehicle"],
                condition=Q(vehicle__isnull=False) & ~Q(status="destroyed"),
                name="files_file_per_vehicle_uniq",
            ),
            models.UniqueConstraint(
                fields=["kind", "customer"],
                condition=Q(vehicle__isnull=True) & ~Q(status="destroyed"),
                name="files_file_per_customer_uniq",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_classified(self) -> bool:
        return self.confidentiality in CLASSIFIED


class ItemDefect(models.TextChoices):
    NONE = "", _("None")
    CUSTOMER_SIGNATURE = "customer_signature", _("Customer signature missing or wrong")
    STAFF_SIGNATURE = "staff_signature", _("Staff signature missing or wrong")
    NON_COMPLIANT = "non_compliant", _("Wrong or non-compliant")


class FileItem(BaseModel):
    """The state of one checklist item in one file: present, missing or defective."""

    file = models.ForeignKey(
        CustomerFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT
    )
    present = models.BooleanField(_("present"), default=False)
    defect = models.CharField(
        _("defect"), max_length=24, choices=ItemDefect.choices, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("file item")
        verbose_name_plural = _("file items")
        ordering = ["file", "item__position", "id"]
        constraints = [models.UniqueConstraint(fields=["file", "item"], name="files_fileitem_uniq")]

    def __str__(self) -> str:
        return f"{self.file} {self.item}"

    @property
    def complete(self) -> bool:
        return self.present and not self.defect


def scan_path(instance: "FileDocument", filename: str) -> str:
    return f"files/{instance.file.site_id}/{instance.file_id}/{filename}"


class FileDocument(BaseModel):
    """A scanned document of a file (《客户档案电子版》, seed 000 L153), in default_storage."""

    file = models.ForeignKey(
        CustomerFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="documents"
    )
    item = models.ForeignKey(
        FileItem,
        verbose_name=_("checklist item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    scan = models.FileField(_("scan"), upload_to=scan_path, max_length=300)
    content_type = models.CharField(_("content type"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.ORDINARY,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scanned document")
        verbose_name_plural = _("scanned documents")
        ordering = ["file", "id"]

    def __str__(self) -> str:
        return self.title


class FileHandover(BaseModel):
    """One line of 《用户档案签收薄》 (seed 000 L145, L153, L179).

    The hander confirms when registering the line; the file keeper
    (客户档案管理员) confirms receipt. ``missing`` lists the items not handed
    over ("如资料不齐时需注明"); ``incomplete`` is the 资料不齐 note.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    file = models.ForeignKey(
        CustomerFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="handovers"
    )
    department = models.CharField(_("handing department"), max_length=16, choices=HandedBy.choices)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_at = models.DateTimeField(_("hander confirmed at"))
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("receiver confirmed at"), null=True, blank=True)
    documents = models.JSONField(_("documents handed over"), default=list, blank=True)
    missing = models.JSONField(_("missing items"), default=list, blank=True)
    incomplete = models.BooleanField(_("资料不齐"), default=False)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    on_time = models.BooleanField(_("on time"), null=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hand-over register line")
        verbose_name_plural = _("《用户档案签收薄》")
        ordering = ["-handed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["file"],
                condition=Q(received_at__isnull=True),
                name="files_one_open_handover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.file} {self.handed_at:%Y-%m-%d}"


class FileViolation(BaseModel):
    """A penalised file violation (seed 000 L183–201), followed until corrected.

    Every ledger entry it causes points back here. While it is not corrected,
    each working day past ``correction_due_at`` counts again (E3, L201).
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    file = models.ForeignKey(
        CustomerFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="violations"
    )
    file_item = models.ForeignKey(
        FileItem, verbose_name=_("item"), null=True, blank=True, on_delete=models.PROTECT
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rule = models.CharField(_("rule"), max_length=64)
    occurred_at = models.DateTimeField(_("occurred at"))
    correction_due_at = models.DateTimeField(_("to be corrected by"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    repeats = models.PositiveSmallIntegerField(_("counted again"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("file violation")
        verbose_name_plural = _("file violations")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["corrected_at", "correction_due_at"], name="files_viol_open_idx")
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.file}"
