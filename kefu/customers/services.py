"""Customers: create and update customers, link units, vehicles and contacts.

Phone numbers are validated and stored in canonical form (seed 000 L155:
a landline carries its area code).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.core.errors import InvalidInput
from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.errors import BirthdayInvalid, NameRequired, PlateTaken, UnitWrongSite
from kefu.customers.models import (
    Contact,
    Customer,
    CustomerKind,
    OccupancyRole,
    Unit,
    UnitOccupancy,
    Vehicle,
)
from kefu.customers.rules import birthday_valid, normalize_phone, normalize_plate, phone_digits
from kefu.org.models import Site, User

CUSTOMER_FIELDS = ["kind", "name", "phone", "company", "id_number", "birthday", "notes"]


def _clean_customer_data(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(data)
    if "name" in cleaned:
        cleaned["name"] = (cleaned["name"] or "").strip()
        if not cleaned["name"]:
            raise NameRequired(fields={"name": [NameRequired.default_message]})
    if cleaned.get("phone"):
        cleaned["phone"] = normalize_phone(cleaned["phone"])
    if "kind" in cleaned and cleaned["kind"] not in CustomerKind.values:
        raise InvalidInput(code="customers.kind_invalid", fields={"kind": ["?"]})
    if not birthday_valid(cleaned.get("birthday"), today=timezone.localdate()):
        raise BirthdayInvalid(fields={"birthday": [str(BirthdayInvalid.default_message)]})
    return cleaned


@transaction.atomic
def customer_create(
    *,
    actor: User,
    site: Site,
    kind: str,
    name: str,
    phone: str = "",
    company: str = "",
    id_number: str = "",
    birthday: date | None = None,
    notes: str = "",
    unit: Unit | None = None,
    unit_role: str = OccupancyRole.TENANT,
    plate: str = "",
) -> Customer:
    """Create a customer, optionally linked to a unit and a vehicle plate."""
    data = _clean_customer_data(
        {
            "kind": kind,
            "name": name,
            "phone": phone,
            "company": company,
            "id_number": id_number,
            "birthday": birthday,
            "notes": notes,
        }
    )
    customer = Customer(site=site, phone_digits=phone_digits(data["phone"]), **data)
    customer.save()
    if unit is not None:
        customer_link_unit(actor=actor, customer=customer, unit=unit, role=unit_role, audit=False)
    if plate:
        vehicle_add(actor=actor, customer=customer, plate=plate, audit=False)
    audit_record(
        actor=actor,
        action="customers.customer_created",
        target=customer,
        site=site,
        changes={k: [None, v] for k, v in snapshot(customer, CUSTOMER_FIELDS).items() if v},
    )
    return customer


@transaction.atomic
def customer_update(*, actor: User, customer: Customer, **data: Any) -> Customer:
    """Change a customer's details; the change is audited field by field."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    data = _clean_customer_data({k: v for k, v in data.items() if k in CUSTOMER_FIELDS})
    before = snapshot(customer, CUSTOMER_FIELDS)
    for key, value in data.items():
        setattr(customer, key, value)
    customer.phone_digits = phone_digits(customer.phone)
    changes = diff(before, snapshot(customer, CUSTOMER_FIELDS))
    if changes:
        customer.save(update_fields=[*changes.keys(), "phone_digits", "updated_at"])
        audit_record(
            actor=actor,
            action="customers.customer_updated",
            target=customer,
            site=customer.site,
            changes=changes,
        )
    return customer


def customer_link_unit(
    *, actor: User, customer: Customer, unit: Unit, role: str, audit: bool = True
) -> UnitOccupancy:
    if unit.site_id != customer.site_id:
        raise UnitWrongSite()
    occupancy, _created = UnitOccupancy.objects.get_or_create(
        unit=unit, customer=customer, defaults={"role": role}
    )
    if audit:
        audit_record(
            actor=actor,
            action="customers.unit_linked",
            target=customer,
            site=customer.site,
            changes={"unit": [None, unit.pk]},
        )
    return occupancy


def vehicle_add(
    *, actor: User, customer: Customer, plate: str, model_name: str = "", audit: bool = True
) -> Vehicle:
    plate = normalize_plate(plate)
    if not plate:
        raise InvalidInput(code="customers.plate_invalid", fields={"plate": ["?"]})
    try:
        with transaction.atomic():
            vehicle = Vehicle.objects.create(
                customer=customer, site=customer.site, plate=plate, model_name=model_name
            )
    except IntegrityError:
        raise PlateTaken() from None
    if audit:
        audit_record(
            actor=actor,
            action="customers.vehicle_added",
            target=customer,
            site=customer.site,
            changes={"plate": [None, plate]},
        )
    return vehicle


def contact_add(
    *, actor: User, customer: Customer, name: str, phone: str = "", relation: str = ""
) -> Contact:
    contact = Contact.objects.create(
        customer=customer,
        name=name.strip(),
        phone=normalize_phone(phone) if phone else "",
        relation=relation,
    )
    audit_record(
        actor=actor,
        action="customers.contact_added",
        target=customer,
        site=customer.site,
        changes={"contact": [None, contact.name]},
    )
    return contact


@transaction.atomic
def unit_create(*, actor: User, site: Site, building: str, number: str) -> Unit:
    unit, _created = Unit.objects.get_or_create(
        site=site, building=building.strip(), number=number.strip()
    )
    return unit


def customers_bulk_create(
    *, site: Site, rows: Iterable[Any], batch_size: int = 2000, progress=None
) -> dict[str, int]:
    """Create many customers with their units, occupancies and vehicles, in batches.

    For imports: each row has ``name, kind, phone, id_number, company, notes,
    building, unit, plate, model_name`` already validated (phones and plates in
    canonical form). Units are reused when the site has them. Call inside the
    caller's transaction; the caller writes the one audit entry of the import.
    ``progress(n)`` is called after each batch with the rows written so far.
    """
    units = {(u.building, u.number): u for u in Unit.objects.filter(site=site)}
    created = {"customers": 0, "units": 0, "vehicles": 0}
    batch: list[Any] = []

    def flush() -> None:
        customers = [
            Customer(
                site=site,
                kind=r.kind,
                name=r.name,
                phone=r.phone,
                phone_digits=phone_digits(r.phone),
                id_number=r.id_number,
                company=r.company,
                notes=r.notes,
            )
            for r in batch
        ]
        Customer.objects.bulk_create(customers, batch_size=batch_size)
        new_units = []
        for r in batch:
            key = (r.building, r.unit)
            if r.building and key not in units:
                units[key] = Unit(site=site, building=r.building, number=r.unit)
                new_units.append(units[key])
        Unit.objects.bulk_create(new_units, batch_size=batch_size)
        UnitOccupancy.objects.bulk_create(
            [
                UnitOccupancy(
                    unit=units[(r.building, r.unit)],
                    customer=c,
                    role=OccupancyRole.TENANT
                    if c.kind == CustomerKind.TENANT
                    else OccupancyRole.OWNER,
                )
                for r, c in zip(batch, customers, strict=True)
                if r.building
            ],
            batch_size=batch_size,
        )
        vehicles = [
            Vehicle(customer=c, site=site, plate=r.plate, model_name=r.model_name)
            for r, c in zip(batch, customers, strict=True)
            if r.plate
        ]
        Vehicle.objects.bulk_create(vehicles, batch_size=batch_size)
        created["customers"] += len(customers)
        created["units"] += len(new_units)
        created["vehicles"] += len(vehicles)

    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            flush()
            batch = []
            if progress is not None:
                progress(created["customers"])
    if batch:
        flush()
        if progress is not None:
            progress(created["customers"])
    return created
