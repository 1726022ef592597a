"""The rotation queue 《客户接待顺序表》 as a pure state machine.

Every consultant on duty appears exactly once, in one group's ``order``
(index 0 = 第一接待, the head; the last = 末位, the tail). Absent or busy
consultants stay in the order and are skipped, so the order never loses
anyone; what an absence does to the turn is the policy's ``Effect``:

- ``TAIL``: skipped while away, moved to the tail on return — [B] L34–35
  ("回来后列入末位次序。其它售楼员按照原次序依次提前一位");
- ``KEEP``: skipped while away, back in the original place — [B] L36 (插队补序);
- ``COVER``: the next-in-line receives on the absentee's behalf, the absentee's
  turn is used and the customer handed back on return — [B] L37 (义务接待);
- ``FORFEIT``: when the turn comes the absentee goes to the tail, no make-up —
  [K] L173 (视为轮空一次, 轮空后不再补), [E] L90 (视为自动放弃本轮);
- ``MAKEUP``: as FORFEIT, but each passed turn is a make-up right (补接待权)
  — [R] L318, seed 002 L352 ("空幾輪, 補接幾名新客戶").

A holder of make-up rights is served first (FIFO by grant) when available —
[R] L316 "仍回到第一接待位". The receiver goes to the tail when the reception
starts (``requeue_at="start"``, [B] L33 循环轮序) or finishes ([R] L315).
Groups fall back to the next group when nobody is free ([R] L315).

The functions take a ``QueueState`` and return a new one; nothing here reads
the clock or the database.
"""

from dataclasses import dataclass, field, replace

from kefu.sales.policies import Effect, Policy

AVAILABLE = "available"
RECEIVING = "receiving"
ABSENT = "absent"


class QueueError(Exception):
    """A rule refused the operation; ``code`` is the stable error code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass
class Member:
    consultant: int
    group: str
    status: str = AVAILABLE
    absence: str = ""
    makeup: int = 0
    makeup_tick: int = 0
    turns: int = 0
    home: int = 0  # place when the absence began (for display)


@dataclass
class QueueState:
    groups: list[str]
    order: dict[str, list[int]]
    members: dict[int, Member]
    fallback: dict[str, str] = field(default_factory=dict)
    tick: int = 0

    def copy(self) -> "QueueState":
        """A deep copy (every ``Member`` field is a plain value), without ``deepcopy``'s cost."""
        return QueueState(
            groups=list(self.groups),
            order={code: list(ids) for code, ids in self.order.items()},
            members={pk: replace(m) for pk, m in self.members.items()},
            fallback=dict(self.fallback),
            tick=self.tick,
        )

    def all_ids(self) -> list[int]:
        return [c for g in self.groups for c in self.order.get(g, [])]


@dataclass(frozen=True)
class Turn:
    """The outcome of "next": who receives, for whom, and what else happened."""

    receiver: int
    group: str
    on_behalf_of: int | None = None
    makeup_used: bool = False
    designated: bool = False
    forfeited: tuple[int, ...] = ()
    makeup_granted: tuple[int, ...] = ()


def build(groups: dict[str, list[int]], fallback: dict[str, str] | None = None) -> QueueState:
    """A fresh day's state from ordered groups (the supervisor's table [B] L33)."""
    seen: set[int] = set()
    members = {}
    for group, ids in groups.items():
        for cid in ids:
            if cid in seen:
                raise QueueError("sales.queue_duplicate")
            seen.add(cid)
            members[cid] = Member(consultant=cid, group=group)
    return QueueState(
        groups=list(groups),
        order={g: list(ids) for g, ids in groups.items()},
        members=members,
        fallback=dict(fallback or {}),
    )


def arrival_order(checkins: list[tuple[int, object]]) -> list[int]:
    """[E] L86: the order of arrival at the site that morning (ties by id)."""
    return [cid for cid, _at in sorted(checkins, key=lambda pair: (pair[1], pair[0]))]


def _to_tail(state: QueueState, cid: int) -> None:
    order = state.order[state.members[cid].group]
    order.remove(cid)
    order.append(cid)


