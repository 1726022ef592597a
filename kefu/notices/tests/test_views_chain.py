"""Pages of the fire-safety chain, greetings and handbooks, linked from the register."""

from datetime import datetime

import pytest

from kefu.notices import services
from kefu.notices.models import (
    Greeting,
    InspectionFinding,
    InspectionReport,
    Notice,
    NoticeKind,
    NoticeStatus,
)
from kefu.notices.tests.factories import (
    SH,
    T0,
    sealed_notice,
    sent_rectification_letter,
    tenants,
)
from kefu.notices.tests.test_services_handbooks import handbook
from kefu.notices.tests.test_services_notices import counts


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_register_links_the_new_pages(client, pmc):
    client.force_login(pmc["cs_clerk"])
    html = client.get("/notices/").content.decode()
    for path in ("/notices/fire-safety/", "/notices/rectifications/", "/notices/greetings/"):
        assert f'href="{path}"' in html
    assert 'href="/notices/handbooks/"' in html


def test_inspection_form_then_report_then_letter(
    client, pmc, people, django_assert_max_num_queries
):
    """seed 000 L43: the inspection as a form (a finding per tenant), the 整改函, the
    re-inspection recorded per finding."""
    fire = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=fire, now=T0)
    client.force_login(pmc["security_captain"])
    with django_assert_max_num_queries(20):
        html = client.get("/notices/fire-safety/").content.decode()
    assert "Record the inspection" in html
    with django_assert_max_num_queries(20):
        form = client.get(f"/notices/{fire.pk}/inspection/").content.decode()
    assert "张三 1栋-101" in form
    zhang, li, wang = people.customers
    response = client.post(
        f"/notices/{fire.pk}/inspection/",
        {
            "inspected_on": "2026-03-05",
            "summary": "3 户",
            f"finding_{zhang.pk}": "灭火器过期",
            f"finding_{li.pk}": "",
            f"finding_{wang.pk}": "通道堵塞",
        },
    )
    assert response.status_code == 302
    report = InspectionReport.objects.get()
    assert sorted(report.findings.values_list("finding", flat=True)) == ["灭火器过期", "通道堵塞"]
    client.force_login(pmc["cs_clerk"])
    response = client.post(f"/notices/{fire.pk}/rectification/")
    letter = Notice.objects.get(kind=NoticeKind.RECTIFICATION)
    assert response["Location"] == f"/notices/{letter.pk}/"
    finding = InspectionFinding.objects.get(customer=zhang)
    client.post(f"/notices/{fire.pk}/findings/{finding.pk}/rectified/", {"note": "已更换"})
    finding.refresh_from_db()
    assert finding.rectified_note == "已更换" and finding.rectified_by == pmc["cs_clerk"]
    with django_assert_max_num_queries(20):
        html = client.get(f"/notices/{fire.pk}/inspection/").content.decode()
    assert "已更换" in html and letter.title in html


def test_a_bad_inspection_changes_nothing(client, pmc, people):
    fire = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=fire, now=T0)
    client.force_login(pmc["technician"])
    before = counts()
    response = client.post(f"/notices/{fire.pk}/inspection/", {"inspected_on": "2026-03-05"})
    assert response.status_code == 403
    client.force_login(pmc["security_captain"])
    assert client.post(f"/notices/{fire.pk}/inspection/", {}).status_code == 400
    assert counts() == before and not InspectionReport.objects.exists()


def test_rectification_letters_page_flags_the_overdue(
    client, pmc, people, django_assert_max_num_queries, settings
):
    letter = sent_rectification_letter(pmc, people)
    services.rectifications_chase_overdue(now=datetime(2026, 10, 13, 9, tzinfo=SH))
    client.force_login(pmc["cs_clerk"])
    with django_assert_max_num_queries(20):
        html = client.get("/notices/rectifications/?overdue=on").content.decode()
    assert f'id="letter-{letter.pk}"' in html
    assert "overdue" in html and "0 / 2" in html and "2026-10-13" in html
    assert "1 letter is past its follow-up deadline" in html
    page = client.get(f"/notices/{letter.pk}/").content.decode()
    assert "灭火器过期" in page and "reminded 1 time" in page


def test_greetings_page_schedules_and_refuses(client, pmc, people):
    client.force_login(pmc["cs_clerk"])
    assert client.get("/notices/greetings/").status_code == 200
    response = client.post(
        "/notices/greetings/",
        {
            "site": pmc.site.pk,
            "occasion": "holiday",
            "holiday_on": "2026-02-15",
            "channel": "sms",
            "text": "新春快乐",
        },
    )
    assert response.status_code == 302
    assert Greeting.objects.get().send_on.isoformat() == "2026-02-14"
    response = client.post(
        "/notices/greetings/",
        {
            "site": pmc.site.pk,
            "occasion": "birthday",
            "holiday_on": "2026-05-01",
            "channel": "sms",
            "text": "生日快乐",
        },
    )
    assert response.status_code == 400
    assert "notices.greeting_customer_required" in response.content.decode()
    assert Greeting.objects.count() == 1
    html = client.get("/notices/greetings/").content.decode()
    assert "新春快乐" in html and "2026-02-14" in html


def test_handbooks_page_and_hand_out(client, pmc, people, django_assert_max_num_queries):
    edition = handbook(pmc, people)
    services.notice_issue(actor=pmc["cs_director"], notice=edition, now=T0)
    newcomer = tenants(pmc.site, [("3栋", "301", "赵六")]).customers[0]
    client.force_login(pmc["cs_clerk"])
    page = client.get(f"/notices/{edition.pk}/").content.decode()
    assert 'id="hand-out-form"' in page and "赵六" in page
    response = client.post(f"/notices/{edition.pk}/hand-out/", {"customer": newcomer.pk})
    assert response.status_code == 302
    before = counts()
    again = client.post(f"/notices/{edition.pk}/hand-out/", {"customer": newcomer.pk})
    assert again.status_code == 409
    assert "notices.already_received" in again.content.decode()
    assert counts() == before
    with django_assert_max_num_queries(20):
        html = client.get("/notices/handbooks/").content.decode()
    assert "赵六" in html and "3栋-301" in html and edition.title in html
    html = client.get("/notices/handbooks/?building=3栋").content.decode()
    assert "赵六" in html and "张三" not in html
    edition.refresh_from_db()
    assert edition.status == NoticeStatus.SENT
