"""Reads of the assessment app: scorecards by who may see them, and the score sheet.

Access: a scorecard is seen by the people of its site when it assesses the
whole site (the team's card), by its own person when it is a per-person card,
and by whoever may assess or approve at its site (``assessment.assess`` /
``assessment.approve``), who sees every card there. Anything else is a 404
(``assessment.scorecard_not_found``), so ids reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from kefu.assessment.errors import (
    LedgerEntryNotFound,
    ScorecardNotFound,
    ScorecardTemplateNotFound,
)
from kefu.assessment.models import (
    LedgerEntry,
    LedgerKind,
    LedgerStatus,
    LineKind,
    Scorecard,
    ScorecardItem,
    ScorecardLine,
    ScorecardSection,
    ScorecardTemplate,
)
from kefu.org.models import Site, User
from kefu.org.selectors import capability_grant, user_site_ids

ASSESSOR_CAPABILITIES = ("assessment.assess", "assessment.approve")


def assessor_site_ids(user: User) -> set[int]:
    """The sites where ``user`` may assess or approve (own post or as deputy)."""
    now = timezone.now()
    result = set()
    for site in Site.objects.filter(pk__in=user_site_ids(user)):
        if any(
            capability_grant(user=user, site=site, capability=c, at=now)
            for c in ASSESSOR_CAPABILITIES
        ):
            result.add(site.pk)
    return result


def may_assess(user: User, site: Site, capability: str = "assessment.assess") -> bool:
    return (
        capability_grant(user=user, site=site, capability=capability, at=timezone.now()) is not None
    )


def _visible(user: User) -> Q:
    return Q(site_id__in=user_site_ids(user)) & (
        Q(person__isnull=True) | Q(person=user) | Q(site_id__in=assessor_site_ids(user))
    )


@dataclass
class ScorecardFilters:
    site: int | None = None
    month: date | None = None
    status: str | None = None
    template: int | None = None
    person: int | None = None


def scorecard_list_for(user: User, filters: ScorecardFilters | None = None) -> QuerySet[Scorecard]:
    f = filters or ScorecardFilters()
    qs = Scorecard.objects.filter(_visible(user)).select_related(
        "site", "template", "person", "signed_off_by"
    )
    if f.site:
        qs = qs.filter(site_id=f.site)
    if f.month:
        qs = qs.filter(month=f.month.replace(day=1))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.template:
        qs = qs.filter(template_id=f.template)
    if f.person:
        qs = qs.filter(person_id=f.person)
    return qs.order_by("-month", "site__code", "subject_key")


def access_scorecard(user: User, scorecard_id: Any) -> Scorecard:
    try:
        pk = int(scorecard_id)
    except (TypeError, ValueError):
        raise ScorecardNotFound() from None
    card = scorecard_list_for(user).filter(pk=pk).first()
    if card is None:
        raise ScorecardNotFound()
    return card


def template_list_for(user: User) -> QuerySet[ScorecardTemplate]:
    return ScorecardTemplate.objects.filter(site_id__in=user_site_ids(user)).select_related("site")


def access_template(user: User, template_id: Any) -> ScorecardTemplate:
    """A template the user may run: at a site where they assess."""
    try:
        pk = int(template_id)
    except (TypeError, ValueError):
        raise ScorecardTemplateNotFound() from None
    template = template_list_for(user).filter(pk=pk).first()
    if template is None:
        raise ScorecardTemplateNotFound()
    return template


def access_item(card: Scorecard, item_id: Any) -> ScorecardItem:
    """An item of the card's template (else a coded 404)."""
    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        raise ScorecardTemplateNotFound() from None
    item = (
        ScorecardItem.objects.select_related("section")
        .filter(pk=pk, section__template_id=card.template_id)
        .first()
    )
    if item is None:
        raise ScorecardTemplateNotFound()
    return item


# --- the score sheet -------------------------------------------------------------------


@dataclass
class SheetLine:
    line: ScorecardLine
    source_label: str
    source_url: str | None


