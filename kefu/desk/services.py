"""The service desk's write path: register, update and move requests.

Every function here is the only way to make its change. Each runs in one
transaction, locks what it changes, checks the rule, saves with
``update_fields`` and writes one audit entry (who, on whose behalf, before and
after). Callers pass the acting user; tests may pass ``now``.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from kefu.core.errors import InvalidInput
from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.models import Customer, Unit
from kefu.desk import rules, sla
from kefu.desk.config import DeskConfig, desk_config, desk_config_changed
from kefu.desk.errors import (
    ActionForbidden,
    AlreadyPaused,
    AssigneeInvalid,
    CategoryRequired,
    ConfigMismatch,
    ContentRequired,
    NoRoutingTarget,
    NotDesignatedRegistrar,
    NotPaused,
    PauseNotAllowed,
    ReasonRequired,
    ReplyRequired,
    TicketClosed,
    TimePlaceRequired,
    TransitionNotAllowed,
    UnknownAction,
    UrgeNotAllowed,
)
from kefu.desk.models import (
    Category,
    Channel,
    NumberCounter,
    NumberingScheme,
    RequestType,
    SlaEscalationStep,
    SlaPolicy,
    SlaTarget,
    Status,
    Ticket,
    TicketPause,
    TicketUrge,
    Urgency,
)
from kefu.org.models import Capability, Position, Site, User
from kefu.org.selectors import (
    ActingPosition,
    acting_positions,
    capability_grant,
    position_recipient,
    user_site_ids,
)

# --- numbering ---------------------------------------------------------------


def number_allocate(
    *, scheme: NumberingScheme, now: datetime | None = None
) -> tuple[str, int, datetime]:
    """Hand out the next number of ``scheme``; must run inside the caller's transaction.

    One statement takes the number (``UPDATE … RETURNING``, or an upsert for
    the first number of a period) and locks the counter row until commit; the
    clock is read after, so numbers follow registration order even with many
    clerks at once (seed 002 L50 YYMMDDNNN, sequence per year). Returns
    ``(number, seq, registered_at)``.
    """
    period = rules.number_period(scheme.reset, timezone.localdate(now or timezone.now()))
    seq = _counter_next(scheme.pk, period)
    at = now or timezone.now()
    day = timezone.localdate(at)
    if rules.number_period(scheme.reset, day) != period:
        # the period turned while this clerk waited for the lock: give the
        # number back (the row is still ours) and take one of the new period
        _counter_step(scheme.pk, period, -1)
        period = rules.number_period(scheme.reset, day)
        seq = _counter_next(scheme.pk, period)
    number = rules.format_number(
        prefix=scheme.prefix,
        date_format=scheme.date_format,
        seq_digits=scheme.seq_digits,
        day=day,
        seq=seq,
    )
    return number, seq, at


def _counter_step(scheme_id: int, period: str, step: int) -> int | None:
    """Add ``step`` to the counter and return its new value (None: no counter yet)."""
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET value = value + %s WHERE scheme_id = %s AND period = %s"
            " RETURNING value",
            [step, scheme_id, period],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _counter_next(scheme_id: int, period: str) -> int:
    """The next sequence of the scheme's period, in one statement on both databases."""
    value = _counter_step(scheme_id, period, 1)
    if value is not None:
        return value
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        # the first number of a period; two clerks at once meet on the unique key
        cursor.execute(
            f"INSERT INTO {table} (scheme_id, period, value) VALUES (%s, %s, 1)"
            f" ON CONFLICT (scheme_id, period) DO UPDATE SET value = {table}.value + 1"
            " RETURNING value",
            [scheme_id, period],
        )
        return cursor.fetchone()[0]


# --- helpers -------------------------------------------------------------------

TICKET_AUDIT_FIELDS = [
    "status",
    "request_type",
    "category",
    "channel",
    "customer",
    "unit",
    "contact_name",
    "contact_phone",
    "subject",
    "content",
    "occurred_at",
    "occurred_place",
    "urgency",
    "is_serious",
    "recording_ref",
    "handling_department",
    "handling_position",
    "assignee",
    "assigned_for",
    "rejection_reason",
    "result",
    "reply_content",
    "reply_method",
]

EDITABLE_FIELDS = [
    "category",
    "channel",
    "customer",
    "unit",
    "contact_name",
    "contact_phone",
    "subject",
    "content",
    "occurred_at",
    "occurred_place",
    "urgency",
    "is_serious",
    "recording_ref",
]


