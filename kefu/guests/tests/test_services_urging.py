"""The urging workflow on the working calendar (seed 003 [H] L131–137)."""

import pytest

from kefu.core.models import AuditEntry
from kefu.guests import services
from kefu.guests.errors import BadValue, UrgingDone
from kefu.guests.models import UrgingEntry, UrgingItem, UrgingStatus
from kefu.guests.tests.factories import at, reception_site
from kefu.notify.models import Notification
from kefu.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(pmc):
    reception_site(pmc)
    return pmc


def _hand(site, when, days=3):
    return services.urging_hand(
        actor=site["cs_director"],
        site=site.site,
        kind="need",
        content="希望增加访客停车位",
        department=Department.objects.get(site=site.site, code="engineering"),
        working_days=days,
        now=when,
    )


def test_deadline_skips_national_day(site):
    # 3 working days from 2026-09-30: 10-01…10-07 are holidays, 10-10 (Sat) is a make-up workday
    item = _hand(site, at(2026, 9, 30, 10))
    assert item.due_at == at(2026, 10, 10, 18)


def test_overdue_item_is_urged_once_then_again_next_working_day(
    site, django_capture_on_commit_callbacks
):
    item = _hand(site, at(2026, 9, 30, 10))
    assert services.urging_urge_overdue(now=at(2026, 10, 9, 12)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.urging_urge_overdue(now=at(2026, 10, 11, 9)) == 1
    item.refresh_from_db()
    assert item.urge_count == 1
    assert Notification.objects.filter(
        kind="guests.urged", recipient=site["engineering_supervisor"]
    ).exists()
    # the same day: nothing more; the next working day's end passed: urged again
    assert services.urging_urge_overdue(now=at(2026, 10, 11, 20)) == 0
    assert services.urging_urge_overdue(now=at(2026, 10, 13, 9)) == 1
    item.refresh_from_db()
    assert item.urge_count == 2
    assert UrgingEntry.objects.filter(item=item, kind="urged").count() == 2
    assert AuditEntry.objects.filter(action="guests.urging_urged", target_id=item.pk).count() == 2


def test_resolved_item_is_not_urged_and_fed_back(site):
    item = _hand(site, at(2026, 6, 18, 10))
    eng = site["engineering_supervisor"]
    services.urging_progress(actor=eng, item=item, note="已勘察现场", now=at(2026, 6, 22, 10))
    item = services.urging_resolve(
        actor=eng, item=item, solution="增设6个访客车位", now=at(2026, 6, 23, 10)
    )
    assert services.urging_urge_overdue(now=at(2026, 6, 30, 10)) == 0
    with pytest.raises(UrgingDone):
        services.urging_resolve(actor=eng, item=item, solution="again")
    item = services.urging_feed_back(
        actor=site["cs_director"], item=item, feedback="已电话告知王总", now=at(2026, 6, 24, 9)
    )
    assert item.status == UrgingStatus.FED_BACK


def test_hand_to_other_sites_department_changes_nothing(site, xlm):
    before = (UrgingItem.objects.count(), AuditEntry.objects.count())
    with pytest.raises(BadValue):
        services.urging_hand(
            actor=site["cs_director"],
            site=site.site,
            kind="need",
            content="x",
            department=Department.objects.filter(site=xlm.site).first(),
        )
    assert (UrgingItem.objects.count(), AuditEntry.objects.count()) == before
