"""Customers, their units, vehicles and contacts (minimal; customer files come later)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class CustomerKind(models.TextChoices):
    OWNER = "owner", _("Owner")
    TENANT = "tenant", _("Tenant")
    BUYER = "buyer", _("Buyer")
    DEALER = "dealer", _("Dealer")
    COMPANY = "company", _("Company")
    VEHICLE_USER = "vehicle_user", _("Vehicle user")


class Customer(BaseModel):
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=20, choices=CustomerKind.choices)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    phone_digits = models.CharField(max_length=20, blank=True, db_index=True, editable=False)
    company = models.CharField(_("company"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    birthday = models.DateField(
        _("birthday"),
        null=True,
        blank=True,
        help_text=_("For the relationship-upkeep birthday greeting (seed 000 L753, L773)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["site", "name"])]

    def __str__(self) -> str:
        return self.name


class Unit(BaseModel):
    """A unit of a building at a site (楼栋/单元/房号)."""

    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    building = models.CharField(_("building"), max_length=50)
    number = models.CharField(_("unit number"), max_length=50)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    customers = models.ManyToManyField(
        Customer, through="UnitOccupancy", related_name="units", verbose_name=_("customers")
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["building", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "building", "number"], name="customers_unit_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.building}-{self.number}"


class OccupancyRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    TENANT = "tenant", _("Tenant")
    RESIDENT = "resident", _("Resident")


class UnitOccupancy(BaseModel):
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE)
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=20, choices=OccupancyRole.choices)

    class Meta:
        verbose_name = _("unit occupancy")
        verbose_name_plural = _("unit occupancies")
        constraints = [
            models.UniqueConstraint(fields=["unit", "customer"], name="customers_occupancy_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.customer} @ {self.unit}"


class Vehicle(BaseModel):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="vehicles"
    )
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    plate = models.CharField(_("plate"), max_length=16)
    model_name = models.CharField(_("model"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [
            models.UniqueConstraint(fields=["site", "plate"], name="customers_vehicle_plate_uniq")
        ]

    def __str__(self) -> str:
        return self.plate


class Contact(BaseModel):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    relation = models.CharField(_("relation"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name
