"""The demo's reception and procedures: an urged class-a need, procedures half way."""

import pytest

from kefu.guests.models import GuestVisit, SpendStatus, UrgingItem
from kefu.procedures.models import Procedure, ProcedureStatus


@pytest.mark.slow
def test_demo_has_an_urged_class_a_need_and_half_way_procedures(demo):
    visit = GuestVisit.objects.get(guest_class__code="a", site__code="sunshine")
    assert visit.spend_status == SpendStatus.APPROVED
    assert UrgingItem.objects.filter(visit=visit, urge_count__gte=1).exists()
    assert GuestVisit.objects.filter(status="closed").exists()
    open_ = Procedure.objects.filter(status=ProcedureStatus.OPEN)
    assert {p.template.code for p in open_} == {"move_in", "decoration"}
    assert all(1 < p.current_order < p.steps.count() for p in open_)
    assert Procedure.objects.filter(template__code="storage", status="done").exists()
