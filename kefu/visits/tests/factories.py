"""Visits test data, made through the services so the rules apply."""

from datetime import date

from kefu.customers.models import Customer, UnitOccupancy
from kefu.customers.services import customer_create, unit_create
from kefu.org.models import Site, User
from kefu.visits.models import ReturnVisit
from kefu.visits.services import visit_schedule


def resident(
    *, actor: User, site: Site, name: str = "张业主", building="1栋", number="101", role="owner"
) -> Customer:
    unit = unit_create(actor=actor, site=site, building=building, number=number)
    return customer_create(
        actor=actor, site=site, kind=role, name=name, phone="13900000001", unit=unit, unit_role=role
    )


def occupancy_of(customer: Customer) -> UnitOccupancy:
    return UnitOccupancy.objects.select_related("unit", "customer").get(customer=customer)


def schedule(
    *, actor: User, customer: Customer, due_on: date, reason: str = "other", **kwargs
) -> ReturnVisit:
    return visit_schedule(
        actor=actor, site=customer.site, reason=reason, due_on=due_on, customer=customer, **kwargs
    )
