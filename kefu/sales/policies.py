"""Per-site policies of the sales office, one preset per seed variant.

Seed 003 compiles six sales-office regulations that disagree on purpose
([B] L25–46, [E] L85–96, [J] L157–171, [K] L173, [P] L254–271, [R] L299–329);
seed 002 [RE] L346–440 adds a seventh. kefu does not pick one: each is a
``Policy`` preset, a site stores a preset key plus validated overrides
(``SiteSalesPolicy``), and the rules in ``kefu.sales.rules`` read the policy.
"""

from dataclasses import dataclass, field, fields, replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import InvalidInput


class AbsenceKind:
    LEAVE = "leave"  # 请假 [B] L34
    PERSONAL = "personal"  # 因私事外出 [B] L34
    OFFICIAL = "official"  # 因公外出办事 [B] L36, [K]
    SHORT = "short"  # 因小事短时离开 [B] L37
    MEAL = "meal"  # 上洗手间/吃饭 [K]
    NON_WORK = "non_work"  # 非工作原因 [E] L90
    BUSY = "busy"  # 陪同签约/接待老客户 [R] L318, seed 002 L352

    ALL = (LEAVE, PERSONAL, OFFICIAL, SHORT, MEAL, NON_WORK, BUSY)
    LABELS = {
        LEAVE: _("Leave (请假)"),
        PERSONAL: _("Personal business (私事外出)"),
        OFFICIAL: _("Official errand (因公外出)"),
        SHORT: _("Short absence (短时离开)"),
        MEAL: _("Restroom or meal (洗手间/吃饭)"),
        NON_WORK: _("Other non-work reason (非工作原因)"),
        BUSY: _("Accompanying a signing or an old customer (陪同签约/接待老客户)"),
    }


class Effect:
    """What an absence does to the absentee's turn."""

    TAIL = "tail"  # skipped while away, back at the tail on return — [B] L34–35
    KEEP = "keep"  # skipped while away, keeps the original place — [B] L36 插队补序
    COVER = "cover"  # next-in-line covers and hands the customer back — [B] L37
    FORFEIT = "forfeit"  # the turn passes to the tail, no make-up — [K], [E] L90
    MAKEUP = "makeup"  # the turn passes, a make-up right is granted — [R] L318, 002 L352


class MakeupReason:
    COMPANY_CUSTOMER = "company_customer"  # [R] L318
    REGISTERED_ELSEWHERE = "registered_elsewhere"  # [R] L319, L320
    AGENCY = "agency"  # [R] L324 (declared agent or market surveyor)
    MISSED_TURN = "missed_turn"  # [R] L318, seed 002 L352
    NOT_COUNTED = "not_counted"  # [E] L86 duty hours

    ALL = (COMPANY_CUSTOMER, REGISTERED_ELSEWHERE, AGENCY, MISSED_TURN, NOT_COUNTED)
    LABELS = {
        COMPANY_CUSTOMER: _("Company customer (公司客户)"),
        REGISTERED_ELSEWHERE: _("Returning customer registered to another consultant"),
        AGENCY: _("Agent or market surveyor (中介/市调)"),
        MISSED_TURN: _("Turn missed while at a signing or with an old customer"),
        NOT_COUNTED: _("Reception not counted (duty hours)"),
    }


class SplitRule:
    """Named attribution splits: ``(original %, other %)``; see ``rules.splits``."""

    SOLE = "sole"
    OWNER_ABSENT_70_30 = "owner_absent_70_30"  # [B] L44
    TRIVIAL_FIRST_30_70 = "trivial_first_30_70"  # [B] L46
    ASSIST_80_20 = "assist_80_20"  # seed 002 L418
    REFUSED_20_80 = "refused_20_80"  # seed 002 L416
    SHARED_50_50 = "shared_50_50"  # seed 002 L426, L428
    COMMON_FUND = "common_fund"  # [K] first irreconcilable collision
    RECREATION_FUND = "recreation_fund"  # [J] L165, L171
    DEPARTMENT = "department"  # seed 002 L440
    COMPANY = "company"  # [R] L318

    ALL = (
        SOLE,
        OWNER_ABSENT_70_30,
        TRIVIAL_FIRST_30_70,
        ASSIST_80_20,
        REFUSED_20_80,
        SHARED_50_50,
        COMMON_FUND,
        RECREATION_FUND,
        DEPARTMENT,
        COMPANY,
    )
    LABELS = {
        SOLE: _("Sole owner 100%"),
        OWNER_ABSENT_70_30: _("Owner absent: original 70% / follow-up 30%"),
        TRIVIAL_FIRST_30_70: _("Trivial first visit: original 30% / closer 70%"),
        ASSIST_80_20: _("Owner away, assisted: owner 80% / assistant 20%"),
        REFUSED_20_80: _("Customer chose another: original 20% / closer 80%"),
        SHARED_50_50: _("Shared 50% / 50%"),
        COMMON_FUND: _("Sales-department common fund (公用基金)"),
        RECREATION_FUND: _("Company recreation fund (康乐费用)"),
        DEPARTMENT: _("Department (归部门)"),
        COMPANY: _("Company allocation (公司统一分配)"),
    }


