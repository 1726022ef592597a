"""In the browser on a 390×844 phone: the technician completes an order with a
photo and a signature drawn on the canvas; the desk clerk then sees the order
completed and its return visit scheduled.

Skips when Debian's ``chromium`` is not installed. Screenshots go to ``test-results/``.
"""

import re

from django.utils import timezone

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.field import services
from kefu.field.models import OrderStatus, WorkOrder
from kefu.field.tests.factories import field_site, photo_jpeg, repair

pytestmark = E2E_MARKS


def test_technician_completes_on_a_phone(
    live_server, transactional_db, browser, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path
    RESULTS.mkdir(exist_ok=True)
    gps = field_site("gps", "gps_vendor")
    now = timezone.now()
    order = repair(gps, now=now)
    order = services.order_approve(actor=gps["manager"], order=order, now=now)
    services.order_dispatch(
        actor=gps["manager"], order=order, technician=gps["technician"], now=now
    )

    phone = browser.new_page(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone.set_default_timeout(15_000)
    login(phone, live_server.url, "gps_tech")
    phone.goto(f"{live_server.url}/field/my/")
    expect(phone.locator(".field-cards")).to_contain_text(order.number)
    phone.click(f'a:has-text("{order.number}")')
    phone.wait_for_url(re.compile(r"/field/my/\d+/$"))
    # Touch targets are at least 48 px high and the page does not scroll sideways.
    box = phone.locator("#arrive").bounding_box()
    assert box["height"] >= 48 and box["width"] <= 390
    phone.click("#arrive")
    expect(phone.locator("#order-status")).to_contain_text("已到场")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # The work is typed, then the connection drops: the text is kept in the page.
    phone.fill('textarea[name="work_done"]', "更换GPS天线,平台定位恢复")
    phone.reload()
    expect(phone.locator('textarea[name="work_done"]')).to_have_value("更换GPS天线,平台定位恢复")
    phone.click('form[data-keep^="work-"] button[type="submit"]')
    expect(phone.locator("#flash")).to_contain_text("维修内容已记录")

    phone.set_input_files(
        'input[name="photo"]',
        files=[{"name": "site.jpg", "mimeType": "image/jpeg", "buffer": photo_jpeg((2400, 1800))}],
    )
    phone.click('form[data-photo-limit] button[type="submit"]')
    expect(phone.locator("#flash")).to_contain_text("照片已添加")

    # The customer signs with a finger on the canvas.
    canvas = phone.locator("canvas.field-signature")
    canvas.scroll_into_view_if_needed()
    b = canvas.bounding_box()
    phone.mouse.move(b["x"] + 20, b["y"] + b["height"] / 2)
    phone.mouse.down()
    for i in range(1, 12):
        phone.mouse.move(b["x"] + 20 + i * 25, b["y"] + b["height"] / 2 + (15 if i % 2 else -15))
    phone.mouse.up()
    phone.fill('input[name="signed_by"]', "王经理")
    phone.screenshot(path=str(RESULTS / "e2e-field-phone-sign.png"), full_page=True)
    phone.click("#complete")
    expect(phone.locator("#order-status")).to_contain_text("已完工")
    phone.screenshot(path=str(RESULTS / "e2e-field-phone-done.png"), full_page=True)
    phone.close()

    order = WorkOrder.objects.get(pk=order.pk)
    assert order.status == OrderStatus.COMPLETED and order.signature and order.photos.count() == 1
    assert order.return_visit is not None

    desk = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    desk.set_default_timeout(15_000)
    login(desk, live_server.url, "gps_clerk")
    desk.goto(f"{live_server.url}/field/{order.pk}/")
    expect(desk.locator("#order-status")).to_contain_text("已完工")
    expect(desk.locator("#order-visit")).to_contain_text(order.return_visit.due_on.isoformat())
    desk.click("#order-visit a")
    desk.wait_for_url(re.compile(r"/visits/\d+/$"))
    expect(desk.locator("#visit-status")).to_contain_text("待回访")
    desk.screenshot(path=str(RESULTS / "e2e-field-desk-visit.png"), full_page=True)
    desk.close()
