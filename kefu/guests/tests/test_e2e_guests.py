"""In the browser: book a visit, confirm it, record the reception and a need
handed to a department, and see the need urged once its deadline has passed
(seed 003 §5, [H] L131–137). Debian's Chromium through Playwright."""

import re

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.guests.models import GuestVisit, UrgingItem
from kefu.guests.services import urging_urge_overdue
from kefu.guests.tests.factories import reception_site

pytestmark = E2E_MARKS


def test_book_confirm_receive_hand_a_need_and_see_it_urged(
    live_server, transactional_db, pmc, browser
):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    reception_site(pmc)
    url = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, url, "he_cs")

    page.click('nav a[href="/guests/"]')
    page.click(f'a[href="/guests/book/{pmc.site.pk}/"]')
    page.fill("#id_guest_name", "王总")
    page.fill("#id_company", "华润置地")
    page.fill("#id_purpose", "商务洽谈")
    page.select_option("#id_channel", label="电话")
    page.fill("#id_starts_at", "2026-12-10T10:00")
    page.fill("#id_ends_at", "2026-12-10T12:00")
    page.fill("#id_place", "一号会议室")
    page.fill("#id_headcount", "6")
    page.select_option("#id_guest_class", label="a · 公司贵客")
    page.select_option("#id_host", label="qian_gm")
    page.click('#step-book button[type="submit"]')
    page.wait_for_url(re.compile(r"/guests/visits/\d+/$"))
    expect(page.locator("#visit-status")).to_have_text("已申请")
    expect(page.locator("body")).to_contain_text("陪同2人")

    page.click('#step-verify button[type="submit"]')
    expect(page.locator("#visit-status")).to_have_text("已核实")
    page.click('#step-confirm button[type="submit"]')
    expect(page.locator("#visit-status")).to_have_text("已确认")
    expect(page.locator('a[href$="/letter.pdf"]')).to_have_text("打印确认函")

    receive = page.locator("#step-receive")
    receive.locator('input[name="met_by"]').fill("钱总、何主任")
    receive.locator('textarea[name="needs_heard"]').fill("希望增加访客车位")
    receive.locator('button[type="submit"]').click()
    expect(page.locator("#visit-status")).to_have_text("已接待")

    hand = page.locator("#step-hand")
    hand.locator('select[name="kind"]').select_option(label="需求或问题")
    hand.locator('textarea[name="content"]').fill("增加访客车位")
    hand.locator('select[name="department"]').select_option(label="工程部")
    hand.locator('input[name="working_days"]').fill("1")
    hand.locator('button[type="submit"]').click()
    expect(page.locator("#urging-items")).to_contain_text("增加访客车位")

    # sla_watch's scan runs after the deadline (on the site's working calendar)
    item = UrgingItem.objects.get(visit=GuestVisit.objects.get())
    from datetime import timedelta

    assert urging_urge_overdue(now=item.due_at + timedelta(minutes=1)) == 1
    page.goto(f"{url}/guests/urging/")
    row = page.locator(f"#urge-{item.pk}")
    expect(row.locator(".urge-count")).to_contain_text("1")
    expect(row).to_contain_text("催办")
    page.screenshot(path=str(RESULTS / "e2e-guests-urged.png"), full_page=True)
    context.close()
