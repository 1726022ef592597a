"""Reads of custody inspections and grading: the schedule per site, the files due for
a grade review, a file's grade history."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from kefu.core.models import AuditEntry
from kefu.files import grading, rules
from kefu.files.errors import FindingNotFound, InspectionNotFound, NotGrader
from kefu.files.models import (
    CustodyInspection,
    CustomerFile,
    FileKind,
    FileStatus,
    GradingSetting,
    InspectionFinding,
)
from kefu.files.selectors.base import GRADE, KEEP, MANAGE, _pk, sites_with_any
from kefu.org.models import Site, User


def inspection_sites(user: User) -> set[int]:
    """Sites whose custody ``user`` inspects (keeper) or reviews (file manager)."""
    return sites_with_any(user, KEEP, MANAGE)


def inspection_list_for(user: User, *, site: Site | None = None) -> QuerySet[CustodyInspection]:
    qs = CustodyInspection.objects.filter(site_id__in=inspection_sites(user))
    if site is not None:
        qs = qs.filter(site=site)
    return (
        qs.select_related("site", "inspector")
        .annotate(
            finding_count=Count("findings"),
            open_count=Count("findings", filter=Q(findings__repaired_on__isnull=True)),
        )
        .order_by("-inspected_on", "-id")
    )


def access_inspection(user: User, inspection_id: int | str | None) -> CustodyInspection:
    pk = _pk(inspection_id)
    inspection = (
        CustodyInspection.objects.filter(pk=pk, site_id__in=inspection_sites(user))
        .select_related("site", "inspector")
        .first()
        if pk is not None
        else None
    )
    if inspection is None:
        raise InspectionNotFound()
    return inspection


def access_finding(
    inspection: CustodyInspection, finding_id: int | str | None
) -> InspectionFinding:
    pk = _pk(finding_id)
    finding = (
        InspectionFinding.objects.filter(pk=pk, inspection=inspection)
        .select_related("inspection", "inspection__site", "file")
        .first()
        if pk is not None
        else None
    )
    if finding is None:
        raise FindingNotFound()
    return finding


@dataclass(frozen=True)
class SiteSchedule:
    """When a site's next custody inspection is due (every 6 months, seed 000 L487)."""

    site: Site
    last: CustodyInspection | None
    next_due_on: date
    overdue: bool
    open_findings: int


def inspection_schedule(user: User, *, today: date) -> list[SiteSchedule]:
    """Per site that keeps files (has a file kind) and that ``user`` keeps or manages: the
    last inspection, when the next is due and whether it is overdue; overdue first."""
    site_ids = set(
        FileKind.objects.filter(site_id__in=inspection_sites(user)).values_list(
            "site_id", flat=True
        )
    )
    latest: dict[int, CustodyInspection] = {}
    for inspection in CustodyInspection.objects.filter(site_id__in=site_ids).order_by(
        "site_id", "-inspected_on", "-id"
    ):
        latest.setdefault(inspection.site_id, inspection)
    open_counts = dict(
        InspectionFinding.objects.filter(inspection__site_id__in=site_ids, repaired_on__isnull=True)
        .values_list("inspection__site_id")
        .annotate(n=Count("id"))
        .values_list("inspection__site_id", "n")
    )
    rows = []
    for site in Site.objects.filter(pk__in=site_ids).order_by("code"):
        last = latest.get(site.pk)
        due = rules.next_inspection_due(last.inspected_on if last else None, today=today)
        rows.append(SiteSchedule(site, last, due, due <= today, open_counts.get(site.pk, 0)))
    return sorted(rows, key=lambda r: (not r.overdue, r.next_due_on, r.site.code))


# --- grading ---------------------------------------------------------------------------


def grading_scheme_for(site: Site):
    """The site's grading scheme (its ``GradingSetting``, or the default preset)."""
    setting = GradingSetting.objects.filter(site=site).first()
    if setting is None:
        return grading.grading_scheme()
    return grading.grading_scheme(setting.preset_key, setting.overrides)


def files_due_for_review(user: User, *, today: date, within_days: int = 30):
    """Graded files whose review falls due by ``today + within_days`` at the sites where
    ``user`` grades or manages the files, earliest first (overdue ones on top)."""
    site_ids = sites_with_any(user, GRADE, MANAGE)
    if not site_ids:
        raise NotGrader()
    return (
        CustomerFile.objects.filter(
            site_id__in=site_ids,
            review_due_on__lte=today + timedelta(days=within_days),
        )
        .exclude(status=FileStatus.DESTROYED)
        .exclude(grade="")
        .select_related("site", "kind", "customer", "vehicle")
        .order_by("review_due_on", "id")
    )


def grade_history(file: CustomerFile) -> QuerySet[AuditEntry]:
    """The file's grade changes, newest first, from the one audit trail."""
    return (
        AuditEntry.objects.filter(
            action="files.graded",
            target_type=ContentType.objects.get_for_model(CustomerFile),
            target_id=file.pk,
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )
