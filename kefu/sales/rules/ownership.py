"""Who owns a buyer (客户归属), and whether a claim still holds. Pure functions.

Default: the first registered receiver on 《客户来访登记表》 owns ([B] L42,
[E] L88, [K] L173, [P] L261). Variants, all read from the ``Policy``:

- phone registrations do not count ([K] "电话登记不在其内"; [P] "现场接待");
- the customer's own choice decides ([J] L158 业绩首认制);
- lapse after ``followup_lapse_months`` without a recorded follow-up ([J] L160);
- a customer file valid for ``validity_months`` (seed 002 L406: 2 months);
- never lapses ([K] "无论何时发现都归属第一次接待登记销售员");
- the owner must recognise the customer before signing ([E] L94);
- a proxy buyer's deal claimed within ``proxy_claim_hours`` ([J] L166: 48 h).
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kefu.sales.policies import Policy

ONSITE = "onsite"
PHONE = "phone"


@dataclass(frozen=True)
class Registration:
    consultant: int
    at: datetime
    channel: str = ONSITE


@dataclass(frozen=True)
class Owner:
    consultant: int | None
    reason: str  # first_registration | customer_choice | lapsed | none
    since: datetime | None = None


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus calendar months, clamped to the month's last day (Jan 31 + 1 → Feb 28)."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def first_owner(registrations: list[Registration], policy: Policy) -> Owner:
    """The first registered receiver that counts under ``policy``."""
    counted = [r for r in registrations if not (policy.onsite_only and r.channel != ONSITE)]
    if not counted:
        return Owner(None, "none")
    first = min(counted, key=lambda r: (r.at, r.consultant))
    return Owner(first.consultant, "first_registration", first.at)


def lapse_at(
    policy: Policy, *, registered_at: datetime, last_activity: datetime | None
) -> datetime | None:
    """When ownership lapses, or ``None`` if it never does ([K]).

    [J] L160: one calendar month after the last follow-up (or the registration).
    Seed 002 L406: the file is valid for 2 months from the owner's last contact.
    """
    months = [m for m in (policy.followup_lapse_months, policy.validity_months) if m]
    if not months:
        return None
    base = max(registered_at, last_activity or registered_at)
    return add_months(base, min(months))


def is_lapsed(
    policy: Policy, *, registered_at: datetime, last_activity: datetime | None, at: datetime
) -> bool:
    deadline = lapse_at(policy, registered_at=registered_at, last_activity=last_activity)
    return deadline is not None and at >= deadline


def proxy_claim_open(policy: Policy, *, deal_at: datetime, claim_at: datetime) -> bool:
    """[J] L166–167: a proxy buyer's deal is the original's only if found within 48 h."""
    if policy.proxy_claim_hours is None:
        return True
    return deal_at <= claim_at <= deal_at + timedelta(hours=policy.proxy_claim_hours)


def recognised_in_time(
    policy: Policy, *, recognised_at: datetime | None, signed_at: datetime
) -> bool:
    """[E] L94: the first receiver keeps the customer only if recognised before signing."""
    if not policy.recognise_before_signing:
        return True
    return recognised_at is not None and recognised_at < signed_at


def same_business_day(visit_day: date, today: date) -> bool:
    """[E] L88–89: the register is the same-day record; no back-filling."""
    return visit_day == today
