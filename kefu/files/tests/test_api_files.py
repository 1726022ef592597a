"""/api/v1/files: kinds, the masked list, a file's checklist, the register."""

import pytest

from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.files.models import FileHandover, FileItem
from kefu.files.tests.factories import make_dealer, open_vehicle_file

pytestmark = pytest.mark.django_db


def test_kinds_list_the_checklists(dealer):
    body = Api(dealer["sales_consultant"]).get("/files/kinds").json()
    new_car = next(k for k in body if k["code"] == "new_car")
    assert len(new_car["items"]) == 12 and new_car["deadline_working_days"] == 3


def test_list_masks_and_hides(dealer, django_assert_max_num_queries):
    plain = open_vehicle_file(dealer, dealer.new_car, "粤B10001")
    plain.customer.phone = "13812345678"
    plain.customer.save(update_fields=["phone"])
    secret = open_vehicle_file(dealer, dealer.after_sales, "粤B10002", confidentiality="top_secret")
    api = Api(dealer["sales_consultant"])
    with django_assert_max_num_queries(8):
        body = api.get("/files").json()
    rows = {r["number"]: r for r in body["items"]}
    assert body["count"] == 2
    assert rows[plain.number]["phone"] == "138****5678"
    assert rows[secret.number]["hidden"] and rows[secret.number]["customer_name"] == ""


def test_detail_check_handover_and_receive(dealer):
    file = open_vehicle_file(dealer, dealer.after_sales, "粤B10003")
    keeper = Api(dealer["file_keeper"])
    detail = keeper.get(f"/files/{file.pk}").json()
    assert detail["readable"] and detail["complete"] is False and len(detail["missing"]) == 4
    for item in detail["items"]:
        response = keeper.post(f"/files/{file.pk}/items/{item['id']}/check", {"present": True})
        assert response.status_code == 200 and response.json()["complete"]
    assert keeper.get(f"/files/{file.pk}").json()["complete"] is True
    response = Api(dealer["service_advisor"]).post(f"/files/{file.pk}/handovers", {"note": ""})
    assert response.status_code == 201 and response.json()["incomplete"] is False
    line = response.json()
    pending = keeper.get("/files/handovers", {"pending": True}).json()
    assert [x["id"] for x in pending["items"]] == [line["id"]]
    received = keeper.post(f"/files/handovers/{line['id']}/receive").json()
    assert received["receiver"]["id"] == dealer["file_keeper"].pk


