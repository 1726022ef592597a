"""Reads of the notices app: the register, one notice, its recipients.

``access_notice`` and friends are the only way pages and the API fetch a
record; another site's record is reported as not found.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kefu.notices.errors import (
    InspectionNotFound,
    NoticeNotFound,
    RecipientNotFound,
    TemplateNotFound,
)
from kefu.notices.models import (
    Greeting,
    InspectionReport,
    Notice,
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


def greeting_list_for(user: User):
    return Greeting.objects.filter(site_id__in=user_site_ids(user)).select_related("site")
