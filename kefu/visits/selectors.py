"""Reads of return visits and surveys: access checks, the work list, history, figures.

``access_visit`` and ``access_campaign`` are the only ways pages and the API
fetch a visit or a survey; one at a site the user does not work at is "not
found", exactly like a missing one.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kefu.customers.models import Customer, OccupancyRole, UnitOccupancy
from kefu.org.models import Capability, Site, User
from kefu.org.selectors import acting_positions, capability_grant, user_site_ids
from kefu.visits import rules
from kefu.visits.errors import CampaignNotFound, MeetingNotFound, VisitNotFound
from kefu.visits.models import (
    MeetingAttendance,
    QuestionKind,
    ReturnVisit,
    SurveyAnswer,
    SurveyCampaign,
    SurveyTarget,
    TenantMeeting,
    TenantVisit,
    VisitPlanItem,
    VisitSettings,
    VisitStatus,
)
from kefu.visits.policies import SCALE_PRESETS

#: Capabilities that let a position schedule, assign and record any visit at its
#: site: the desk's registrars and triage (客服主任/客服专员) and site managers.
#: A position may also carry ``visits.visit`` (e.g. a 回访专员, seed 004 L111).
VISIT_CAPABILITIES = (Capability.TRIAGE, Capability.REGISTER, Capability.MANAGE, "visits.visit")
SURVEY_CAPABILITIES = (Capability.TRIAGE, Capability.MANAGE, "visits.visit")


# --- settings and scale ---------------------------------------------------------------


def visit_settings_for(site: Site | int) -> VisitSettings:
    """The site's settings, or the defaults (unsaved) when it has none."""
    site_id = getattr(site, "pk", site)
    found = VisitSettings.objects.filter(site_id=site_id).first()
    return found if found is not None else VisitSettings(site_id=site_id)


