"""In the browser: the 客服专员 records a tenant meeting whose suggestions become desk
requests (seed 000 L39, L57), then reads the coverage page's not-yet-visited list
(seed 000 L57, L63).

Skips when Debian's ``chromium`` is not installed. Screenshots go to ``test-results/``.
"""

import re

from django.utils import timezone

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.desk.models import Ticket
from kefu.visits import services
from kefu.visits.models import MeetingSuggestion
from kefu.visits.tests.factories import resident

pytestmark = E2E_MARKS


def _tenants(pmc, names):
    return [
        resident(actor=pmc["cs_clerk"], site=pmc.site, name=name, number=f"{n}01", role="tenant")
        for n, name in enumerate(names, 1)
    ]


def _page(browser, base: str, username: str):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    login(page, base, username)
    return page


def test_a_meeting_suggestion_becomes_a_desk_request(live_server, transactional_db, pmc, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    zhang, li, _wang = _tenants(pmc, ["张租户", "李租户", "王租户"])
    page = _page(browser, live_server.url, "lin_clerk")
    page.click('nav a[href="/visits/meetings/"]')
    page.select_option('#meeting-form select[name="site"]', str(pmc.site.pk))
    page.select_option('#meeting-form select[name="kind"]', "quarterly")
    page.fill('#meeting-form input[name="held_on"]', timezone.localdate().isoformat())
    page.fill('#meeting-form input[name="title"]', "第四季度全体租户大会")
    page.select_option('#meeting-form select[name="attendees"]', [str(zhang.pk), str(li.pk)])
    page.fill('#meeting-form textarea[name="suggestions"]', "增加访客临时车位\n延长空调供应时间")
    page.click('#meeting-form button[type="submit"]')
    page.wait_for_url(re.compile(r"/visits/meetings/\d+/$"))
    expect(page.locator("#flash")).to_contain_text("租户大会已登记")
    expect(page.locator("#suggestions tbody tr")).to_have_count(2)
    expect(page.locator("#suggestions")).to_contain_text("增加访客临时车位")
    page.screenshot(path=str(RESULTS / "e2e-meeting-suggestions.png"), full_page=True)

    # Each suggestion is a desk request of type suggestion on the meeting channel.
    suggestion = MeetingSuggestion.objects.get(text="增加访客临时车位")
    ticket = Ticket.objects.get(pk=suggestion.ticket_id)
    assert (ticket.request_type.code, ticket.channel.code) == ("suggestion", "meeting")
    page.click(f'#suggestions a:has-text("{ticket.number}")')
    page.wait_for_url(re.compile(rf"/desk/{ticket.pk}/$"))
    expect(page.locator("body")).to_contain_text("增加访客临时车位")
    page.close()


def test_coverage_lists_the_tenants_not_yet_visited(live_server, transactional_db, pmc, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    visited, *others = _tenants(pmc, ["已拜访租户", "未拜访甲", "未拜访乙"])
    today = timezone.localdate()
    services.visit_plan_create(actor=pmc["cs_clerk"], site=pmc.site, year=today.year)
    services.tenant_visit_record(actor=pmc["cs_clerk"], customer=visited, visited_on=today)

    page = _page(browser, live_server.url, "lin_clerk")
    page.goto(f"{live_server.url}/visits/meetings/")
    page.click('a.btn:has-text("当面沟通覆盖率")')
    page.select_option('select[name="site"]', str(pmc.site.pk))
    page.fill('input[name="year"]', str(today.year))
    page.click('form.filters button[type="submit"]')
    expect(page.locator("#not-visited")).to_contain_text("未拜访甲")
    expect(page.locator("#not-visited")).to_contain_text("未拜访乙")
    expect(page.locator("#not-visited")).not_to_contain_text("已拜访租户")
    expect(page.locator("#coverage-figures")).to_contain_text("33.3%")
    page.screenshot(path=str(RESULTS / "e2e-coverage-not-visited.png"), full_page=True)
    page.click('#not-visited a:has-text("未拜访甲")')
    page.wait_for_url(re.compile(rf"/customers/{others[0].pk}/$"))
    expect(page.locator("h1")).to_contain_text("未拜访甲")
    page.close()
