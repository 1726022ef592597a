"""Records of the sales-office reception: policy, queue, register, deals, ledgers.

Forms of the seeds: 《客户接待顺序表》 = ``QueueDay`` + ``QueueMember``;
《客户来访登记表》 = ``Visit``; 认购书/签约 = ``Deal``; 小定/大定 = ``Deposit``.
Money is integer fen. Workflow rows change only through ``kefu.sales.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel
from kefu.sales.policies import (
    DEFAULT_PRESET,
    AbsenceKind,
    MakeupReason,
    Role,
    SplitRule,
    preset_choices,
)

USER = settings.AUTH_USER_MODEL


def _choices(cls) -> list[tuple[str, str]]:
    return [(k, cls.LABELS[k]) for k in cls.ALL]


class SiteSalesPolicy(BaseModel):
    """The preset a sales office runs, plus validated overrides."""

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="sales_policy"
    )
    preset = models.CharField(
        _("preset"), max_length=16, choices=preset_choices(), default=DEFAULT_PRESET
    )
    overrides = models.JSONField(_("overrides"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sales policy")
        verbose_name_plural = _("sales policies")

    def __str__(self) -> str:
        return f"{self.site} · {self.get_preset_display()}"


class SalesRole(BaseModel):
    """A position at the site plays a sales role (consultant, supervisor, finance …)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.CASCADE)
    position = models.ForeignKey(
        "org.Position", verbose_name=_("position"), on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=24, choices=_choices(Role))

    class Meta:
        verbose_name = _("sales role")
        verbose_name_plural = _("sales roles")
        constraints = [models.UniqueConstraint(fields=["position", "role"], name="sales_role_uniq")]

    def __str__(self) -> str:
        return f"{self.position} · {self.get_role_display()}"


class ReceptionGroup(BaseModel):
    """A reception group (接待组) with an optional fallback group ([R] L315)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.CASCADE)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=50)
    sort = models.PositiveSmallIntegerField(_("sort order"), default=0)
    fallback = models.ForeignKey(
        "self", verbose_name=_("fallback group"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("reception group")
        verbose_name_plural = _("reception groups")
        ordering = ["site", "sort", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="sales_group_site_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class CompiledBy(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor's table")
    ARRIVAL = "arrival", _("Morning arrival")


class QueueDay(BaseModel):
    """《客户接待顺序表》 of one site and day. Locked for every change (``select_for_update``)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    day = models.DateField(_("day"))
    compiled_by = models.CharField(_("compiled by"), max_length=16, choices=CompiledBy.choices)
    tick = models.PositiveIntegerField(default=0)
    turns = models.PositiveIntegerField(_("turns given"), default=0)
    version = models.PositiveIntegerField(default=0)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reception order table")
        verbose_name_plural = _("reception order tables")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="sales_queueday_uniq")]

    def __str__(self) -> str:
        return f"{self.site} {self.day}"


class MemberStatus(models.TextChoices):
    AVAILABLE = "available", _("At the desk")
    RECEIVING = "receiving", _("Receiving")
    ABSENT = "absent", _("Away")


class QueueMember(BaseModel):
    queue = models.ForeignKey(
        QueueDay, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="members"
    )
    group = models.ForeignKey(ReceptionGroup, verbose_name=_("group"), on_delete=models.PROTECT)
    consultant = models.ForeignKey(USER, verbose_name=_("consultant"), on_delete=models.PROTECT)
    place = models.PositiveSmallIntegerField(_("place"))
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.AVAILABLE
    )
    absence = models.CharField(
        _("absence"), max_length=16, blank=True, choices=_choices(AbsenceKind)
    )
    makeup = models.PositiveSmallIntegerField(_("make-up rights"), default=0)
    makeup_tick = models.PositiveIntegerField(default=0)
    turns = models.PositiveIntegerField(_("turns"), default=0)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("queue member")
        verbose_name_plural = _("queue members")
        ordering = ["group__sort", "place"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "consultant"], name="sales_member_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.place}. {self.consultant}"


class ReceptionKind(models.TextChoices):
    VALID = "valid", _("Valid (有效接待)")
    INVALID = "invalid", _("Invalid (无效接待)")
    NOT_COUNTED = "not_counted", _("Not counted (不计入轮序)")


