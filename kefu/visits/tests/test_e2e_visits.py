"""In the browser: the 客服专员 works down the return-visit list and records a visit
(htmx), then a tenant answers the yearly survey through their personal link.

Skips when Debian's ``chromium`` is not installed. Screenshots go to ``test-results/``.
"""

import re

from django.utils import timezone

from kefu.core.tests.browser import E2E_MARKS, RESULTS, login
from kefu.visits import services
from kefu.visits.models import Question, Questionnaire, SurveyCampaign
from kefu.visits.tests.factories import resident, schedule

pytestmark = E2E_MARKS


def test_record_a_visit_and_answer_the_survey_link(live_server, transactional_db, pmc, browser):
    from playwright.sync_api import expect

    RESULTS.mkdir(exist_ok=True)
    owner = resident(actor=pmc["cs_clerk"], site=pmc.site, name="王业主")
    schedule(
        actor=pmc["cs_clerk"],
        customer=owner,
        due_on=timezone.localdate(),
        reason="repair_delivered",
    )
    questionnaire = Questionnaire.objects.create(site=pmc.site, name="问卷")
    Question.objects.create(questionnaire=questionnaire, order=1, text="客服中心的服务态度")
    campaign = services.campaign_open(
        actor=pmc["cs_director"],
        campaign=SurveyCampaign.objects.create(
            site=pmc.site, questionnaire=questionnaire, name="年度满意度调查", year=2026
        ),
    )
    token = campaign.targets.get().token

    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    login(page, live_server.url, "lin_clerk")

    page.click('nav a[href="/visits/"]')
    expect(page.locator("#visit-counts")).to_contain_text("今日到期 1")
    page.click('a:has-text("返修交货后回访")')
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    # A reached customer without a satisfaction is refused in place.
    page.click('#visit-record-form .segmented label:has-text("已联系上")')
    page.click('#visit-record-form button[type="submit"]')
    expect(page.locator("#flash .alert-error")).to_contain_text("visits.satisfaction_required")
    page.select_option('select[name="satisfaction"]', "5")
    page.fill('textarea[name="customer_words"]', "师傅很专业")
    page.click('#visit-record-form button[type="submit"]')
    expect(page.locator("#flash")).to_contain_text("回访结果已登记")
    expect(page.locator("#visit-result")).to_contain_text("师傅很专业")
    page.screenshot(path=str(RESULTS / "e2e-visit-recorded.png"), full_page=True)

    # The tenant's own link, in a fresh browser context (no login).
    guest = browser.new_page(locale="zh-CN")
    guest.goto(f"{live_server.url}/visits/s/{token}/")
    guest.click('#survey-form label.chip:has-text("4 满意")')
    guest.click('#survey-form button[type="submit"]')
    expect(guest.locator(".alert-success")).to_contain_text("感谢您的参与")
    guest.close()
    page.goto(f"{live_server.url}/visits/surveys/{campaign.pk}/")
    expect(page.locator("#campaign-figures")).to_contain_text("100.0%")
    page.close()
