"""Reads of the service desk: ``access_ticket``, the filtered desk list, actions.

Site isolation lives here: a user only ever sees requests of the sites they
work at; anything else is "not found".
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection, connections, transaction
from django.db.models import BooleanField, DateTimeField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from kefu.desk import rules
from kefu.desk.errors import TicketNotFound
from kefu.desk.models import Category, Channel, RequestType, Status, Ticket
from kefu.org.models import Capability, Site, User
from kefu.org.selectors import acting_positions, user_site_ids

if TYPE_CHECKING:
    from kefu.desk.config import DeskConfig


def access_ticket(user: User, ticket_id: int | str) -> Ticket:
    """The request, if it belongs to one of the user's sites; else not found."""
    try:
        pk = int(ticket_id)
    except (TypeError, ValueError):
        raise TicketNotFound() from None
    # order_by(): a pk lookup must not carry the list ordering, or PostgreSQL may
    # walk the received_at index to satisfy ORDER BY … LIMIT 1 (65 ms measured).
    ticket = ticket_queryset().filter(pk=pk, site_id__in=user_site_ids(user)).order_by().first()
    if ticket is None:
        raise TicketNotFound()
    return ticket


def ticket_queryset() -> QuerySet[Ticket]:
    """Requests with what pages and the API show of them.

    Only four relations are joined; the others are fetched by primary key in one
    small query each (``prefetch_related``). A 14-table join costs PostgreSQL
    ~100–400 ms just to plan (join_collapse_limit), far more than running it;
    the split keeps the desk list's first page near 5 ms on 1,000,000 open
    requests (bench/sla.py).
    """
    return Ticket.objects.select_related(
        "site", "request_type", "category", "assignee"
    ).prefetch_related(
        "channel",
        "customer",
        "unit",
        "received_by",
        "received_for",
        "handling_department",
        "handling_position",
        "assigned_for",
        "sla_policy",
    )


#: The request's own columns of a list row (``TicketListItem``, ``ticket_list_rows``).
_ROW_COLUMNS = (
    "id",
    "number",
    "status",
    "urgency",
    "is_serious",
    "subject",
    "contact_name",
    "received_at",
    "replied_at",
    "closed_at",
    "sla_next_due",
    "sla_next_clock",
    "sla_paused_at",
    "urge_count",
)
_USER_COLUMNS = ("id", "username", "display_name", "first_name", "last_name")


#: What the desk list (page and API) shows of each request: joined in the page's
#: one query, so a page costs no query per row.
LIST_RELATIONS = (
    "site",
    "request_type",
    "category",
    "channel",
    "customer",
    "unit",
    "received_by",
    "received_for",
    "handling_position",
    "assignee",
)

#: The desk list counts matching requests up to this many. Past it the total
#: is shown as "more than 10,000" (API: ``count_capped``), the way large Django
#: admin sites avoid counting a big table on every page.
LIST_COUNT_CAP = 10_000


class TicketListQuerySet(QuerySet):
    """Requests fetched with their list relations in one query.

    PostgreSQL spends 130–270 ms *planning* an 11-table join (it searches the
    join orders, weighing every index of ``desk_ticket`` at each step), and about
    1 ms running it (bench/desk.py, 100,000 requests). The joins here are all
    many-to-one lookups by primary key, so the written order is the best one:
    the rows are fetched with ``SET LOCAL join_collapse_limit = 1``, which plans
    the same query in about 2 ms. The setting is undone at once: the read runs in
    its own transaction (or savepoint) that is rolled back after the rows are in.
    """

    def _fetch_all(self) -> None:
        if (
            self._result_cache is not None
            or connections[self.db].vendor != "postgresql"
            or not self._joins()  # nothing to order (a search's probe)
        ):
            super()._fetch_all()
            return
        try:
            with transaction.atomic(using=self.db):
                with connections[self.db].cursor() as cursor:
                    cursor.execute("SET LOCAL join_collapse_limit = 1")
                super()._fetch_all()
                raise _UndoPlannerSetting  # a read: rolling back loses nothing
        except _UndoPlannerSetting:
            pass

    def _joins(self) -> bool:
        """Whether the read joins other tables (``select_related``, or ``values()``
        through relations); aliases Django has trimmed away count for nothing."""
        query = self.query
        used = sum(1 for alias in query.alias_map if query.alias_refcount[alias])
        return bool(query.select_related) or used > 1