class Role:
    """Sales roles a site maps onto its positions (``SalesRole``)."""

    CONSULTANT = "consultant"
    RECEPTIONIST = "receptionist"
    SUPERVISOR = "supervisor"
    SALES_MANAGER = "sales_manager"
    SITE_MANAGER = "site_manager"
    MARKETING_MANAGER = "marketing_manager"
    EXECUTIVE = "executive"
    FINANCE = "finance"

    ALL = (
        CONSULTANT,
        RECEPTIONIST,
        SUPERVISOR,
        SALES_MANAGER,
        SITE_MANAGER,
        MARKETING_MANAGER,
        EXECUTIVE,
        FINANCE,
    )
    LABELS = {
        CONSULTANT: _("Consultant (置业顾问)"),
        RECEPTIONIST: _("Receptionist (前台)"),
        SUPERVISOR: _("Sales supervisor (销售主管)"),
        SALES_MANAGER: _("Sales manager (销售经理)"),
        SITE_MANAGER: _("Site manager (案场经理)"),
        MARKETING_MANAGER: _("Marketing manager (市场营销部经理)"),
        EXECUTIVE: _("Executive (陈总)"),
        FINANCE: _("Finance (财务)"),
    }


class PenaltyKind:
    DAY_WAGE = "day_wage"  # [B] L41 general
    MONTH_WAGE_30 = "month_wage_30"  # [B] L41 severe: month's wage + 30% of commission
    MONTH_WAGE = "month_wage"  # [K] 抢单: at least one month's wage
    MONTH_WAGE_50_BONUS = "month_wage_50_bonus"  # seed 002 L354 severe
    POINTS = "points"  # [J] L159 −1, L163 −2…−6
    CONFISCATE = "confiscate"  # [P] L268
    DISMISSAL = "dismissal"  # [P] L257, [J] L164, [R] counts
    VIOLATION = "violation"  # [R] counted violation, dismissal at 2 or 3

    ALL = (
        DAY_WAGE,
        MONTH_WAGE_30,
        MONTH_WAGE,
        MONTH_WAGE_50_BONUS,
        POINTS,
        CONFISCATE,
        DISMISSAL,
        VIOLATION,
    )
    LABELS = {
        DAY_WAGE: _("A day's basic wage"),
        MONTH_WAGE_30: _("A month's basic wage + 30% of the month's commission"),
        MONTH_WAGE: _("A month's wage"),
        MONTH_WAGE_50_BONUS: _("A month's basic wage + 50% of the month's bonus"),
        POINTS: _("Points deducted"),
        CONFISCATE: _("Commission confiscated"),
        DISMISSAL: _("Dismissal recommended"),
        VIOLATION: _("Recorded violation (counted)"),
    }


@dataclass(frozen=True)
class Policy:
    """One site's sales-office rules. Every field is one contested point."""

    key: str
    seed: str
    # queue
    initial_order: str = "supervisor"  # "supervisor" [B] L33 | "arrival" [E] L86
    requeue_at: str = "start"  # "start" (循环轮序 [B]) | "finish" ([R] L315)
    absence: dict[str, str] = field(default_factory=dict)
    makeup_reasons: frozenset[str] = frozenset()
    designated_outside_order: bool = True  # [B] L45, seed 002 L358
    old_customer_cover: str = "head"  # who covers an absent owner's old customer: head|tail [K]
    absence_needs_substitute: bool = False  # [R] L315
    # register and ownership
    ownership_basis: str = "first_registration"  # | "customer_choice" [J] L158
    onsite_only: bool = False  # [K] phone registrations do not count
    followup_lapse_months: int | None = None  # [J] L160: 1
    validity_months: int | None = None  # seed 002 L406: 2
    recognise_before_signing: bool = False  # [E] L94
    proxy_claim_hours: int | None = None  # [J] L166: 48
    one_consultant_per_subscription: bool = False  # [J] L158
    # attribution, disputes, penalties
    splits: tuple[str, ...] = (SplitRule.SOLE,)
    collision_fund: str = ""  # [K] common fund, [J] recreation fund
    dispute_path: tuple[str, ...] = (Role.SUPERVISOR,)
    penalties: tuple[str, ...] = ()
    violation_threshold: int | None = None  # [R] dismissal at 2 (or 3) counted violations

    def effect_of(self, kind: str) -> str:
        return self.absence.get(kind, Effect.KEEP)

    def describe(self) -> str:
        return str(PRESETS[self.key].help) if self.key in PRESETS else self.key


