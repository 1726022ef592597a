"""The urging workflow (催办, seed 003 [H] L131–137).

1. After (or during) reception the reception department hands a need to the
   responsible department with a deadline on the site's working calendar.
2. The department records progress and its solution.
3. The reception department tracks it in the urging record.
4. Overdue items are urged (``urging_urge_overdue``, run by ``sla_watch``),
   and again every ``urge_repeat_working_days`` while still open.
5. The result is fed back to the customer ([I] L155).
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.calendar.selectors import work_calendar_for
from kefu.core.services import audit_record
from kefu.guests import rules
from kefu.guests.errors import BadValue, UrgingDone
from kefu.guests.models import (
    GuestVisit,
    UrgingEntry,
    UrgingEntryKind,
    UrgingItem,
    UrgingKind,
    UrgingStatus,
)
from kefu.guests.policies import HANDLE_URGING, RECEIVE
from kefu.guests.services.base import (
    department_people,
    lock_urging,
    lock_visit,
    notify_after_commit,
    now_or,
    policy_for,
    require,
)
from kefu.org.models import Department, Site, User
from kefu.org.selectors import capability_grant


def _audit(actor: User | None, item: UrgingItem, action: str, at: datetime, changes=None, note=""):
    audit_record(
        actor=actor,
        action=f"guests.{action}",
        target=item,
        site=item.site,
        at=at,
        changes=changes or {},
        note=note,
    )


def _entry(item: UrgingItem, kind: str, at: datetime, actor: User | None, note: str = ""):
    return UrgingEntry.objects.create(item=item, kind=kind, at=at, actor=actor, note=note)


@transaction.atomic
def urging_hand(
    *,
    actor: User,
    site: Site,
    kind: str,
    content: str,
    department: Department,
    visit: GuestVisit | None = None,
    working_days: int | None = None,
    now: datetime | None = None,
) -> UrgingItem:
    """Hand a need, an unanswered question ([O] L242), a suggestion or a complaint to
    the responsible department, due ``working_days`` working days later (default:
    the policy's ``urge_working_days``)."""
    at = now_or(now)
    require(actor, site, RECEIVE, at)
    if visit is not None:
        visit = lock_visit(visit)
        if visit.site_id != site.pk:
            raise BadValue(fields={"visit": [_("Choose a visit of this site.")]})
    if kind not in UrgingKind.values:
        raise BadValue(fields={"kind": [_("Unknown kind.")]})
    if department.site_id != site.pk:
        raise BadValue(fields={"department": [_("Choose a department of this site.")]})
    if not content.strip():
        raise BadValue(fields={"content": [_("Describe the need.")]})
    days = policy_for(site).urge_working_days if working_days is None else working_days
    if days < 0 or days > 366:
        raise BadValue(fields={"working_days": [_("Between 0 and 366 working days.")]})
    due_at = work_calendar_for(site).add_working_days(at, days).at
    item = UrgingItem.objects.create(
        site=site,
        visit=visit,
        kind=kind,
        content=content.strip(),
        department=department,
        due_at=due_at,
        handed_by=actor,
        handed_at=at,
    )
    _entry(item, UrgingEntryKind.HANDED, at, actor, department.name)
    _audit(actor, item, "urging_handed", at, {"due_at": [None, due_at.isoformat()]})
    notify_after_commit(
        site=site,
        users=department_people(department, at),
        kind="guests.urging_handed",
        subject=_("Customer need handed to you: %(text)s") % {"text": item.content[:60]},
        body=_("Due %(due)s.") % {"due": due_at.strftime("%Y-%m-%d %H:%M")},
        link=item.get_absolute_url(),
    )
    return item


def _require_handler(actor: User, item: UrgingItem, at: datetime) -> None:
    site = item.site
    if capability_grant(user=actor, site=site, capability=HANDLE_URGING, at=at) is None:
        require(actor, site, RECEIVE, at)


def _open(item: UrgingItem) -> None:
    if item.status != UrgingStatus.OPEN:
        raise UrgingDone()


@transaction.atomic
def urging_progress(
    *, actor: User, item: UrgingItem, note: str, now: datetime | None = None
) -> UrgingItem:
    """The department's progress on an open item."""
    at = now_or(now)
    item = lock_urging(item)
    _require_handler(actor, item, at)
    _open(item)
    if not note.strip():
        raise BadValue(fields={"note": [_("Describe the progress.")]})
    _entry(item, UrgingEntryKind.PROGRESS, at, actor, note.strip())
    item.save(update_fields=["updated_at"])
    _audit(actor, item, "urging_progress", at, note=note.strip())
    return item


@transaction.atomic
def urging_resolve(
    *, actor: User, item: UrgingItem, solution: str, now: datetime | None = None
) -> UrgingItem:
    """The department's solution; the item waits for the feedback to the customer."""
    at = now_or(now)
    item = lock_urging(item)
    _require_handler(actor, item, at)
    _open(item)
    if not solution.strip():
        raise BadValue(fields={"solution": [_("Describe the solution.")]})
    item.status = UrgingStatus.RESOLVED
    item.solution = solution.strip()
    item.resolved_at = at
    item.save(update_fields=["status", "solution", "resolved_at", "updated_at"])
    _entry(item, UrgingEntryKind.RESOLVED, at, actor, item.solution)
    on_time = at <= item.due_at
    _audit(actor, item, "urging_resolved", at, {"status": ["open", "resolved"]},
           "" if on_time else "overdue")  # fmt: skip
    notify_after_commit(
        site=item.site,
        users=[item.handed_by],
        kind="guests.urging_resolved",
        subject=_("Need resolved, feed back to the customer: %(text)s")
        % {"text": item.content[:60]},
        body=item.solution,
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def urging_feed_back(
    *, actor: User, item: UrgingItem, feedback: str, now: datetime | None = None
) -> UrgingItem:
    """The result is fed back to the customer (seed 003 [I] L155)."""
    at = now_or(now)
    item = lock_urging(item)
    require(actor, item.site, RECEIVE, at)
    if item.status != UrgingStatus.RESOLVED:
        raise UrgingDone()
    if not feedback.strip():
        raise BadValue(fields={"feedback": [_("Say what the customer was told.")]})
    item.status = UrgingStatus.FED_BACK
    item.feedback = feedback.strip()
    item.fed_back_at = at
    item.save(update_fields=["status", "feedback", "fed_back_at", "updated_at"])
    _entry(item, UrgingEntryKind.FED_BACK, at, actor, item.feedback)
    _audit(actor, item, "urging_fed_back", at, {"status": ["resolved", "fed_back"]})
    return item


def urging_urge_overdue(*, now: datetime | None = None) -> int:
    """Urge every open item past its deadline (seed 003 [H] L131–137 step 4).

    Idempotent: an item is urged once, then again only after the policy's
    ``urge_repeat_working_days`` working days. Returns how many were urged.
    """
    at = now_or(now)
    count = 0
    candidates = UrgingItem.objects.filter(status=UrgingStatus.OPEN, due_at__lt=at)
    for pk in candidates.order_by("pk").values_list("pk", flat=True):
        count += _urge_one(pk, at)
    return count


@transaction.atomic
def _urge_one(pk: int, at: datetime) -> int:
    item = lock_urging(UrgingItem(pk=pk))
    if item.status != UrgingStatus.OPEN:
        return 0
    policy = policy_for(item.site)
    repeat_at = None
    if item.last_urged_at is not None:
        calendar = work_calendar_for(item.site)
        repeat_at = calendar.add_working_days(
            item.last_urged_at, policy.urge_repeat_working_days
        ).at
    if not rules.urge_due(
        due_at=item.due_at, last_urged_at=item.last_urged_at, repeat_at=repeat_at, now=at
    ):
        return 0
    item.urge_count += 1
    item.last_urged_at = at
    item.save(update_fields=["urge_count", "last_urged_at", "updated_at"])
    _entry(item, UrgingEntryKind.URGED, at, None, str(item.urge_count))
    _audit(None, item, "urging_urged", at, {"urge_count": [item.urge_count - 1, item.urge_count]})
    notify_after_commit(
        site=item.site,
        users=[*department_people(item.department, at), item.handed_by],
        kind="guests.urged",
        subject=_("Overdue customer need (reminder %(n)s): %(text)s")
        % {"n": item.urge_count, "text": item.content[:60]},
        body=_("Was due %(due)s.") % {"due": item.due_at.strftime("%Y-%m-%d %H:%M")},
        link=item.get_absolute_url(),
        dedupe_key=f"guests.urged:{item.pk}:{item.urge_count}",
    )
    return 1
