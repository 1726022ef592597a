"""Joint-venture partners: admission, grading, visits, snapshots (seed 000 篇七, L355–387)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.accounts import partner_rules as pr
from kefu.accounts import selectors as sel
from kefu.accounts.errors import (
    CannotDecideGrade,
    CannotManagePartners,
    ExplanationRequired,
    FormIncomplete,
    GradeChangeClosed,
    GradeInvalid,
    MaterialsIncomplete,
    OnsiteNotQualified,
    PartnerNameTaken,
    PartnerWrongStatus,
    SameDecider,
)
from kefu.accounts.models import (
    CheckResult,
    Grade,
    GradeChange,
    GradeChangeStatus,
    OnsiteCheck,
    Partner,
    PartnerSnapshot,
    PartnerStatus,
    PartnerVisit,
)
from kefu.core.services import audit_record
from kefu.org.models import Site, User

UNIT = "accounts.partner_unit"
OFFICE = "accounts.partner_office"
MARKET = "accounts.market_development"
TABLES = tuple(pr.FORM_FIELDS)
EDITABLE = (
    *TABLES,
    *pr.FILE_FIELDS,
    "out_of_town",
    "next_moves",
    "upcoming_project",
    "score_contract",
    "score_safety_quality",
    "score_cooperation",
    "senior_visits",
)


def _require(actor: User, site: Site, *capabilities: str, error: type = CannotManagePartners):
    if not any(sel.may(actor, site, c) for c in capabilities):
        raise error()


def lock_partner(partner: Partner) -> Partner:
    return Partner.objects.select_for_update().get(pk=partner.pk)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _apply(locked: Partner, fields: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(name)
        before = getattr(locked, name)
        if before != value:
            setattr(locked, name, value)
            changes[name] = [_plain(before), _plain(value)]
    return changes


def partner_register(
    *, actor: User, site: Site, name: str, responsible_unit: Any, **fields: Any
) -> Partner:
    """The contracting unit starts 《联营工程合作方入网审批表》 for a partner (L357, L361)."""
    _require(actor, site, UNIT)
    try:
        with transaction.atomic():
            partner = Partner(site=site, name=name.strip(), responsible_unit=responsible_unit)
            _apply(partner, fields)
            partner.save()
            audit_record(
                actor=actor,
                action="accounts.partner_registered",
                target=partner,
                site=site,
                changes={"name": [None, partner.name]},
            )
    except IntegrityError as exc:
        raise PartnerNameTaken() from exc
    return partner


def partner_update(*, actor: User, partner: Partner, **fields: Any) -> Partner:
    """Edit the form or the partner's file; it is kept current (即时更新, L379)."""
    _require(actor, partner.site, UNIT, OFFICE)
    with transaction.atomic():
        locked = lock_partner(partner)
        changes = _apply(locked, fields)
        if changes:
            locked.save(update_fields=[*changes, "updated_at"])
            audit_record(
                actor=actor,
                action="accounts.partner_updated",
                target=locked,
                site=locked.site,
                changes=changes,
            )
    return locked


def partner_onsite_check(
    *,
    actor: User,
    partner: Partner,
    checked_on: date,
    address: str,
    staff: str,
    equipment: str,
    note: str = "",
) -> OnsiteCheck:
    """The introducing department's on-site check; anything unclear → not qualified (L363)."""
    _require(actor, partner.site, UNIT)
    for value in (address, staff, equipment):
        if value not in CheckResult.values:
            raise FormIncomplete(code="invalid", fields={"result": [str(value)]})
    with transaction.atomic():
        locked = lock_partner(partner)
        check = OnsiteCheck.objects.create(
            partner=locked,
            checked_by=actor,
            checked_on=checked_on,
            address=address,
            staff=staff,
            equipment=equipment,
            note=note,
            qualified=pr.onsite_qualified(address, staff, equipment),
        )
        audit_record(
            actor=actor,
            action="accounts.partner_onsite_checked",
            target=locked,
            site=locked.site,
            changes={"qualified": [None, check.qualified]},
        )
    return check