def _lock_ticket(ticket: Ticket) -> Ticket:
    """The ticket row, locked for the rest of the transaction."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _grant(user: User, site: Site, capability: str, at: datetime) -> ActingPosition:
    grant = capability_grant(user=user, site=site, capability=capability, at=at)
    if grant is None:
        raise ActionForbidden()
    return grant


def _check_config(
    *, site: Site, request_type: RequestType, channel: Channel, category: Category | None
) -> None:
    if request_type.site_id != site.pk or channel.site_id != site.pk:
        raise ConfigMismatch()
    if category is not None and (
        category.site_id != site.pk or category.request_type_id != request_type.pk
    ):
        raise ConfigMismatch(fields={"category": [str(ConfigMismatch.default_message)]})
    if category is None and request_type.requires_category:
        raise CategoryRequired(fields={"category": [str(CategoryRequired.default_message)]})


def _check_parties(site: Site, customer: Customer | None, unit: Unit | None) -> None:
    if customer is not None and customer.site_id != site.pk:
        raise ConfigMismatch(fields={"customer": [str(ConfigMismatch.default_message)]})
    if unit is not None and unit.site_id != site.pk:
        raise ConfigMismatch(fields={"unit": [str(ConfigMismatch.default_message)]})


def _routing(category: Category | None, config: DeskConfig | None = None) -> dict[str, Any]:
    """Handling position and department from the category's owner (seed 002 §3.1)."""
    if config is not None:
        position = config.routed_position(category)
    else:
        position = category.owner_position if category else None
    return {
        "handling_position": position,
        "handling_department": position.department if position else None,
    }


def registrar_grant(
    *,
    user: User,
    site: Site,
    request_type: RequestType,
    at: datetime,
    config: DeskConfig | None = None,
    positions: list[ActingPosition] | None = None,
) -> ActingPosition:
    """How ``user`` may register ``request_type`` at ``site``, or raise.

    seed 002 L40: complaints are registered only by the 客服主任, or by the
    deputy while the 客服主任 is absent. A type with designated registrar
    positions admits only those (own or deputised); any other type needs the
    register capability. ``config`` (the site's ``desk_config``) and
    ``positions`` (the user's acting positions at the site at ``at``) spare
    the queries when the caller already has them.
    """
    if user.is_superuser:
        return ActingPosition(Position(site=site, code="superuser", name="superuser"))
    if config is not None and request_type.pk in config.registrars:
        designated = set(config.registrars[request_type.pk])
    else:
        designated = set(request_type.registrar_positions.values_list("pk", flat=True))
    if positions is None:
        positions = acting_positions(user=user, site=site, at=at)
    if not designated:
        # the same answer as capability_grant(), from the positions already read
        grants = [a for a in positions if Capability.REGISTER in (a.position.capabilities or [])]
        grants.sort(key=lambda acting: acting.on_behalf_of is not None)
        if not grants:
            raise ActionForbidden()
        return grants[0]
    candidates = [acting for acting in positions if acting.position.pk in designated]
    if not candidates:
        raise NotDesignatedRegistrar()
    candidates.sort(key=lambda acting: acting.on_behalf_of is not None)
    return candidates[0]


# --- register ------------------------------------------------------------------


@transaction.atomic
def ticket_register(
    *,
    actor: User,
    site: Site,
    request_type: RequestType,
    channel: Channel,
    subject: str,
    content: str,
    category: Category | None = None,
    customer: Customer | None = None,
    unit: Unit | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    occurred_at: datetime | None = None,
    occurred_place: str = "",
    urgency: str = Urgency.NORMAL,
    is_serious: bool = False,
    recording_ref: str = "",
    now: datetime | None = None,
    config: DeskConfig | None = None,
    positions: list[ActingPosition] | None = None,
) -> Ticket:
    """Register a request on the 《訴求(需求)記錄表》 and give it its number.

    Rules: designated registrars (seed 002 L40); complaint content states time,
    place and content (seed 002 L54); number per the type's scheme (seed 002
    L50); routing to the category's owning position (seed 002 §3.1).

    The site's configuration (types, registrars, routing, numbering, SLA policy
    and targets, calendar) comes from ``desk_config`` (cached per process,
    checked with one query); a caller that already read it passes ``config``,
    and ``positions`` (the actor's acting positions at the site now).
    """
    at = now or timezone.now()
    config = config if config is not None else desk_config(site)
    grant = registrar_grant(
        user=actor,
        site=site,
        request_type=request_type,
        at=at,
        config=config,
        positions=positions,
    )
    _check_config(site=site, request_type=request_type, channel=channel, category=category)
    _check_parties(site, customer, unit)
    subject, content = (subject or "").strip(), (content or "").strip()
    if not content:
        raise ContentRequired(fields={"content": [str(ContentRequired.default_message)]})
    if request_type.requires_time_place and (occurred_at is None or not occurred_place.strip()):
        raise TimePlaceRequired(
            fields={
                "occurred_at": [str(TimePlaceRequired.default_message)],
                "occurred_place": [str(TimePlaceRequired.default_message)],
            }
        )
    if urgency not in Urgency.values:
        raise ConfigMismatch(code="desk.urgency_invalid", fields={"urgency": ["?"]})
    if contact_phone:
        from kefu.customers.rules import normalize_phone

        contact_phone = normalize_phone(contact_phone)
    if customer is not None and unit is None:
        unit = customer.units.order_by("pk").first()

    # Everything that reads configuration happens before the number is taken,
    # so the scheme lock is held only for the counter, the insert and the audit.
    routing = _routing(category, config)
    scheme = config.schemes.get(request_type.numbering_id) or request_type.numbering
    number, seq, received_at = number_allocate(scheme=scheme, now=now)
    ticket = Ticket(
        site=site,
        number=number,
        number_seq=seq,
        request_type=request_type,
        category=category,
        channel=channel,
        customer=customer,
        unit=unit,
        contact_name=contact_name.strip() or (customer.name if customer else ""),
        contact_phone=contact_phone or (customer.phone if customer else ""),
        subject=subject or content[:60],
        content=content,
        occurred_at=occurred_at,
        occurred_place=occurred_place.strip(),
        urgency=urgency,
        is_serious=is_serious,
        recording_ref=recording_ref.strip(),
        received_at=received_at,
        received_by=actor,
        received_for=grant.on_behalf_of,
        status=Status.REGISTERED,
        **routing,
    )
    _sla_compute(ticket, policy=config.policy, config=config)
    ticket.save(force_insert=True)
    after = snapshot(ticket, TICKET_AUDIT_FIELDS)
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="desk.ticket_registered",
        target=ticket,
        site=site,
        at=received_at,
        changes={"number": [None, number], **{k: [None, v] for k, v in after.items() if v}},
    )
    return ticket


