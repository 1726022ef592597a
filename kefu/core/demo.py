"""Demo data: a property service centre and a furniture maker's complaint desk.

Everything is built through the services (``site_desk_preset_apply``,
``customer_create``, ``absence_declare``, ``ticket_register`` and the
transition services) with explicit ``now=`` values in the past, so numbers,
routing, deputies and the audit timeline look as they would after two months
of real use. Requests are registered in chronological order because numbers
follow registration order (seed 002 L50). ``random.Random(2026)`` makes the
content reproducible; dates are relative to the moment of loading.

Only sites, users and their positions are written directly: they are
configuration, edited in the admin.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from kefu.accounts.demo import build_accounts_demo
from kefu.assessment.demo import build_assessment_demo
from kefu.complaints.demo import build_complaints_demo
from kefu.core import demo_data as D
from kefu.customers.models import Customer, Unit
from kefu.customers.services import contact_add, customer_create, unit_create
from kefu.desk.models import Category, Channel, RequestType, Ticket, Urgency
from kefu.desk.services import (
    site_desk_preset_apply,
    site_sla_preset_apply,
    ticket_accept,
    ticket_assign,
    ticket_close,
    ticket_register,
    ticket_reject,
    ticket_reopen,
    ticket_reply,
    ticket_start,
)
from kefu.field.demo import FIELD_SITE_CODE, build_field_demo
from kefu.files.demo import FILES_SITE_CODE, build_files_demo
from kefu.guests.demo import build_guests_demo
from kefu.notices.demo import build_notices_demo
from kefu.org.models import Absence, Position, PositionAssignment, Site, User
from kefu.org.services import absence_declare
from kefu.portal.demo import build_portal_demo
from kefu.procedures.demo import build_procedures_demo
from kefu.reports.demo import build_reports_demo
from kefu.sales.demo import SALES_SITE_CODE, build_sales_demo
from kefu.visits.demo import build_visits_demo

DEMO_PASSWORD = "kefu-demo-2026"
DEMO_SUPERUSER = "demo"
SITE_CODES = (D.PROPERTY_SITE["code"], D.FURNITURE_SITE["code"])
ADMIN_GROUP = "站点管理员"
KEFU_APPS = ["core", "org", "customers", "desk", "notify", "sales", "visits", "complaints"]
KEFU_APPS += ["assessment", "guests", "procedures", "reports"]
KEFU_APPS += ["portal", "files", "field", "accounts", "notices"]

# The transitions that lead to each final state of a demo request.
FLOW = ["accept", "assign", "start", "reply", "close"]
PATHS = {
    "registered": [],
    "accepted": FLOW[:1],
    "assigned": FLOW[:2],
    "in_progress": FLOW[:3],
    "replied": FLOW[:4],
    "closed": FLOW,
    "rejected": ["reject"],
    "reopened": [*FLOW, "reopen"],
    "reopened_closed": [*FLOW, "reopen", "reply", "close"],
}
# Waiting time before each transition, in minutes (low, high).
GAPS = {
    "accept": (5, 90),
    "reject": (10, 240),
    "assign": (5, 120),
    "start": (20, 360),
    "reply": (60, 2880),
    "close": (120, 2880),
    "reopen": (1440, 2880),
}
# Which final states requests of a given age (days) end up in, with weights.
TARGETS_BY_AGE = [
    (12, {"closed": 78, "replied": 5, "rejected": 8, "in_progress": 3, "assigned": 2}),
    (2, {"closed": 40, "replied": 20, "in_progress": 15, "assigned": 10, "accepted": 5}),
    (0, {"registered": 40, "accepted": 20, "assigned": 20, "in_progress": 15, "replied": 10}),
]
# Every state appears at least once, even in a small demo.
FORCED_TARGETS = ["rejected", "replied", "in_progress", "assigned", "accepted", "reopened"]
FORCED_TARGETS += ["reopened_closed", "closed"]


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    position: str
    site: str


@dataclass
class DemoSite:
    """One demo site with its people, customers and the words its callers use."""

    site: Site
    people: dict[str, list[User]]
    texts: dict[str, list[tuple[str, str]]]
    places: list[str]
    rejections: list[str]
    replies: list[tuple[str, str]]
    channels: list[tuple[str, int]]
    types: list[tuple[str, int]]
    customers: list[Customer] = field(default_factory=list)
    cities: dict[int, str] = field(default_factory=dict)
    absence: Absence | None = None

    def one(self, code: str) -> User:
        return self.people[code][0]

    def present(self, rng: random.Random, codes: list[str], at: datetime) -> User:
        """Someone holding one of ``codes`` who is not away at ``at``."""
        away = self.absence
        users = [
            u
            for code in codes
            for u in self.people.get(code, [])
            if away is None or u != away.holder or not away.starts_at <= at < away.ends_at
        ]
        return rng.choice(users)


@dataclass
class Plan:
    demo: DemoSite
    received_at: datetime
    type_code: str
    target: str = "registered"


# --- entry points ----------------------------------------------------------------------


def demo_state() -> int:
    """How many of the demo's sites exist: 0 (none), 1 (broken) or 2 (loaded)."""
    return Site.objects.filter(code__in=SITE_CODES).count()


