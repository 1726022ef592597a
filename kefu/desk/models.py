"""The service desk: one record for every contact (《訴求(需求)記錄表》).

Configuration per site: channels, request types with their numbering schemes
and designated registrars, categories with their owning position (routing).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class NumberDateFormat(models.TextChoices):
    YYMMDD = "yymmdd", _("YYMMDD")
    YYYYMMDD = "yyyymmdd", _("YYYYMMDD")
    YYMM = "yymm", _("YYMM")
    NONE = "none", _("no date")


class NumberReset(models.TextChoices):
    YEARLY = "yearly", _("every year")
    MONTHLY = "monthly", _("every month")
    DAILY = "daily", _("every day")
    NEVER = "never", _("never")


class NumberingScheme(BaseModel):
    """How request numbers look: prefix + date + sequence (seed 002 L50: YYMMDDNNN).

    The sequence is zero-padded to ``seq_digits`` and simply grows wider when it
    passes the padding (the 1,000th complaint of a year is YYMMDD1000).
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, blank=True)
    date_format = models.CharField(
        _("date part"),
        max_length=10,
        choices=NumberDateFormat.choices,
        default=NumberDateFormat.YYMMDD,
    )
    seq_digits = models.PositiveSmallIntegerField(_("sequence digits"), default=3)
    reset = models.CharField(
        _("sequence restarts"),
        max_length=10,
        choices=NumberReset.choices,
        default=NumberReset.YEARLY,
    )

    class Meta:
        verbose_name = _("numbering scheme")
        verbose_name_plural = _("numbering schemes")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="desk_numbering_site_code_uniq"),
            models.UniqueConstraint(
                fields=["site", "prefix"], name="desk_numbering_site_prefix_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NumberCounter(models.Model):
    """The last sequence handed out by a scheme within one period (e.g. '2010')."""

    scheme = models.ForeignKey(NumberingScheme, on_delete=models.CASCADE, related_name="counters")
    period = models.CharField(max_length=10)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "period"], name="desk_counter_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code}/{self.period}={self.value}"


class Channel(BaseModel):
    """How a request came in: hotline, window, visit, online, email, letter, meeting."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="desk_channel_site_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class RequestType(BaseModel):
    """Emergency, repair, complaint, enquiry, suggestion … per site.

    ``registrar_positions``: when set, only holders of these positions (or
    their deputies) may register this type (seed 002 L40: only the 客服主任).
    ``requires_time_place``: the content must state time and place (seed 002 L54).
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    numbering = models.ForeignKey(
        NumberingScheme, verbose_name=_("numbering scheme"), on_delete=models.PROTECT
    )
    registrar_positions = models.ManyToManyField(
        "org.Position", verbose_name=_("designated registrars"), blank=True, related_name="+"
    )
    requires_category = models.BooleanField(_("category required"), default=False)
    requires_time_place = models.BooleanField(_("time and place required"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("request type")
        verbose_name_plural = _("request types")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="desk_type_site_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class Category(BaseModel):
    """A category of a request type, routed to its owning position (归口, seed 002 §3.1)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    request_type = models.ForeignKey(
        RequestType,
        verbose_name=_("request type"),
        on_delete=models.PROTECT,
        related_name="categories",
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    owner_position = models.ForeignKey(
        "org.Position",
        verbose_name=_("routed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request_type", "code"], name="desk_category_type_code_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Very urgent")


class Ticket(BaseModel):
    """One request of any type: the electronic 《訴求(需求)記錄表》.

    Written only by ``kefu.desk.services``.
    """

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    number = models.CharField(_("number"), max_length=32)
    number_seq = models.PositiveIntegerField(_("sequence"))
    request_type = models.ForeignKey(
        RequestType, verbose_name=_("request type"), on_delete=models.PROTECT
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT
    )
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    unit = models.ForeignKey(
        "customers.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    contact_name = models.CharField(_("caller name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("caller phone"), max_length=20, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"))
    occurred_at = models.DateTimeField(_("time of the event"), null=True, blank=True)
    occurred_place = models.CharField(_("place of the event"), max_length=200, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    is_serious = models.BooleanField(_("serious"), default=False)
    recording_ref = models.CharField(_("call recording"), max_length=200, blank=True)

    received_at = models.DateTimeField(_("intake time"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    handling_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_position = models.ForeignKey(
        "org.Position",
        verbose_name=_("handling position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    assigned_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    result = models.TextField(_("result"), blank=True)
    reply_content = models.TextField(_("reply to the customer"), blank=True)
    reply_method = models.CharField(_("reply method"), max_length=50, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("reply time"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="desk_ticket_site_number_uniq")
        ]
        indexes = [
            models.Index(fields=["site", "status", "received_at"]),
            models.Index(fields=["site", "request_type", "received_at"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("desk:ticket_detail", args=[self.pk])
