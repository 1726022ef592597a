"""Who works where: sites, departments, positions, users, deputies, API tokens."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class SiteKind(models.TextChoices):
    PROPERTY_CENTRE = "property_centre", _("Property service centre")
    SALES_OFFICE = "sales_office", _("Sales office")
    CAR_DEALER = "car_dealer", _("Car dealer")
    FIELD_SERVICE = "field_service", _("Field-service vendor")
    MANUFACTURER = "manufacturer", _("Manufacturer")
    OTHER = "other", _("Other")


class Capability(models.TextChoices):
    """What a position may do. Positions carry a set of these codes."""

    REGISTER = "desk.register", _("Register requests")
    TRIAGE = "desk.triage", _("Accept, reject and assign requests")
    HANDLE = "desk.handle", _("Handle assigned requests")
    CLOSE = "desk.close", _("Close requests")
    REOPEN = "desk.reopen", _("Reopen requests")
    MANAGE = "site.manage", _("Manage the site's configuration")


class Site(BaseModel):
    """A project, store or sales office (项目/门店/案场). Every record belongs to one."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, choices=SiteKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    hotline = models.CharField(_("hotline"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Department(BaseModel):
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="org_department_site_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class Position(BaseModel):
    """A post such as 客服主任 or 总经理 at one site, with what it may do."""

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="org_position_site_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff member. Sites come from the positions the user holds."""

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.shown_name(self.display_name, self.first_name, self.last_name, self.username)

    @staticmethod
    def shown_name(display_name: str, first_name: str, last_name: str, username: str) -> str:
        """How a user is named on pages and in the API: the display name, else the
        full name (``get_full_name``), else the username. Static so that a list read
        with ``values()`` names its users the same way (``ticket_list_rows``)."""
        return display_name or f"{first_name} {last_name}".strip() or username


class PositionAssignment(BaseModel):
    """A user holds a position (and so works at its site)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="assignments"
    )

    class Meta:
        verbose_name = _("position holder")
        verbose_name_plural = _("position holders")
        constraints = [
            models.UniqueConstraint(fields=["user", "position"], name="org_assignment_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.position}"


class Absence(BaseModel):
    """A holder is away and names a deputy (代理) for one position (seed 002 L40)."""

    holder = models.ForeignKey(
        User, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="absences"
    )
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE)
    deputy = models.ForeignKey(
        User, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="deputyships"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("absence and deputy")
        verbose_name_plural = _("absences and deputies")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["position", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="org_absence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder} → {self.deputy} ({self.position})"


class ApiToken(BaseModel):
    """A bearer token for the API. Only a SHA-256 digest of the key is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
