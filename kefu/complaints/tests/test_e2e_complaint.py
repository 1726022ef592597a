"""In the browser: a product-quality complaint from intake to closure, by three
people — the 客服主任, the 总经理 and the 生产部经理 — each in their own session.

Same launch pattern as ``kefu/desk/tests/test_e2e_intake.py``: Debian's Chromium
through Playwright's sync API; skipped when ``chromium`` is not installed.
"""

import re
from datetime import timedelta

from django.utils import timezone

from kefu.complaints.models import Complaint, Stage
from kefu.core.tests.browser import E2E_MARKS, RESULTS, login

pytestmark = E2E_MARKS


class Person:
    """One user's own browser session."""

    def __init__(self, browser, base_url: str, username: str):
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base_url = base_url
        login(self.page, base_url, username)

    def open(self, complaint_id: int):
        self.page.goto(f"{self.base_url}/complaints/{complaint_id}/")
        return self.page

    def step(self, name: str, stage: str, fill: dict[str, str] | None = None) -> None:
        from playwright.sync_api import expect

        form = self.page.locator(f"#step-{name}")
        for selector, value in (fill or {}).items():
            form.locator(selector).fill(value)
        form.locator('button[type="submit"]').click()
        expect(self.page.locator("#complaint-stage")).to_have_attribute("data-stage", stage)


def test_product_quality_complaint_from_intake_to_closure(
    live_server, transactional_db, maker, browser
):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    url = live_server.url
    cs = Person(browser, url, "chen_cs")
    gm = Person(browser, url, "zhao_gm")
    pm = Person(browser, url, "wang_pm")

    # 客服主任: intake on 《客户投诉登记及跟踪处理记录表单》.
    page = cs.page
    page.click('nav a[href="/complaints/"]')
    page.click('a[href="/complaints/new/"]')
    page.select_option("#id_channel", label="电话")
    page.select_option("#id_category", label="产品质量")
    page.fill("#id_subject", "床垫弹簧断裂")
    page.fill("#id_content", "沈阳经销商反映一批床垫弹簧断裂。")
    page.fill("#id_occurred_at", "2026-11-01 10:00")
    page.fill("#id_occurred_place", "沈阳专卖店")
    page.click('#intake-form button[type="submit"]')
    page.wait_for_url(re.compile(r"/complaints/\d+/$"))
    complaint = Complaint.objects.get()
    expect(page.locator("#complaint-number")).to_have_text(complaint.ticket.number)

    cs.step("accept", "accepted")
    cs.step("transfer", "transfer_requested")

    # 总经理 approves the transfer.
    gm.open(complaint.pk)
    gm.step("transfer_decide", "transfer_approved")

    # Both sides sign 《客户投诉转交处理联系单》.
    cs.open(complaint.pk)
    cs.step("slip_sign", "transfer_approved", {'input[name="name"]': "陈主任"})
    expect(cs.page.locator("#slip")).to_contain_text("陈主任")
    pm.open(complaint.pk)
    pm.step("slip_sign", "investigating", {'input[name="name"]': "王经理"})
    expect(pm.page.locator("#slip")).to_contain_text("陈主任")
    expect(pm.page.locator("#slip")).to_contain_text("王经理")

    # 生产部经理: the quality memo (shares must add up to 100 %), then the opinion.
    memo = pm.page.locator("#step-memo")
    memo.locator('textarea[name="facts"]').fill("弹簧与框架连接处断裂, 非人为。")
    memo.locator('input[name="repair_cost"]').fill("1000.01")
    percents = memo.locator('input[name="share_percent"]')
    names = memo.locator('input[name="share_name"]')
    for i, (name, percent) in enumerate(
        [("生产部", "33.33"), ("供应商", "33.33"), ("经销商", "33")]
    ):
        names.nth(i).fill(name)
        percents.nth(i).fill(percent)
    memo.locator('input[name="customer_confirmed"]').check()
    memo.locator('button[type="submit"]').click()
    expect(pm.page.locator("#flash")).to_contain_text("100")  # refused: 99.66 %
    memo = pm.page.locator("#step-memo")
    memo.locator('input[name="share_percent"]').nth(2).fill("33.34")
    memo.locator('button[type="submit"]').click()
    expect(pm.page.locator("#memo-shares")).to_contain_text("333.41")
    pm.step(
        "opinion",
        "opinion_submitted",
        {'textarea[name="investigation"]': "批次弹簧质量问题", 'textarea[name="opinion"]': "返修"},
    )

    # 总经理 approves the opinion.
    gm.open(complaint.pk)
    gm.step("opinion_decide", "opinion_approved")

    # 客服主任 replies: method, satisfaction, the customer's own words.
    cs.open(complaint.pk)
    cs.step(
        "reply",
        "replied",
        {
            'textarea[name="reply_content"]': "返修, 一周内交货",
            'input[name="reply_method"]': "电话",
            'textarea[name="customer_words"]': "希望尽快",
        },
    )
    expect(cs.page.locator("#visit-state")).to_contain_text("等待返修产品交货")

    # The repaired product is delivered; the visit is due the day after.
    pm.open(complaint.pk)
    today = timezone.localdate()
    pm.step("delivery", "replied", {'input[name="delivered_on"]': today.isoformat()})
    tomorrow = today + timedelta(days=1)
    expect(pm.page.locator("#visit-state")).to_contain_text(tomorrow.isoformat())
    cs.open(complaint.pk)
    cs.step("close", "closed")
    cs.page.screenshot(path=str(RESULTS / "e2e-complaint-closed.png"), full_page=True)
    complaint.refresh_from_db()
    assert complaint.stage == Stage.CLOSED
    assert list(complaint.steps.values_list("step", flat=True))[-1] == "close"
    for person in (cs, gm, pm):
        person.context.close()