def scale_of(settings: VisitSettings) -> rules.Scale:
    """The satisfaction scale a site's settings describe (preset or custom labels)."""
    if settings.scale == "custom" and len(settings.custom_labels or []) >= 2:
        labels = tuple(str(label) for label in settings.custom_labels)
        default_from = max(1, (len(labels) + 1) // 2 + 1)
    else:
        preset = SCALE_PRESETS.get(settings.scale) or next(iter(SCALE_PRESETS.values()))
        labels, default_from = preset.scale.labels, preset.scale.satisfied_from
    threshold = settings.satisfied_from or default_from
    return rules.Scale(labels, min(max(1, threshold), len(labels)))


def scale_for(site: Site | int) -> rules.Scale:
    return scale_of(visit_settings_for(site))


def handover_steps(settings: VisitSettings) -> list[tuple[str, str]]:
    """The site's hand-over schedule as ``(reason, offset)``; seed 004's by default."""
    custom = settings.handover_schedule or []
    known = dict(rules.HANDOVER_SCHEDULE)
    steps = [(item[0], item[1]) for item in custom if isinstance(item, list | tuple)]
    return [s for s in steps if s[0] in known] or list(rules.HANDOVER_SCHEDULE)


# --- access -----------------------------------------------------------------------------


def visit_queryset() -> QuerySet[ReturnVisit]:
    return ReturnVisit.objects.select_related(
        "site",
        "customer",
        "unit",
        "ticket",
        "visitor",
        "visitor_position",
        "done_by",
        "done_for",
    )


def access_visit(user: User, visit_id: Any) -> ReturnVisit:
    try:
        pk = int(visit_id)
    except (TypeError, ValueError):
        raise VisitNotFound() from None
    visit = visit_queryset().filter(pk=pk, site_id__in=user_site_ids(user)).first()
    if visit is None:
        raise VisitNotFound()
    return visit


def access_campaign(user: User, campaign_id: Any) -> SurveyCampaign:
    try:
        pk = int(campaign_id)
    except (TypeError, ValueError):
        raise CampaignNotFound() from None
    campaign = (
        SurveyCampaign.objects.select_related("site", "questionnaire")
        .filter(pk=pk, site_id__in=user_site_ids(user))
        .first()
    )
    if campaign is None:
        raise CampaignNotFound()
    return campaign


def visit_grant(user: User, site: Site, at, capabilities=VISIT_CAPABILITIES):
    """How ``user`` may manage visits at ``site`` (own post or as deputy), else None."""
    for capability in capabilities:
        grant = capability_grant(user=user, site=site, capability=capability, at=at)
        if grant is not None:
            return grant
    return None


def visit_record_grant(user: User, visit: ReturnVisit, at):
    """Who may record ``visit``: its visitor, the holder (or deputy) of its
    visitor position, or someone who manages visits at the site. Returns the
    ``ActingPosition`` (``on_behalf_of`` set for a deputy) or None."""
    from kefu.org.selectors import ActingPosition

    if visit.visitor_id and visit.visitor_id == user.pk:
        return ActingPosition(visit.visitor_position or _nobody(visit.site))
    if visit.visitor_position_id:
        for acting in acting_positions(user=user, site=visit.site, at=at):
            if acting.position.pk == visit.visitor_position_id:
                return acting
    return visit_grant(user, visit.site, at)


def _nobody(site: Site):
    from kefu.org.models import Position

    return Position(site=site, code="visitor", name="visitor")


# --- the work list ----------------------------------------------------------------------

BUCKETS = ("overdue", "today", "upcoming", "not_reached", "done", "all")


@dataclass
class VisitFilters:
    bucket: str = "open"  # open = overdue + today + upcoming
    site: int | None = None
    reason: str = ""
    mine: bool = False
    customer: int | None = None
    today: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def visit_list_for(user: User, filters: VisitFilters | None = None) -> QuerySet[ReturnVisit]:
    """The visits of the user's sites: overdue first, then by due date."""
    f = filters or VisitFilters()
    today = f.today or timezone.localdate()
    qs = visit_queryset().filter(site_id__in=user_site_ids(user))
    if f.site:
        qs = qs.filter(site_id=f.site)
    if f.reason:
        qs = qs.filter(reason=f.reason)
    if f.customer:
        qs = qs.filter(customer_id=f.customer)
    if f.mine:
        positions = [a.position.pk for a in _acting_anywhere(user)]
        qs = qs.filter(Q(visitor=user) | Q(visitor__isnull=True, visitor_position__in=positions))
    due = Q(status=VisitStatus.DUE)
    match f.bucket:
        case "overdue":
            qs = qs.filter(due, due_on__lt=today)
        case "today":
            qs = qs.filter(due, due_on=today)
        case "upcoming":
            qs = qs.filter(due, due_on__gt=today)
        case "not_reached":
            qs = qs.filter(status=VisitStatus.NOT_REACHED)
        case "done":
            return qs.filter(status=VisitStatus.DONE).order_by("-done_at", "-id")
        case "all":
            return qs.order_by("-due_on", "-id")
        case _:
            qs = qs.filter(due)
    return qs.order_by("due_on", "id")


def _acting_anywhere(user: User):
    from kefu.org.models import Site as SiteModel

    now = timezone.now()
    result = []
    for site in SiteModel.objects.filter(pk__in=user_site_ids(user)):
        result += acting_positions(user=user, site=site, at=now)
    return result


def visit_counts_for(user: User, filters: VisitFilters) -> dict[str, int]:
    """How many visits each tab of the work list holds (same filters, any bucket)."""
    today = filters.today or timezone.localdate()
    base = visit_list_for(user, VisitFilters(**{**filters.__dict__, "bucket": "all"}))
    due = Q(status=VisitStatus.DUE)
    return base.aggregate(
        overdue=Count("id", filter=due & Q(due_on__lt=today)),
        today=Count("id", filter=due & Q(due_on=today)),
        upcoming=Count("id", filter=due & Q(due_on__gt=today)),
        not_reached=Count("id", filter=Q(status=VisitStatus.NOT_REACHED)),
        done=Count("id", filter=Q(status=VisitStatus.DONE)),
    )


def visits_of_customer(user: User, customer_id: int) -> QuerySet[ReturnVisit]:
    """A customer's visit history, newest first."""
    return visit_list_for(user, VisitFilters(bucket="all", customer=customer_id))


# --- surveys ------------------------------------------------------------------------------


def campaign_list_for(user: User) -> QuerySet[SurveyCampaign]:
    return (
        SurveyCampaign.objects.filter(site_id__in=user_site_ids(user))
        .select_related("site", "questionnaire")
        .annotate(
            target_count=Count("targets", distinct=True),
            answered_count=Count(
                "targets", filter=Q(targets__responded_at__isnull=False), distinct=True
            ),
        )
        .order_by("-year", "name", "id")
    )


def target_by_token(token: str) -> SurveyTarget | None:
    """The target of a personal link; None for an unknown token."""
    if not token or len(token) > 64:
        return None
    return (
        SurveyTarget.objects.select_related("campaign__questionnaire", "campaign__site", "customer")
        .filter(token=token)
        .first()
    )


@dataclass
class QuestionStats:
    question: Any
    answered: int
    average: Any
    satisfied_percent: Any
    distribution: dict[int, int]
    texts: list[str]


@dataclass
class CampaignStats:
    targets: int
    answered: int
    response_rate: Any
    questions: list[QuestionStats]
    overall_average: Any
    overall_satisfied_percent: Any
    below_target: bool


def campaign_stats(campaign: SurveyCampaign) -> CampaignStats:
    """Response rate, average score and satisfied share per question (seed 000 L121)."""
    scale = rules.Scale.from_dict(campaign.scale) if campaign.scale else scale_for(campaign.site_id)
    counts = campaign.targets.aggregate(
        total=Count("id"), answered=Count("id", filter=Q(responded_at__isnull=False))
    )
    answers: dict[int, list] = {}
    for a in SurveyAnswer.objects.filter(target__campaign=campaign).order_by("id"):
        answers.setdefault(a.question_id, []).append(a)
    per_question, all_scores = [], []
    for question in campaign.questionnaire.questions.all():
        rows = answers.get(question.pk, [])
        if question.kind == QuestionKind.SCALE:
            scores = [a.score for a in rows if a.score is not None]
            all_scores += scores
            satisfied = sum(1 for s in scores if scale.is_satisfied(s))
            per_question.append(
                QuestionStats(
                    question,
                    len(scores),
                    rules.average(scores),
                    rules.percent(satisfied, len(scores)),
                    {v: scores.count(v) for v in range(scale.maximum, 0, -1)},
                    [],
                )
            )
        else:
            texts = [a.text for a in rows if a.text]
            per_question.append(QuestionStats(question, len(texts), None, None, {}, texts))
    overall_satisfied = rules.percent(
        sum(1 for s in all_scores if scale.is_satisfied(s)), len(all_scores)
    )
    below = (
        campaign.target_percent is not None
        and overall_satisfied is not None
        and overall_satisfied < campaign.target_percent
    )
    return CampaignStats(
        targets=counts["total"],
        answered=counts["answered"],
        response_rate=rules.percent(counts["answered"], counts["total"]),
        questions=per_question,
        overall_average=rules.average(all_scores),
        overall_satisfied_percent=overall_satisfied,
        below_target=below,
    )


# --- tenant meetings and face-to-face coverage (seed 000 L39, L57, L63) ------------------


def tenants_of(site: Site):
    """The site's tenants: customers with a ``tenant`` occupancy of one of its units."""
    occupied = UnitOccupancy.objects.filter(
        customer=OuterRef("pk"), unit__site=site, role=OccupancyRole.TENANT
    )
    return Customer.objects.filter(site=site).filter(Exists(occupied)).order_by("name", "id")


def meeting_list_for(user: User):
    return (
        TenantMeeting.objects.filter(site_id__in=user_site_ids(user))
        .select_related("site")
        .annotate(
            attendee_count=Count("attendance", distinct=True),
            suggestion_count=Count("suggestions", distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def access_meeting(user: User, meeting_id):
    try:
        pk = int(meeting_id)
    except (TypeError, ValueError):
        raise MeetingNotFound() from None
    meeting = meeting_list_for(user).filter(pk=pk).first()
    if meeting is None:
        raise MeetingNotFound()
    return meeting


@dataclass(frozen=True)
class Coverage:
    """Face-to-face coverage and the visit plan of one site and year.

    ``met``: tenants met in person (at a meeting or a visit) this year, target
    > 90% (seed 000 L57); ``visited``: tenants visited, target 100% (L63);
    ``months``: (month, planned, planned and visited by the month's end);
    ``not_visited``: tenants with no visit this year yet.
    """

    year: int
    tenants: int
    met: int
    visited: int
    met_percent: float
    visited_percent: float
    met_ok: bool
    visited_ok: bool
    planned: int
    months: list[tuple[int, int, int]]
    not_visited: list


def coverage_for(site: Site, year: int) -> Coverage:
    """Coverage figures of ``site`` in ``year`` in a fixed number of queries."""
    tenants = list(tenants_of(site))
    ids = {c.pk for c in tenants}
    first_visit: dict[int, date] = {}
    for customer_id, day in (
        TenantVisit.objects.filter(site=site, visited_on__year=year, customer_id__in=ids)
        .order_by("visited_on")
        .values_list("customer_id", "visited_on")
    ):
        first_visit.setdefault(customer_id, day)
    at_meetings = set(
        MeetingAttendance.objects.filter(
            meeting__site=site, meeting__held_on__year=year, customer_id__in=ids
        ).values_list("customer_id", flat=True)
    )
    met = at_meetings | set(first_visit)
    plan = list(VisitPlanItem.objects.filter(site=site, year=year, customer_id__in=ids))
    months = []
    for month in range(1, 13):
        planned = [p for p in plan if p.month == month]
        done = [
            p
            for p in planned
            if p.customer_id in first_visit
            and (first_visit[p.customer_id].year, first_visit[p.customer_id].month) <= (year, month)
        ]
        months.append((month, len(planned), len(done)))
    total = len(tenants)
    return Coverage(
        year=year,
        tenants=total,
        met=len(met),
        visited=len(first_visit),
        met_percent=rules.share_percent(len(met), total),
        visited_percent=rules.share_percent(len(first_visit), total),
        met_ok=rules.meets_target(len(met), total, rules.FACE_TO_FACE_TARGET),
        visited_ok=rules.meets_target(len(first_visit), total, rules.VISIT_RATE_TARGET),
        planned=len(plan),
        months=months,
        not_visited=[c for c in tenants if c.pk not in first_visit],
    )


def _face_to_face(site_ids, year: int, until: date | None) -> tuple[QuerySet[Customer], Q]:
    first = date(year, 1, 1)
    last = date(year + 1, 1, 1) if until is None else min(until, date(year + 1, 1, 1))
    occupied = UnitOccupancy.objects.filter(
        customer=OuterRef("pk"), unit__site=OuterRef("site"), role=OccupancyRole.TENANT
    )
    visited = TenantVisit.objects.filter(
        site=OuterRef("site"), customer=OuterRef("pk"), visited_on__gte=first, visited_on__lt=last
    )
    attended = MeetingAttendance.objects.filter(
        meeting__site=OuterRef("site"),
        customer=OuterRef("pk"),
        meeting__held_on__gte=first,
        meeting__held_on__lt=last,
    )
    tenants = Customer.objects.filter(site_id__in=list(site_ids)).filter(Exists(occupied))
    return tenants, Q(Exists(visited)) | Q(Exists(attended))


def face_to_face_tenants(
    site_ids, *, year: int, until: date | None = None, met: bool | None = None
) -> QuerySet[Customer]:
    """The tenants of ``site_ids`` (as ``tenants_of``), or only those ``met`` in person
    (at a tenant meeting or a visit) in ``year`` before ``until`` or not (seed 000 L57):
    the definition of ``coverage_for``, across sites and up to a day (the KPI report's
    year to date)."""
    tenants, met_in_person = _face_to_face(site_ids, year, until)
    if met is None:
        return tenants
    return tenants.filter(met_in_person if met else ~met_in_person)


def face_to_face_totals(site_ids, *, year: int, until: date | None = None) -> tuple[int, int]:
    """(tenants, tenants met in person) over ``site_ids``: one query."""
    tenants, met_in_person = _face_to_face(site_ids, year, until)
    totals = tenants.aggregate(tenants=Count("id"), met=Count("id", filter=met_in_person))
    return totals["tenants"], totals["met"]
