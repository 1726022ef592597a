"""The sales pages: board and its partial, one-tap next, register with the 撞单
warning, deals with deposits, disputes, statistics; another site is not found."""

import pytest

from kefu.sales import services as svc
from kefu.sales.models import Deposit, Reception, Visit
from kefu.sales.tests.factories import open_office

HX = {"HX-Request": "true", "HX-Target": "desk-panel"}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def office(db):
    return open_office("b")


def test_board_shows_next_and_partial_updates_after_next(office, client):
    client.force_login(office["receptionist"])
    html = client.get("/sales/board/").content.decode()
    assert 'hx-trigger="every 3s"' in html and "sales1_zhang" not in html
    assert 'id="next-name">zhang<' in html
    response = client.post("/sales/next/", {"site": office.site.pk}, headers=HX)
    assert response.status_code == 200 and "Turn 1: zhang" in response.content.decode()
    partial = client.get("/sales/board/partial/", {"site": office.site.pk}).content.decode()
    assert 'id="next-name">wang<' in partial and "Turn 1: zhang" in partial


def test_next_when_nobody_free_is_a_coded_inline_error(office, client):
    client.force_login(office["receptionist"])
    for _ in range(3):
        client.post("/sales/next/", {"site": office.site.pk}, headers=HX)
    response = client.post("/sales/next/", {"site": office.site.pk}, headers=HX)
    assert response.status_code == 409
    assert "sales.queue_empty" in response.content.decode()
    assert Reception.objects.count() == 3


def test_desk_absence_and_return(office, client):
    zhang = office.consultants[0]
    client.force_login(office["receptionist"])
    client.post(
        "/sales/absence/",
        {"site": office.site.pk, "consultant": zhang.pk, "kind": "personal"},
        headers=HX,
    )
    html = client.post(
        "/sales/back/", {"site": office.site.pk, "consultant": zhang.pk}, headers=HX
    ).content.decode()
    assert html.index("zhang") > html.index("li")  # back at the tail ([B] L34)


def test_register_warns_of_collision_then_flags(office, client):
    zhang, wang = office.consultants[:2]
    client.force_login(office["receptionist"])
    data = {
        "site": office.site.pk,
        "name": "刘先生",
        "phone": "13912345678",
        "channel": "onsite",
        "first_visit": "on",
    }
    assert client.post("/sales/register/", {**data, "consultant": zhang.pk}).status_code == 302
    response = client.post("/sales/register/", {**data, "consultant": wang.pk})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="collision-warning"' in html and "sales.collision" in html
    assert Visit.objects.count() == 1
    response = client.post(
        "/sales/register/", {**data, "consultant": wang.pk, "confirm_collision": "True"}
    )
    assert response.status_code == 302
    assert Visit.objects.get(consultant=wang).collision_with == zhang


def test_deal_page_and_finance_deposit(office, client):
    zhang = office.consultants[0]
    svc.visit_register(
        actor=zhang, site=office.site, consultant=zhang, name="买家", phone="13700000000"
    )
    client.force_login(zhang)
    response = client.post(
        "/sales/deals/",
        {
            "site": office.site.pk,
            "customer_phone": "137 0000 0000",
            "unit": "2-301",
            "closer": zhang.pk,
            "commission": "12345.67",
            "split_rule": "sole",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "12,345.67" in detail
    url = response["Location"] + "deposit/"
    assert (
        client.post(url, {"kind": "small", "amount": "5000", "receipt_no": "A1"}).status_code == 403
    )
    client.force_login(office["finance"])
    assert (
        client.post(url, {"kind": "small", "amount": "5000", "receipt_no": "A1"}).status_code == 302
    )
    assert Deposit.objects.get().amount_fen == 500_000


def test_disputes_and_stats_pages(office, client):
    zhang, wang = office.consultants[:2]
    svc.visit_register(
        actor=zhang, site=office.site, consultant=zhang, name="甲", phone="13600000000"
    )
    client.force_login(wang)
    response = client.post(
        "/sales/disputes/",
        {
            "site": office.site.pk,
            "customer_phone": "13600000000",
            "against": zhang.pk,
            "statement": "客户说是我先接待的",
        },
    )
    assert response.status_code == 302
    assert "客户说是我先接待的" in client.get(response["Location"]).content.decode()
    for period in ("day", "week", "month"):
        html = client.get("/sales/stats/", {"period": period}).content.decode()
        assert 'id="stats-table"' in html


def test_other_site_is_not_found(office, client, pmc):
    client.force_login(pmc["cs_director"])
    assert client.get("/sales/board/", {"site": office.site.pk}).status_code == 404
    assert client.get("/sales/").status_code == 404


def test_pages_are_chinese_by_default(office, client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(office["receptionist"])
    html = client.get("/sales/board/").content.decode()
    assert "客户接待顺序表" in html and "第一接待" in html
    html = client.get("/sales/register/").content.decode()
    assert "登记来访或来电" in html and "售楼处" in html
