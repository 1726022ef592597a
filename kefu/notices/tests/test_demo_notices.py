"""The notices demo: a fire-safety notice half signed off, last month's chain complete."""

from datetime import datetime
from zoneinfo import ZoneInfo

from kefu.notices.demo import build_notices_demo
from kefu.notices.models import (
    Greeting,
    GreetingOccasion,
    InspectionFinding,
    Notice,
    NoticeKind,
    NoticeStatus,
)
from kefu.notices.services import overdue_rectifications
from kefu.org.models import User

NOW = datetime(2026, 3, 18, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_demo_builds_the_fire_safety_chain(pmc):
    from kefu.notices.tests.factories import tenants

    tenants(pmc.site, [("1栋", f"{n}01", f"租户{n}") for n in range(1, 7)])
    people = {code: [user] for code, user in pmc.users.items()}
    build_notices_demo(site=pmc.site, people=people, now=NOW)
    fire = Notice.objects.filter(kind=NoticeKind.FIRE_SAFETY).order_by("period")
    old, current = list(fire)
    assert old.status == NoticeStatus.SIGNED_OFF
    assert current.status == NoticeStatus.SENT
    signed = current.recipients.filter(signed_at__isnull=False)
    assert (signed.count(), current.recipients.count()) == (3, 6)
    assert {r.sign_method for r in signed} == {"paper", "link"}
    letter = Notice.objects.get(kind=NoticeKind.RECTIFICATION)
    assert letter.parent == old and letter.follow_up_due is not None
    assert Notice.objects.filter(status=NoticeStatus.DRAFT).count() == 1
    assert Notice.objects.filter(status=NoticeStatus.SEALED).count() == 1
    assert User.objects.filter(pk=people["cs_director"][0].pk).exists()


def test_demo_shows_the_overdue_letter_birthdays_and_the_handbook(pmc):
    """The rectification letter is overdue with one finding rectified and was chased
    on the last working day; a birthday greeting went out, another is scheduled;
    the handbook went to 1栋 and later to a tenant of 2栋."""
    from kefu.notices.tests.factories import tenants

    specs = [("1栋", f"{n}01", f"租户{n}") for n in range(1, 5)] + [("2栋", "201", "新租户")]
    tenants(pmc.site, specs)
    people = {code: [user] for code, user in pmc.users.items()}
    build_notices_demo(site=pmc.site, people=people, now=NOW)
    letter = Notice.objects.get(kind=NoticeKind.RECTIFICATION)
    assert list(overdue_rectifications(now=NOW)) == [letter]
    assert letter.follow_up_reminders == 1  # Wed 2026-03-18, a working day
    assert InspectionFinding.objects.filter(rectified_at__isnull=False).count() == 1
    birthdays = Greeting.objects.filter(occasion=GreetingOccasion.BIRTHDAY).order_by("send_on")
    assert [(g.send_on.isoformat(), g.sent_at is not None) for g in birthdays] == [
        ("2026-03-15", True),
        ("2026-03-20", False),
    ]
    assert Greeting.objects.filter(occasion=GreetingOccasion.HOLIDAY).count() == 1
    edition = Notice.objects.get(kind=NoticeKind.HANDBOOK)
    rows = {r.customer.name: r for r in edition.recipients.select_related("customer")}
    assert rows["新租户"].handed_out_by == people["cs_clerk"][0]
    assert rows["新租户"].signed_at is None
    assert sum(1 for r in rows.values() if r.signed_at) == 3
