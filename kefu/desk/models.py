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

    # The composite indexes below lead with the site, the newest-first pair with the
    # intake time and the assignee's with the assignee: single-column indexes on those
    # (and on the creation time, which no read filters on) would only cost every
    # registration their upkeep and the planner their consideration.
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    site = models.ForeignKey(
        "org.Site", verbose_name=_("site"), on_delete=models.PROTECT, db_index=False
    )
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

    received_at = models.DateTimeField(_("intake time"))
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
        db_index=False,
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
    # the handling-opinion clock's stop: the department's opinion is back with
    # the desk (seed 002 L116); a reply implies it when no separate step exists
    opinion_at = models.DateTimeField(_("handling opinion received"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # SLA (kefu.desk.sla): deadlines computed by the services, stored so that
    # "overdue" and "due soon" are indexed queries. ``sla_next_due`` is the
    # earliest deadline of a clock not done yet; it is empty while paused.
    sla_policy = models.ForeignKey(
        "desk.SlaPolicy",
        verbose_name=_("SLA policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_response_due = models.DateTimeField(_("sign-for due"), null=True, blank=True)
    reply_due = models.DateTimeField(_("reply due"), null=True, blank=True)
    handling_opinion_due = models.DateTimeField(_("handling opinion due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    closure_due = models.DateTimeField(_("closure due"), null=True, blank=True)
    sla_next_due = models.DateTimeField(_("next deadline"), null=True, blank=True)
    sla_next_clock = models.CharField(_("next deadline's clock"), max_length=20, blank=True)
    sla_calendar_uncovered = models.BooleanField(
        _("deadline counted without the statutory calendar"), default=False
    )
    sla_paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    sla_paused_total = models.DurationField(_("time paused"), null=True, blank=True)
    urge_count = models.PositiveIntegerField(_("times urged"), default=0)
    # When the next warning or escalation step falls due (kefu.desk.escalation);
    # the SLA scan is one indexed query on it.
    sla_next_alert_at = models.DateTimeField(_("next SLA alert"), null=True, blank=True)

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
            models.Index(fields=["site", "status", "sla_next_due"]),
            models.Index(fields=["sla_next_due"]),
            models.Index(fields=["sla_next_alert_at"]),
            # the desk list: newest first, at one site or across the user's sites
            models.Index(fields=["site", "-received_at", "-id"], name="desk_ticket_site_newest"),
            models.Index(fields=["-received_at", "-id"], name="desk_ticket_newest"),
            # the on-time report (kefu.desk.sla_report): a month of each clock's deadlines
            *(
                models.Index(
                    fields=["site", f"{clock}_due"],
                    name=f"desk_due_{clock}",
                    condition=models.Q(**{f"{clock}_due__isnull": False}),
                )
                for clock in (
                    "first_response",
                    "reply",
                    "handling_opinion",
                    "resolution",
                    "closure",
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("desk:ticket_detail", args=[self.pk])


class SlaClock(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("Sign-for / first response")
    REPLY = "reply", _("Reply to the customer")
    HANDLING_OPINION = "handling_opinion", _("Handling opinion")
    RESOLUTION = "resolution", _("Resolution")
    CLOSURE = "closure", _("Closure")


class SlaDurationKind(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    CALENDAR_HOURS = "calendar_hours", _("hours")
    CALENDAR_DAYS = "calendar_days", _("days")
    SAME_DAY = "same_day", _("same day")
    NEXT_DAY = "next_day", _("next working day")


class SlaPolicy(BaseModel):
    """A site's SLA targets (``kefu.desk.sla``); one active policy per site."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    preset_key = models.CharField(_("preset"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # xgettext:no-python-format
    warn_at_percent = models.PositiveSmallIntegerField(_("warn at % of the time"), default=75)
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["site"],
                condition=models.Q(is_active=True),
                name="desk_sla_policy_one_active_per_site",
            ),
            models.CheckConstraint(
                condition=models.Q(warn_at_percent__gte=1, warn_at_percent__lte=100),
                name="desk_sla_policy_warn_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SlaTarget(BaseModel):
    """One clock's duration, for requests matching type / category / urgency.

    Empty match fields match anything; the most specific target wins
    (category, then urgency, then request type; see ``kefu.desk.sla``).
    """

    policy = models.ForeignKey(
        SlaPolicy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="targets"
    )
    clock = models.CharField(_("clock"), max_length=20, choices=SlaClock.choices)
    request_type_code = models.SlugField(_("request type code"), max_length=32, blank=True)
    category_code = models.SlugField(_("category code"), max_length=32, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, blank=True)
    kind = models.CharField(_("counted in"), max_length=20, choices=SlaDurationKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2, default=0)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="desk_sla_amount_gte_0")
        ]

    def __str__(self) -> str:
        return f"{self.get_clock_display()}: {self.amount} {self.get_kind_display()}"


class TicketPause(BaseModel):
    """A pause of a request's clocks while it waits on the customer (等待客户)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField(_("paused at"))
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(ended_at__isnull=True),
                name="desk_pause_one_open_per_ticket",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.started_at:%Y-%m-%d %H:%M}"


class TicketUrge(BaseModel):
    """催办: someone urged the request (who, when, note)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="urges")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("urged at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("urge")
        verbose_name_plural = _("urges")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.at:%Y-%m-%d %H:%M}"


class EscalationRecipient(models.TextChoices):
    ASSIGNEE = "assignee", _("Assignee")
    HANDLING_POSITION = "handling_position", _("Holder of the handling position")
    DEPARTMENT_HEAD = "department_head", _("Head of the handling department")
    POSITION = "position", _("Named position")


class EscalationAnchor(models.TextChoices):
    BREACH = "breach", _("after the deadline is missed")
    RECEIVED = "received", _("after intake")


class EscalationDurationKind(models.TextChoices):
    CALENDAR_HOURS = "calendar_hours", _("hours")
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class SlaEscalationStep(BaseModel):
    """One step of a policy's escalation chain (``kefu.desk.sla.StepSpec``).

    ``serious`` steps form the chain for serious (重大) requests (seed 000
    L557–L559); the others the normal chain. Steps run in ``sort_order``.
    """

    policy = models.ForeignKey(
        SlaPolicy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="steps"
    )
    serious = models.BooleanField(_("serious requests' chain"), default=False)
    recipient = models.CharField(
        _("who is told"), max_length=20, choices=EscalationRecipient.choices
    )
    position_code = models.SlugField(_("position code"), max_length=32, blank=True)
    anchor = models.CharField(
        _("counted from"),
        max_length=10,
        choices=EscalationAnchor.choices,
        default=EscalationAnchor.BREACH,
    )
    kind = models.CharField(
        _("counted in"),
        max_length=20,
        choices=EscalationDurationKind.choices,
        default=EscalationDurationKind.CALENDAR_HOURS,
    )
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2, default=0)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["serious", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="desk_escalation_amount_gte_0"
            ),
            models.CheckConstraint(
                condition=~models.Q(recipient="position") | ~models.Q(position_code=""),
                name="desk_escalation_position_code_required",
            ),
        ]

    def __str__(self) -> str:
        who = self.position_code if self.recipient == "position" else self.get_recipient_display()
        return f"{who} +{self.amount} {self.get_kind_display()} {self.get_anchor_display()}"


class SlaMarkKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    ESCALATION = "escalation", _("Escalation")


class TicketSlaMark(models.Model):
    """A warning or escalation step that was sent, once per deadline.

    The unique constraint is what makes the SLA scan idempotent: the mark and
    its notifications are written in one transaction.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="sla_marks")
    clock = models.CharField(_("clock"), max_length=20, choices=SlaClock.choices, blank=True)
    due = models.DateTimeField(_("deadline"))
    kind = models.CharField(_("kind"), max_length=10, choices=SlaMarkKind.choices)
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    at = models.DateTimeField(_("sent at"))
    recipients = models.JSONField(_("recipients"), default=list, blank=True)

    class Meta:
        verbose_name = _("SLA warning or escalation")
        verbose_name_plural = _("SLA warnings and escalations")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "clock", "due", "kind", "step"], name="desk_sla_mark_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.clock} #{self.step}"


class DeskConfigVersion(models.Model):
    """The version of a site's configuration: the desk's (``kefu.desk.config``)
    and the sales office's (``kefu.sales.config``), one row per site.

    Every write to the site's request types, channels, categories, numbering
    schemes, designated registrars, routing positions and SLA policies, and to
    its sales policy, reception groups and sales roles, sets a new random
    ``version`` in the writer's transaction (``desk_config_changed``), so each
    process's cached copies are dropped by the next request that reads them. A
    sales change thus also reloads the desk's copy and vice versa: rare admin
    events, and one version per site.
    """

    site = models.OneToOneField(
        "org.Site",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="desk_config_version",
    )
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("desk configuration version")
        verbose_name_plural = _("desk configuration versions")

    def __str__(self) -> str:
        return f"{self.site_id}@{self.version}"