# --- update --------------------------------------------------------------------


@transaction.atomic
def ticket_update(
    *, actor: User, ticket: Ticket, now: datetime | None = None, **data: Any
) -> Ticket:
    """Correct a request's details; each changed field is audited before/after.

    Triage staff and the assignee may edit; a closed or rejected request must be
    reopened first. Changing the category re-routes the request.
    """
    at = now or timezone.now()
    ticket = _lock_ticket(ticket)
    if ticket.status in (Status.CLOSED, Status.REJECTED):
        raise TicketClosed()
    grant = _edit_grant(actor, ticket, at)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ConfigMismatch(code="desk.field_not_editable", fields={k: ["?"] for k in unknown})
    category = data.get("category", ticket.category)
    channel = data.get("channel", ticket.channel)
    _check_config(
        site=ticket.site, request_type=ticket.request_type, channel=channel, category=category
    )
    _check_parties(ticket.site, data.get("customer"), data.get("unit"))
    if "content" in data and not (data["content"] or "").strip():
        raise ContentRequired(fields={"content": [str(ContentRequired.default_message)]})
    if "urgency" in data and data["urgency"] not in Urgency.values:
        raise ConfigMismatch(code="desk.urgency_invalid", fields={"urgency": ["?"]})
    if data.get("contact_phone"):
        from kefu.customers.rules import normalize_phone

        data["contact_phone"] = normalize_phone(data["contact_phone"])
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    for key, value in data.items():
        setattr(ticket, key, value.strip() if isinstance(value, str) else value)
    if "category" in data and data["category"] != before["category"]:
        for key, value in _routing(category).items():
            setattr(ticket, key, value)
    if ticket.request_type.requires_time_place and (
        ticket.occurred_at is None or not ticket.occurred_place
    ):
        raise TimePlaceRequired()
    changes = diff(before, snapshot(ticket, TICKET_AUDIT_FIELDS))
    if not changes:
        return ticket
    sla_fields = []
    if {"category", "urgency"} & set(changes):
        _sla_compute(ticket)
        sla_fields = SLA_FIELDS
    ticket.save(update_fields=[*changes.keys(), *sla_fields, "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="desk.ticket_updated",
        target=ticket,
        site=ticket.site,
        at=at,
        changes=changes,
    )
    return ticket


def _edit_grant(actor: User, ticket: Ticket, at: datetime) -> ActingPosition:
    if actor.pk == ticket.assignee_id:
        return ActingPosition(Position(site=ticket.site, code="assignee", name="assignee"))
    for capability in (Capability.TRIAGE, Capability.REGISTER):
        grant = capability_grant(user=actor, site=ticket.site, capability=capability, at=at)
        if grant is not None:
            return grant
    raise ActionForbidden()


# --- transitions ----------------------------------------------------------------


def _begin(
    actor: User, ticket: Ticket, action: str, now: datetime | None
) -> tuple[Ticket, datetime]:
    at = now or timezone.now()
    ticket = _lock_ticket(ticket)
    transition = rules.TRANSITIONS[action]
    if ticket.status not in transition.sources:
        raise TransitionNotAllowed()
    return ticket, at


def _finish(
    *,
    actor: User,
    ticket: Ticket,
    grant: ActingPosition,
    action: str,
    at: datetime,
    before: dict[str, Any],
    extra_fields: list[str],
    note: str = "",
) -> Ticket:
    if ticket.sla_paused_at is not None and ticket.status in _UNPAUSABLE:
        _pause_end(ticket, actor, at)  # a reply, closure or rejection ends the wait
    else:
        _sla_next(ticket)
    after = snapshot(ticket, TICKET_AUDIT_FIELDS)
    changes = diff(before, after)
    ticket.save(update_fields=sorted({*changes.keys(), *extra_fields, *SLA_FIELDS, "updated_at"}))
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action=f"desk.ticket_{action}",
        target=ticket,
        site=ticket.site,
        at=at,
        changes=changes,
        note=note,
    )
    return ticket


