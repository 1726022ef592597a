"""Joint-venture partners (联营合作方) managed like customers (seed 000 篇七, L351–387).

The contracting unit fills in 《联营工程合作方入网审批表》 (a main table and three
annexes), the introducing department checks address, staff and equipment on
site, the partner office (盛昌公司) checks before any negotiation and grades the
partner A–D — an internal grade never shown to the partner or to roles without
the right. A and B files are snapshotted every half year.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class PartnerStatus(models.TextChoices):
    DRAFT = "draft", _("Form being filled in")
    SUBMITTED = "submitted", _("With the partner office")
    ADMITTED = "admitted", _("Admitted (入网)")
    TURNED_AWAY = "turned_away", _("Turned away (劝退)")


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class Partner(BaseModel):
    """A partner's file (合作伙伴个人档案, L379–381), kept current by every visit."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    responsible_unit = models.ForeignKey(
        "org.Department",
        verbose_name=_("responsible unit (承揽主体单位)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    out_of_town = models.BooleanField(_("out of town (外埠)"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=PartnerStatus.choices, default=PartnerStatus.DRAFT
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    senior_visits = models.BooleanField(
        _("senior management visits yearly"),
        default=False,
        help_text=_("Always for grade A; for the B partners chosen (L371)."),
    )
    # 《联营工程合作方入网审批表》: a main table and three annexes (L361).
    form_main = models.JSONField(_("main table"), default=dict, blank=True)
    annex_staff = models.JSONField(_("annex 1: personnel"), default=dict, blank=True)
    annex_equipment = models.JSONField(_("annex 2: equipment"), default=dict, blank=True)
    annex_record = models.JSONField(
        _("annex 3: qualifications and record"), default=dict, blank=True
    )
    # The file's content (L381).
    region = models.CharField(_("contracting region (承揽区域)"), max_length=200, blank=True)
    network = models.TextField(_("network and background (人脉背景)"), blank=True)
    past_performance = models.TextField(_("past performance (过往业绩)"), blank=True)
    work_with_us = models.TextField(_("performance in work with us"), blank=True)
    completion_evaluation = models.TextField(_("post-completion evaluation"), blank=True)
    reputation = models.TextField(_("reputation (信誉程度)"), blank=True)
    next_moves = models.TextField(_("next moves (下一步动态)"), blank=True)
    upcoming_project = models.BooleanField(_("upcoming project with us"), default=False)
    # Past year's results for the ranking (L383), 0–100.
    score_contract = models.PositiveSmallIntegerField(_("contract performance"), default=0)
    score_safety_quality = models.PositiveSmallIntegerField(_("safety and quality"), default=0)
    score_cooperation = models.PositiveSmallIntegerField(_("cooperation"), default=0)
    initial_check_note = models.TextField(_("partner office's explanation"), blank=True)
    initial_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initial check by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    initial_checked_at = models.DateTimeField(_("initial check at"), null=True, blank=True)
    last_visit_on = models.DateField(_("last visit"), null=True, blank=True)
    last_senior_visit_on = models.DateField(
        _("last senior-management visit"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("joint-venture partner")
        verbose_name_plural = _("joint-venture partners")
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="accounts_partner_site_name_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class CheckResult(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed on site")
    UNCLEAR = "unclear", _("Unclear")
    FAILED = "failed", _("Does not match")


class OnsiteCheck(BaseModel):
    """The introducing department's on-site check of address, staff, equipment (L363)."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="onsite_checks"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_on = models.DateField(_("checked on"))
    address = models.CharField(_("address"), max_length=16, choices=CheckResult.choices)
    staff = models.CharField(_("staff"), max_length=16, choices=CheckResult.choices)
    equipment = models.CharField(_("equipment"), max_length=16, choices=CheckResult.choices)
    qualified = models.BooleanField(_("qualified"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("on-site check")
        verbose_name_plural = _("on-site checks")
        ordering = ["-checked_on", "-id"]


class GradeChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    REJECTED = "rejected", _("Rejected")


class GradeChange(BaseModel):
    """A grade change proposed by the responsible unit, decided jointly by the partner
    office and the market-development department (L387)."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="grade_changes"
    )
    from_grade = models.CharField(_("from"), max_length=1, choices=Grade.choices, blank=True)
    to_grade = models.CharField(_("to"), max_length=1, choices=Grade.choices)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=GradeChangeStatus.choices,
        default=GradeChangeStatus.PROPOSED,
    )
    office_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    market_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("market development"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")
        ordering = ["-proposed_at", "-id"]


class PartnerVisit(BaseModel):
    """A visit to a partner; it updates the partner's data (L369–375)."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("visitors"), max_length=200)
    senior_management = models.BooleanField(_("senior management took part"), default=False)
    updates = models.JSONField(_("data updated"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("partner visit")
        verbose_name_plural = _("partner visits")
        ordering = ["-visited_on", "-id"]


class PartnerSnapshot(BaseModel):
    """A read-only archive copy of an A or B partner's file (L379): never updated."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="snapshots"
    )
    period = models.CharField(_("period"), max_length=16)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    data = models.JSONField(_("file content"))
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("partner snapshot")
        verbose_name_plural = _("partner snapshots")
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "period"], name="accounts_snapshot_partner_period_uniq"
            )
        ]
