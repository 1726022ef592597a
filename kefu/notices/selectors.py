"""Reads of the notices app: the register, one notice, its recipients.

``access_notice`` and friends are the only way pages and the API fetch a
record; another site's record is reported as not found.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import or_

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kefu.customers.models import Customer
from kefu.notices import rules
from kefu.notices.errors import (
    FindingNotFound,
    InspectionNotFound,
    NoticeNotFound,
    RecipientNotFound,
    TemplateNotFound,
)
from kefu.notices.models import (
    Greeting,
    InspectionFinding,
    InspectionReport,
    Notice,
    NoticeKind,
    NoticeRecipient,
    NoticeStatus,
    NoticeTemplate,
)
from kefu.org.models import Site, User
from kefu.org.selectors import capability_grant, user_site_ids


def _pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def may(user: User, site: Site, capability: str) -> bool:
    return (
        capability_grant(user=user, site=site, capability=capability, at=timezone.now()) is not None
    )


@dataclass(frozen=True)
class NoticeFilters:
    site: int | None = None
    status: str = ""
    kind: str = ""


def notice_list_for(user: User, filters: NoticeFilters | None = None) -> QuerySet[Notice]:
    """Notices of the user's sites, newest first, with recipient and signed counts."""
    filters = filters or NoticeFilters()
    qs = Notice.objects.filter(site_id__in=user_site_ids(user))
    if filters.site:
        qs = qs.filter(site_id=filters.site)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return (
        qs.select_related("site", "department", "drafted_by")
        .annotate(
            recipient_count=Count("recipients"),
            signed_count=Count("recipients", filter=Q(recipients__signed_at__isnull=False)),
            outstanding_count=Count("recipients", filter=Q(recipients__signed_at__isnull=True)),
        )
        .order_by("-created_at", "-id")
    )


def status_counts(user: User) -> dict[str, int]:
    """How many notices are at each step, for the register's header."""
    rows = (
        Notice.objects.filter(site_id__in=user_site_ids(user))
        .values("status")
        .annotate(n=Count("id"))
    )
    counts = {s: 0 for s in NoticeStatus.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def outstanding_total(user: User) -> int:
    """Recipients of sent notices who have not signed yet (all the user's sites)."""
    return NoticeRecipient.objects.filter(
        notice__site_id__in=user_site_ids(user),
        notice__status=NoticeStatus.SENT,
        signed_at__isnull=True,
    ).count()


def access_notice(user: User, notice_id) -> Notice:
    notice = (
        notice_list_for(user)
        .select_related("template", "deliverer", "approved_by", "sealed_by", "issued_by", "parent")
        .filter(pk=_pk(notice_id))
        .first()
    )
    if notice is None:
        raise NoticeNotFound()
    return notice


def notice_recipients(notice: Notice) -> QuerySet[NoticeRecipient]:
    return notice.recipients.select_related("customer", "unit", "recorded_by").order_by(
        "unit__building", "unit__number", "id"
    )


def access_recipient(notice: Notice, recipient_id) -> NoticeRecipient:
    recipient = notice_recipients(notice).filter(pk=_pk(recipient_id)).first()
    if recipient is None:
        raise RecipientNotFound()
    recipient.notice = notice
    return recipient


def template_list_for(user: User) -> QuerySet[NoticeTemplate]:
    return NoticeTemplate.objects.filter(
        site_id__in=user_site_ids(user), is_active=True
    ).select_related("site")


def access_template(user: User, template_id) -> NoticeTemplate:
    template = template_list_for(user).filter(pk=_pk(template_id)).first()
    if template is None:
        raise TemplateNotFound()
    return template


def access_inspection(notice: Notice):
    """The inspection report of a fire-safety notice the user can see, else not found."""
    report = InspectionReport.objects.filter(notice=notice).first()
    if report is None:
        raise InspectionNotFound()
    return report


def greeting_list_for(user: User) -> QuerySet[Greeting]:
    return Greeting.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "site", "customer", "created_by"
    )


# --- the fire-safety chain: inspections, findings, rectification letters (seed 000 L43) ---

SENT_STATES = (NoticeStatus.SENT, NoticeStatus.SIGNED_OFF)


def _count(qs: QuerySet, group: str) -> Coalesce:
    """``COUNT(*)`` of ``qs`` (filtered on an outer reference) as a subquery, 0 if none."""
    return Coalesce(
        Subquery(qs.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]), 0
    )


def _letter_findings() -> QuerySet[InspectionFinding]:
    """The findings a rectification letter (the outer row) is about: those of its
    fire-safety notice's inspection for the tenants the letter went to."""
    return InspectionFinding.objects.filter(
        report__notice_id=OuterRef("parent_id"),
        customer_id__in=NoticeRecipient.objects.filter(notice_id=OuterRef(OuterRef("pk"))).values(
            "customer_id"
        ),
    )


def letter_findings(letter: Notice) -> QuerySet[InspectionFinding]:
    """The findings of one rectification letter, with their tenants."""
    return (
        InspectionFinding.objects.filter(
            report__notice_id=letter.parent_id,
            customer_id__in=letter.recipients.values("customer_id"),
        )
        .select_related("customer", "rectified_by")
        .order_by("id")
    )


