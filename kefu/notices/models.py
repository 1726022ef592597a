"""Outbound notices and letters (对外发文) with approval, seal and per-recipient sign-off.

seed 000 L41–53 ([TEN] 4.8): a department drafts on the unified template, a
leader consents, a seal application (用章申请) is approved and the GM office
seals, operations staff deliver to the designated tenants (major notices by a
designated person) and every recipient signs; the sign-off records are filed
with the notice. seed 002 L76: only the 客服主任 sends documents to customers.

``NoticeSettings`` is the site's configuration (preset, follow-up days, link
validity); ``NoticeTemplate`` the unified external-document templates;
``Notice`` one document through its workflow; ``NoticeRecipient`` one tenant's
copy and sign-off; ``InspectionReport``/``InspectionFinding`` the monthly
fire-safety inspection (L43) and each defect's rectification; ``Greeting`` a
scheduled greeting, weather alert or birthday greeting (L59; L753, L773).
A handbook (seed 004 L25, L71, L179: 《业/租户手册》 handed out against a
signed acknowledgement) is a ``Notice`` of kind ``handbook``: each customer
who received it is a ``NoticeRecipient`` and the acknowledgement is its
sign-off. Written only by ``kefu.notices.services``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("Notice")
    LETTER = "letter", _("Letter")
    FIRE_SAFETY = "fire_safety", _("Fire-safety inspection notice")
    RECTIFICATION = "rectification", _("Rectification letter")
    HANDBOOK = "handbook", _("Handbook (handed out against acknowledgement)")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by the leader")
    SEAL_REQUESTED = "seal_requested", _("Seal application filed")
    SEALED = "sealed", _("Sealed at the GM office")
    SENT = "sent", _("Sent to tenants")
    SIGNED_OFF = "signed_off", _("Signed off by all")


class Audience(models.TextChoices):
    SITE = "site", _("All tenants of the site")
    BUILDING = "building", _("All tenants of a building")
    LIST = "list", _("Chosen tenants")


class DeliveryMethod(models.TextChoices):
    PAPER = "paper", _("Printed, delivered by hand")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")


class SignMethod(models.TextChoices):
    PAPER = "paper", _("On paper (recorded by the clerk)")
    LINK = "link", _("Confirmed by link")
    PORTAL = "portal", _("Confirmed in the portal")


class NoticeSettings(BaseModel):
    """A site's notice rules: the preset it follows and its configurable numbers."""

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="+"
    )
    preset_key = models.CharField(_("preset"), max_length=32, blank=True)
    rectification_working_days = models.PositiveSmallIntegerField(
        _("rectification follow-up (working days)"), default=5
    )
    link_valid_days = models.PositiveSmallIntegerField(_("sign-off link valid (days)"), default=30)
    fire_safety_day = models.PositiveSmallIntegerField(
        _("day of the month the fire-safety notice is drafted"), default=1
    )
    fire_safety_template = models.ForeignKey(
        "notices.NoticeTemplate",
        verbose_name=_("fire-safety template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    birthday_greetings = models.BooleanField(
        _("greet customers on their birthday"),
        default=False,
        help_text=_("Schedules a greeting for every customer with a recorded birthday."),
    )
    birthday_lead_days = models.PositiveSmallIntegerField(
        _("schedule birthday greetings (days ahead)"), default=7
    )
    birthday_channel = models.CharField(
        _("birthday greeting channel"),
        max_length=16,
        choices=DeliveryMethod.choices,
        default=DeliveryMethod.SMS,
    )
    birthday_text = models.TextField(
        _("birthday greeting text"),
        blank=True,
        help_text=_(
            "A notice template ({{ tenant }}, {{ site }}, {{ hotline }} …); "
            "empty: the standard greeting."
        ),
    )

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self) -> str:
        return str(self.site)