def _handler_grant(actor: User, ticket: Ticket, at: datetime) -> ActingPosition:
    """The assignee, someone acting in the handling position, or triage staff."""
    if actor.pk == ticket.assignee_id or actor.is_superuser:
        return ActingPosition(Position(site=ticket.site, code="assignee", name="assignee"))
    if ticket.handling_position_id:
        for acting in acting_positions(user=actor, site=ticket.site, at=at):
            if acting.position.pk == ticket.handling_position_id:
                return acting
    return _grant(actor, ticket.site, Capability.TRIAGE, at)


@transaction.atomic
def ticket_accept(
    *, actor: User, ticket: Ticket, note: str = "", now: datetime | None = None
) -> Ticket:
    """受理: triage staff accept a registered request."""
    ticket, at = _begin(actor, ticket, "accept", now)
    grant = _grant(actor, ticket.site, Capability.TRIAGE, at)
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    ticket.status = Status.ACCEPTED
    ticket.accepted_at = at
    return _finish(
        actor=actor,
        ticket=ticket,
        grant=grant,
        action="accepted",
        at=at,
        before=before,
        extra_fields=["accepted_at"],
        note=note,
    )


@transaction.atomic
def ticket_reject(
    *, actor: User, ticket: Ticket, reason: str, now: datetime | None = None
) -> Ticket:
    """不受理: triage staff decline a registered request; a reason is required."""
    ticket, at = _begin(actor, ticket, "reject", now)
    grant = _grant(actor, ticket.site, Capability.TRIAGE, at)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    ticket.status = Status.REJECTED
    ticket.rejection_reason = reason
    return _finish(
        actor=actor,
        ticket=ticket,
        grant=grant,
        action="rejected",
        at=at,
        before=before,
        extra_fields=[],
        note=reason,
    )


