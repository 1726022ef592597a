"""The steps of a guest visit, from booking to satisfaction (seed 003 §5.1–5.5).

Each step: one transaction, the visit locked, the stage checked (``rules.STEP_FROM``),
the actor's capability checked (``guests.receive``; spend over the cap needs
``guests.approve_spend``), one audit entry.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.models import Customer
from kefu.guests import rules
from kefu.guests.errors import (
    BadValue,
    ConsentRequired,
    NoEmail,
    NothingToApprove,
    SpendNotApproved,
    StepOutOfOrder,
)
from kefu.guests.models import (
    BookingChannel,
    Gift,
    GuestClass,
    GuestVisit,
    PrepItem,
    SpendStatus,
    VisitChange,
    VisitPrep,
    VisitStatus,
)
from kefu.guests.policies import APPROVE_SPEND, RECEIVE
from kefu.guests.services.base import (
    lock_visit,
    notify_after_commit,
    now_or,
    policy_for,
    position_people,
    refusals_logged,
    require,
)
from kefu.org.models import Site, User
from kefu.org.selectors import users_at_site


def _step(visit: GuestVisit, step: str) -> None:
    if not rules.step_allowed(step, visit.status):
        raise StepOutOfOrder()


def _audit(
    actor: User, visit: GuestVisit, action: str, at: datetime, changes=None, note=""
) -> None:
    audit_record(
        actor=actor,
        action=f"guests.{action}",
        target=visit,
        site=visit.site,
        at=at,
        changes=changes or {},
        note=note,
    )


def _move(
    actor: User, visit: GuestVisit, step: str, at: datetime, fields: list[str], note=""
) -> GuestVisit:
    before = visit.status
    visit.status = rules.STEP_TO.get(step, visit.status)
    visit.save(update_fields=sorted({"status", "updated_at", *fields}))
    changes = {"status": [before, visit.status]} if before != visit.status else {}
    _audit(actor, visit, f"visit_{step}", at, changes, note)
    return visit


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise BadValue(fields={field: [str(BadValue.default_message)]}) from None
    if amount < 0:
        raise BadValue(fields={field: [str(BadValue.default_message)]})
    return amount


def _check_times(starts_at: datetime, ends_at: datetime, headcount: int) -> None:
    fields = {}
    if ends_at <= starts_at:
        fields["ends_at"] = [_("The visit must end after it starts.")]
    if headcount < 1:
        fields["headcount"] = [_("At least one guest.")]
    if fields:
        raise BadValue(fields=fields)


@transaction.atomic
def visit_book(
    *,
    actor: User,
    site: Site,
    guest_name: str,
    purpose: str,
    channel: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    headcount: int,
    guest_class: GuestClass,
    company: str = "",
    customer: Customer | None = None,
    contact_email: str = "",
    contact_phone: str = "",
    agenda: str = "",
    bring_documents: str = "",
    host: User | None = None,
    now: datetime | None = None,
) -> GuestVisit:
    """Book a visit (seed 003 §5.1 step 1: customer, company, purpose [I] L141; time,
    place, headcount [N] L214). The escorts follow from the headcount (seed 000 L223)."""
    at = now_or(now)
    require(actor, site, RECEIVE, at)
    policy = policy_for(site)
    _check_times(starts_at, ends_at, headcount)
    if channel not in BookingChannel.values:
        raise BadValue(fields={"channel": [_("Unknown channel.")]})
    if guest_class.site_id != site.pk or (customer is not None and customer.site_id != site.pk):
        raise BadValue(fields={"guest_class": [_("Choose a class of this site.")]})
    if not guest_name.strip() or not purpose.strip() or not place.strip():
        raise BadValue(fields={"guest_name": [_("Fill in the guest, purpose and place.")]})
    if host is not None and not users_at_site(site).filter(pk=host.pk).exists():
        raise BadValue(fields={"host": [_("The host must work at this site.")]})
    visit = GuestVisit.objects.create(
        site=site,
        customer=customer,
        guest_name=guest_name.strip(),
        company=company.strip() or (customer.company if customer else ""),
        contact_email=contact_email,
        contact_phone=contact_phone or (customer.phone if customer else ""),
        purpose=purpose.strip(),
        channel=channel,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        headcount=headcount,
        agenda=agenda,
        bring_documents=bring_documents,
        guest_class=guest_class,
        host=host,
        escorts=rules.escorts_needed(headcount, policy.escort_bands),
        booked_by=actor,
    )
    _audit(actor, visit, "visit_booked", at, {"status": [None, visit.status]})
    return visit


@transaction.atomic
def visit_verify(
    *, actor: User, visit: GuestVisit, note: str = "", now: datetime | None = None
) -> GuestVisit:
    """Reception verifies identity and purpose (seed 003 [F] L102, [G] L111)."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    _step(visit, "verify")
    visit.verified_at = at
    return _move(actor, visit, "verify", at, ["verified_at"], note)