ALL_ABSENCES_FORFEIT = {kind: Effect.FORFEIT for kind in AbsenceKind.ALL}


@dataclass(frozen=True)
class Preset:
    key: str
    label: Any
    help: Any
    policy: Policy


def _preset(key: str, label: Any, help: Any, **options: Any) -> Preset:
    return Preset(key, label, help, Policy(key=key, seed=str(help), **options))


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in [
        _preset(
            "b",
            _("Supervisor's cyclic table; leave to the tail, errands keep the place; 70/30"),
            _(
                "[B] seed 003 L25–46: the supervisor compiles a cyclic table; leave or personal "
                "business → back at the tail, official errand → original place, short absence → "
                "the next covers and hands the customer back; 70/30 and 30/70 splits; a day's "
                "wage or a month's wage + 30% of commission."
            ),
            absence={
                AbsenceKind.LEAVE: Effect.TAIL,
                AbsenceKind.PERSONAL: Effect.TAIL,
                AbsenceKind.NON_WORK: Effect.TAIL,
                AbsenceKind.MEAL: Effect.COVER,
                AbsenceKind.OFFICIAL: Effect.KEEP,
                AbsenceKind.SHORT: Effect.COVER,
                AbsenceKind.BUSY: Effect.KEEP,
            },
            splits=(
                SplitRule.SOLE,
                SplitRule.OWNER_ABSENT_70_30,
                SplitRule.TRIVIAL_FIRST_30_70,
            ),
            dispute_path=(Role.SUPERVISOR,),
            penalties=(PenaltyKind.DAY_WAGE, PenaltyKind.MONTH_WAGE_30),
        ),
        _preset(
            "e",
            _("Morning arrival order; no back-filling; recognise before signing"),
            _(
                "[E] seed 003 L85–96: the order is the morning arrival at the site; non-work "
                "unavailability forfeits the turn; the register is same-day, never back-filled; "
                "the first receiver must recognise the customer before signing; the site "
                "manager rules disputes."
            ),
            initial_order="arrival",
            absence={
                AbsenceKind.LEAVE: Effect.FORFEIT,
                AbsenceKind.PERSONAL: Effect.FORFEIT,
                AbsenceKind.SHORT: Effect.FORFEIT,
                AbsenceKind.MEAL: Effect.FORFEIT,
                AbsenceKind.NON_WORK: Effect.FORFEIT,
                AbsenceKind.OFFICIAL: Effect.KEEP,
                AbsenceKind.BUSY: Effect.KEEP,
            },
            makeup_reasons=frozenset({MakeupReason.NOT_COUNTED}),
            recognise_before_signing=True,
            dispute_path=(Role.SITE_MANAGER,),
        ),
        _preset(
            "j",
            _("Customer's own choice; 1-month follow-up lapse; 48 h proxy claim"),
            _(
                "[J] seed 003 L157–171: the customer's own choice decides, one consultant per "
                "subscription; ownership lapses after 1 month without follow-up; a proxy "
                "buyer's deal must be claimed within 48 h; disputes go by written statement to "
                "the superior, the marketing manager and the executive; −1 and −2…−6 points."
            ),
            ownership_basis="customer_choice",
            followup_lapse_months=1,
            proxy_claim_hours=48,
            one_consultant_per_subscription=True,
            splits=(SplitRule.SOLE, SplitRule.RECREATION_FUND),
            collision_fund=SplitRule.RECREATION_FUND,
            dispute_path=(Role.SUPERVISOR, Role.MARKETING_MANAGER, Role.EXECUTIVE),
            penalties=(PenaltyKind.POINTS, PenaltyKind.DISMISSAL),
        ),
        _preset(
            "k",
            _("Any absence loses the turn; first registration never lapses; common fund"),
            _(
                "[K] seed 003 L173: any absence, even meals, loses the turn with no make-up; "
                "official errands only by a supervisor's swap; first on-site registration owns "
                "forever, phone registrations do not count; the tail covers an absent owner's "
                "old customer; a first irreconcilable collision goes to the common fund."
            ),
            absence=dict(ALL_ABSENCES_FORFEIT),
            old_customer_cover="tail",
            onsite_only=True,
            splits=(SplitRule.SOLE, SplitRule.COMMON_FUND),
            collision_fund=SplitRule.COMMON_FUND,
            dispute_path=(Role.SALES_MANAGER,),
            penalties=(PenaltyKind.MONTH_WAGE, PenaltyKind.DISMISSAL),
        ),
        _preset(
            "p",
            _("First on-site receiver owns; supervisor settles collisions"),
            _(
                "[P] seed 003 L254–271: the first on-site receiver owns the deal; collisions "
                "are settled by the supervisor; grabbing means dismissal and the commission to "
                "the first contact; name-switching confiscates the commission."
            ),
            absence={
                AbsenceKind.LEAVE: Effect.TAIL,
                AbsenceKind.PERSONAL: Effect.TAIL,
            },
            onsite_only=True,
            splits=(SplitRule.SOLE,),
            dispute_path=(Role.SUPERVISOR,),
            penalties=(PenaltyKind.CONFISCATE, PenaltyKind.DISMISSAL),
        ),
        _preset(
            "r",
            _("Reception groups with fallback; finish to the tail; make-up turns"),
            _(
                "[R] seed 003 L299–329: per-group queues with the second group as fallback; "
                "the finisher goes to the group's tail; leaving needs a substitute; make-up "
                "turns (补接待权) for company customers, returning customers registered "
                "elsewhere, agents and turns missed at a signing; violations counted, "
                "dismissal at 2."
            ),
            requeue_at="finish",
            absence={
                AbsenceKind.LEAVE: Effect.TAIL,
                AbsenceKind.PERSONAL: Effect.TAIL,
                AbsenceKind.BUSY: Effect.MAKEUP,
                AbsenceKind.OFFICIAL: Effect.MAKEUP,
            },
            makeup_reasons=frozenset(MakeupReason.ALL),
            absence_needs_substitute=True,
            splits=(SplitRule.SOLE, SplitRule.COMPANY),
            dispute_path=(Role.SALES_MANAGER,),
            penalties=(PenaltyKind.VIOLATION, PenaltyKind.DISMISSAL),
            violation_threshold=2,
        ),
        _preset(
            "re002",
            _("Make up missed turns; files valid 2 months; 80/20 and 50/50"),
            _(
                "[RE] seed 002 L346–440: strict rotation, a consultant out on business or busy "
                "gets as many new customers as turns missed; the customer file is valid for 2 "
                "months; 80/20 and 50/50 splits; the department manager decides."
            ),
            absence={
                AbsenceKind.OFFICIAL: Effect.MAKEUP,
                AbsenceKind.BUSY: Effect.MAKEUP,
                AbsenceKind.LEAVE: Effect.TAIL,
                AbsenceKind.PERSONAL: Effect.TAIL,
            },
            makeup_reasons=frozenset({MakeupReason.MISSED_TURN}),
            validity_months=2,
            splits=(
                SplitRule.SOLE,
                SplitRule.ASSIST_80_20,
                SplitRule.REFUSED_20_80,
                SplitRule.SHARED_50_50,
                SplitRule.DEPARTMENT,
            ),
            dispute_path=(Role.SUPERVISOR, Role.SALES_MANAGER),
            penalties=(PenaltyKind.DAY_WAGE, PenaltyKind.MONTH_WAGE_50_BONUS),
        ),
    ]
}

DEFAULT_PRESET = "b"

#: Overrides a site may set, with their types.
OVERRIDABLE = {
    "initial_order": str,
    "requeue_at": str,
    "onsite_only": bool,
    "followup_lapse_months": int,
    "validity_months": int,
    "recognise_before_signing": bool,
    "proxy_claim_hours": int,
    "violation_threshold": int,
}


def preset_choices() -> list[tuple[str, Any]]:
    return [(p.key, p.label) for p in PRESETS.values()]


def policy_for(key: str, overrides: dict[str, Any] | None = None) -> Policy:
    """The preset's policy with ``overrides`` applied; unknown keys are refused."""
    if key not in PRESETS:
        raise InvalidInput(_("Unknown preset."), code="sales.preset_unknown")
    overrides = overrides or {}
    known = {f.name for f in fields(Policy)}
    for name, value in overrides.items():
        expected = OVERRIDABLE.get(name)
        if name not in known or expected is None:
            raise InvalidInput(_("This setting cannot be overridden."), code="sales.override")
        if value is not None and not isinstance(value, expected):
            raise InvalidInput(_("This setting has the wrong type."), code="sales.override")
    return replace(PRESETS[key].policy, **overrides)
