"""API of the desk's reports: the on-time rate per site, department, month and clock."""

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from kefu.core.api import ERRORS
from kefu.desk.sla_report import sla_ontime_report
from kefu.org.selectors import access_site

router = Router(tags=["desk"])


class SlaReportQuery(Schema):
    month: str = Field(..., pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    site: int | None = None


class OnTimeRowOut(Schema):
    site: str
    department: str
    clock: str
    due: int
    met: int
    missed: int
    rate: float | None
    avg_hours: float | None


class SlaReportOut(Schema):
    month: str
    rows: list[OnTimeRowOut]


@router.get("/sla", response={200: SlaReportOut, **ERRORS})
def sla_report(request: HttpRequest, params: Query[SlaReportQuery]):
    """On-time rate per site, handling department and clock for one month (pauses excluded)."""
    site_id = access_site(request.auth, params.site).pk if params.site is not None else None
    year, month = (int(x) for x in params.month.split("-"))
    rows = sla_ontime_report(request.auth, month=date(year, month, 1), site_id=site_id)
    return {"month": params.month, "rows": rows}
