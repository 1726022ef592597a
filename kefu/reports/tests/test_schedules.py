"""Named report dates: the reports the seeds name by date, each preset with its dates.

- seed 000 L347: the complaint statistics "每月初10日内" — generated on the 10th at
  09:00 for the previous month; on 9 April the latest is 10 March's (February).
- seed 002 L200: the tracking table "每天早上9:30 … 前天的投诉单" — at 09:30 for the
  day before yesterday (lag 2); the month's test table "每个月30日" — the month to
  date on the 30th, and on the last day of February (28 Feb 2026).
- seed 002 L202: the fault table "每周一早上9:30" — Mondays for the previous week;
  the network report "每个月7号前" — on the 6th for the previous month.
- seed 000 L563: OMS weekly and monthly reports.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from kefu.core.models import AuditEntry
from kefu.core.tests.api_support import Api, assert_error
from kefu.notify.models import Notification
from kefu.reports import rules
from kefu.reports.errors import SchedulePresetUnknown
from kefu.reports.models import GeneratedReport, ReportSchedule
from kefu.reports.presets import PRESETS
from kefu.reports.services import (
    report_generate,
    report_schedule_preset_apply,
    reports_run_due,
)
from kefu.reports.tests.test_kpis import client_for, month  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
MARCH = date(2026, 3, 1)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


def occurrence(key: str, now: datetime) -> tuple[datetime, date, date]:
    p = PRESETS[key]
    return rules.schedule_occurrence(p.period, p.run_day, p.run_time, p.lag, now)


# one case per preset: (seen at, named run, covered start, covered end)
PRESET_DATES = {
    "complaint_statistics": [
        (at(2026, 4, 10, 9), at(2026, 4, 10, 9), date(2026, 3, 1), date(2026, 4, 1)),
        (at(2026, 4, 9, 18), at(2026, 3, 10, 9), date(2026, 2, 1), date(2026, 3, 1)),
    ],
    "tracking_daily": [
        (at(2026, 3, 18, 9, 30), at(2026, 3, 18, 9, 30), date(2026, 3, 16), date(2026, 3, 17)),
        (at(2026, 3, 18, 9, 29), at(2026, 3, 17, 9, 30), date(2026, 3, 15), date(2026, 3, 16)),
    ],
    "fault_tracking_weekly": [
        # Mon 16 March 09:30: the week of 9–15 March; on Sunday the 22nd still that one
        (at(2026, 3, 16, 9, 30), at(2026, 3, 16, 9, 30), date(2026, 3, 9), date(2026, 3, 16)),
        (at(2026, 3, 22, 20), at(2026, 3, 16, 9, 30), date(2026, 3, 9), date(2026, 3, 16)),
    ],
    "network_report_monthly": [
        (at(2026, 3, 6, 9, 30), at(2026, 3, 6, 9, 30), date(2026, 2, 1), date(2026, 3, 1)),
    ],
    "test_table_monthly": [
        (at(2026, 3, 30, 10), at(2026, 3, 30, 9, 30), date(2026, 3, 1), date(2026, 4, 1)),
        # February has no 30th: its last day (seed 002 T30)
        (at(2026, 3, 1, 8), at(2026, 2, 28, 9, 30), date(2026, 2, 1), date(2026, 3, 1)),
    ],
    "oms_weekly": [
        (at(2026, 3, 9, 8), at(2026, 3, 9, 8), date(2026, 3, 2), date(2026, 3, 9)),
    ],
    "oms_monthly": [
        (at(2026, 4, 1, 8), at(2026, 4, 1, 8), date(2026, 3, 1), date(2026, 4, 1)),
    ],
}


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_with_its_seed_dates(key):
    assert key in PRESET_DATES, "every named-report preset needs a test with its seed dates"
    for seen, run_at, start, end in PRESET_DATES[key]:
        assert occurrence(key, seen) == (run_at, start, end), seen


def test_default_schedule_is_the_last_complete_period():
    """Without a named day: as soon as the period ends (the 1st, Monday, midnight)."""
    assert rules.schedule_occurrence("monthly", None, time(0), 1, at(2026, 4, 10, 9)) == (
        at(2026, 4, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    )
    assert rules.next_run("daily", None, time(9, 30), at(2026, 3, 18, 9, 30)) == at(
        2026, 3, 19, 9, 30
    )
    assert rules.next_run("monthly", 30, time(9, 30), at(2026, 1, 31, 12)) == at(2026, 2, 28, 9, 30)


def test_day_and_lag_rules():
    assert rules.run_day_error("monthly", 31, 1) is None
    assert rules.run_day_error("monthly", 32, 1) == "day_of_month"
    assert rules.run_day_error("weekly", 8, 1) == "weekday"
    assert rules.run_day_error("daily", 1, 1) == "daily_day"
    assert rules.run_day_error("daily", None, 4) == "lag"


@pytest.fixture
def named(month):  # noqa: F811
    """The telecom month of test_kpis with the complaint statistics and the tracking
    table scheduled for the 总经理."""
    for key in ("complaint_statistics", "tracking_daily"):
        report_schedule_preset_apply(actor=None, site=month.site, key=key, now=at(2026, 3, 1))
    return month


def test_preset_apply_is_idempotent_and_audited(named):
    schedule = ReportSchedule.objects.get(site=named.site, code="complaint_statistics")
    assert (schedule.period, schedule.run_day, schedule.run_time, schedule.lag) == (
        "monthly",
        10,
        time(9),
        1,
    )
    assert "gm" in set(schedule.recipients.values_list("code", flat=True))
    again = report_schedule_preset_apply(actor=None, site=named.site, key="complaint_statistics")
    assert again.pk == schedule.pk
    assert AuditEntry.objects.filter(action="reports.schedule_created").count() == 2


def test_unknown_preset_changes_nothing(named):
    before = ReportSchedule.objects.count()
    with pytest.raises(SchedulePresetUnknown):
        report_schedule_preset_apply(actor=None, site=named.site, key="by_the_11th")
    assert ReportSchedule.objects.count() == before


def test_a_wrong_day_is_refused_by_the_admin_s_check(named):
    schedule = ReportSchedule.objects.get(code="tracking_daily")
    schedule.run_day = 3
    with pytest.raises(ValidationError) as exc:
        schedule.full_clean()
    assert "run_day" in exc.value.message_dict


def test_reports_are_generated_on_their_named_dates(named, monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, **kw: fn())
    # 9 April 20:00: the statistics of 10 March (February) and Tuesday 7 April's table
    assert reports_run_due(now=at(2026, 4, 9, 20)) == 2
    assert reports_run_due(now=at(2026, 4, 9, 21)) == 0  # once per occurrence
    # 10 April 09:30: March's statistics, 23.6 h (the hand-counted month), and the 8th's table
    assert reports_run_due(now=at(2026, 4, 10, 9, 30)) == 2
    march = GeneratedReport.objects.get(schedule__code="complaint_statistics", starts_on=MARCH)
    assert march.due_at == at(2026, 4, 10, 9)
    assert march.figures["figures"]["average_reply_hours"]["value"] == 23.6
    daily = GeneratedReport.objects.filter(schedule__code="tracking_daily").order_by("starts_on")
    assert [r.starts_on for r in daily] == [date(2026, 4, 7), date(2026, 4, 8)]
    gm = Notification.objects.filter(recipient=named["gm"], kind="reports.generated")
    assert gm.count() == 4 and any("投诉统计表" in n.subject for n in gm)
    # asked for without a schedule, March is the report already frozen
    again = report_generate(actor=None, site=named.site, period="monthly", day=date(2026, 3, 9))
    assert again.pk == march.pk


def test_named_reports_page_and_api(named, pmc):
    reports_run_due(now=at(2026, 4, 10, 9, 30))
    client = client_for(named["cs_director"])
    html = client.get("/reports/schedules/").content.decode()
    assert "投诉统计表(每月10日前)" in html and "每月10日 09:00" in html
    assert "上月" in html and "前2天" in html
    body = Api(named["cs_director"]).get("/reports/schedules").json()
    by_code = {s["code"]: s for s in body}
    assert set(by_code) == {"complaint_statistics", "tracking_daily"}
    assert by_code["complaint_statistics"]["run_day"] == 10
    assert by_code["tracking_daily"]["lag"] == 2 and by_code["tracking_daily"]["run_time"] == (
        "09:30:00"
    )
    assert by_code["complaint_statistics"]["last_report_id"] is not None
    assert Api(pmc["cs_director"]).get("/reports/schedules").json() == []
    generated = Api(named["cs_director"]).get("/reports/generated").json()
    assert {g["due_at"] is not None for g in generated} == {True}
    inbox = client.get("/reports/inbox/").content.decode()
    assert "投诉统计表(每月10日前)" in inbox
    assert_error(Api(named["cs_director"]).get("/reports/generated/0"), 404, "reports.not_found")


# --- yearly named reports (issue #12) ---------------------------------------------------
# A yearly schedule names its month (``run_month``, January if empty) and the day of
# that month: the year's report by 15 January for the year before; an annual review in
# the last days of March on the year before's figures (seed 001 T16, L889: 每年初3月份
# 的25―30日); 29 February is the 28th in other years.


def test_yearly_named_dates():
    by_15_january = ("yearly", 15, time(9), 1)
    assert rules.schedule_occurrence(*by_15_january, at(2027, 1, 15, 9)) == (
        at(2027, 1, 15, 9),
        date(2026, 1, 1),
        date(2027, 1, 1),
    )
    assert rules.schedule_occurrence(*by_15_january, at(2027, 1, 14, 23)) == (
        at(2026, 1, 15, 9),
        date(2025, 1, 1),
        date(2026, 1, 1),
    )
    assert rules.next_run("yearly", 15, time(9), at(2027, 1, 15, 9)) == at(2028, 1, 15, 9)
    assert rules.schedule_occurrence(
        "yearly", 30, time(9), 1, at(2027, 3, 30, 10), run_month=3
    ) == (at(2027, 3, 30, 9), date(2026, 1, 1), date(2027, 1, 1))
    assert rules.next_run("yearly", 29, time(8), at(2027, 1, 1), run_month=2) == at(2027, 2, 28, 8)
    assert rules.next_run("yearly", 29, time(8), at(2027, 3, 1), run_month=2) == at(2028, 2, 29, 8)
    # without a day: 1 January at midnight, the last complete year; lag 0: the year to date
    assert rules.schedule_occurrence("yearly", None, time(0), 1, at(2026, 7, 1)) == (
        at(2026, 1, 1),
        date(2025, 1, 1),
        date(2026, 1, 1),
    )
    assert rules.schedule_occurrence("yearly", 31, time(18), 0, at(2026, 12, 31, 18), run_month=12)[
        1:
    ] == (date(2026, 1, 1), date(2027, 1, 1))


def test_yearly_day_and_month_rules():
    assert rules.run_day_error("yearly", 31, 1) is None  # 31 January
    assert rules.run_day_error("yearly", 29, 1, run_month=2) is None
    assert rules.run_day_error("yearly", 30, 1, run_month=2) == "day_of_that_month"
    assert rules.run_day_error("yearly", 31, 1, run_month=4) == "day_of_that_month"
    assert rules.run_day_error("yearly", 32, 1) == "day_of_month"
    assert rules.run_day_error("yearly", 1, 1, run_month=13) == "month"
    assert rules.run_day_error("yearly", 1, 1, run_month=0) == "month"
    assert rules.run_day_error("monthly", 10, 1, run_month=3) == "month_not_yearly"
    assert rules.run_day_error("yearly", None, 4) == "lag"


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"run_month": 2, "run_day": 30}, "run_day"),
        ({"run_month": 13, "run_day": 1}, "run_month"),
        ({"period": "monthly", "run_month": 3, "run_day": 1}, "run_month"),
    ],
)
def test_a_wrong_yearly_date_is_refused_by_the_admin_s_check(month, fields, field):  # noqa: F811
    schedule = ReportSchedule(site=month.site, code="annual", **{"period": "yearly", **fields})
    with pytest.raises(ValidationError) as exc:
        schedule.full_clean()
    assert set(exc.value.message_dict) == {field}


def test_yearly_named_date_and_coverage_are_described():
    from django.utils import translation

    from kefu.reports.selectors import describe_coverage, describe_named_date

    with translation.override("en"):
        assert describe_named_date("yearly", 15, time(9)) == "Every year on 15 January at 09:00"
        assert describe_coverage("yearly", 2) == "2 years back"
    with translation.override("zh-hans"):
        assert describe_named_date("yearly", 30, time(9, 30), 3) == "每年三月30日 09:30"
        assert describe_coverage("yearly", 1) == "上一年"
        assert describe_coverage("yearly", 0) == "本年截至当时"


def test_a_yearly_report_is_generated_once_on_its_named_date(month, monkeypatch):  # noqa: F811
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, **kw: fn())
    annual = ReportSchedule.objects.create(
        site=month.site,
        code="annual",
        name="年度客服报表",
        period="yearly",
        run_day=15,
        run_time=time(9),
    )
    annual.recipients.add(month.position("gm"))
    assert reports_run_due(now=at(2027, 1, 15, 9, 30)) == 1
    assert reports_run_due(now=at(2027, 6, 1)) == 0  # once per year
    report = GeneratedReport.objects.get(schedule=annual)
    assert (report.period, report.starts_on, report.ends_on) == (
        "yearly",
        date(2026, 1, 1),
        date(2027, 1, 1),
    )
    assert report.due_at == at(2027, 1, 15, 9)
    assert report.figures["figures"]["requests"]["value"] == 11  # the hand-counted March
    assert report.figures["ontime"]  # on time per clock, for the year
    assert Notification.objects.filter(recipient=month["gm"], kind="reports.generated").count() == 1
    body = Api(month["cs_director"]).get("/reports/schedules").json()
    assert (body[0]["period"], body[0]["run_month"], body[0]["run_day"]) == ("yearly", None, 15)
    html = client_for(month["cs_director"]).get("/reports/schedules/").content.decode()
    assert "每年一月15日 09:00" in html and "上一年" in html
    inbox = client_for(month["gm"]).get(report.get_absolute_url()).content.decode()
    assert "年度客服报表" in inbox and "2026-01-01 — 2027-01-01" in inbox
    assert "?period=yearly&amp;day=2026-01-01" in inbox  # to the year's dashboard