def partner_submit(*, actor: User, partner: Partner, now: datetime) -> Partner:
    """Hand the complete form to the partner office, after a qualifying on-site check (L363–365)."""
    _require(actor, partner.site, UNIT)
    with transaction.atomic():
        locked = lock_partner(partner)
        if locked.status != PartnerStatus.DRAFT:
            raise PartnerWrongStatus()
        missing = pr.missing_form_items({t: getattr(locked, t) for t in TABLES})
        if missing:
            raise FormIncomplete(fields={"form": missing})
        last = locked.onsite_checks.order_by("-checked_on", "-id").first()
        if last is None or not last.qualified:
            raise OnsiteNotQualified()
        locked.status = PartnerStatus.SUBMITTED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="accounts.partner_submitted",
            target=locked,
            site=locked.site,
            at=now,
            changes={"status": ["draft", "submitted"]},
        )
    return locked


def _check_grade(locked: Partner, grade: str) -> None:
    if grade not in Grade.values:
        raise GradeInvalid(fields={"grade": [str(grade)]})
    if pr.grade_needs_complete_materials(grade) and pr.missing_form_items(
        {t: getattr(locked, t) for t in TABLES}
    ):
        raise MaterialsIncomplete()


def partner_initial_check(
    *,
    actor: User,
    partner: Partner,
    admit: bool,
    note: str = "",
    grade: str = "",
    now: datetime,
) -> Partner:
    """The partner office's initial check before any negotiation (L365): admit and grade
    (L367), or turn away with an explanation."""
    _require(actor, partner.site, OFFICE)
    with transaction.atomic():
        locked = lock_partner(partner)
        if locked.status != PartnerStatus.SUBMITTED:
            raise PartnerWrongStatus()
        if admit:
            _check_grade(locked, grade)
            locked.status, locked.grade = PartnerStatus.ADMITTED, grade
        else:
            if not note.strip():
                raise ExplanationRequired(fields={"note": [""]})
            locked.status = PartnerStatus.TURNED_AWAY
        locked.initial_check_note = note.strip()
        locked.initial_checked_by, locked.initial_checked_at = actor, now
        locked.save(
            update_fields=[
                "status",
                "grade",
                "initial_check_note",
                "initial_checked_by",
                "initial_checked_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="accounts.partner_initial_checked",
            target=locked,
            site=locked.site,
            at=now,
            changes={"status": ["submitted", locked.status]},
        )
    return locked


def grade_change_propose(
    *, actor: User, partner: Partner, to_grade: str, reason: str, now: datetime
) -> GradeChange:
    """The responsible unit proposes a grade change, e.g. after a bid won or lost (L387)."""
    _require(actor, partner.site, UNIT)
    if to_grade not in Grade.values:
        raise GradeInvalid(fields={"to_grade": [str(to_grade)]})
    if not reason.strip():
        raise ExplanationRequired(fields={"reason": [""]})
    with transaction.atomic():
        locked = lock_partner(partner)
        if locked.status != PartnerStatus.ADMITTED:
            raise PartnerWrongStatus()
        change = GradeChange.objects.create(
            partner=locked,
            from_grade=locked.grade,
            to_grade=to_grade,
            reason=reason.strip(),
            proposed_by=actor,
            proposed_at=now,
        )
        audit_record(
            actor=actor,
            action="accounts.grade_change_proposed",
            target=change,
            site=locked.site,
            at=now,
        )
    return change


def grade_change_decide(
    *, actor: User, change: GradeChange, approve: bool, now: datetime
) -> GradeChange:
    """One side of the joint decision of the partner office and market development (L387).

    Both must approve, as two different people; either may reject. The grade
    changes when the second approval lands; A and B need complete materials (L385).
    """
    site = change.partner.site
    office, market = sel.may(actor, site, OFFICE), sel.may(actor, site, MARKET)
    if not (office or market):
        raise CannotDecideGrade()
    with transaction.atomic():
        locked_partner = lock_partner(change.partner)
        locked = GradeChange.objects.select_for_update().get(pk=change.pk)
        if locked.status != GradeChangeStatus.PROPOSED:
            raise GradeChangeClosed()
        side = "office_by" if office and locked.office_by_id is None else "market_by"
        if side == "market_by" and (not market or locked.market_by_id is not None):
            raise SameDecider()
        if actor.pk in (locked.office_by_id, locked.market_by_id):
            raise SameDecider()
        fields = [side, "updated_at"]
        setattr(locked, side, actor)
        if not approve:
            locked.status, locked.decided_at = GradeChangeStatus.REJECTED, now
            fields += ["status", "decided_at"]
        elif locked.office_by_id and locked.market_by_id:
            _check_grade(locked_partner, locked.to_grade)
            before = locked_partner.grade
            locked_partner.grade = locked.to_grade
            locked_partner.save(update_fields=["grade", "updated_at"])
            locked.status, locked.decided_at = GradeChangeStatus.DECIDED, now
            fields += ["status", "decided_at"]
            audit_record(
                actor=actor,
                action="accounts.partner_graded",
                target=locked_partner,
                site=site,
                at=now,
                changes={"grade": [before, locked.to_grade]},
            )
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="accounts.grade_change_decided",
            target=locked,
            site=site,
            at=now,
            changes={side: [None, actor.pk], "approve": [None, approve]},
        )
    return locked


