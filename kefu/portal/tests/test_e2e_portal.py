"""In a phone-sized browser: scan a unit's link → verify by code → report a repair with
a photo → the clerk sees it on the desk and replies → the customer rates the reply.

Skips when Debian's ``chromium`` is not installed. Screenshots go to ``test-results/``.
"""

import re

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.desk.models import Ticket
from kefu.portal.models import PortalRating
from kefu.portal.tests.conftest import code_of
from kefu.portal.tests.helpers import png

pytestmark = E2E_MARKS

PHONE = {"width": 390, "height": 844}


def test_scan_verify_report_reply_rate(
    live_server, transactional_db, portal, pmc, sms, browser, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path
    RESULTS.mkdir(exist_ok=True)
    photo = tmp_path / "leak.png"
    photo.write_bytes(png().read())

    customer = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = customer.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/p/{portal.unit_link.code}/")
    expect(page.locator("#service-numbers")).to_contain_text("400-820-0000")
    expect(page.locator("body")).to_contain_text("3栋 1201")
    page.fill('input[name="phone"]', "13800138000")
    page.click("#phone-form button")
    expect(page.locator("#verify-form")).to_be_visible()
    page.fill('input[name="code"]', code_of(sms, "13800138000"))
    page.click("#verify-form button")

    expect(page.locator("#report-form")).to_be_visible()
    page.click('label.p-chip:has-text("报修")')
    page.select_option('select[name="category"]', label="水电维修")
    page.fill('textarea[name="content"]', "厨房水管漏水,地面都湿了")
    page.set_input_files('input[name="photos"]', str(photo))
    page.screenshot(path=str(RESULTS / "e2e-portal-report.png"), full_page=True)
    page.click("#report-form button.p-btn")
    page.wait_for_url(re.compile(r"/p/my/[^/]+/\?new=1$"))
    ticket = Ticket.objects.get(channel__code="portal")
    expect(page.locator("h1")).to_have_text(ticket.number)
    expect(page.locator(".p-photos img")).to_have_count(1)

    # The clerk sees it on the desk, with the photo, and replies.
    desk = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
    desk.set_default_timeout(15_000)
    login(desk, live_server.url, "he_cs")
    desk.click(f'a.ticket-number:has-text("{ticket.number}")')
    desk.wait_for_url(re.compile(rf"/desk/{ticket.pk}/$"))
    expect(desk.locator("#portal-panel")).to_contain_text("13800138000")
    expect(desk.locator("#portal-panel img")).to_have_count(1)
    desk.click('.action-buttons button:has-text("Accept")')
    expect(desk.locator(".ticket-head .badge")).to_have_text("Accepted")
    desk.click('.action-form summary:has-text("Record the reply")')
    desk.fill('textarea[name="reply_content"]', "已安排维修师傅明天上午上门")
    desk.click('button:has-text("Record reply")')
    expect(desk.locator(".ticket-head .badge")).to_have_text("Replied")
    desk.close()

    # The customer sees the reply and rates it.
    page.goto(f"{live_server.url}/p/my/{ticket.number}/")
    expect(page.locator("#reply")).to_contain_text("已安排维修师傅明天上午上门")
    page.click('#rate label.p-chip:has-text("非常满意")')
    page.fill('#rate textarea[name="comment"]', "回复很快")
    page.click("#rate button.p-btn")
    expect(page.locator('[data-rated="reply"]')).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("已回复")
    page.screenshot(path=str(RESULTS / "e2e-portal-rated.png"), full_page=True)
    assert PortalRating.objects.get(ticket=ticket).score == 5
    customer.close()


def test_sign_a_notice_off_by_link(live_server, transactional_db, portal, pmc, sms, browser):
    """The SMS's link → verify by code → read the copy → confirm receipt → the clerk
    sees who, when and from which verified number in the notices register."""
    from playwright.sync_api import expect

    from kefu.notices import services as notices
    from kefu.notices.models import Audience, DeliveryMethod
    from kefu.notices.tests.factories import sealed_notice
    from kefu.notify.models import Delivery

    RESULTS.mkdir(exist_ok=True)
    notices.notice_preset_apply(actor=None, site=pmc.site, key="property_centre")
    for user in pmc.users.values():
        user.refresh_from_db()
    notice = sealed_notice(
        pmc,
        audience=Audience.LIST,
        customers=[portal.customer, portal.other],
        delivery=DeliveryMethod.SMS,
    )
    notices.notice_issue(actor=pmc["cs_director"], notice=notice)
    message = Delivery.objects.get(address="13800138000", notification__kind="notices.issue")
    link = re.search(r"/p/notice/[^/\s]+/", message.notification.body).group(0)

    customer = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = customer.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + link)
    expect(page.locator("#notice-waiting")).to_be_visible()
    expect(page.locator("#service-numbers")).to_contain_text("400-820-0000")
    page.fill('input[name="phone"]', "13800138000")
    page.click("#phone-form button")
    expect(page.locator("#verify-form")).to_be_visible()
    page.fill('input[name="code"]', code_of(sms, "13800138000"))
    page.click("#verify-form button")
    expect(page.locator("#notice h1")).to_have_text(notice.title)
    expect(page.locator("#notice")).to_contain_text("尊敬的王女士")
    page.click("#notice-sign-form button")
    expect(page.locator("#signed")).to_contain_text("王女士")
    expect(page.locator("#signed")).to_contain_text("13800138000")
    page.screenshot(path=str(RESULTS / "e2e-portal-notice-signed.png"), full_page=True)
    customer.close()

    clerk = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk.set_default_timeout(15_000)
    login(clerk, live_server.url, "lin_clerk")
    clerk.goto(f"{live_server.url}/notices/{notice.pk}/")
    row = clerk.locator(f"#recipient-{notice.recipients.get(customer=portal.customer).pk}")
    expect(row).to_contain_text("13800138000")
    expect(row).to_contain_text("王女士")
    clerk.close()
