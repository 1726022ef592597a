"""Access to classified files (seed 000 §3.14) and loans of the paper file (§3.15)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel
from kefu.files.models.files import Confidentiality, CustomerFile


class AccessKind(models.TextChoices):
    """What the applicant wants to do with a classified file (seed 000 L497, L525, L529)."""

    READ = "read", _("Read")
    EXPORT = "export", _("Copy or export")
    DISCLOSE = "disclose", _("Disclose to a third party")


class AccessStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AccessApplication(BaseModel):
    """An application to read, copy/export or disclose a file (seed 000 §3.14, §3.16).

    The applicant states the object, purpose, reason and a profile of
    themselves; the approvers depend on the level and the kind
    (``rules.approver_capabilities``): reading 机密 the 客户服务部经理, 绝密 the
    总经理 (L503, L103); copying 机密 the 客户信息主管 or the 总经理 (L525);
    disclosing to a third party (``recipient``) both the 客户信息主管 and the
    客户服务部经理 (L529). An approval holds until ``valid_until``.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    file = models.ForeignKey(
        CustomerFile,
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="access_applications",
    )
    kind = models.CharField(
        _("access"), max_length=16, choices=AccessKind.choices, default=AccessKind.READ
    )
    level = models.CharField(_("confidentiality"), max_length=16, choices=Confidentiality.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    reason = models.TextField(_("reason"))
    applicant_profile = models.CharField(_("applicant profile"), max_length=200, blank=True)
    recipient = models.CharField(_("third party receiving the data"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AccessStatus.choices, default=AccessStatus.PENDING
    )
    # seed 000 L529: a disclosure needs two approvers; the first one is kept here
    first_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_approved_at = models.DateTimeField(_("first approved at"), null=True, blank=True)
    first_approval_capability = models.CharField(_("first approved as"), max_length=64, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("access application")
        verbose_name_plural = _("access applications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["file", "applicant", "status"], name="files_access_grant_idx"),
            models.Index(fields=["site", "status"], name="files_access_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["file", "applicant", "kind"],
                condition=Q(status="pending"),
                name="files_access_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.file} {self.applicant}"


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    REJECTED = "rejected", _("Rejected")
    LENT = "lent", _("Lent")
    RETURNED = "returned", _("Returned")


class FileLoan(BaseModel):
    """A line of 《客户资料外借登记册》: borrowing the paper file (seed 000 L505–517).

    The borrower applies (material, copies, reason, days ≤ 3); the
    信息管理专员 approves and the loan starts; the keeper records the return.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    file = models.ForeignKey(
        CustomerFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="loans"
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("borrower"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    material = models.CharField(_("material"), max_length=200)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    reason = models.CharField(_("reason"), max_length=200)
    days = models.PositiveSmallIntegerField(_("days"), default=3)
    status = models.CharField(
        _("status"), max_length=16, choices=LoanStatus.choices, default=LoanStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lent_at = models.DateTimeField(_("lent at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due back"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("return recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_complete = models.BooleanField(_("returned complete"), null=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("file loan")
        verbose_name_plural = _("《客户资料外借登记册》")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "due_at"], name="files_loan_due_idx")]
        constraints = [
            # the paper file is out once at a time
            models.UniqueConstraint(
                fields=["file"], condition=Q(status="lent"), name="files_one_loan_out"
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(days__lte=3), name="files_loan_at_most_3_days"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file} {self.borrower}"
