"""API of the fire-safety chain and greetings (seed 000 L43, L59)."""

from kefu.core.tests.api_support import Api, assert_error
from kefu.notices import services
from kefu.notices.models import Greeting, InspectionReport
from kefu.notices.tests.factories import T0, sealed_notice


def test_inspection_and_rectification_letter(pmc, people):
    fire = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=fire, now=T0)
    api = Api(pmc["security_captain"])
    assert_error(api.get(f"/notices/{fire.pk}/inspection"), 404, "notices.inspection_not_found")
    zhang = people.customers[0]
    created = api.post(
        f"/notices/{fire.pk}/inspection",
        {
            "inspected_on": "2026-03-05",
            "findings": [{"customer_id": zhang.pk, "finding": "灭火器过期"}],
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["findings"][0]["customer_name"] == "张三"
    assert_error(
        api.post(f"/notices/{fire.pk}/inspection", {"inspected_on": "2026-03-05"}),
        409,
        "notices.inspection_exists",
    )
    letter = Api(pmc["cs_clerk"]).post(f"/notices/{fire.pk}/rectification")
    assert letter.status_code == 201
    assert (letter.json()["kind"], letter.json()["parent_id"]) == ("rectification", fire.pk)


def test_inspection_with_a_foreign_tenant_changes_nothing(pmc, xlm, people):
    from kefu.customers.tests.factories import CustomerFactory

    fire = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=fire, now=T0)
    stranger = CustomerFactory(site=xlm.site)
    response = Api(pmc["security_captain"]).post(
        f"/notices/{fire.pk}/inspection",
        {"inspected_on": "2026-03-05", "findings": [{"customer_id": stranger.pk, "finding": "x"}]},
    )
    assert_error(response, 404, "notices.recipient_not_found")
    assert InspectionReport.objects.count() == 0


def test_greetings(pmc, people):
    api = Api(pmc["cs_clerk"])
    created = api.post(
        "/notices/greetings",
        {
            "site_id": pmc.site.pk,
            "occasion": "holiday",
            "holiday_on": "2026-02-15",
            "text": "新春快乐",
        },
    )
    assert created.status_code == 201 and created.json()["send_on"] == "2026-02-14"
    assert_error(
        api.post(
            "/notices/greetings", {"site_id": pmc.site.pk, "occasion": "holiday", "text": "x"}
        ),
        400,
        "notices.greeting_date_required",
    )
    assert Greeting.objects.count() == 1
    assert [g["text"] for g in api.get("/notices/greetings").json()] == ["新春快乐"]
