"""Reads of business accounts: ``access_*``, the credit status, the lists.

An account, its shipments and entries are visible to the people of its site;
anything else is a 404 (``accounts.account_not_found``), so ids reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from kefu.accounts import rules
from kefu.accounts.errors import AccountNotFound, ShipmentNotFound
from kefu.accounts.models import (
    BusinessAccount,
    ContractKind,
    CreditEntry,
    CreditSetting,
    ShipmentRequest,
    ShipmentStatus,
)
from kefu.accounts.policies import CreditPolicy, credit_policy
from kefu.org.models import Site, User
from kefu.org.selectors import capability_grant, user_site_ids

ID_COPY_ITEM = "id_copy"


def _pk(value: int | str | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def may(user: User, site: Site, capability: str) -> bool:
    return (
        capability_grant(user=user, site=site, capability=capability, at=timezone.now()) is not None
    )


def credit_policy_for(site: Site) -> CreditPolicy:
    setting = CreditSetting.objects.filter(site=site).first()
    if setting is None:
        return credit_policy()
    return credit_policy(setting.preset_key, setting.overrides)


def account_queryset() -> QuerySet[BusinessAccount]:
    return BusinessAccount.objects.select_related(
        "site", "customer", "customer_file", "key_account_manager"
    )


def access_account(user: User, account_id: int | str | None) -> BusinessAccount:
    pk = _pk(account_id)
    account = (
        account_queryset().filter(pk=pk, site_id__in=user_site_ids(user)).first()
        if pk is not None
        else None
    )
    if account is None:
        raise AccountNotFound()
    return account


def account_list_for(user: User, *, site: Site | None = None) -> QuerySet[BusinessAccount]:
    qs = account_queryset().filter(site_id__in=user_site_ids(user))
    if site is not None:
        qs = qs.filter(site=site)
    return qs.order_by("site__code", "code")


def access_shipment(user: User, shipment_id: int | str | None) -> ShipmentRequest:
    pk = _pk(shipment_id)
    shipment = (
        ShipmentRequest.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("account__customer", "site", "requested_by", "signer")
        .first()
        if pk is not None
        else None
    )
    if shipment is None:
        raise ShipmentNotFound()
    return shipment


def shipment_list_for(
    user: User, *, account: BusinessAccount | None = None, status: str = ""
) -> QuerySet[ShipmentRequest]:
    qs = ShipmentRequest.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "account__customer", "requested_by", "signer"
    )
    if account is not None:
        qs = qs.filter(account=account)
    if status:
        qs = qs.filter(status=status)
    return qs


def movements(account: BusinessAccount) -> list[rules.Movement]:
    """The account's recorded shipments and payments as rule inputs."""
    return [
        rules.Movement(kind=e.kind, on=e.occurred_on, amount_fen=e.amount_fen, key=e.pk, way=e.way)
        for e in CreditEntry.objects.filter(account=account).order_by("occurred_on", "id")
    ]


def id_copy_on_file(account: BusinessAccount) -> bool:
    """Check 1 (seed 000 L275): the customer file holds the opener's ID copy.

    Read from the linked ``kefu.files`` file's ``id_copy`` checklist item when
    the file kind has one; otherwise the check recorded on the account.
    """
    if account.customer_file_id:
        from kefu.files.selectors import file_items

        items = [i for i in file_items(account.customer_file) if i.item.code == ID_COPY_ITEM]
        if items:
            return all(i.present for i in items)
    return account.id_copy_on_file


def eligibility(
    account: BusinessAccount, *, today: date, moves: list[rules.Movement] | None = None
) -> rules.Eligibility:
    """The three preconditions of credit (seed 000 L275–279)."""
    moves = movements(account) if moves is None else moves
    return rules.Eligibility(
        customer_file=id_copy_on_file(account),
        contract=(
            account.contract_kind in (ContractKind.DISTRIBUTION, ContractKind.DIRECT)
            and account.contract_signed_on is not None
            and account.settlement_agreement
        ),
        prior_year_cleared=rules.prior_year_cleared(moves, today=today),
    )


@dataclass
class DueItem:
    on: date
    due_on: date
    unpaid_fen: int
    way: str
    overdue: bool


