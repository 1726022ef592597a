"""In the browser: the front-desk board is open on one page; the receptionist taps
"next" on a phone-sized page; the board shows the new turn and the next consultant
within its polling interval, without a reload.

Debian's Chromium drives the live server through Playwright's sync API; the test
skips when ``chromium`` is not installed. Screenshots go to ``test-results/``.
"""

from django.utils import timezone

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.sales import services as svc
from kefu.sales.tests.factories import make_office

pytestmark = E2E_MARKS


def test_next_on_the_phone_updates_the_board(live_server, transactional_db, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    office = make_office("b")
    zhang, wang, li = office.consultants[:3]
    svc.queue_compile(
        actor=office["supervisor"],
        site=office.site,
        day=timezone.localdate(),
        order={"main": [zhang, wang, li]},
    )
    board_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1600, "height": 900})
    board = board_ctx.new_page()
    board.set_default_timeout(15_000)
    login(board, live_server.url, office["supervisor"].username)
    board.goto(f"{live_server.url}/sales/board/?site={office.site.pk}")
    expect(board.locator("#next-name")).to_have_text("zhang")

    phone_ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = phone_ctx.new_page()
    phone.set_default_timeout(15_000)
    login(phone, live_server.url, office["receptionist"].username)
    phone.goto(f"{live_server.url}/sales/?site={office.site.pk}")
    expect(phone.locator("#tap-next")).to_contain_text("zhang")
    phone.click("#tap-next")
    expect(phone.locator("#desk-last")).to_contain_text("zhang")
    expect(phone.locator("#tap-next")).to_contain_text("wang")
    phone.screenshot(path=str(RESULTS / "e2e-sales-phone.png"), full_page=True)

    # The board was not reloaded: its htmx poll brings the new turn within seconds.
    expect(board.locator("#next-name")).to_have_text("wang", timeout=10_000)
    expect(board.locator("#last-turn")).to_contain_text("zhang")
    expect(board.locator("li.is-next")).to_contain_text("wang")
    board.screenshot(path=str(RESULTS / "e2e-sales-board.png"))
    board_ctx.close()
    phone_ctx.close()