@transaction.atomic
def visit_confirm(*, actor: User, visit: GuestVisit, now: datetime | None = None) -> GuestVisit:
    """Time and place agreed: the visit is confirmed and its 确认函 can be printed and
    sent (seed 003 [C] L52, [I] L143; what to bring [G] L111)."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    _step(visit, "confirm")
    if visit.host_id is None:
        raise BadValue(fields={"host": [_("Name the host before confirming.")]})
    visit.confirmed_at = at
    return _move(actor, visit, "confirm", at, ["confirmed_at"])


@transaction.atomic
def visit_letter_send(*, actor: User, visit: GuestVisit, now: datetime | None = None) -> GuestVisit:
    """Email the 确认函 through kefu.notify to the host and the booker, who pass it on."""
    from kefu.guests.letters import letter_text

    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    if visit.status != VisitStatus.CONFIRMED:
        raise StepOutOfOrder()
    people = [u for u in (visit.host, visit.booked_by) if u is not None]
    if not any(u.email for u in people):
        raise NoEmail()
    visit.letter_sent_at = at
    visit.save(update_fields=["letter_sent_at", "updated_at"])
    _audit(actor, visit, "letter_sent", at, {"letter_sent_at": [None, at.isoformat()]})
    notify_after_commit(
        site=visit.site,
        users=people,
        kind="guests.letter",
        subject=_("Confirmation letter: %(guest)s") % {"guest": visit.guest_name},
        body=letter_text(visit),
        link=visit.get_absolute_url(),
        dedupe_key=f"guests.letter:{visit.pk}:{at.isoformat()}",
    )
    return visit


@refusals_logged
@transaction.atomic
def visit_change(
    *,
    actor: User,
    visit: GuestVisit,
    changes: dict[str, Any],
    customer_consented: bool,
    consent_note: str = "",
    now: datetime | None = None,
) -> VisitChange:
    """Change time, place, headcount or agenda: only with the customer's consent,
    given in advance (seed 003 [Q] L280). A refusal is recorded in the audit trail."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    _step(visit, "change")
    unknown = [k for k in changes if k not in rules.CHANGEABLE]
    if unknown or not changes:
        raise BadValue(fields={k: [_("This cannot be changed.")] for k in unknown or ["changes"]})
    if not customer_consented or not consent_note.strip():
        raise ConsentRequired(fields={"consent_note": [str(ConsentRequired.default_message)]})
    before = snapshot(visit, list(changes))
    for key, value in changes.items():
        setattr(visit, key, value)
    _check_times(visit.starts_at, visit.ends_at, visit.headcount)
    fields = list(changes)
    if "headcount" in changes:
        visit.escorts = rules.escorts_needed(visit.headcount, policy_for(visit.site).escort_bands)
        fields.append("escorts")
    visit.save(update_fields=sorted({"updated_at", *fields}))
    delta = diff(before, snapshot(visit, list(changes)))
    record = VisitChange.objects.create(
        visit=visit, changes=delta, consent_note=consent_note.strip(), changed_by=actor, at=at
    )
    _audit(actor, visit, "visit_changed", at, delta, consent_note.strip())
    return record


@transaction.atomic
def visit_prep_mark(
    *, actor: User, visit: GuestVisit, item: str, note: str = "", now: datetime | None = None
) -> VisitPrep:
    """Tick a preparation item (seed 003 §5.2: background, materials, room, vehicle,
    catering, staff)."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    _step(visit, "prep")
    if item not in PrepItem.values:
        raise BadValue(fields={"item": [_("Unknown preparation item.")]})
    prep, _created = VisitPrep.objects.update_or_create(
        visit=visit, item=item, defaults={"done_by": actor, "done_at": at, "note": note}
    )
    _audit(actor, visit, "prep_done", at, {"item": [None, item]}, note)
    return prep


@transaction.atomic
def visit_spend_record(
    *, actor: User, visit: GuestVisit, total: Any, now: datetime | None = None
) -> GuestVisit:
    """Record the reception spend; above the class cap per head it waits for approval
    (seed 000 L221: a 500元/人, b ~300, c ~200, d 150)."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    if visit.status in (VisitStatus.CLOSED, VisitStatus.CANCELLED):
        raise StepOutOfOrder()
    amount = _amount(total, "total")
    policy = policy_for(visit.site)
    cap = visit.guest_class.cap_per_head
    over = rules.over_cap(amount, visit.headcount, cap, policy.cap_tolerance_pct)
    before = snapshot(visit, ["spend_total", "spend_status"])
    visit.spend_total = amount
    visit.spend_status = SpendStatus.PENDING if over else SpendStatus.WITHIN_CAP
    visit.spend_decided_by = None
    visit.save(update_fields=["spend_total", "spend_status", "spend_decided_by", "updated_at"])
    _audit(actor, visit, "spend_recorded", at, diff(before, snapshot(visit, list(before))))
    if over:
        approvers = [
            u
            for u in users_at_site(visit.site)
            if u.pk != actor.pk and _holds(u, visit.site, APPROVE_SPEND, at)
        ]
        notify_after_commit(
            site=visit.site,
            users=approvers,
            kind="guests.spend_over_cap",
            subject=_("Reception spend over the cap: %(guest)s") % {"guest": visit.guest_name},
            body=_("%(per_head)s yuan per head against a cap of %(cap)s.")
            % {"per_head": rules.spend_per_head(amount, visit.headcount), "cap": cap},
            link=visit.get_absolute_url(),
        )
    return visit


