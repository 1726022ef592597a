"""/api/v1/files: recordings and 《录音存档记录表》, custody inspections, grading,
exports and disclosures, retention and destruction."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kefu.core.tests.api_support import BASE, Api, assert_error, audit_mark, audit_since
from kefu.files.models import (
    AccessApplication,
    CallRecording,
    CustodyInspection,
    FileDestruction,
    GradingSetting,
)
from kefu.files.tests.factories import open_vehicle_file, wav

pytestmark = pytest.mark.django_db


def upload(api: Api, site_id: int, **fields):
    data = {
        "site_id": site_id,
        "called_at": (timezone.now() - timedelta(days=40)).isoformat(),
        "phone": "13812345678",
        "audio": SimpleUploadedFile("call.wav", wav(), content_type="audio/wav"),
        **fields,
    }
    return api.client.post(BASE + "/files/recordings", data)


def test_a_recording_is_stored_listed_extracted_and_played(centre):
    clerk = Api(centre["cs_clerk"])
    response = upload(clerk, centre.site.pk)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phone"] == "138****5678" and body["content_type"] == "audio/wav"
    listed = Api(centre["cs_director"]).get("/files/recordings").json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]
    assert listed["items"][0]["phone"] == "13812345678"  # the 客服主任 sees it in full
    line = clerk.post(
        f"/files/recordings/{body['id']}/extractions",
        {"reason": "特殊事件未能及时处理完成", "location": "备份盘 B-03"},
    )
    assert line.status_code == 201 and line.json()["extracted_by"]["id"] == centre["cs_clerk"].pk
    detail = clerk.get(f"/files/recordings/{body['id']}").json()
    assert detail["extracted"] and len(detail["extractions"]) == 1 and not detail["held"]
    register = clerk.get("/files/recording-extractions").json()
    assert register["count"] == 1
    audio = clerk.client.get(f"{BASE}/files/recordings/{body['id']}/audio")
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/wav"
    assert b"".join(audio.streaming_content).startswith(b"RIFF")


def test_a_bad_recording_is_refused_and_stores_nothing(centre):
    clerk = Api(centre["cs_clerk"])
    mark = audit_mark()
    fake = SimpleUploadedFile("call.wav", b"%PDF-1.4 pretending", content_type="audio/wav")
    assert_error(upload(clerk, centre.site.pk, audio=fake), 400, "files.audio_type_mismatch")
    assert_error(
        upload(Api(centre["technician"]), centre.site.pk), 403, "files.not_recording_keeper"
    )
    assert CallRecording.objects.count() == 0 and audit_since(mark) == []
    response = clerk.post("/files/recordings/999999/extractions", {"reason": "x", "location": "y"})
    assert_error(response, 404, "files.recording_not_found")


def test_inspections_and_repairs(dealer):
    keeper = Api(dealer["file_keeper"])
    response = keeper.post(
        "/files/inspections",
        {
            "site_id": dealer.site.pk,
            "inspected_on": "2026-06-10",
            "scope": "档案柜 A1–A3",
            "environment_ok": False,
            "findings": [{"kind": "mould", "description": "档案袋霉点", "location": "A3"}],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["next_due_on"] == "2026-12-10" and body["findings"][0]["repaired_on"] is None
    schedule = keeper.get("/files/inspections/schedule").json()
    assert schedule[0]["next_due_on"] == "2026-12-10" and schedule[0]["open_findings"] == 1
    finding = body["findings"][0]["id"]
    repaired = keeper.post(
        f"/files/inspections/{body['id']}/findings/{finding}/repair",
        {"repair": "除霉并更换档案袋"},
    )
    assert repaired.status_code == 200 and repaired.json()["findings"][0]["repaired_on"]
    again = keeper.post(
        f"/files/inspections/{body['id']}/findings/{finding}/repair", {"repair": "x"}
    )
    assert_error(again, 409, "files.finding_repaired")
    mark = audit_mark()
    response = Api(dealer["sales_consultant"]).post(
        "/files/inspections", {"site_id": dealer.site.pk, "inspected_on": "2026-06-10"}
    )
    assert_error(response, 403, "files.not_keeper")
    assert CustodyInspection.objects.count() == 1 and audit_since(mark) == []
    assert keeper.get("/files/inspections").json()["count"] == 1


def test_grading_and_the_review_list(dealer):
    GradingSetting.objects.create(site=dealer.site, preset_key="seed001_annual_abc")
    file = open_vehicle_file(dealer, dealer.new_car, "粤B90001")
    director = Api(dealer["customer_director"])
    mark = audit_mark()
    response = director.post(
        f"/files/{file.pk}/grade",
        {"grade": "A", "annual_value": 2_000_000, "credit_rating": "good"},
    )
    body = assert_error(response, 400, "files.grade_reason_required")
    assert body["fields"] == {"reason": ["B"]} and audit_since(mark) == []
    response = director.post(
        f"/files/{file.pk}/grade",
        {"grade": "b", "annual_value": 2_000_000, "credit_rating": "good"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["grade"] == "B" and response.json()["grade_temporary"]
    due = director.get("/files/grading/due", {"within": 365}).json()
    assert [r["number"] for r in due["items"]] == [file.number]
    assert_error(Api(dealer["sales_consultant"]).get("/files/grading/due"), 403, "files.not_grader")


def test_export_and_disclosure_through_the_api(dealer):
    secret = open_vehicle_file(dealer, dealer.new_car, "粤B90002", confidentiality="confidential")
    keeper = Api(dealer["file_keeper"])
    mark = audit_mark()
    assert_error(keeper.post(f"/files/{secret.pk}/exports"), 403, "files.export_not_allowed")
    assert [e.action for e in audit_since(mark)] == ["files.export_denied"]
    applied = keeper.post(
        f"/files/{secret.pk}/access-applications",
        {
            "kind": "disclose",
            "purpose": "法院调查",
            "reason": "协助调查函",
            "recipient": "南山法院",
        },
    ).json()
    assert applied["recipient"] == "南山法院"
    first = Api(dealer["info_supervisor"]).post(
        f"/files/access-applications/{applied['id']}/decide", {"approve": True}
    )
    assert first.json()["status"] == "pending" and first.json()["first_approved_by"]
    again = Api(dealer["info_supervisor"]).post(
        f"/files/access-applications/{applied['id']}/decide", {"approve": True}
    )
    assert_error(again, 409, "files.second_approver_required")
    Api(dealer["cs_manager"]).post(
        f"/files/access-applications/{applied['id']}/decide", {"approve": True}
    )
    assert AccessApplication.objects.get(pk=applied["id"]).status == "approved"
    response = keeper.post(f"/files/{secret.pk}/exports", {"purpose": "disclose"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_retention_lists_and_destructions(centre):
    recording = upload(Api(centre["cs_clerk"]), centre.site.pk).json()
    director = Api(centre["cs_director"])
    rules = director.get("/files/retention/rules").json()
    assert {"record_kind": "recording", "period": 30, "unit": "days"}.items() <= next(
        r for r in rules if r["record_kind"] == "recording"
    ).items()
    expired = director.get("/files/retention/expired", {"kind": "recording"}).json()
    assert [i["id"] for i in expired["items"]] == [recording["id"]]
    response = director.post("/files/destructions", {"reason": ""})
    assert_error(response, 400, "files.destruction_target")
    record = director.post("/files/destructions", {"recording_id": recording["id"]})
    assert record.status_code == 201, record.json()
    record = record.json()
    assert record["recording_id"] == recording["id"] and record["status"] == "requested"
    assert_error(
        director.post(f"/files/destructions/{record['id']}/decide", {"approve": True}),
        403,
        "files.not_destruction_approver",
    )
    decided = Api(centre["gm"]).post(
        f"/files/destructions/{record['id']}/decide", {"approve": True}
    )
    assert decided.json()["status"] == "destroyed" and decided.json()["scans_deleted"] == 1
    assert director.get("/files/destructions").json()["count"] == 1
    assert FileDestruction.objects.get().recording_id == recording["id"]
    assert_error(Api(centre["cs_clerk"]).get("/files/retention/expired"), 403, "files.not_manager")