def demo_logins() -> list[Login]:
    """Every position held at the demo sites, by site then seniority."""
    assignments = (
        PositionAssignment.objects.filter(
            position__site__code__in=(
                *SITE_CODES,
                SALES_SITE_CODE,
                FILES_SITE_CODE,
                FIELD_SITE_CODE,
            )
        )
        .select_related("user", "position__site")
        .order_by("position__site__code", "id")
    )
    return [
        Login(a.user.username, str(a.user), a.position.name, a.position.site.name)
        for a in assignments
    ]


@transaction.atomic
def build_demo(*, requests: int = 300, days: int = 60, now: datetime | None = None) -> None:
    """Create both demo sites and ``requests`` requests spread over ``days`` days."""
    rng = random.Random(2026)
    now = now or timezone.now()
    password = make_password(DEMO_PASSWORD)
    superuser = User.objects.create(
        username=DEMO_SUPERUSER,
        display_name="演示账号",
        password=password,
        is_staff=True,
        is_superuser=True,
    )
    group = _admin_group()
    centre = _site(
        D.PROPERTY_SITE, D.PROPERTY_PEOPLE, D.PROPERTY_WORDS, password, superuser, group, rng
    )
    maker = _site(
        D.FURNITURE_SITE, D.FURNITURE_PEOPLE, D.FURNITURE_WORDS, password, superuser, group, rng
    )
    _declare_absence(centre, now)
    _residents(centre, rng)
    _dealers(maker, rng)
    for plan in _plan(rng, requests, days, now, [centre, maker]):
        _play(plan, rng, now)
    for demo in (centre, maker):
        _chase(demo, rng, now)
    build_sales_demo(superuser=superuser, password=password, group=group, now=now)
    build_visits_demo(site=centre.site, people=centre.people, now=now)
    build_assessment_demo(site=centre.site, people=centre.people, now=now)
    build_guests_demo(site=centre.site, people=centre.people, now=now)
    build_procedures_demo(site=centre.site, people=centre.people, now=now)
    build_portal_demo(site=centre.site, people=centre.people, now=now)
    build_notices_demo(site=centre.site, people=centre.people, now=now)
    build_complaints_demo(
        site=maker.site, people=maker.people, customers=maker.customers, password=password, now=now
    )
    build_files_demo(superuser=superuser, password=password, group=group, now=now)
    build_reports_demo(site=centre.site, people=centre.people, now=now)
    build_field_demo(
        superuser=superuser,
        password=password,
        group=group,
        centre=centre.site,
        centre_people=centre.people,
        now=now,
    )
    build_accounts_demo(site=maker.site, customers=maker.customers, password=password, now=now)
    # last: the alerts due now over every app's requests, then the unread trim
    _sla_alerts(superuser, now)


# --- people and customers ---------------------------------------------------------------


def _admin_group() -> Group:
    """Staff of the admin: every kefu permission but delete (sites still limit them)."""
    group, _created = Group.objects.get_or_create(name=ADMIN_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=KEFU_APPS).exclude(
            codename__startswith="delete_"
        )
    )
    return group