def _holds(user: User, site: Site, capability: str, at: datetime) -> bool:
    from kefu.org.selectors import capability_grant

    return capability_grant(user=user, site=site, capability=capability, at=at) is not None


@transaction.atomic
def visit_spend_decide(
    *, actor: User, visit: GuestVisit, approve: bool, note: str = "", now: datetime | None = None
) -> GuestVisit:
    """Approve or refuse a spend over the cap (``guests.approve_spend``)."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, APPROVE_SPEND, at)
    if visit.spend_status != SpendStatus.PENDING:
        raise NothingToApprove()
    before = visit.spend_status
    visit.spend_status = SpendStatus.APPROVED if approve else SpendStatus.REFUSED
    visit.spend_decided_by = actor
    visit.save(update_fields=["spend_status", "spend_decided_by", "updated_at"])
    _audit(actor, visit, "spend_decided", at, {"spend_status": [before, visit.spend_status]}, note)
    return visit


@transaction.atomic
def visit_gift_record(
    *,
    actor: User,
    visit: GuestVisit,
    description: str,
    value: Any,
    received: bool = False,
    important: bool = False,
    now: datetime | None = None,
) -> Gift:
    """Record a gift; an important one is reported to the chairman of the executive
    committee (seed 000 L225), the policy's ``gift_report_position``."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    amount = _amount(value, "value")
    if not description.strip():
        raise BadValue(fields={"description": [_("Describe the gift.")]})
    policy = policy_for(visit.site)
    important = rules.gift_important(amount, policy.important_gift_value, important)
    gift = Gift.objects.create(
        visit=visit,
        description=description.strip(),
        value=amount,
        received=received,
        important=important,
        reported_at=at if important else None,
        recorded_by=actor,
    )
    _audit(actor, visit, "gift_recorded", at, {"gift": [None, gift.description]})
    if important:
        notify_after_commit(
            site=visit.site,
            users=position_people(visit.site, policy.gift_report_position, at),
            kind="guests.important_gift",
            subject=_("Important gift: %(gift)s") % {"gift": gift.description},
            body=_("%(value)s yuan, visit of %(guest)s.")
            % {"value": amount, "guest": visit.guest_name},
            link=visit.get_absolute_url(),
        )
    return gift


@transaction.atomic
def visit_receive(
    *,
    actor: User,
    visit: GuestVisit,
    met_by: str,
    needs_heard: str = "",
    content: str = "",
    now: datetime | None = None,
) -> GuestVisit:
    """The reception record: who met the guests, needs heard, main content (seed 003
    [F] L104, [I] L149, [Q] L288). Unanswered questions go to ``urging_hand``."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    _step(visit, "receive")
    if not met_by.strip():
        raise BadValue(fields={"met_by": [_("Say who met the guests.")]})
    visit.received_at = at
    visit.met_by = met_by.strip()
    visit.needs_heard = needs_heard
    visit.content = content
    return _move(actor, visit, "receive", at, ["received_at", "met_by", "needs_heard", "content"])


@transaction.atomic
def visit_depart(
    *,
    actor: User,
    visit: GuestVisit,
    next_contact_at: datetime | None,
    next_contact_method: str = "",
    now: datetime | None = None,
) -> GuestVisit:
    """Departure with the next contact's time and method agreed (seed 000 L269)."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    _step(visit, "depart")
    if next_contact_at is None or not next_contact_method.strip():
        raise BadValue(fields={"next_contact_at": [_("Agree the next contact and its method.")]})
    visit.departed_at = at
    visit.next_contact_at = next_contact_at
    visit.next_contact_method = next_contact_method.strip()
    return _move(
        actor, visit, "depart", at, ["departed_at", "next_contact_at", "next_contact_method"]
    )


@transaction.atomic
def visit_close(
    *,
    actor: User,
    visit: GuestVisit,
    satisfaction: int,
    note: str = "",
    now: datetime | None = None,
) -> GuestVisit:
    """Satisfaction asked at the end and recorded (seed 003 [I] L150, [O] L247–248).
    A spend over the cap must have been decided first."""
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    _step(visit, "close")
    if not 1 <= int(satisfaction) <= 5:
        raise BadValue(fields={"satisfaction": [_("Satisfaction is 1 to 5.")]})
    if visit.spend_status == SpendStatus.PENDING:
        raise SpendNotApproved()
    visit.satisfaction = int(satisfaction)
    visit.satisfaction_note = note
    visit.closed_at = at
    return _move(actor, visit, "close", at, ["satisfaction", "satisfaction_note", "closed_at"])


@transaction.atomic
def visit_cancel(
    *, actor: User, visit: GuestVisit, reason: str, now: datetime | None = None
) -> GuestVisit:
    at = now_or(now)
    visit = lock_visit(visit)
    require(actor, visit.site, RECEIVE, at)
    _step(visit, "cancel")
    if not reason.strip():
        raise BadValue(fields={"reason": [_("A reason is required.")]})
    return _move(actor, visit, "cancel", at, [], reason.strip())
