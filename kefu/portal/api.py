"""API of the portal under /api/v1/portal: unconfirmed identities and online items.

The customer's own pages are server-rendered (small, CSP-safe); this API is
for the staff side.
"""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.customers.selectors import access_customer
from kefu.desk.models import Category, RequestType
from kefu.org.selectors import access_site, user_site_ids
from kefu.portal import services
from kefu.portal.errors import TypeNotOffered
from kefu.portal.schemas import (
    DraftIn,
    MatchIn,
    OnlineIn,
    OnlineOut,
    OnlinePage,
    OnlineQuery,
    PortalRequestOut,
    PortalRequestPage,
    ReviewIn,
    UnconfirmedQuery,
)
from kefu.portal.selectors import (
    access_online_item,
    access_portal_request,
    online_items_for,
    unconfirmed_requests,
)

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


# --- online-channel items (seed 000 §3.10) -------------------------------------------------


@router.get("/online", response={200: OnlinePage, **ERRORS})
def online_list(request: HttpRequest, filters: Query[OnlineQuery]):
    """Items raised on the website, forum or Weibo, with their public reply's state."""
    site_ids = user_site_ids(request.auth)
    if filters.site:
        site_ids = {access_site(request.auth, filters.site).pk}
    return paginate(online_items_for(site_ids, status=filters.status), filters)


@router.get("/online/{item_id}", response={200: OnlineOut, **ERRORS})
def online_get(request: HttpRequest, item_id: int):
    """One online item of the user's sites."""
    return access_online_item(request.auth, item_id)


@router.post("/online", response={201: OnlineOut, **ERRORS})
def online_register(request: HttpRequest, payload: OnlineIn):
    """Register an online item as a desk request (the designated person, seed 000 L69)."""
    site = access_site(request.auth, payload.site_id)
    request_type = RequestType.objects.filter(site=site, code=payload.request_type).first()
    if request_type is None:
        raise TypeNotOffered(fields={"request_type": [str(TypeNotOffered.default_message)]})
    category = None
    if payload.category_id is not None:
        category = Category.objects.filter(site=site, pk=payload.category_id).first()
        if category is None:
            raise TypeNotOffered(fields={"category_id": [str(TypeNotOffered.default_message)]})
    item = services.online_item_register(
        actor=request.auth,
        site=site,
        request_type=request_type,
        category=category,
        source=payload.source,
        url=payload.url,
        subject=payload.subject,
        content=payload.content,
    )
    return Status(201, item)


@router.post("/online/{item_id}/draft", response={200: OnlineOut, **ERRORS})
def online_draft(request: HttpRequest, item_id: int, payload: DraftIn):
    """Draft the public reply and send it to the relevant department for review."""
    item = access_online_item(request.auth, item_id)
    return services.online_reply_draft(actor=request.auth, item=item, text=payload.text)


@router.post("/online/{item_id}/review", response={200: OnlineOut, **ERRORS})
def online_review(request: HttpRequest, item_id: int, payload: ReviewIn):
    """The relevant department approves the reply or returns it with a note."""
    item = access_online_item(request.auth, item_id)
    return services.online_reply_review(
        actor=request.auth, item=item, approve=payload.approve, note=payload.note
    )


@router.post("/online/{item_id}/publish", response={200: OnlineOut, **ERRORS})
def online_publish(request: HttpRequest, item_id: int):
    """Record that the approved reply was published."""
    item = access_online_item(request.auth, item_id)
    return services.online_reply_publish(actor=request.auth, item=item)
