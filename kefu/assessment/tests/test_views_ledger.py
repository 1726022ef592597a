"""The ledger pages: list, entry with appeal and decision, statement and its Excel,
my scorecard, the department head's view, the sign-off queue."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from kefu.assessment.models import LedgerEntry
from kefu.assessment.tests.test_api_ledger import ledger  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    return client


def test_list_filters_and_entry_page(ledger, django_assert_max_num_queries):  # noqa: F811
    pmc, (first, _second, other) = ledger
    gm = client_for(pmc["gm"])
    with django_assert_max_num_queries(25):
        page = gm.get("/assessment/ledger/", {"month": "2026-03", "status": "proposed"})
    html = page.content.decode()
    assert page.status_code == 200 and first.get_absolute_url() in html
    assert other.get_absolute_url() in html and "工程部" in html
    assert gm.get("/assessment/ledger/", {"status": "waived"}).content.decode().count(
        "/assessment/ledger/"
    ) < html.count("/assessment/ledger/")
    tech = client_for(pmc["technician"])
    assert tech.get(other.get_absolute_url()).status_code == 404
    with django_assert_max_num_queries(25):
        detail = tech.get(first.get_absolute_url()).content.decode()
    assert "申诉" in detail and "/appeal/" in detail


def test_appeal_and_decide_on_the_pages(ledger):  # noqa: F811
    pmc, (first, _second, _other) = ledger
    tech, gm = client_for(pmc["technician"]), client_for(pmc["gm"])
    response = tech.post(f"/assessment/ledger/{first.pk}/appeal/", {"reason": "客户已书面确认"})
    assert response.status_code == 302
    assert "/decide/" in gm.get(first.get_absolute_url()).content.decode()
    gm.post(f"/assessment/ledger/{first.pk}/decide/", {"grant": "0", "decision": "维持处罚"})
    first.refresh_from_db()
    assert (first.status, first.appeal_decision) == ("approved", "维持处罚")
    # a blank decision is refused inline and changes nothing
    before = list(LedgerEntry.objects.values_list("status", flat=True))
    response = tech.post(f"/assessment/ledger/{first.pk}/appeal/", {"reason": ""})
    assert response.status_code == 400
    assert list(LedgerEntry.objects.values_list("status", flat=True)) == before


def test_statement_page_and_excel_for_payroll(ledger):  # noqa: F811
    pmc, (first, second, other) = ledger
    gm = client_for(pmc["gm"])
    for entry in (first, second, other):
        gm.post(f"/assessment/ledger/{entry.pk}/approve/")
    page = gm.get("/assessment/ledger/statement/", {"month": "2026-03", "by": "department"})
    assert "工程部" in page.content.decode() and "100.00" in page.content.decode()
    response = gm.get("/assessment/ledger/statement.xlsx", {"month": "2026-03"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[str(pmc["technician"])][1:3] == (2, 100.0)
    assert rows[str(pmc["security_captain"])][1:3] == (1, 50.0)


def test_my_scorecard_department_and_sign_off_pages(ledger):  # noqa: F811
    pmc, (first, _second, other) = ledger
    mine = client_for(pmc["technician"]).get("/assessment/mine/", {"month": "2026-03"})
    html = mine.content.decode()
    assert first.get_absolute_url() in html and other.get_absolute_url() not in html
    supervisor = pmc.position("engineering_supervisor")
    supervisor.capabilities = [*supervisor.capabilities, "assessment.department"]
    supervisor.save(update_fields=["capabilities"])
    from kefu.org.tests.factories import UserFactory

    head = UserFactory(username="ma_eng", positions=[supervisor])
    html = client_for(head).get("/assessment/department/", {"month": "2026-03"}).content.decode()
    assert first.get_absolute_url() in html and other.get_absolute_url() not in html
    html = client_for(pmc["gm"]).get("/assessment/sign-off/").content.decode()
    assert first.get_absolute_url() in html and other.get_absolute_url() in html
