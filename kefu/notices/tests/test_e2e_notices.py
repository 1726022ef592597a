"""In the browser: a notice goes from draft to signed off by two tenants.

The 客服专员 drafts it, the 总经理 consents, the clerk files the seal
application, the 总经理 approves it, the 客服主任 sends it; one tenant signs
on paper (the clerk records it with the scan), the other confirms by link.
Skips when Debian's ``chromium`` is not installed. Screenshots go to ``test-results/``.
"""

import re

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.notices import services
from kefu.notices.models import Notice, NoticeStatus
from kefu.notices.tests.factories import NoticeTemplateFactory, tenants
from kefu.notices.tests.test_services_notices import PNG

pytestmark = E2E_MARKS


def _as(browser, base: str, username: str):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    login(page, base, username)
    return page


def test_draft_to_signed_off_by_two_tenants(live_server, transactional_db, pmc, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    tenants(pmc.site, [("1栋", "101", "张三"), ("1栋", "102", "李四")])
    template = NoticeTemplateFactory(site=pmc.site)
    base = live_server.url

    clerk = _as(browser, base, "lin_clerk")
    clerk.click('nav a[href="/notices/"]')
    clerk.click('a:has-text("拟定发文")')
    clerk.select_option('select[name="site"]', str(pmc.site.pk))
    clerk.select_option('select[name="template"]', str(template.pk))
    clerk.click('#notice-form button[type="submit"]')
    clerk.wait_for_url(re.compile(r"/notices/\d+/$"))
    expect(clerk.locator("#notice-status")).to_contain_text("草稿")
    # Not sealed: the clerk sees no way to send it.
    expect(clerk.locator('button:has-text("发给租户")')).to_have_count(0)
    url = clerk.url

    gm = _as(browser, base, "qian_gm")
    gm.goto(url)
    gm.click('button:has-text("同意发文")')
    expect(gm.locator("#notice-status")).to_contain_text("领导已同意")

    clerk.goto(url)
    clerk.click('button:has-text("提交用章申请")')
    expect(clerk.locator("#notice-status")).to_contain_text("已提交用章申请")

    gm.goto(url)
    gm.click('button:has-text("批准用章申请并盖章")')
    expect(gm.locator("#notice-status")).to_contain_text("已盖章")

    director = _as(browser, base, "he_cs")
    director.goto(url)
    director.click('button:has-text("发给租户")')
    expect(director.locator("#notice-status")).to_contain_text("已发出")
    expect(director.locator("#recipients")).to_contain_text("未签收")

    # 张三 signs on paper; the clerk records it with the scanned strip.
    notice = Notice.objects.get()
    zhang = notice.recipients.get(customer__name="张三")
    li = notice.recipients.get(customer__name="李四")
    clerk.goto(url)
    row = clerk.locator(f"#recipient-{zhang.pk}")
    row.locator('input[name="signer_name"]').fill("张三")
    row.locator('input[name="signed_copy"]').set_input_files(
        {"name": "sign.png", "mimeType": "image/png", "buffer": PNG}
    )
    row.locator('button:has-text("登记纸质签收")').click()
    expect(clerk.locator(f"#recipient-{zhang.pk}")).to_contain_text("纸质签收")

    # 李四 confirms by the link, without logging in.
    guest = browser.new_context(locale="zh-CN").new_page()
    guest.goto(base + services.sign_off_path(li))
    expect(guest.locator("h1")).to_contain_text(notice.title)
    guest.click('#sign-off-form button[type="submit"]')
    expect(guest.locator("#signed")).to_contain_text("李四")
    guest.screenshot(path=str(RESULTS / "e2e-notice-link-signed.png"), full_page=True)

    clerk.goto(url)
    expect(clerk.locator("#notice-status")).to_contain_text("已全部签收")
    expect(clerk.locator("#recipients")).to_contain_text("链接确认")
    clerk.screenshot(path=str(RESULTS / "e2e-notice-signed-off.png"), full_page=True)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SIGNED_OFF
