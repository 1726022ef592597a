"""Importing customers with units, phones and vehicles: preview, row errors in
Chinese, all or nothing; a malformed file changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from kefu.core.errors import KefuError
from kefu.customers.models import Customer, Unit, UnitOccupancy, Vehicle
from kefu.files import services
from kefu.files.models import ImportJob

pytestmark = pytest.mark.django_db

HEADER = ["客户名称", "客户类型", "手机", "证件号码", "楼栋", "单元号", "车牌", "车型"]
ROWS = [
    ["王业主", "业主", "13800000001", "440301199001011234", "1栋", "101", "", ""],
    ["李租户", "租户", "0755 8600 1234", "", "1栋", "102", "", ""],
    ["赵车主", "", "13800000003", "", "", "", "粤B·12345", "帕萨特"],
]


def xlsx(rows, header=HEADER, name="customers.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def counts():
    return tuple(m.objects.count() for m in (Customer, Unit, UnitOccupancy, Vehicle))


def checked(dealer, upload):
    job = services.import_upload(actor=dealer["file_keeper"], site=dealer.site, upload=upload)
    return services.import_check(job=job)


def test_import_xlsx_with_preview_then_all_rows(dealer):
    before = counts()
    job = checked(dealer, xlsx(ROWS))
    assert (job.status, job.total_rows, job.error_count) == ("ready", 3, 0)
    assert [r["name"] for r in job.preview] == ["王业主", "李租户", "赵车主"]
    assert job.preview[1]["phone"] == "0755-86001234"
    assert counts() == before  # the check writes nothing
    services.import_commit(actor=dealer["file_keeper"], job=job)
    job = services.import_run(job=job)
    assert job.status == "done" and job.created == {"customers": 3, "units": 2, "vehicles": 1}
    assert Vehicle.objects.get(site=dealer.site).plate == "粤B12345"
    assert Customer.objects.get(name="赵车主").kind == "vehicle_user"


def test_import_csv_in_gb18030(dealer):
    text = "客户名称,手机\n钱先生,13900000009\n"
    job = checked(dealer, SimpleUploadedFile("c.csv", text.encode("gb18030")))
    assert (job.status, job.preview[0]["name"]) == ("ready", "钱先生")


def test_row_errors_name_the_row_the_column_and_why(dealer):
    rows = [
        *ROWS,
        ["", "业主", "12345", "", "2栋", "", "", ""],
        ["孙先生", "", "13800000001", "", "", "", "", ""],
    ]
    before = counts()
    job = checked(dealer, xlsx(rows))
    assert job.status == "invalid"
    found = {(e["row"], e["column"], e["code"]) for e in job.errors}
    assert found == {
        (5, "客户名称", "required"),
        (5, "手机", "phone_invalid"),
        (5, "单元号", "unit_incomplete"),
        (6, "手机", "duplicate"),
    }
    with translation.override("zh-hans"):
        from kefu.files.imports import ROW_MESSAGES

        assert str(ROW_MESSAGES["duplicate"]) == "与前面某一行的值重复。"
    with pytest.raises(KefuError) as info:
        services.import_commit(actor=dealer["file_keeper"], job=job)
    assert info.value.code == "files.import_wrong_state"
    assert counts() == before


def test_a_plate_the_site_has_is_refused(dealer):
    checked_job = checked(dealer, xlsx(ROWS))
    services.import_commit(actor=dealer["file_keeper"], job=checked_job)
    services.import_run(job=checked_job)
    again = checked(dealer, xlsx([["周先生", "", "", "", "", "", "粤B12345", ""]]))
    assert [(e["row"], e["code"]) for e in again.errors] == [(2, "plate_taken")]


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("bad.xlsx", b"PK\x03\x04 not a zip at all"), "files.import_unreadable"),
        (xlsx(ROWS, header=["客户名称", "身高"]), "files.import_unknown_columns"),
        (xlsx(ROWS, header=["手机"]), "files.import_no_header"),
    ],
)
def test_a_malformed_file_imports_nothing(dealer, upload, code):
    before = counts()
    job = checked(dealer, upload)
    assert job.status == "invalid" and job.file_error
    assert counts() == before


def test_a_file_that_is_not_xlsx_by_content_is_refused_at_upload(dealer):
    before = ImportJob.objects.count()
    with pytest.raises(KefuError) as info:
        services.import_upload(
            actor=dealer["file_keeper"],
            site=dealer.site,
            upload=SimpleUploadedFile("x.xlsx", b"%PDF-1.4"),
        )
    assert info.value.code == "files.import_unreadable"
    with pytest.raises(KefuError) as info:
        services.import_upload(
            actor=dealer["sales_consultant"], site=dealer.site, upload=xlsx(ROWS)
        )
    assert info.value.code == "files.not_importer"
    assert ImportJob.objects.count() == before


def test_a_conflict_at_write_time_rolls_everything_back(dealer):
    job = checked(dealer, xlsx(ROWS))
    services.import_commit(actor=dealer["file_keeper"], job=job)
    # a plate added between the check and the run
    owner = Customer.objects.create(site=dealer.site, kind="vehicle_user", name="先到")
    Vehicle.objects.create(customer=owner, site=dealer.site, plate="粤B12345")
    before = counts()
    job = services.import_run(job=job)
    assert job.status == "failed" and job.file_error
    assert counts() == before
