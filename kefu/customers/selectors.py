"""Reads of customers: the hotline lookup and ``access_*`` selectors."""

from django.db.models import Q, QuerySet

from kefu.customers.errors import CustomerNotFound, UnitNotFound
from kefu.customers.models import Customer, Unit
from kefu.customers.rules import normalize_plate, phone_digits
from kefu.org.models import Site, User
from kefu.org.selectors import user_site_ids


def access_customer(user: User, customer_id: int | str) -> Customer:
    """The customer if it belongs to one of the user's sites, else not found."""
    try:
        pk = int(customer_id)
    except (TypeError, ValueError):
        raise CustomerNotFound() from None
    customer = (
        Customer.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site")
        .order_by()
        .first()
    )
    if customer is None:
        raise CustomerNotFound()
    return customer


def access_unit(user: User, unit_id: int | str) -> Unit:
    try:
        pk = int(unit_id)
    except (TypeError, ValueError):
        raise UnitNotFound() from None
    unit = Unit.objects.filter(pk=pk, site_id__in=user_site_ids(user)).order_by().first()
    if unit is None:
        raise UnitNotFound()
    return unit


def customer_search(
    *, user: User, q: str = "", site: Site | None = None, limit: int | None = 20
) -> QuerySet[Customer]:
    """Customers matching ``q`` by name, any part of a phone, unit or plate.

    Made for a hotline clerk typing while the caller talks: digits search the
    customer's and contacts' phones, ``3-1502`` or ``3栋1502`` finds the unit,
    anything else matches name, company and plate.
    """
    site_ids = user_site_ids(user)
    qs = Customer.objects.filter(site_id__in=site_ids)
    if site is not None:
        qs = qs.filter(site=site)
    q = (q or "").strip()
    if q:
        digits = phone_digits(q)
        cond = Q(name__icontains=q) | Q(company__icontains=q)
        cond |= Q(vehicles__plate__icontains=normalize_plate(q))
        if len(digits) >= 3 and len(digits) >= len(q.replace("-", "").replace(" ", "")) - 1:
            cond |= Q(phone_digits__contains=digits) | Q(contacts__phone__contains=digits)
        unit_cond = _unit_condition(q)
        if unit_cond is not None:
            cond |= unit_cond
        qs = qs.filter(cond).distinct()
    qs = qs.select_related("site").prefetch_related("units", "vehicles").order_by("name", "id")
    return qs[:limit] if limit else qs


def _unit_condition(q: str) -> Q | None:
    """``3-1502``, ``3栋1502``, ``A座 1502`` → building 3 / unit 1502."""
    import re

    match = re.match(r"^\s*([^\s\-栋座号樓棟]+)\s*[\-栋座樓棟号\s]+\s*(\S+?)\s*(室|号)?$", q)
    if match:
        building, number = match.group(1), match.group(2)
        return Q(units__building__iexact=building, units__number__iexact=number) | Q(
            units__building__iexact=f"{building}栋", units__number__iexact=number
        )
    if q.isdigit() and len(q) >= 3:
        return Q(units__number=q)
    return None


def units_for_site(site: Site) -> QuerySet[Unit]:
    return Unit.objects.filter(site=site).order_by("building", "number")


def customer_occupancies(customer: Customer) -> QuerySet:
    """The customer's units with their role (owner, tenant, resident)."""
    from kefu.customers.models import UnitOccupancy

    return (
        UnitOccupancy.objects.filter(customer=customer)
        .select_related("unit")
        .order_by("unit__building", "unit__number")
    )