@dataclass
class CreditStatus:
    """What the account page shows: limit, balance, room, what is due, eligibility."""

    today: date
    limit_fen: int
    balance_fen: int
    eligibility: rules.Eligibility
    past_term: bool
    open_over_limit: int
    due: list[DueItem]
    policy: CreditPolicy

    @property
    def available_fen(self) -> int:
        return max(self.limit_fen - self.balance_fen, 0) if self.eligibility.eligible else 0

    @property
    def over_limit_fen(self) -> int:
        return max(self.balance_fen - self.limit_fen, 0)

    @property
    def third_fen(self) -> int:
        num, den = self.policy.fraction
        return self.limit_fen * num // den


def credit_status(
    account: BusinessAccount, *, today: date, moves: list[rules.Movement] | None = None
) -> CreditStatus:
    policy = credit_policy_for(account.site)
    moves = movements(account) if moves is None else moves
    due = [
        DueItem(
            on=m.on,
            due_on=m.on + timedelta(days=policy.term_days),
            unpaid_fen=unpaid,
            way=m.way,
            overdue=(today - m.on).days > policy.term_days,
        )
        for m, unpaid in rules.unpaid_shipments(moves, as_of=today)
        if unpaid > 0
    ]
    return CreditStatus(
        today=today,
        limit_fen=policy.formula.limit_fen(moves, invoice_date=today),
        balance_fen=rules.balance(moves, as_of=today),
        eligibility=eligibility(account, today=today, moves=moves),
        past_term=rules.past_term(moves, as_of=today, term_days=policy.term_days),
        open_over_limit=rules.open_over_limit(moves, as_of=today),
        due=due,
        policy=policy,
    )


def over_limit_history(account: BusinessAccount) -> QuerySet[ShipmentRequest]:
    return (
        ShipmentRequest.objects.filter(account=account)
        .exclude(way__in=["", "within"], status=ShipmentStatus.ALLOWED)
        .select_related("requested_by", "signer")
    )


@dataclass
class RecoveryRow:
    """One shipment of the month that month-end recovery looks at (L307, L313)."""

    entry: CreditEntry
    unpaid_fen: int
    liable: str  # "signer", "posts" or ""


def month_end_rows(site: Site, *, month: date) -> list[RecoveryRow]:
    """The month's over-limit shipments (signed, or direct and unapproved) with what is unpaid."""
    policy = credit_policy_for(site)
    start = month.replace(day=1)
    end = rules.period_end("month", start)
    rows = []
    entries = (
        CreditEntry.objects.filter(
            account__site=site, kind="shipment", occurred_on__gte=start, occurred_on__lte=end
        )
        .filter(models_q_over_limit())
        .select_related("account__customer", "shipment__signer")
        .order_by("account__code", "occurred_on", "id")
    )
    unpaid_by_account: dict[int, dict[int, int]] = {}
    for entry in entries:
        if entry.account_id not in unpaid_by_account:
            unpaid_by_account[entry.account_id] = {
                m.key: left
                for m, left in rules.unpaid_shipments(movements(entry.account), as_of=end)
            }
        left = unpaid_by_account[entry.account_id].get(entry.pk, 0)
        liable = ""
        if left > 0 and entry.way in policy.recovery_ways:
            liable = "signer"
        elif left > 0 and entry.unapproved_over_limit:
            liable = "posts"
        rows.append(RecoveryRow(entry=entry, unpaid_fen=left, liable=liable))
    return rows


def models_q_over_limit():
    from django.db.models import Q

    return Q(way__in=rules.OVER_LIMIT_WAYS) | Q(unapproved_over_limit=True)


# --- joint-venture partners ----------------------------------------------------------


def may_see_grade(user: User, site: Site) -> bool:
    """L367: the grade is internal — only roles with ``accounts.view_grade`` see it."""
    return may(user, site, "accounts.view_grade")


def access_partner(user: User, partner_id: int | str | None):
    from kefu.accounts.errors import PartnerNotFound
    from kefu.accounts.models import Partner

    pk = _pk(partner_id)
    partner = (
        Partner.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site", "responsible_unit")
        .first()
        if pk is not None
        else None
    )
    if partner is None:
        raise PartnerNotFound()
    return partner


def access_grade_change(user: User, change_id: int | str | None):
    from kefu.accounts.errors import GradeChangeNotFound
    from kefu.accounts.models import GradeChange

    pk = _pk(change_id)
    change = (
        GradeChange.objects.filter(pk=pk, partner__site_id__in=user_site_ids(user))
        .select_related("partner__site")
        .first()
        if pk is not None
        else None
    )
    if change is None or not may_see_grade(user, change.partner.site):
        raise GradeChangeNotFound()
    return change


