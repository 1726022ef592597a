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
    appeal_reason = models.TextField(_("appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appeal_decision = models.TextField(_("appeal decision"), blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appeal decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_decided_at = models.DateTimeField(_("appeal decided at"), null=True, blank=True)

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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("assessment:ledger_detail", args=[self.pk])

    @property
    def rule_label(self) -> str:
        """The registered rule's label (the code when the rule is gone)."""
        from kefu.assessment.policies import ledger_rule

        spec = ledger_rule(self.rule)
        return str(spec.label) if spec is not None else self.rule

    @property
    def amount_yuan(self):
        from decimal import Decimal

        return Decimal(self.amount_fen) / 100


# --- scorecards (seed 002 §7: the telecom monthly assessment, L162-L210) --------------


class ScorecardScope(models.TextChoices):
    SITE = "site", _("The whole site (team or contractor)")
    PERSON = "person", _("Each person")


class ItemUnit(models.TextChoices):
    """What one incident is (seed 002 §7.3 "unit semantics")."""

    OCCURRENCE = "occurrence", _("per occurrence")
    TICKET = "ticket", _("per ticket")
    PERSON_OCCURRENCE = "person_occurrence", _("per person per occurrence")
    MONTH = "month", _("per month")
    REPORT = "report", _("per report")


class ScorecardTemplate(BaseModel):
    """A site's monthly scorecard (考核办法): sections, items, full score and run day.

    Configured in the admin, usually from a preset (``kefu.assessment.presets``)
    through ``services.scorecard_template_preset_apply``. ``run_day`` is the day
    of the month on which the previous month is assessed (seed 002 L164: the 7th).
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    preset_key = models.CharField(_("preset"), max_length=32, blank=True)
    seed = models.CharField(_("seed reference"), max_length=64, blank=True)
    scope = models.CharField(
        _("assessed"), max_length=10, choices=ScorecardScope.choices, default=ScorecardScope.SITE
    )
    positions = models.ManyToManyField(
        "org.Position",
        verbose_name=_("assessed positions"),
        blank=True,
        related_name="+",
        help_text=_("With per-person scorecards: whose month is assessed (empty: everyone)."),
    )
    max_total = models.DecimalField(_("full score"), max_digits=6, decimal_places=2)
    cap_total = models.BooleanField(
        _("bonus may not exceed the full score"),
        default=False,
        help_text=_("Off: bonus points are shown apart and may take the total above full score."),
    )
    run_day = models.PositiveSmallIntegerField(
        _("run on day"), default=7, help_text=_("Day of the month the previous month is assessed.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("scorecard template")
        verbose_name_plural = _("scorecard templates")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="assessment_template_site_code")
        ]

    def __str__(self) -> str:
        return self.name


class ScorecardSection(BaseModel):
    """A section with its maximum points (一、工作规范 15分); bonus sections add points."""

    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    is_bonus = models.BooleanField(_("bonus section"), default=False)

    class Meta:
        verbose_name = _("scorecard section")
        verbose_name_plural = _("scorecard sections")
        ordering = ["template", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="assessment_section_code")
        ]

    def __str__(self) -> str:
        return self.name


class ScorecardItem(BaseModel):
    """One item: points per incident, an optional cap, wipe-out and data source.

    ``points`` is what one incident deducts (or adds, in a bonus section);
    ``points_up_to`` makes it a range the assessor picks from (seed 002 L168:
    confidentiality −5 to −15). ``max_points`` is the item's allocation: the
    most it can lose; ``forfeit_at`` incidents in a month lose all of it
    (seed 002 L172: "月累计5次以上扣除该项目所有分数"). ``measure`` names how
    incidents are found in the records (``kefu.assessment.measures``);
    ``manual`` items are entered by an assessor with a reason and an approver.
    """

    section = models.ForeignKey(ScorecardSection, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    rule = models.TextField(_("rule"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    unit = models.CharField(
        _("counted"), max_length=20, choices=ItemUnit.choices, default=ItemUnit.OCCURRENCE
    )
    points = models.DecimalField(_("points per incident"), max_digits=6, decimal_places=2)
    points_up_to = models.DecimalField(
        _("up to (range)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    max_points = models.DecimalField(
        _("item allocation"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    forfeit_at = models.PositiveSmallIntegerField(
        _("incidents that forfeit the item"), null=True, blank=True
    )
    measure = models.CharField(_("data source"), max_length=40, default="manual")
    measure_options = models.JSONField(_("data source options"), default=dict, blank=True)

    class Meta:
        verbose_name = _("scorecard item")
        verbose_name_plural = _("scorecard items")
        ordering = ["section", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="assessment_item_code")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.forfeit_at and self.max_points is None:
            raise ValidationError(
                {"max_points": _("An item that can be forfeited needs an allocation.")}
            )
        if self.points_up_to is not None and self.points_up_to < self.points:
            raise ValidationError({"points_up_to": _("The range must end above its start.")})


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Computed, not signed off")
    SIGNED_OFF = "signed_off", _("Signed off (frozen)")


class Scorecard(BaseModel):
    """One month's score for a site or a person under a template.

    Written only by ``kefu.assessment.services``. ``subject_key`` is ``site`` or
    ``user:<id>`` so the (template, month, subject) triple is unique on every
    database. After sign-off the computed and manual lines are frozen; only
    adjustments (with a reason and an approver) change the total.
    """

    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.PROTECT, related_name="scorecards"
    )
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    month = models.DateField(_("month"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    subject_key = models.CharField(max_length=32)
    status = models.CharField(
        _("status"), max_length=16, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    base_score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, default=0)
    bonus = models.DecimalField(_("bonus"), max_digits=7, decimal_places=2, default=0)
    adjustment = models.DecimalField(_("adjustments"), max_digits=7, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, default=0)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["-month", "site", "subject_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "month", "subject_key"], name="assessment_scorecard_uniq"
            )
        ]

    def __str__(self) -> str:
        who = self.person or self.site
        return f"{self.template} {who} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("assessment:scorecard_detail", args=[self.pk])


class LineKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from the records")
    MANUAL = "manual", _("Entered by the assessor")
    ADJUSTMENT = "adjustment", _("Adjustment after sign-off")


class ScorecardLine(BaseModel):
    """One incident (or adjustment) on a scorecard, linked to its source record.

    ``points`` is positive for what the incident is worth under its item (a
    deduction in a normal section, a gain in a bonus section); the item's cap
    and wipe-out are applied when the card is scored. Adjustments carry a signed
    ``points`` added to the total as they are.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        ScorecardItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=LineKind.choices)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.BigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
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

    class Meta:
        verbose_name = _("scorecard line")
        verbose_name_plural = _("scorecard lines")
        ordering = ["scorecard", "item__section__order", "item__order", "occurred_at", "id"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="scoreline_source")]

    def __str__(self) -> str:
        return f"{self.item or self.kind} {self.points}"