@transaction.atomic
def ticket_assign(
    *,
    actor: User,
    ticket: Ticket,
    assignee: User | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Assign to a person; by default to whoever holds the routed position now.

    When the holder is absent the deputy receives it and the record keeps the
    holder as "on behalf of" (seed 002 L40).
    """
    ticket, at = _begin(actor, ticket, "assign", now)
    grant = _grant(actor, ticket.site, Capability.TRIAGE, at)
    assigned_for = None
    if assignee is None:
        if ticket.handling_position is None:
            raise NoRoutingTarget()
        assignee, assigned_for = position_recipient(position=ticket.handling_position, at=at)
        if assignee is None:
            raise NoRoutingTarget()
    elif not assignee.is_active or ticket.site_id not in user_site_ids(assignee):
        raise AssigneeInvalid(fields={"assignee": [str(AssigneeInvalid.default_message)]})
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    ticket.status = Status.ASSIGNED
    ticket.assignee = assignee
    ticket.assigned_for = assigned_for
    ticket.assigned_at = at
    return _finish(
        actor=actor,
        ticket=ticket,
        grant=grant,
        action="assigned",
        at=at,
        before=before,
        extra_fields=["assigned_at"],
        note=note,
    )


@transaction.atomic
def ticket_start(
    *, actor: User, ticket: Ticket, note: str = "", now: datetime | None = None
) -> Ticket:
    """The assignee (or whoever acts in the handling position) starts work."""
    ticket, at = _begin(actor, ticket, "start", now)
    grant = _handler_grant(actor, ticket, at)
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    ticket.status = Status.IN_PROGRESS
    return _finish(
        actor=actor,
        ticket=ticket,
        grant=grant,
        action="started",
        at=at,
        before=before,
        extra_fields=[],
        note=note,
    )


@transaction.atomic
def ticket_reply(
    *,
    actor: User,
    ticket: Ticket,
    reply_content: str,
    result: str = "",
    reply_method: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Record the reply to the customer: time, content, method and the result."""
    ticket, at = _begin(actor, ticket, "reply", now)
    grant = _handler_grant(actor, ticket, at)
    reply_content = (reply_content or "").strip()
    if not reply_content:
        raise ReplyRequired(fields={"reply_content": [str(ReplyRequired.default_message)]})
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    ticket.status = Status.REPLIED
    ticket.reply_content = reply_content
    ticket.result = (result or "").strip() or ticket.result
    ticket.reply_method = (reply_method or "").strip()
    ticket.replied_at = at
    ticket.opinion_at = ticket.opinion_at or at
    return _finish(
        actor=actor,
        ticket=ticket,
        grant=grant,
        action="replied",
        at=at,
        before=before,
        extra_fields=["replied_at", "opinion_at"],
    )


@transaction.atomic
def ticket_opinion_received(
    *,
    actor: User,
    ticket: Ticket,
    note: str = "",
    grant: ActingPosition | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Stop the handling-opinion clock: the handling department's opinion is back
    with the desk (seed 002 L116, "by the 2nd working day"). Idempotent: the
    first time counts. Only for a request being handled (accepted … in progress).

    The actor needs the handler's grant, unless a workflow that has already
    authorised them for its own step passes that ``grant`` (the complaint
    approver, kefu.complaints).
    """
    at = now or timezone.now()
    ticket = _lock_ticket(ticket)
    if ticket.status not in (Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS):
        raise TransitionNotAllowed()
    grant = grant or _handler_grant(actor, ticket, at)
    if ticket.opinion_at is not None:
        return ticket
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    ticket.opinion_at = at
    return _finish(
        actor=actor,
        ticket=ticket,
        grant=grant,
        action="opinion_received",
        at=at,
        before=before,
        extra_fields=["opinion_at"],
        note=note,
    )


@transaction.atomic
def ticket_close(
    *, actor: User, ticket: Ticket, note: str = "", now: datetime | None = None
) -> Ticket:
    """Close a replied request (seed 000 L723: every solution gets a reply first)."""
    ticket, at = _begin(actor, ticket, "close", now)
    grant = _grant(actor, ticket.site, Capability.CLOSE, at)
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    ticket.status = Status.CLOSED
    ticket.closed_at = at
    return _finish(
        actor=actor,
        ticket=ticket,
        grant=grant,
        action="closed",
        at=at,
        before=before,
        extra_fields=["closed_at"],
        note=note,
    )


@transaction.atomic
def ticket_reopen(
    *, actor: User, ticket: Ticket, reason: str, now: datetime | None = None
) -> Ticket:
    """Reopen a replied, closed or rejected request; a reason is required."""
    ticket, at = _begin(actor, ticket, "reopen", now)
    grant = _grant(actor, ticket.site, Capability.REOPEN, at)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    before = snapshot(ticket, TICKET_AUDIT_FIELDS)
    ticket.status = rules.reopen_target(
        status=ticket.status, has_assignee=ticket.assignee_id is not None
    )
    ticket.reopen_count += 1
    ticket.closed_at = None
    return _finish(
        actor=actor,
        ticket=ticket,
        grant=grant,
        action="reopened",
        at=at,
        before=before,
        extra_fields=["reopen_count", "closed_at"],
        note=reason,
    )


def ticket_apply(
    *,
    actor: User,
    ticket: Ticket,
    action: str,
    reason: str = "",
    note: str = "",
    assignee: User | None = None,
    reply_content: str = "",
    result: str = "",
    reply_method: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Dispatch one transition by name, for the API and the detail page."""
    if action == "accept":
        return ticket_accept(actor=actor, ticket=ticket, note=note, now=now)
    if action == "reject":
        return ticket_reject(actor=actor, ticket=ticket, reason=reason, now=now)
    if action == "assign":
        return ticket_assign(actor=actor, ticket=ticket, assignee=assignee, note=note, now=now)
    if action == "start":
        return ticket_start(actor=actor, ticket=ticket, note=note, now=now)
    if action == "reply":
        return ticket_reply(
            actor=actor,
            ticket=ticket,
            reply_content=reply_content,
            result=result,
            reply_method=reply_method,
            now=now,
        )
    if action == "close":
        return ticket_close(actor=actor, ticket=ticket, note=note, now=now)
    if action == "reopen":
        return ticket_reopen(actor=actor, ticket=ticket, reason=reason, now=now)
    raise UnknownAction(fields={"action": [action]})


@transaction.atomic
def ticket_comment(
    *, actor: User, ticket: Ticket, note: str, now: datetime | None = None
) -> Ticket:
    """Add a follow-up note to the timeline (no field changes)."""
    at = now or timezone.now()
    note = (note or "").strip()
    if not note:
        raise InvalidInput(code="desk.note_required", fields={"note": ["?"]})
    grant = _edit_grant(actor, ticket, at)
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="desk.ticket_commented",
        target=ticket,
        site=ticket.site,
        at=at,
        note=note,
    )
    return ticket


# --- SLA -------------------------------------------------------------------------

SLA_DUE_FIELDS = {clock: f"{clock}_due" for clock in sla.CLOCKS}
SLA_FIELDS = [
    "sla_policy",
    *SLA_DUE_FIELDS.values(),
    "sla_next_due",
    "sla_next_clock",
    "sla_calendar_uncovered",
    "sla_paused_at",
    "sla_paused_total",
    "sla_next_alert_at",
]
_UNPAUSABLE = (Status.REPLIED, Status.CLOSED, Status.REJECTED)


def sla_active_policy(site: Site) -> SlaPolicy | None:
    """The site's active SLA policy, if any."""
    return SlaPolicy.objects.filter(site=site, is_active=True).first()


def sla_target_specs(policy: SlaPolicy) -> list[sla.TargetSpec]:
    return [
        sla.TargetSpec(
            clock=t.clock,
            kind=t.kind,
            amount=t.amount,
            request_type=t.request_type_code,
            category=t.category_code,
            urgency=t.urgency,
        )
        for t in SlaTarget.objects.filter(policy=policy).order_by("sort_order", "id")
    ]


def sla_clock_done(ticket: Ticket) -> dict[str, bool]:
    """Which clocks have stopped: sign-for when accepted (or answered); the
    handling opinion when it is back with the desk (``ticket_opinion_received``)
    or at the reply; reply and resolution when replied; closure when closed. A
    rejected request has nothing left to do."""
    if ticket.status == Status.REJECTED:
        return dict.fromkeys(sla.CLOCKS, True)
    replied = ticket.replied_at is not None
    return {
        "first_response": ticket.accepted_at is not None or replied or ticket.closed_at is not None,
        "reply": replied,
        "handling_opinion": ticket.opinion_at is not None or replied,
        "resolution": replied,
        "closure": ticket.closed_at is not None,
    }


def _sla_next(ticket: Ticket) -> None:
    """Set ``sla_next_due``: the earliest open deadline; none while paused."""
    ticket.sla_next_alert_at = _sla_first_alert(ticket)
    if ticket.sla_paused_at is not None:
        ticket.sla_next_clock, ticket.sla_next_due = "", None
        return
    dues = {clock: getattr(ticket, field) for clock, field in SLA_DUE_FIELDS.items()}
    ticket.sla_next_clock, ticket.sla_next_due = sla.next_due(dues, sla_clock_done(ticket))


def _sla_first_alert(ticket: Ticket) -> datetime | None:
    """When the SLA scan should next look at ``ticket``: at once (its intake time)
    while it has an open clock or is serious, else never.

    The scan (``kefu.desk.escalation``) then stores the exact time of the next
    warning or step; after every change of the request it looks once more.
    """
    if ticket.sla_policy_id is None or ticket.status == Status.REJECTED:
        return None
    if ticket.is_serious:
        return ticket.received_at
    done = sla_clock_done(ticket)
    open_clock = any(
        getattr(ticket, field) is not None and not done[clock]
        for clock, field in SLA_DUE_FIELDS.items()
    )
    return ticket.received_at if open_clock and ticket.sla_paused_at is None else None


def _sla_compute(
    ticket: Ticket, policy: SlaPolicy | None = None, config: DeskConfig | None = None
) -> None:
    """(Re)compute every deadline of ``ticket`` from its received time, its
    policy's targets, the site's working calendar and the finished pauses.

    With ``config`` (the site's ``desk_config``, whose active policy is
    ``policy``) the targets and the calendar come from it, without a query."""
    from kefu.calendar.selectors import work_calendar_for

    policy = policy or ticket.sla_policy
    ticket.sla_policy = policy
    dues: dict[str, sla.ClockDue] = {}
    if policy is not None:
        pauses = []
        if ticket.pk is not None:
            pauses = [
                (p.started_at, p.ended_at)
                for p in TicketPause.objects.filter(ticket_id=ticket.pk, ended_at__isnull=False)
            ]
        cached = config is not None and config.policy is not None
        cached = cached and config.policy.pk == policy.pk  # type: ignore[union-attr]
        dues = sla.deadlines_for(
            config.target_specs if cached else sla_target_specs(policy),  # type: ignore[union-attr]
            config.calendar if cached else work_calendar_for(ticket.site),  # type: ignore[union-attr]
            start=ticket.received_at,
            request_type=ticket.request_type.code,
            category=ticket.category.code if ticket.category else "",
            urgency=ticket.urgency,
            pauses=pauses,
        )
    for clock, field in SLA_DUE_FIELDS.items():
        setattr(ticket, field, dues[clock].due if clock in dues else None)
    ticket.sla_calendar_uncovered = any(d.uncovered_years for d in dues.values())
    _sla_next(ticket)


def _pause_end(ticket: Ticket, actor: User, at: datetime) -> TicketPause:
    pause = TicketPause.objects.select_for_update().get(ticket=ticket, ended_at__isnull=True)
    pause.ended_at = max(at, pause.started_at)
    pause.ended_by = actor
    pause.save(update_fields=["ended_at", "ended_by", "updated_at"])
    ticket.sla_paused_at = None
    ticket.sla_paused_total = (ticket.sla_paused_total or timedelta()) + (
        pause.ended_at - pause.started_at
    )
    _sla_compute(ticket)
    return pause


def _sla_snapshot(ticket: Ticket) -> dict[str, Any]:
    return snapshot(ticket, [*SLA_DUE_FIELDS.values(), "sla_paused_at"])


@transaction.atomic
def ticket_pause(
    *, actor: User, ticket: Ticket, reason: str, now: datetime | None = None
) -> Ticket:
    """Stop the request's clocks while it waits on the customer (等待客户).

    Who may: whoever may handle it (assignee, handling position, triage). A
    replied, closed or rejected request cannot be paused. While paused the
    request is never overdue; on resume its deadlines move later by the time
    paused (``kefu.desk.sla``).
    """
    at = now or timezone.now()
    ticket = _lock_ticket(ticket)
    grant = _handler_grant(actor, ticket, at)
    if ticket.status in _UNPAUSABLE:
        raise PauseNotAllowed()
    if ticket.sla_paused_at is not None:
        raise AlreadyPaused()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    before = _sla_snapshot(ticket)
    TicketPause.objects.create(ticket=ticket, started_at=at, reason=reason, started_by=actor)
    ticket.sla_paused_at = at
    _sla_next(ticket)
    ticket.save(update_fields=[*SLA_FIELDS, "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="desk.ticket_paused",
        target=ticket,
        site=ticket.site,
        at=at,
        changes=diff(before, _sla_snapshot(ticket)),
        note=reason,
    )
    return ticket


@transaction.atomic
def ticket_resume(*, actor: User, ticket: Ticket, now: datetime | None = None) -> Ticket:
    """Restart the clocks; open deadlines move later by the time paused."""
    at = now or timezone.now()
    ticket = _lock_ticket(ticket)
    grant = _handler_grant(actor, ticket, at)
    if ticket.sla_paused_at is None:
        raise NotPaused()
    before = _sla_snapshot(ticket)
    _pause_end(ticket, actor, at)
    ticket.save(update_fields=[*SLA_FIELDS, "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="desk.ticket_resumed",
        target=ticket,
        site=ticket.site,
        at=at,
        changes=diff(before, _sla_snapshot(ticket)),
    )
    return ticket


@transaction.atomic
def ticket_urge(
    *, actor: User, ticket: Ticket, note: str = "", now: datetime | None = None
) -> Ticket:
    """催办: record that ``actor`` urged the request, and count it.

    Any active user working at the request's site may urge (a colleague, the
    customer-service staff or a manager chasing a request); a closed or
    rejected request cannot be urged.
    """
    at = now or timezone.now()
    ticket = _lock_ticket(ticket)
    if not actor.is_active or ticket.site_id not in user_site_ids(actor):
        raise ActionForbidden()
    if ticket.status in (Status.CLOSED, Status.REJECTED):
        raise UrgeNotAllowed()
    note = (note or "").strip()
    TicketUrge.objects.create(ticket=ticket, actor=actor, at=at, note=note)
    count = ticket.urge_count
    Ticket.objects.filter(pk=ticket.pk).update(urge_count=F("urge_count") + 1)
    ticket.refresh_from_db(fields=["urge_count"])
    audit_record(
        actor=actor,
        action="desk.ticket_urged",
        target=ticket,
        site=ticket.site,
        at=at,
        changes={"urge_count": [count, ticket.urge_count]},
        note=note,
    )
    return ticket


@transaction.atomic
def site_sla_preset_apply(*, actor: User | None, site: Site, key: str) -> SlaPolicy:
    """Make the SLA preset ``key`` the site's active policy (``kefu.desk.sla_presets``).

    Idempotent: a policy already made from the preset is reactivated as the
    admin left it; otherwise the preset's targets are copied into a new one.
    Other policies of the site are deactivated. Existing requests keep the
    deadlines they were given; new ones use the policy.
    """
    from kefu.desk.errors import PresetUnknown
    from kefu.desk.sla_presets import PRESETS

    preset = PRESETS.get(key)
    if preset is None:
        raise PresetUnknown(fields={"preset": [key]})
    list(SlaPolicy.objects.select_for_update().filter(site=site).order_by("pk"))
    policy = SlaPolicy.objects.filter(site=site, preset_key=key).order_by("pk").first()
    SlaPolicy.objects.filter(site=site, is_active=True).exclude(
        pk=policy.pk if policy else None
    ).update(is_active=False)
    desk_config_changed(site)  # update() and bulk_create() send no signals
    created = policy is None
    if policy is None:
        policy = SlaPolicy.objects.create(
            site=site, name=str(preset.name), preset_key=key, options=dict(preset.options)
        )
        SlaTarget.objects.bulk_create(
            SlaTarget(
                policy=policy,
                clock=t.clock,
                kind=t.kind,
                amount=t.amount,
                request_type_code=t.request_type,
                category_code=t.category,
                urgency=t.urgency,
                sort_order=order,
            )
            for order, t in enumerate(preset.targets)
        )
        SlaEscalationStep.objects.bulk_create(
            SlaEscalationStep(
                policy=policy,
                serious=step.serious,
                recipient=step.recipient,
                position_code=step.position_code,
                anchor=step.anchor,
                kind=step.kind,
                amount=step.amount,
                sort_order=order,
            )
            for order, step in enumerate(preset.escalation)
        )
    elif not policy.is_active:
        policy.is_active = True
        policy.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="desk.sla_preset_applied",
        target=site,
        site=site,
        note=key,
        changes={"sla_policy": [None, policy.pk]} if created else {},
    )
    return policy


# --- presets -------------------------------------------------------------------


@transaction.atomic
def site_desk_preset_apply(*, actor: User | None, site: Site, key: str) -> dict[str, int]:
    """Set up a site's departments, positions, channels, types and routing from a preset.

    Idempotent: existing rows (matched by code) are kept as the admin left them;
    only missing ones are created. Returns how many rows of each kind were created.
    """
    from kefu.desk.errors import PresetUnknown
    from kefu.desk.presets import PRESETS
    from kefu.org.models import Department

    preset = PRESETS.get(key)
    if preset is None:
        raise PresetUnknown(fields={"preset": [key]})
    created = {"departments": 0, "positions": 0, "channels": 0, "types": 0, "categories": 0}
    departments = {}
    for code, name in preset["departments"]:
        departments[code], new = Department.objects.get_or_create(
            site=site, code=code, defaults={"name": name}
        )
        created["departments"] += new
    positions = {}
    for code, name, dept, caps in preset["positions"]:
        positions[code], new = Position.objects.get_or_create(
            site=site,
            code=code,
            defaults={
                "name": name,
                "department": departments[dept],
                "capabilities": [str(c) for c in caps],
            },
        )
        created["positions"] += new
    for order, (code, name) in enumerate(preset["channels"]):
        _obj, new = Channel.objects.get_or_create(
            site=site, code=code, defaults={"name": name, "sort_order": order}
        )
        created["channels"] += new
    schemes = {}
    for code, name, prefix, date_format, digits, reset in preset["numbering"]:
        schemes[code], _new = NumberingScheme.objects.get_or_create(
            site=site,
            code=code,
            defaults={
                "name": name,
                "prefix": prefix,
                "date_format": date_format,
                "seq_digits": digits,
                "reset": reset,
            },
        )
    types = {}
    for order, spec in enumerate(preset["types"]):
        types[spec["code"]], new = RequestType.objects.get_or_create(
            site=site,
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "numbering": schemes[spec["numbering"]],
                "requires_category": spec.get("requires_category", False),
                "requires_time_place": spec.get("requires_time_place", False),
                "sort_order": order,
            },
        )
        if new:
            types[spec["code"]].registrar_positions.set(
                [positions[p] for p in spec.get("registrars", [])]
            )
        created["types"] += new
    for order, (type_code, code, name, owner) in enumerate(preset["categories"]):
        _obj, new = Category.objects.get_or_create(
            request_type=types[type_code],
            code=code,
            defaults={
                "site": site,
                "name": name,
                "owner_position": positions.get(owner),
                "sort_order": order,
            },
        )
        created["categories"] += new
    audit_record(
        actor=actor,
        action="desk.preset_applied",
        target=site,
        site=site,
        note=key,
        changes={k: [0, v] for k, v in created.items() if v},
    )
    return created


# --- hotline intake --------------------------------------------------------------


@transaction.atomic
def ticket_register_with_new_customer(
    *,
    actor: User,
    site: Site,
    customer_data: dict[str, Any],
    building: str = "",
    unit_number: str = "",
    **ticket_data: Any,
) -> Ticket:
    """Create a first-time caller as a customer and register their request, all or nothing.

    The hotline intake form does both in one submit: the customer (with their
    unit when building and unit number are given, see ``unit_create``) and then
    ``ticket_register`` with every rule it checks. If registering fails, the
    customer and unit are rolled back with it.
    """
    from kefu.customers.services import customer_create, unit_create

    unit = None
    if building.strip() and unit_number.strip():
        unit = unit_create(actor=actor, site=site, building=building, number=unit_number)
    customer = customer_create(actor=actor, site=site, unit=unit, **customer_data)
    return ticket_register(actor=actor, site=site, customer=customer, unit=unit, **ticket_data)
