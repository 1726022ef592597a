"""The customer's phone pages: settings per site, links, codes, sessions, requests.

Written only by ``kefu.portal.services``. Identity is a phone number proved by
a one-time code (``PhoneCode``, only its hash is stored) and then a signed,
expiring ``PortalSession``. A request registered from the portal is a desk
``Ticket`` (the one request record) plus a ``PortalRequest`` row that ties it
to the verified number and says whether the number matched a customer.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class PortalSettings(BaseModel):
    """A site's portal: published service numbers (seed 000 L29, L69) and limits."""

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="portal"
    )
    is_enabled = models.BooleanField(_("portal open"), default=True)
    hotline = models.CharField(_("24-hour service hotline"), max_length=32, blank=True)
    emergency_phone = models.CharField(_("emergency number"), max_length=32, blank=True)
    daily_service_phone = models.CharField(_("daily service number"), max_length=32, blank=True)
    complaint_phone = models.CharField(_("complaint number"), max_length=32, blank=True)
    request_types = models.JSONField(
        _("request types offered (codes)"),
        default=list,
        blank=True,
        help_text=_("Codes of the desk's request types a customer may report, in order."),
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    session_minutes = models.PositiveSmallIntegerField(_("session lasts (minutes)"), default=120)
    codes_per_phone_hour = models.PositiveSmallIntegerField(
        _("codes per number per hour"), default=5
    )
    codes_per_address_hour = models.PositiveSmallIntegerField(
        _("codes per client address per hour"), default=20
    )
    requests_per_minute = models.PositiveIntegerField(
        _("page requests per client address per minute"), default=120
    )
    photo_max_bytes = models.PositiveIntegerField(
        _("largest photo (bytes)"), default=5 * 1024 * 1024
    )
    photo_max_count = models.PositiveSmallIntegerField(_("photos per report"), default=3)

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def __str__(self) -> str:
        return str(self.site)


class PortalLink(BaseModel):
    """A short link (and its QR code) to the site's or one unit's report page."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        "customers.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    code = models.SlugField(_("code"), max_length=16, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("portal link")
        verbose_name_plural = _("portal links")
        ordering = ["site", "unit", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site"], condition=models.Q(unit__isnull=True), name="portal_link_site_uniq"
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(unit__isnull=False),
                name="portal_link_unit_uniq",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class PhoneCode(BaseModel):
    """A one-time code sent to a number; only a keyed hash of it is stored."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.CASCADE)
    phone = models.CharField(_("phone"), max_length=20, db_index=True)
    code_hash = models.CharField(_("code hash"), max_length=128)
    nonce = models.CharField(max_length=32)
    expires_at = models.DateTimeField(_("expires at"))
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    client_address = models.CharField(_("client address"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "phone", "created_at"])]

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"


class RateEvent(models.Model):
    """One counted customer action (a code sent, a page served) for the rate limits.

    Stored in the database so the limits hold across web processes.
    """

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=80)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("rate event")
        verbose_name_plural = _("rate events")
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"


class PortalSession(BaseModel):
    """A verified phone at a site, until ``expires_at`` (the cookie carries a signed key)."""

    key = models.CharField(max_length=64, unique=True)
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.CASCADE)
    phone = models.CharField(_("phone"), max_length=20)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    client_address = models.CharField(_("client address"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("portal session")
        verbose_name_plural = _("portal sessions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"


class PortalRequest(BaseModel):
    """A desk request made from the portal, tied to the verified number.

    ``identity_confirmed`` is False while the number matched no customer; the
    desk then matches it (``portal_request_match``).
    """

    ticket = models.OneToOneField(
        "desk.Ticket",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="portal_request",
    )
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    phone = models.CharField(_("verified phone"), max_length=20, db_index=True)
    link = models.ForeignKey(
        PortalLink,
        verbose_name=_("link used"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identity_confirmed = models.BooleanField(_("identity confirmed"), default=False)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("portal request")
        verbose_name_plural = _("portal requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "identity_confirmed"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.phone}"


def photo_path(instance: "PortalPhoto", filename: str) -> str:
    ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
        instance.content_type, "bin"
    )
    return f"portal/{instance.ticket_id}/{instance.nonce}.{ext}"


class PortalPhoto(BaseModel):
    """A photo the customer attached to a request (checked by content and size)."""

    ticket = models.ForeignKey(
        "desk.Ticket", verbose_name=_("request"), on_delete=models.CASCADE, related_name="+"
    )
    nonce = models.CharField(max_length=32)
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=32)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class RatingKind(models.TextChoices):
    REPLY = "reply", _("The reply")
    VISIT = "visit", _("The return visit")


class PortalRating(BaseModel):
    """The customer's rating of a reply or a return visit, once each per request."""

    ticket = models.ForeignKey(
        "desk.Ticket", verbose_name=_("request"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("rated"), max_length=10, choices=RatingKind.choices)
    score = models.PositiveSmallIntegerField(_("satisfaction"))
    satisfied = models.BooleanField(_("satisfied"))
    comment = models.TextField(_("comment"), blank=True)
    phone = models.CharField(_("verified phone"), max_length=20)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "kind"], name="portal_rating_once_uniq"),
            models.CheckConstraint(condition=models.Q(score__gte=1), name="portal_rating_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}={self.score}"


class OnlineSource(models.TextChoices):
    WEBSITE = "website", _("Company website")
    FORUM = "forum", _("Forum")
    WEIBO = "weibo", _("Weibo")
    OTHER = "other", _("Other online channel")


class ReplyStatus(models.TextChoices):
    NONE = "none", _("No reply drafted")
    SUBMITTED = "submitted", _("Awaiting the department's review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Reply approved")
    PUBLISHED = "published", _("Published")


class OnlineItem(BaseModel):
    """An item raised online, registered as a desk request with its source and link.

    Seed 000 L69: a designated person follows the website, forum and Weibo;
    replies to tenants on the forum are reviewed by the relevant departments
    before they are published. Written only by ``kefu.portal.services``.
    """

    ticket = models.OneToOneField(
        "desk.Ticket",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="online_item",
    )
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    source = models.CharField(_("source"), max_length=10, choices=OnlineSource.choices)
    url = models.URLField(_("link"), max_length=500)
    reply_draft = models.TextField(_("draft public reply"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("drafted at"), null=True, blank=True)
    reply_status = models.CharField(
        _("reply status"), max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.NONE
    )
    review_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("reviewing department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("online item")
        verbose_name_plural = _("online items")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "reply_status"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.source}"

    def get_absolute_url(self) -> str:
        return reverse("portal:online_detail", args=[self.pk])
