"""Reads of the sales office: the site's policy and roles, the board, the register,
the ledgers and the statistics. ``access_*`` functions are the only way pages and
the API fetch a record; another site's record is "not found"."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from kefu.assessment.models import LedgerEntry
from kefu.customers.models import Customer
from kefu.customers.rules import phone_digits
from kefu.desk.config import SITE_VERSION, SITE_VERSION_PATH
from kefu.org.models import Site, User
from kefu.org.selectors import acting_positions, user_site_ids
from kefu.sales.config import SalesConfig, sales_config
from kefu.sales.errors import SalesNotFound
from kefu.sales.ledger import RULE_PREFIX
from kefu.sales.models import (
    Deal,
    Dispute,
    LedgerLine,
    Ownership,
    QueueDay,
    QueueMember,
    Reception,
    ReceptionGroup,
    SalesRole,
    Visit,
)
from kefu.sales.policies import Policy, Role
from kefu.sales.rules import ownership as O
from kefu.sales.rules import queue as RQ


def site_policy(site: Site) -> Policy:
    """The site's policy: its preset plus overrides ([B] when nothing is set)."""
    return sales_config(site).policy


def site_preset_key(site: Site) -> str:
    return sales_config(site).preset


def user_roles_at(
    user: User, site: Site, at: datetime | None = None, config: SalesConfig | None = None
) -> set[str]:
    """Sales roles ``user`` holds at ``site`` (own posts and deputised ones)."""
    if user.is_superuser:
        return set(Role.ALL)
    positions = [
        a.position.pk for a in acting_positions(user=user, site=site, at=at or timezone.now())
    ]
    return (config or sales_config(site)).roles_of(positions)


def consultants_at(site: Site) -> QuerySet[User]:
    """Users holding a position the site maps to the consultant role."""
    positions = SalesRole.objects.filter(site=site, role=Role.CONSULTANT).values("position")
    return (
        User.objects.filter(assignments__position__in=positions, is_active=True)
        .distinct()
        .order_by("username")
    )


def is_consultant(user: User, site: Site) -> bool:
    return consultants_at(site).filter(pk=user.pk).exists()


def sales_sites_for(user: User) -> QuerySet[Site]:
    return Site.objects.filter(id__in=user_site_ids(user), kind="sales_office", is_active=True)


def groups_of(site: Site) -> QuerySet[ReceptionGroup]:
    return ReceptionGroup.objects.filter(site=site).order_by("sort", "code")


def queue_of(site: Site, day: date) -> QueueDay | None:
    return QueueDay.objects.filter(site=site, day=day).first()


@dataclass
class QueueRows:
    """A day's groups and member rows, read once under the queue's lock so that a
    change ("next", "finish", …) reads them once and writes back into the same rows."""

    groups: list[ReceptionGroup]
    members: list[QueueMember]

    def consultant(self, pk: int | None) -> User | None:
        """The member's user as read with the rows (no query); ``None`` if not a member."""
        return next((m.consultant for m in self.members if m.consultant_id == pk), None)


def queue_rows(queue: QueueDay, config: SalesConfig | None = None) -> QueueRows:
    """The day's members with their users (one query), each given its group from
    ``sales_config`` (no join), in the order of the groups then the places."""
    groups = list((config or sales_config(queue.site)).groups)
    by_pk = {g.pk: g for g in groups}
    members = list(queue.members.select_related("consultant").order_by())
    if any(m.group_id not in by_pk for m in members):  # a group newer than the copy
        by_pk = {g.pk: g for g in groups_of(queue.site).select_related("fallback")}
        groups = list(by_pk.values())
    for m in members:
        m.group = by_pk[m.group_id]
    members.sort(key=lambda m: (m.group.sort, m.group.code, m.place))
    return QueueRows(groups=groups, members=members)


def state_of(queue: QueueDay, rows: QueueRows | None = None) -> RQ.QueueState:
    """The pure queue state of a stored 《客户接待顺序表》."""
    rows = rows or queue_rows(queue)
    groups, members = rows.groups, rows.members
    order: dict[str, list[int]] = {g.code: [] for g in groups}
    state_members = {}
    for m in members:
        order[m.group.code].append(m.consultant_id)
        state_members[m.consultant_id] = RQ.Member(
            consultant=m.consultant_id,
            group=m.group.code,
            status=m.status,
            absence=m.absence,
            makeup=m.makeup,
            makeup_tick=m.makeup_tick,
            turns=m.turns,
        )
    fallback = {g.code: g.fallback.code for g in groups if g.fallback_id}
    used = [g.code for g in groups if order[g.code]] or [g.code for g in groups]
    return RQ.QueueState(
        groups=used,
        order={g: order[g] for g in used},
        members=state_members,
        fallback=fallback,
        tick=queue.tick,
    )


