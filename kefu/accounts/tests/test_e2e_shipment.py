"""In the browser: a shipment over the limit is refused, the 区域经理 signs off a
first over-limit shipment below 1/3 of the limit, and the shipment then passes
(seed 000 L293–297). Two people, each in their own session."""

from datetime import timedelta

from django.utils import timezone

from kefu.accounts import services
from kefu.accounts.models import EntryKind, ShipmentRequest
from kefu.accounts.tests.factories import Distributor
from kefu.core.tests.browser import E2E_MARKS, RESULTS, login

pytestmark = E2E_MARKS


def test_over_limit_shipment_refused_then_signed_off(live_server, transactional_db, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    dist = Distributor()
    account = dist.account(code="D900")
    today = timezone.localdate()
    for kind, days in ((EntryKind.SHIPMENT, 10), (EntryKind.PAYMENT, 5)):
        services.credit_entry_record(
            actor=dist["sales_clerk"],
            account=account,
            kind=kind,
            occurred_on=today - timedelta(days=days),
            amount_fen=300_000,
        )
    services.shipment_request(
        actor=dist["sales_clerk"],
        account=account,
        amount_fen=300_000,
        invoice_date=today,
        now=timezone.now(),
    )
    url = live_server.url

    clerk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1200})
    page = clerk.new_page()
    page.set_default_timeout(15_000)
    login(page, url, "sales_clerk")
    page.click('nav a[href="/business/"]')
    page.click(f'a[href="/business/{account.pk}/"]')
    page.fill("#id_amount", "800")
    page.click('#ship-form button[type="submit"]')
    page.screenshot(path=str(RESULTS / "accounts-shipment-refused.png"), full_page=True)
    expect(page.locator("#shipments tr[data-shipment]")).to_have_count(2)
    refused = ShipmentRequest.objects.get(amount_fen=80_000)
    row = page.locator(f'tr[data-shipment="{refused.pk}"]')
    expect(row.locator(".badge-danger")).to_be_visible()
    expect(page.locator("#flash .alert-error")).to_be_visible()
    page.screenshot(path=str(RESULTS / "accounts-shipment-refused.png"), full_page=True)

    rm = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1200})
    page2 = rm.new_page()
    page2.set_default_timeout(15_000)
    login(page2, url, "regional_manager")
    page2.goto(f"{url}/business/{account.pk}/")
    page2.locator(f'tr[data-shipment="{refused.pk}"] button[type="submit"]').click()
    expect(page2.locator(f'tr[data-shipment="{refused.pk}"] .badge-danger')).to_have_count(0)
    page2.screenshot(path=str(RESULTS / "accounts-shipment-signed.png"), full_page=True)
    refused.refresh_from_db()
    assert (refused.status, refused.way) == ("allowed", "first_over")
    assert refused.signer == dist["regional_manager"]
    clerk.close()
    rm.close()
