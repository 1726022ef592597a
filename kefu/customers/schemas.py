"""API schemas of the customers app."""

from datetime import date, datetime

from ninja import Field, Schema

from kefu.core.schemas import Day, PageOut, PageQuery, PatchSchema, RecordId
from kefu.customers.models import CustomerKind, OccupancyRole


class SiteRef(Schema):
    id: int
    code: str
    name: str


class UnitOut(Schema):
    id: int
    building: str
    number: str


class VehicleOut(Schema):
    id: int
    plate: str
    model_name: str


class ContactOut(Schema):
    id: int
    name: str
    phone: str
    relation: str


class CustomerListItem(Schema):
    id: int
    site: SiteRef
    kind: CustomerKind
    name: str
    phone: str
    company: str
    units: list[UnitOut]
    vehicles: list[VehicleOut]

    @staticmethod
    def resolve_units(obj) -> list:
        return list(obj.units.all())

    @staticmethod
    def resolve_vehicles(obj) -> list:
        return list(obj.vehicles.all())


class CustomerOut(CustomerListItem):
    id_number: str
    birthday: date | None
    notes: str
    contacts: list[ContactOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_contacts(obj) -> list:
        return list(obj.contacts.all())


class CustomerPage(PageOut):
    items: list[CustomerListItem]


class CustomerQuery(PageQuery):
    q: str = Field("", description="Name, company, any part of a phone, unit (3-1502) or plate.")
    site: RecordId | None = Field(None, description="Only this site's customers.")


class CustomerIn(Schema):
    site_id: RecordId
    kind: CustomerKind
    name: str = Field(max_length=100)
    phone: str = Field("", description="Mobile, or landline with area code (010-12345678).")
    company: str = Field("", max_length=100)
    id_number: str = Field("", max_length=32)
    birthday: Day | None = Field(None, description="For the birthday greeting (YYYY-MM-DD).")
    notes: str = ""
    unit_id: RecordId | None = Field(
        None, description="Link the customer to this unit of the site."
    )
    unit_role: OccupancyRole = OccupancyRole.TENANT
    plate: str = Field("", description="Register a vehicle plate for the customer.")


class CustomerPatch(PatchSchema):
    nullable = frozenset({"birthday"})  # null clears a recorded birthday

    kind: CustomerKind | None = None
    name: str | None = Field(None, max_length=100)
    phone: str | None = None
    company: str | None = Field(None, max_length=100)
    id_number: str | None = Field(None, max_length=32)
    birthday: Day | None = None
    notes: str | None = None
