"""API of the customers app: the hotline lookup, create, read and correct customers."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.customers import services
from kefu.customers.schemas import (
    CustomerIn,
    CustomerOut,
    CustomerPage,
    CustomerPatch,
    CustomerQuery,
)
from kefu.customers.selectors import access_customer, access_unit, customer_search
from kefu.org.selectors import access_site

router = Router(tags=["customers"])


@router.get("", response={200: CustomerPage, **ERRORS})
def customer_list(request: HttpRequest, filters: Query[CustomerQuery]):
    """Customers of the caller's sites matching ``q`` (name, phone, unit, plate)."""
    site = access_site(request.auth, filters.site) if filters.site else None
    found = customer_search(user=request.auth, q=filters.q, site=site, limit=None)
    return paginate(found, filters)


@router.post("", response={201: CustomerOut, **ERRORS})
def customer_create(request: HttpRequest, payload: CustomerIn):
    """Create a customer; the phone is checked and stored in canonical form."""
    actor = request.auth
    data = payload.dict(exclude={"site_id", "unit_id", "birthday"})
    customer = services.customer_create(
        actor=actor,
        site=access_site(actor, payload.site_id),
        unit=access_unit(actor, payload.unit_id) if payload.unit_id else None,
        birthday=payload.birthday,
        **{key: str(value) for key, value in data.items()},
    )
    return Status(201, customer)


@router.get("/{customer_id}", response={200: CustomerOut, **ERRORS})
def customer_detail(request: HttpRequest, customer_id: int):
    return access_customer(request.auth, customer_id)


@router.patch("/{customer_id}", response={200: CustomerOut, **ERRORS})
def customer_update(request: HttpRequest, customer_id: int, payload: CustomerPatch):
    """Correct a customer's details; only the fields in the body change."""
    customer = access_customer(request.auth, customer_id)
    return services.customer_update(actor=request.auth, customer=customer, **payload.changes())