def _site(
    spec: dict[str, str],
    people: list[tuple[str, str, str, bool]],
    words: dict[str, Any],
    password: str,
    superuser: User,
    group: Group,
    rng: random.Random,
) -> DemoSite:
    site = Site.objects.create(**{k: v for k, v in spec.items() if k != "preset"})
    site_desk_preset_apply(actor=superuser, site=site, key=spec["preset"])
    # The SLA presets share the desk presets' keys (property_centre, furniture_maker).
    site_sla_preset_apply(actor=superuser, site=site, key=spec["preset"])
    positions = {p.code: p for p in Position.objects.filter(site=site)}
    holders: dict[str, list[User]] = {}
    for username, name, code, staff in people:
        user = User.objects.create(
            username=username,
            display_name=name,
            password=password,
            phone=_mobile(rng),
            is_staff=staff,
        )
        if staff:
            user.groups.add(group)
        PositionAssignment.objects.create(user=user, position=positions[code])
        holders.setdefault(code, []).append(user)
    # The demo login also holds 客服主任 at both sites, after the real holder.
    PositionAssignment.objects.create(user=superuser, position=positions["cs_director"])
    return DemoSite(site=site, people=holders, **words)


def _declare_absence(centre: DemoSite, now: datetime) -> None:
    """The centre's 客服主任 is away this week; a 客服专员 stands in (seed 002 L40).

    The absence starts on Monday, or four days ago early in the week, so the
    demo already shows work done on the director's behalf.
    """
    director = centre.one("cs_director")
    today = timezone.localdate(now)
    monday = timezone.make_aware(
        datetime.combine(today - timedelta(days=today.weekday()), time.min)
    )
    starts_at = min(monday, now.replace(second=0, microsecond=0) - timedelta(days=4))
    centre.absence = absence_declare(
        actor=director,
        holder=director,
        position=Position.objects.get(site=centre.site, code="cs_director"),
        deputy=centre.one("cs_clerk"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=7),
        reason=D.ABSENCE_REASON,
    )


def _residents(centre: DemoSite, rng: random.Random) -> None:
    """Units 1栋-101 … 6栋-1002, their owners and tenants, some cars and contacts."""
    clerk = centre.one("cs_clerk")
    for building in D.BUILDINGS:
        for floor in D.FLOORS:
            for door in range(1, D.UNITS_PER_FLOOR + 1):
                unit = unit_create(
                    actor=clerk, site=centre.site, building=building, number=f"{floor}{door:02d}"
                )
                _occupy(centre, unit, clerk, rng)


def _occupy(centre: DemoSite, unit: Unit, clerk: User, rng: random.Random) -> None:
    if rng.random() < 0.92:
        owner = customer_create(
            actor=clerk,
            site=centre.site,
            kind="owner",
            name=_name(rng),
            phone=_landline("0755", rng) if rng.random() < 0.12 else _mobile(rng),
            unit=unit,
            unit_role="owner",
            plate=_plate(rng) if rng.random() < 0.12 else "",
        )
        centre.customers.append(owner)
        if rng.random() < 0.1:
            relation = rng.choice(D.RELATIONS)
            contact_add(
                actor=clerk, customer=owner, name=_name(rng), phone=_mobile(rng), relation=relation
            )
    if rng.random() < 0.25:
        tenant = customer_create(
            actor=clerk,
            site=centre.site,
            kind="tenant",
            name=_name(rng),
            phone=_mobile(rng),
            unit=unit,
            unit_role="tenant",
        )
        centre.customers.append(tenant)


def _dealers(maker: DemoSite, rng: random.Random) -> None:
    """The furniture maker's customers are its dealers (经销商) in the north."""
    clerk = maker.one("cs_deputy")
    for city, area_code, shops in D.DEALER_CITIES:
        for shop in shops:
            dealer = customer_create(
                actor=clerk,
                site=maker.site,
                kind="dealer",
                name=f"{city}{shop}",
                phone=_landline(area_code, rng),
                company=f"{city}{shop}商贸有限公司",
                notes="经销商",
            )
            contact_add(
                actor=clerk, customer=dealer, name=_name(rng), phone=_mobile(rng), relation="店长"
            )
            maker.customers.append(dealer)
            maker.cities[dealer.pk] = city


def _name(rng: random.Random) -> str:
    return rng.choice(D.SURNAMES) + rng.choice(D.GIVEN_NAMES)