def partner_visit_record(
    *,
    actor: User,
    partner: Partner,
    visited_on: date,
    visitors: str,
    senior_management: bool = False,
    updates: dict[str, Any] | None = None,
    note: str = "",
) -> PartnerVisit:
    """Record a visit and update the partner's data with what was learnt (L373)."""
    _require(actor, partner.site, UNIT, OFFICE)
    updates = dict(updates or {})
    allowed = {*pr.FILE_FIELDS, "next_moves", "upcoming_project"}
    if set(updates) - allowed:
        raise FormIncomplete(code="invalid", fields={"updates": sorted(set(updates) - allowed)})
    with transaction.atomic():
        locked = lock_partner(partner)
        changes = _apply(locked, updates)
        visit = PartnerVisit.objects.create(
            partner=locked,
            visited_on=visited_on,
            visitors=visitors,
            senior_management=senior_management,
            updates=changes,
            note=note,
            recorded_by=actor,
        )
        fields = [*changes]
        if locked.last_visit_on is None or visited_on > locked.last_visit_on:
            locked.last_visit_on = visited_on
            fields.append("last_visit_on")
        if senior_management and (
            locked.last_senior_visit_on is None or visited_on > locked.last_senior_visit_on
        ):
            locked.last_senior_visit_on = visited_on
            fields.append("last_senior_visit_on")
        locked.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="accounts.partner_visited",
            target=locked,
            site=locked.site,
            changes=changes,
        )
    return visit


def partner_snapshots_take(
    *, actor: Any, site: Site, now: datetime, partner: Partner | None = None
) -> list[PartnerSnapshot]:
    """Archive the files of A and B partners for the half year (L379), once per period.

    With ``partner`` an extra archive copy is taken now (特殊情况需增加存档).
    Snapshots are never updated afterwards.
    """
    if actor is not None:
        _require(actor, site, OFFICE)
    today = timezone.localdate(now)
    if partner is not None:
        targets, period = [partner], f"X{now:%Y%m%d%H%M%S}"
    else:
        targets = list(
            Partner.objects.filter(
                site=site, status=PartnerStatus.ADMITTED, grade__in=pr.KEY_GRADES
            )
        )
        period = pr.half_year(today)
    taken = []
    with transaction.atomic():
        for p in targets:
            if PartnerSnapshot.objects.filter(partner=p, period=period).exists():
                continue
            snapshot = PartnerSnapshot.objects.create(
                partner=p,
                period=period,
                grade=p.grade or "C",
                data=sel.partner_file_data(p),
                taken_at=now,
                taken_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(
                actor=actor,
                action="accounts.partner_snapshot_taken",
                target=snapshot,
                site=site,
                at=now,
            )
            taken.append(snapshot)
    return taken
