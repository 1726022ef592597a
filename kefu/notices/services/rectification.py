"""Tracking rectification (跟踪整改, seed 000 L43): findings found rectified, and the
daily chase of rectification letters past their follow-up deadline.

The seed gives no deadline: ``NoticeSettings.rectification_working_days`` working
days after the letter is sent (``notice_issue``). A letter is overdue while any
of its findings is still open after the deadline; ``rectifications_chase_overdue``
(run every minute by ``sla_watch`` through ``notices_run_due``) reminds of it at
most once a day, on the site's working days: the inspector, the sender and the
deliverer get a notice (bell and email), each tenant with an open finding a
message on the letter's channel — all through the one notify outbox.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from kefu.calendar.selectors import work_calendar_for
from kefu.core.services import audit_record, diff, snapshot
from kefu.notices import errors, rules
from kefu.notices.models import DeliveryMethod, InspectionFinding, Notice
from kefu.notices.policies import RECORD
from kefu.notices.selectors import letter_findings, overdue_letters
from kefu.notices.services.workflow import _now, lock_notice, require
from kefu.org.models import User

FINDING_FIELDS = ["rectified_at", "rectified_by", "rectified_note"]


def finding_rectified_record(
    *,
    actor: User | None,
    finding: InspectionFinding,
    note: str = "",
    now: datetime | None = None,
) -> InspectionFinding:
    """Record that the re-inspection found ``finding`` rectified (seed 000 L43).

    By a position with ``notices.record`` (安全部, 客服). Idempotent: a finding
    already found rectified is returned unchanged. When every finding of a
    letter is rectified, the letter is no longer overdue and is not chased.
    """
    at = _now(now)
    notice = finding.report.notice
    grant = require(actor, notice.site, RECORD, errors.NotAllowedToRecord, at)
    with transaction.atomic():
        lock_notice(notice)
        locked = InspectionFinding.objects.select_for_update().get(pk=finding.pk)
        if locked.rectified_at is not None:
            return locked
        before = snapshot(locked, FINDING_FIELDS)
        locked.rectified_at = at
        locked.rectified_by = actor
        locked.rectified_note = (note or "").strip()
        locked.save(update_fields=[*FINDING_FIELDS, "updated_at"])
        audit_record(
            actor=actor,
            action="notices.finding_rectified",
            target=notice,
            site=notice.site,
            at=at,
            changes=diff(before, snapshot(locked, FINDING_FIELDS)),
            note=f"{locked.customer_id}",
            on_behalf_of=grant.on_behalf_of if grant else None,
        )
    return locked


def _staff_to_remind(letter: Notice) -> list[User]:
    """The inspector of the fire-safety inspection, the sender and the deliverer."""
    report = getattr(letter.parent, "inspection", None) if letter.parent_id else None
    people = [getattr(report, "inspector", None), letter.issued_by, letter.deliverer]
    return [p for p in people if p is not None]


def _remind(letter: Notice, *, day_key: str) -> int:
    """Queue today's reminders of one overdue letter; returns the tenants reminded."""
    from kefu.notify.services import notify, notify_address

    due = rules.chinese_date(timezone.localtime(letter.follow_up_due))
    subject = gettext("Rectification overdue since %(due)s: %(title)s") % {
        "due": due,
        "title": letter.title,
    }
    findings = list(letter_findings(letter).filter(rectified_at__isnull=True))
    notify(
        site=letter.site,
        users=_staff_to_remind(letter),
        kind="notices.rectification_overdue",
        subject=subject,
        body="\n".join(f"{f.customer.name}: {f.finding}" for f in findings),
        link=letter.get_absolute_url(),
        dedupe_key=f"notices.rectification_overdue.{letter.pk}.{day_key}",
    )
    channel = letter.delivery if letter.delivery != DeliveryMethod.PAPER else DeliveryMethod.SMS
    for finding in findings:
        customer = finding.customer
        notify_address(
            site=letter.site,
            channel=channel,
            address=customer.email if channel == DeliveryMethod.EMAIL else customer.phone,
            kind="notices.rectification_overdue",
            subject=subject,
            body=f"{subject}\n{finding.finding}",
            dedupe_key=f"notices.rectification_overdue.{letter.pk}.{day_key}.{customer.pk}",
        )
    return len(findings)


def rectifications_chase_overdue(*, now: datetime | None = None) -> int:
    """Remind of every overdue rectification letter, once per letter and day.

    Only on the site's working days (the deadline is counted in working days).
    The letter row is locked and ``follow_up_reminded_on`` checked and set in
    the same transaction, so two workers cannot remind twice; the outbox's
    dedupe keys (letter and day) are the last guard. Returns the letters chased.
    """
    at = _now(now)
    today = timezone.localdate(at)
    chased = 0
    calendars: dict[int, bool] = {}
    letters = overdue_letters(now=at).exclude(follow_up_reminded_on=today)
    for letter_id, site_id in letters.values_list("pk", "site_id"):
        with transaction.atomic():
            letter = (
                Notice.objects.select_for_update(of=("self",))
                .select_related("site", "parent__inspection__inspector", "issued_by", "deliverer")
                .get(pk=letter_id)
            )
            if site_id not in calendars:
                calendars[site_id] = work_calendar_for(letter.site).is_working_day(today)
            if not rules.rectification_chase_due(
                today=today,
                reminded_on=letter.follow_up_reminded_on,
                is_working_day=calendars[site_id],
            ):
                continue
            tenants = _remind(letter, day_key=today.isoformat())
            letter.follow_up_reminders += 1
            letter.follow_up_reminded_on = today
            letter.save(
                update_fields=["follow_up_reminders", "follow_up_reminded_on", "updated_at"]
            )
            audit_record(
                actor=None,
                action="notices.rectification_chased",
                target=letter,
                site=letter.site,
                at=at,
                note=str(tenants),
            )
            chased += 1
    return chased