class _UndoPlannerSetting(Exception):
    """Rolls back the read's transaction (or savepoint), and the setting with it."""


def ticket_list_queryset() -> QuerySet[Ticket]:
    """Requests with the relations the desk list shows, in one query."""
    return TicketListQuerySet(Ticket).select_related(*LIST_RELATIONS)


#: The list row's references (``TicketListItem``): relation → its shape.
_ROW_REFS = {
    "site": ("id", "code", "name"),
    "request_type": ("id", "code", "name"),
    "category": ("id", "code", "name"),
    "channel": ("id", "code", "name"),
    "customer": ("id", "name"),
    "received_by": _USER_COLUMNS,
    "received_for": _USER_COLUMNS,
    "handling_position": ("id", "code", "name"),
    "assignee": _USER_COLUMNS,
}


def ticket_list_rows(queryset: QuerySet[Ticket]) -> list[dict[str, Any]]:
    """The requests of a list page as the API's ``TicketListItem`` shows them.

    One ``values()`` read of the ~45 columns shown, in the queryset's order, and
    plain dicts: building fifty model instances with their ten relations (≈ 350
    objects, ≈ 950 datetimes parsed) and walking them field by field through the
    schema cost ≈ 20 ms of CPU per page (bench/desk.py ``list``); this costs a
    few. ``kefu/desk/tests/test_list_rows.py`` holds the rows equal to what the
    schema makes of the model instances.
    """
    columns = [*_ROW_COLUMNS]
    for relation, shape in _ROW_REFS.items():
        columns += [f"{relation}__{name}" for name in shape]
    labels = {value: str(label) for value, label in Status.choices}
    rows = []
    for values in queryset.values(*columns):
        row = {name: values[name] for name in _ROW_COLUMNS}
        row["status_label"] = labels.get(row["status"], row["status"])
        for relation, shape in _ROW_REFS.items():
            if values[f"{relation}__id"] is None:
                row[relation] = None
            elif shape is _USER_COLUMNS:
                row[relation] = _user_ref(values, relation)
            else:
                row[relation] = {name: values[f"{relation}__{name}"] for name in shape}
        rows.append(row)
    return rows


def _user_ref(values: dict[str, Any], relation: str) -> dict[str, Any]:
    """``UserRef`` from a ``values()`` row, named as ``str(user)`` names it."""
    username = values[f"{relation}__username"]
    return {
        "id": values[f"{relation}__id"],
        "username": username,
        "name": User.shown_name(
            values[f"{relation}__display_name"],
            values[f"{relation}__first_name"],
            values[f"{relation}__last_name"],
            username,
        ),
    }


#: What the desk list page shows of each request (``desk/_ticket_results.html``):
#: its relations and the columns read, so a page of 25 builds no objects it
#: does not show (the API list reads ``ticket_list_rows`` instead).
PAGE_RELATIONS = (
    "site",
    "request_type",
    "category",
    "customer",
    "unit",
    "handling_position",
    "assignee",
)
PAGE_COLUMNS = (
    *_ROW_COLUMNS,
    *PAGE_RELATIONS,
    "site__name",
    "request_type__name",
    "category__name",
    "customer__name",
    "unit__building",
    "unit__number",
    "handling_position__name",
    *(f"assignee__{name}" for name in _USER_COLUMNS),
)


