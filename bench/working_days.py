"""Deadline computations per second with a realistic site calendar (issue #4: aim ≥ 100,000/s).

Run: ``.venv/bin/python bench/working_days.py`` (or ``python -m bench.working_days``).
(Named apart from ``calendar``: a ``bench/calendar.py`` shadowed the standard
library's module for every other script in this folder.)
The calendar is a property centre's office week (Mon–Fri 09:00–12:00, 13:30–18:00)
with China's statutory holidays and 调休 days from chinesecalendar plus a few
site closures; start instants are spread over 2025–2026 in UTC, as Django
stores them. One process, one thread.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import random
import time
from datetime import UTC, date, datetime, timedelta

from kefu.calendar.rules import STANDARD_WEEK, WorkCalendar
from kefu.calendar.statutory import package_years, statutory_days

N = int(os.environ.get("BENCH_N", "200000"))


def site_calendar() -> WorkCalendar:
    days = statutory_days()
    return WorkCalendar(
        weekly=STANDARD_WEEK,
        holidays=[d for d, (off, _name) in days.items() if off],
        workdays=[d for d, (off, _name) in days.items() if not off],
        closures=[date(2025, 12, 26), date(2026, 6, 30)],
        covered_years=package_years(),
        name="bench",
    )


def rate(label: str, fn, starts) -> float:
    fn(starts[0])  # build the year tables once, as a warm server would have them
    began = time.perf_counter()
    for start in starts:
        fn(start)
    elapsed = time.perf_counter() - began
    per_second = len(starts) / elapsed
    print(f"{label:<34} {per_second:>12,.0f} /s   ({elapsed / len(starts) * 1e6:.2f} µs each)")
    return per_second


def main() -> None:
    cal = site_calendar()
    rnd = random.Random(4)
    origin = datetime(2025, 1, 1, tzinfo=UTC)
    starts = [origin + timedelta(seconds=rnd.randrange(0, 700 * 86400)) for _ in range(N)]
    print(f"{N:,} computations each, Python {sys.version.split()[0]}")
    results = {
        "add_working_days(2)": rate(
            "add_working_days(start, 2)", lambda s: cal.add_working_days(s, 2), starts
        ),
        "add_working_hours(10)": rate(
            "add_working_hours(start, 10)", lambda s: cal.add_working_hours(s, 10), starts
        ),
        "add_calendar_hours(24)": rate(
            "add_calendar_hours(start, 24)", lambda s: cal.add_calendar_hours(s, 24), starts
        ),
    }
    ops = [
        lambda s: cal.add_working_days(s, 2),
        lambda s: cal.add_working_hours(s, 10),
        lambda s: cal.add_calendar_hours(s, 24),
    ]
    mixed = [(ops[i % 3], s) for i, s in enumerate(starts)]
    began = time.perf_counter()
    for op, start in mixed:
        op(start)
    results["mixed"] = N / (time.perf_counter() - began)
    print(f"{'mixed (1/3 each)':<34} {results['mixed']:>12,.0f} /s")
    slowest = min(results.values())
    print(
        f"slowest: {slowest:,.0f} /s -> {'OK' if slowest >= 100_000 else 'BELOW'} (aim 100,000/s)"
    )


if __name__ == "__main__":
    main()
