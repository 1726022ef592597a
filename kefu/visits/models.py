"""Return visits (回访), the site's visit settings, and satisfaction surveys.

Written only by ``kefu.visits.services`` (``VisitSettings``, questionnaires
and campaigns' configuration also through the admin).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kefu.core.models import BaseModel
from kefu.visits import rules
from kefu.visits.policies import DEFAULT_SCALE, SCALE_PRESETS


class VisitReason(models.TextChoices):
    COMPLAINT_REPLY = "complaint_reply", _("After a complaint reply")
    REPAIR_DELIVERED = "repair_delivered", _("After a repaired product is delivered")
    HANDOVER_15D = "handover_15d", _("15 days after hand-over")
    HANDOVER_1M = "handover_1m", _("1 month after hand-over")
    HANDOVER_3M = "handover_3m", _("3 months after hand-over")
    HANDOVER_6M = "handover_6m", _("6 months after hand-over")
    OTHER = "other", _("Other")


HANDOVER_REASONS = [r for r, _offset in rules.HANDOVER_SCHEDULE]


class VisitStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("visit status", "Due")
    DONE = "done", pgettext_lazy("visit status", "Done")
    NOT_REACHED = "not_reached", _("Not reached")
    CANCELLED = "cancelled", _("Cancelled")


class VisitSettings(BaseModel):
    """A site's return-visit settings: scale, attempts and offsets.

    Defaults are the seeds' numbers (seed 002 L156–158; seed 004 L271–275).
    """

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    scale = models.CharField(
        _("satisfaction scale"),
        max_length=20,
        default=DEFAULT_SCALE,
        choices=[(k, p.name) for k, p in SCALE_PRESETS.items()] + [("custom", _("Custom"))],
    )
    custom_labels = models.JSONField(
        _("custom scale labels (lowest first)"), default=list, blank=True
    )
    satisfied_from = models.PositiveSmallIntegerField(
        _("satisfied from (value)"),
        null=True,
        blank=True,
        help_text=_("Empty: the scale's own threshold."),
    )
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=3)
    retry_working_days = models.PositiveSmallIntegerField(
        _("retry after (working days)"), default=1
    )
    reply_offset_days = models.PositiveSmallIntegerField(
        _("visit after a complaint reply (days)"), default=15
    )
    repair_offset_days = models.PositiveSmallIntegerField(
        _("visit after a repaired product is delivered (days)"), default=1
    )
    unsatisfied_follow_up_working_days = models.PositiveSmallIntegerField(
        _("visit again after an unsatisfied visit (working days)"), default=3
    )
    handover_schedule = models.JSONField(
        _("hand-over schedule"),
        default=list,
        blank=True,
        help_text=_("Empty: 15d, 1m, 3m, 6m (seed 004)."),
    )
    default_visitor_position = models.ForeignKey(
        "org.Position",
        verbose_name=_("default visitor position"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("return-visit settings")
        verbose_name_plural = _("return-visit settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="visits_settings_attempts_gte_1"
            )
        ]

    def __str__(self) -> str:
        return str(self.site_id)


class ReturnVisit(BaseModel):
    """One return visit (回访) to one customer: due date, visitor, attempts, result."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="return_visits",
    )
    unit = models.ForeignKey(
        "customers.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    ticket = models.ForeignKey(
        "desk.Ticket",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="return_visits",
    )
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows the visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=VisitReason.choices)
    anchor_on = models.DateField(_("counted from"), null=True, blank=True)
    due_on = models.DateField(_("due on"), db_index=True)
    first_due_on = models.DateField(_("first due on"))
    visitor_position = models.ForeignKey(
        "org.Position",
        verbose_name=_("visitor position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="return_visits",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.DUE
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    reached = models.BooleanField(_("reached"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    satisfaction_label = models.CharField(_("satisfaction (label)"), max_length=30, blank=True)
    satisfied = models.BooleanField(_("satisfied"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    customer_words = models.TextField(_("the customer's own words"), blank=True)
    note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["site", "status", "due_on"]),
            models.Index(fields=["visitor", "status", "due_on"]),
        ]
        constraints = [
            # One hand-over visit of each kind per customer and unit (the schedule
            # can be generated twice without doubling it).
            models.UniqueConstraint(
                fields=["customer", "unit", "reason"],
                condition=models.Q(reason__in=HANDOVER_REASONS, follows__isnull=True)
                & ~models.Q(status=VisitStatus.CANCELLED),
                name="visits_one_handover_visit_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1),
                name="visits_satisfaction_gte_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.due_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("visits:visit_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == VisitStatus.DUE


class VisitAttempt(BaseModel):
    """One call or call at the door: reached or not (the visit's history)."""

    visit = models.ForeignKey(ReturnVisit, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reached = models.BooleanField(_("reached"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("visit attempt")
        verbose_name_plural = _("visit attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.at:%Y-%m-%d %H:%M}"


# --- satisfaction surveys (满意度调查) ---------------------------------------------------


class Questionnaire(BaseModel):
    """The questions of a satisfaction survey (configuration, reused every year)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["site", "name"]

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Satisfaction scale")
    TEXT = "text", _("Free text")


class Question(BaseModel):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class TargetRule(models.TextChoices):
    """Who a campaign asks (seed 000 L63: every tenant; L249: yearly opinion survey)."""

    ALL_OCCUPANTS = "all_occupants", _("Every current owner and tenant")
    OWNERS = "owners", _("Every owner")
    TENANTS = "tenants", _("Every tenant")
    NONE = "none", _("Added by hand")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyCampaign(BaseModel):
    """A yearly satisfaction survey (满意度调查, seed 000 L119, L249; seed 001 L349)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    target_rule = models.CharField(
        _("target list"),
        max_length=20,
        choices=TargetRule.choices,
        default=TargetRule.ALL_OCCUPANTS,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(
        _("links expire after"), null=True, blank=True, help_text=_("The last day to answer.")
    )
    # xgettext:no-python-format
    target_percent = models.PositiveSmallIntegerField(
        _("satisfaction target (%)"),
        null=True,
        blank=True,
        help_text=_("Below it, corrective action is due (seed 000 L121)."),
    )
    scale = models.JSONField(_("scale"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("visits:campaign_detail", args=[self.pk])


class SurveyTarget(BaseModel):
    """One customer asked in a campaign, with their personal link's token."""

    campaign = models.ForeignKey(
        SurveyCampaign, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="targets"
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "customers.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    token = models.CharField(_("link token"), max_length=64, unique=True, editable=False)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_via = models.CharField(_("answered via"), max_length=10, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey target")
        verbose_name_plural = _("survey targets")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "customer"], name="visits_target_one_per_customer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.customer_id}"


class SurveyAnswer(BaseModel):
    target = models.ForeignKey(SurveyTarget, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["target", "question"], name="visits_answer_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.target_id}/{self.question_id}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CorrectiveAction(BaseModel):
    """问题整改: a corrective action from a survey's findings (seed 000 L121; 001 L351)."""

    campaign = models.ForeignKey(
        SurveyCampaign,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="corrective_actions",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("problem"), max_length=200)
    measure = models.TextField(_("corrective measure"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    result = models.TextField(_("result"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


# --- tenant meetings, in-person visits and visit plans (seed 000 L39, L55–63) ------------


class MeetingKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly all-tenant meeting")
    EXTRA = "extra", _("Extra meeting for a major event")


class TenantMeeting(BaseModel):
    """The all-tenant meeting (租户大会), every quarter or for a major event (seed 000 L39)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    topics = models.TextField(_("topics"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tenant meeting")
        verbose_name_plural = _("tenant meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on}"


class MeetingAttendance(BaseModel):
    """A tenant met in person at a meeting (counts toward face-to-face coverage, L57)."""

    meeting = models.ForeignKey(TenantMeeting, on_delete=models.CASCADE, related_name="attendance")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "customer"], name="visits_attendance_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.customer} @ {self.meeting}"


class MeetingSuggestion(BaseModel):
    """A suggestion raised at a meeting, registered as a desk request so the
    100% reply rate covers it (seed 000 L57 《訴求(需求)記錄表》)."""

    meeting = models.ForeignKey(TenantMeeting, on_delete=models.CASCADE, related_name="suggestions")
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("tenant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("suggestion"))
    ticket = models.OneToOneField(
        "desk.Ticket", verbose_name=_("request"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting suggestion")
        verbose_name_plural = _("meeting suggestions")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class TenantVisit(BaseModel):
    """An in-person visit to a tenant (拜访, seed 000 L63: 年拜访率100%)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visited on"), db_index=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("tenant visit")
        verbose_name_plural = _("tenant visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["site", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.customer} {self.visited_on}"


class VisitPlanItem(BaseModel):
    """The month a tenant is planned to be visited in a year (the visit plan, L63)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("visit plan entry")
        verbose_name_plural = _("visit plan")
        ordering = ["year", "month", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "customer"], name="visits_plan_item_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="visits_plan_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.year}-{self.month:02d}"