def ticket_list_page(queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """``queryset`` (from ``ticket_list_for``) reading only what the list page shows."""
    return queryset.select_related(None).select_related(*PAGE_RELATIONS).only(*PAGE_COLUMNS)


def capped_count(queryset: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """``(count, capped)``: the number of rows, counting no further than ``cap``.

    One query (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``); ``capped`` is true
    when more than ``cap`` rows match, and ``count`` is then ``cap``.
    """
    cap = LIST_COUNT_CAP if cap is None else cap
    count = queryset.order_by()[: cap + 1].count()
    return min(count, cap), count > cap


@dataclass
class TicketFilters:
    """The desk list's filters; every field is optional."""

    q: str = ""
    site: int | None = None
    status: list[str] = field(default_factory=list)
    request_type: str = ""  # request type code
    category: int | None = None
    channel: int | None = None
    assignee: int | None = None
    mine: bool = False
    date_from: date | None = None
    date_to: date | None = None
    open_only: bool = False
    sla: str = ""  # "overdue" or "due_soon" (within DUE_SOON)
    now: datetime | None = None  # for the SLA filters; default: the clock


#: What "due soon" means on the desk list.
DUE_SOON = timedelta(hours=1)


def ticket_list_for(user: User, filters: TicketFilters | None = None) -> QuerySet[Ticket]:
    """Requests the user may see, filtered, newest first (``ticket_list_queryset``)."""
    f = filters or TicketFilters()
    qs = ticket_list_queryset().filter(site_id__in=user_site_ids(user))
    if f.site:
        qs = qs.filter(site_id=f.site)
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.open_only:
        qs = qs.filter(status__in=rules.OPEN_STATUSES)
    if f.request_type:
        qs = qs.filter(request_type__code=f.request_type)
    if f.category:
        qs = qs.filter(category_id=f.category)
    if f.channel:
        qs = qs.filter(channel_id=f.channel)
    if f.assignee:
        qs = qs.filter(assignee_id=f.assignee)
    if f.mine:
        qs = qs.filter(assignee=user)
    if f.sla == "overdue":
        qs = qs.filter(sla_next_due__lt=f.now or timezone.now())
    elif f.sla == "due_soon":
        now = f.now or timezone.now()
        qs = qs.filter(sla_next_due__gte=now, sla_next_due__lte=now + DUE_SOON)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(received_at__gte=datetime.combine(f.date_from, time.min, tzinfo=tz))
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(received_at__lt=end)
    q = f.q.strip()
    if q:
        qs = qs.filter(ticket_search(q))
    return qs.order_by("-received_at", "-id")


#: A search with at most this many matches is counted and paged from one pass
#: through the search indexes (``ticket_list_counted``).
FEW_MATCHES = 1_000


class _MatchedPage:
    """The few matches of a search, newest first, sliced into pages by primary key."""

    def __init__(self, queryset: QuerySet[Ticket], ids: list[int]) -> None:
        self.queryset = queryset
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> QuerySet[Ticket]:
        return self.queryset.filter(pk__in=self.ids[window])


def ticket_list_counted(
    queryset: QuerySet[Ticket], filters: TicketFilters
) -> tuple[QuerySet[Ticket] | _MatchedPage, int, bool]:
    """``(rows, count, capped)`` of the desk list (``ticket_list_for``): the rows to
    slice a page from, the number of requests, and whether it is ``capped_count``'s cap.

    A search reads the ids and intake times of at most ``FEW_MATCHES + 1`` matches
    first: one pass through the search indexes. With that few, the count is theirs,
    they are put newest first here, and a page is read by primary key in that order;
    counting and then paging would search twice, and PostgreSQL would walk every
    request newest first hoping to meet a match soon (a phone number among
    1,000,000 requests: two searches of ~40 ms, or a walk of seconds). A search with
    more matches, and every list without one, is counted up to the cap and paged
    by walking the newest first, which meets many matches soon.
    """
    if filters.q.strip():
        probe = list(queryset.order_by().values_list("pk", "received_at")[: FEW_MATCHES + 1])
        if len(probe) <= FEW_MATCHES:
            probe.sort(key=lambda row: (row[1], row[0]), reverse=True)  # -received_at, -id
            return _MatchedPage(queryset, [pk for pk, _ in probe]), len(probe), False
    count, capped = capped_count(queryset)
    return queryset, count, capped


_TABLE = '"desk_ticket"'  # Ticket._meta.db_table, quoted


def ticket_search(q: str) -> Q:
    """The desk search: a number prefix, the phrase anywhere in the subject,
    content, caller's name or customer's name, and with 4 or more digits those
    digits anywhere in the caller's or the customer's phone.

    On PostgreSQL each condition is an index condition (migration desk 0007:
    ``pg_trgm`` GIN indexes, a ``text_pattern_ops`` b-tree for the number), and
    the customer's match is ``customer_id = ANY(ARRAY(SELECT …))`` rather than a
    join, so the planner ORs bitmap index scans instead of reading every row.
    SQLite reads every row. Both give the same requests.
    """
    digits = "".join(ch for ch in q if ch.isdigit())
    own = (
        Q(number__startswith=q)
        | Q(subject__icontains=q)
        | Q(content__icontains=q)
        | Q(contact_name__icontains=q)
    )
    if len(digits) >= 4:
        own |= Q(contact_phone__contains=digits)
    if connection.vendor != "postgresql":
        customer = Q(customer__name__icontains=q)
        if len(digits) >= 4:
            customer |= Q(customer__phone_digits__contains=digits)
        return own | customer
    from kefu.customers.models import Customer

    matching = Q(name__icontains=q)
    if len(digits) >= 4:
        matching |= Q(phone_digits__contains=digits)
    sql, params = Customer.objects.filter(matching).order_by().values("pk").query.sql_with_params()
    column = f"{_TABLE}.customer_id"
    customer_ids = RawSQL(f"{column} = ANY(ARRAY({sql}))", params, output_field=BooleanField())
    return own | Q(customer_ids)


def overdue_tickets(user: User, now: datetime) -> QuerySet[Ticket]:
    """Requests of the user's sites past their next open deadline, most overdue first.

    One indexed query on ``(site, status, sla_next_due)``: ``sla_next_due`` is
    empty once every clock is done and while the request is paused.
    """
    return (
        ticket_queryset()
        .filter(site_id__in=user_site_ids(user), sla_next_due__lt=now)
        .order_by("sla_next_due", "id")
    )


def due_soon_tickets(user: User, now: datetime, within: timedelta = DUE_SOON) -> QuerySet[Ticket]:
    """Requests whose next open deadline falls between ``now`` and ``now + within``."""
    return (
        ticket_queryset()
        .filter(
            site_id__in=user_site_ids(user),
            sla_next_due__gte=now,
            sla_next_due__lte=now + within,
        )
        .order_by("sla_next_due", "id")
    )


@dataclass(frozen=True)
class SlaClockRow:
    """One clock of a request as the detail page and the API show it."""

    clock: str
    label: str
    target: str
    due: datetime | None
    done_at: datetime | None
    state: str  # none, running, overdue, met, missed, paused


@dataclass(frozen=True)
class TicketSla:
    """A request's SLA figures: each clock, pauses, urges and the overall state."""

    clocks: list[SlaClockRow]
    pauses: list
    urges: list
    state: str  # none, paused, overdue, due_soon, running, done
    next_due: datetime | None
    next_clock: str
    paused_since: datetime | None
    paused_total: timedelta
    calendar_uncovered: bool
    policy: str
    marks: list = field(default_factory=list)  # (TicketSlaMark, recipient names)


def ticket_sla_for(
    ticket: Ticket,
    now: datetime | None = None,
    config: "DeskConfig | None" = None,
    history: bool = True,
) -> TicketSla:
    """The SLA figures of ``ticket`` (deadlines, done times, pauses, urges) at ``now``.

    ``config``: the site's ``desk_config``; its targets are used when they are
    the request's policy's. ``history=False``: the request was just registered,
    so it has no pauses, urges or alerts to read.
    """
    from kefu.desk import sla
    from kefu.desk.models import SlaClock, SlaTarget, TicketPause, TicketUrge
    from kefu.desk.services import SLA_DUE_FIELDS, sla_clock_done

    now = now or timezone.now()
    targets = {}
    policy_targets = None
    if (
        config is not None
        and config.policy is not None
        and config.policy.pk == ticket.sla_policy_id
    ):
        policy_targets = config.targets
    if ticket.sla_policy_id:
        if policy_targets is None:
            policy_targets = SlaTarget.objects.filter(policy_id=ticket.sla_policy_id)
        specs = [
            (
                t,
                sla.TargetSpec(
                    t.clock, t.kind, t.amount, t.request_type_code, t.category_code, t.urgency
                ),
            )
            for t in policy_targets
        ]
        for clock in sla.CLOCKS:
            best = sla.target_for(
                [spec for _t, spec in specs],
                clock,
                request_type=ticket.request_type.code,
                category=ticket.category.code if ticket.category else "",
                urgency=ticket.urgency,
            )
            if best is not None:
                targets[clock] = next(str(t) for t, spec in specs if spec is best)
    done = sla_clock_done(ticket)
    done_at = {
        "first_response": ticket.accepted_at,
        "reply": ticket.replied_at,
        "handling_opinion": ticket.opinion_at or ticket.replied_at,
        "resolution": ticket.replied_at,
        "closure": ticket.closed_at,
    }
    rows = []
    for clock, field_name in SLA_DUE_FIELDS.items():
        due = getattr(ticket, field_name)
        if due is None:
            continue
        at = done_at[clock] if done[clock] else None
        state = sla.sla_state(due=due, done_at=at, now=now)
        if done[clock] and at is None:
            state = "met"  # e.g. sign-for of a rejected request
        elif ticket.sla_paused_at is not None and at is None:
            state = "paused"
        rows.append(
            SlaClockRow(clock, str(SlaClock(clock).label), targets.get(clock, ""), due, at, state)
        )
    if ticket.sla_paused_at is not None:
        state = "paused"
    elif ticket.sla_next_due is None:
        state = "done" if rows else "none"
    elif ticket.sla_next_due < now:
        state = "overdue"
    elif ticket.sla_next_due <= now + DUE_SOON:
        state = "due_soon"
    else:
        state = "running"
    paused_total = ticket.sla_paused_total or timedelta()
    if ticket.sla_paused_at is not None:
        paused_total += max(now - ticket.sla_paused_at, timedelta())
    return TicketSla(
        clocks=rows,
        pauses=list(
            TicketPause.objects.filter(ticket=ticket).select_related("started_by", "ended_by")
        )
        if history
        else [],
        urges=list(TicketUrge.objects.filter(ticket=ticket).select_related("actor"))
        if history
        else [],
        state=state,
        next_due=ticket.sla_next_due,
        next_clock=ticket.sla_next_clock,
        paused_since=ticket.sla_paused_at,
        paused_total=paused_total,
        calendar_uncovered=ticket.sla_calendar_uncovered,
        policy=ticket.sla_policy.name if ticket.sla_policy_id else "",
        marks=_sla_marks(ticket) if history else [],
    )


def _sla_marks(ticket: Ticket) -> list:
    """The warnings and escalation steps sent for ``ticket`` with whom they went to."""
    from kefu.desk.models import TicketSlaMark

    marks = list(TicketSlaMark.objects.filter(ticket=ticket).order_by("at", "kind", "step"))
    ids = {pk for m in marks for pk in m.recipients or []}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
    return [(m, [names.get(pk, f"#{pk}") for pk in m.recipients or []]) for m in marks]


def ticket_actions_for(
    user: User, ticket: Ticket, at: datetime | None = None, positions: list | None = None
) -> list[str]:
    """Transitions ``user`` may apply to ``ticket`` now (to show only usable buttons).

    ``positions``: the user's acting positions at the site at ``at``, when the
    caller already has them (a page that asks several questions reads them once).
    """
    at = at or timezone.now()
    site = ticket.site
    # the user's acting positions, read once (two queries) when needed
    acting: list = [] if positions is None else [positions]

    def positions() -> list:
        if not acting:
            acting.append(acting_positions(user=user, site=site, at=at))
        return acting[0]

    def has(cap: str) -> bool:
        # the same answer as capability_grant(), without re-reading the positions
        return user.is_superuser or any(cap in (a.position.capabilities or []) for a in positions())

    def handles() -> bool:
        if user.pk == ticket.assignee_id or user.is_superuser:
            return True
        if ticket.handling_position_id and any(
            a.position.pk == ticket.handling_position_id for a in positions()
        ):
            return True
        return has(Capability.TRIAGE)

    needed = {
        "accept": lambda: has(Capability.TRIAGE),
        "reject": lambda: has(Capability.TRIAGE),
        "assign": lambda: has(Capability.TRIAGE),
        "start": handles,
        "reply": handles,
        "close": lambda: has(Capability.CLOSE),
        "reopen": lambda: has(Capability.REOPEN),
    }
    return [a for a in rules.allowed_actions(ticket.status) if needed[a]()]


def desk_config_for(site: Site) -> dict[str, QuerySet]:
    """Active channels, request types and categories of a site, for forms."""
    return {
        "channels": Channel.objects.filter(site=site, is_active=True),
        "request_types": RequestType.objects.filter(site=site, is_active=True),
        "categories": Category.objects.filter(site=site, is_active=True).select_related(
            "request_type", "owner_position"
        ),
    }


def registrable_types_for(user: User, site: Site, at: datetime | None = None) -> list[RequestType]:
    """Request types this user may register at the site now (designated registrars)."""
    from kefu.core.errors import KefuError
    from kefu.desk.services import registrar_grant

    at = at or timezone.now()
    result = []
    for request_type in RequestType.objects.filter(site=site, is_active=True).prefetch_related(
        "registrar_positions"
    ):
        try:
            registrar_grant(user=user, site=site, request_type=request_type, at=at)
        except KefuError:
            continue
        result.append(request_type)
    return result


def desk_filter_config_for(user: User) -> dict[str, QuerySet]:
    """Choices for the desk list's filters, across every site the user works at."""
    from kefu.org.selectors import site_list_for, users_working_at

    site_ids = user_site_ids(user)
    return {
        "sites": site_list_for(user),
        "request_types": RequestType.objects.filter(site_id__in=site_ids).order_by(
            "sort_order", "code", "site_id"
        ),
        "categories": Category.objects.filter(site_id__in=site_ids)
        .select_related("site", "request_type")
        .order_by("site_id", "request_type__sort_order", "sort_order", "id"),
        "channels": Channel.objects.filter(site_id__in=site_ids)
        .select_related("site")
        .order_by("site_id", "sort_order", "id"),
        "assignees": users_working_at(site_ids).filter(is_active=True).order_by("username"),
    }


def tickets_of_customer(user: User, customer_id: int) -> QuerySet[Ticket]:
    """A customer's requests the user may see, newest first."""
    return (
        ticket_queryset()
        .filter(customer_id=customer_id, site_id__in=user_site_ids(user))
        .order_by("-received_at", "-id")
    )


def ticket_edit_allowed(
    user: User, ticket: Ticket, at: datetime | None = None, positions: list | None = None
) -> bool:
    """Whether ``user`` may correct the request's details now (to show the edit form).

    The same answer as ``services._edit_grant``; with ``positions`` (the user's
    acting positions at the site now) it costs no query.
    """
    from kefu.core.errors import KefuError
    from kefu.desk.services import _edit_grant

    if ticket.status in ("closed", "rejected"):
        return False
    if positions is not None:
        if user.is_superuser or user.pk == ticket.assignee_id:
            return True
        caps = {c for a in positions for c in (a.position.capabilities or [])}
        return bool(caps & {Capability.TRIAGE, Capability.REGISTER})
    try:
        _edit_grant(user, ticket, at or timezone.now())
    except KefuError:
        return False
    return True


def ticket_timeline(ticket: Ticket) -> tuple[list, dict[str, dict[int, str]]]:
    """The request's audit entries, oldest first, and display names for the ids
    their changes mention (``{field: {id: name}}``, e.g. the assignee's name)."""
    from django.core.exceptions import FieldDoesNotExist

    from kefu.core.selectors import audit_timeline

    entries = list(audit_timeline(ticket))
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        for name, values in (entry.changes or {}).items():
            try:
                model_field = Ticket._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.is_relation:
                wanted.setdefault(name, set()).update(v for v in values if isinstance(v, int))
    names: dict[str, dict[int, str]] = {}
    for name, ids in wanted.items():
        model = Ticket._meta.get_field(name).related_model
        names[name] = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}
    return entries, names


# --- lookups of ids sent by API clients ------------------------------------------

# Body field → (argument of the desk services, how to look it up).
_REF_FIELDS: dict[str, tuple[str, str]] = {
    "type_id": ("request_type", "pk"),
    "type_code": ("request_type", "code"),
    "channel_id": ("channel", "pk"),
    "category_id": ("category", "pk"),
    "customer_id": ("customer", "access"),
    "unit_id": ("unit", "access"),
}
_CONFIG_MODELS = {"request_type": RequestType, "channel": Channel, "category": Category}


def ticket_refs_for(
    *, user: User, site: Site, ids: dict[str, int | str | None], config: "DeskConfig | None" = None
) -> dict:
    """Turn ids from a request body into objects that may be used at ``site``.

    ``ids`` maps body fields (``type_id`` or ``type_code``, ``channel_id``,
    ``category_id``, ``customer_id``, ``unit_id``) to values; ``None`` clears
    an optional one. Returns the desk services' arguments (``request_type``,
    ``channel`` …). A type, channel or category that is not active at the site
    is ``desk.config_mismatch`` on that field; a customer or unit the user
    cannot see is not found (``access_customer`` / ``access_unit``). Whether
    they fit the request (same site, category of its type) is the service's check.
    With ``config`` (the site's ``desk_config``) types, channels and categories
    are looked up in it, without a query.
    """
    from kefu.customers.selectors import access_customer, access_unit
    from kefu.desk.errors import ConfigMismatch

    refs: dict = {}
    for key, value in ids.items():
        name, lookup = _REF_FIELDS[key]
        if value is None:
            refs[name] = None
        elif lookup == "access":
            refs[name] = (access_customer if name == "customer" else access_unit)(user, value)
        elif config is not None:
            found = _config_ref(config, name, lookup, value)
            if found is None:
                raise ConfigMismatch(fields={key: [str(ConfigMismatch.default_message)]})
            refs[name] = found
        else:
            found = (
                _CONFIG_MODELS[name]
                .objects.filter(site=site, is_active=True)
                .filter(**{lookup: value if lookup == "code" else _int_or_none(value)})
                .first()
            )
            if found is None:
                raise ConfigMismatch(fields={key: [str(ConfigMismatch.default_message)]})
            refs[name] = found
    return refs


def _config_ref(config: "DeskConfig", name: str, lookup: str, value: int | str):
    """An active type, channel or category of the cached configuration."""
    if name == "request_type":
        if lookup == "code":
            return config.active_type(code=str(value))
        return config.active_type(pk=_int_or_none(value))
    if name == "channel":
        return config.active_channel(_int_or_none(value))
    return config.active_category(_int_or_none(value))


def _int_or_none(value: int | str | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def site_assignee(site: Site, user_id: int | str | None) -> User:
    """An active person working at ``site`` to assign a request to, or
    ``desk.assignee_invalid`` (the same for unknown people and other sites')."""
    from kefu.desk.errors import AssigneeInvalid
    from kefu.org.selectors import users_working_at

    user = users_working_at({site.pk}).filter(pk=_int_or_none(user_id), is_active=True).first()
    if user is None:
        raise AssigneeInvalid(fields={"assignee_id": [str(AssigneeInvalid.default_message)]})
    return user


@dataclass(frozen=True)
class TicketDetail:
    """A request as its detail view shows it: the record and what the viewer may do.

    Reads through to the ticket's own attributes (``detail.number``), so it
    serialises like a ticket with an extra ``actions`` list.
    """

    ticket: Ticket
    actions: list[str]
    sla: "TicketSla | None" = None

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("ticket", "actions", "sla"):
            raise AttributeError(name)
        return getattr(self.ticket, name)


def ticket_detail_for(user: User, ticket_id: int | str, at: datetime | None = None) -> TicketDetail:
    """The request with its related rows, the transitions ``user`` may apply now
    and its SLA figures (``ticket_sla_for``)."""
    ticket = access_ticket(user, ticket_id)
    return TicketDetail(ticket, ticket_actions_for(user, ticket, at), ticket_sla_for(ticket, at))


def ticket_detail_registered(
    user: User,
    ticket: Ticket,
    *,
    config: "DeskConfig",
    positions: list,
    at: datetime | None = None,
) -> TicketDetail:
    """The detail of a request ``ticket_register`` has just written, without
    reading it back: every relation is already on the instance (from the
    request and ``config``), it has no pauses, urges or alerts yet, and
    ``positions`` are the user's acting positions at the site. Datetimes are
    given in UTC, as a read from the database gives them."""
    for model_field in Ticket._meta.concrete_fields:
        if isinstance(model_field, DateTimeField):
            value = getattr(ticket, model_field.attname)
            if value is not None and value.tzinfo is not None:
                setattr(ticket, model_field.attname, value.astimezone(UTC))
    return TicketDetail(
        ticket,
        ticket_actions_for(user, ticket, at, positions=positions),
        ticket_sla_for(ticket, at, config=config, history=False),
    )


def ticket_last_comment(ticket: Ticket, author: User):
    """The latest follow-up note ``author`` added to ``ticket`` (its audit entry)."""
    from kefu.core.selectors import audit_timeline

    return audit_timeline(ticket).filter(action="desk.ticket_commented", actor=author).last()


@dataclass(frozen=True)
class SiteDeskConfig:
    """A site's desk set-up as a client needs it to register requests."""

    site: Site
    channels: list[Channel]
    request_types: list[RequestType]
    categories: list[Category]
    registrable_type_ids: set[int]


def site_desk_config(user: User, site: Site, at: datetime | None = None) -> SiteDeskConfig:
    """Active channels, request types (with numbering and designated registrars)
    and categories (with the position they are routed to) of ``site``, and which
    types ``user`` may register now (``registrable_types_for``; each type also
    carries it as ``can_register``)."""
    config = desk_config_for(site)
    registrable = {t.pk for t in registrable_types_for(user, site, at)}
    request_types = list(
        config["request_types"].select_related("numbering").prefetch_related("registrar_positions")
    )
    for request_type in request_types:
        request_type.can_register = request_type.pk in registrable  # type: ignore[attr-defined]
    return SiteDeskConfig(
        site=site,
        channels=list(config["channels"]),
        request_types=request_types,
        categories=list(config["categories"]),
        registrable_type_ids=registrable,
    )
