"""The scorecard pages: list, detail with linked records, sign-off, exports, the chart."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from kefu.assessment.models import Scorecard
from kefu.assessment.services import scorecard_run
from kefu.assessment.tests.factories import telecom_site
from kefu.assessment.tests.test_services_scorecard import MARCH, march_records


@pytest.fixture
def card(xlm):
    template = telecom_site(xlm)
    march_records(xlm)
    [card] = scorecard_run(actor=None, template=template, month=MARCH)
    return card


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    return client


def test_list_and_detail_link_every_deduction_to_its_record(
    xlm, card, django_assert_max_num_queries
):
    client = client_for(xlm["cs_director"])
    with django_assert_max_num_queries(20):
        listed = client.get("/assessment/")
    assert listed.status_code == 200
    assert card.get_absolute_url() in listed.content.decode()
    with django_assert_max_num_queries(30):
        page = client.get(card.get_absolute_url())
    html = page.content.decode()
    assert "二、投诉单处理及现场测试规范" in html and "21.00 / 40.00" in html
    assert "全部扣除" in html and "导出 Excel" in html  # the zh-hans catalogue
    for line in card.lines.filter(item__code="eoms_timeliness"):
        assert line.source.get_absolute_url() in html
    assert "<script" not in html.split("</head>")[1] and ' style="' not in html


def test_sign_off_from_the_page(xlm, card):
    response = client_for(xlm["gm"]).post(f"/assessment/{card.pk}/sign-off/")
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == "signed_off"
    refused = client_for(xlm["gm"]).post(f"/assessment/{card.pk}/sign-off/")
    assert refused.status_code == 409


def test_excel_export_has_the_items_and_the_lines(xlm, card):
    response = client_for(xlm["cs_director"]).get(f"/assessment/{card.pk}/export.xlsx")
    book = load_workbook(BytesIO(response.content), read_only=True)
    items = list(book["2026-03"].iter_rows(values_only=True))
    eoms = next(r for r in items if r[1] == "EOMS投诉单处理及时率")
    assert eoms[3:6] == (6, 10.0, "全部扣除")
    assert items[-1][4] == 76.0
    lines = list(book["lines"].iter_rows(values_only=True))
    assert len(lines) == 1 + 6 + 1 + 2


def test_pdf_is_a_pdf_with_the_chinese_font(xlm, card):
    response = client_for(xlm["cs_director"]).get(f"/assessment/{card.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"STSong-Light" in response.content


def test_kpi_chart_is_server_side_svg(xlm, card):
    html = client_for(xlm["cs_director"]).get("/assessment/kpi/").content.decode()
    assert '<svg class="chart"' in html and 'class="chart-bar"' in html
    assert ">76<" in html  # the March total on its bar


def test_another_sites_card_is_not_found(pmc, card):
    assert client_for(pmc["cs_director"]).get(card.get_absolute_url()).status_code == 404
    assert Scorecard.objects.count() == 1
