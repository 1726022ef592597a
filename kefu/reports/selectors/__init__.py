"""Reads of the reports app (see ``kpis`` for the figures, ``drilldown`` for the
records behind them)."""

from kefu.reports.selectors.drilldown import (
    OTHER_METRICS,
    TICKET_METRICS,
    VISIT_METRICS,
    drilldown,
    record_kind,
    record_url,
)
from kefu.reports.selectors.kpis import (
    DIMENSIONS,
    Figure,
    Kpis,
    kpis_for,
    kpis_for_sites,
    monthly_trend,
    report_site_ids,
    tickets_in,
    trend_for,
)
from kefu.reports.selectors.schedules import (
    NamedReport,
    describe_coverage,
    describe_named_date,
    named_reports_for,
    schedules_for,
)

__all__ = [
    "DIMENSIONS",
    "OTHER_METRICS",
    "TICKET_METRICS",
    "VISIT_METRICS",
    "Figure",
    "Kpis",
    "NamedReport",
    "describe_coverage",
    "describe_named_date",
    "drilldown",
    "kpis_for",
    "kpis_for_sites",
    "monthly_trend",
    "named_reports_for",
    "record_kind",
    "record_url",
    "report_site_ids",
    "schedules_for",
    "tickets_in",
    "trend_for",
]
