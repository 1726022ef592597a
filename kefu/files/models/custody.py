"""Half-yearly custody inspections, 《客户档案保管检查记录》 (seed 000 §3.17, L487–491).

Every half year the file keeper inspects the custody of the paper files and
writes a record: what was inspected, what was found (faded writing, damaged
material, damp, mould) and, per finding, the repair and when it was done.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class CustodyInspection(BaseModel):
    """One inspection of a site's file custody (seed 000 L487)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.CharField(_("what was inspected"), max_length=200)
    environment_ok = models.BooleanField(_("storage dry and free of mould"), default=True)
    note = models.TextField(_("written record"), blank=True)
    next_due_on = models.DateField(_("next inspection due"))

    class Meta:
        verbose_name = _("custody inspection")
        verbose_name_plural = _("《客户档案保管检查记录》")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["site", "-inspected_on"], name="files_insp_site_idx")]

    def __str__(self) -> str:
        return f"{self.site} {self.inspected_on:%Y-%m-%d}"


class FindingKind(models.TextChoices):
    """What seed 000 L489–491 asks the inspection to look for."""

    FADED = "faded", _("Faded writing")
    DAMAGED = "damaged", _("Damaged material")
    DAMP = "damp", _("Damp")
    MOULD = "mould", _("Mould")
    OTHER = "other", _("Other")


class InspectionFinding(BaseModel):
    """One finding of an inspection and its repair (seed 000 L489: repaired promptly)."""

    inspection = models.ForeignKey(
        CustodyInspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    kind = models.CharField(_("finding"), max_length=16, choices=FindingKind.choices)
    location = models.CharField(_("cabinet or position"), max_length=100, blank=True)
    file = models.ForeignKey(
        "files.CustomerFile",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=200)
    repair = models.CharField(_("repair"), max_length=200, blank=True)
    repaired_on = models.DateField(_("repaired on"), null=True, blank=True)
    repaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("repaired by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.location}"