class Reception(BaseModel):
    """One turn given by "next": numbered per day, never twice ([R] L315)."""

    queue = models.ForeignKey(
        QueueDay, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="receptions"
    )
    seq = models.PositiveIntegerField(_("turn number"))
    receiver = models.ForeignKey(
        USER, verbose_name=_("receiver"), on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        USER,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.ForeignKey(ReceptionGroup, verbose_name=_("group"), on_delete=models.PROTECT)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ReceptionKind.choices, default=ReceptionKind.VALID
    )
    makeup_reason = models.CharField(
        _("make-up reason"), max_length=24, blank=True, choices=_choices(MakeupReason)
    )
    designated = models.BooleanField(_("designated"), default=False)
    makeup_used = models.BooleanField(_("make-up right used"), default=False)
    handed_back_at = models.DateTimeField(_("handed back at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        ordering = ["queue", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "seq"], name="sales_reception_seq_uniq")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.receiver}"


class Channel(models.TextChoices):
    ONSITE = "onsite", _("On site (来访)")
    PHONE = "phone", _("Phone (来电)")


class Visit(BaseModel):
    """A line of 《客户来访登记表》 ([B] L42, [E] L87–89): written at server time, same day."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT
    )
    consultant = models.ForeignKey(
        USER, verbose_name=_("consultant"), on_delete=models.PROTECT, related_name="+"
    )
    reception = models.ForeignKey(
        Reception, verbose_name=_("reception"), null=True, blank=True, on_delete=models.PROTECT
    )
    registered_by = models.ForeignKey(
        USER, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField(_("visited at"), db_index=True)
    day = models.DateField(_("day"), db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    first_visit = models.BooleanField(_("first visit"), default=True)
    intent = models.CharField(_("intent (building, unit type, area)"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    collision_with = models.ForeignKey(
        USER,
        verbose_name=_("collision with"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("visitor register entry")
        verbose_name_plural = _("visitor register (客户来访登记表)")
        ordering = ["-visited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.day} {self.customer}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class VisitCorrection(BaseModel):
    """An amendment after the day closed: approved by a supervisor, original kept ([E] L89)."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="corrections"
    )
    requested_by = models.ForeignKey(
        USER, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(_("changes"))
    original = models.JSONField(_("original"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=16, choices=CorrectionStatus.choices, default="pending"
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("register correction")
        verbose_name_plural = _("register corrections")


class Ownership(BaseModel):
    """Who owns a buyer now (客户归属); one open row per customer."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT
    )
    owner = models.ForeignKey(
        USER, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("basis"), max_length=40)
    since = models.DateTimeField(_("since"))
    last_activity_at = models.DateTimeField(_("last follow-up"), null=True, blank=True)
    recognised_at = models.DateTimeField(_("recognised at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        ordering = ["-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(ended_at__isnull=True), name="sales_owner_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer} → {self.owner}"


class DealStatus(models.TextChoices):
    SUBSCRIBED = "subscribed", _("Subscribed (认购)")
    CONTRACTED = "contracted", _("Contracted (签约)")
    CANCELLED = "cancelled", _("Cancelled")


class Deal(BaseModel):
    """A subscription (认购书) that may become a contract (签约)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT
    )
    unit = models.CharField(_("unit (房号)"), max_length=50)
    closer = models.ForeignKey(
        USER, verbose_name=_("closer"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=DealStatus.choices)
    subscribed_at = models.DateTimeField(_("subscribed at"))
    contracted_at = models.DateTimeField(_("contracted at"), null=True, blank=True)
    price_fen = models.BigIntegerField(_("price (fen)"), default=0)
    commission_fen = models.BigIntegerField(_("commission (fen)"))
    split_rule = models.CharField(_("split"), max_length=24, choices=_choices(SplitRule))
    proxy_buyer = models.BooleanField(_("bought through a proxy"), default=False)

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-subscribed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "unit"],
                condition=~Q(status="cancelled"),
                name="sales_deal_unit_open",
            ),
            models.CheckConstraint(condition=Q(commission_fen__gte=0), name="sales_deal_comm"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.customer}"


class DepositKind(models.TextChoices):
    SMALL = "small", _("Small deposit (小定)")
    LARGE = "large", _("Large deposit (大定)")


class Deposit(BaseModel):
    """小定/大定, recorded only by finance (seed 002 L376–378, L454–456)."""

    deal = models.ForeignKey(
        Deal, verbose_name=_("deal"), on_delete=models.PROTECT, related_name="deposits"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=DepositKind.choices)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    receipt_no = models.CharField(_("receipt number"), max_length=32)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="sales_deposit_pos")
        ]


class Party(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    COMMON_FUND = "common_fund", _("Sales-department common fund")
    RECREATION_FUND = "recreation_fund", _("Company recreation fund")
    DEPARTMENT = "department", _("Department")
    COMPANY = "company", _("Company")


class LedgerLine(BaseModel):
    """Attribution ledger: append-only; a decision reverses lines and posts new ones."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    deal = models.ForeignKey(
        Deal, verbose_name=_("deal"), on_delete=models.PROTECT, related_name="ledger"
    )
    batch = models.PositiveSmallIntegerField(_("batch"))
    party = models.CharField(_("party"), max_length=24, choices=Party.choices)
    consultant = models.ForeignKey(
        USER,
        verbose_name=_("consultant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    percent = models.SmallIntegerField(_("share %"))
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    rule = models.CharField(_("rule"), max_length=24, choices=_choices(SplitRule))
    reason = models.CharField(_("reason"), max_length=200)
    posted_at = models.DateTimeField(_("posted at"))

    class Meta:
        verbose_name = _("attribution ledger line")
        verbose_name_plural = _("attribution ledger")
        ordering = ["deal", "batch", "id"]


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class Dispute(BaseModel):
    """A 撞单/归属 dispute going up the preset's path ([B] L39, [E] L95, [J] L161, [K])."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT
    )
    deal = models.ForeignKey(
        Deal, verbose_name=_("deal"), null=True, blank=True, on_delete=models.PROTECT
    )
    filed_by = models.ForeignKey(
        USER, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    against = models.ForeignKey(
        USER,
        verbose_name=_("against"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.JSONField(_("path"))
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=DisputeStatus.choices, default="open"
    )
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.customer} ({self.get_status_display()})"


class DisputeEntry(BaseModel):
    """A written statement (书面情况说明), an escalation or the decision."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="entries"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16)  # statement | escalation | decision
    level = models.PositiveSmallIntegerField(_("level"))
    text = models.TextField(_("text"))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("dispute entry")
        verbose_name_plural = _("dispute entries")
        ordering = ["at", "id"]
