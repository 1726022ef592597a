"""Pages of recordings, 《录音存档记录表》, custody inspections, grading, exports and
retention; the admin of retention rules and grading schemes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.files import services
from kefu.files.models import CallRecording, CustodyInspection, GradingSetting, RecordingExtraction
from kefu.files.tests.factories import open_vehicle_file, wav

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_recordings_are_stored_listened_to_and_extracted_on_the_pages(client, centre):
    client.force_login(centre["cs_clerk"])
    called = timezone.localtime() - timedelta(days=2)
    response = client.post(
        "/files/recordings/",
        {
            "site": centre.site.pk,
            "called_at": called.strftime("%Y-%m-%dT%H:%M"),
            "phone": "13812345678",
            "direction": "inbound",
            "audio": SimpleUploadedFile("call.wav", wav()),
        },
    )
    recording = CallRecording.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{recording.pk}/")
    html = client.get("/files/recordings/").content.decode()
    assert "138****5678" in html and "13812345678" not in html
    page = client.get(f"/files/recordings/{recording.pk}/").content.decode()
    assert f"/files/recordings/{recording.pk}/audio/" in page and "Extract" in page
    audio = client.get(f"/files/recordings/{recording.pk}/audio/")
    assert audio.status_code == 200 and audio["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="files.recording_played").count() == 1
    client.post(
        f"/files/recordings/{recording.pk}/extract/",
        {"reason": "特殊事件未能及时处理完成", "location": "备份盘 B-03"},
    )
    line = RecordingExtraction.objects.get()
    register = client.get("/files/recordings/register/").content.decode()
    assert "备份盘 B-03" in register
    copy = client.get(f"/files/recordings/{recording.pk}/audio/?copy={line.pk}")
    assert copy.status_code == 200


def test_a_request_number_of_another_site_is_refused(client, centre):
    client.force_login(centre["cs_clerk"])
    response = client.post(
        "/files/recordings/",
        {
            "site": centre.site.pk,
            "called_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "direction": "inbound",
            "request_number": "NOPE-1",
            "audio": SimpleUploadedFile("call.wav", wav()),
        },
    )
    assert response.status_code == 404 and CallRecording.objects.count() == 0


def test_inspections_are_recorded_on_the_page_and_overdue_sites_shown(client, dealer):
    client.force_login(dealer["file_keeper"])
    html = client.get("/files/inspections/").content.decode()
    assert "overdue" in html and "never" in html
    response = client.post(
        "/files/inspections/",
        {
            "site": dealer.site.pk,
            "inspected_on": timezone.localdate().isoformat(),
            "scope": "档案柜 A1–A3",
            "environment_ok": "on",
            "kind_0": "faded",
            "location_0": "A1",
            "description_0": "标签字迹褪色",
            "kind_1": "damaged",
            "description_1": "合同破损",
            "repair_1": "重新复印",
        },
    )
    inspection = CustodyInspection.objects.get()
    assert response.status_code == 302
    assert inspection.findings.count() == 2
    assert inspection.findings.filter(repaired_on__isnull=False).count() == 1
    page = client.get(f"/files/inspections/{inspection.pk}/").content.decode()
    assert "Record the repair" in page
    finding = inspection.findings.get(kind="faded")
    client.post(
        f"/files/inspections/{inspection.pk}/findings/{finding.pk}/repair/",
        {"repair": "重新打印标签"},
    )
    finding.refresh_from_db()
    assert finding.repaired_by == dealer["file_keeper"]
    assert "overdue" not in client.get("/files/inspections/").content.decode()


def test_a_file_is_graded_on_its_page_and_listed_for_review(client, dealer):
    GradingSetting.objects.create(site=dealer.site, preset_key="seed001_annual_abc")
    file = open_vehicle_file(dealer, dealer.new_car, "粤B91001")
    client.force_login(dealer["customer_director"])
    page = client.get(f"/files/{file.pk}/").content.decode()
    assert "Grades A/B/C" in page and 'name="annual_value"' in page
    client.post(
        f"/files/{file.pk}/grade/",
        {"grade": "C", "annual_value": "300000", "credit_rating": "normal"},
    )
    file.refresh_from_db()
    assert (file.grade, file.annual_value_fen) == ("C", 30_000_000)
    html = client.get("/files/grading/", {"within": 365}).content.decode()
    assert file.number in html and "temporary" in html
    client.force_login(dealer["sales_consultant"])
    assert client.get("/files/grading/").status_code == 403
    assert 'name="annual_value"' not in client.get(f"/files/{file.pk}/").content.decode()


def test_a_file_is_exported_from_its_page_and_a_refusal_recorded(client, dealer):
    plain = open_vehicle_file(dealer, dealer.new_car, "粤B91002")
    secret = open_vehicle_file(dealer, dealer.new_car, "粤B91003", confidentiality="confidential")
    client.force_login(dealer["file_keeper"])
    response = client.post(f"/files/{plain.pk}/export/", {"purpose": "export"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert "Export the file" not in client.get(f"/files/{secret.pk}/").content.decode()
    assert client.post(f"/files/{secret.pk}/export/", {"purpose": "export"}).status_code == 403
    client.force_login(dealer["customer_director"])
    log = client.get("/files/audit/").content.decode()
    assert "Export refused" in log and "Customer file copied or exported" in log


def test_the_retention_page_lists_every_kind(client, centre):
    services.recording_add(
        actor=centre["cs_clerk"],
        site=centre.site,
        upload=SimpleUploadedFile("call.wav", wav()),
        called_at=timezone.now() - timedelta(days=45),
    )
    client.force_login(centre["cs_director"])
    html = client.get("/files/retention/").content.decode()
    assert "Call recordings past retention" in html and "Request destruction" in html
    assert "seed 000 L35" in html and "Complaint records past retention" in html


def test_the_admin_edits_retention_rules_and_grading_schemes(admin_client, centre):
    from kefu.files.models import RetentionRule

    response = admin_client.post(
        "/admin/files/retentionrule/add/",
        {"site": centre.site.pk, "record_kind": "recording", "period": 20, "unit": "days"},
    )
    assert response.status_code == 200 and RetentionRule.objects.count() == 0  # < 30 days
    admin_client.post(
        "/admin/files/retentionrule/add/",
        {"site": centre.site.pk, "record_kind": "recording", "period": 60, "unit": "days"},
    )
    assert RetentionRule.objects.get().period == 60
    response = admin_client.post(
        "/admin/files/gradingsetting/add/",
        {"site": centre.site.pk, "preset_key": "seed000_vip_abcd", "overrides": '{"month": 3}'},
    )
    assert response.status_code == 200 and GradingSetting.objects.count() == 0
    admin_client.post(
        "/admin/files/gradingsetting/add/",
        {"site": centre.site.pk, "preset_key": "seed000_vip_abcd", "overrides": '{"months": 6}'},
    )
    assert GradingSetting.objects.get().overrides == {"months": 6}
    for path in ("callrecording", "recordingextraction", "custodyinspection"):
        assert admin_client.get(f"/admin/files/{path}/").status_code == 200
