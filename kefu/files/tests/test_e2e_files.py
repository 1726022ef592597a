"""In the browser: a 销售顾问 applies to read a 机密 file, the 客户服务部经理 approves,
the consultant reads it, and the file manager sees the read in the access log.

Skips when Debian's ``chromium`` is not installed. Screenshots go to ``test-results/``.
"""

import re

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.files.tests.factories import make_dealer, open_vehicle_file

pytestmark = E2E_MARKS


def test_apply_approve_read_and_audit_a_confidential_file(live_server, transactional_db, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    dealer = make_dealer("e2e")
    file = open_vehicle_file(dealer, dealer.new_car, "粤B88888", confidentiality="confidential")
    file.customer.name = "林先生"
    file.customer.save(update_fields=["name"])

    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    login(page, live_server.url, dealer["sales_consultant"].username)
    page.click('nav a[href="/files/"]')
    row = page.locator("table.file-list tr", has_text=file.number)
    expect(row).to_contain_text("机密")
    expect(row).not_to_contain_text("林先生")
    row.locator("a").first.click()
    page.wait_for_url(re.compile(r"/files/\d+/$"))
    expect(page.locator(".file-locked")).to_contain_text("申请")
    page.fill('input[name="purpose"]', "核对交车资料")
    page.fill('textarea[name="reason"]', "客户投诉需核实购车发票")
    page.click('.access-apply button[type="submit"]')
    expect(page.locator("#flash")).to_contain_text("已提交审批")
    page.screenshot(path=str(RESULTS / "e2e-files-applied.png"), full_page=True)

    manager = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    manager.set_default_timeout(15_000)
    login(manager, live_server.url, dealer["cs_manager"].username)
    manager.goto(f"{live_server.url}/files/access/")
    decide = manager.locator("table.access-to-decide tr", has_text=file.number)
    expect(decide).to_contain_text("核对交车资料")
    decide.locator('button[type="submit"]').click()
    expect(manager.locator("#flash")).to_contain_text("已审批")

    page.reload()
    expect(page.locator(".checklist")).to_contain_text("销售合同原件")
    expect(page.locator(".file-facts")).to_contain_text("林先生")
    page.screenshot(path=str(RESULTS / "e2e-files-read.png"), full_page=True)

    manager.goto(f"{live_server.url}/files/audit/")
    first = manager.locator("table.access-log tbody tr").first
    expect(first).to_contain_text("查阅保密档案")
    expect(first).to_contain_text(file.number)
    expect(first).to_contain_text(str(dealer["sales_consultant"]))
    manager.screenshot(path=str(RESULTS / "e2e-files-audit.png"), full_page=True)
