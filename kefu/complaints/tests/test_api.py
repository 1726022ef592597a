"""The complaints API: the whole preset flow and one test per refusal code."""

from kefu.complaints.models import Complaint, Stage
from kefu.core.models import AuditEntry
from kefu.core.tests.api_support import Api, assert_error


def intake_body(maker, category="product_quality", **changes):
    body = {
        "site_id": maker.site.pk,
        "channel_id": maker.channel().pk,
        "category_id": maker.category(category).pk,
        "subject": "床垫弹簧断裂",
        "content": "经销商反映一批床垫弹簧断裂",
        "occurred_at": "2026-03-01T10:00:00+08:00",
        "occurred_place": "哈尔滨门店",
        "customer_id": maker.customer.pk,
    }
    body.update(changes)
    return body


def test_api_walks_the_product_quality_flow(maker):
    cs, gm, pm = (Api(maker[c]) for c in ("cs_director", "gm", "production_manager"))
    r = cs.post("/complaints", intake_body(maker))
    assert r.status_code == 201, r.json()
    cid = r.json()["id"]
    assert r.json()["stage"] == "registered"
    assert cs.post(f"/complaints/{cid}/accept", {"major_triggers": ["media"]}).json()["is_major"]
    assert cs.post(f"/complaints/{cid}/transfer", {}).json()["stage"] == "transfer_requested"
    r = gm.post(f"/complaints/{cid}/transfer-decision", {"approve": True})
    assert r.json()["stage"] == "transfer_approved"
    cs.post(f"/complaints/{cid}/slip/sign", {"name": "陈主任"})
    r = pm.post(f"/complaints/{cid}/slip/sign", {"name": "王经理"})
    slip = r.json()["slip"]
    assert (slip["sender_name"], slip["receiver_name"]) == ("陈主任", "王经理")
    assert r.json()["stage"] == "investigating"
    pdf = cs.client.get(f"/api/v1/complaints/{cid}/slip.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    memo = {
        "facts": "弹簧断裂",
        "repair_cost": "999.99",
        "customer_confirmed": True,
        "shares": [
            {"kind": "department", "name": "生产部", "percent": "50"},
            {"kind": "supplier", "name": "弹簧供应商", "percent": "30"},
            {"kind": "customer", "name": "经销商", "percent": "20"},
        ],
    }
    r = pm.post(f"/complaints/{cid}/memo", memo)
    fen = [s["cost_fen"] for s in r.json()["memo"]["shares"]]
    assert sum(fen) == 99999 and fen == [49999, 30000, 20000]
    r = pm.post(
        f"/complaints/{cid}/opinion",
        {"investigation": "批次问题", "opinion": "全部更换", "compensation_amount": "500"},
    )
    assert r.status_code == 201
    assert gm.post(f"/complaints/{cid}/opinion-decision", {"approve": True}).status_code == 200
    r = cs.post(
        f"/complaints/{cid}/reply",
        {
            "reply_content": "全部更换",
            "reply_method": "phone",
            "satisfaction": "satisfied",
            "customer_words": "尽快",
        },
    )
    assert r.json()["visit_state"] == "waiting_delivery"
    r = pm.post(f"/complaints/{cid}/delivery", {"delivered_on": "2026-03-10"})
    assert r.json()["visit_due_on"] == "2026-03-11"
    r = cs.post(f"/complaints/{cid}/close", {})
    assert r.json()["stage"] == "closed"
    tracked = cs.get("/complaints/notices", {"tracked": True}).json()
    assert any(n["kind"] == "warning_report" for n in tracked)
    assert [s["step"] for s in r.json()["steps"]][:3] == ["intake", "accept", "transfer"]


def test_api_refusals_are_coded_and_logged(maker):
    cs, pm = Api(maker["cs_director"]), Api(maker["production_manager"])
    cid = cs.post("/complaints", intake_body(maker)).json()["id"]
    count = Complaint.objects.count()
    assert_error(cs.post(f"/complaints/{cid}/close", {}), 409, "complaints.step_out_of_order")
    assert_error(pm.post(f"/complaints/{cid}/accept", {}), 403, "complaints.step_forbidden")
    assert_error(
        cs.post(f"/complaints/{cid}/accept", {"accept": False}), 400, "complaints.reason_required"
    )
    assert_error(
        cs.post(f"/complaints/{cid}/accept", {"major_triggers": ["xx"]}),
        400,
        "complaints.trigger_unknown",
    )
    assert_error(
        cs.post(f"/complaints/{cid}/accept", {"category_id": 999999}), 400, "complaints.ref_invalid"
    )
    assert AuditEntry.objects.filter(action="complaints.refused").count() == 2
    assert Complaint.objects.get(pk=cid).stage == Stage.REGISTERED
    assert Complaint.objects.count() == count
    assert_error(cs.get("/complaints/999999"), 404, "complaints.not_found")
    assert_error(pm.post("/complaints", intake_body(maker)), 403, "complaints.step_forbidden")
    assert_error(
        cs.post("/complaints", intake_body(maker, answer="已解释")),
        400,
        "complaints.not_answerable",
    )


def test_api_hides_opinions_from_the_person_complained_about(maker):
    cs = Api(maker["cs_director"])
    body = intake_body(maker, "service_quality", complained_about_id=maker["cs_deputy"].pk)
    cid = cs.post("/complaints", body).json()["id"]
    assert_error(
        Api(maker["cs_deputy"]).get(f"/complaints/{cid}/opinions"), 403, "complaints.recused"
    )
    assert cs.get(f"/complaints/{cid}/opinions").json() == []


def test_api_other_site_cannot_see(maker, pmc):
    cid = Api(maker["cs_director"]).post("/complaints", intake_body(maker)).json()["id"]
    assert_error(Api(pmc["cs_director"]).get(f"/complaints/{cid}"), 404, "complaints.not_found")


def test_api_board_and_managers_view(maker):
    cs = Api(maker["cs_director"])
    cs.post("/complaints", intake_body(maker))
    board = cs.get("/complaints/board").json()
    assert list(board) == ["to_accept", "to_transfer", "waiting_opinion", "to_reply", "to_visit"]
    assert len(board["to_accept"]) == 1
    assert len(cs.get("/complaints", {"overdue_first": True}).json()) == 1
