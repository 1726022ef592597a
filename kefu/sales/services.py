"""The sales office's writes: queue, register, ownership, deals, ledgers, disputes.

Every business action is one function here: keyword-only, an explicit
``actor``, atomic, checked by ``kefu.sales.rules`` under the site's policy,
audited with one ``AuditEntry``. The day's 《客户接待顺序表》 row is locked with
``select_for_update`` for every queue change, and the turn number is unique
per day, so two receptionists pressing "next" at once never give the same
turn twice nor skip one.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.assessment.models import LedgerEntry, LedgerStatus
from kefu.assessment.services import ledger_entry_record
from kefu.core.db import rows_update
from kefu.core.services import audit_record
from kefu.customers.models import Customer
from kefu.customers.services import customer_create
from kefu.desk.config import desk_config_changed
from kefu.org.models import Position, Site, User
from kefu.sales import errors as E
from kefu.sales.config import SalesConfig, sales_config
from kefu.sales.ledger import LEDGER_SHAPE, rule_code
from kefu.sales.models import (
    CompiledBy,
    CorrectionStatus,
    Deal,
    DealStatus,
    Deposit,
    Dispute,
    DisputeEntry,
    DisputeStatus,
    LedgerLine,
    Ownership,
    Party,
    QueueDay,
    QueueMember,
    Reception,
    ReceptionGroup,
    ReceptionKind,
    SalesRole,
    SiteSalesPolicy,
    Visit,
    VisitCorrection,
)
from kefu.sales.policies import MakeupReason, PenaltyKind, Policy, Role, SplitRule, policy_for
from kefu.sales.rules import ownership as O
from kefu.sales.rules import penalties as P
from kefu.sales.rules import queue as Q
from kefu.sales.rules import splits as S
from kefu.sales.selectors import (
    QueueRows,
    find_buyer,
    groups_of,
    is_consultant,
    open_ownership,
    ownership_lapsed,
    queue_rows,
    site_policy,
    state_of,
    user_roles_at,
)

SUPERVISORS = (Role.SUPERVISOR, Role.SALES_MANAGER)
DESK = (Role.RECEPTIONIST, Role.SUPERVISOR, Role.SALES_MANAGER)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _today(now: datetime) -> date:
    return timezone.localtime(now).date()


def _require(
    actor: User,
    site: Site,
    roles: tuple[str, ...],
    at: datetime,
    config: SalesConfig | None = None,
) -> None:
    if not user_roles_at(actor, site, at, config) & set(roles):
        raise E.RoleRequired()


def _rule(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except (Q.QueueError, S.SplitError, P.PenaltyError) as exc:
        raise E.rule_error(exc.code) from None


# --- configuration -----------------------------------------------------------------


@transaction.atomic
def site_sales_setup(
    *,
    actor: User | None,
    site: Site,
    preset: str,
    overrides: dict[str, Any] | None = None,
    groups: list[tuple[str, str, str | None]] | None = None,
    roles: dict[str, str] | None = None,
) -> SiteSalesPolicy:
    """Choose the site's preset and overrides; optionally create reception groups
    ``(code, name, fallback_code)`` and map positions (``code → role``)."""
    policy_for(preset, overrides)  # validates
    row, _created = SiteSalesPolicy.objects.update_or_create(
        site=site, defaults={"preset": preset, "overrides": overrides or {}}
    )
    for i, (code, name, _fb) in enumerate(groups or []):
        ReceptionGroup.objects.update_or_create(
            site=site, code=code, defaults={"name": name, "sort": i}
        )
    for code, _name, fb in groups or []:
        if fb:
            ReceptionGroup.objects.filter(site=site, code=code).update(
                fallback=ReceptionGroup.objects.get(site=site, code=fb)
            )
    desk_config_changed(site)  # update() sends no signal
    if not ReceptionGroup.objects.filter(site=site).exists():
        ReceptionGroup.objects.create(site=site, code="main", name="接待组", sort=0)
    for position_code, role in (roles or {}).items():
        position = Position.objects.get(site=site, code=position_code)
        SalesRole.objects.get_or_create(site=site, position=position, role=role)
    audit_record(
        actor=actor,
        action="sales.policy_set",
        target=row,
        site=site,
        changes={"preset": [None, preset], "overrides": [None, overrides or {}]},
    )
    return row


# --- the queue -----------------------------------------------------------------------


def _lock_queue(site: Site, day: date) -> QueueDay:
    queue = QueueDay.objects.select_for_update().filter(site=site, day=day).first()
    if queue is None:
        raise E.QueueNotOpen()
    if queue.closed_at is not None:
        raise E.QueueClosed()
    queue.site = site
    return queue


def _with_consultants(reception: Reception, loaded: QueueRows) -> None:
    """Give ``reception`` its receiver and on-behalf-of consultant as read with the
    queue's members (no query); one who is not a member is read when used."""
    for field in ("receiver", "on_behalf_of"):
        if user := loaded.consultant(getattr(reception, f"{field}_id")):
            setattr(reception, field, user)


