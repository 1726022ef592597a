"""The per-process copy of a site's sales configuration (``kefu.sales.config``)
is dropped by any write to the policy, the groups or the roles, in any process:
the next press honours an admin change (issue #16)."""

import pytest

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.desk.config import desk_config
from kefu.sales import services as svc
from kefu.sales.config import sales_config
from kefu.sales.models import QueueDay, Reception, SalesRole, SiteSalesPolicy
from kefu.sales.selectors import access_reception, site_policy, state_of
from kefu.sales.tests.factories import open_office


@pytest.fixture
def office(db):
    return open_office("b")


def test_the_cached_copy_costs_one_small_query(office, django_assert_num_queries):
    sales_config(office.site)
    with django_assert_num_queries(1):  # the version only
        assert sales_config(office.site).policy.key == "b"


def test_an_admin_change_of_preset_is_honoured_by_the_next_press(office):
    a, b, c = (u.pk for u in office.consultants[:3])
    svc.queue_next(actor=office["receptionist"], site=office.site)  # [B]: a to the tail
    assert sales_config(office.site).policy.key == "b"  # cached
    row = SiteSalesPolicy.objects.get(site=office.site)
    row.preset = "r"  # as the admin saves it
    row.save()
    assert site_policy(office.site).key == "r"
    svc.queue_next(actor=office["receptionist"], site=office.site)
    # [R] L315: the receiver goes to the tail when the reception finishes, not before
    assert state_of(QueueDay.objects.get(site=office.site)).order["main"] == [b, c, a]


def test_a_role_removed_in_the_admin_refuses_the_next_press(office):
    svc.queue_next(actor=office["receptionist"], site=office.site)
    SalesRole.objects.get(site=office.site, role="receptionist").delete()
    with pytest.raises(KefuError) as err:
        svc.queue_next(actor=office["receptionist"], site=office.site)
    assert err.value.code == "sales.role_required"


def test_finishing_a_reception_read_before_another_finish_changes_nothing(office):
    reception = svc.queue_next(actor=office["receptionist"], site=office.site)
    stale = access_reception(office["receptionist"], reception.pk)
    svc.reception_finish(
        actor=office["receptionist"],
        reception=access_reception(office["receptionist"], reception.pk),
    )
    audits, row = AuditEntry.objects.count(), Reception.objects.get(pk=reception.pk)
    with pytest.raises(KefuError) as err:
        svc.reception_finish(actor=office["receptionist"], reception=stale, kind="invalid")
    assert err.value.code == "sales.not_receiving"
    assert AuditEntry.objects.count() == audits
    again = Reception.objects.get(pk=reception.pk)
    assert (again.kind, again.finished_at) == (row.kind, row.finished_at)


def test_the_desk_and_the_sales_office_share_the_site_s_one_version(office):
    reception = svc.queue_next(actor=office["receptionist"], site=office.site)
    desk_before = desk_config(office.site)
    assert sales_config(office.site).stamp == desk_before.stamp[0]
    SalesRole.objects.filter(site=office.site).first().save()  # a sales write
    assert desk_config(office.site).stamp[0] != desk_before.stamp[0]
    assert sales_config(office.site).stamp == desk_config(office.site).stamp[0]
    # A reception's site carries the version only: the desk reads its full stamp.
    site = access_reception(office["receptionist"], reception.pk).queue.site
    assert desk_config(site) is desk_config(office.site)
