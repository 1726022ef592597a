"""Booking to satisfaction, on both databases (seed 003 §5, seed 000 §3.25/§4.5)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from kefu.core.models import AuditEntry
from kefu.guests import services
from kefu.guests.errors import (
    ConsentRequired,
    NothingToApprove,
    NotReceptionist,
    SpendNotApproved,
    StepOutOfOrder,
)
from kefu.guests.letters import letter_pdf, letter_text
from kefu.guests.models import GuestVisit, SpendStatus, VisitChange, VisitStatus
from kefu.guests.tests.factories import at, book, reception_site
from kefu.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(pmc):
    reception_site(pmc)
    return pmc


def _confirmed(site, **kwargs):
    visit = book(site, **kwargs)
    director = site["cs_director"]
    visit = services.visit_verify(actor=director, visit=visit, now=at(2026, 6, 15, 9))
    return services.visit_confirm(actor=director, visit=visit, now=at(2026, 6, 15, 10))


def test_booking_sets_escorts_from_headcount(site):
    # seed 000 L223: 5至10人 → 2 escorts
    visit = book(site, headcount=6)
    assert visit.status == VisitStatus.REQUESTED
    assert visit.escorts == 2


def test_booking_needs_reception_capability(site):
    from kefu.guests.services import visit_book
    from kefu.guests.tests.factories import guest_class

    before = (GuestVisit.objects.count(), AuditEntry.objects.count())
    with pytest.raises(NotReceptionist):
        visit_book(
            actor=site["technician"], site=site.site, guest_name="x", purpose="y",
            channel="phone", starts_at=at(2026, 6, 18, 10), ends_at=at(2026, 6, 18, 11),
            place="r", headcount=1, guest_class=guest_class(site.site, "d"),
        )  # fmt: skip
    assert (GuestVisit.objects.count(), AuditEntry.objects.count()) == before


def test_confirm_needs_verification_first(site):
    visit = book(site)
    with pytest.raises(StepOutOfOrder):
        services.visit_confirm(actor=site["cs_director"], visit=visit)


def test_confirmation_letter_has_time_place_agenda_documents(site):
    visit = _confirmed(site)
    text = letter_text(visit)
    assert "一号会议室" in text and "营业执照复印件" in text and "2026-06-18 10:00" in text
    assert letter_pdf(visit).startswith(b"%PDF")


def test_letter_emailed_through_notify(site, django_capture_on_commit_callbacks):
    site["gm"].email = "gm@example.com"
    site["gm"].save(update_fields=["email"])
    visit = _confirmed(site)
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_letter_send(actor=site["cs_director"], visit=visit)
    notice = Notification.objects.get(kind="guests.letter", recipient=site["gm"])
    assert "确认函" in notice.body
    assert notice.deliveries.get(channel="email").address == "gm@example.com"


def test_change_without_consent_is_refused_and_recorded(site):
    # seed 003 [Q] L280: a change needs advance notice and the customer's consent
    visit = _confirmed(site)
    changes_before = VisitChange.objects.count()
    with pytest.raises(ConsentRequired):
        services.visit_change(
            actor=site["cs_director"],
            visit=visit,
            changes={"place": "二号会议室"},
            customer_consented=False,
        )
    visit.refresh_from_db()
    assert visit.place == "一号会议室"
    assert VisitChange.objects.count() == changes_before
    refusal = AuditEntry.objects.filter(action="guests.refused", target_id=visit.pk).get()
    assert refusal.changes["code"][1] == "guests.consent_required"


def test_change_with_consent_is_recorded(site):
    visit = _confirmed(site)
    change = services.visit_change(
        actor=site["cs_director"],
        visit=visit,
        changes={"headcount": 8, "place": "二号会议室"},
        customer_consented=True,
        consent_note="6月16日电话征得王总同意",
    )
    visit.refresh_from_db()
    assert (visit.place, visit.headcount, visit.escorts) == ("二号会议室", 8, 2)
    assert change.changes["place"] == ["一号会议室", "二号会议室"]


def test_class_a_visit_over_the_cap_needs_approval(site):
    # seed 000 L221: 公司贵客 500元/人; 4 guests spending 2400 = 600/人 > 500
    visit = _confirmed(site, code="a", headcount=4)
    director, gm = site["cs_director"], site["gm"]
    visit = services.visit_spend_record(actor=director, visit=visit, total="2400")
    assert visit.spend_status == SpendStatus.PENDING
    visit = services.visit_receive(actor=director, visit=visit, met_by="钱总、何主任")
    visit = services.visit_depart(
        actor=director, visit=visit, next_contact_at=at(2026, 7, 1, 10), next_contact_method="电话"
    )
    with pytest.raises(SpendNotApproved):
        services.visit_close(actor=director, visit=visit, satisfaction=5)
    with pytest.raises(NotReceptionist):
        services.visit_spend_decide(actor=director, visit=visit, approve=True)
    visit = services.visit_spend_decide(actor=gm, visit=visit, approve=True, note="重要客户")
    assert visit.spend_status == SpendStatus.APPROVED
    visit = services.visit_close(actor=director, visit=visit, satisfaction=5)
    assert visit.status == VisitStatus.CLOSED and visit.satisfaction == 5


def test_class_a_visit_within_the_cap_needs_no_approval(site):
    visit = _confirmed(site, code="a", headcount=4)
    visit = services.visit_spend_record(actor=site["cs_director"], visit=visit, total="2000")
    assert visit.spend_status == SpendStatus.WITHIN_CAP
    with pytest.raises(NothingToApprove):
        services.visit_spend_decide(actor=site["gm"], visit=visit, approve=True)


def test_class_d_cap_150_per_head(site):
    # seed 000 L221: 普通接待 150元/人 — 2 guests, 301 is over
    visit = _confirmed(site, code="d", headcount=2)
    visit = services.visit_spend_record(actor=site["cs_director"], visit=visit, total="301")
    assert visit.spend_status == SpendStatus.PENDING


def test_important_gift_is_reported_to_the_chairman(site, django_capture_on_commit_callbacks):
    # seed 000 L225: 重要礼品报执行委员会主席 (the preset's gm position)
    visit = _confirmed(site)
    with django_capture_on_commit_callbacks(execute=True):
        gift = services.visit_gift_record(
            actor=site["cs_director"], visit=visit, description="茶具一套", value=Decimal("1200")
        )
    assert gift.important and gift.reported_at is not None
    assert Notification.objects.filter(kind="guests.important_gift", recipient=site["gm"]).exists()


def test_prep_checklist_and_full_flow(site):
    visit = _confirmed(site)
    director = site["cs_director"]
    for item in ["background", "materials", "room", "vehicle", "catering", "staff"]:
        services.visit_prep_mark(actor=director, visit=visit, item=item)
    assert visit.prep.count() == 6
    visit = services.visit_receive(
        actor=director, visit=visit, met_by="钱总", needs_heard="希望增加停车位", content="洽谈"
    )
    visit = services.visit_depart(
        actor=director,
        visit=visit,
        next_contact_at=visit.starts_at + timedelta(days=14),
        next_contact_method="上门拜访",
    )
    visit = services.visit_close(actor=director, visit=visit, satisfaction=4, note="满意")
    assert visit.status == VisitStatus.CLOSED
    actions = set(
        AuditEntry.objects.filter(target_id=visit.pk, action__startswith="guests.").values_list(
            "action", flat=True
        )
    )
    assert {"guests.visit_booked", "guests.visit_close", "guests.prep_done"} <= actions