@dataclass(frozen=True)
class BoardRow:
    place: int
    member: QueueMember
    is_next: bool


@dataclass(frozen=True)
class Board:
    site: Site
    queue: QueueDay | None
    next_consultant: User | None
    groups: list[tuple[ReceptionGroup, list[BoardRow]]]
    last: Reception | None
    policy: Policy


def board_for(site: Site, day: date) -> Board:
    """What the front-desk board shows: who is next, and each group's order."""
    policy = site_policy(site)
    queue = queue_of(site, day)
    if queue is None:
        return Board(site, None, None, [], None, policy)
    state = state_of(queue)
    next_id = RQ.peek(state, policy)
    members = {m.consultant_id: m for m in queue.members.select_related("consultant", "group")}
    rows = []
    for group in groups_of(site):
        ids = state.order.get(group.code, [])
        if ids:
            rows.append(
                (
                    group,
                    [BoardRow(i + 1, members[c], c == next_id) for i, c in enumerate(ids)],
                )
            )
    last = queue.receptions.select_related("receiver", "on_behalf_of").order_by("-seq").first()
    return Board(site, queue, members[next_id].consultant if next_id else None, rows, last, policy)


def access_reception(user: User, pk: int | str) -> Reception:
    """The reception with its day and site (and the site's configuration version, so
    that ``sales_config`` costs no query). Its consultants are not joined: "finish"
    takes them from the queue's members it reads anyway (``reception_finish``)."""
    obj = (
        Reception.objects.filter(pk=_pk(pk), queue__site_id__in=user_site_ids(user))
        .select_related("queue__site")
        .annotate(**{SITE_VERSION: F(f"queue__site__{SITE_VERSION_PATH}")})
        .first()
    )
    if obj is None:
        raise SalesNotFound()
    setattr(obj.queue.site, SITE_VERSION, getattr(obj, SITE_VERSION))
    return obj


def access_visit(user: User, pk: int | str) -> Visit:
    obj = Visit.objects.filter(pk=_pk(pk), site_id__in=user_site_ids(user)).first()
    if obj is None:
        raise SalesNotFound()
    return obj


def access_deal(user: User, pk: int | str) -> Deal:
    obj = (
        Deal.objects.filter(pk=_pk(pk), site_id__in=user_site_ids(user))
        .select_related("site", "customer", "closer")
        .first()
    )
    if obj is None:
        raise SalesNotFound()
    return obj


def access_dispute(user: User, pk: int | str) -> Dispute:
    obj = (
        Dispute.objects.filter(pk=_pk(pk), site_id__in=user_site_ids(user))
        .select_related("site", "customer", "filed_by", "against", "deal")
        .first()
    )
    if obj is None:
        raise SalesNotFound()
    return obj


def access_sales_customer(user: User, site: Site, pk: int | str) -> Customer:
    obj = Customer.objects.filter(pk=_pk(pk), site=site).first()
    if obj is None:
        raise SalesNotFound()
    return obj


def access_site_user(site: Site, pk: int | str | None) -> User:
    """A person working at ``site`` (for ids in forms and API bodies)."""
    obj = User.objects.filter(pk=_pk(pk), assignments__position__site=site).distinct().first()
    if obj is None:
        raise SalesNotFound()
    return obj


def _pk(value: int | str | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def open_ownership(customer: Customer) -> Ownership | None:
    return Ownership.objects.filter(customer=customer, ended_at__isnull=True).first()


def find_buyer(site: Site, *, phone: str = "", id_number: str = "") -> Customer | None:
    """The buyer with this phone (digits) or ID number at the site ([R] L319 look-up)."""
    cond = Q()
    digits = phone_digits(phone) if phone else ""
    if digits:
        cond |= Q(phone_digits=digits)
    if id_number.strip():
        cond |= Q(id_number=id_number.strip())
    if not cond:
        return None
    return Customer.objects.filter(cond, site=site).order_by("id").first()


def whose_customer(site: Site, *, phone: str = "", id_number: str = "") -> Ownership | None:
    """ "是谁的客户" ([R] L319–320): the open ownership for this phone or ID."""
    customer = find_buyer(site, phone=phone, id_number=id_number)
    return open_ownership(customer) if customer else None


def ownership_lapsed(policy: Policy, ownership: Ownership, at: datetime) -> bool:
    return O.is_lapsed(
        policy,
        registered_at=ownership.since,
        last_activity=ownership.last_activity_at,
        at=at,
    )


def visits_for(site: Site, day: date | None = None) -> QuerySet[Visit]:
    qs = Visit.objects.filter(site=site).select_related("customer", "consultant", "collision_with")
    return qs.filter(day=day) if day else qs


def deals_for(site: Site) -> QuerySet[Deal]:
    return Deal.objects.filter(site=site).select_related("customer", "closer")


def disputes_for(site: Site) -> QuerySet[Dispute]:
    return Dispute.objects.filter(site=site).select_related("customer", "filed_by", "against")


def ledger_for(site: Site, deal: Deal | None = None) -> QuerySet[LedgerLine]:
    qs = LedgerLine.objects.filter(site=site).select_related("deal", "consultant")
    return qs.filter(deal=deal) if deal else qs


def ledger_net(deal: Deal) -> dict[tuple[str, int | None], int]:
    """The deal's current attribution: ``(party, consultant) → fen`` with zeros dropped."""
    net: dict[tuple[str, int | None], int] = {}
    for line in deal.ledger.all():
        key = (line.party, line.consultant_id)
        net[key] = net.get(key, 0) + line.amount_fen
    return {k: v for k, v in net.items() if v}


def penalties_for(site: Site) -> QuerySet[LedgerEntry]:
    """The site's sales-office penalties in the one penalty ledger."""
    return LedgerEntry.objects.filter(site=site, rule__startswith=RULE_PREFIX).select_related(
        "person"
    )


# --- statistics ------------------------------------------------------------------


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """``[start, end)`` of the day, ISO week or month containing ``day`` (seed 002 L380–384)."""
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=7)
    if period == "month":
        start = day.replace(day=1)
        nxt = (start + timedelta(days=32)).replace(day=1)
        return start, nxt
    return day, day + timedelta(days=1)


