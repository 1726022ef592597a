"""Call recordings and 《录音存档记录表》 (seed 000 L35).

A ``CallRecording`` is one recorded call: when, which number, which customer
and request, the audio in Django's default storage (checked by content and
size). Recordings are kept at least 30 days (the site's ``RetentionRule``);
a recording of a special case not finished in time is **extracted**: a copy
is stored apart and logged in 《录音存档记录表》 (``RecordingExtraction``: who,
why, where), and that copy never expires.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class CallDirection(models.TextChoices):
    INBOUND = "inbound", _("Incoming call")
    OUTBOUND = "outbound", _("Outgoing call")


class RecordingStatus(models.TextChoices):
    KEPT = "kept", _("Kept")
    DESTROYED = "destroyed", _("Destroyed")


def recording_path(instance: "CallRecording", filename: str) -> str:
    return f"recordings/{instance.site_id}/{filename}"


def extraction_path(instance: "RecordingExtraction", filename: str) -> str:
    return f"recordings/{instance.site_id}/extracted/{filename}"


class CallRecording(BaseModel):
    """One recorded call, kept at least 30 days (seed 000 L35)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    called_at = models.DateTimeField(_("call time"))
    direction = models.CharField(
        _("direction"), max_length=16, choices=CallDirection.choices, default=CallDirection.INBOUND
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recordings",
    )
    ticket = models.ForeignKey(
        "desk.Ticket",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recordings",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    audio = models.FileField(_("audio"), upload_to=recording_path, max_length=300, blank=True)
    content_type = models.CharField(_("content type"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RecordingStatus.choices, default=RecordingStatus.KEPT
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stored by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("call recording")
        verbose_name_plural = _("call recordings")
        ordering = ["-called_at", "-id"]
        indexes = [
            models.Index(fields=["site", "-called_at", "-id"], name="files_rec_list_idx"),
            models.Index(fields=["site", "status", "called_at"], name="files_rec_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.called_at:%Y-%m-%d %H:%M} {self.pk}"


class RecordingExtraction(BaseModel):
    """A line of 《录音存档记录表》: a recording extracted and stored apart (seed 000 L35).

    "特殊事件未能及时处理完成的应提取录音另行保存": the copy (``copy``) is kept
    apart at ``location`` and is exempt from the recordings' expiry; the line
    says who extracted it, when and why.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    recording = models.ForeignKey(
        CallRecording,
        verbose_name=_("recording"),
        on_delete=models.PROTECT,
        related_name="extractions",
    )
    reason = models.CharField(_("reason"), max_length=200)
    location = models.CharField(_("stored at"), max_length=200)
    extracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extracted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    extracted_at = models.DateTimeField(_("extracted at"))
    copy = models.FileField(_("extracted copy"), upload_to=extraction_path, max_length=300)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("recording extraction")
        verbose_name_plural = _("《录音存档记录表》")
        ordering = ["-extracted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recording} {self.extracted_at:%Y-%m-%d}"
