"""In the browser: an item seen on the forum goes from registered to published (seed 000 L69).

The 客服专员, designated for the online channels, registers the forum post as a desk request
with its source and link and drafts the public reply; the 工程主管 (the request's handling
department) returns it with a note; the clerk redrafts it; the 工程主管 approves it; the
clerk records it as published. Skips when Debian's ``chromium`` is not installed.
Screenshots go to ``test-results/``.
"""

import re

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.desk.models import Category
from kefu.portal.models import OnlineItem, ReplyStatus

pytestmark = E2E_MARKS

FORUM = "https://bbs.example.cn/thread/8812"


def _as(browser, base: str, username: str):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, base, username)
    return page


def test_register_review_and_publish_an_online_item(live_server, transactional_db, pmc, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    position = pmc.position("cs_clerk")
    position.capabilities = [*position.capabilities, "portal.online"]
    position.save()
    category = Category.objects.get(site=pmc.site, code="plumbing_electric")
    base = live_server.url

    clerk = _as(browser, base, "lin_clerk")
    clerk.click('nav a[href="/portal/"]')
    clerk.click("#online-tab")
    clerk.click("#online-register")
    clerk.select_option('select[name="source"]', "forum")
    clerk.fill('input[name="url"]', FORUM)
    clerk.select_option('select[name="request_type"]', str(category.request_type_id))
    clerk.select_option('select[name="category"]', str(category.pk))
    clerk.fill('input[name="subject"]', "地下车库漏水")
    clerk.fill('textarea[name="content"]', "论坛网友反映3栋地下车库漏水多日无人处理")
    clerk.click('#online-form button[type="submit"]')
    clerk.wait_for_url(re.compile(r"/portal/online/\d+/$"))
    item = OnlineItem.objects.get()
    expect(clerk.locator("#online-url")).to_have_attribute("href", FORUM)
    expect(clerk.locator("#online-ticket")).to_have_text(item.ticket.number)
    clerk.fill("#online-draft-form textarea", "已安排工程部今日排查。")
    clerk.click("#online-draft-form button")
    expect(clerk.locator("#online-status")).to_have_class(re.compile(r"status-online-submitted\b"))
    expect(clerk.locator("#online-review-form")).to_have_count(0)

    engineer = _as(browser, base, "ma_eng")
    engineer.goto(f"{base}/portal/online/?status=submitted")
    engineer.click(f'#online-items a:has-text("{item.ticket.number}")')
    engineer.select_option("#online-review-form select", "return")
    engineer.fill("#online-review-form textarea", "写明完成时间")
    engineer.click("#online-review-form button")
    expect(engineer.locator("#online-status")).to_have_class(
        re.compile(r"status-online-returned\b")
    )

    clerk.reload()
    expect(clerk.locator("#online-review-note")).to_contain_text("写明完成时间")
    clerk.fill("#online-draft-form textarea", "工程部今日排查,周五前修复。")
    clerk.click("#online-draft-form button")
    expect(clerk.locator("#online-status")).to_have_class(re.compile(r"status-online-submitted\b"))

    engineer.reload()
    engineer.select_option("#online-review-form select", "approve")
    engineer.click("#online-review-form button")
    expect(engineer.locator("#online-status")).to_have_class(
        re.compile(r"status-online-approved\b")
    )
    engineer.screenshot(path=str(RESULTS / "e2e-online-approved.png"), full_page=True)

    clerk.reload()
    clerk.click("#online-publish-form button")
    expect(clerk.locator("#online-status")).to_have_class(re.compile(r"status-online-published\b"))
    expect(clerk.locator("#online-history li")).to_have_count(6)
    clerk.screenshot(path=str(RESULTS / "e2e-online-published.png"), full_page=True)
    item.refresh_from_db()
    assert item.reply_status == ReplyStatus.PUBLISHED
    assert item.reviewed_by == pmc["engineering_supervisor"]
