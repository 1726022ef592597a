"""API of joint-venture partners under /api/v1/accounts/partners (seed 000 篇七).

The grade is internal (L367): it is added to a partner's body only for callers
holding ``accounts.view_grade`` at the partner's site; for anyone else the key
is absent. Grade changes and snapshots are only for those roles too.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from kefu.accounts import partner_rules as pr
from kefu.accounts import selectors, services
from kefu.accounts.errors import PartnerNotFound
from kefu.accounts.models import Partner, PartnerSnapshot
from kefu.accounts.schemas import (
    AccountDecideIn,
    AccountVisitIn,
    AccountVisitOut,
    DueVisitOut,
    GradeChangeIn,
    GradeChangeOut,
    InitialCheckIn,
    OnsiteIn,
    PartnerAny,
    PartnerIn,
    PartnerOut,
    SnapshotOut,
)
from kefu.core.api import ERRORS
from kefu.core.errors import InvalidInput
from kefu.org.models import Department
from kefu.org.selectors import access_site

router = Router(tags=["accounts"])


def partner_out(user: Any, partner: Partner, grade_sites: set[int] | None = None) -> dict:
    body = {
        **{f: getattr(partner, f) for f in PartnerOut.model_fields if hasattr(partner, f)},
        "responsible_unit": str(partner.responsible_unit),
        "form_missing": pr.missing_form_items({t: getattr(partner, t) for t in pr.FORM_FIELDS}),
    }
    allowed = (
        partner.site_id in grade_sites
        if grade_sites is not None
        else selectors.may_see_grade(user, partner.site)
    )
    if allowed:
        body["grade"] = partner.grade
    return body


@router.get("/partners", response={200: list[PartnerAny], **ERRORS})
def partner_list(request: HttpRequest):
    partners = list(selectors.partner_list_for(request.auth)[:500])
    grade_sites = {
        s.pk for s in {p.site for p in partners} if selectors.may_see_grade(request.auth, s)
    }
    return [partner_out(request.auth, p, grade_sites) for p in partners]


@router.post("/partners", response={201: PartnerAny, **ERRORS})
def partner_register(request: HttpRequest, payload: PartnerIn):
    """Start 《联营工程合作方入网审批表》 (main table + three annexes, L361)."""
    site = access_site(request.auth, payload.site_id)
    unit = Department.objects.filter(site=site, pk=payload.responsible_unit_id).first()
    if unit is None:
        raise InvalidInput(code="accounts.ref_invalid", fields={"responsible_unit_id": ["?"]})
    data = payload.dict(exclude={"site_id", "responsible_unit_id"})
    partner = services.partner_register(
        actor=request.auth, site=site, responsible_unit=unit, **data
    )
    return Status(201, partner_out(request.auth, partner))


@router.get("/partners/visits-due", response={200: list[DueVisitOut], **ERRORS})
def visits_due(request: HttpRequest):
    """Due and overdue partner visits (L369–371), soonest first."""
    return [
        {
            "partner_id": r.partner.pk,
            "partner": r.partner.name,
            "kind": r.kind,
            "due_on": r.due_on,
            "overdue": r.overdue,
        }
        for r in selectors.partner_visits_due(request.auth, today=timezone.localdate())
    ]


@router.get("/partners/{partner_id}", response={200: PartnerAny, **ERRORS})
def partner_detail(request: HttpRequest, partner_id: int):
    return partner_out(request.auth, selectors.access_partner(request.auth, partner_id))


@router.post("/partners/{partner_id}/onsite-check", response={200: PartnerAny, **ERRORS})
def partner_onsite(request: HttpRequest, partner_id: int, payload: OnsiteIn):
    """The introducing department's on-site check; unclear means not qualified (L363)."""
    partner = selectors.access_partner(request.auth, partner_id)
    services.partner_onsite_check(actor=request.auth, partner=partner, **payload.dict())
    return partner_out(request.auth, partner)


@router.post("/partners/{partner_id}/submit", response={200: PartnerAny, **ERRORS})
def partner_submit(request: HttpRequest, partner_id: int):
    partner = selectors.access_partner(request.auth, partner_id)
    partner = services.partner_submit(actor=request.auth, partner=partner, now=timezone.now())
    return partner_out(request.auth, partner)


@router.post("/partners/{partner_id}/initial-check", response={200: PartnerAny, **ERRORS})
def partner_initial_check(request: HttpRequest, partner_id: int, payload: InitialCheckIn):
    """The partner office admits and grades, or turns away with an explanation (L365)."""
    partner = selectors.access_partner(request.auth, partner_id)
    partner = services.partner_initial_check(
        actor=request.auth, partner=partner, now=timezone.now(), **payload.dict()
    )
    return partner_out(request.auth, partner)


@router.post("/partners/{partner_id}/visits", response={201: AccountVisitOut, **ERRORS})
def partner_visit(request: HttpRequest, partner_id: int, payload: AccountVisitIn):
    """Record a visit; the partner's data is updated with ``updates`` (L373)."""
    partner = selectors.access_partner(request.auth, partner_id)
    visit = services.partner_visit_record(actor=request.auth, partner=partner, **payload.dict())
    return Status(201, visit)


@router.post("/partners/{partner_id}/grade-changes", response={201: GradeChangeOut, **ERRORS})
def grade_change_propose(request: HttpRequest, partner_id: int, payload: GradeChangeIn):
    """The responsible unit proposes a grade change (L387)."""
    partner = selectors.access_partner(request.auth, partner_id)
    change = services.grade_change_propose(
        actor=request.auth, partner=partner, now=timezone.now(), **payload.dict()
    )
    return Status(201, change)


@router.post("/grade-changes/{change_id}/decide", response={200: GradeChangeOut, **ERRORS})
def grade_change_decide(request: HttpRequest, change_id: int, payload: AccountDecideIn):
    """One side of the joint decision (partner office, market development; L387)."""
    change = selectors.access_grade_change(request.auth, change_id)
    return services.grade_change_decide(
        actor=request.auth, change=change, approve=payload.approve, now=timezone.now()
    )


@router.get("/partners/{partner_id}/snapshots", response={200: list[SnapshotOut], **ERRORS})
def partner_snapshots(request: HttpRequest, partner_id: int):
    """The read-only half-yearly archive copies of an A/B partner's file (L379)."""
    partner = selectors.access_partner(request.auth, partner_id)
    if not selectors.may_see_grade(request.auth, partner.site):
        raise PartnerNotFound()
    return list(PartnerSnapshot.objects.filter(partner=partner))
