"""The telecom preset in full (seed 002 §7.3, L162–L210), and a meta-test."""

from decimal import Decimal as D

import pytest

from kefu.assessment.errors import ScorecardPresetUnknown
from kefu.assessment.models import ScorecardItem, ScorecardTemplate
from kefu.assessment.presets import PRESETS
from kefu.assessment.services import scorecard_template_preset_apply

TESTED_PRESETS = {"telecom"}


def test_every_preset_has_a_test():
    assert set(PRESETS) == TESTED_PRESETS


def test_telecom_preset_is_95_points_in_15_40_20_20_run_on_the_7th(xlm):
    # seed 002 L164: "每个月7号对前一个月进行考核,满分是95分"; L166/L176/L190/L198
    template = scorecard_template_preset_apply(actor=None, site=xlm.site, key="telecom")
    assert (template.max_total, template.run_day, template.scope) == (D(95), 7, "site")
    sections = list(template.sections.order_by("order"))
    assert [(s.name, s.max_points) for s in sections] == [
        ("一、工作规范", D(15)),
        ("二、投诉单处理及现场测试规范", D(40)),
        ("三、投诉解决方案", D(20)),
        ("四、报表类", D(20)),
        ("五、加分", None),
    ]
    assert sum(s.max_points for s in sections if not s.is_bonus) == D(95)
    assert [s.items.count() for s in sections] == [6, 8, 6, 6, 3]


def test_telecom_items_carry_the_seeds_points(xlm):
    template = scorecard_template_preset_apply(actor=None, site=xlm.site, key="telecom")
    items = {i.code: i for i in ScorecardItem.objects.filter(section__template=template)}
    # L168: −5~15 per occurrence by severity
    assert (items["confidentiality"].points, items["confidentiality"].points_up_to) == (
        D(5),
        D(15),
    )
    # L170: −1 per person per occurrence
    assert (items["dress"].points, items["dress"].unit) == (D(1), "person_occurrence")
    # L172 / L178 / L180: 5 or more in a month lose the item
    for code, points in (("caller_id_10086", 1), ("eoms_timeliness", 2), ("reply_wording", 1)):
        assert (items[code].points, items[code].forfeit_at) == (D(points), 5)
    # L178: the monthly average ≤ 17 h, −5 per month
    assert items["average_handling"].measure_options == {"max_hours": 17}
    assert (items["average_handling"].points, items["average_handling"].unit) == (D(5), "month")
    assert items["eoms_timeliness"].measure == "desk_deadline_missed"
    assert items["return_visit"].measure == "return_visit_late"
    per_item = {
        "instruments": 3, "satisfaction": 3, "language": 2, "fault_tickets": 1, "site_test": 2,
        "return_visit": 2, "repeat_complaint": 5, "special_complaint": 5, "solution_ladder": 2,
        "cell_parameters": 1, "antenna_request": 2, "planned_sites": 2, "repeater_request": 3,
        "station_request": 2, "tracking_table": 1, "test_data": 1, "fault_tracking": 1,
        "analysis_report": 1, "e_map": 2, "case_report": 1, "solved_by_parameters": 1,
        "solved_by_antenna": 1, "case_adopted": 2,
    }  # fmt: skip
    assert {code: int(items[code].points) for code in per_item} == per_item


def test_applying_a_preset_twice_keeps_the_admins_edits(xlm):
    template = scorecard_template_preset_apply(actor=None, site=xlm.site, key="telecom")
    ScorecardItem.objects.filter(section__template=template, code="dress").update(points=2)
    again = scorecard_template_preset_apply(actor=None, site=xlm.site, key="telecom")
    assert again.pk == template.pk
    assert ScorecardItem.objects.get(section__template=template, code="dress").points == D(2)
    assert ScorecardItem.objects.filter(section__template=template).count() == 29


def test_unknown_preset_is_refused(xlm):
    with pytest.raises(ScorecardPresetUnknown):
        scorecard_template_preset_apply(actor=None, site=xlm.site, key="nope")
    assert ScorecardTemplate.objects.count() == 0
