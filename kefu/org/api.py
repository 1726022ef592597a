"""API of the org app: who the caller is, their sites, a site's desk set-up, deputies."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from kefu.core.api import ERRORS
from kefu.desk.selectors import site_desk_config
from kefu.org import services
from kefu.org.schemas import AbsenceIn, AbsenceOut, MeOut, SiteConfigOut, SiteOut
from kefu.org.selectors import (
    access_absence,
    access_position,
    access_site,
    access_user,
    site_list_for,
    user_roles,
)

router = Router(tags=["org"])


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest):
    """The caller, the sites they work at with their positions and capabilities,
    and the positions they act in now as a deputy."""
    return {"user": request.auth, "sites": user_roles(request.auth, timezone.now())}


@router.get("/sites", response={200: list[SiteOut], **ERRORS})
def site_list(request: HttpRequest):
    """The active sites the caller works at."""
    return site_list_for(request.auth)


@router.get("/sites/{site_id}/config", response={200: SiteConfigOut, **ERRORS})
def site_config(request: HttpRequest, site_id: int):
    """Channels, request types (numbering; whether the caller may register them)
    and categories (the position each is routed to) of one site."""
    return site_desk_config(request.auth, access_site(request.auth, site_id))


@router.post("/absences", response={201: AbsenceOut, **ERRORS})
def absence_declare(request: HttpRequest, payload: AbsenceIn):
    """Declare an absence and name a deputy (seed 002 L40). The holder is the
    caller unless a site manager declares it for someone else."""
    actor = request.auth
    absence = services.absence_declare(
        actor=actor,
        holder=access_user(actor, payload.holder_id) if payload.holder_id else actor,
        position=access_position(actor, payload.position_id),
        deputy=access_user(actor, payload.deputy_id),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        reason=payload.reason,
    )
    return Status(201, absence)


@router.post("/absences/{absence_id}/cancel", response={200: AbsenceOut, **ERRORS})
def absence_cancel(request: HttpRequest, absence_id: int):
    """End an absence now; work goes back to the holder."""
    absence = access_absence(request.auth, absence_id)
    return services.absence_cancel(actor=request.auth, absence=absence)