def _grant(state: QueueState, cid: int) -> None:
    member = state.members[cid]
    state.tick += 1
    if member.makeup == 0:
        member.makeup_tick = state.tick
    member.makeup += 1


def _group_chain(state: QueueState, group: str | None) -> list[str]:
    start = group or state.groups[0]
    if start not in state.order:
        raise QueueError("sales.group_unknown")
    chain = [start]
    while (nxt := state.fallback.get(chain[-1])) and nxt not in chain:
        chain.append(nxt)
    return chain


def _blocked_effect(member: Member, policy: Policy) -> str:
    if member.status == RECEIVING:
        return Effect.KEEP  # taking a walk-in: skipped in place; BUSY is an absence kind
    return policy.effect_of(member.absence)


def _pick_in_group(state: QueueState, policy: Policy, group: str) -> Turn | None:
    members = state.members
    holders = [
        members[c]
        for c in state.order[group]
        if members[c].status == AVAILABLE and members[c].makeup > 0
    ]
    if holders:
        holder = min(holders, key=lambda m: (m.makeup_tick, m.consultant))
        holder.makeup -= 1
        return Turn(receiver=holder.consultant, group=group, makeup_used=True)
    forfeited: list[int] = []
    granted: list[int] = []
    for cid in list(state.order[group]):
        member = members[cid]
        if member.status == AVAILABLE:
            return Turn(cid, group, forfeited=tuple(forfeited), makeup_granted=tuple(granted))
        effect = _blocked_effect(member, policy)
        if effect == Effect.COVER and member.status == ABSENT:
            proxy = next((c for c in state.order[group] if members[c].status == AVAILABLE), None)
            if proxy is None:
                continue
            return Turn(
                proxy,
                group,
                on_behalf_of=cid,
                forfeited=tuple(forfeited),
                makeup_granted=tuple(granted),
            )
        if effect == Effect.FORFEIT:
            _to_tail(state, cid)
            forfeited.append(cid)
        elif effect == Effect.MAKEUP:
            _to_tail(state, cid)
            _grant(state, cid)
            granted.append(cid)
        # TAIL / KEEP: stay in place, skipped
    return (
        None
        if not (forfeited or granted)
        else Turn(-1, group, forfeited=tuple(forfeited), makeup_granted=tuple(granted))
    )


def next_turn(
    state: QueueState,
    policy: Policy,
    *,
    group: str | None = None,
    designated: int | None = None,
) -> tuple[QueueState, Turn]:
    """Who receives the next walk-in, and the queue after it.

    ``designated``: a first-time visitor asked for this consultant on entering;
    they receive outside the order, and it counts as their turn only if they
    are the one in turn ([B] L45, seed 002 L358).

    Raises ``QueueError("sales.queue_empty")`` when nobody is free in the group
    or its fallbacks.
    """
    new = state.copy()
    if designated is not None and policy.designated_outside_order:
        member = new.members.get(designated)
        if member is None or member.status != AVAILABLE:
            raise QueueError("sales.consultant_unavailable")
        probe_state, probe = next_turn(new, policy, group=member.group)
        if probe.receiver == designated and probe.on_behalf_of is None:
            turn = Turn(**{**probe.__dict__, "designated": True})
            return probe_state, turn
        member.status = RECEIVING
        return new, Turn(designated, member.group, designated=True)
    forfeited: list[int] = []
    granted: list[int] = []
    for g in _group_chain(new, group):
        turn = _pick_in_group(new, policy, g)
        if turn is None:
            continue
        forfeited += turn.forfeited
        granted += turn.makeup_granted
        if turn.receiver == -1:
            continue  # everyone here was passed over: fall back to the next group
        receiver = new.members[turn.receiver]
        receiver.status = RECEIVING
        receiver.turns += 0 if turn.on_behalf_of else 1
        if turn.on_behalf_of is not None:
            absentee = new.members[turn.on_behalf_of]
            absentee.turns += 1
            _to_tail(new, absentee.consultant)
        if policy.requeue_at == "start" and turn.on_behalf_of is None:
            _to_tail(new, receiver.consultant)
        return new, Turn(
            receiver=turn.receiver,
            group=g,
            on_behalf_of=turn.on_behalf_of,
            makeup_used=turn.makeup_used,
            forfeited=tuple(forfeited),
            makeup_granted=tuple(granted),
        )
    raise QueueError("sales.queue_empty")