def _mobile(rng: random.Random) -> str:
    return rng.choice(D.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _landline(area_code: str, rng: random.Random) -> str:
    return f"{area_code}-{rng.randrange(2, 9)}{rng.randrange(10**7):07d}"


def _plate(rng: random.Random) -> str:
    if rng.random() < 0.2:  # new-energy plates have six characters
        return f"粤B{rng.choice('DF')}{rng.randrange(10**5):05d}"
    return f"粤B{rng.choice(D.PLATE_LETTERS)}{rng.randrange(10**4):04d}"


# --- requests -------------------------------------------------------------------------------


def _plan(
    rng: random.Random, count: int, days: int, now: datetime, sites: list[DemoSite]
) -> list[Plan]:
    """When each request comes in, of which type, and how far it gets; oldest first."""
    plans = []
    for index in range(count):
        demo = sites[0] if index % 3 else sites[1]  # two thirds at the property centre
        type_code = _weighted(rng, demo.types)
        plans.append(Plan(demo, _received_at(rng, days, now, type_code), type_code))
    plans.sort(key=lambda p: p.received_at)
    for plan in plans:
        age = (now - plan.received_at).days
        weights = next(w for min_age, w in TARGETS_BY_AGE if age >= min_age)
        plan.target = _weighted(rng, list(weights.items()))
    old = [p for p in plans if (now - p.received_at).days >= 12] or plans
    for offset, target in enumerate(FORCED_TARGETS):
        old[(offset * 2 + 1) % len(old)].target = target
    plans[-1].target = "registered"
    return plans


def _received_at(rng: random.Random, days: int, now: datetime, type_code: str) -> datetime:
    while True:
        day = timezone.localdate(now) - timedelta(days=rng.randrange(days))
        hour = rng.randrange(24) if type_code == "emergency" else rng.randrange(8, 20)
        moment = timezone.make_aware(datetime.combine(day, time(hour, rng.randrange(60))))
        if moment < now - timedelta(minutes=10):
            return moment


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _play(plan: Plan, rng: random.Random, now: datetime) -> Ticket:
    """Register one request and move it along its path, each step later than the last."""
    ticket = _register(plan, rng)
    at = plan.received_at
    for action in PATHS[plan.target]:
        low, high = GAPS[action]
        at = at + timedelta(minutes=rng.randint(low, high))
        if at >= now - timedelta(minutes=1):
            break
        ticket = _step(plan.demo, ticket, action, at, rng)
    return ticket


def _register(plan: Plan, rng: random.Random) -> Ticket:
    demo, site, at = plan.demo, plan.demo.site, plan.received_at
    request_type = RequestType.objects.get(site=site, code=plan.type_code)
    categories = list(Category.objects.filter(request_type=request_type))
    category = rng.choice(categories) if categories else None
    subject, content = rng.choice(demo.texts[category.code if category else ""])
    customer = rng.choice(demo.customers) if rng.random() < 0.9 else None
    words = _words(demo, customer, rng)
    registrars = list(request_type.registrar_positions.values_list("code", flat=True))
    actor = demo.present(rng, registrars or ["cs_clerk", "cs_deputy", "cs_director"], at)
    urgency = Urgency.NORMAL
    if plan.type_code == "emergency":
        urgency = rng.choice([Urgency.URGENT, Urgency.CRITICAL])
    channel_code = _weighted(rng, demo.channels)
    needs_place = request_type.requires_time_place or plan.type_code == "emergency"
    return ticket_register(
        actor=actor,
        site=site,
        request_type=request_type,
        channel=Channel.objects.get(site=site, code=channel_code),
        category=category,
        customer=customer,
        contact_name="" if customer else _name(rng),
        contact_phone="" if customer else _mobile(rng),
        subject=subject,
        content=content.format(**words),
        occurred_at=at - timedelta(minutes=rng.randint(10, 4320)) if needs_place else None,
        occurred_place=rng.choice(demo.places).format(**words) if needs_place else "",
        urgency=urgency,
        is_serious=plan.type_code == "complaint" and rng.random() < 0.05,
        recording_ref=f"REC-{at:%Y%m%d-%H%M}" if channel_code in ("hotline", "phone") else "",
        now=at,
    )


def _words(demo: DemoSite, customer: Customer | None, rng: random.Random) -> dict[str, Any]:
    unit = customer.units.order_by("pk").first() if customer else None
    building = unit.building if unit else rng.choice(D.BUILDINGS)
    return {
        "unit": str(unit) if unit else f"{building}-{rng.randrange(1, 11)}0{rng.randrange(1, 3)}",
        "building": building,
        "dealer": customer.name if customer else "经销商",
        "city": demo.cities.get(customer.pk, "") if customer else "",
        "n": rng.randrange(2, 15),
    }


def _step(demo: DemoSite, ticket: Ticket, action: str, at: datetime, rng: random.Random) -> Ticket:
    triage = ["cs_clerk", "cs_director"] if "cs_clerk" in demo.people else ["cs_director"]
    closers = ["cs_director", "gm"]
    if action == "accept":
        return ticket_accept(actor=demo.present(rng, triage, at), ticket=ticket, now=at)
    if action == "reject":
        actor, reason = demo.present(rng, triage, at), rng.choice(demo.rejections)
        return ticket_reject(actor=actor, ticket=ticket, reason=reason, now=at)
    if action == "assign":
        # Unrouted requests (enquiries) go to a desk clerk; the rest follow their category.
        clerk = demo.present(rng, ["cs_clerk", "cs_deputy"], at)
        assignee = None if ticket.handling_position_id else clerk
        actor = demo.present(rng, triage, at)
        return ticket_assign(actor=actor, ticket=ticket, assignee=assignee, now=at)
    if action == "start":
        return ticket_start(actor=ticket.assignee, ticket=ticket, now=at)
    if action == "reply":
        content, result = rng.choice(demo.replies)
        method = rng.choice(D.REPLY_METHODS)
        return ticket_reply(
            actor=ticket.assignee,
            ticket=ticket,
            reply_content=content,
            result=result,
            reply_method=method,
            now=at,
        )
    if action == "close":
        return ticket_close(actor=_closer(demo, rng, closers, at), ticket=ticket, now=at)
    reason = rng.choice(D.REOPEN_REASONS)
    return ticket_reopen(
        actor=_closer(demo, rng, closers, at), ticket=ticket, reason=reason, now=at
    )


def _chase(demo: DemoSite, rng: random.Random, now: datetime) -> None:
    """Pause the open request due last (it waits on the customer), then 催办 the
    three most overdue ones."""
    from kefu.desk.services import ticket_pause, ticket_urge

    at = now - timedelta(minutes=5)
    manager = demo.present(rng, ["gm", "cs_director"], at)
    waiting = (
        Ticket.objects.filter(site=demo.site, sla_next_due__isnull=False)
        .filter(status__in=["registered", "accepted", "assigned", "in_progress"])
        .order_by("-sla_next_due")
        .first()
    )
    if waiting is not None:
        ticket_pause(actor=manager, ticket=waiting, reason=D.PAUSE_REASON, now=at)
    overdue = Ticket.objects.filter(site=demo.site, sla_next_due__lt=at).order_by("sla_next_due")
    for ticket in overdue[:3]:
        ticket_urge(actor=manager, ticket=ticket, note=D.URGE_NOTE, now=at)


def _closer(demo: DemoSite, rng: random.Random, codes: list[str], at: datetime) -> User:
    """The 客服主任 closes; while they are away their deputy does, on their behalf."""
    away = demo.absence
    if away is not None and away.starts_at <= at < away.ends_at and rng.random() < 0.8:
        return away.deputy
    return demo.present(rng, codes, at)


def _sla_alerts(superuser: User, now: datetime) -> None:
    """Send the SLA warnings and escalations due now (kefu.desk.escalation), leave
    each person's three newest notices unread, and tell the demo login how many
    requests are overdue at each site."""
    from django.urls import reverse

    from kefu.desk.escalation import sla_scan
    from kefu.notify.models import Notification
    from kefu.notify.services import notification_mark_read, notify

    sla_scan(now=now)
    keep: dict[int, int] = {}
    for note in Notification.objects.order_by("-created_at", "-id").select_related("recipient"):
        keep[note.recipient_id] = keep.get(note.recipient_id, 0) + 1
        if keep[note.recipient_id] > 3:
            notification_mark_read(actor=note.recipient, notification=note, now=now)
    for site in Site.objects.filter(code__in=SITE_CODES).order_by("code"):
        overdue = Ticket.objects.filter(site=site, sla_next_due__lt=now).count()
        notify(
            site=site,
            users=[superuser],
            kind="desk.sla_digest",
            subject=f"{site.name}: {overdue} 件诉求已超时",
            link=reverse("desk:ticket_list") + "?sla=overdue",
            dedupe_key=f"demo.sla_digest:{site.code}",
            channels=("inapp",),
        )