@dataclass
class SheetItem:
    item: ScorecardItem
    count: int = 0
    points: Decimal = Decimal(0)
    forfeited: bool = False
    capped: bool = False
    figure: dict[str, Any] = field(default_factory=dict)
    lines: list[SheetLine] = field(default_factory=list)


@dataclass
class SheetSection:
    section: ScorecardSection
    score: Decimal
    items: list[SheetItem]


@dataclass
class Sheet:
    card: Scorecard
    sections: list[SheetSection]
    adjustments: list[SheetLine]


def sheet_line(line: ScorecardLine) -> SheetLine:
    source = line.source if line.source_id else None
    if source is None:
        return SheetLine(line, "", None)
    url = source.get_absolute_url() if hasattr(source, "get_absolute_url") else None
    label = getattr(source, "number", None) or str(source)
    return SheetLine(line, f"{source._meta.verbose_name} {label}", url)


def scorecard_sheet(card: Scorecard) -> Sheet:
    """The card as the page, the API, Excel and PDF show it: sections, items, lines.

    Every line carries its source record's label and link (seed: every
    deduction links to the record that caused it). Five queries whatever the size.
    """
    lines = list(
        ScorecardLine.objects.filter(scorecard=card)
        .select_related("entered_by", "approved_by", "source_type")
        .prefetch_related("source")
        .order_by("occurred_at", "id")
    )
    by_item: dict[int | None, list[SheetLine]] = {}
    adjustments = []
    for line in lines:
        entry = sheet_line(line)
        if line.kind == LineKind.ADJUSTMENT:
            adjustments.append(entry)
        else:
            by_item.setdefault(line.item_id, []).append(entry)
    scored = {s["code"]: s for s in (card.breakdown or {}).get("sections", [])}
    figures = (card.breakdown or {}).get("figures", {})
    sections = []
    for section in ScorecardSection.objects.filter(template_id=card.template_id).prefetch_related(
        Prefetch("items", queryset=ScorecardItem.objects.order_by("order", "id"))
    ):
        data = scored.get(section.code, {})
        items = []
        for item in section.items.all():
            result = data.get("items", {}).get(str(item.pk), {})
            items.append(
                SheetItem(
                    item,
                    count=result.get("count", 0),
                    points=Decimal(result.get("points", "0")),
                    forfeited=result.get("forfeited", False),
                    capped=result.get("capped", False),
                    figure=figures.get(str(item.pk), {}),
                    lines=by_item.get(item.pk, []),
                )
            )
        default = "0" if section.is_bonus else str(section.max_points or 0)
        sections.append(SheetSection(section, Decimal(data.get("score", default)), items))
    return Sheet(card, sections, adjustments)


def scorecard_trend(user: User, *, site: int | None = None, months: int = 12) -> list[Scorecard]:
    """The site cards of the last ``months`` months, oldest first (the KPI chart)."""
    qs = scorecard_list_for(user, ScorecardFilters(site=site)).filter(person__isnull=True)
    return list(reversed(qs[:months]))


# --- the penalty ledger ----------------------------------------------------------------

DEPARTMENT_HEAD = "assessment.department"


def headed_department_ids(user: User) -> set[int]:
    """Departments whose head ``user`` is: a held position there with
    ``assessment.department`` (the department head sees its people's entries)."""
    from kefu.org.models import Position

    held = Position.objects.filter(assignments__user=user, department__isnull=False)
    return {p.department_id for p in held if DEPARTMENT_HEAD in (p.capabilities or [])}


def _ledger_visible(user: User) -> Q:
    """A person sees their own entries; a department head their department's;
    an assessor or approver every entry of their site."""
    return Q(site_id__in=user_site_ids(user)) & (
        Q(person=user)
        | Q(site_id__in=assessor_site_ids(user))
        | Q(department_id__in=headed_department_ids(user))
    )


@dataclass
class LedgerFilters:
    site: int | None = None
    month: date | None = None
    person: int | None = None
    department: int | None = None
    status: str | None = None
    rule: str | None = None
    kind: str | None = None


