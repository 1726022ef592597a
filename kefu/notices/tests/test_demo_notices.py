"""The notices demo: a fire-safety notice half signed off, last month's chain complete."""

from datetime import datetime
from zoneinfo import ZoneInfo

from kefu.notices.demo import build_notices_demo
from kefu.notices.models import Greeting, Notice, NoticeKind, NoticeStatus
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
    assert Greeting.objects.count() == 1
    assert User.objects.filter(pk=people["cs_director"][0].pk).exists()
