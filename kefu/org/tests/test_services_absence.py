"""Deputies (代理): seed 002 L40 — the 客服主任 names a deputy when absent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.org.models import Absence
from kefu.org.selectors import acting_positions, capability_grant, position_recipient
from kefu.org.services import absence_cancel, absence_declare


@pytest.fixture
def window():
    now = timezone.now()
    return now - timedelta(hours=1), now + timedelta(days=2)


def declare(xlm, window, **kwargs):
    starts, ends = window
    args = {
        "actor": xlm["cs_director"],
        "holder": xlm["cs_director"],
        "position": xlm.position("cs_director"),
        "deputy": xlm["cs_deputy"],
        "starts_at": starts,
        "ends_at": ends,
        "reason": "年假",
    }
    args.update(kwargs)
    return absence_declare(**args)


def test_deputy_acts_in_the_position_on_behalf_of_the_holder(xlm, window):
    declare(xlm, window)
    acting = acting_positions(user=xlm["cs_deputy"], site=xlm.site, at=timezone.now())
    deputised = [a for a in acting if a.on_behalf_of is not None]
    assert [(a.position.code, a.on_behalf_of) for a in deputised] == [
        ("cs_director", xlm["cs_director"])
    ]


def test_routing_to_the_position_reaches_the_deputy(xlm, window):
    declare(xlm, window)
    assert position_recipient(position=xlm.position("cs_director"), at=timezone.now()) == (
        xlm["cs_deputy"],
        xlm["cs_director"],
    )


def test_own_capability_wins_over_a_deputised_one(xlm, window):
    declare(xlm, window)
    # cs_deputy holds desk.register in their own position: no "on behalf of" for that
    grant = capability_grant(
        user=xlm["cs_deputy"], site=xlm.site, capability="desk.register", at=timezone.now()
    )
    assert grant.on_behalf_of is None
    triage = capability_grant(
        user=xlm["cs_deputy"], site=xlm.site, capability="desk.triage", at=timezone.now()
    )
    assert triage.on_behalf_of == xlm["cs_director"]


def test_absence_is_audited(xlm, window):
    absence = declare(xlm, window)
    entry = AuditEntry.objects.get(action="org.absence_declared", target_id=absence.pk)
    assert entry.changes["deputy"] == [None, xlm["cs_deputy"].pk]


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"deputy": "cs_director"}, "org.invalid_deputy"),
        ({"holder": "vp_sales"}, "org.not_position_holder"),
        ({"actor": "vp_sales"}, "org.cannot_manage_absence"),
        ({"swap": True}, "org.absence_period_invalid"),
    ],
)
def test_bad_absences_are_refused(xlm, window, override, code):
    kwargs = {}
    for key, value in override.items():
        if key == "swap":
            kwargs["starts_at"], kwargs["ends_at"] = window[1], window[0]
        else:
            kwargs[key] = xlm[value]
    before = (Absence.objects.count(), AuditEntry.objects.count())
    with pytest.raises(KefuError) as info:
        declare(xlm, window, **kwargs)
    assert info.value.code == code
    assert (Absence.objects.count(), AuditEntry.objects.count()) == before


def test_deputy_from_another_site_is_refused(xlm, pmc, window):
    with pytest.raises(KefuError) as info:
        declare(xlm, window, deputy=pmc["cs_clerk"])
    assert info.value.code == "org.invalid_deputy"


def test_overlapping_absences_are_refused(xlm, window):
    declare(xlm, window)
    with pytest.raises(KefuError) as info:
        declare(xlm, (window[0] + timedelta(days=1), window[1] + timedelta(days=1)))
    assert info.value.code == "org.absence_overlaps"
    assert info.value.status == 409


def test_the_gm_may_declare_for_the_holder(xlm, window):
    absence = declare(xlm, window, actor=xlm["gm"])
    assert absence.holder == xlm["cs_director"]


def test_cancelled_absence_returns_work_to_the_holder(xlm, window):
    absence = declare(xlm, window)
    absence_cancel(actor=xlm["cs_director"], absence=absence)
    assert position_recipient(position=xlm.position("cs_director"), at=timezone.now()) == (
        xlm["cs_director"],
        None,
    )
