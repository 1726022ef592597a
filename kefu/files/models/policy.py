"""Per-site configuration of records: retention per record kind and the grading scheme.

``RetentionRule`` (seed 000 L35, L693; seed 002 L254): how long records of a
kind are kept — call recordings at least 30 days, complaint records 1 year
with the important ones kept for good. Customer files keep their period per
file kind (``FileKind.retention_years``, 10 years by default). ``GradingSetting``
chooses the site's A–D grading preset (``kefu.files.grading``) plus overrides.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class RecordKind(models.TextChoices):
    RECORDING = "recording", _("Call recordings")
    COMPLAINT_RECORD = "complaint_record", _("Complaint records")


class PeriodUnit(models.TextChoices):
    DAYS = "days", _("days")
    YEARS = "years", _("years")


class RetentionRule(BaseModel):
    """How long a site keeps records of one kind (configuration, edited in the admin)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.CASCADE)
    record_kind = models.CharField(_("record kind"), max_length=24, choices=RecordKind.choices)
    period = models.PositiveIntegerField(_("kept for"))
    unit = models.CharField(_("unit"), max_length=8, choices=PeriodUnit.choices)
    important_permanent = models.BooleanField(
        _("important records kept permanently"), default=False
    )
    preset_key = models.CharField(_("preset"), max_length=32, blank=True)
    seed = models.CharField(_("seed reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["site", "record_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "record_kind"], name="files_retention_site_kind_uniq"
            ),
            models.CheckConstraint(condition=models.Q(period__gte=1), name="files_retention_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.get_record_kind_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from kefu.files import rules

        if self.period and not rules.retention_allowed(self.record_kind, self.period, self.unit):
            raise ValidationError(
                {"period": _("Call recordings are kept at least 30 days (seed 000 L35).")}
            )


class CreditRating(models.TextChoices):
    """资信等级, set by finance (seed 001 L883, L889)."""

    GOOD = "good", _("Good")
    NORMAL = "normal", _("Normal")
    POOR = "poor", _("Poor")


class GradingSetting(BaseModel):
    """A site's grading scheme: a preset key plus overrides (``kefu.files.grading``)."""

    site = models.OneToOneField(
        "org.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="files_grading",
    )
    preset_key = models.CharField(_("preset"), max_length=32)
    overrides = models.JSONField(_("overrides"), default=dict, blank=True)

    class Meta:
        verbose_name = _("grading scheme")
        verbose_name_plural = _("grading schemes")

    def __str__(self) -> str:
        return f"{self.site} — {self.preset_key}"
