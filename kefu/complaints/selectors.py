"""Reads of complaint handling: access, the work board, the managers' view.

``access_complaint`` is the only way pages and the API resolve a complaint; a
complaint at a site the user does not work at is reported as not found.
"""

from datetime import datetime

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone

from kefu.complaints.errors import ComplaintNotFound
from kefu.complaints.models import Complaint, ComplaintNotice, Stage, VisitState
from kefu.org.models import User
from kefu.org.selectors import user_site_ids

OPEN_STAGES = [
    Stage.REGISTERED,
    Stage.ACCEPTED,
    Stage.TRANSFER_REQUESTED,
    Stage.TRANSFER_APPROVED,
    Stage.INVESTIGATING,
    Stage.OPINION_SUBMITTED,
    Stage.OPINION_APPROVED,
    Stage.REPLIED,
]

#: The 客服主任's board: column → the stages (and visit states) it shows.
BOARD_COLUMNS = [
    ("to_accept", [Stage.REGISTERED]),
    ("to_transfer", [Stage.ACCEPTED, Stage.TRANSFER_REQUESTED, Stage.TRANSFER_APPROVED]),
    ("waiting_opinion", [Stage.INVESTIGATING, Stage.OPINION_SUBMITTED]),
    ("to_reply", [Stage.OPINION_APPROVED]),
    ("to_visit", [Stage.REPLIED, Stage.CLOSED]),
]


def complaint_queryset() -> QuerySet[Complaint]:
    return Complaint.objects.select_related(
        "site",
        "ticket",
        "ticket__category",
        "ticket__customer",
        "ticket__received_by",
        "ticket__received_for",
        "ticket__assignee",
        "ticket__assigned_for",
        "ticket__handling_position",
        "complained_about",
        "transfer_position",
        "transfer_receiver",
    )


def access_complaint(user: User, complaint_id: int | str | None) -> Complaint:
    try:
        pk = int(complaint_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ComplaintNotFound() from None
    complaint = complaint_queryset().filter(pk=pk, site_id__in=user_site_ids(user)).first()
    if complaint is None:
        raise ComplaintNotFound()
    return complaint


def complaint_list_for(user: User, *, site_id: int | None = None) -> QuerySet[Complaint]:
    sites = user_site_ids(user)
    if site_id is not None:
        sites = sites & {site_id}
    return complaint_queryset().filter(site_id__in=sites)


def board_for(user: User, *, now: datetime | None = None) -> list[tuple[str, list[Complaint]]]:
    """The 客服主任's work board: to accept, to transfer, waiting for opinions,
    to reply, to visit; earliest deadline first in each column."""
    base = complaint_list_for(user).order_by(F("ticket__sla_next_due").asc(nulls_last=True), "pk")
    columns = []
    for key, stages in BOARD_COLUMNS:
        qs = base.filter(stage__in=stages)
        if key == "to_visit":
            qs = qs.filter(
                visit_state__in=[VisitState.SCHEDULED, VisitState.WAITING_DELIVERY]
            ).order_by(F("visit_due_on").asc(nulls_last=True), "pk")
        columns.append((key, list(qs[:50])))
    return columns


def managers_view_for(user: User, *, now: datetime | None = None) -> list[Complaint]:
    """Every open complaint at the user's sites, overdue first, then by deadline."""
    at = now or timezone.now()
    return list(
        complaint_list_for(user)
        .filter(stage__in=OPEN_STAGES)
        .annotate(
            overdue=Case(
                When(ticket__sla_next_due__lt=at, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("overdue", F("ticket__sla_next_due").asc(nulls_last=True), "pk")[:200]
    )


def open_notices_for(user: User) -> QuerySet[ComplaintNotice]:
    """Tracked items not done yet (with a deadline), earliest first."""
    return (
        ComplaintNotice.objects.filter(
            site_id__in=user_site_ids(user), due_at__isnull=False, done_at__isnull=True
        )
        .select_related("complaint__ticket", "recipient")
        .order_by("due_at", "pk")
    )


def notices_for(user: User) -> QuerySet[ComplaintNotice]:
    return (
        ComplaintNotice.objects.filter(recipient=user)
        .select_related("complaint__ticket")
        .order_by("-sent_at", "-pk")
    )


def access_notice(user: User, notice_id: int | str | None) -> ComplaintNotice:
    try:
        pk = int(notice_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ComplaintNotFound() from None
    notice = ComplaintNotice.objects.filter(pk=pk, site_id__in=user_site_ids(user)).first()
    if notice is None:
        raise ComplaintNotFound()
    return notice