@dataclass
class StatRow:
    consultant: User | None
    visits: int = 0
    calls: int = 0
    receptions: int = 0
    subscriptions: int = 0
    contracts: int = 0
    collisions: int = 0
    disputes: int = 0

    @property
    def visit_to_subscription(self) -> float | None:
        return self.subscriptions / self.visits if self.visits else None

    @property
    def subscription_to_contract(self) -> float | None:
        return self.contracts / self.subscriptions if self.subscriptions else None


def statistics(site: Site, start: date, end: date) -> tuple[list[StatRow], StatRow]:
    """《来人来电统计表》 per consultant and for the site, for ``[start, end)``."""
    rows: dict[int, StatRow] = {u.pk: StatRow(u) for u in consultants_at(site)}
    visits = (
        Visit.objects.filter(site=site, day__gte=start, day__lt=end)
        .values("consultant")
        .annotate(
            visits=Count("id", filter=Q(channel="onsite")),
            calls=Count("id", filter=Q(channel="phone")),
            collisions=Count("id", filter=Q(collision_with__isnull=False)),
        )
    )
    for v in visits:
        row = rows.setdefault(v["consultant"], StatRow(User.objects.get(pk=v["consultant"])))
        row.visits, row.calls, row.collisions = v["visits"], v["calls"], v["collisions"]
    receptions = (
        Reception.objects.filter(queue__site=site, queue__day__gte=start, queue__day__lt=end)
        .values("receiver")
        .annotate(n=Count("id", filter=Q(kind="valid")))
    )
    for r in receptions:
        if r["receiver"] in rows:
            rows[r["receiver"]].receptions = r["n"]
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    hi = datetime.combine(end, datetime.min.time(), tzinfo=tz)
    deals = Deal.objects.filter(site=site).exclude(status="cancelled")
    for d in (
        deals.filter(subscribed_at__gte=lo, subscribed_at__lt=hi)
        .values("closer")
        .annotate(n=Count("id"))
    ):
        if d["closer"] in rows:
            rows[d["closer"]].subscriptions = d["n"]
    for d in (
        deals.filter(contracted_at__gte=lo, contracted_at__lt=hi)
        .values("closer")
        .annotate(n=Count("id"))
    ):
        if d["closer"] in rows:
            rows[d["closer"]].contracts = d["n"]
    for d in (
        Dispute.objects.filter(site=site, created_at__gte=lo, created_at__lt=hi)
        .values("filed_by")
        .annotate(n=Count("id"))
    ):
        if d["filed_by"] in rows:
            rows[d["filed_by"]].disputes = d["n"]
    total = StatRow(None)
    for row in rows.values():
        for f in (
            "visits",
            "calls",
            "receptions",
            "subscriptions",
            "contracts",
            "collisions",
            "disputes",
        ):
            setattr(total, f, getattr(total, f) + getattr(row, f))
    ordered = sorted(rows.values(), key=lambda r: (-r.visits, str(r.consultant)))
    return ordered, total


def commission_totals(site: Site) -> list[dict]:
    """Net attributed commission per party and consultant."""
    return list(
        LedgerLine.objects.filter(site=site)
        .values("party", "consultant", "consultant__display_name", "consultant__username")
        .annotate(total=Sum("amount_fen"))
        .order_by("party", "consultant__username")
    )
