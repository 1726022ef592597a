"""Satisfaction surveys (满意度调查, seed 000 L119, L249; seed 001 L349–351).

Written only by ``kefu.visits.services`` (questionnaires and campaigns'
configuration also through the admin).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


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