def _save_state(queue: QueueDay, state: Q.QueueState, loaded: QueueRows | None = None) -> None:
    """Write ``state`` back into the rows it was read from (``loaded``), changed fields only."""
    loaded = loaded or queue_rows(queue)
    groups = {g.code: g for g in loaded.groups}
    rows = {m.consultant_id: m for m in loaded.members}
    dirty: list[QueueMember] = []
    fields: set[str] = set()
    now = timezone.now()
    for code, ids in state.order.items():
        for place, cid in enumerate(ids, start=1):
            m, s = rows[cid], state.members[cid]
            new = {
                "group_id": groups[code].pk,
                "place": place,
                "status": s.status,
                "absence": s.absence,
                "makeup": s.makeup,
                "makeup_tick": s.makeup_tick,
                "turns": s.turns,
            }
            changed = [k for k, v in new.items() if getattr(m, k) != v]
            if changed:
                for k in changed:
                    setattr(m, k, new[k])
                m.updated_at = now
                dirty.append(m)
                fields.update(changed)
    if dirty:  # one UPDATE for every moved member, however long the group
        rows_update(dirty, [*sorted(fields), "updated_at"])
    queue.tick = state.tick
    queue.version += 1
    queue.save(update_fields=["tick", "version", "turns", "updated_at"])


@transaction.atomic
def queue_compile(
    *,
    actor: User,
    site: Site,
    day: date,
    order: dict[str, list[User]],
    now: datetime | None = None,
) -> QueueDay:
    """The supervisor compiles the day's 《客户接待顺序表》 ([B] L33; [K] the day before)."""
    now = _now(now)
    _require(actor, site, SUPERVISORS, now)
    groups = {g.code: g for g in groups_of(site)}
    ids: dict[str, list[int]] = {}
    for code, users in order.items():
        if code not in groups:
            raise E.rule_error("sales.group_unknown")
        for u in users:
            if not is_consultant(u, site):
                raise E.NotConsultant()
        ids[code] = [u.pk for u in users]
    _rule(Q.build, ids)
    try:
        with transaction.atomic():
            queue = QueueDay.objects.create(site=site, day=day, compiled_by=CompiledBy.SUPERVISOR)
    except IntegrityError:
        raise E.QueueExists() from None
    for code, users in order.items():
        for place, u in enumerate(users, start=1):
            QueueMember.objects.create(queue=queue, group=groups[code], consultant=u, place=place)
    audit_record(
        actor=actor,
        action="sales.queue_compiled",
        target=queue,
        site=site,
        changes={"order": [None, {c: [u.pk for u in us] for c, us in order.items()}]},
        at=now,
    )
    return queue


@transaction.atomic
def queue_check_in(
    *,
    actor: User,
    site: Site,
    consultant: User,
    group: ReceptionGroup | None = None,
    now: datetime | None = None,
) -> QueueMember:
    """Morning arrival ([E] L86): the consultant joins the day's order at the tail,
    at server time. Opens the day's table when nobody has yet."""
    now = _now(now)
    if actor != consultant:
        _require(actor, site, DESK, now)
    if not is_consultant(consultant, site):
        raise E.NotConsultant()
    group = group or groups_of(site).first()
    queue, _ = QueueDay.objects.get_or_create(
        site=site, day=_today(now), defaults={"compiled_by": CompiledBy.ARRIVAL}
    )
    queue = _lock_queue(site, queue.day)
    state = _rule(Q.join, state_of(queue), consultant.pk, group.code)
    QueueMember.objects.create(
        queue=queue,
        group=group,
        consultant=consultant,
        place=len(state.order[group.code]),
        checked_in_at=now,
    )
    _save_state(queue, state)
    member = queue.members.get(consultant=consultant)
    audit_record(
        actor=actor,
        action="sales.checked_in",
        target=member,
        site=site,
        at=now,
        changes={"place": [None, member.place]},
    )
    return member