def test_check_by_a_non_keeper_is_refused_and_changes_nothing(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B10004")
    item = file.items.first()
    mark = audit_mark()
    response = Api(dealer["sales_consultant"]).post(
        f"/files/{file.pk}/items/{item.pk}/check", {"present": True}
    )
    assert_error(response, 403, "files.not_keeper")
    assert not FileItem.objects.get(pk=item.pk).present and audit_since(mark) == []


def test_errors_name_their_codes(dealer):
    other = make_dealer("other")
    foreign = open_vehicle_file(other, other.new_car, "粤C10005")
    api = Api(dealer["file_keeper"])
    assert_error(api.get(f"/files/{foreign.pk}"), 404, "files.file_not_found")
    file = open_vehicle_file(dealer, dealer.new_car, "粤B10006")
    foreign_item = foreign.items.first()
    assert_error(
        api.post(f"/files/{file.pk}/items/{foreign_item.pk}/check", {"present": True}),
        400,
        "files.item_not_in_file",
    )
    assert_error(api.post("/files/handovers/999999/receive"), 404, "files.handover_not_found")
    api.post(f"/files/{file.pk}/handovers", {})
    before = FileHandover.objects.count()
    assert_error(api.post(f"/files/{file.pk}/handovers", {}), 409, "files.handover_open")
    assert FileHandover.objects.count() == before
    line = FileHandover.objects.get(file=file)
    api.post(f"/files/handovers/{line.pk}/receive")
    assert_error(api.post(f"/files/handovers/{line.pk}/receive"), 409, "files.handover_not_open")


def test_apply_decide_read_and_see_the_read_in_the_log(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B10007", confidentiality="confidential")
    consultant = Api(dealer["sales_consultant"])
    denied = consultant.get(f"/files/{file.pk}").json()
    assert denied["readable"] is False and denied["items"] == [] and denied["customer_name"] == ""
    response = consultant.post(
        f"/files/{file.pk}/access-applications", {"purpose": "核对", "reason": "客户投诉"}
    )
    assert response.status_code == 201, response.json()
    application = response.json()
    manager = Api(dealer["cs_manager"])
    waiting = manager.get("/files/access-applications", {"to_decide": True}).json()
    assert [a["id"] for a in waiting] == [application["id"]]
    decided = manager.post(
        f"/files/access-applications/{application['id']}/decide", {"approve": True, "days": 2}
    ).json()
    assert decided["status"] == "approved" and decided["valid_until"]
    read = consultant.get(f"/files/{file.pk}").json()
    assert read["readable"] and len(read["items"]) == 12 and read["customer_name"]
    log = Api(dealer["customer_director"]).get("/files/access-log").json()
    assert [e["action"] for e in log["items"]][:3] == [
        "files.file_read",
        "files.access_decided",
        "files.access_applied",
    ]
    assert log["items"][0]["actor"]["id"] == dealer["sales_consultant"].pk


def test_access_errors(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B10008", confidentiality="top_secret")
    consultant = Api(dealer["sales_consultant"])
    application = consultant.post(
        f"/files/{file.pk}/access-applications", {"purpose": "p", "reason": "r"}
    ).json()
    mark = audit_mark()
    assert_error(
        Api(dealer["cs_manager"]).post(
            f"/files/access-applications/{application['id']}/decide", {"approve": True}
        ),
        404,
        "files.access_not_found",
    )
    assert_error(consultant.get("/files/access-log"), 403, "files.not_manager")
    assert audit_since(mark) == []


def test_borrow_approve_overdue_and_return(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B10009")
    advisor = Api(dealer["service_advisor"])
    response = advisor.post(
        f"/files/{file.pk}/loans", {"material": "销售合同原件", "reason": "核对", "days": 2}
    )
    assert response.status_code == 201, response.json()
    loan = response.json()
    assert_error(
        advisor.post(f"/files/{file.pk}/loans", {"material": "x", "reason": "y", "days": 4}),
        400,
        "files.loan_too_long",
    )
    lent = Api(dealer["info_specialist"]).post(
        f"/files/loans/{loan['id']}/decide", {"approve": True}
    )
    assert lent.json()["status"] == "lent"
    keeper = Api(dealer["file_keeper"])
    assert [x["id"] for x in keeper.get("/files/loans").json()["items"]] == [loan["id"]]
    assert keeper.get("/files/loans", {"show": "overdue"}).json()["items"] == []
    returned = keeper.post(f"/files/loans/{loan['id']}/return", {"complete": True}).json()
    assert (
        returned["status"] == "returned"
        and returned["returned_to"]["id"] == dealer["file_keeper"].pk
    )
    assert_error(keeper.post("/files/loans/99999/return", {}), 404, "files.loan_not_found")


def test_import_through_the_api(dealer):
    from kefu.files import services
    from kefu.files.models import ImportJob
    from kefu.files.tests.test_services_imports import ROWS, xlsx

    api = Api(dealer["file_keeper"])
    response = api.client.post(
        "/api/v1/files/imports", {"site_id": dealer.site.pk, "source": xlsx(ROWS)}
    )
    assert response.status_code == 201, response.json()
    job = ImportJob.objects.get(pk=response.json()["id"])
    services.import_check(job=job)
    body = api.get(f"/files/imports/{job.pk}").json()
    assert (body["status"], body["total_rows"]) == ("ready", 3)
    assert api.post(f"/files/imports/{job.pk}/commit").json()["status"] == "running"
    assert_error(api.post(f"/files/imports/{job.pk}/commit"), 409, "files.import_wrong_state")
    bad = api.client.post(
        "/api/v1/files/imports",
        {"site_id": dealer.site.pk, "source": xlsx(ROWS, name="x.pdf")},
    )
    assert_error(bad, 400, "files.import_unreadable")
