"""API of the portal under /api/v1/portal: the desk matches unconfirmed identities.

The customer's own pages are server-rendered (small, CSP-safe); this API is
for the staff side.
"""

from django.http import HttpRequest
from ninja import Query, Router

from kefu.core.api import ERRORS, paginate
from kefu.customers.selectors import access_customer
from kefu.org.selectors import access_site, user_site_ids
from kefu.portal import services
from kefu.portal.schemas import MatchIn, PortalRequestOut, PortalRequestPage, UnconfirmedQuery
from kefu.portal.selectors import access_portal_request, unconfirmed_requests

router = Router(tags=["portal"])


@router.get("/unconfirmed", response={200: PortalRequestPage, **ERRORS})
def unconfirmed_list(request: HttpRequest, filters: Query[UnconfirmedQuery]):
    """Portal requests from numbers that matched no customer ("identity unconfirmed")."""
    site_ids = user_site_ids(request.auth)
    if filters.site:
        site_ids = {access_site(request.auth, filters.site).pk}
    return paginate(unconfirmed_requests(site_ids), filters)


@router.post("/requests/{portal_request_id}/match", response={200: PortalRequestOut, **ERRORS})
def request_match(request: HttpRequest, portal_request_id: int, payload: MatchIn):
    """File the request under a customer of its site; the number joins their contacts."""
    portal_request = access_portal_request(request.auth, portal_request_id)
    customer = access_customer(request.auth, payload.customer_id)
    return services.portal_request_match(
        actor=request.auth, portal_request=portal_request, customer=customer
    )
