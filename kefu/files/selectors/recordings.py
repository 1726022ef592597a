"""Reads of call recordings and 《录音存档记录表》, and of what their retention lets go.

Recordings are seen by those who keep them (``files.recordings``) and by the
file manager (``files.manage``) at their sites; phones are masked for anyone
without ``files.see_personal``. A recording expires when its site's retention
(``RetentionRule``, at least 30 days, seed 000 L35) has passed since the call,
unless the request it belongs to is still open (seed-notes 000 T3: a special
case not finished in time is kept; extract it to keep a copy for good).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kefu.files import rules
from kefu.files.errors import ExtractionNotFound, RecordingNotFound
from kefu.files.models import (
    CallRecording,
    RecordingExtraction,
    RecordingStatus,
    RecordKind,
    RetentionRule,
)
from kefu.files.selectors.base import MANAGE, RECORDINGS, SEE_PERSONAL, _pk, may, sites_with_any
from kefu.org.models import User

#: The request states after which a recording is no longer held (desk ``Status``).
FINISHED_REQUEST = ("closed", "rejected")


def recording_sites(user: User) -> set[int]:
    """The sites whose recordings ``user`` may see: keepers and file managers."""
    return sites_with_any(user, RECORDINGS, MANAGE)


def recording_list_for(
    user: User, *, query: str = "", extracted_only: bool = False, ticket_id: int | None = None
) -> QuerySet[CallRecording]:
    """Recordings of the user's sites, newest call first; ``query`` matches the number,
    the customer or the request number."""
    qs = (
        CallRecording.objects.filter(site_id__in=recording_sites(user))
        .select_related("site", "customer", "ticket", "agent")
        .annotate(extracted=Exists(RecordingExtraction.objects.filter(recording=OuterRef("pk"))))
    )
    if query:
        qs = qs.filter(
            Q(phone__icontains=query)
            | Q(customer__name__icontains=query)
            | Q(ticket__number__icontains=query)
        )
    if extracted_only:
        qs = qs.filter(extracted=True)
    if ticket_id is not None:
        qs = qs.filter(ticket_id=ticket_id)
    return qs.order_by("-called_at", "-id")


def access_recording(user: User, recording_id: int | str | None) -> CallRecording:
    pk = _pk(recording_id)
    recording = (
        CallRecording.objects.filter(pk=pk, site_id__in=recording_sites(user))
        .select_related("site", "customer", "ticket", "agent", "uploaded_by")
        .first()
        if pk is not None
        else None
    )
    if recording is None:
        raise RecordingNotFound()
    return recording


def request_of_site(site_id: int, number: str):
    """The request of the site with this number (to link a recording), else not found."""
    from kefu.desk.errors import TicketNotFound
    from kefu.desk.models import Ticket

    ticket = Ticket.objects.filter(site_id=site_id, number=number.strip()).first()
    if ticket is None:
        raise TicketNotFound()
    return ticket


def shown_phone(user: User, recording: CallRecording) -> str:
    """The number as ``user`` may see it: masked without ``files.see_personal``."""
    if may(user, recording.site_id, SEE_PERSONAL):
        return recording.phone
    return rules.mask_phone(recording.phone)


def extraction_list_for(user: User) -> QuerySet[RecordingExtraction]:
    """《录音存档记录表》 of the user's sites, newest first."""
    return (
        RecordingExtraction.objects.filter(site_id__in=recording_sites(user))
        .select_related("site", "recording", "recording__customer", "recording__ticket")
        .select_related("extracted_by")
        .order_by("-extracted_at", "-id")
    )


def access_extraction(user: User, extraction_id: int | str | None) -> RecordingExtraction:
    pk = _pk(extraction_id)
    line = extraction_list_for(user).filter(pk=pk).first() if pk is not None else None
    if line is None:
        raise ExtractionNotFound()
    return line


@dataclass(frozen=True)
class Retention:
    """How long a site keeps records of a kind; ``None`` period: kept (no rule)."""

    period: int | None
    unit: str = "days"
    important_permanent: bool = False
    seed: str = ""

    def kept_until(self, start: date) -> date | None:
        if self.period is None:
            return None
        return rules.kept_until(start, period=self.period, unit=self.unit)

    def cutoff(self, today: date) -> date | None:
        if self.period is None:
            return None
        return rules.retention_cutoff(today, period=self.period, unit=self.unit)


#: Without a rule: recordings the seed's minimum of 30 days (L35); complaint records kept.
DEFAULT_RETENTION = {
    RecordKind.RECORDING: Retention(rules.RECORDING_MIN_DAYS, "days", seed="seed 000 L35"),
    RecordKind.COMPLAINT_RECORD: Retention(None),
}


def retention_for(site_id: int, record_kind: str) -> Retention:
    """The site's retention of a record kind (its ``RetentionRule``, or the default)."""
    rule = RetentionRule.objects.filter(site_id=site_id, record_kind=record_kind).first()
    if rule is None:
        return DEFAULT_RETENTION[record_kind]
    return Retention(rule.period, rule.unit, rule.important_permanent, rule.seed)


def _day_end(day: date) -> datetime:
    """The first moment after ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def recording_kept_until(recording: CallRecording) -> date | None:
    retention = retention_for(recording.site_id, RecordKind.RECORDING)
    return retention.kept_until(timezone.localdate(recording.called_at))


def recording_held(recording: CallRecording) -> bool:
    """A recording of a request not finished yet is held past its retention (T3)."""
    return recording.ticket_id is not None and recording.ticket.status not in FINISHED_REQUEST


def expired_recordings(site_ids, *, today: date) -> QuerySet[CallRecording]:
    """Recordings kept their full period by ``today``, not destroyed, not held."""
    match = Q(pk__in=[])
    for site_id in site_ids:
        cutoff = retention_for(site_id, RecordKind.RECORDING).cutoff(today)
        if cutoff is not None:
            match |= Q(site_id=site_id, called_at__lt=_day_end(cutoff))
    return (
        CallRecording.objects.filter(match, status=RecordingStatus.KEPT)
        .exclude(Q(ticket__isnull=False) & ~Q(ticket__status__in=FINISHED_REQUEST))
        .select_related("site", "customer", "ticket")
        .order_by("called_at", "id")
    )


def expired_complaint_records(site_ids, *, today: date):
    """Finished complaint records kept their full period by ``today`` (seed 002 L254).

    Important ones — a serious request or a major complaint — are never listed
    when the rule keeps them permanently. Only sites with a rule list any.
    """
    from kefu.desk.models import Ticket

    match = Q(pk__in=[])
    for site_id in site_ids:
        retention = retention_for(site_id, RecordKind.COMPLAINT_RECORD)
        cutoff = retention.cutoff(today)
        if cutoff is None:
            continue
        site_match = Q(site_id=site_id, closed_at__lt=_day_end(cutoff))
        if retention.important_permanent:
            site_match &= Q(is_serious=False) & ~Q(complaint__is_major=True)
        match |= site_match
    return (
        Ticket.objects.filter(match, request_type__code="complaint", status="closed")
        .select_related("site", "request_type")
        .order_by("closed_at", "id")
    )
