"""Guest visits (来访接待): booking → verification → confirmation → preparation →
reception → departure → satisfaction, the guest classes that set host, escorts
and spend cap, and the urging record (催办记录) of needs handed to departments.

seed 003 §2.2 and §5 (the generic reception records and steps), seed 000 §3.25
and §4.5 (guest classes a–d, cost caps per head, escorts, important gifts).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kefu.core.models import BaseModel


class GuestPolicy(BaseModel):
    """A site's reception rules, copied from a preset (``policies.PRESETS``) and then edited.

    ``escort_bands`` is a list of ``[max_guests, escorts]`` (the last band's
    ``max_guests`` is ``null``: "more"), seed 000 L223. ``cap_tolerance_pct``
    makes "300元左右/人" a soft cap (seed 000 §4.5 note). ``urge_working_days``
    is the default deadline of a need handed to a department (seed 003 [H]
    L131–137 gives none: GAP, configurable).
    """

    site = models.OneToOneField(
        "org.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="guest_policy"
    )
    preset = models.CharField(_("preset"), max_length=32)
    escort_bands = models.JSONField(_("escort bands"), default=list)
    cap_tolerance_pct = models.PositiveSmallIntegerField(_("cap tolerance (%)"), default=0)
    urge_working_days = models.PositiveSmallIntegerField(_("urging deadline (working days)"))
    urge_repeat_working_days = models.PositiveSmallIntegerField(
        _("urge again after (working days)"), default=1
    )
    important_gift_value = models.DecimalField(
        _("important gift from (yuan)"), max_digits=10, decimal_places=2, default=Decimal("1000")
    )
    gift_report_position = models.CharField(
        _("important gifts reported to (position code)"), max_length=32, blank=True
    )

    class Meta:
        verbose_name = _("reception policy")
        verbose_name_plural = _("reception policies")

    def __str__(self) -> str:
        return f"{self.site} · {self.preset}"


class GuestClass(BaseModel):
    """Guest class a–d (seed 000 L215–223): who hosts, and the spend cap per head."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=50)
    host_level = models.CharField(_("host level"), max_length=100)
    host_position = models.CharField(_("host position code"), max_length=32, blank=True)
    cap_per_head = models.DecimalField(
        _("spend cap per head (yuan)"), max_digits=10, decimal_places=2
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guest class")
        verbose_name_plural = _("guest classes")
        ordering = ["site", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="guests_class_site_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class BookingChannel(models.TextChoices):
    """seed 003 [C] L51, [I] L142: phone, e-mail, online booking, internal system."""

    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    ONLINE = "online", _("Online form")
    INTERNAL = "internal", _("Internal system")


class VisitStatus(models.TextChoices):
    """seed 003 §2.2.1: requested → verified → confirmed → held → departed → closed."""

    REQUESTED = "requested", pgettext_lazy("guest visit", "Requested")
    VERIFIED = "verified", pgettext_lazy("guest visit", "Verified")
    CONFIRMED = "confirmed", pgettext_lazy("guest visit", "Confirmed")
    HELD = "held", pgettext_lazy("guest visit", "Received")
    DEPARTED = "departed", pgettext_lazy("guest visit", "Departed")
    CLOSED = "closed", pgettext_lazy("guest visit", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("guest visit", "Cancelled")


class SpendStatus(models.TextChoices):
    NONE = "none", _("No spend recorded")
    WITHIN_CAP = "within_cap", _("Within the cap")
    PENDING = "pending", _("Over the cap: approval pending")
    APPROVED = "approved", _("Over the cap: approved")
    REFUSED = "refused", _("Over the cap: refused")


class GuestVisit(BaseModel):
    """One booked visit and its reception record."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guest_visits",
    )
    guest_name = models.CharField(_("guest"), max_length=100)
    company = models.CharField(_("company"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    channel = models.CharField(_("booked by"), max_length=16, choices=BookingChannel.choices)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place / room"), max_length=100)
    headcount = models.PositiveSmallIntegerField(_("headcount"))
    agenda = models.TextField(_("agenda"), blank=True)
    bring_documents = models.TextField(_("documents to bring"), blank=True)
    guest_class = models.ForeignKey(
        GuestClass, verbose_name=_("guest class"), on_delete=models.PROTECT, related_name="+"
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    escorts = models.PositiveSmallIntegerField(_("escorts"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.REQUESTED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    letter_sent_at = models.DateTimeField(_("letter sent at"), null=True, blank=True)
    spend_total = models.DecimalField(
        _("spend (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    spend_status = models.CharField(
        _("spend"), max_length=16, choices=SpendStatus.choices, default=SpendStatus.NONE
    )
    spend_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("spend decided by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    met_by = models.CharField(_("who met the guests"), max_length=200, blank=True)
    needs_heard = models.TextField(_("needs heard"), blank=True)
    content = models.TextField(_("main content"), blank=True)
    departed_at = models.DateTimeField(_("departed at"), null=True, blank=True)
    next_contact_at = models.DateTimeField(_("next contact"), null=True, blank=True)
    next_contact_method = models.CharField(_("next contact method"), max_length=100, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    satisfaction_note = models.TextField(_("satisfaction note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("guest visit")
        verbose_name_plural = _("guest visits")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["site", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="guests_visit_headcount_positive"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | (Q(satisfaction__gte=1) & Q(satisfaction__lte=5)),
                name="guests_visit_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guest_name} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("guests:visit_detail", args=[self.pk])


class VisitChange(BaseModel):
    """A change of an agreed visit, with the customer's consent (seed 003 [Q] L280)."""

    visit = models.ForeignKey(
        GuestVisit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="changes"
    )
    changes = models.JSONField(_("changes"), default=dict)
    consent_note = models.CharField(_("how the customer agreed"), max_length=200)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("visit change")
        verbose_name_plural = _("visit changes")
        ordering = ["at", "id"]


class PrepItem(models.TextChoices):
    """seed 003 §5.2: background, materials, room, vehicle, catering, staff."""

    BACKGROUND = "background", _("Customer background")
    MATERIALS = "materials", _("Materials")
    ROOM = "room", _("Room and equipment")
    VEHICLE = "vehicle", _("Vehicle and driver")
    CATERING = "catering", _("Catering")
    STAFF = "staff", _("Staff assigned")


class VisitPrep(BaseModel):
    visit = models.ForeignKey(
        GuestVisit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="prep"
    )
    item = models.CharField(_("item"), max_length=16, choices=PrepItem.choices)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    done_at = models.DateTimeField(_("done at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("preparation item")
        verbose_name_plural = _("preparation items")
        ordering = ["done_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="guests_prep_visit_item_uniq")
        ]


class Gift(BaseModel):
    """A gift given or received; important ones are reported (seed 000 L225)."""

    visit = models.ForeignKey(
        GuestVisit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="gifts"
    )
    description = models.CharField(_("gift"), max_length=200)
    value = models.DecimalField(_("value (yuan)"), max_digits=10, decimal_places=2)
    received = models.BooleanField(_("received from the guest"), default=False)
    important = models.BooleanField(_("important"), default=False)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["id"]


class UrgingKind(models.TextChoices):
    """seed 003 [H] L131 第八条: needs raised during reception, and questions,
    suggestions and complaints raised after it; plus questions that could not
    be answered during the visit ([O] L242)."""

    NEED = "need", _("Need or problem")
    QUESTION = "question", _("Unanswered question")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")


class UrgingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("urging", "Open")
    RESOLVED = "resolved", pgettext_lazy("urging", "Resolved")
    FED_BACK = "fed_back", _("Fed back to the customer")


class UrgingItem(BaseModel):
    """One line of the urging record (催办记录, seed 003 §2.2.6): need, department,
    solution, deadline, progress, reminders sent."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    visit = models.ForeignKey(
        GuestVisit, verbose_name=_("visit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="urging_items",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=UrgingKind.choices)
    content = models.TextField(_("need or problem"))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("responsible department"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    due_at = models.DateTimeField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=UrgingStatus.choices, default=UrgingStatus.OPEN
    )
    solution = models.TextField(_("solution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    fed_back_at = models.DateTimeField(_("fed back at"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the customer"), blank=True)
    urge_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_urged_at = models.DateTimeField(_("last urged at"), null=True, blank=True)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handed over by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    handed_at = models.DateTimeField(_("handed over at"))

    class Meta:
        verbose_name = _("urging item")
        verbose_name_plural = _("urging record")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["site", "status", "due_at"])]

    def __str__(self) -> str:
        return self.content[:40]

    def get_absolute_url(self) -> str:
        return reverse("guests:urging_list") + f"#urge-{self.pk}"


class UrgingEntryKind(models.TextChoices):
    HANDED = "handed", _("Handed to the department")
    PROGRESS = "progress", _("Progress")
    URGED = "urged", _("Urged")
    RESOLVED = "resolved", pgettext_lazy("urging", "Resolved")
    FED_BACK = "fed_back", _("Fed back")


class UrgingEntry(BaseModel):
    """The progress and reminders of one urging item, in order."""

    item = models.ForeignKey(
        UrgingItem, verbose_name=_("urging item"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=UrgingEntryKind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("urging entry")
        verbose_name_plural = _("urging entries")
        ordering = ["at", "id"]
