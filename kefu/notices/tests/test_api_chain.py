"""API of rectification tracking, birthday greetings and handbooks (seed 000 L43,
L753, L773; seed 004 L71, L179)."""

from datetime import datetime

from kefu.core.models import AuditEntry
from kefu.core.tests.api_support import Api, assert_error
from kefu.customers.tests.factories import CustomerFactory
from kefu.notices import services
from kefu.notices.models import Greeting, InspectionFinding
from kefu.notices.tests.factories import (
    SH,
    T0,
    sealed_notice,
    sent_rectification_letter,
    tenants,
)
from kefu.notices.tests.test_services_handbooks import handbook
from kefu.notices.tests.test_services_notices import counts


def test_rectification_letters_and_findings_rectified(pmc, people):
    letter = sent_rectification_letter(pmc, people)
    services.rectifications_chase_overdue(now=datetime(2026, 10, 13, 9, tzinfo=SH))
    api = Api(pmc["security_captain"])
    [row] = api.get("/notices/rectifications", {"overdue": "true"}).json()
    assert (row["id"], row["overdue"], row["findings_total"], row["findings_open"]) == (
        letter.pk,
        True,
        2,
        2,
    )
    assert (row["follow_up_reminders"], row["follow_up_reminded_on"]) == (1, "2026-10-13")
    fire = letter.parent
    for finding in InspectionFinding.objects.order_by("pk"):
        done = api.post(
            f"/notices/{fire.pk}/inspection/findings/{finding.pk}/rectified", {"note": "复查合格"}
        )
        assert done.status_code == 200, done.json()
        assert done.json()["rectified_note"] == "复查合格"
    assert api.get("/notices/rectifications", {"overdue": "true"}).json() == []
    [row] = api.get("/notices/rectifications").json()
    assert (row["overdue"], row["findings_open"]) == (False, 0)
    report = api.get(f"/notices/{fire.pk}/inspection").json()
    assert all(f["rectified_at"] for f in report["findings"])


def test_a_finding_of_another_notice_or_by_a_bare_member_changes_nothing(pmc, people):
    letter = sent_rectification_letter(pmc, people)
    finding = InspectionFinding.objects.order_by("pk").first()
    before = AuditEntry.objects.count()
    assert_error(
        Api(pmc["security_captain"]).post(
            f"/notices/{letter.pk}/inspection/findings/{finding.pk}/rectified", {}
        ),
        404,
        "notices.finding_not_found",
    )
    assert_error(
        Api(pmc["technician"]).post(
            f"/notices/{letter.parent_id}/inspection/findings/{finding.pk}/rectified", {}
        ),
        403,
        "notices.record_not_allowed",
    )
    assert AuditEntry.objects.count() == before
    assert not InspectionFinding.objects.filter(rectified_at__isnull=False).exists()


def test_a_birthday_greeting_by_hand_through_the_api(pmc, people):
    api = Api(pmc["cs_clerk"])
    body = {
        "site_id": pmc.site.pk,
        "occasion": "birthday",
        "holiday_on": "2026-05-01",
        "text": "生日快乐",
    }
    assert_error(api.post("/notices/greetings", body), 400, "notices.greeting_customer_required")
    body["customer_id"] = people.customers[0].pk
    created = api.post("/notices/greetings", body)
    assert created.status_code == 201, created.json()
    assert (created.json()["send_on"], created.json()["customer_id"]) == (
        "2026-05-01",  # a holiday (Labour Day): a birthday greeting still goes out that day
        people.customers[0].pk,
    )
    assert_error(api.post("/notices/greetings", body), 409, "notices.greeting_exists")
    assert Greeting.objects.count() == 1


def test_hand_out_a_handbook_and_list_the_receipts(pmc, xlm, people):
    edition = handbook(pmc, people)
    services.notice_issue(actor=pmc["cs_director"], notice=edition, now=T0)
    newcomer = tenants(pmc.site, [("3栋", "301", "赵六")]).customers[0]
    api = Api(pmc["cs_clerk"])
    given = api.post(f"/notices/{edition.pk}/hand-out", {"customer_id": newcomer.pk})
    assert given.status_code == 201, given.json()
    assert (given.json()["customer_name"], given.json()["unit"]) == ("赵六", "3栋-301")
    rows = api.get("/notices/handbooks/receipts", {"building": "3栋"}).json()
    assert [(r["customer_name"], r["handed_out_by"]["username"]) for r in rows] == [
        ("赵六", pmc["cs_clerk"].username)
    ]
    all_rows = api.get("/notices/handbooks/receipts", {"site": pmc.site.pk}).json()
    assert len(all_rows) == 3
    before = counts()
    assert_error(
        api.post(f"/notices/{edition.pk}/hand-out", {"customer_id": newcomer.pk}),
        409,
        "notices.already_received",
    )
    stranger = CustomerFactory(site=xlm.site)
    assert_error(
        api.post(f"/notices/{edition.pk}/hand-out", {"customer_id": stranger.pk}),
        404,
        "notices.recipient_not_found",
    )
    assert counts() == before
    plain = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=plain, now=T0)
    before = counts()
    assert_error(
        api.post(f"/notices/{plain.pk}/hand-out", {"customer_id": newcomer.pk}),
        400,
        "notices.not_handbook",
    )
    assert counts() == before
