"""Weekly reminders of due reviews: custody inspections and grade reviews.

seed 000 L487: custody is inspected every half year — a site whose inspection
is due tells its file keepers (``files.keep``). seed 001 L889, L899, L905:
grades are reviewed in the yearly round (temporary grades after six months) —
a site with grades due tells those who grade (``files.grade``). One notice per
site and ISO week while the review is due.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.files import rules
from kefu.files.models import CustodyInspection, CustomerFile, FileKind, FileStatus
from kefu.files.selectors import GRADE, KEEP
from kefu.notify.services import notify
from kefu.org.models import PositionAssignment, Site, User


def _holders(site: Site, capability: str) -> list[User]:
    return [
        a.user
        for a in PositionAssignment.objects.filter(position__site=site).select_related(
            "user", "position"
        )
        if capability in (a.position.capabilities or [])
    ]


def reviews_remind(*, today: date | None = None) -> int:
    """Remind keepers of due custody inspections and graders of due grade reviews."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    sent = 0
    for site in Site.objects.filter(pk__in=FileKind.objects.values("site_id")).order_by("code"):
        last = CustodyInspection.objects.filter(site=site).order_by("-inspected_on").first()
        due = rules.next_inspection_due(last.inspected_on if last else None, today=today)
        if due <= today:
            notify(
                site=site,
                users=_holders(site, KEEP),
                kind="files.inspection_due",
                subject=_("Half-yearly custody inspection due since %(day)s")
                % {"day": due.isoformat()},
                body=site.name,
                link=reverse("files:inspection_list"),
                dedupe_key=f"files.inspection_due:{site.pk}:{year}-{week}",
            )
            sent += 1
        reviews = (
            CustomerFile.objects.filter(site=site, review_due_on__lte=today)
            .exclude(status=FileStatus.DESTROYED)
            .exclude(grade="")
            .count()
        )
        if reviews:
            notify(
                site=site,
                users=_holders(site, GRADE),
                kind="files.grade_review_due",
                subject=_("%(count)d customer grades due for review") % {"count": reviews},
                body=site.name,
                link=reverse("files:grading_list"),
                dedupe_key=f"files.grade_review:{site.pk}:{year}-{week}",
            )
            sent += 1
    return sent
