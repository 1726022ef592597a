"""In the browser: the 客服主任 logs in, looks the caller up by part of the phone,
registers a product-quality complaint and lands on its record.

Debian's Chromium drives the live server through Playwright's sync API; the test
skips when ``chromium`` is not installed. Screenshots go to ``test-results/``.
"""

import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.customers.services import customer_create, unit_create
from kefu.desk.tests.factories import register_ticket

pytestmark = E2E_MARKS


@pytest.fixture
def caller(xlm):
    """A tenant who has called before: known phone, unit and plate."""
    unit = unit_create(actor=xlm["cs_director"], site=xlm.site, building="3栋", number="1502")
    return customer_create(
        actor=xlm["cs_director"],
        site=xlm.site,
        kind="tenant",
        name="刘女士",
        phone="139 1234 5678",
        unit=unit,
        plate="黑A·12345",
    )


def test_hotline_intake_of_a_complaint(live_server, transactional_db, xlm, caller, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)

    login(page, live_server.url, "chen_cs")  # a real login (django-axes is on)

    page.click('nav a[href="/desk/new/"]')
    page.wait_for_url(f"{live_server.url}/desk/new/")

    # Part of the phone finds the caller; picking them fills the hidden id and the phone.
    page.locator("#id_contact_phone").press_sequentially("2345678", delay=40)
    page.click('.lookup-item:has-text("刘女士")')
    expect(page.locator(".picked")).to_contain_text("刘女士")
    expect(page.locator(".picked")).to_contain_text("3栋-1502")
    expect(page.locator('input[name="customer"]')).to_have_value(str(caller.pk))
    expect(page.locator("#id_contact_phone")).to_have_value("13912345678")

    # A complaint (seed 002 L54: time and place required) about product quality.
    page.click('.segmented label:has-text("投诉")')
    expect(page.locator(".time-place")).to_have_class(re.compile(r"\brequired\b"))
    option = page.locator('.category-option:has-text("产品质量")')
    expect(option).to_contain_text("生产部经理")
    option.click()
    page.fill("#id_subject", "床垫弹簧断裂")
    page.fill("#id_content", "客户反映新买的床垫两周后弹簧断裂，要求更换。")
    page.fill("#id_occurred_at", "2026-01-10T10:00")
    page.fill("#id_occurred_place", "3栋1502室")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(RESULTS / "e2e-intake-form.png"), full_page=True)
    page.click('#intake button[type="submit"]')
    page.wait_for_url(re.compile(r"/desk/\d+/$"))

    # seed 002 L50: YYMMDDNNN, today's date in Asia/Shanghai, then the year's sequence.
    number = page.inner_text("#ticket-number").strip()
    today = timezone.now().astimezone(ZoneInfo("Asia/Shanghai")).strftime("%y%m%d")
    assert re.fullmatch(r"\d{9}", number), number
    assert number.startswith(today)
    expect(page.locator("#handling-position")).to_have_text("生产部经理")
    expect(page.locator(".caller")).to_contain_text("刘女士")
    page.screenshot(path=str(RESULTS / "e2e-intake-detail.png"), full_page=True)
    page.close()


def test_filters_and_actions_update_the_page_in_place(live_server, transactional_db, xlm, browser):
    from playwright.sync_api import expect

    director = xlm["cs_director"]
    register_ticket(actor=director, site=xlm.site, subject="包装破损", category_code="packaging")
    ticket = register_ticket(actor=director, site=xlm.site, subject="床垫塌陷")
    # English texts, so the assertions hold whatever the Chinese translation says.
    page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    login(page, live_server.url, "chen_cs")

    # Typing in the search box refreshes only the table and keeps the filter in the URL.
    expect(page.locator(".tickets tbody tr")).to_have_count(2)
    page.locator('input[name="q"]').press_sequentially("塌陷", delay=40)
    expect(page.locator(".tickets tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]q=%E5%A1%8C%E9%99%B7"))

    # An action posts via htmx: the panel is re-rendered and the message shows in #flash.
    page.click(f'a.ticket-number:has-text("{ticket.number}")')
    page.wait_for_url(re.compile(rf"/desk/{ticket.pk}/$"))
    page.click('.action-buttons button:has-text("Accept")')
    expect(page.locator(".ticket-head .badge")).to_have_text("Accepted")
    expect(page.locator("#flash")).to_contain_text("The request was accepted.")
    expect(page.locator(".timeline")).to_contain_text("Accepted")

    # A refused action shows its translated message and code in #flash; nothing changes.
    page.click('.action-form summary:has-text("Record the reply")')
    page.fill('textarea[name="reply_content"]', "   ")
    page.click('button:has-text("Record reply")')
    expect(page.locator("#flash .alert-error")).to_contain_text("desk.reply_required")
    expect(page.locator(".ticket-head .badge")).to_have_text("Accepted")
    page.close()
