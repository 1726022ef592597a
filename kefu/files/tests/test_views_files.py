"""Pages under /files/: the list with masking, the file page, the register; the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.core.models import AuditEntry
from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.files import services
from kefu.files.models import FileDocument, FileHandover, FileKind
from kefu.files.tests.factories import make_dealer, open_vehicle_file
from kefu.org.tests.factories import PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def with_personal_data(file):
    file.customer.phone, file.customer.id_number = "13812345678", "440301199001011234"
    file.customer.save(update_fields=["phone", "id_number"])
    return file


def test_list_masks_phone_and_id_for_roles_without_the_right(
    client, dealer, django_assert_max_num_queries
):
    # seed 000 §5.2: personal data is masked for roles without the right to see it in full.
    file = with_personal_data(open_vehicle_file(dealer, dealer.new_car, "粤B12345"))
    for n in range(3):
        open_vehicle_file(dealer, dealer.new_car, f"粤B0000{n}")
    client.force_login(dealer["sales_consultant"])
    with django_assert_max_num_queries(10):
        html = client.get("/files/").content.decode()
    assert file.number in html and "138****5678" in html and "4403**********1234" in html
    assert "13812345678" not in html
    pos = dealer.position("cs_manager")
    pos.capabilities = [*pos.capabilities, "files.see_personal"]
    pos.save(update_fields=["capabilities"])
    boss = UserFactory(positions=[pos])
    client.force_login(boss)
    assert "13812345678" in client.get("/files/").content.decode()


def test_list_shows_a_classified_file_exists_but_not_its_customer(client, dealer):
    file = with_personal_data(
        open_vehicle_file(dealer, dealer.new_car, "粤B54321", confidentiality="confidential")
    )
    client.force_login(dealer["sales_consultant"])
    html = client.get("/files/").content.decode()
    assert file.number in html and "Classified" in html
    assert "138****5678" not in html and "粤B54321" not in html
    # the search never matches a classified file's customer
    assert file.number not in client.get("/files/", {"q": "粤B54321"}).content.decode()


def test_file_page_shows_complete_and_missing_items_and_the_incomplete_note(client, dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B22222")
    first = file.items.select_related("item").get(item__code="green_card")
    client.force_login(dealer["file_keeper"])
    response = client.post(f"/files/{file.pk}/items/{first.pk}/", {"present": "on", "defect": ""})
    assert response.status_code == 302
    html = client.get(f"/files/{file.pk}/").content.decode()
    assert "资料不齐" in html and "1 / 11" in html and "销售合同原件" in html


def test_a_non_keeper_cannot_check_items_and_nothing_changes(client, dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B33333")
    item = file.items.first()
    before = AuditEntry.objects.count()
    client.force_login(dealer["sales_consultant"])
    response = client.post(f"/files/{file.pk}/items/{item.pk}/", {"present": "on"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert not item.present and AuditEntry.objects.count() == before


def test_hand_over_and_receive_through_the_register(client, dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B44444")
    client.force_login(dealer["sales_consultant"])
    assert client.post(f"/files/{file.pk}/handover/", {"note": "缺发票"}).status_code == 302
    line = FileHandover.objects.get(file=file)
    assert line.incomplete
    client.force_login(dealer["file_keeper"])
    html = client.get("/files/register/", {"pending": "1"}).content.decode()
    assert "资料不齐" in html and "Confirm receipt" in html
    response = client.post(f"/files/register/{line.pk}/receive/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/files/register/"
    line.refresh_from_db()
    assert line.receiver == dealer["file_keeper"]


def test_another_sites_file_is_not_found(client, dealer):
    other = make_dealer("other")
    file = open_vehicle_file(other, other.new_car, "粤C11111")
    client.force_login(dealer["file_keeper"])
    assert client.get(f"/files/{file.pk}/").status_code == 404


def test_upload_a_scan_and_refuse_one_whose_content_is_not_its_extension(client, dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B55555")
    client.force_login(dealer["file_keeper"])
    good = SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(f"/files/{file.pk}/documents/", {"scan": good}).status_code == 302
    document = FileDocument.objects.get(file=file)
    body = b"".join(client.get(f"/files/{file.pk}/documents/{document.pk}/").streaming_content)
    assert body.startswith(b"%PDF")
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a jpeg", content_type="image/jpeg")
    response = client.post(f"/files/{file.pk}/documents/", {"scan": fake})
    assert response.status_code == 400 and FileDocument.objects.count() == 1


def test_admin_kinds_are_site_scoped_and_files_read_only(client, dealer):
    other = make_dealer("other")
    user = make_site_admin(dealer["customer_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="files"))
    client.force_login(user)
    html = client.get(admin_url(dealer.new_car, "change")).content.decode()
    assert "销售合同原件" in html
    assert client.get(admin_url(other.new_car, "change")).status_code == 404
    file = open_vehicle_file(dealer, dealer.new_car, "粤B66666")
    assert client.get(admin_url(file, "change")).status_code == 200
    response = client.post(
        admin_url(FileKind, "changelist"),
        {"action": "apply_preset", "preset": "move_in", "_selected_action": [dealer.new_car.pk]},
    )
    assert response.status_code == 302
    assert FileKind.objects.filter(site=dealer.site, code="move_in").exists()


def test_a_user_without_the_keep_capability_sees_no_receipt_button(client, dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B77777")
    services.handover_register(actor=dealer["sales_consultant"], file=file)
    outsider = UserFactory(positions=[PositionFactory(site=dealer.site, code="x", name="x")])
    client.force_login(outsider)
    assert "Confirm receipt" not in client.get("/files/register/").content.decode()


def test_borrow_from_the_file_page_and_return_on_the_register(client, dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B78888")
    client.force_login(dealer["service_advisor"])
    response = client.post(
        f"/files/{file.pk}/loans/",
        {"material": "销售合同原件", "copies": "1", "reason": "核对", "days": "3"},
    )
    assert response.status_code == 302
    loan = file.loans.get()
    client.force_login(dealer["info_specialist"])
    html = client.get("/files/loans/").content.decode()
    assert "销售合同原件" in html and f"/files/loans/{loan.pk}/decide/" in html
    client.post(f"/files/loans/{loan.pk}/decide/", {"decision": "approve"})
    client.force_login(dealer["file_keeper"])
    assert f"/files/loans/{loan.pk}/return/" in client.get("/files/loans/").content.decode()
    client.post(f"/files/loans/{loan.pk}/return/", {"complete": "on"})
    loan.refresh_from_db()
    assert loan.status == "returned" and loan.return_complete


def test_import_page_upload_progress_and_commit(client, dealer):
    from kefu.files.models import ImportJob
    from kefu.files.tests.test_services_imports import ROWS, xlsx

    client.force_login(dealer["file_keeper"])
    assert "客户名称" in client.get("/files/imports/").content.decode()
    response = client.post("/files/imports/", {"site": dealer.site.pk, "source": xlsx(ROWS)})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/files/imports/{job.pk}/"
    html = client.get(f"/files/imports/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in html and "<progress" in html
    services.import_check(job=job)
    done = client.get(f"/files/imports/{job.pk}/progress/")
    assert done["HX-Refresh"] == "true"
    assert "王业主" in client.get(f"/files/imports/{job.pk}/").content.decode()
    assert client.post(f"/files/imports/{job.pk}/commit/").status_code == 302
    job.refresh_from_db()
    assert job.status == "running"


def test_export_is_masked_carries_who_and_when_and_is_audited(client, dealer):
    import io

    from openpyxl import load_workbook

    file = with_personal_data(open_vehicle_file(dealer, dealer.new_car, "粤B99999"))
    secret = open_vehicle_file(dealer, dealer.new_car, "粤B99998", confidentiality="top_secret")
    client.force_login(dealer["customer_director"])  # files.manage, no see_personal
    response = client.get("/files/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][1] == str(dealer["customer_director"])
    by_number = {r[0]: r for r in rows[2:]}
    assert by_number[file.number][3] == "138****5678"
    assert by_number[secret.number][2] in ("", None)
    assert AuditEntry.objects.filter(action="files.exported").count() == 1
    client.force_login(dealer["sales_consultant"])
    assert client.get("/files/export.xlsx").status_code == 403


def test_retention_page_request_and_approve(client, dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B61111")
    CustomerFile = type(file)
    CustomerFile.objects.filter(pk=file.pk).update(retain_until="2000-01-01")
    client.force_login(dealer["customer_director"])
    assert file.number in client.get("/files/retention/").content.decode()
    client.post(f"/files/{file.pk}/destroy/", {"reason": "保存期满"})
    record = file.destructions.get()
    client.force_login(dealer["gm"])
    client.post(f"/files/retention/{record.pk}/decide/", {"decision": "approve"})
    record.refresh_from_db()
    assert record.status == "destroyed"
    client.force_login(dealer["sales_consultant"])
    assert client.get("/files/retention/").status_code == 403
