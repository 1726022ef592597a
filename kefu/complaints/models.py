"""Complaint handling on top of the desk's request record.

A complaint is a desk ``Ticket`` of type 投诉 (seed 002 §2.1.1: the
《客户投诉登记及跟踪处理记录表单》) extended by a ``Complaint`` row that carries
the workflow stage and the form's sections. Each step done is a ``ComplaintStep``
(actor, on whose behalf, time, deadline); the hand-over slip, the handling
opinions, the quality memo with its responsibility shares, the penalty ledger
and the notices each have their own record. Written only by
``kefu.complaints.services``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class Stage(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    TRANSFER_REQUESTED = "transfer_requested", _("Transfer awaiting approval")
    TRANSFER_APPROVED = "transfer_approved", _("Transfer slip awaiting signatures")
    INVESTIGATING = "investigating", _("Under investigation")
    OPINION_SUBMITTED = "opinion_submitted", _("Opinion awaiting approval")
    OPINION_APPROVED = "opinion_approved", _("Opinion approved, to reply")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class VisitState(models.TextChoices):
    NONE = "none", _("Not scheduled")
    WAITING_DELIVERY = "waiting_delivery", _("Waiting for the repaired product's delivery")
    SCHEDULED = "scheduled", _("Scheduled")
    SATISFIED = "satisfied", _("Customer satisfied")
    UNSATISFIED = "unsatisfied", _("Customer not satisfied")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Neutral")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class MajorTrigger(models.TextChoices):
    """seed 000 L557 / L653: what makes a complaint major (重大投诉)."""

    REPEAT = "repeat", _("Repeat complaint")
    MANUFACTURER = "manufacturer", _("Complaint to the manufacturer")
    BLOCKING = "blocking", _("Blocking the gate")
    TROUBLE = "trouble", _("Making trouble")
    RETURN_EXCHANGE = "return_exchange", _("Return or exchange demanded")
    MEDIA = "media", _("Media report")
    SEVERE = "severe", _("Wide impact or bad nature")


class ComplaintPolicy(BaseModel):
    """A site's complaint workflow: which optional steps run, who may do each
    step (a capability code per step, held through positions), the deadlines and
    the major-complaint rules. One per site; the furniture maker's flow is the
    shipped preset (``kefu.complaints.policies``)."""

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="+"
    )
    preset_key = models.CharField(_("preset"), max_length=32, blank=True)
    step_capabilities = models.JSONField(_("capability per step"), default=dict, blank=True)
    transfer_needs_approval = models.BooleanField(_("transfer needs approval"), default=True)
    opinion_needs_approval = models.BooleanField(_("handling opinion needs approval"), default=True)
    memo_categories = models.JSONField(
        _("categories needing the quality memo"), default=list, blank=True
    )
    answerable_categories = models.JSONField(
        _("categories that may be answered at intake"), default=list, blank=True
    )
    closure_days = models.PositiveSmallIntegerField(_("close within (days)"), default=7)
    warning_hours = models.PositiveSmallIntegerField(
        _("major-complaint warning report within (hours)"), default=24
    )
    major_triggers = models.JSONField(_("major-complaint triggers"), default=list, blank=True)
    major_notify_positions = models.JSONField(
        _("positions told at once of a major complaint"), default=list, blank=True
    )
    warning_positions = models.JSONField(
        _("positions receiving the warning report"), default=list, blank=True
    )
    visit_days_after_reply = models.PositiveSmallIntegerField(
        _("return visit days after the reply"), default=15
    )
    visit_days_after_delivery = models.PositiveSmallIntegerField(
        _("return visit days after the repaired product's delivery"), default=1
    )
    reopen_on_unsatisfied_visit = models.BooleanField(
        _("an unsatisfied visit reopens handling (otherwise: visit again)"), default=True
    )

    class Meta:
        verbose_name = _("complaint workflow")
        verbose_name_plural = _("complaint workflows")

    def __str__(self) -> str:
        return f"{self.site} ({self.preset_key or '-'})"


class CompensationLimit(BaseModel):
    """One line of the authority table (权限核决表, seed 000 L565): the largest
    compensation a position may approve."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    position = models.ForeignKey(
        "org.Position", verbose_name=_("position"), on_delete=models.CASCADE, related_name="+"
    )
    max_amount = models.DecimalField(_("up to (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("compensation authority")
        verbose_name_plural = _("compensation authority table")
        ordering = ["site", "max_amount"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "position"], name="complaints_limit_site_position_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(max_amount__gte=0), name="complaints_limit_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.max_amount}"


class Complaint(BaseModel):
    """The complaint-specific part of 《客户投诉登记及跟踪处理记录表单》."""

    ticket = models.OneToOneField(
        "desk.Ticket", verbose_name=_("request"), on_delete=models.PROTECT, related_name="complaint"
    )
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.REGISTERED
    )
    complained_about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at_intake = models.BooleanField(_("answered and closed at intake"), default=False)
    not_accepted_reason = models.TextField(_("reason for not accepting"), blank=True)
    is_major = models.BooleanField(_("major complaint"), default=False)
    major_triggers = models.JSONField(_("major-complaint triggers"), default=list, blank=True)
    transfer_position = models.ForeignKey(
        "org.Position",
        verbose_name=_("transfer to position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("transfer receiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    compensation_amount = models.DecimalField(
        _("compensation (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reply_method = models.CharField(_("reply method"), max_length=50, blank=True)
    reply_satisfaction = models.CharField(
        _("satisfaction at reply"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    customer_words = models.TextField(_("the customer's own words"), blank=True)
    visit_state = models.CharField(
        _("return visit"), max_length=20, choices=VisitState.choices, default=VisitState.NONE
    )
    visit_due_on = models.DateField(_("return visit due on"), null=True, blank=True)
    visit_count = models.PositiveSmallIntegerField(_("return visits made"), default=0)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-id"]
        indexes = [models.Index(fields=["site", "stage"])]

    def __str__(self) -> str:
        return str(self.ticket)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("complaints:detail", args=[self.pk])


STEP_LABELS = {
    "intake": _("Registered"),
    "answered_at_intake": _("Answered and closed at intake"),
    "accept": _("Accepted and classified"),
    "not_accepted": _("Not accepted"),
    "transfer": _("Transfer requested"),
    "transfer_approved": _("Transfer approved"),
    "transfer_refused": _("Transfer refused"),
    "slip_signed_sender": _("Slip signed by the sender"),
    "slip_signed_receiver": _("Slip signed by the receiver"),
    "memo": _("Quality memo saved"),
    "delivery": _("Repaired product delivered"),
    "opinion": _("Handling opinion submitted"),
    "opinion_approved": _("Handling opinion approved"),
    "opinion_returned": _("Handling opinion returned"),
    "reply": _("Replied to the customer"),
    "visit_scheduled": _("Return visit scheduled"),
    "visit": _("Return visit recorded"),
    "reopened": _("Reopened"),
    "close": _("Closed"),
}


class ComplaintStep(BaseModel):
    """One step done on a complaint: who, on whose behalf, when, by when."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.step} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        return str(STEP_LABELS.get(self.step, self.step))


class TransferSlip(BaseModel):
    """《客户投诉转交处理联系单》 (seed 002 L62–64): signed by both sides, archived."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="slips")
    to_position = models.ForeignKey(
        "org.Position", verbose_name=_("to position"), on_delete=models.PROTECT, related_name="+"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiver"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("summary"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    sender_name = models.CharField(_("sender's signature"), max_length=100, blank=True)
    sender_signed_at = models.DateTimeField(_("sender signed at"), null=True, blank=True)
    receiver_name = models.CharField(_("receiver's signature"), max_length=100, blank=True)
    receiver_signed_at = models.DateTimeField(_("receiver signed at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint transfer slip")
        verbose_name_plural = _("complaint transfer slips")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.complaint} → {self.to_position}"


class OpinionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class HandlingOpinion(BaseModel):
    """投诉调查处理意见 (seed 002 L86, L96, L128): investigation, opinion, an
    optional penalty proposal and compensation, and the approver's decision."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="opinions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    investigation = models.TextField(_("investigation"))
    opinion = models.TextField(_("handling opinion"))
    penalty_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed penalty: person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    penalty_amount = models.DecimalField(
        _("proposed penalty (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    compensation_amount = models.DecimalField(
        _("compensation (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OpinionStatus.choices, default=OpinionStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("handling opinion")
        verbose_name_plural = _("handling opinions")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint} / {self.get_status_display()}"


class QualityMemo(BaseModel):
    """《客户产品质量投诉处理备忘单》 (seed 002 L108–116)."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="memo")
    facts = models.TextField(_("on-site facts"))
    repair_cost = models.DecimalField(
        _("repair cost budget (yuan)"), max_digits=12, decimal_places=2
    )
    repair_deadline = models.DateField(_("repair deadline"), null=True, blank=True)
    customer_confirmed = models.BooleanField(_("confirmed with the customer"), default=False)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("countersigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    delivered_on = models.DateField(_("repaired product delivered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("product-quality memo")
        verbose_name_plural = _("product-quality memos")

    def __str__(self) -> str:
        return str(self.complaint)


class PartyKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    SUPPLIER = "supplier", _("Supplier")
    CUSTOMER = "customer", _("Customer")


class ResponsibilityShare(BaseModel):
    """One party's share of the responsibility and of the repair cost (in fen)."""

    memo = models.ForeignKey(QualityMemo, on_delete=models.CASCADE, related_name="shares")
    kind = models.CharField(_("party"), max_length=12, choices=PartyKind.choices)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    cost_fen = models.BigIntegerField(_("cost share (fen)"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("responsibility share")
        verbose_name_plural = _("responsibility shares")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.percent}%"


class NoticeKind(models.TextChoices):
    MAJOR_ALERT = "major_alert", _("Major complaint: immediate notice")
    WARNING_REPORT = "warning_report", _("Major complaint: warning report")
    APPROVAL_NEEDED = "approval_needed", _("Approval needed")
    SLIP_TO_SIGN = "slip_to_sign", _("Transfer slip to sign")
    OPINION_DUE = "opinion_due", _("Handling opinion due")
    OPINION_RETURNED = "opinion_returned", _("Handling opinion returned")
    REPLY_DUE = "reply_due", _("Reply to the customer due")
    VISIT_DUE = "visit_due", _("Return visit due")
    REOPENED = "reopened", _("Reopened after an unsatisfied visit")


class ComplaintNotice(BaseModel):
    """Who must be told what, by when (``kefu.complaints.notices.send``).

    A notice with ``due_at`` is a tracked item (the 24 h warning report of a
    major complaint, seed 000 L557); ``done_at`` records when it was done.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_label = models.CharField(_("recipients"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dedupe_key = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("complaint notice")
        verbose_name_plural = _("complaint notices")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["site", "done_at", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "recipient"],
                condition=~models.Q(dedupe_key=""),
                name="complaints_notice_dedupe_uniq",
            )
        ]

    def __str__(self) -> str:
        return self.subject