class NoticeTemplate(BaseModel):
    """The unified external-document template (统一对外发文模版, seed 000 L45).

    ``body`` is a Django template with only safe tags and plain string
    variables (see ``rules.TEMPLATE_VARIABLES``).
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.NOTICE
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    is_major = models.BooleanField(_("major notice"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("notice template")
        verbose_name_plural = _("notice templates")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="notices_template_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class Notice(BaseModel):
    """One outbound document from draft to signed off (seed 000 L41–53)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    template = models.ForeignKey(
        NoticeTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("drafting department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    is_major = models.BooleanField(_("major notice"), default=False)
    audience = models.CharField(_("recipients"), max_length=16, choices=Audience.choices)
    building = models.CharField(_("building"), max_length=50, blank=True)
    customer_ids = models.JSONField(_("chosen tenants"), default=list, blank=True)
    delivery = models.CharField(_("delivery"), max_length=16, choices=DeliveryMethod.choices)
    deliverer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designated deliverer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    follow_up_due = models.DateTimeField(_("rectification due"), null=True, blank=True)
    follow_up_reminders = models.PositiveSmallIntegerField(_("overdue reminders"), default=0)
    follow_up_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    period = models.DateField(
        _("month (recurring notices)"),
        null=True,
        blank=True,
        help_text=_("The first day of the month a recurring notice is for."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
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
    seal_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seal applied for by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seal_requested_at = models.DateTimeField(_("seal applied for at"), null=True, blank=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sealed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("all signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "period"],
                condition=models.Q(period__isnull=False),
                name="notices_notice_period_uniq",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:notice_detail", args=[self.pk])


def signed_copy_path(instance: "NoticeRecipient", filename: str) -> str:
    return f"notices/{instance.notice_id}/signed/{instance.pk}-{filename}"


class NoticeRecipient(BaseModel):
    """One tenant's copy of a notice and its sign-off (seed 000 L51–53)."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="recipients"
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "customers.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("text"))
    token_nonce = models.CharField(max_length=16, editable=False)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    sign_method = models.CharField(
        _("signed how"), max_length=16, choices=SignMethod.choices, blank=True
    )
    signer_name = models.CharField(_("signed by"), max_length=100, blank=True)
    signed_from = models.CharField(_("from address"), max_length=64, blank=True)
    verified_phone = models.CharField(_("verified number"), max_length=32, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_copy = models.FileField(
        _("signed copy"), upload_to=signed_copy_path, max_length=300, blank=True
    )
    signed_copy_type = models.CharField(max_length=40, blank=True, editable=False)
    chase_count = models.PositiveSmallIntegerField(_("chased"), default=0)
    last_chased_at = models.DateTimeField(_("last chased at"), null=True, blank=True)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed out by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A handbook handed to this customer after the edition was sent."),
    )

    class Meta:
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        ordering = ["notice", "id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "customer"], name="notices_recipient_uniq")
        ]
        indexes = [models.Index(fields=["notice", "signed_at"])]

    def __str__(self) -> str:
        return f"{self.customer} · {self.notice}"


class InspectionReport(BaseModel):
    """The fire-safety inspection turned into a form (seed 000 L43)."""

    notice = models.OneToOneField(
        Notice,
        verbose_name=_("fire-safety notice"),
        on_delete=models.PROTECT,
        related_name="inspection",
    )
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("inspection report")
        verbose_name_plural = _("inspection reports")

    def __str__(self) -> str:
        return f"{self.notice} · {self.inspected_on}"


class InspectionFinding(BaseModel):
    """A defect found at one tenant, to be rectified by the letter's deadline."""

    report = models.ForeignKey(
        InspectionReport,
        verbose_name=_("inspection report"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="+"
    )
    finding = models.TextField(_("finding"))
    rectified_at = models.DateTimeField(_("found rectified at"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rectified_note = models.TextField(_("re-inspection note"), blank=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "customer"], name="notices_finding_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.customer}: {self.finding[:30]}"


class GreetingOccasion(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday greeting")
    WEATHER = "weather", _("Special-weather alert")
    BIRTHDAY = "birthday", _("Birthday greeting")


class Greeting(BaseModel):
    """A greeting or alert to the tenants of a site, or to one customer (seed 000 L59).

    Not a formal document: it goes out through the notify outbox without the
    seal workflow. ``send_on`` is computed from the site's working calendar; a
    birthday greeting goes out on the birthday itself (L773 过生日时).
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    occasion = models.CharField(_("occasion"), max_length=16, choices=GreetingOccasion.choices)
    holiday_on = models.DateField(
        _("date of the occasion"),
        null=True,
        blank=True,
        help_text=_("The first day of the holiday, or the birthday."),
    )
    send_on = models.DateField(_("send on"))
    channel = models.CharField(
        _("channel"), max_length=16, choices=DeliveryMethod.choices, default=DeliveryMethod.SMS
    )
    text = models.TextField(_("text"))
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("tenant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_count = models.PositiveIntegerField(_("messages"), default=0)

    class Meta:
        verbose_name = _("greeting")
        verbose_name_plural = _("greetings")
        ordering = ["send_on", "id"]
        indexes = [models.Index(fields=["send_on", "sent_at"])]
        constraints = [
            # One birthday greeting per customer and birthday (the daily run and a
            # second worker cannot double it).
            models.UniqueConstraint(
                fields=["customer", "holiday_on"],
                condition=models.Q(occasion="birthday"),
                name="notices_greeting_birthday_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} {self.send_on}"