def partner_list_for(user: User):
    from kefu.accounts.models import Partner

    return (
        Partner.objects.filter(site_id__in=user_site_ids(user))
        .select_related("site", "responsible_unit")
        .order_by("site__code", "name")
    )


def partner_file_data(partner) -> dict:
    """The partner's file content as archived in a snapshot (L381)."""
    from kefu.accounts import partner_rules as pr

    data = {name: getattr(partner, name) for name in pr.FILE_FIELDS}
    for table in pr.FORM_FIELDS:
        data[table] = getattr(partner, table)
    data.update(
        name=partner.name,
        grade=partner.grade,
        out_of_town=partner.out_of_town,
        next_moves=partner.next_moves,
        scores=[partner.score_contract, partner.score_safety_quality, partner.score_cooperation],
    )
    return data


@dataclass
class PartnerDue:
    partner: object
    kind: str
    due_on: date
    overdue: bool


def partner_visits_due(user: User, *, today: date) -> list[PartnerDue]:
    """Due and overdue partner visits at the user's sites, soonest first (L369–371)."""
    from kefu.accounts import partner_rules as pr
    from kefu.accounts.policies import PARTNER_POLICY as P

    rows = []
    for partner in partner_list_for(user).filter(status="admitted"):
        admitted_on = timezone.localdate(partner.initial_checked_at or partner.created_at)
        for due in pr.visits_due(
            grade=partner.grade,
            out_of_town=partner.out_of_town,
            senior_visits=partner.senior_visits,
            last_visit=partner.last_visit_on,
            last_senior_visit=partner.last_senior_visit_on,
            admitted_on=admitted_on,
            today=today,
            local_months=P.local_months,
            out_of_town_months=P.out_of_town_months,
            senior_months=P.senior_months,
        ):
            rows.append(PartnerDue(partner, due.kind, due.due_on, due.overdue))
    return sorted(rows, key=lambda r: (r.due_on, r.partner.pk))


def partner_ranking(user: User) -> list[tuple[object, list[str], bool]]:
    """Admitted partners ranked by form completeness, file content and the past year (L383)."""
    from kefu.accounts import partner_rules as pr
    from kefu.accounts.policies import PARTNER_POLICY as P

    partners = {p.pk: p for p in partner_list_for(user).filter(status="admitted")}
    missing = {
        pk: pr.missing_form_items({t: getattr(p, t) for t in pr.FORM_FIELDS})
        for pk, p in partners.items()
    }
    ranked = pr.ranking(
        pr.RankInput(
            key=pk,
            form_missing=len(missing[pk]),
            file_filled=sum(1 for f in pr.FILE_FIELDS if getattr(p, f).strip()),
            scores=(p.score_contract, p.score_safety_quality, p.score_cooperation),
        )
        for pk, p in partners.items()
    )
    return [
        (partners[r.key], missing[r.key], pr.outstanding(r.scores, P.outstanding_score))
        for r in ranked
    ]


# --- key accounts ----------------------------------------------------------------------


@dataclass
class PlanRow:
    plan: object
    ends_on: date
    actual_fen: int

    @property
    def percent(self) -> int | None:
        target = self.plan.target_fen  # type: ignore[attr-defined]
        return round(self.actual_fen * 100 / target) if target else None


def plan_rows(account: BusinessAccount, moves: list[rules.Movement] | None = None) -> list[PlanRow]:
    """Each plan with its actual: shipments recorded in the period (L581)."""
    moves = movements(account) if moves is None else moves
    result = []
    for plan in account.plans.all():
        ends = rules.period_end(plan.period, plan.starts_on)
        result.append(PlanRow(plan, ends, rules.shipped_between(moves, plan.starts_on, ends)))
    return result


def account_requests(viewer: User, account: BusinessAccount):
    """The desk requests of the account's customer — orders, complaints, after-sales —
    shown together on the key-account page (L571, L575)."""
    from kefu.desk.selectors import ticket_list_for

    return ticket_list_for(viewer).filter(customer=account.customer)


def key_account_month(account: BusinessAccount, *, month: date, viewer: User) -> dict:
    from kefu.desk import rules as desk_rules

    end = rules.period_end("month", month)
    plan = account.plans.filter(period="month", starts_on=month).first()
    return {
        "target_fen": plan.target_fen if plan else 0,
        "actual_fen": rules.shipped_between(movements(account), month, end),
        "open_requests": account_requests(viewer, account)
        .filter(status__in=desk_rules.OPEN_STATUSES)
        .count(),
    }
