"""Customer imports, and destruction records of files whose retention ended."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel
from kefu.files.models.files import CustomerFile
from kefu.files.models.recordings import CallRecording


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Waiting to be checked")
    CHECKING = "checking", _("Being checked")
    INVALID = "invalid", _("Has errors")
    READY = "ready", _("Ready to import")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


def import_path(instance: "ImportJob", filename: str) -> str:
    return f"imports/{instance.site_id}/{filename}"


class ImportJob(BaseModel):
    """One import of customers with their units, phones and vehicles from .xlsx or CSV.

    Checked first (preview, row errors), then written all-or-nothing in one
    transaction by a background task; ``processed_rows`` drives the progress bar.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.FileField(_("file"), upload_to=import_path, max_length=300)
    cleaned_name = models.CharField(
        _("checked rows (storage name)"), max_length=300, blank=True, editable=False
    )
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    file_error = models.CharField(_("file error"), max_length=300, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    created = models.JSONField(_("created"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer import")
        verbose_name_plural = _("customer imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class DestructionStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")
    DESTROYED = "destroyed", _("Destroyed")


class FileDestruction(BaseModel):
    """The destruction record of a file or a call recording whose retention ended
    (seed 000 L35, L531, L693).

    Requested by the file manager, approved by the 总经理; the approval deletes
    the scans (or the audio) and the keyed data and keeps this record (what,
    when, approved by) — never a silent delete. ``scans_deleted`` counts the
    stored files deleted.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    file = models.ForeignKey(
        CustomerFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="destructions",
    )
    recording = models.ForeignKey(
        CallRecording,
        verbose_name=_("call recording"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="destructions",
    )
    description = models.CharField(_("what"), max_length=300)
    retain_until = models.DateField(_("retain until"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DestructionStatus.choices,
        default=DestructionStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    scans_deleted = models.PositiveIntegerField(_("stored files deleted"), default=0)

    class Meta:
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["file"],
                condition=Q(status="requested"),
                name="files_one_destruction_pending",
            ),
            models.UniqueConstraint(
                fields=["recording"],
                condition=Q(status="requested"),
                name="files_one_rec_destruction_pending",
            ),
            # one record destroys one thing: a customer file or a call recording
            models.CheckConstraint(
                condition=Q(file__isnull=False, recording__isnull=True)
                | Q(file__isnull=True, recording__isnull=False),
                name="files_destruction_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.description