def with_finding_counts(qs: QuerySet[Notice]) -> QuerySet[Notice]:
    """Rectification letters with ``findings_total`` and ``findings_open`` (not yet
    found rectified)."""
    return qs.annotate(
        findings_total=_count(_letter_findings(), "report__notice_id"),
        findings_open=_count(
            _letter_findings().filter(rectified_at__isnull=True), "report__notice_id"
        ),
    )


def overdue_letters(*, now: datetime) -> QuerySet[Notice]:
    """Sent rectification letters past their follow-up deadline with a finding not
    yet rectified (all sites: the periodic chase)."""
    return (
        with_finding_counts(
            Notice.objects.filter(
                kind=NoticeKind.RECTIFICATION, status__in=SENT_STATES, follow_up_due__lt=now
            )
        )
        .filter(findings_open__gt=0)
        .select_related("site")
        .order_by("follow_up_due", "id")
    )


@dataclass(frozen=True)
class RectificationFilters:
    site: int | None = None
    overdue: bool = False


def rectification_list_for(
    user: User, filters: RectificationFilters | None = None, *, now: datetime | None = None
) -> QuerySet[Notice]:
    """The user's rectification letters, earliest deadline first, with finding counts;
    ``overdue`` keeps those past the deadline with a finding still open."""
    filters = filters or RectificationFilters()
    qs = with_finding_counts(notice_list_for(user, NoticeFilters(kind=NoticeKind.RECTIFICATION)))
    if filters.site:
        qs = qs.filter(site_id=filters.site)
    if filters.overdue:
        qs = qs.filter(
            status__in=SENT_STATES,
            follow_up_due__lt=now or timezone.now(),
            findings_open__gt=0,
        )
    return qs.select_related("parent").order_by(F("follow_up_due").asc(nulls_last=True), "-id")


def is_overdue(letter: Notice, now: datetime) -> bool:
    """A letter annotated by ``with_finding_counts`` is overdue (for display)."""
    return bool(
        letter.status in SENT_STATES
        and letter.follow_up_due
        and letter.follow_up_due < now
        and getattr(letter, "findings_open", 0)
    )


def fire_safety_list_for(user: User) -> QuerySet[Notice]:
    """The user's fire-safety notices, latest month first, with sign-off counts, the
    inspection (if any) and the number of findings."""
    findings = InspectionFinding.objects.filter(report__notice_id=OuterRef("pk"))
    return (
        notice_list_for(user, NoticeFilters(kind=NoticeKind.FIRE_SAFETY))
        .annotate(finding_count=_count(findings, "report__notice_id"))
        .select_related("inspection")
        .order_by(F("period").desc(nulls_last=True), "-created_at", "-id")
    )


def inspection_findings(report: InspectionReport) -> QuerySet[InspectionFinding]:
    return report.findings.select_related("customer", "rectified_by").order_by("id")


def access_finding(notice: Notice, finding_id) -> InspectionFinding:
    """A finding of ``notice``'s inspection report (the notice already accessed)."""
    finding = (
        InspectionFinding.objects.filter(report__notice=notice, pk=_pk(finding_id))
        .select_related("report", "customer")
        .first()
    )
    if finding is None:
        raise FindingNotFound()
    finding.report.notice = notice
    return finding


# --- handbooks handed out against acknowledgement (seed 004 L25, L71, L179) -------------


def handbook_list_for(user: User) -> QuerySet[Notice]:
    return notice_list_for(user, NoticeFilters(kind=NoticeKind.HANDBOOK))


@dataclass(frozen=True)
class ReceiptFilters:
    site: int | None = None
    customer: int | None = None
    building: str = ""


def handbook_receipts_for(
    user: User, filters: ReceiptFilters | None = None
) -> QuerySet[NoticeRecipient]:
    """Who received which handbook when, and how they acknowledged it, per unit."""
    filters = filters or ReceiptFilters()
    qs = NoticeRecipient.objects.filter(
        notice__kind=NoticeKind.HANDBOOK,
        notice__site_id__in=user_site_ids(user),
        notice__status__in=SENT_STATES,
    )
    if filters.site:
        qs = qs.filter(notice__site_id=filters.site)
    if filters.customer:
        qs = qs.filter(customer_id=filters.customer)
    if filters.building:
        qs = qs.filter(unit__building=filters.building)
    return qs.select_related(
        "notice__site", "notice__issued_by", "customer", "unit", "handed_out_by", "recorded_by"
    ).order_by("unit__building", "unit__number", "customer__name", "notice_id", "id")


# --- birthdays (seed 000 L753, L773) ------------------------------------------------------


def birthday_customers(site: Site, first: date, last: date) -> QuerySet[Customer]:
    """Customers of ``site`` whose birthday is celebrated between ``first`` and ``last``."""
    pairs = rules.birthday_month_days(first, last)
    if not pairs:
        return Customer.objects.none()
    match = reduce(or_, (Q(birthday__month=m, birthday__day=d) for m, d in sorted(pairs)))
    return Customer.objects.filter(match, site=site, birthday__isnull=False).order_by("pk")
