"""In the browser: the KPI dashboard draws its ECharts charts (no inline script) and a
figure drills down to its records; the screenshot shows the Chinese labels."""

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.reports.tests.test_kpis import month  # noqa: F401  (fixture)

pytestmark = E2E_MARKS


def test_dashboard_charts_and_drilldown(live_server, transactional_db, month, browser):  # noqa: F811
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server.url, "chen_cs")
    page.goto(f"{live_server.url}/reports/?period=monthly&day=2026-03-01")
    expect(page.locator('[data-chart="kpi-trend"] canvas')).to_have_count(1)
    expect(page.locator('[data-chart="kpi-category"] canvas')).to_have_count(1)
    expect(page.locator("h1")).to_contain_text("指标看板")
    expect(page.locator(".kpi-figures")).to_contain_text("23.6h")
    page.screenshot(path=str(RESULTS / "e2e-kpi-dashboard.png"), full_page=True)
    assert errors == []
    page.locator(".kpi-figures a").first.click()
    expect(page.locator("h1")).to_contain_text("记录 (11)")
    context.close()
