"""Hand-over timeliness (seed 000 L197): a figure of the KPI report."""

from datetime import datetime

from django.db.models import Count, F, Q, QuerySet

from kefu.files.models import CustomerFile


def handover_due_files(site_ids, *, start: datetime, end: datetime, now: datetime) -> QuerySet:
    """Files whose hand-over deadline falls in ``[start, end)`` and is decided by
    ``now`` (handed over, or still open after it). On time: received by the keeper
    at or before the deadline (以内 includes it, as ``rules.is_late``)."""
    return CustomerFile.objects.filter(
        site_id__in=list(site_ids), handover_due_at__gte=start, handover_due_at__lt=end
    ).filter(Q(handed_over_at__isnull=False) | Q(handover_due_at__lt=now))


def handover_late_files(site_ids, *, start: datetime, end: datetime, now: datetime) -> QuerySet:
    """The files of ``handover_due_files`` not handed over on time."""
    return handover_due_files(site_ids, start=start, end=end, now=now).exclude(
        handed_over_at__lte=F("handover_due_at")
    )


def handover_timeliness(site_ids, *, start: datetime, end: datetime, now: datetime) -> list[dict]:
    """Per handing department (the kind's ``handed_by``): files due and handed over on
    time, one grouped query (seed 000 L197: 档案移交及时率 per department)."""
    rows = (
        handover_due_files(site_ids, start=start, end=end, now=now)
        .order_by()
        .values("kind__handed_by")
        .annotate(
            due=Count("id"), met=Count("id", filter=Q(handed_over_at__lte=F("handover_due_at")))
        )
    )
    return sorted(
        ({"department": r["kind__handed_by"], "due": r["due"], "met": r["met"]} for r in rows),
        key=lambda r: r["department"],
    )