def finish(state: QueueState, policy: Policy, consultant: int) -> QueueState:
    """The reception is over: free again, and to the tail under [R] L315."""
    new = state.copy()
    member = new.members.get(consultant)
    if member is None or member.status != RECEIVING:
        raise QueueError("sales.not_receiving")
    member.status = AVAILABLE
    if policy.requeue_at == "finish":
        _to_tail(new, consultant)
    return new


def absence_start(state: QueueState, policy: Policy, consultant: int, kind: str) -> QueueState:
    """The consultant leaves the front desk for ``kind`` of reason."""
    new = state.copy()
    member = new.members.get(consultant)
    if member is None:
        raise QueueError("sales.not_on_duty")
    if member.status == ABSENT:
        raise QueueError("sales.already_absent")
    member.status = ABSENT
    member.absence = kind
    member.home = new.order[member.group].index(consultant)
    return new


def absence_end(state: QueueState, policy: Policy, consultant: int) -> QueueState:
    """Back at the desk: to the tail ([B] L34) or where the rule leaves them."""
    new = state.copy()
    member = new.members.get(consultant)
    if member is None or member.status != ABSENT:
        raise QueueError("sales.not_absent")
    if policy.effect_of(member.absence) == Effect.TAIL:
        _to_tail(new, consultant)
    member.status = AVAILABLE
    member.absence = ""
    return new


def grant_makeup(state: QueueState, policy: Policy, consultant: int, reason: str) -> QueueState:
    """One make-up right (补接待权) for ``reason`` if the policy knows it ([R] L316–324)."""
    if reason not in policy.makeup_reasons:
        raise QueueError("sales.makeup_not_allowed")
    new = state.copy()
    if consultant not in new.members:
        raise QueueError("sales.not_on_duty")
    _grant(new, consultant)
    return new


def join(state: QueueState, consultant: int, group: str) -> QueueState:
    """A consultant checks in late (or morning arrival [E] L86): at the group's tail."""
    new = state.copy()
    if consultant in new.members:
        raise QueueError("sales.queue_duplicate")
    if group not in new.order:
        raise QueueError("sales.group_unknown")
    new.members[consultant] = Member(consultant=consultant, group=group)
    new.order[group].append(consultant)
    return new


def swap(state: QueueState, a: int, b: int) -> QueueState:
    """The supervisor swaps two places ([K] official errand: 经过主管或经理进行调换)."""
    new = state.copy()
    ma, mb = new.members.get(a), new.members.get(b)
    if ma is None or mb is None:
        raise QueueError("sales.not_on_duty")
    oa, ob = new.order[ma.group], new.order[mb.group]
    ia, ib = oa.index(a), ob.index(b)
    oa[ia], ob[ib] = b, a
    ma.group, mb.group = mb.group, ma.group
    return new


def old_customer_cover(state: QueueState, policy: Policy, group: str | None = None) -> int:
    """Who serves an old customer whose consultant is away, without using a turn.

    [K] L173: the tail (末位销售员) covers and hands the customer back; otherwise
    the free consultant in turn ([B] L43, [R] L316).
    """
    chain = _group_chain(state, group)
    for g in chain:
        free = [c for c in state.order[g] if state.members[c].status == AVAILABLE]
        if free:
            return free[-1] if policy.old_customer_cover == "tail" else free[0]
    raise QueueError("sales.queue_empty")


def peek(state: QueueState, policy: Policy, group: str | None = None) -> int | None:
    """Who would receive the next walk-in (the board's "next"), without changing anything."""
    try:
        return next_turn(state, policy, group=group)[1].receiver
    except QueueError:
        return None