@transaction.atomic
def queue_next(
    *,
    actor: User,
    site: Site,
    group: ReceptionGroup | None = None,
    designated: User | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Reception:
    """ "Next": the head (第一接待) takes the walk-in ([R] L314–315, [B] L33).

    Locks the day's row, so concurrent presses are served one after the other;
    each gets its own turn number. ``expected_version`` (the board's version
    when the button was pressed) is optional optimistic protection.
    """
    now = _now(now)
    config = sales_config(site)
    _require(actor, site, DESK, now, config)
    queue = _lock_queue(site, _today(now))
    if expected_version is not None and expected_version != queue.version:
        raise E.QueueMoved()
    loaded = queue_rows(queue, config)
    state, turn = _rule(
        Q.next_turn,
        state_of(queue, loaded),
        config.policy,
        group=group.code if group else None,
        designated=designated.pk if designated else None,
    )
    queue.turns += 1
    reception = Reception.objects.create(
        queue=queue,
        seq=queue.turns,
        receiver_id=turn.receiver,
        on_behalf_of_id=turn.on_behalf_of,
        group=next(g for g in loaded.groups if g.code == turn.group),
        started_at=now,
        designated=turn.designated,
        makeup_used=turn.makeup_used,
    )
    _save_state(queue, state, loaded)
    _with_consultants(reception, loaded)
    audit_record(
        actor=actor,
        action="sales.turn_given",
        target=reception,
        site=site,
        at=now,
        changes={
            "receiver": [None, turn.receiver],
            "on_behalf_of": [None, turn.on_behalf_of],
            "forfeited": [None, list(turn.forfeited)],
            "makeup_granted": [None, list(turn.makeup_granted)],
        },
    )
    return reception


@transaction.atomic
def reception_finish(
    *,
    actor: User,
    reception: Reception,
    kind: str = ReceptionKind.VALID,
    makeup_reason: str = "",
    now: datetime | None = None,
) -> Reception:
    """The reception ends and is classed valid, invalid or not counted.

    A make-up reason the policy knows gives the receiver a make-up right
    ([R] L318–L324; [E] L86 not counted). Under [R] the finisher goes to the
    group's tail (L315).
    """
    now = _now(now)
    site = reception.queue.site
    config = sales_config(site)
    if actor.pk != reception.receiver_id:
        _require(actor, site, DESK, now, config)
    if kind not in ReceptionKind.values:
        raise E.SalesInvalid(code="sales.kind_invalid")
    queue = _lock_queue(site, reception.queue.day)
    if reception.finished_at is not None:
        raise E.rule_error("sales.not_receiving")
    policy = config.policy
    loaded = queue_rows(queue, config)
    state = _rule(Q.finish, state_of(queue, loaded), policy, reception.receiver_id)
    if kind == ReceptionKind.NOT_COUNTED and not makeup_reason:
        makeup_reason = MakeupReason.NOT_COUNTED
    if makeup_reason:
        state = _rule(Q.grant_makeup, state, policy, reception.receiver_id, makeup_reason)
    # The reception was read before the day's lock: finish it only if nobody has
    # since (every finish holds that lock, so this one statement is the check).
    finished = Reception.objects.filter(pk=reception.pk, finished_at__isnull=True).update(
        finished_at=now, kind=kind, makeup_reason=makeup_reason, updated_at=now
    )
    if not finished:
        raise E.rule_error("sales.not_receiving")
    reception.finished_at, reception.kind, reception.makeup_reason = now, kind, makeup_reason
    reception.updated_at = now
    if group := next((g for g in loaded.groups if g.pk == reception.group_id), None):
        reception.group = group  # read with the configuration (no query)
    _with_consultants(reception, loaded)
    _save_state(queue, state, loaded)
    audit_record(
        actor=actor,
        action="sales.reception_finished",
        target=reception,
        site=site,
        at=now,
        changes={"kind": [None, kind], "makeup_reason": [None, makeup_reason]},
    )
    return reception


def _member_change(
    actor: User, site: Site, consultant: User, now: datetime, fn, *args
) -> QueueMember:
    queue = _lock_queue(site, _today(now))
    state = _rule(fn, state_of(queue), site_policy(site), consultant.pk, *args)
    _save_state(queue, state)
    return queue.members.get(consultant=consultant)


@transaction.atomic
def queue_absence_start(
    *,
    actor: User,
    site: Site,
    consultant: User,
    kind: str,
    substitute: User | None = None,
    now: datetime | None = None,
) -> QueueMember:
    """The consultant leaves the desk; the policy decides what it costs ([B] L34–37,
    [K], [E] L90, [R] L315). Under [R] leaving without a substitute is a counted
    violation."""
    now = _now(now)
    if actor != consultant:
        _require(actor, site, DESK, now)
    member = _member_change(actor, site, consultant, now, Q.absence_start, kind)
    policy = site_policy(site)
    audit_record(
        actor=actor,
        action="sales.absence_started",
        target=member,
        site=site,
        at=now,
        changes={"absence": [None, kind], "substitute": [None, getattr(substitute, "pk", None)]},
    )
    if policy.absence_needs_substitute and substitute is None:
        _penalty_write(
            actor=actor,
            site=site,
            consultant=consultant,
            kind=PenaltyKind.VIOLATION,
            reason="擅自离岗, 未安排同组组员代替 ([R] L315)",
            policy=policy,
            now=now,
        )
    return member


@transaction.atomic
def queue_absence_end(
    *, actor: User, site: Site, consultant: User, now: datetime | None = None
) -> QueueMember:
    """Back at the desk: tail ([B] L34), original place ([B] L36), and customers
    covered on their behalf are handed back ([B] L37)."""
    now = _now(now)
    if actor != consultant:
        _require(actor, site, DESK, now)
    member = _member_change(actor, site, consultant, now, Q.absence_end)
    Reception.objects.filter(
        queue=member.queue, on_behalf_of=consultant, handed_back_at__isnull=True
    ).update(handed_back_at=now)
    audit_record(
        actor=actor,
        action="sales.absence_ended",
        target=member,
        site=site,
        at=now,
        changes={"place": [None, member.place]},
    )
    return member


@transaction.atomic
def queue_grant_makeup(
    *, actor: User, site: Site, consultant: User, reason: str, now: datetime | None = None
) -> QueueMember:
    """A supervisor (or duty supervisor) confirms a make-up right ([R] L320, L324)."""
    now = _now(now)
    _require(actor, site, SUPERVISORS, now)
    member = _member_change(actor, site, consultant, now, Q.grant_makeup, reason)
    audit_record(
        actor=actor,
        action="sales.makeup_granted",
        target=member,
        site=site,
        at=now,
        changes={"makeup": [None, member.makeup]},
        note=reason,
    )
    return member


@transaction.atomic
def queue_swap(
    *, actor: User, site: Site, a: User, b: User, now: datetime | None = None
) -> QueueDay:
    """The supervisor swaps two places ([K] 公事外出可经过主管或经理进行调换)."""
    now = _now(now)
    _require(actor, site, SUPERVISORS, now)
    queue = _lock_queue(site, _today(now))
    state = _rule(Q.swap, state_of(queue), a.pk, b.pk)
    _save_state(queue, state)
    audit_record(
        actor=actor,
        action="sales.places_swapped",
        target=queue,
        site=site,
        at=now,
        changes={"swap": [None, [a.pk, b.pk]]},
    )
    return queue


@transaction.atomic
def queue_close(*, actor: User, site: Site, day: date, now: datetime | None = None) -> QueueDay:
    """The supervisor closes the day; its register is then amended only by correction."""
    now = _now(now)
    _require(actor, site, SUPERVISORS, now)
    queue = _lock_queue(site, day)
    queue.closed_at = now
    queue.save(update_fields=["closed_at", "updated_at"])
    audit_record(actor=actor, action="sales.day_closed", target=queue, site=site, at=now)
    return queue


# --- the visitor register and ownership ----------------------------------------------


def _day_closed(site: Site, day: date) -> bool:
    return QueueDay.objects.filter(site=site, day=day, closed_at__isnull=False).exists()


@transaction.atomic
def visit_register(
    *,
    actor: User,
    site: Site,
    consultant: User,
    name: str,
    phone: str = "",
    id_number: str = "",
    channel: str = "onsite",
    first_visit: bool = True,
    intent: str = "",
    note: str = "",
    reception: Reception | None = None,
    visited_on: date | None = None,
    confirm_collision: bool = False,
    now: datetime | None = None,
) -> Visit:
    """A line of 《客户来访登记表》 at server time ([B] L42, [E] L87–89).

    - ``visited_on`` other than today, or a closed day: ``sales.backfill_forbidden``
      ([E] L89 "漏记、忘记事后不得以任何理由补填");
    - the same phone or ID already owned by another consultant: ``sales.collision``
      (撞单, [P] L258) unless ``confirm_collision``; the entry then carries the flag;
    - the first counted registration makes the consultant the owner ([E] L88,
      [K] on-site only); a lapsed ownership ([J] L160, seed 002 L406) passes on.
    """
    now = _now(now)
    today = _today(now)
    if actor != consultant:
        _require(actor, site, DESK, now)
    if not is_consultant(consultant, site):
        raise E.NotConsultant()
    if reception is not None and reception.queue.site_id != site.pk:
        raise E.ReceptionElsewhere(
            fields={"reception_id": [str(E.ReceptionElsewhere.default_message)]}
        )
    if visited_on is not None and not O.same_business_day(visited_on, today):
        raise E.BackfillForbidden()
    if _day_closed(site, today):
        raise E.BackfillForbidden()
    policy = site_policy(site)
    customer = find_buyer(site, phone=phone, id_number=id_number)
    if customer is None:
        customer = customer_create(
            actor=actor, site=site, kind="buyer", name=name, phone=phone, id_number=id_number
        )
    ownership = open_ownership(customer)
    if ownership is not None and ownership_lapsed(policy, ownership, now):
        _ownership_end(actor, ownership, "lapsed", now)
        ownership = None
    collision = ownership is not None and ownership.owner_id != consultant.pk
    if collision and not confirm_collision:
        raise E.Collision(fields={"owner": [str(ownership.owner)]})
    visit = Visit.objects.create(
        site=site,
        customer=customer,
        consultant=consultant,
        reception=reception,
        registered_by=actor,
        visited_at=now,
        day=today,
        channel=channel,
        first_visit=first_visit,
        intent=intent,
        note=note,
        collision_with=ownership.owner if collision else None,
    )
    counts = channel == "onsite" or not policy.onsite_only
    if ownership is None and counts:
        _ownership_start(actor, site, customer, consultant, "first_registration", now)
    elif ownership is not None and ownership.owner_id == consultant.pk:
        ownership.last_activity_at = now
        ownership.save(update_fields=["last_activity_at", "updated_at"])
    audit_record(
        actor=actor,
        action="sales.visit_registered",
        target=visit,
        site=site,
        at=now,
        changes={
            "customer": [None, customer.pk],
            "consultant": [None, consultant.pk],
            "channel": [None, channel],
            "collision_with": [None, visit.collision_with_id],
        },
    )
    return visit


def _ownership_start(
    actor: User, site: Site, customer: Customer, owner: User, basis: str, now: datetime
) -> Ownership:
    ownership = Ownership.objects.create(
        site=site, customer=customer, owner=owner, basis=basis, since=now, last_activity_at=now
    )
    audit_record(
        actor=actor,
        action="sales.ownership_started",
        target=ownership,
        site=site,
        at=now,
        changes={"owner": [None, owner.pk], "basis": [None, basis]},
    )
    return ownership


def _ownership_end(actor: User, ownership: Ownership, reason: str, now: datetime) -> None:
    ownership.ended_at, ownership.end_reason = now, reason
    ownership.save(update_fields=["ended_at", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="sales.ownership_ended",
        target=ownership,
        site=ownership.site,
        at=now,
        note=reason,
    )


def _ownership_set(actor: User, customer: Customer, owner: User, basis: str, now: datetime) -> None:
    current = open_ownership(customer)
    if current is not None and current.owner_id == owner.pk:
        return
    if current is not None:
        _ownership_end(actor, current, basis, now)
    _ownership_start(actor, customer.site, customer, owner, basis, now)


@transaction.atomic
def ownership_follow_up(
    *, actor: User, customer: Customer, note: str = "", now: datetime | None = None
) -> Ownership:
    """The owner records a follow-up (《客户跟踪记录表》 [R] L301); resets the [J] month."""
    now = _now(now)
    ownership = open_ownership(customer)
    if ownership is None or ownership.owner_id != actor.pk:
        raise E.RoleRequired()
    ownership.last_activity_at = now
    ownership.save(update_fields=["last_activity_at", "updated_at"])
    audit_record(
        actor=actor,
        action="sales.followed_up",
        target=ownership,
        site=customer.site,
        at=now,
        note=note,
    )
    return ownership


@transaction.atomic
def ownership_recognise(
    *, actor: User, customer: Customer, now: datetime | None = None
) -> Ownership:
    """[E] L94: the first receiver recognises the customer (shows the register) before signing."""
    now = _now(now)
    ownership = open_ownership(customer)
    if ownership is None or ownership.owner_id != actor.pk:
        raise E.RoleRequired()
    ownership.recognised_at = now
    ownership.save(update_fields=["recognised_at", "updated_at"])
    audit_record(
        actor=actor, action="sales.recognised", target=ownership, site=customer.site, at=now
    )
    return ownership


@transaction.atomic
def ownership_choose(
    *, actor: User, customer: Customer, consultant: User, now: datetime | None = None
) -> Ownership:
    """[J] L158: the customer's own choice of consultant (业绩首认制)."""
    now = _now(now)
    site = customer.site
    _require(actor, site, (*SUPERVISORS, Role.CONSULTANT), now)
    if not is_consultant(consultant, site):
        raise E.NotConsultant()
    _ownership_set(actor, customer, consultant, "customer_choice", now)
    return open_ownership(customer)


@transaction.atomic
def visit_correction_request(
    *, actor: User, visit: Visit, changes: dict[str, Any], reason: str, now: datetime | None = None
) -> VisitCorrection:
    """Ask to amend an entry of a closed day ([E] L89: the original is kept)."""
    now = _now(now)
    if visit.day >= _today(now) and not _day_closed(visit.site, visit.day):
        raise E.CorrectionNotAllowed()
    allowed = {"intent", "note", "first_visit", "channel"}
    if not changes or set(changes) - allowed or not reason.strip():
        raise E.SalesInvalid(code="sales.correction_invalid")
    correction = VisitCorrection.objects.create(
        visit=visit,
        requested_by=actor,
        changes=changes,
        original={k: getattr(visit, k) for k in changes},
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="sales.correction_requested",
        target=correction,
        site=visit.site,
        at=now,
        changes={k: [None, v] for k, v in changes.items()},
        note=reason,
    )
    return correction


@transaction.atomic
def visit_correction_decide(
    *, actor: User, correction: VisitCorrection, approve: bool, now: datetime | None = None
) -> VisitCorrection:
    """A supervisor approves (applies, keeping ``original``) or rejects a correction."""
    now = _now(now)
    visit = correction.visit
    _require(actor, visit.site, SUPERVISORS, now)
    correction = VisitCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionStatus.PENDING:
        raise E.CorrectionDecided()
    correction.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    correction.decided_by, correction.decided_at = actor, now
    correction.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if approve:
        for k, v in correction.changes.items():
            setattr(visit, k, v)
        visit.save(update_fields=[*correction.changes, "updated_at"])
    audit_record(
        actor=actor,
        action="sales.correction_decided",
        target=visit,
        site=visit.site,
        at=now,
        changes={k: [correction.original[k], v] for k, v in correction.changes.items()}
        if approve
        else {},
        note=correction.status,
    )
    return correction


# --- deals, deposits and the attribution ledger --------------------------------------

FUND_PARTY = {
    SplitRule.COMMON_FUND: Party.COMMON_FUND,
    SplitRule.RECREATION_FUND: Party.RECREATION_FUND,
    SplitRule.DEPARTMENT: Party.DEPARTMENT,
    SplitRule.COMPANY: Party.COMPANY,
}


def _post(
    deal: Deal, rule: str, original: User | None, other: User | None, reason: str, now: datetime
) -> int:
    """Reverse the deal's current attribution and post ``rule``'s shares as a new batch."""
    batch = (deal.ledger.order_by("-batch").values_list("batch", flat=True).first() or 0) + 1
    net: dict[tuple[str, int | None], tuple[int, str]] = {}
    for line in deal.ledger.all():
        key = (line.party, line.consultant_id)
        amount, _r = net.get(key, (0, line.rule))
        net[key] = (amount + line.amount_fen, line.rule)
    for (party, cid), (amount, old_rule) in net.items():
        if amount:
            LedgerLine.objects.create(
                site=deal.site,
                deal=deal,
                batch=batch,
                party=party,
                consultant_id=cid,
                percent=0,
                amount_fen=-amount,
                rule=old_rule,
                reason=f"reversal: {reason}",
                posted_at=now,
            )
    fund = FUND_PARTY.get(rule, "")
    shares = _rule(
        S.split_for,
        rule,
        original=f"u{original.pk}" if original else "",
        other=f"u{other.pk}" if other else None,
        fund=fund,
    )
    for share in _rule(S.allocate, deal.commission_fen, shares):
        is_user = share.party.startswith("u")
        LedgerLine.objects.create(
            site=deal.site,
            deal=deal,
            batch=batch,
            party=Party.CONSULTANT if is_user else share.party,
            consultant_id=int(share.party[1:]) if is_user else None,
            percent=share.percent,
            amount_fen=share.amount_fen,
            rule=rule,
            reason=reason,
            posted_at=now,
        )
    if deal.split_rule != rule:
        deal.split_rule = rule
        deal.save(update_fields=["split_rule", "updated_at"])
    return batch


def attribution_for(
    *,
    policy: Policy,
    ownership: Ownership | None,
    closer: User,
    rule: str | None,
    proxy_buyer: bool,
    now: datetime,
) -> tuple[str, int | None, str]:
    """``(rule, original owner id, reason)`` for a new deal under ``policy``.

    Sole to the closer when there is no owner, the owner is the closer, the
    ownership lapsed ([J] L160, 002 L406), the owner did not recognise the
    customer before signing ([E] L94), or a proxy bought (to be claimed within
    48 h, [J] L166). Otherwise the requested split between owner and closer
    ([B] L44/L46, 002 §2.5), or sole to the owner ([K], [P] L261, [J] L158).
    """
    if ownership is None or ownership.owner_id == closer.pk:
        return SplitRule.SOLE, closer.pk, "sole"
    if ownership_lapsed(policy, ownership, now):
        return SplitRule.SOLE, closer.pk, "owner_lapsed"
    if not O.recognised_in_time(policy, recognised_at=ownership.recognised_at, signed_at=now):
        return SplitRule.SOLE, closer.pk, "not_recognised_before_signing"
    if proxy_buyer and policy.proxy_claim_hours:
        return SplitRule.SOLE, closer.pk, "proxy_buyer_unclaimed"
    if rule and rule != SplitRule.SOLE:
        if policy.one_consultant_per_subscription or rule not in policy.splits:
            raise E.rule_error("sales.split_not_allowed")
        return rule, ownership.owner_id, "split"
    return SplitRule.SOLE, ownership.owner_id, "first_owner"


@transaction.atomic
def deal_subscribe(
    *,
    actor: User,
    site: Site,
    customer: Customer,
    unit: str,
    closer: User,
    commission_fen: int,
    price_fen: int = 0,
    split_rule: str | None = None,
    proxy_buyer: bool = False,
    now: datetime | None = None,
) -> Deal:
    """A subscription (认购书, seed 002 L454, L480) and its attribution ledger batch."""
    now = _now(now)
    _require(actor, site, (*SUPERVISORS, Role.CONSULTANT), now)
    if not is_consultant(closer, site):
        raise E.NotConsultant()
    if commission_fen < 0 or price_fen < 0 or not unit.strip():
        raise E.SalesInvalid(code="sales.deal_invalid")
    policy = site_policy(site)
    ownership = open_ownership(customer)
    rule, original_id, reason = attribution_for(
        policy=policy,
        ownership=ownership,
        closer=closer,
        rule=split_rule,
        proxy_buyer=proxy_buyer,
        now=now,
    )
    try:
        with transaction.atomic():
            deal = Deal.objects.create(
                site=site,
                customer=customer,
                unit=unit.strip(),
                closer=closer,
                status=DealStatus.SUBSCRIBED,
                subscribed_at=now,
                price_fen=price_fen,
                commission_fen=commission_fen,
                split_rule=rule,
                proxy_buyer=proxy_buyer,
            )
    except IntegrityError:
        raise E.UnitTaken() from None
    original = User.objects.get(pk=original_id)
    other = closer if original_id != closer.pk else None
    _post(deal, rule, original, other, reason, now)
    if original_id == closer.pk and (ownership is None or ownership.owner_id != closer.pk):
        _ownership_set(actor, customer, closer, reason, now)
    audit_record(
        actor=actor,
        action="sales.deal_subscribed",
        target=deal,
        site=site,
        at=now,
        changes={
            "unit": [None, deal.unit],
            "closer": [None, closer.pk],
            "split_rule": [None, rule],
            "commission_fen": [None, commission_fen],
        },
        note=reason,
    )
    return deal


@transaction.atomic
def deal_contract(*, actor: User, deal: Deal, now: datetime | None = None) -> Deal:
    """签约: the subscription becomes a contract."""
    now = _now(now)
    _require(actor, deal.site, (*SUPERVISORS, Role.CONSULTANT), now)
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if deal.status != DealStatus.SUBSCRIBED:
        raise E.DealWrongState()
    deal.status, deal.contracted_at = DealStatus.CONTRACTED, now
    deal.save(update_fields=["status", "contracted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="sales.deal_contracted",
        target=deal,
        site=deal.site,
        at=now,
        changes={"status": ["subscribed", "contracted"]},
    )
    return deal


@transaction.atomic
def deposit_record(
    *,
    actor: User,
    deal: Deal,
    kind: str,
    amount_fen: int,
    receipt_no: str,
    now: datetime | None = None,
) -> Deposit:
    """小定/大定: only finance takes money (seed 002 L454–456 "到財務交繳")."""
    now = _now(now)
    _require(actor, deal.site, (Role.FINANCE,), now)
    if kind not in ("small", "large") or amount_fen <= 0 or not receipt_no.strip():
        raise E.SalesInvalid(code="sales.deposit_invalid")
    if deal.status == DealStatus.CANCELLED:
        raise E.DealWrongState()
    deposit = Deposit.objects.create(
        deal=deal,
        kind=kind,
        amount_fen=amount_fen,
        receipt_no=receipt_no.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    audit_record(
        actor=actor,
        action="sales.deposit_recorded",
        target=deposit,
        site=deal.site,
        at=now,
        changes={"kind": [None, kind], "amount_fen": [None, amount_fen]},
    )
    return deposit


@transaction.atomic
def deal_claim(*, actor: User, deal: Deal, now: datetime | None = None) -> Deal:
    """[J] L166–167: the original consultant finds a proxy buyer's deal within 48 h:
    the performance is theirs ("业绩属原营销顾问"); later, nothing."""
    now = _now(now)
    policy = site_policy(deal.site)
    registered = Visit.objects.filter(
        customer=deal.customer, consultant=actor, visited_at__lt=deal.subscribed_at
    ).exists()
    if not registered or actor.pk == deal.closer_id:
        raise E.RoleRequired()
    if not O.proxy_claim_open(policy, deal_at=deal.subscribed_at, claim_at=now):
        raise E.ClaimTooLate()
    _post(deal, SplitRule.SOLE, actor, None, "proxy_claim_within_window", now)
    _ownership_set(actor, deal.customer, actor, "proxy_claim", now)
    audit_record(actor=actor, action="sales.deal_claimed", target=deal, site=deal.site, at=now)
    return deal


# --- disputes and penalties --------------------------------------------------------


@transaction.atomic
def dispute_file(
    *,
    actor: User,
    site: Site,
    customer: Customer,
    statement: str,
    deal: Deal | None = None,
    against: User | None = None,
    now: datetime | None = None,
) -> Dispute:
    """A consultant files a dispute with a written statement (书面情况说明, [J] L161);
    it starts at the first level of the preset's path."""
    now = _now(now)
    _require(actor, site, (Role.CONSULTANT, *SUPERVISORS), now)
    if not statement.strip():
        raise E.SalesInvalid(code="sales.statement_required")
    policy = site_policy(site)
    dispute = Dispute.objects.create(
        site=site,
        customer=customer,
        deal=deal,
        filed_by=actor,
        against=against,
        path=list(policy.dispute_path),
    )
    DisputeEntry.objects.create(
        dispute=dispute, author=actor, kind="statement", level=0, text=statement, at=now
    )
    audit_record(
        actor=actor,
        action="sales.dispute_filed",
        target=dispute,
        site=site,
        at=now,
        changes={"path": [None, dispute.path]},
    )
    return dispute


def _at_level(actor: User, dispute: Dispute, now: datetime) -> None:
    if dispute.status != DisputeStatus.OPEN:
        raise E.DisputeClosed()
    role = dispute.path[dispute.level]
    if role not in user_roles_at(actor, dispute.site, now):
        raise E.DisputeNotYourLevel()


@transaction.atomic
def dispute_statement(
    *, actor: User, dispute: Dispute, text: str, now: datetime | None = None
) -> DisputeEntry:
    """Another written statement (either party, or a witness)."""
    now = _now(now)
    if dispute.status != DisputeStatus.OPEN:
        raise E.DisputeClosed()
    if not text.strip():
        raise E.SalesInvalid(code="sales.statement_required")
    entry = DisputeEntry.objects.create(
        dispute=dispute, author=actor, kind="statement", level=dispute.level, text=text, at=now
    )
    audit_record(
        actor=actor, action="sales.dispute_statement", target=dispute, site=dispute.site, at=now
    )
    return entry


@transaction.atomic
def dispute_escalate(
    *, actor: User, dispute: Dispute, note: str, now: datetime | None = None
) -> Dispute:
    """The current level passes the case up ([J] L161: superior → marketing manager → 陈总)."""
    now = _now(now)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _at_level(actor, dispute, now)
    if dispute.level + 1 >= len(dispute.path):
        raise E.DisputeTop()
    dispute.level += 1
    dispute.save(update_fields=["level", "updated_at"])
    DisputeEntry.objects.create(
        dispute=dispute, author=actor, kind="escalation", level=dispute.level, text=note, at=now
    )
    audit_record(
        actor=actor,
        action="sales.dispute_escalated",
        target=dispute,
        site=dispute.site,
        at=now,
        changes={"level": [dispute.level - 1, dispute.level]},
        note=note,
    )
    return dispute


@transaction.atomic
def dispute_decide(
    *,
    actor: User,
    dispute: Dispute,
    reason: str,
    owner: User | None = None,
    split_rule: str | None = None,
    other: User | None = None,
    penalties: list[dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> Dispute:
    """The level in charge decides: ownership to ``owner``, the deal's ledger
    re-posted with ``split_rule`` (reversal + new lines, with ``reason``), and
    penalties to the penalty ledger. A fund rule ([K] common fund, [J]
    recreation fund) needs no owner."""
    now = _now(now)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _at_level(actor, dispute, now)
    if not reason.strip():
        raise E.SalesInvalid(code="sales.reason_required")
    policy = site_policy(dispute.site)
    rule = split_rule or SplitRule.SOLE
    if rule not in policy.splits and rule != SplitRule.SOLE:
        raise E.rule_error("sales.split_not_allowed")
    if owner is not None:
        _ownership_set(actor, dispute.customer, owner, "dispute", now)
    if dispute.deal is not None and (owner is not None or rule in FUND_PARTY):
        _post(dispute.deal, rule, owner, other, f"dispute #{dispute.pk}: {reason}", now)
    for p in penalties or []:
        _penalty_write(actor=actor, site=dispute.site, dispute=dispute, policy=policy, now=now, **p)
    dispute.status, dispute.decided_by, dispute.decided_at = DisputeStatus.DECIDED, actor, now
    dispute.outcome = {
        "owner": getattr(owner, "pk", None),
        "split_rule": rule,
        "other": getattr(other, "pk", None),
        "reason": reason,
    }
    dispute.save(update_fields=["status", "decided_by", "decided_at", "outcome", "updated_at"])
    DisputeEntry.objects.create(
        dispute=dispute, author=actor, kind="decision", level=dispute.level, text=reason, at=now
    )
    audit_record(
        actor=actor,
        action="sales.dispute_decided",
        target=dispute,
        site=dispute.site,
        at=now,
        changes={"outcome": [None, dispute.outcome]},
        note=reason,
    )
    return dispute


def _penalty_write(
    *,
    actor: User,
    site: Site,
    consultant: User,
    kind: str,
    reason: str,
    policy: Policy,
    now: datetime,
    points: int = 0,
    day_wage_fen: int = 0,
    month_wage_fen: int = 0,
    month_commission_fen: int = 0,
    dispute: Dispute | None = None,
) -> LedgerEntry:
    if kind not in policy.penalties:
        raise E.PenaltyNotInPreset()
    if kind == PenaltyKind.POINTS:
        _rule(P.check_points, points)
    amount = P.penalty_amount(
        kind,
        day_wage_fen=day_wage_fen,
        month_wage_fen=month_wage_fen,
        month_commission_fen=month_commission_fen,
    )
    dismissal = kind == PenaltyKind.DISMISSAL
    if kind == PenaltyKind.VIOLATION:
        count = (
            LedgerEntry.objects.filter(site=site, person=consultant, rule=rule_code(kind))
            .exclude(status=LedgerStatus.WAIVED)
            .count()
            + 1
        )
        dismissal = P.dismissal_due(count, policy.violation_threshold)
    _kind, pay_basis, pay_share = LEDGER_SHAPE[kind]
    return ledger_entry_record(
        actor=actor,
        site=site,
        person=consultant,
        rule=rule_code(kind),
        occurred_at=now,
        source=dispute,
        reason=reason,
        amount_fen=amount,
        points=Decimal(points if kind == PenaltyKind.POINTS else 0),
        pay_basis=pay_basis,
        pay_share=pay_share,
        dismissal_recommended=dismissal,
    )


@transaction.atomic
def penalty_record(
    *,
    actor: User,
    site: Site,
    consultant: User,
    kind: str,
    reason: str,
    now: datetime | None = None,
    **amounts: int,
) -> LedgerEntry:
    """A penalty of the site's preset to the one penalty ledger ([B] L41, [J]
    L159/L163, [K], [P] L268, [R] counted violations), proposed for approval."""
    now = _now(now)
    _require(actor, site, (*SUPERVISORS, Role.SITE_MANAGER), now)
    return _penalty_write(
        actor=actor,
        site=site,
        consultant=consultant,
        kind=kind,
        reason=reason,
        policy=site_policy(site),
        now=now,
        **amounts,
    )