def ledger_list_for(user: User, filters: LedgerFilters | None = None) -> QuerySet[LedgerEntry]:
    """The ledger entries ``user`` may see, newest first, filtered."""
    f = filters or LedgerFilters()
    qs = LedgerEntry.objects.filter(_ledger_visible(user)).select_related(
        "site", "person", "department", "approved_by", "appeal_decided_by"
    )
    if f.site:
        qs = qs.filter(site_id=f.site)
    if f.month:
        qs = qs.filter(month=f.month.replace(day=1))
    if f.person:
        qs = qs.filter(person_id=f.person)
    if f.department:
        qs = qs.filter(department_id=f.department)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.rule:
        qs = qs.filter(rule=f.rule)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.order_by("-occurred_at", "-id")


def access_ledger_entry(user: User, entry_id: Any) -> LedgerEntry:
    try:
        pk = int(entry_id)
    except (TypeError, ValueError):
        raise LedgerEntryNotFound() from None
    entry = ledger_list_for(user).filter(pk=pk).first()
    if entry is None:
        raise LedgerEntryNotFound()
    return entry


def ledger_source(entry: LedgerEntry) -> tuple[str, str | None]:
    """The label and link of the record that caused the entry."""
    source = entry.source if entry.source_id else None
    if source is None:
        return "", None
    url = source.get_absolute_url() if hasattr(source, "get_absolute_url") else None
    label = getattr(source, "number", None) or str(source)
    return f"{source._meta.verbose_name} {label}", url


#: what a payroll statement counts: decided entries (not proposed, appealed or waived)
PAYABLE = (LedgerStatus.APPROVED, LedgerStatus.APPLIED)


@dataclass
class StatementRow:
    key: int | None
    name: str
    entries: int = 0
    fines_fen: int = 0
    pay_fen: int = 0
    points: Decimal = Decimal(0)
    dismissal: bool = False
    pending: int = 0

    @property
    def fines_yuan(self) -> Decimal:
        return (Decimal(self.fines_fen) / 100).quantize(Decimal("0.01"))

    @property
    def pay_yuan(self) -> Decimal:
        return (Decimal(self.pay_fen) / 100).quantize(Decimal("0.01"))


def ledger_statement(
    user: User, *, month: date, site: int | None = None, by: str = "person"
) -> list[StatementRow]:
    """The month's statement for payroll, per person or per department.

    Approved and applied entries are summed (fines and pay deductions in fen,
    points); proposed and appealed ones are counted as ``pending`` so payroll
    sees what is still open. One aggregate query.
    """
    key = "person_id" if by == "person" else "department_id"
    qs = ledger_list_for(user, LedgerFilters(site=site, month=month))
    payable = Q(status__in=PAYABLE)
    rows = (
        qs.order_by()
        .values(key)
        .annotate(
            entries=Count("id", filter=payable),
            fines=Sum("amount_fen", filter=payable & Q(kind=LedgerKind.FINE)),
            pay=Sum("amount_fen", filter=payable & Q(kind=LedgerKind.PAY_DEDUCTION)),
            points_sum=Sum("points", filter=payable),
            dismissals=Count("id", filter=payable & Q(dismissal_recommended=True)),
            pending=Count(
                "id", filter=Q(status__in=(LedgerStatus.PROPOSED, LedgerStatus.APPEALED))
            ),
        )
    )
    ids = [r[key] for r in rows if r[key] is not None]
    if by == "person":
        names = {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
    else:
        from kefu.org.models import Department

        names = {d.pk: d.name for d in Department.objects.filter(pk__in=ids)}
    result = [
        StatementRow(
            key=r[key],
            name=names.get(r[key], "—"),
            entries=r["entries"],
            fines_fen=r["fines"] or 0,
            pay_fen=r["pay"] or 0,
            points=r["points_sum"] or Decimal(0),
            dismissal=bool(r["dismissals"]),
            pending=r["pending"],
        )
        for r in rows
    ]
    return sorted(result, key=lambda row: row.name)
