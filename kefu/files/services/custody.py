"""Custody inspections and grading of customer files.

Custody (seed 000 §3.17): "每半年对客户档案的保管状况进行一次全面检查, 并作好
记录" (L487); faded writing and damaged material are repaired promptly (L489);
damp and mould are checked (L491). ``inspection_record`` writes the record with
its findings, ``finding_repair`` records a repair; the next inspection is due
six months after the last one (``selectors.inspection_schedule``).

Grading (seed 001 L865–935 [GRD], seed 000 L591 [LOY]): ``file_grade`` gives a
file a grade A–D under the site's scheme (``kefu.files.grading``) from the
annual value and the credit rating, with the date it is due for review; a grade
other than the scheme's suggestion needs a reason. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from kefu.core.errors import InvalidInput
from kefu.core.services import audit_record
from kefu.files import errors, rules
from kefu.files.models import (
    CreditRating,
    CustodyInspection,
    CustomerFile,
    FileStatus,
    FindingKind,
    InspectionFinding,
)
from kefu.files.selectors import GRADE, KEEP, grading_scheme_for, may_read_content
from kefu.files.services.files import _lock_file, _require
from kefu.org.models import Site, User


@dataclass(frozen=True)
class FindingInput:
    """One finding as the inspector writes it; ``repair`` when repaired on the spot."""

    kind: str
    description: str
    location: str = ""
    file: CustomerFile | None = None
    repair: str = ""


def inspection_record(
    *,
    actor: User,
    site: Site,
    inspected_on: date,
    scope: str = "",
    environment_ok: bool = True,
    note: str = "",
    findings: list[FindingInput] | tuple[FindingInput, ...] = (),
    today: date | None = None,
) -> CustodyInspection:
    """The file keeper records a custody inspection with its findings (seed 000 L487–491).

    A finding repaired on the spot carries its repair (repaired on the day of the
    inspection). The next inspection falls due six months later.
    """
    today = today or timezone.localdate()
    _require(actor, site, KEEP, errors.NotKeeper, timezone.now())
    if inspected_on > today:
        raise errors.InspectionDateInvalid()
    bad = {
        f"findings.{i}": ["?"]
        for i, f in enumerate(findings)
        if f.kind not in FindingKind.values or not f.description.strip()
    }
    if bad:
        raise InvalidInput(code="files.finding_invalid", fields=bad)
    if any(f.file is not None and f.file.site_id != site.pk for f in findings):
        raise errors.WrongSite()
    with transaction.atomic():
        inspection = CustodyInspection.objects.create(
            site=site,
            inspected_on=inspected_on,
            inspector=actor,
            scope=scope.strip() or "全部客户档案",
            environment_ok=environment_ok,
            note=note,
            next_due_on=rules.add_months(inspected_on, rules.INSPECTION_INTERVAL_MONTHS),
        )
        InspectionFinding.objects.bulk_create(
            [
                InspectionFinding(
                    inspection=inspection,
                    kind=f.kind,
                    location=f.location.strip(),
                    file=f.file,
                    description=f.description.strip(),
                    repair=f.repair.strip(),
                    repaired_on=inspected_on if f.repair.strip() else None,
                    repaired_by=actor if f.repair.strip() else None,
                )
                for f in findings
            ]
        )
        audit_record(
            actor=actor,
            action="files.custody_inspected",
            target=inspection,
            site=site,
            changes={
                "inspected_on": [None, inspected_on.isoformat()],
                "findings": [None, len(findings)],
                "environment_ok": [None, environment_ok],
            },
            note=inspection.scope,
        )
    return inspection


def finding_repair(
    *,
    actor: User,
    finding: InspectionFinding,
    repair: str,
    repaired_on: date | None = None,
    today: date | None = None,
) -> InspectionFinding:
    """The file keeper records how a finding was repaired and when (seed 000 L489)."""
    today = today or timezone.localdate()
    repaired_on = repaired_on or today
    inspection = finding.inspection
    _require(actor, inspection.site, KEEP, errors.NotKeeper, timezone.now())
    repair = repair.strip()
    if not repair:
        raise errors.RepairRequired()
    if not (inspection.inspected_on <= repaired_on <= today):
        raise errors.InspectionDateInvalid()
    with transaction.atomic():
        locked = InspectionFinding.objects.select_for_update(of=("self",)).get(pk=finding.pk)
        if locked.repaired_on is not None:
            raise errors.FindingRepaired()
        locked.repair, locked.repaired_on, locked.repaired_by = repair, repaired_on, actor
        locked.save(update_fields=["repair", "repaired_on", "repaired_by", "updated_at"])
        audit_record(
            actor=actor,
            action="files.finding_repaired",
            target=inspection,
            site=inspection.site,
            changes={"finding": [None, locked.pk], "repaired_on": [None, repaired_on.isoformat()]},
            note=repair,
        )
    return locked


# --- grading -----------------------------------------------------------------------


def file_grade(
    *,
    actor: User,
    file: CustomerFile,
    grade: str,
    annual_value_fen: int,
    credit_rating: str,
    reason: str = "",
    now: datetime | None = None,
) -> CustomerFile:
    """Grade a customer file under its site's scheme, with the date of its review.

    The scheme suggests a grade from the annual value and the credit rating
    (seed 001 L873, L883); another grade needs a reason. A first grade under a
    scheme with temporary grades is temporary and reviewed after six months
    (L899); otherwise the review is the next grading round (L889) or the
    scheme's interval (seed 000 L591). Grading a 机密/绝密 file needs the right to
    read it. The change is audited with the suggestion and the reason.
    """
    at = now or timezone.now()
    today = timezone.localdate(at)
    _require(actor, file.site, GRADE, errors.NotGrader, at)
    scheme = grading_scheme_for(file.site)
    if grade not in scheme.grades:
        raise errors.GradeInvalid(fields={"grade": [str(grade)]})
    if credit_rating not in CreditRating.values:
        raise InvalidInput(code="files.credit_rating_invalid", fields={"credit_rating": ["?"]})
    if annual_value_fen < 0:
        raise InvalidInput(code="files.value_invalid", fields={"annual_value": ["?"]})
    suggested = scheme.suggest(annual_value_fen=annual_value_fen, credit=credit_rating)
    reason = reason.strip()
    if grade != suggested and not reason:
        raise errors.GradeReasonRequired(fields={"reason": [suggested]})
    if not may_read_content(actor, file, now=at):
        raise errors.ReadNotAllowed()
    with transaction.atomic():
        locked = _lock_file(file)
        if locked.status == FileStatus.DESTROYED:
            raise errors.FileClosed()
        before = locked.grade
        temporary = bool(scheme.temporary_months) and not before
        locked.grade, locked.grade_temporary = grade, temporary
        locked.annual_value_fen, locked.credit_rating = annual_value_fen, credit_rating
        locked.graded_at = at
        locked.review_due_on = scheme.review_due(graded_on=today, temporary=temporary)
        locked.save(
            update_fields=[
                "grade", "grade_temporary", "annual_value_fen", "credit_rating", "graded_at",
                "review_due_on", "updated_at",
            ]
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="files.graded",
            target=locked,
            site=locked.site,
            changes={
                "grade": [before or None, grade],
                "suggested": [None, suggested],
                "annual_value_fen": [None, annual_value_fen],
                "credit_rating": [None, credit_rating],
                "temporary": [None, temporary],
                "review_due_on": [None, locked.review_due_on.isoformat()],
            },
            note=reason,
            at=at,
        )
    return locked
